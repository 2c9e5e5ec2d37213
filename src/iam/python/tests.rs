//! Runs the extractor on the fixtures in tests/fixtures/iam/python and on the example
//! service, and asserts exactly which calls it finds.

use std::path::{Path, PathBuf};

use super::extract;
use crate::iam::calls::{Extraction, SdkCall, Value};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/iam/python")
        .join(name)
}

/// Arguments that name resources; the others (bodies, items) are left out of the
/// comparisons.
const KEY_ARGS: &[&str] = &[
    "ApplicationIdentifier",
    "Bucket",
    "ConfigurationProfileIdentifier",
    "CopySource",
    "DeliveryStreamName",
    "EnvironmentIdentifier",
    "FunctionName",
    "IndexName",
    "Key",
    "Name",
    "Path",
    "Prefix",
    "QueueName",
    "QueueUrl",
    "SecretId",
    "StreamName",
    "TableName",
    "TopicArn",
    "VersionId",
    "stateMachineArn",
];

fn show_value(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("'{s}'"),
        Value::Env(e) => format!("${e}"),
        Value::Concat(parts) => parts.iter().map(show_value).collect::<Vec<_>>().join(" + "),
        Value::Unknown(t) => format!("?{t}"),
        other => format!("{other:?}"),
    }
}

/// `service Operation Arg=value …` with the key arguments, in name order.
fn show(call: &SdkCall) -> String {
    let mut out = format!("{} {}", call.service, call.operation);
    for (k, v) in &call.args {
        // DynamoDB's Key is an item key, not a resource.
        if KEY_ARGS.contains(&k.as_str()) && !(k == "Key" && call.service == "dynamodb") {
            out.push_str(&format!(" {k}={}", show_value(v)));
        }
    }
    out
}

pub(super) fn shown(x: &Extraction) -> Vec<String> {
    let mut v: Vec<String> = x.calls.iter().map(show).collect();
    v.sort();
    v
}

