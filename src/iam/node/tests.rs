//! The Node extractor against its fixtures (`tests/fixtures/iam/node/`), the example
//! service, generated services and hostile input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::*;
use crate::iam::calls::{SdkCall, Value};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/iam/node")
        .join(name)
}

fn gearbox() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gearbox")
}

fn render(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("'{s}'"),
        Value::Env(e) => format!("${e}"),
        Value::Concat(parts) => parts.iter().map(render).collect::<Vec<_>>().join("+"),
        Value::Unknown(t) => format!("?{t}"),
        Value::Map(m) => {
            let entries: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}: {}", render(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(render).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// The arguments that name resources, which is what the tests pin down.
const KEYS: &[&str] = &[
    "Bucket",
    "Key",
    "TableName",
    "IndexName",
    "QueueUrl",
    "TopicArn",
    "stateMachineArn",
    "SecretId",
    "Name",
    "FunctionName",
    "logGroupName",
];

/// `service Operation Key=value…` per call, resource arguments only.
pub(super) fn summary(x: &Extraction) -> BTreeSet<String> {
    x.calls
        .iter()
        .map(|c| {
            let mut s = format!("{} {}", c.service, c.operation);
            for (k, v) in &c.args {
                if KEYS.contains(&k.as_str()) {
                    s.push_str(&format!(" {k}={}", render(v)));
                }
            }
            s
        })
        .collect()
}

pub(super) fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn files(x: &Extraction) -> Vec<String> {
    x.files.iter().map(|f| f.display().to_string()).collect()
}

fn messages(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{}:{}: {}", f.file.display(), f.line, f.message))
        .collect()
}

fn find_call<'x>(x: &'x Extraction, service: &str, op: &str) -> &'x SdkCall {
    x.calls
        .iter()
        .find(|c| c.service == service && c.operation == op)
        .unwrap_or_else(|| panic!("no {service} {op} in {:#?}", x.calls))
}

#[test]
fn aws_sdk_v2_from_commonjs() {
    let x = extract(&fixture("v2_cjs"), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb BatchGetItem",
            "dynamodb BatchWriteItem",
            "dynamodb DeleteItem Key={pk: ?event.id} TableName=$TABLE_NAME",
            "dynamodb GetItem Key={pk: ?event.id} TableName=$TABLE_NAME",
            "dynamodb PutItem TableName=$TABLE_NAME",
            "dynamodb Query IndexName='byOwner' TableName=$TABLE_NAME",
            "dynamodb Scan TableName=$TABLE_NAME",
            "dynamodb TransactGetItems",
            "dynamodb TransactWriteItems",
            "dynamodb UpdateItem Key={pk: ?event.id} TableName=$TABLE_NAME",
            "kms Encrypt",
            "s3 CopyObject Bucket='archive-bucket' Key='copy'",
            "s3 GetObject Bucket=$UPLOADS_BUCKET Key='config.json'",
            "s3 GetObject Bucket=$UPLOADS_BUCKET Key=?event.id",
            "s3 HeadObject Bucket=$UPLOADS_BUCKET Key='ready'",
            "s3 ListObjectsV2 Bucket=$UPLOADS_BUCKET",
            "s3 PutObject Bucket=$UPLOADS_BUCKET",
            "s3 PutObject Bucket=$UPLOADS_BUCKET Key='big/'+?event.id",
            "s3 PutObject Bucket=$UPLOADS_BUCKET Key='in/'+?event.id",
            "s3 PutObject Bucket=$UPLOADS_BUCKET Key='uploads/'+?event.id+'.json'",
            "secretsmanager GetSecretValue SecretId='prod/db'",
            "sns Publish TopicArn=$TOPIC_ARN",
            "sqs SendMessage QueueUrl=$QUEUE_URL",
            "stepfunctions StartExecution stateMachineArn=$STATE_MACHINE_ARN",
        ])
    );
    assert_eq!(files(&x), ["handler.js", "lib/keys.js", "lib/store.js"]);
    assert_eq!(x.lines, 84);
    assert!(x.unresolved.is_empty(), "{:#?}", x.unresolved);
    assert!(x.errors.is_empty(), "{:#?}", x.errors);
    // Where each call is: the call expression, in the file that holds it.
    let send = find_call(&x, "sqs", "SendMessage");
    assert_eq!(
        (send.file.as_path(), send.line),
        (Path::new("lib/store.js"), 10)
    );
    let encrypt = find_call(&x, "kms", "Encrypt");
    assert_eq!(
        (encrypt.file.as_path(), encrypt.line),
        (Path::new("lib/keys.js"), 6)
    );
    let get = find_call(&x, "dynamodb", "GetItem");
    assert_eq!(
        (get.file.as_path(), get.line),
        (Path::new("handler.js"), 42)
    );
}

