//! Lift (`constructs:`): the serverless-lift plugin turns a few lines of serverless.yml into
//! functions and resources that are not written anywhere in the file. gearctl adds them
//! to the service as Lift would, so that they are analysed and resolved like the rest:
//!
//! - a `queue` construct is an SQS queue named `<stack>-<id>` (`.fifo` when `fifo: true`)
//!   with a dead-letter queue `<stack>-<id>-dlq`; its `worker` becomes the function
//!   `<id>Worker` (or, when `worker` names an existing function, that one), subscribed to
//!   the queue with an `sqs` event;
//! - a `storage` construct is an S3 bucket whose name CloudFormation generates;
//! - `${construct:ID.queueUrl|queueArn|dlqUrl|dlqArn|bucketName|bucketArn}` become `Ref`
//!   and `Fn::GetAtt` of those resources.
//!
//! Lift's CloudFormation logical IDs are CDK's: the construct path (`jobsQueue`) followed by
//! a hash of it. gearctl writes them without the hash and marks them with CDK's
//! `aws:cdk:path` metadata, so a generated name becomes `<stack>-<logical id>*`.
//!
//! Other construct types (`webhook`, `static-website`, `single-page-app`,
//! `server-side-website`, `database/dynamodb-single-table`, `vpc`) add no function whose code
//! gearctl analyses; they are left out, and their `${construct:…}` variables stay
//! unresolved (and listed as such).
//!
//! Lift also appends statements to the shared provider role (`sqs:SendMessage` and
//! `sqs:ChangeMessageVisibility` on each queue, object access on each bucket) so that any
//! function may use them. A least-privilege policy grants those only to the functions whose
//! code makes the calls, so gearctl does not copy them.

use serde_yaml::{Mapping, Value};

/// The value of `${construct:ADDRESS}` (`jobs.queueUrl`), or `None` when it is not one
/// gearctl models.
pub fn variable(root: &Value, address: &str) -> Option<Value> {
    let (id, property) = address.split_once('.')?;
    let construct = root.get("constructs")?.get(id)?;
    let logical = |suffix: &str| format!("{}{suffix}", cdk_id(id));
    match (kind(construct)?, property) {
        ("queue", "queueUrl") => Some(reference(&logical("Queue"))),
        ("queue", "queueArn") => Some(get_att(&logical("Queue"), "Arn")),
        ("queue", "dlqUrl") => Some(reference(&logical("Dlq"))),
        ("queue", "dlqArn") => Some(get_att(&logical("Dlq"), "Arn")),
        ("storage", "bucketName") => Some(reference(&logical("Bucket"))),
        ("storage", "bucketArn") => Some(get_att(&logical("Bucket"), "Arn")),
        _ => None,
    }
}

/// Add Lift's functions to `functions` (the resolved `functions:` mapping) and its resources
/// to `resources`; what serverless.yml itself defines is kept as written.
pub fn extend(doc: &Value, stack: &str, functions: &mut Mapping, resources: &mut Mapping) {
    let Some(Value::Mapping(constructs)) = doc.get("constructs") else {
        return;
    };
    for (id, construct) in constructs {
        let (Some(id), Some(kind)) = (id.as_str(), kind(construct)) else {
            continue;
        };
        match kind {
            "queue" => queue(id, construct, stack, functions, resources),
            "storage" => {
                let logical = format!("{}Bucket", cdk_id(id));
                add(
                    resources,
                    &logical,
                    resource(
                        "AWS::S3::Bucket",
                        id,
                        "Bucket",
                        extension(construct, "bucket", Mapping::new()),
                    ),
                );
            }
            _ => {}
        }
    }
}

