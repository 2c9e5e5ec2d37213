//! Grants that serverless.yml implies, whatever the code does: the function's own log group,
//! the queues and streams its event sources read, where its failures go, the VPC and
//! tracing permissions, and the KMS key of its environment.

use serde_yaml::Value as Yaml;

use super::policy::{Grant, Origin};
use super::resolve::{Resolved, Resolver};

/// What AWSLambdaVPCAccessExecutionRole grants; EC2 network interfaces take no resource.
const VPC_ACTIONS: &[&str] = &[
    "ec2:AssignPrivateIpAddresses",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:UnassignPrivateIpAddresses",
];
const XRAY_ACTIONS: &[&str] = &["xray:PutTelemetryRecords", "xray:PutTraceSegments"];
const SQS_EVENT_ACTIONS: &[&str] = &[
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:ReceiveMessage",
];
const DYNAMODB_STREAM_ACTIONS: &[&str] = &[
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
];
const KINESIS_STREAM_ACTIONS: &[&str] = &[
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
    "kinesis:SubscribeToShard",
];

pub fn grants(r: &Resolver) -> Vec<Grant> {
    let f = r.function;
    let p = r.place;
    let mut out = Vec::new();
    let key = |rest: &str| format!("functions.{}{rest}", f.key);
    let mut add = |actions: &[&str], resource: &str, origin: String, wildcard: Option<String>| {
        for a in actions {
            out.push(Grant {
                action: (*a).to_string(),
                resource: resource.to_string(),
                origin: Origin::Config(origin.clone()),
                wildcard: wildcard.clone(),
            });
        }
    };

    // Logs: the function's own log group, or the one LoggingConfig names.
    let group = f
        .raw
        .get("logs")
        .and_then(|l| l.get("logGroup"))
        .and_then(Yaml::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("/aws/lambda/{}", f.name));
    let log_arn = format!(
        "arn:{}:logs:{}:{}:log-group:{group}",
        p.partition, p.region, p.account
    );
    add(
        &["logs:CreateLogGroup"],
        &format!("{log_arn}:*"),
        key(" (its log group)"),
        None,
    );
    add(
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        &format!("{log_arn}:log-stream:*"),
        key(" (its log group)"),
        None,
    );

    for (i, e) in f.events.iter().enumerate() {
        let Some((kind, spec)) = e.as_mapping().and_then(|m| m.iter().next()) else {
            continue;
        };
        let kind = kind.as_str().unwrap_or("");
        let arn = spec.get("arn").unwrap_or(spec);
        let origin = key(&format!(".events[{i}].{kind}"));
        match kind {
            "sqs" => {
                let (res, why) = resource(r, arn, "sqs", "queue");
                add(SQS_EVENT_ACTIONS, &res, origin, why);
            }
            "stream" => {
                let (res, why) = resource(r, arn, "dynamodb", "stream");
                let stream_type = spec.get("type").and_then(Yaml::as_str).unwrap_or_else(|| {
                    if res.contains(":kinesis:") {
                        "kinesis"
                    } else {
                        "dynamodb"
                    }
                });
                let actions = if stream_type == "kinesis" {
                    KINESIS_STREAM_ACTIONS
                } else {
                    DYNAMODB_STREAM_ACTIONS
                };
                add(actions, &res, origin, why);
            }
            _ => {}
        }
    }

    // Where failures go: onError (SNS or SQS), and async destinations.
    if let Some(target) = f.raw.get("onError") {
        let (res, why) = resource(r, target, "", "");
        let action = if res.contains(":sqs:") {
            "sqs:SendMessage"
        } else {
            "sns:Publish"
        };
        add(&[action], &res, key(".onError"), why);
    }
    for when in ["onFailure", "onSuccess"] {
        let Some(d) = f.raw.get("destinations").and_then(|d| d.get(when)) else {
            continue;
        };
        let arn = d.get("arn").unwrap_or(d);
        let declared = d.get("type").and_then(Yaml::as_str);
        let (res, why) = resource(r, arn, "", "");
        let kind = declared.unwrap_or_else(|| {
            if res.contains(":sqs:") {
                "sqs"
            } else if res.contains(":sns:") {
                "sns"
            } else if res.contains(":events:") {
                "eventBus"
            } else {
                "function"
            }
        });
        let action = match kind {
            "sqs" => "sqs:SendMessage",
            "sns" => "sns:Publish",
            "eventBus" => "events:PutEvents",
            _ => "lambda:InvokeFunction",
        };
        // A plain function name: the Framework means a function of this service.
        let res = if action == "lambda:InvokeFunction" && !res.starts_with("arn:") && res != "*" {
            let name = r
                .svc
                .functions
                .iter()
                .find(|g| g.key == res)
                .map_or(res.clone(), |g| g.name.clone());
            format!(
                "arn:{}:lambda:{}:{}:function:{name}",
                p.partition, p.region, p.account
            )
        } else {
            res
        };
        add(&[action], &res, key(&format!(".destinations.{when}")), why);
    }

    if f.vpc {
        add(VPC_ACTIONS, "*", key(".vpc"), None);
    }
    if f.tracing {
        add(XRAY_ACTIONS, "*", key(".tracing"), None);
    }
    let kms = f
        .raw
        .get("kmsKeyArn")
        .or_else(|| r.svc.doc.get("provider").and_then(|p| p.get("kmsKeyArn")));
    if let Some(k) = kms {
        let (res, why) = resource(r, k, "kms", "key");
        add(&["kms:Decrypt"], &res, key(".kmsKeyArn"), why);
    }
    out
}

/// An ARN from serverless.yml. A queue URL or plain name is turned into an ARN of the given
/// service; an unknown value becomes a `*` in that service's ARN, with the reason.
fn resource(r: &Resolver, v: &Yaml, service: &str, kind: &str) -> (String, Option<String>) {
    let p = r.place;
    let any = || match (service, kind) {
        ("", _) => "*".to_string(),
        ("dynamodb", "stream") => {
            format!(
                "arn:{}:dynamodb:{}:{}:table/*/stream/*",
                p.partition, p.region, p.account
            )
        }
        ("kms", _) => format!("arn:{}:kms:{}:{}:key/*", p.partition, p.region, p.account),
        _ => format!("arn:{}:{service}:{}:{}:*", p.partition, p.region, p.account),
    };
    match r.yaml(v, 0) {
        Resolved::Text { text, generated } => {
            let why = generated.then(|| "a CloudFormation-generated name".to_string());
            (text, why)
        }
        Resolved::Pattern { text, why } => (text, Some(why)),
        Resolved::Unknown(why) => (any(), Some(why)),
    }
}