#[test]
fn helpers_the_handler_never_calls_grant_nothing() {
    let v2 = extract(&fixture("v2_cjs"), "handler.handler");
    let v3 = extract(&fixture("v3_esm"), "handler.handler");
    let ts = extract(&fixture("ts_service"), "src/handlers/upload.handler");
    let cjs = extract(&fixture("cjs_patterns"), "handler.handler");
    for (x, op) in [
        (&v2, "DeleteObject"),
        (&v2, "PurgeQueue"),
        (&v2, "Decrypt"),
        (&v3, "PurgeQueue"),
        (&ts, "DeleteObject"),
        (&cjs, "DeleteItem"),
    ] {
        assert!(
            x.calls.iter().all(|c| c.operation != op),
            "{op} comes from a helper nobody calls: {:#?}",
            x.calls
        );
    }
}

#[test]
fn aws_sdk_v3_from_es_modules() {
    let x = extract(&fixture("v3_esm"), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "cloudwatch-logs PutLogEvents logGroupName='/app/audit'",
            "dynamodb GetItem Key={id: ?event.id} TableName=$TABLE_NAME",
            "dynamodb Query IndexName='byDate' TableName=$TABLE_NAME",
            "dynamodb TransactWriteItems",
            "eventbridge PutEvents",
            "s3 CopyObject Bucket=$ARCHIVE_BUCKET Key='reports/'+?event.id+'.csv'",
            "s3 DeleteObject Bucket=$BUCKET Key='reports/'+?event.id+'.csv'",
            "s3 GetObject Bucket=$BUCKET Key='reports/'+?event.id+'.csv'",
            "s3 HeadObject Bucket=$BUCKET Key='reports/'+?event.id+'.csv'",
            "s3 ListObjectsV2 Bucket=$BUCKET",
            "s3 PutObject Bucket=$BUCKET Key='big/'+?event.id",
            "s3 PutObject Bucket=$BUCKET Key='reports/'+?event.id+'.csv'",
            "secrets-manager GetSecretValue SecretId=$STAGE+'/webhook'",
            "sfn StartExecution stateMachineArn=$STATE_MACHINE_ARN",
            "sns Publish TopicArn=$TOPIC_ARN",
        ])
    );
    assert_eq!(
        files(&x),
        [
            "archive.mjs",
            "events.mjs",
            "handler.mjs",
            "lib/index.mjs",
            "lib/notify.mjs",
            "lib/unused.mjs"
        ]
    );
    assert!(x.unresolved.is_empty(), "{:#?}", x.unresolved);
    assert!(x.errors.is_empty(), "{:#?}", x.errors);
    // lib-storage: the PutObject is where `.done()` is called.
    let upload = x
        .calls
        .iter()
        .find(|c| c.args.get("Body") == Some(&Value::Unknown("event.stream".into())))
        .expect("the Upload");
    assert_eq!((upload.operation.as_str(), upload.line), ("PutObject", 33));
    // The top-level await in lib/notify.mjs runs on import.
    let secret = find_call(&x, "secrets-manager", "GetSecretValue");
    assert_eq!(
        (secret.file.as_path(), secret.line),
        (Path::new("lib/notify.mjs"), 8)
    );
}