fn queue(id: &str, c: &Value, stack: &str, functions: &mut Mapping, resources: &mut Mapping) {
    let fifo = c.get("fifo").and_then(Value::as_bool) == Some(true);
    let suffix = if fifo { ".fifo" } else { "" };
    let logical = format!("{}Queue", cdk_id(id));
    let name = |extra: &str| {
        let mut props = Mapping::new();
        props.insert(
            "QueueName".into(),
            format!("{stack}-{id}{extra}{suffix}").into(),
        );
        props
    };
    add(
        resources,
        &logical,
        resource(
            "AWS::SQS::Queue",
            id,
            "Queue",
            extension(c, "queue", name("")),
        ),
    );
    add(
        resources,
        &format!("{}Dlq", cdk_id(id)),
        resource("AWS::SQS::Queue", id, "Dlq", Some(name("-dlq"))),
    );

    let mut sqs = Mapping::new();
    sqs.insert("arn".into(), get_att(&logical, "Arn"));
    sqs.insert(
        "batchSize".into(),
        c.get("batchSize").cloned().unwrap_or(1.into()),
    );
    sqs.insert(
        "functionResponseType".into(),
        "ReportBatchItemFailures".into(),
    );
    let mut event = Mapping::new();
    event.insert("sqs".into(), Value::Mapping(sqs));
    let event = Value::Mapping(event);

    let (key, mut function) = match c.get("worker") {
        // A reference to a function of serverless.yml.
        Some(Value::String(existing)) => match functions.get(existing.as_str()) {
            Some(f) => (existing.clone(), f.clone()),
            None => return,
        },
        Some(Value::Mapping(worker)) => (format!("{id}Worker"), Value::Mapping(worker.clone())),
        _ => return,
    };
    let Value::Mapping(f) = &mut function else {
        return;
    };
    match f.get_mut("events") {
        Some(Value::Sequence(events)) => events.push(event),
        _ => {
            f.insert("events".into(), Value::Sequence(vec![event]));
        }
    }
    functions.insert(key.into(), function);
}

/// A construct's resource properties: `base`, overridden by what its `extensions.<part>.Properties`
/// set (Lift merges them into the resource, so a `BucketName` there is the bucket's name).
/// `None` when nothing is known.
fn extension(construct: &Value, part: &str, mut base: Mapping) -> Option<Mapping> {
    if let Some(Value::Mapping(props)) = construct
        .get("extensions")
        .and_then(|e| e.get(part))
        .and_then(|p| p.get("Properties"))
    {
        for (k, v) in props {
            base.insert(k.clone(), v.clone());
        }
    }
    (!base.is_empty()).then_some(base)
}

fn kind(construct: &Value) -> Option<&str> {
    construct.get("type").and_then(Value::as_str)
}