pub(super) fn sorted(expected: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

pub(super) fn messages(findings: &[crate::iam::calls::Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{}:{} {}", f.file.display(), f.line, f.message))
        .collect()
}

#[test]
fn clients_and_argument_values() {
    let x = extract(&fixture("clients"), "handler.handle");
    assert_eq!(
        shown(&x),
        sorted(&[
            "s3 PutObject Bucket=$BUCKET Key=$PREFIX + '/' + ?event['id'] + '.json'",
            "s3 GetObject Bucket='literal-bucket' Key='a/' + $STAGE + '.txt'",
            "sqs SendMessage QueueUrl=$QUEUE_URL",
            "sns Publish TopicArn=$TOPIC_ARN",
            "ssm GetParameter Name='/app/' + $STAGE + '/key'",
            "dynamodb GetItem TableName='items'",
            "secretsmanager GetSecretValue SecretId='db-password'",
            "lambda Invoke FunctionName='worker-' + $STAGE",
            "s3 DeleteObject Bucket=$BUCKET Key='fixed.txt' VersionId='v1'",
            "s3 ListObjectsV2 Bucket=$BUCKET Prefix=$STAGE + '/'",
        ])
    );
    assert!(x.unresolved.is_empty(), "{:?}", x.unresolved);
    assert!(x.errors.is_empty(), "{:?}", x.errors);
    assert_eq!(x.files, vec![PathBuf::from("handler.py")]);
    assert_eq!(x.lines, 46);
    let put = &x.calls[0];
    assert_eq!((put.file.to_str(), put.line), (Some("handler.py"), 33));
    // Arguments that are not resource names keep their values too.
    assert_eq!(put.args.get("Body"), Some(&Value::Str("{}".into())));
}

#[test]
fn s3_helpers_presigned_paginators_and_waiters() {
    let x = extract(&fixture("helpers"), "handler.handle");
    assert_eq!(
        shown(&x),
        sorted(&[
            "s3 PutObject Bucket=$BUCKET Key='in/a.txt'",
            "s3 PutObject Bucket=$BUCKET Key='in/b.bin'",
            "s3 GetObject Bucket=$BUCKET Key='in/c.txt'",
            "s3 GetObject Bucket=$BUCKET Key='in/d.txt'",
            "s3 CopyObject Bucket=$BUCKET CopySource='src-bucket/' + ?event[\"key\"] \
             Key='copied/' + ?event[\"key\"]",
            "s3 PutObject Bucket=$BUCKET Key='up/x'",
            "s3 GetObject Bucket=$BUCKET Key='down/x'",
            "s3 PutObject Bucket=$BUCKET Key='form/x'",
            "s3 ListObjectsV2 Bucket=$BUCKET Prefix='in/'",
            "dynamodb Query IndexName='byDay' TableName='events'",
            "s3 HeadObject Bucket=$BUCKET Key='in/a.txt'",
            "dynamodb DescribeTable TableName='events'",
            "lambda GetFunctionConfiguration FunctionName='worker'",
        ])
    );
    // upload_file's ExtraArgs become PutObject parameters; the file name is not one.
    let upload = &x.calls[0];
    assert_eq!(upload.line, 13);
    assert_eq!(
        upload.args.get("SSEKMSKeyId"),
        Some(&Value::Env("KMS_KEY".into()))
    );
    assert!(!upload.args.contains_key("Filename") && !upload.args.contains_key("ExtraArgs"));
    // The paginated call is where paginate() is.
    let list = x.calls.iter().find(|c| c.operation == "ListObjectsV2");
    assert_eq!(list.map(|c| c.line), Some(31));
    assert_eq!(
        messages(&x.unresolved),
        vec![
            "handler.py:37 waiter `nat_gateway_available` of ec2: gearctl does not know \
             which operation it polls"
        ]
    );
    assert!(x.errors.is_empty());
}

#[test]
fn resource_objects() {
    let x = extract(&fixture("resources"), "handler.handle");
    let summary = "?event['day'] + '/summary.csv'";
    assert_eq!(
        shown(&x),
        sorted(&[
            "dynamodb PutItem TableName=$TABLE_NAME",
            "dynamodb GetItem TableName=$TABLE_NAME",
            "dynamodb UpdateItem TableName=$TABLE_NAME",
            "dynamodb DeleteItem TableName=$TABLE_NAME",
            "dynamodb Query IndexName='byOwner' TableName=$TABLE_NAME",
            "dynamodb Scan TableName=$TABLE_NAME",
            // The writer's put_item/delete_item are this one call.
            "dynamodb BatchWriteItem TableName=$ORDERS_TABLE",
            "dynamodb DescribeTable TableName='orders-literal'",
            "s3 PutObject Bucket=$BUCKET Key='a.txt'",
            "s3 PutObject Bucket=$BUCKET Key='b.txt'",
            "s3 GetObject Bucket=$BUCKET Key='c.txt'",
            "s3 ListObjectsV2 Bucket=$BUCKET Prefix='logs/'",
            "s3 DeleteObject Bucket=$BUCKET Key='logs/' + ?a key the listing returns",
            "s3 DeleteObjects Bucket=$BUCKET",
            &format!("s3 GetObject Bucket='reports' Key={summary}"),
            &format!("s3 PutObject Bucket='reports' Key={summary}"),
            &format!("s3 DeleteObject Bucket='reports' Key={summary}"),
            &format!("s3 PutObject Bucket='reports' Key={summary}"),
            &format!("s3 GetObject Bucket='reports' Key={summary}"),
            &format!(
                "s3 CopyObject Bucket='reports' CopySource='staging/summary.csv' Key={summary}"
            ),
            "s3 GetObject Bucket=$BUCKET Key='nested/key'",
            "sqs SendMessage QueueUrl=$QUEUE_URL",
            "sqs SendMessageBatch QueueUrl=$QUEUE_URL",
            "sqs ReceiveMessage QueueUrl=$QUEUE_URL",
            "sqs DeleteMessage QueueUrl=$QUEUE_URL",
            "sqs GetQueueUrl QueueName='jobs'",
            "sqs SendMessage QueueName='jobs'",
        ])
    );
    assert!(x.unresolved.is_empty() && x.errors.is_empty());
}

#[test]
fn only_what_the_handler_reaches() {
    let x = extract(&fixture("flow"), "functions/orders/handler.handle");
    assert_eq!(
        shown(&x),
        sorted(&[
            // Module-level code of an imported module runs at import.
            "firehose DescribeDeliveryStream DeliveryStreamName='audit'",
            "firehose PutRecord DeliveryStreamName='audit'",
            // A client passed as an argument.
            "s3 HeadBucket Bucket='used-bucket'",
            // handler -> app.service -> app.storage.backend, a constant from ..config.
            "dynamodb PutItem TableName=$TABLE_NAME",
            "sqs SendMessage QueueUrl='https://sqs.example/queue-a'",
            "sqs SendMessage QueueUrl=$QUEUE_B",
            // A sibling module, found next to the handler.
            "stepfunctions StartExecution stateMachineArn=$STATE_MACHINE_ARN",
            // A client held by a class, used from another method.
            "s3 PutObject Bucket='archive-bucket' Key='k1'",
            "sts GetCallerIdentity",
        ])
    );
    let files: Vec<&str> = x.files.iter().filter_map(|f| f.to_str()).collect();
    assert_eq!(
        files,
        vec![
            "app/__init__.py",
            "app/audit.py",
            "app/config.py",
            "app/helpers.py",
            "app/service.py",
            "app/storage/backend.py",
            "functions/orders/handler.py",
            "functions/orders/validate.py",
            "shared/clients.py",
        ]
    );
    let by_file: Vec<(String, usize)> = x
        .calls
        .iter()
        .map(|c| (c.file.display().to_string(), c.line))
        .collect();
    assert!(by_file.contains(&("app/storage/backend.py".into(), 11)));
    assert!(by_file.contains(&("shared/clients.py".into(), 13)));
    assert!(x.unresolved.is_empty() && x.errors.is_empty());
}

#[test]
fn decorators_closures_callbacks_and_classes() {
    let x = extract(&fixture("patterns"), "handler.handle");
    assert_eq!(
        shown(&x),
        sorted(&[
            // From the local decorator's wrapper, which then calls the handler.
            "xray PutTraceSegments",
            // A closure handed to an executor.
            "s3 GetObject Bucket='closure-bucket' Key=?key",
            // A @contextmanager that yields a table.
            "dynamodb PutItem TableName='ctx-table'",
            // A class attribute and a property of a base class.
            "sns Publish TopicArn='arn:aws:sns:us-east-1:123456789012:alerts'",
            "sqs SendMessage QueueUrl=$PROP_QUEUE",
            // `import pkg.tools`, `from pkg.star import *`.
            "events PutEvents",
            "kinesis PutRecord StreamName='clicks'",
        ])
    );
    assert!(x.unresolved.is_empty() && x.errors.is_empty());
}

#[test]
fn framework_routes_count_as_called() {
    let x = extract(&fixture("patterns"), "api.handle");
    assert_eq!(
        shown(&x),
        sorted(&["dynamodb GetItem TableName='api-items'"])
    );
}

#[test]
fn what_cannot_be_pinned_down_is_reported() {
    let x = extract(&fixture("dynamic"), "handler.handle");
    assert_eq!(
        shown(&x),
        sorted(&["s3 HeadBucket Bucket='literal'", "s3 PutObject"])
    );
    assert_eq!(
        messages(&x.unresolved),
        vec![
            "handler.py:8 boto3.client() with a service name known only at run time \
             (`SERVICE`): calls on it cannot be attributed to a service",
            "handler.py:13 `describe_things` is called on a boto3 client whose service is \
             not known",
            "handler.py:15 `getattr(…, op)` on the s3 client: the operation is chosen at run \
             time and cannot be determined",
            "handler.py:18 arguments of s3 PutObject come from `**kwargs`, which could not be \
             resolved",
            "handler.py:19 `get_paginator(event[\"op\"])` on a s3 client: the operation is \
             chosen at run time and cannot be determined",
        ]
    );
    assert!(x.errors.is_empty());
}

#[test]
fn syntax_errors_and_non_utf8_files() {
    let x = extract(&fixture("broken"), "handler.handle");
    // The handler after the broken function is still analysed; legacy.py is not.
    assert_eq!(
        shown(&x),
        sorted(&["s3 GetObject Bucket='still-analysed' Key='k'"])
    );
    assert_eq!(
        messages(&x.errors),
        vec![
            "handler.py:8 syntax error: missing `)` (the rest of the file is still analysed)",
            "legacy.py:4 not valid UTF-8 (gearctl reads Python source as UTF-8): nothing in \
             this file was analysed",
        ]
    );
    assert_eq!(
        x.files,
        vec![PathBuf::from("handler.py"), PathBuf::from("legacy.py")]
    );
    assert_eq!(x.lines, 22);
}

#[test]
fn missing_handlers() {
    let x = extract(&fixture("broken"), "handler.nope");
    assert!(x.calls.is_empty());
    assert!(
        messages(&x.errors).contains(
            &"handler.py:0 handler function `nope` is not defined in handler.py".to_string()
        ),
        "{:?}",
        x.errors
    );

    let x = extract(&fixture("broken"), "functions/missing/handler.handle");
    assert_eq!(
        messages(&x.errors),
        vec![
            "functions/missing/handler.py:0 handler file not found (from handler \
             `functions/missing/handler.handle`)"
        ]
    );
    assert!(x.files.is_empty() && x.calls.is_empty());

    let x = extract(&fixture("broken"), "handler");
    assert_eq!(x.errors.len(), 1);
    assert!(x.errors[0].message.contains("does not name a function"));
}

#[test]
fn gearbox_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gearbox");
    let run = |h: &str| {
        let x = extract(&dir, h);
        assert!(x.errors.is_empty() && x.unresolved.is_empty(), "{h}: {x:?}");
        shown(&x)
    };
    assert_eq!(
        run("functions/ingest/handler.handle"),
        sorted(&["sqs SendMessage QueueUrl=$QUEUE_URL"])
    );
    // The table comes from lib/gearbox_common.table(), an @lru_cache helper.
    assert_eq!(
        run("functions/process/handler.handle"),
        sorted(&["dynamodb PutItem TableName=$TABLE_NAME"])
    );
    // Queue URLs flow from the handler into _redrive_once's parameters.
    assert_eq!(
        run("functions/retry/handler.handle"),
        sorted(&[
            "sqs ReceiveMessage QueueUrl=$DLQ_URL",
            "sqs SendMessageBatch QueueUrl=$QUEUE_URL",
            "sqs DeleteMessageBatch QueueUrl=$DLQ_URL",
        ])
    );
    let key = "?urllib.parse.unquote_plus(record[\"s3\"][\"object\"][\"key\"])";
    assert_eq!(
        run("functions/thumbnail/handler.handle"),
        sorted(&[
            &format!("s3 GetObject Bucket=?record[\"s3\"][\"bucket\"][\"name\"] Key={key}"),
            &format!(
                "s3 PutObject Bucket=$THUMBS_BUCKET \
                 Key=?int(os.environ.get(\"THUMB_SIZE\", \"256\")) + 'px/' + {key}"
            ),
        ])
    );
    let x = extract(&dir, "functions/process/handler.handle");
    assert_eq!(
        x.files,
        vec![
            PathBuf::from("functions/process/handler.py"),
            PathBuf::from("lib/gearbox_common.py")
        ]
    );
}

/// Hostile input: nothing panics, everything ends.
#[test]
fn hostile_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write =
        |name: &str, body: &str| std::fs::write(dir.path().join(name), body).expect("write");
    let deep_parens = format!("X = {}1{}\n", "(".repeat(20_000), ")".repeat(20_000));
    let long_sum = format!("Y = {}'a'\n", "'a' + ".repeat(20_000));
    let big_dict: String = (0..20_000).map(|i| format!("'k{i}': {i}, ")).collect();
    let big_dict = format!("D = {{{big_dict}}}\n");
    let doubling = big_dict + "s = 'ab'\nt = ('x',)\n" + &"s = s + s\nt = (t, t)\n".repeat(200);
    write(
        "handler.py",
        &format!(
            "import boto3\nimport a\nimport handler\nfrom . import handler as me\n\
             from .a import *\n{deep_parens}{long_sum}{doubling}\
             class A(A):\n    pass\nclass B(A, B):\n    def m(self):\n        return self.m()\n\
             def f(x):\n    return f(x + 'a')\n\
             def g(c):\n    c.put_object(Bucket=s, Key=str(t))\n    return g(g)\n\
             def handle(event, context):\n    f('')\n    B().m()\n    g(boto3.client('s3'))\n\
             \x20   a.loop()\n    lambda: (yield)\n    getattr(a, event)()\n"
        ),
    );
    write(
        "a.py",
        "import handler\nfrom a import *\ndef loop():\n    return loop()\n)(]\x00\n",
    );
    let x = extract(dir.path(), "handler.handle");
    assert_eq!(
        shown(&x),
        sorted(&[
            "s3 PutObject Bucket=?(a long string built in code: over 2048 bytes or 32 parts) Key=?str(t)"
        ])
    );
    // Garbage bytes that are valid UTF-8.
    let mut seed = 7u64;
    let junk: String = (0..50_000)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            b"()[]{}:=.,'\"\\ \n\tabfdefclassimportboto3client+*@#"[(seed >> 33) as usize % 48]
                as char
        })
        .collect();
    write("junk.py", &junk);
    let x = extract(dir.path(), "junk.handle");
    assert!(!x.errors.is_empty());
}