#[test]
fn aws_sdk_v2_from_a_typescript_es_module() {
    let x = extract(&fixture("v2_esm"), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb GetItem Key={id: ?event.id} TableName='items'",
            "lambda Invoke FunctionName=$STAGE+'-worker'",
            "s3 HeadObject Bucket='assets' Key=?event.id",
            "sqs SendMessage QueueUrl=$QUEUE_URL",
        ])
    );
    assert_eq!(files(&x), ["handler.mts"]);
    assert!(x.unresolved.is_empty() && x.errors.is_empty(), "{x:#?}");
}

#[test]
fn typescript_compiled_to_commonjs_by_tsc() {
    let x = extract(&fixture("compiled"), "dist/handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "s3 CopyObject Bucket=$ARCHIVE_BUCKET Key=?event.key",
            "s3 PutObject Bucket=$BUCKET Key=?event.key",
        ])
    );
    assert_eq!(files(&x), ["dist/handler.js", "dist/storage.js"]);
    assert!(x.unresolved.is_empty() && x.errors.is_empty(), "{x:#?}");
}

#[test]
fn typescript_service_built_with_esbuild() {
    let x = extract(&fixture("ts_service"), "src/handlers/upload.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "s3 PutObject Bucket=$BUCKET_NAME Key='incoming/'+?body.name",
            "sqs ReceiveMessage QueueUrl=$AUDIT_QUEUE_URL",
            "sqs SendMessage QueueUrl=$QUEUE_URL",
        ])
    );
    assert_eq!(
        files(&x),
        [
            "src/clients/index.ts",
            "src/config.ts",
            "src/handlers/upload.ts",
            "src/services/audit.ts",
            "src/services/storage.ts"
        ]
    );
    assert!(x.unresolved.is_empty(), "{:#?}", x.unresolved);
    assert!(x.errors.is_empty(), "{:#?}", x.errors);
    let put = find_call(&x, "s3", "PutObject");
    assert_eq!(
        (put.file.as_path(), put.line),
        (Path::new("src/services/storage.ts"), 11)
    );
}

#[test]
fn commonjs_client_patterns() {
    let x = extract(&fixture("cjs_patterns"), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb GetItem Key={id: {S: ?event.id}} TableName=$TABLE",
            "lambda Invoke FunctionName=$WORKER_FUNCTION",
            "s3 GetObject Bucket='static-'+$STAGE Key=?event.key",
            "ssm GetParameter Name='/app/config'",
        ])
    );
    assert_eq!(files(&x), ["handler.cjs", "lib/index.js"]);
    assert!(x.unresolved.is_empty() && x.errors.is_empty(), "{x:#?}");
}

#[test]
fn clients_in_classes() {
    let x = extract(&fixture("classes"), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "s3 GetObject Bucket=$BUCKET Key=?key",
            "sns Publish TopicArn=$TOPIC_ARN",
        ])
    );
    // `notify` runs for `this.notify(…)` and for `super.notify('done')`.
    let messages: BTreeSet<String> = x
        .calls
        .iter()
        .filter_map(|c| c.args.get("Message").map(render))
        .collect();
    assert_eq!(messages, set(&["'done'", "'read '+?key"]));
    assert!(x.unresolved.is_empty() && x.errors.is_empty(), "{x:#?}");
}

#[test]
fn argument_values() {
    let x = extract(&fixture("values"), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb PutItem TableName=$ALT_TABLE",
            "dynamodb PutItem TableName=$TABLE_NAME",
            "dynamodb PutItem TableName='base-table'",
            "dynamodb PutItem TableName='late'",
            "dynamodb PutItem TableName='orders-'+$STAGE",
            "dynamodb PutItem TableName='orders-'+?event.stage",
            "dynamodb PutItem TableName=?lookupTable(event)",
        ])
    );
    let spread = x
        .calls
        .iter()
        .find(|c| c.line == 12)
        .expect("the spread call");
    assert_eq!(
        spread.args.get("ConditionExpression"),
        Some(&Value::Str("attribute_not_exists(pk)".into()))
    );
    let late = x
        .calls
        .iter()
        .find(|c| c.line == 19)
        .expect("the late call");
    assert_eq!(
        late.args.get("Item").map(render),
        Some("{pk: {S: ?event.id}}".to_string())
    );
}