/// CDK's spelling of a construct id in a logical ID: letters and digits only.
fn cdk_id(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A resource as Lift's CDK stack declares it, marked with its construct path.
fn resource(kind: &str, id: &str, child: &str, properties: Option<Mapping>) -> Value {
    let mut r = Mapping::new();
    r.insert("Type".into(), kind.into());
    if let Some(p) = properties {
        r.insert("Properties".into(), Value::Mapping(p));
    }
    let mut meta = Mapping::new();
    meta.insert(CDK_PATH.into(), format!("{id}/{child}/Resource").into());
    r.insert("Metadata".into(), Value::Mapping(meta));
    Value::Mapping(r)
}

/// The metadata key CDK puts on every resource it synthesises.
pub const CDK_PATH: &str = "aws:cdk:path";

fn add(resources: &mut Mapping, logical: &str, r: Value) {
    if !resources.contains_key(logical) {
        resources.insert(logical.into(), r);
    }
}

fn reference(logical: &str) -> Value {
    let mut m = Mapping::new();
    m.insert("Ref".into(), logical.into());
    Value::Mapping(m)
}

fn get_att(logical: &str, attr: &str) -> Value {
    let mut m = Mapping::new();
    m.insert(
        "Fn::GetAtt".into(),
        Value::Sequence(vec![logical.into(), attr.into()]),
    );
    Value::Mapping(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YML: &str = "
service: shop
constructs:
  jobs:
    type: queue
    batchSize: 5
    worker:
      handler: src/worker.handler
      environment:
        QUEUE: ${construct:jobs.queueUrl}
  orders-events:
    type: queue
    fifo: true
    worker: notify
  avatars:
    type: storage
  landing:
    type: static-website
    path: public
functions:
  notify:
    handler: src/notify.handler
    events:
      - schedule: rate(1 hour)
";

    fn doc() -> Value {
        serde_yaml::from_str(YML).unwrap()
    }

    #[test]
    fn construct_variables_are_refs_to_lifts_resources() {
        let d = doc();
        let v = |a: &str| variable(&d, a).map(|v| serde_yaml::to_string(&v).unwrap());
        assert_eq!(v("jobs.queueUrl").unwrap().trim(), "Ref: jobsQueue");
        assert_eq!(
            v("jobs.queueArn").unwrap(),
            "Fn::GetAtt:\n- jobsQueue\n- Arn\n"
        );
        assert_eq!(v("jobs.dlqUrl").unwrap().trim(), "Ref: jobsDlq");
        assert_eq!(
            v("orders-events.queueUrl").unwrap().trim(),
            "Ref: orderseventsQueue"
        );
        assert_eq!(
            v("avatars.bucketName").unwrap().trim(),
            "Ref: avatarsBucket"
        );
        assert_eq!(v("landing.url"), None);
        assert_eq!(v("jobs.bucketName"), None);
        assert_eq!(v("nope.queueUrl"), None);
        assert_eq!(v("jobs"), None);
    }

    #[test]
    fn queues_get_lifts_names_and_their_workers_become_functions() {
        let d = doc();
        let mut functions = d["functions"].as_mapping().unwrap().clone();
        let mut resources = Mapping::new();
        extend(&d, "shop-dev", &mut functions, &mut resources);
        let name = |l: &str| resources[l]["Properties"]["QueueName"].as_str().unwrap();
        assert_eq!(name("jobsQueue"), "shop-dev-jobs");
        assert_eq!(name("jobsDlq"), "shop-dev-jobs-dlq");
        assert_eq!(name("orderseventsQueue"), "shop-dev-orders-events.fifo");
        assert_eq!(name("orderseventsDlq"), "shop-dev-orders-events-dlq.fifo");
        assert_eq!(resources["avatarsBucket"]["Type"], "AWS::S3::Bucket");
        assert!(resources["avatarsBucket"].get("Properties").is_none());
        assert_eq!(resources.len(), 5, "the static website adds nothing");

        let worker = &functions["jobsWorker"];
        assert_eq!(worker["handler"], "src/worker.handler");
        assert_eq!(
            worker["events"][0]["sqs"]["arn"],
            get_att("jobsQueue", "Arn")
        );
        assert_eq!(worker["events"][0]["sqs"]["batchSize"], 5);
        // A worker that names a function subscribes that function.
        let notify = &functions["notify"];
        assert_eq!(notify["events"].as_sequence().unwrap().len(), 2);
        assert_eq!(
            notify["events"][1]["sqs"]["arn"],
            get_att("orderseventsQueue", "Arn")
        );
        assert_eq!(functions.len(), 2);
    }

    #[test]
    fn extensions_set_the_resources_properties() {
        let d: Value = serde_yaml::from_str(
            "
constructs:
  uploads:
    type: storage
    extensions:
      bucket:
        Properties:
          BucketName: shop-dev-uploads
  jobs:
    type: queue
    extensions:
      queue:
        Properties:
          QueueName: jobs-by-hand
          VisibilityTimeout: 60
",
        )
        .unwrap();
        let (mut functions, mut resources) = (Mapping::new(), Mapping::new());
        extend(&d, "shop-dev", &mut functions, &mut resources);
        let props = |l: &str| &resources[l]["Properties"];
        assert_eq!(props("uploadsBucket")["BucketName"], "shop-dev-uploads");
        assert_eq!(props("jobsQueue")["QueueName"], "jobs-by-hand");
        assert_eq!(props("jobsQueue")["VisibilityTimeout"], 60);
        assert_eq!(props("jobsDlq")["QueueName"], "shop-dev-jobs-dlq");
    }
}
