//! Grants that serverless.yml implies, whatever the code does: the function's own log group,
//! the queues and streams its event sources read, where its failures go, the VPC and
//! tracing permissions, and the KMS key of its environment. Hand-written statements are
//! read too, only for the resource names they give.

use serde_yaml::Value as Yaml;

use super::diff::glob;
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
/// What AWSLambdaSQSQueueExecutionRole grants, on the event source queue.
const SQS_EVENT_ACTIONS: &[&str] = &[
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:ReceiveMessage",
];
/// What AWSLambdaDynamoDBExecutionRole grants on the stream (ListStreams takes no resource).
const DYNAMODB_STREAM_ACTIONS: &[&str] = &[
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
];
const KINESIS_STREAM_ACTIONS: &[&str] = &[
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
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
                condition: None,
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
                if stream_type == "kinesis" {
                    add(KINESIS_STREAM_ACTIONS, &res, origin, why);
                } else {
                    add(DYNAMODB_STREAM_ACTIONS, &res, origin.clone(), why);
                    add(&["dynamodb:ListStreams"], "*", origin, None);
                }
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

/// Hand-written statements (serverless-iam-roles-per-function's `iamRoleStatements`, the
/// Framework's `iam.role.statements`) are what the generated policy replaces, so they are
/// never copied; but they name resources. A grant whose resource had to be a wildcard
/// (`table/*`: the table's name comes from `${ssm:…}`) takes the exact resources that such a
/// statement names for the same action, when they fit the wildcard. The function's own
/// statements are read first, then the provider's.
pub fn narrow_by_hand_written(grants: &mut Vec<Grant>, r: &Resolver) {
    let f = &r.function.raw;
    let provider = r.svc.doc.get("provider");
    let own = [
        f.get("iamRoleStatements"),
        f.get("iam")
            .and_then(|i| i.get("role"))
            .and_then(|r| r.get("statements")),
    ];
    let shared = [
        provider
            .and_then(|p| p.get("iam"))
            .and_then(|i| i.get("role"))
            .and_then(|r| r.get("statements")),
        provider.and_then(|p| p.get("iamRoleStatements")),
    ];
    let named = |lists: &[Option<&Yaml>]| -> Vec<(Vec<String>, Vec<String>)> {
        lists
            .iter()
            .flatten()
            .filter_map(|l| l.as_sequence())
            .flatten()
            .filter(|s| s.get("Effect").and_then(Yaml::as_str) == Some("Allow"))
            .map(|s| {
                (
                    yaml_strings(s.get("Action")),
                    exact_resources(r, s.get("Resource")),
                )
            })
            .collect()
    };
    let (own, shared) = (named(&own), named(&shared));
    let place = |res: &str| {
        res.replace("${AWS::Region}", "*")
            .replace("${AWS::AccountId}", "*")
            .replace("${AWS::Partition}", "*")
    };
    let mut out = Vec::with_capacity(grants.len());
    for g in grants.drain(..) {
        if g.wildcard.is_none() {
            out.push(g);
            continue;
        }
        let pattern = place(&g.resource);
        let fits = |statements: &[(Vec<String>, Vec<String>)]| -> Vec<String> {
            let mut found: Vec<String> = statements
                .iter()
                .filter(|(actions, _)| actions.iter().any(|a| glob(a, &g.action, true)))
                .flat_map(|(_, res)| res.iter().filter(|n| glob(&pattern, n, false)).cloned())
                .collect();
            found.sort();
            found.dedup();
            found
        };
        let mut names = fits(&own);
        if names.is_empty() {
            names = fits(&shared);
        }
        if names.is_empty() {
            out.push(g);
            continue;
        }
        for resource in names {
            out.push(Grant {
                resource,
                wildcard: None,
                ..g.clone()
            });
        }
    }
    *grants = out;
}

/// A statement's resources that are exact: resolved, with no wildcard left.
fn exact_resources(r: &Resolver, v: Option<&Yaml>) -> Vec<String> {
    let items = match v {
        Some(Yaml::Sequence(s)) => s.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|y| match r.yaml(y, 0) {
            Resolved::Text {
                text,
                generated: false,
            } if !text.contains(['*', '?', '$']) => Some(text),
            _ => None,
        })
        .collect()
}

fn yaml_strings(v: Option<&Yaml>) -> Vec<String> {
    match v {
        Some(Yaml::String(s)) => vec![s.clone()],
        other => crate::service::strings(other),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::resolve::Place;
    use std::collections::BTreeSet;

    const YML: &str = r#"
service: feed
provider:
  name: aws
  stage: prod
  kmsKeyArn: arn:aws:kms:eu-west-1:111122223333:key/abc
functions:
  worker:
    handler: h.worker
    onError: arn:aws:sns:eu-west-1:111122223333:alarms
    destinations:
      onFailure:
        type: sqs
        arn: !GetAtt Failures.Arn
      onSuccess: notify
    vpc:
      subnetIds: [subnet-1]
      securityGroupIds: [sg-1]
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
      - stream:
          type: dynamodb
          arn: !GetAtt Items.StreamArn
      - stream: arn:aws:kinesis:eu-west-1:111122223333:stream/clicks
      - http: GET /x
  notify:
    handler: h.notify
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties: {QueueName: feed-jobs}
    Failures:
      Type: AWS::SQS::Queue
      Properties: {QueueName: feed-failures}
    Items:
      Type: AWS::DynamoDB::Table
      Properties: {TableName: feed-items}
"#;

    #[test]
    fn configuration_implies_these_grants() {
        let svc = crate::iam::resolve::test_service(YML);
        let place = Place::new(Some("eu-west-1"), Some("111122223333"));
        let r = Resolver {
            svc: &svc,
            function: &svc.functions[0],
            place: &place,
        };
        let got: BTreeSet<(String, String)> = grants(&r)
            .into_iter()
            .map(|g| (g.action, g.resource))
            .collect();
        let a = "arn:aws:";
        let want = [
            (
                "logs:CreateLogGroup",
                format!("{a}logs:eu-west-1:111122223333:log-group:/aws/lambda/feed-prod-worker:*"),
            ),
            (
                "logs:PutLogEvents",
                format!(
                    "{a}logs:eu-west-1:111122223333:log-group:/aws/lambda/feed-prod-worker:log-stream:*"
                ),
            ),
            (
                "sqs:ReceiveMessage",
                format!("{a}sqs:eu-west-1:111122223333:feed-jobs"),
            ),
            (
                "dynamodb:GetRecords",
                format!("{a}dynamodb:eu-west-1:111122223333:table/feed-items/stream/*"),
            ),
            ("dynamodb:ListStreams", "*".to_string()),
            (
                "kinesis:GetRecords",
                format!("{a}kinesis:eu-west-1:111122223333:stream/clicks"),
            ),
            (
                "sns:Publish",
                format!("{a}sns:eu-west-1:111122223333:alarms"),
            ),
            (
                "sqs:SendMessage",
                format!("{a}sqs:eu-west-1:111122223333:feed-failures"),
            ),
            (
                "lambda:InvokeFunction",
                format!("{a}lambda:eu-west-1:111122223333:function:feed-prod-notify"),
            ),
            ("ec2:CreateNetworkInterface", "*".to_string()),
            (
                "kms:Decrypt",
                format!("{a}kms:eu-west-1:111122223333:key/abc"),
            ),
        ];
        for (action, resource) in want {
            assert!(
                got.contains(&(action.to_string(), resource.clone())),
                "{action} on {resource} in {got:#?}"
            );
        }
        assert!(
            !got.iter().any(|(a, _)| a.starts_with("xray:")),
            "no tracing configured"
        );
        assert!(!got.iter().any(|(a, _)| a == "sqs:ChangeMessageVisibility"));
    }
}