#[test]
fn what_cannot_be_pinned_down_is_reported() {
    let x = extract(&fixture("dynamic"), "handler.handler");
    assert_eq!(summary(&x), set(&["s3 GetObject Bucket='b' Key='k'"]));
    let lines: Vec<usize> = x.unresolved.iter().map(|f| f.line).collect();
    assert_eq!(lines, [11, 12, 13, 14, 16, 18], "{:#?}", x.unresolved);
    let all = messages(&x.unresolved).join("\n");
    for needle in [
        "`s3[op]`: method of a s3 client chosen at run time",
        "`new AWS[event.service]()`: client class chosen at run time",
        "`describeThings` on a client whose service is chosen at run time",
        "`v3.send(buildCommand(event))`: sends a command the analysis cannot resolve",
        "send on a client of unknown service",
        "waiter `waitUntilNatGatewayAvailable` polls an operation the analysis does not know",
    ] {
        assert!(all.contains(needle), "missing {needle:?} in\n{all}");
    }
    assert!(x.errors.is_empty());
}

#[test]
fn syntax_errors_non_utf8_and_missing_modules() {
    let x = extract(&fixture("broken"), "handler.handler");
    assert_eq!(summary(&x), set(&["sqs SendMessage QueueUrl=$QUEUE_URL"]));
    assert_eq!(
        messages(&x.errors),
        [
            "handler.js:4: cannot find local module `./missing`",
            "handler.js:8: syntax error at line 8; the rest of the file is still analysed",
            "legacy.js:0: not valid UTF-8; the file is not analysed",
        ]
    );
    assert_eq!(files(&x), ["handler.js", "legacy.js"]);
    assert_eq!(x.lines, 15);

    let x = extract(&fixture("broken"), "half.handler");
    assert_eq!(summary(&x), set(&["sns Publish TopicArn=$TOPIC_ARN"]));
    // The parser's recovery mangles `exports.handler = …`, so the export is lost, but the
    // function in the broken region is still analysed.
    assert_eq!(
        messages(&x.errors),
        [
            "half.js:0: the handler file has no export `handler`",
            "half.js:6: syntax error at line 6; the rest of the file is still analysed",
        ]
    );
}

#[test]
fn handler_export_forms() {
    for (handler, queue) in [
        ("named.handler", "named-queue"),
        ("defaulted.default", "default-queue"),
        ("member.handler", "member-queue"),
        ("object.handler", "object-queue"),
        ("both.handler", "js-queue"),
        ("view.handler", "tsx-queue"),
    ] {
        let x = extract(&fixture("exports"), handler);
        assert_eq!(
            summary(&x),
            set(&[&format!("sqs SendMessage QueueUrl='{queue}'")]),
            "{handler}"
        );
        assert!(
            x.errors.is_empty() && x.unresolved.is_empty(),
            "{handler}: {x:#?}"
        );
        assert_eq!(x.files.len(), 1);
    }
}

#[test]
fn default_export_stands_in_for_a_missing_named_one() {
    let x = extract(&fixture("exports"), "defaulted.handler");
    assert_eq!(
        summary(&x),
        set(&["sqs SendMessage QueueUrl='default-queue'"])
    );
    assert_eq!(
        messages(&x.unresolved),
        ["defaulted.mjs:1: no export `handler`; analysed the default export instead"]
    );
}

#[test]
fn missing_handler_file_and_export_are_errors() {
    let x = extract(&fixture("exports"), "wrong.handler");
    assert!(x.calls.is_empty());
    assert_eq!(
        messages(&x.errors),
        ["wrong.js:0: the handler file has no export `handler`"]
    );
    assert_eq!(files(&x), ["wrong.js"]);

    let x = extract(&fixture("exports"), "nope/handler.handler");
    assert!(x.calls.is_empty() && x.files.is_empty());
    assert_eq!(x.errors.len(), 1);
    assert_eq!(x.errors[0].file, Path::new("nope/handler.js"));
    assert!(x.errors[0].message.starts_with("handler file not found"));

    let x = extract(&fixture("exports"), "named");
    assert_eq!(x.errors.len(), 1);
    assert!(x.errors[0].message.contains("names no export"));
}