/// A generated service of about 20k lines: many modules, each with clients, helpers and
/// dead code. Prints the speed (run with --release --nocapture for a real figure).
#[test]
fn speed_on_twenty_thousand_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let modules = 40;
    let mut handler = String::from("import os\nimport boto3\n");
    for i in 0..modules {
        handler.push_str(&format!("from mods import m{i}\n"));
    }
    handler.push_str("\n\ndef handle(event, context):\n");
    for i in 0..modules {
        handler.push_str(&format!("    m{i}.entry(event)\n"));
    }
    std::fs::create_dir(dir.path().join("mods")).expect("mkdir");
    for i in 0..modules {
        let mut src = format!(
            "import os\nimport boto3\n\nTABLE = os.environ['TABLE_{i}']\n\
             s3 = boto3.client('s3')\n\n\nclass Store:\n    def __init__(self):\n\
             \x20       self.table = boto3.resource('dynamodb').Table(TABLE)\n\n\
             \x20   def save(self, item):\n        self.table.put_item(Item=item)\n\n\n\
             def entry(event):\n    Store().save(event)\n    helper_0(event, 'k0')\n\n"
        );
        for j in 0..55 {
            src.push_str(&format!(
                "\ndef helper_{j}(event, key):\n    \"\"\"Helper {j}.\"\"\"\n    \
                 data = {{'id': event['id'], 'n': {j}, 'key': key}}\n    \
                 name = f\"{{os.environ['PREFIX']}}/{i}/{j}/{{key}}\"\n    \
                 if data['n'] > 3:\n        data['extra'] = [x * 2 for x in range(10)]\n    \
                 s3.put_object(Bucket='bucket-{i}', Key=name, Body=str(data))\n    \
                 return helper_{next}(event, key + 'x') if {j} < 5 else data\n\n",
                next = j + 1
            ));
        }
        std::fs::write(dir.path().join(format!("mods/m{i}.py")), src).expect("write");
    }
    std::fs::write(dir.path().join("handler.py"), handler).expect("write");
    let start = std::time::Instant::now();
    let x = extract(dir.path(), "handler.handle");
    let secs = start.elapsed().as_secs_f64();
    assert!(x.lines > 20_000, "{}", x.lines);
    assert!(x.errors.is_empty(), "{:?}", x.errors);
    // Per module: the Store's PutItem and every helper (both branches of the conditional
    // count, so the chain reaches the last one).
    assert_eq!(x.calls.len(), modules * 56, "{}", x.calls.len());
    println!(
        "{} lines in {:.3}s: {:.0} lines/s",
        x.lines,
        secs,
        x.lines as f64 / secs
    );
}