#[test]
fn gearbox_api_function() {
    let x = extract(&gearbox(), "functions/api/handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb GetItem Key={pk: ?event.pathParameters.id} TableName=$TABLE_NAME",
            "dynamodb PutItem TableName=$TABLE_NAME",
        ])
    );
    assert_eq!(files(&x), ["functions/api/handler.js"]);
    assert!(x.unresolved.is_empty() && x.errors.is_empty());
    assert!(x.lines > 40);
}

#[test]
fn gearbox_report_function() {
    let x = extract(&gearbox(), "functions/report/handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb Scan TableName=$TABLE_NAME",
            "sns Publish TopicArn=$REPORT_TOPIC_ARN",
        ])
    );
    let publish = find_call(&x, "sns", "Publish");
    assert_eq!(
        publish.args.get("Subject"),
        Some(&Value::Concat(vec![
            Value::Str("gearbox ".into()),
            Value::Env("STAGE".into()),
            Value::Str(" daily report".into()),
        ]))
    );
    assert!(x.unresolved.is_empty() && x.errors.is_empty());
}

#[test]
fn one_extractor_parses_shared_files_once() {
    let mut ex = Extractor::new();
    let a = ex.extract(&fixture("exports"), "named.handler");
    let b = ex.extract(&fixture("exports"), "object.handler");
    let again = ex.extract(&fixture("exports"), "named.handler");
    assert_eq!(a, again);
    assert_eq!(b, extract(&fixture("exports"), "object.handler"));
    assert_eq!(ex.cache.len(), 2);
}

#[test]
fn handler_strings() {
    assert_eq!(
        split_handler("functions/api/handler.handler"),
        Some(("functions/api/handler", vec!["handler"]))
    );
    assert_eq!(
        split_handler("src/index.handlers.main"),
        Some(("src/index", vec!["handlers", "main"]))
    );
    assert_eq!(
        split_handler("dir.v2/handler.run"),
        Some(("dir.v2/handler", vec!["run"]))
    );
    assert_eq!(split_handler("handler"), None);
    assert_eq!(split_handler("handler."), None);
    assert_eq!(split_handler(".handler"), None);
}

#[test]
fn paths() {
    assert_eq!(normalize(Path::new("a/./b/../c")), Path::new("a/c"));
    assert_eq!(normalize(Path::new("../a/..")), Path::new(".."));
    assert_eq!(
        relative(Path::new("svc"), Path::new("svc/lib/x.js")),
        Path::new("lib/x.js")
    );
    assert_eq!(
        relative(Path::new("repo/svc"), Path::new("repo/shared/x.js")),
        Path::new("../shared/x.js")
    );
}

/// Writes `files` into a fresh directory.
pub(super) fn service(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, content).expect("write");
    }
    dir
}

#[test]
fn hostile_inputs_neither_panic_nor_hang() {
    let deep_parens = format!(
        "exports.handler = () => {}1{};\n",
        "(".repeat(20_000),
        ")".repeat(20_000)
    );
    let long_sum = format!(
        "const x = 'a'{};\nexports.handler = () => x;\n",
        "\n + process.env.A".repeat(20_000)
    );
    let deep_objects = format!(
        "exports.handler = () => {}{};\n",
        "({ a: ".repeat(5_000),
        " 1 })".repeat(5_000)
    );
    let recursion = b"
        const AWS = require('aws-sdk');
        const s3 = new AWS.S3();
        function a(n) { return b(n + 1); }
        function b(n) { s3.getObject({ Bucket: 'r' }); return a(n); }
        const self = (x) => self(x)(x);
        exports.handler = async (e) => { a(0); self(e); return require('./cycle').go(); };
    ";
    let cycle = b"
        const back = require('./cycle');
        exports.go = () => back.go();
        module.exports.again = require('./cycle');
    ";
    let esm_cycle = b"
        import { b } from './b.mjs';
        export * from './b.mjs';
        export const a = () => b();
        export const handler = async () => a();
    ";
    let esm_cycle_b = b"
        export * from './esm.mjs';
        import { a } from './esm.mjs';
        export const b = () => a();
    ";
    let mut fan_out = String::from("const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\n");
    fan_out.push_str("function f(x) { s3.putObject({ Bucket: x }); }\n");
    for i in 0..500 {
        fan_out.push_str(&format!("function g{i}() {{ f('b{i}'); f(g{i}); }}\n"));
    }
    fan_out.push_str("exports.handler = () => {");
    for i in 0..500 {
        fan_out.push_str(&format!("g{i}();"));
    }
    fan_out.push_str("};\n");
    let dir = service(&[
        ("parens.js", deep_parens.as_bytes()),
        ("sum.js", long_sum.as_bytes()),
        ("objects.js", deep_objects.as_bytes()),
        ("recursion.js", recursion),
        ("cycle.js", cycle),
        ("esm.mjs", esm_cycle),
        ("b.mjs", esm_cycle_b),
        ("fan.js", fan_out.as_bytes()),
        ("empty.js", b""),
        ("junk.js", b"\x00\x01 exports.handler = }{ ][ \n\x7f"),
        (
            "dirs.js",
            b"const x = require('.'); const y = require('..'); exports.handler = () => x + y;",
        ),
    ]);
    for handler in [
        "parens.handler",
        "sum.handler",
        "objects.handler",
        "recursion.handler",
        "esm.handler",
        "fan.handler",
        "empty.handler",
        "junk.handler",
        "dirs.handler",
    ] {
        let start = Instant::now();
        let x = extract(dir.path(), handler);
        assert!(
            start.elapsed().as_secs() < 20,
            "{handler} took {:?}",
            start.elapsed()
        );
        if handler == "recursion.handler" {
            assert_eq!(summary(&x), set(&["s3 GetObject Bucket='r'"]));
        }
        if handler == "fan.handler" {
            // Distinct constant arguments are told apart up to a limit, then analysed as unknown.
            assert!(x.calls.len() > 20, "{}", x.calls.len());
            assert!(
                x.calls
                    .iter()
                    .any(|c| c.args.get("Bucket") == Some(&Value::Str("b0".into())))
            );
        }
    }
}

#[test]
fn long_import_chains_are_followed() {
    let mut contents = Vec::new();
    for i in 0..100 {
        let next = if i < 99 {
            format!("const next = require('./m{}');\n", i + 1)
        } else {
            "const next = { run: async () => {} };\n".into()
        };
        contents.push((
            format!("m{i}.js"),
            format!(
                "const AWS = require('aws-sdk');\n{next}\
                 exports.run = async (key) => {{\n  \
                   await new AWS.S3().getObject({{ Bucket: 'b{i}', Key: key }}).promise();\n  \
                   return next.run(key);\n}};\n"
            ),
        ));
    }
    contents.push((
        "handler.js".into(),
        "exports.handler = async () => require('./m0').run('k');\n".into(),
    ));
    let refs: Vec<(&str, &[u8])> = contents
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_bytes()))
        .collect();
    let dir = service(&refs);
    let x = extract(dir.path(), "handler.handler");
    assert_eq!(x.files.len(), 101);
    assert_eq!(x.calls.len(), 100, "{:#?}", x.unresolved);
    assert!(
        x.calls
            .iter()
            .all(|c| c.args.get("Key") == Some(&Value::Str("k".into())))
    );
}

/// A service of `files` modules with `functions` functions each, all reachable, every function
/// making one SDK call: about `files * (functions * 6 + 8)` lines.
fn generated_service(files: usize, functions: usize) -> tempfile::TempDir {
    let mut contents = Vec::new();
    let mut handler = String::from("'use strict';\n");
    for m in 0..files {
        handler.push_str(&format!("const m{m} = require('./lib/m{m}');\n"));
        let mut src = format!(
            "const {{ S3Client, PutObjectCommand }} = require('@aws-sdk/client-s3');\n\
             const AWS = require('aws-sdk');\n\
             const s3 = new S3Client({{}});\n\
             const ddb = new AWS.DynamoDB.DocumentClient();\n\
             const BUCKET = process.env.BUCKET_{m};\n"
        );
        for f in 0..functions {
            let next = if f + 1 < functions {
                format!("f{}(id, `${{prefix}}/{f}`)", f + 1)
            } else {
                "null".into()
            };
            src.push_str(&format!(
                "async function f{f}(id, prefix) {{\n  \
                   const key = `${{prefix}}/${{id}}-{f}.json`;\n  \
                   if ({f} % 2) await s3.send(new PutObjectCommand({{ Bucket: BUCKET, Key: key }}));\n  \
                   else await ddb.get({{ TableName: process.env.TABLE || 't{m}', Key: {{ id }} }}).promise();\n  \
                   return {next};\n}}\n"
            ));
        }
        src.push_str("exports.run = (id) => f0(id, 'root');\n");
        contents.push((format!("lib/m{m}.js"), src));
    }
    handler.push_str("exports.handler = async (event) => {\n");
    for m in 0..files {
        handler.push_str(&format!("  await m{m}.run(event.id);\n"));
    }
    handler.push_str("};\n");
    contents.push(("handler.js".into(), handler));
    let refs: Vec<(&str, &[u8])> = contents
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_bytes()))
        .collect();
    service(&refs)
}

#[test]
fn generated_service_is_analysed_whole() {
    let dir = generated_service(5, 40);
    let x = extract(dir.path(), "handler.handler");
    assert_eq!(x.files.len(), 6);
    assert!(x.errors.is_empty() && x.unresolved.is_empty(), "{x:#?}");
    // 5 modules × 40 functions, each two calls (both branches of an `if`).
    assert_eq!(x.calls.len(), 400);
}

/// `cargo test --release --lib iam::node::tests::speed -- --ignored --nocapture`
#[test]
#[ignore = "a speed measurement; run in release mode"]
fn speed() {
    let dir = generated_service(40, 80);
    let mut best = f64::MAX;
    let mut lines = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let x = extract(dir.path(), "handler.handler");
        best = best.min(start.elapsed().as_secs_f64());
        lines = x.lines;
        assert_eq!(x.calls.len(), 40 * 80 * 2);
    }
    eprintln!(
        "{lines} lines in {:.1} ms: {:.0} lines/s",
        best * 1000.0,
        lines as f64 / best
    );
}

#[test]
fn strings_doubled_in_code_are_capped() {
    // 44 lines: `s = s + s` forty times would be a terabyte string.
    let mut src = String::from(
        "const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nexports.handler = async () => {\n  let s = 'a', t = 'b', u = 'c', k = 'k';\n",
    );
    let double = "s = s + s; t += t; u = `${u}${u}`;";
    for i in 0..37 {
        // Forty doublings in all; ten (1 KiB) are still a known value.
        let twice = if i < 3 { double } else { "" };
        let k = if i < 5 { " k = k + k; k = k + k;" } else { "" };
        src.push_str(&format!("  {double} {twice}{k}\n"));
    }
    src.push_str(
        "  await s3.putObject({ Bucket: 'b', Key: k }).promise();\n  return s3.getObject({ Bucket: s, Key: t + u }).promise();\n};\n",
    );
    assert_eq!(src.lines().count(), 44);
    let dir = service(&[("handler.js", src.as_bytes())]);
    let x = extract(dir.path(), "handler.handler");
    let get = find_call(&x, "s3", "GetObject");
    assert!(matches!(get.args["Bucket"], Value::Unknown(_)), "{get:?}");
    assert!(matches!(get.args["Key"], Value::Unknown(_)), "{get:?}");
    let put = find_call(&x, "s3", "PutObject");
    assert_eq!(put.args["Key"], Value::Str("k".repeat(1024)));
    // Reported where the strings went past the cap (all three on one line), once.
    let capped: Vec<String> = messages(&x.unresolved)
        .into_iter()
        .filter(|m| m.contains("longer than 2048 bytes or 32 parts"))
        .collect();
    assert_eq!(
        capped,
        [
            "handler.js:13: string built here is longer than 2048 bytes or 32 parts; the analysis treats it as unknown"
        ]
    );
}

#[test]
fn parts_of_built_strings_are_capped() {
    let mut src = String::from(
        "const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nexports.handler = async (e) => {\n  let s = '';\n",
    );
    for _ in 0..40 {
        src.push_str("  s += e.id + '/';\n");
    }
    src.push_str("  return s3.getObject({ Bucket: 'b', Key: s }).promise();\n};\n");
    let dir = service(&[("handler.js", src.as_bytes())]);
    let x = extract(dir.path(), "handler.handler");
    let get = find_call(&x, "s3", "GetObject");
    assert!(matches!(get.args["Key"], Value::Unknown(_)), "{get:?}");
    assert!(
        messages(&x.unresolved)
            .iter()
            .any(|m| m.starts_with("handler.js:") && m.contains("32 parts")),
        "{:#?}",
        x.unresolved
    );
}

#[test]
fn middy_binds_the_wrapped_handler_and_runs_its_middleware() {
    let dir = service(&[(
        "handler.mjs",
        b"import middy from '@middy/core';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';
const s3 = new S3Client({});
const ssm = new SSMClient({});
const config = () => ({
  before: async (request) => { await ssm.send(new GetParameterCommand({ Name: '/app/key' })); },
});
const base = async (event) => s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.key }));
export const handler = middy(base).use(config()).use({ onError: async () => {} });
export const late = middy().use(config()).handler(base);
",
    )]);
    for export in ["handler.handler", "handler.late"] {
        let x = extract(dir.path(), export);
        assert_eq!(
            summary(&x),
            set(&[
                "s3 GetObject Bucket='b' Key=?event.key",
                "ssm GetParameter Name='/app/key'"
            ]),
            "{export}"
        );
        assert!(x.unresolved.is_empty(), "{export}: {:#?}", x.unresolved);
        assert!(x.errors.is_empty(), "{export}: {:#?}", x.errors);
    }
}

#[test]
fn dynamoose_models_from_the_library_table() {
    let dir = service(&[(
        "handler.js",
        b"const dynamoose = require('dynamoose');
const schema = new dynamoose.Schema({ id: String });
const User = dynamoose.model(process.env.USERS_TABLE, schema);
const Audit = dynamoose.model('audit', schema);
exports.handler = async (event) => {
  const u = await User.get(event.id);
  await User.create({ id: 'x' });
  await User.query('id').eq(event.id).exec();
  await Audit.scan().exec();
  return u;
};
const unused = () => Audit.delete('x');
",
    )]);
    let x = extract(dir.path(), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "dynamodb GetItem TableName=$USERS_TABLE",
            "dynamodb PutItem TableName=$USERS_TABLE",
            "dynamodb Query TableName=$USERS_TABLE",
            "dynamodb Scan TableName='audit'",
        ])
    );
    assert!(x.errors.is_empty(), "{:#?}", x.errors);
}

#[test]
fn powertools_parameters_from_the_library_table() {
    let dir = service(&[(
        "handler.ts",
        b"import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { getAppConfig } from '@aws-lambda-powertools/parameters/appconfig';
export const handler = async () => {
  const key = await getParameter('/app/key');
  const db = await getSecret(process.env.DB_SECRET!);
  const flags = await getAppConfig('flags', { application: 'shop', environment: 'prod' });
  return { key, db, flags };
};
",
    )]);
    let x = extract(dir.path(), "handler.handler");
    assert_eq!(
        summary(&x),
        set(&[
            "appconfigdata GetLatestConfiguration",
            "appconfigdata StartConfigurationSession",
            "secretsmanager GetSecretValue SecretId=$DB_SECRET",
            "ssm GetParameter Name='/app/key'",
        ])
    );
    let session = find_call(&x, "appconfigdata", "StartConfigurationSession");
    assert_eq!(
        session.args["ConfigurationProfileIdentifier"],
        Value::Str("flags".into())
    );
    assert!(x.errors.is_empty(), "{:#?}", x.errors);
}
