//! From a value in the code to the resource it names: constants are already text;
//! environment variables are looked up in the function's serverless.yml environment, whose
//! values may be plain text (variables already resolved), `!Ref`, `!GetAtt`, `Fn::Sub` or
//! `Fn::Join` over the `resources:` section.
//!
//! A CloudFormation resource without an explicit physical name gets a generated one,
//! `<stack>-<LogicalId>-<random>` (a state machine: `<LogicalId>-<random>`; a resource of
//! Lift's CDK stack: `<stack>-<LogicalId><hash>-<random>`); it becomes that pattern with a
//! `*`, and says so.

use serde_yaml::Value as Yaml;

use super::calls::Value;
use crate::service::{Function, Intrinsic, Service};

/// Where ARNs are: a region and account, or CloudFormation pseudo parameters.
#[derive(Debug, Clone)]
pub struct Place {
    pub partition: String,
    pub region: String,
    pub account: String,
}

impl Place {
    /// `${AWS::Region}`/`${AWS::AccountId}` unless given.
    pub fn new(region: Option<&str>, account: Option<&str>) -> Place {
        Place {
            partition: "aws".into(),
            region: region.unwrap_or("${AWS::Region}").to_string(),
            account: account.unwrap_or("${AWS::AccountId}").to_string(),
        }
    }
}

/// What a value resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Fully known text (a name, URL or ARN). `generated` when part of it is a
    /// CloudFormation-generated name, written as `*`.
    Text { text: String, generated: bool },
    /// Known only in part: `*` stands for what is not known.
    Pattern { text: String, why: String },
    /// Not known at all.
    Unknown(String),
}

impl Resolved {
    /// The text with `*` for unknown parts, or None when nothing is known.
    pub fn pattern(&self) -> Option<&str> {
        match self {
            Resolved::Text { text, .. } | Resolved::Pattern { text, .. } => Some(text),
            Resolved::Unknown(_) => None,
        }
    }

    /// Why it is not exact, if it is not.
    pub fn why_not_exact(&self) -> Option<String> {
        match self {
            Resolved::Text {
                generated: true, ..
            } => Some("a CloudFormation-generated name".into()),
            Resolved::Text { .. } => None,
            Resolved::Pattern { why, .. } | Resolved::Unknown(why) => Some(why.clone()),
        }
    }
}

pub struct Resolver<'a> {
    pub svc: &'a Service,
    pub function: &'a Function,
    pub place: &'a Place,
}

impl Resolver<'_> {
    fn stack(&self) -> String {
        format!("{}-{}", self.svc.name, self.svc.stage)
    }

    /// Resolve a value from the code.
    pub fn value(&self, v: &Value) -> Resolved {
        match v {
            Value::Str(s) => text(s.clone()),
            Value::Env(name) => match self.function.environment.iter().find(|(k, _)| k == name) {
                Some((_, y)) => self.yaml(y, 0),
                None => self.lambda_env(name).unwrap_or_else(|| {
                    Resolved::Unknown(format!(
                        "environment variable {name} is not set in serverless.yml for this function"
                    ))
                }),
            },
            Value::Unknown(src) if let Some(part) = self.own_arn_part(src) => part,
            Value::Concat(parts) => {
                let resolved: Vec<Resolved> = parts.iter().map(|p| self.value(p)).collect();
                join(&resolved)
            }
            Value::Unknown(src) => Resolved::Unknown(format!("`{src}` is computed at run time")),
            Value::Map(_) | Value::List(_) => {
                Resolved::Unknown("a structure where a name was expected".into())
            }
        }
    }

    /// The variables Lambda sets in every function's environment (reserved names a
    /// serverless.yml cannot set): its region and its own name.
    fn lambda_env(&self, name: &str) -> Option<Resolved> {
        match name {
            "AWS_REGION" | "AWS_DEFAULT_REGION" => Some(text(self.place.region.clone())),
            "AWS_LAMBDA_FUNCTION_NAME" => Some(text(self.function.name.clone())),
            _ => None,
        }
    }

    /// A field of the function's own ARN read from the invocation context
    /// (`context.invoked_function_arn.split(":")[4]`, `context.invokedFunctionArn.split(':')[3]`):
    /// the account or the region the function runs in.
    fn own_arn_part(&self, src: &str) -> Option<Resolved> {
        let compact: String = src
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '"')
            .collect();
        let rest = compact
            .split_once("invoked_function_arn.split(:)")
            .or_else(|| compact.split_once("invokedFunctionArn.split(:)"))?
            .1;
        match rest {
            "[4]" => Some(text(self.place.account.clone())),
            "[3]" => Some(text(self.place.region.clone())),
            _ => None,
        }
    }

    /// Resolve a serverless.yml value: text, or an intrinsic over `resources:`.
    pub fn yaml(&self, y: &Yaml, depth: usize) -> Resolved {
        if depth > 8 {
            return Resolved::Unknown("intrinsics nest too deep".into());
        }
        match y {
            Yaml::String(s) if s.contains("${") => unresolved_variables(s),
            Yaml::String(s) => text(s.clone()),
            Yaml::Number(n) => text(n.to_string()),
            Yaml::Bool(b) => text(b.to_string()),
            _ => {
                if let Some(i) = Intrinsic::from_value(y) {
                    return self.intrinsic(&i);
                }
                if let Some((tag, arg)) = function_call(y) {
                    return match tag.as_str() {
                        "Sub" => self.sub(arg),
                        "Join" => self.join_fn(arg, depth),
                        other => Resolved::Unknown(format!("Fn::{other} is not followed")),
                    };
                }
                Resolved::Unknown("a value gearctl cannot read".into())
            }
        }
    }

    fn intrinsic(&self, i: &Intrinsic) -> Resolved {
        match i {
            Intrinsic::Ref(name) => self
                .pseudo(name)
                .unwrap_or_else(|| self.resource(name, None)),
            Intrinsic::GetAtt(name, attr) => self.resource(name, Some(attr)),
        }
    }

    fn pseudo(&self, name: &str) -> Option<Resolved> {
        Some(text(match name {
            "AWS::Region" => self.place.region.clone(),
            "AWS::AccountId" => self.place.account.clone(),
            "AWS::Partition" => self.place.partition.clone(),
            "AWS::StackName" => self.stack(),
            "AWS::URLSuffix" => "amazonaws.com".into(),
            _ => return None,
        }))
    }

    /// `!Ref X` (attr None) or `!GetAtt X.attr` of a resource in `resources:`.
    pub fn resource(&self, logical: &str, attr: Option<&str>) -> Resolved {
        let Some(res) = self.svc.resources.get(logical) else {
            return match lambda_function(self.svc, logical) {
                Some(f) => self.function_value(&f.name, attr),
                None => Resolved::Unknown(format!("{logical} is not in resources:")),
            };
        };
        let kind = res.get("Type").and_then(Yaml::as_str).unwrap_or("");
        let props = res.get("Properties");
        let prop = |k: &str| props.and_then(|p| p.get(k)).map(|v| self.yaml(v, 1));
        let p = self.place;
        // A CDK resource (Lift's) has its construct path's hash after the logical ID we know.
        let cdk = res
            .get("Metadata")
            .and_then(|m| m.get(crate::service::lift::CDK_PATH))
            .is_some();
        let generated = |lower: bool| {
            let text = match (cdk, lower) {
                (false, false) => format!("{}-{logical}-*", self.stack()),
                (false, true) => format!("{}-{}-*", self.stack(), logical.to_lowercase()),
                (true, false) => format!("{}-{logical}*", self.stack()),
                (true, true) => format!("{}-{logical}*", self.stack()).to_lowercase(),
            };
            Resolved::Text {
                text,
                generated: true,
            }
        };
        let name_of = |key: &str, lower: bool| prop(key).unwrap_or_else(|| generated(lower));
        // CloudFormation names a state machine `<LogicalId>-<random>`, without the stack.
        let machine_name = || {
            prop("StateMachineName").unwrap_or_else(|| Resolved::Text {
                text: format!("{logical}-*"),
                generated: true,
            })
        };
        let map = |r: Resolved, f: &dyn Fn(&str) -> String| match r {
            Resolved::Text { text, generated } => Resolved::Text {
                text: f(&text),
                generated,
            },
            Resolved::Pattern { text, why } => Resolved::Pattern {
                text: f(&text),
                why,
            },
            u => u,
        };
        match (kind, attr) {
            ("AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable", None) => {
                name_of("TableName", false)
            }
            ("AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable", Some("Arn")) => {
                map(name_of("TableName", false), &|n| {
                    format!(
                        "arn:{}:dynamodb:{}:{}:table/{n}",
                        p.partition, p.region, p.account
                    )
                })
            }
            ("AWS::DynamoDB::Table", Some("StreamArn")) => map(name_of("TableName", false), &|n| {
                format!(
                    "arn:{}:dynamodb:{}:{}:table/{n}/stream/*",
                    p.partition, p.region, p.account
                )
            }),
            ("AWS::SQS::Queue", None) => map(name_of("QueueName", false), &|n| {
                format!("https://sqs.{}.amazonaws.com/{}/{n}", p.region, p.account)
            }),
            ("AWS::SQS::Queue", Some("Arn")) => map(name_of("QueueName", false), &|n| {
                format!("arn:{}:sqs:{}:{}:{n}", p.partition, p.region, p.account)
            }),
            ("AWS::SQS::Queue", Some("QueueName")) => name_of("QueueName", false),
            ("AWS::SQS::Queue", Some("QueueUrl")) => self.resource(logical, None),
            ("AWS::S3::Bucket", None) => name_of("BucketName", true),
            ("AWS::S3::Bucket", Some("Arn")) => map(name_of("BucketName", true), &|n| {
                format!("arn:{}:s3:::{n}", p.partition)
            }),
            ("AWS::SNS::Topic", None | Some("TopicArn")) => {
                map(name_of("TopicName", false), &|n| {
                    format!("arn:{}:sns:{}:{}:{n}", p.partition, p.region, p.account)
                })
            }
            ("AWS::SNS::Topic", Some("TopicName")) => name_of("TopicName", false),
            ("AWS::Kinesis::Stream", None) => name_of("Name", false),
            ("AWS::Kinesis::Stream", Some("Arn")) => map(name_of("Name", false), &|n| {
                format!(
                    "arn:{}:kinesis:{}:{}:stream/{n}",
                    p.partition, p.region, p.account
                )
            }),
            ("AWS::Kinesis::StreamConsumer", None | Some("ConsumerARN")) => {
                // AWS appends the consumer's creation time: `…/consumer/NAME:1700000000`.
                let stream = prop("StreamARN")
                    .unwrap_or_else(|| Resolved::Unknown(format!("{logical} has no StreamARN")));
                let name = name_of("ConsumerName", false);
                match join(&[stream, text("/consumer/".into()), name, text(":*".into())]) {
                    Resolved::Text { text, .. } => Resolved::Pattern {
                        text,
                        why: "a consumer ARN ends in its creation time".into(),
                    },
                    other => other,
                }
            }
            ("AWS::SecretsManager::Secret", None | Some("Id")) => {
                map(name_of("Name", false), &|n| {
                    format!(
                        "arn:{}:secretsmanager:{}:{}:secret:{n}-??????",
                        p.partition, p.region, p.account
                    )
                })
            }
            ("AWS::SSM::Parameter", None) => name_of("Name", false),
            ("AWS::StepFunctions::StateMachine", None | Some("Arn")) => map(machine_name(), &|n| {
                format!(
                    "arn:{}:states:{}:{}:stateMachine:{n}",
                    p.partition, p.region, p.account
                )
            }),
            ("AWS::StepFunctions::StateMachine", Some("Name")) => machine_name(),
            ("AWS::StepFunctions::Activity", None | Some("Arn")) => {
                map(name_of("Name", false), &|n| {
                    format!(
                        "arn:{}:states:{}:{}:activity:{n}",
                        p.partition, p.region, p.account
                    )
                })
            }
            ("AWS::StepFunctions::Activity", Some("Name")) => name_of("Name", false),
            ("AWS::Events::EventBus", None | Some("Name")) => name_of("Name", false),
            ("AWS::Events::EventBus", Some("Arn")) => map(name_of("Name", false), &|n| {
                format!(
                    "arn:{}:events:{}:{}:event-bus/{n}",
                    p.partition, p.region, p.account
                )
            }),
            ("AWS::Lambda::Function", _) => {
                let name = name_of("FunctionName", false);
                match attr {
                    Some("Arn") => map(name, &|n| {
                        format!(
                            "arn:{}:lambda:{}:{}:function:{n}",
                            p.partition, p.region, p.account
                        )
                    }),
                    _ => name,
                }
            }
            ("AWS::KMS::Key", Some("Arn")) | ("AWS::KMS::Key", None) => Resolved::Pattern {
                text: format!("arn:{}:kms:{}:{}:key/*", p.partition, p.region, p.account),
                why: format!("the id of KMS key {logical} is generated"),
            },
            ("AWS::IAM::Role", Some("Arn")) => map(name_of("RoleName", false), &|n| {
                format!("arn:{}:iam::{}:role/{n}", p.partition, p.account)
            }),
            (kind, attr) => Resolved::Unknown(format!(
                "{}{} of a {kind} is not followed",
                logical,
                attr.map(|a| format!(".{a}")).unwrap_or_default()
            )),
        }
    }

    /// A function of this service named by its key, e.g. `!GetAtt ReportLambdaFunction.Arn`.
    fn function_value(&self, name: &str, attr: Option<&str>) -> Resolved {
        let p = self.place;
        match attr {
            Some("Arn") => text(format!(
                "arn:{}:lambda:{}:{}:function:{name}",
                p.partition, p.region, p.account
            )),
            _ => text(name.to_string()),
        }
    }

    /// `Fn::Sub "text ${Res} ${Res.Arn} ${AWS::Region}"` (string form; the list form with
    /// its own variables too).
    fn sub(&self, arg: &Yaml) -> Resolved {
        let (template, vars) = match arg {
            Yaml::String(s) => (s.as_str(), None),
            Yaml::Sequence(s) if !s.is_empty() => match &s[0] {
                Yaml::String(t) => (t.as_str(), s.get(1).and_then(Yaml::as_mapping)),
                _ => return Resolved::Unknown("Fn::Sub without a template".into()),
            },
            _ => return Resolved::Unknown("Fn::Sub without a template".into()),
        };
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            parts.push(text(rest[..start].to_string()));
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 2..start + end];
            let local = vars.and_then(|m| m.get(name)).map(|v| self.yaml(v, 1));
            parts.push(match local {
                Some(v) => v,
                None => match name.split_once('.') {
                    Some((r, a)) => self.resource(r, Some(a)),
                    None => self
                        .pseudo(name)
                        .unwrap_or_else(|| self.resource(name, None)),
                },
            });
            rest = &rest[start + end + 1..];
        }
        parts.push(text(rest.to_string()));
        join(&parts)
    }

    fn join_fn(&self, arg: &Yaml, depth: usize) -> Resolved {
        let Some([Yaml::String(sep), Yaml::Sequence(items)]) = arg.as_sequence().map(Vec::as_slice)
        else {
            return Resolved::Unknown("Fn::Join needs a separator and a list".into());
        };
        let mut parts = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                parts.push(text(sep.clone()));
            }
            parts.push(self.yaml(item, depth + 1));
        }
        join(&parts)
    }
}

/// A serverless.yml string that still holds a variable the offline resolver could not
/// answer (`${ssm:…}`, an unset `${env:…}`): each such variable becomes `*`.
fn unresolved_variables(s: &str) -> Resolved {
    let mut out = String::new();
    let mut names = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        names.push(rest[start..start + end + 1].to_string());
        out.push('*');
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let why = format!(
        "serverless.yml variable {} is not resolved offline",
        names.join(", ")
    );
    if out.chars().all(|c| c == '*') {
        Resolved::Unknown(why)
    } else {
        Resolved::Pattern { text: out, why }
    }
}

/// The placeholders gearctl writes itself (see [`Place`]): the only `${…}` a resource may
/// keep, because every output format knows how to render them.
pub const PSEUDO: &[&str] = &["${AWS::Region}", "${AWS::AccountId}", "${AWS::Partition}"];

/// A resource with every value nobody resolved replaced by `*`: a `${…}` other than
/// [`PSEUDO`] (an unclosed `${` too) and a CloudFormation dynamic reference `{{resolve:…}}`,
/// with what was replaced; None when there is none. Terraform and `Fn::Sub` interpolate
/// `${…}` and CloudFormation resolves references, so this text must never reach them raw.
pub fn wildcard_unresolved(s: &str) -> Option<(String, Vec<String>)> {
    let mut out = String::new();
    let mut found = Vec::new();
    let mut rest = s;
    while let Some(start) = [rest.find("${"), rest.find("{{resolve:")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        if let Some(p) = PSEUDO.iter().find(|p| tail.starts_with(**p)) {
            out.push_str(p);
            rest = &tail[p.len()..];
            continue;
        }
        let close = if tail.starts_with("{{") { "}}" } else { "}" };
        let end = tail.find(close).map_or(tail.len(), |i| i + close.len());
        found.push(tail[..end].to_string());
        if !out.ends_with('*') {
            out.push('*');
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    (!found.is_empty()).then_some((out, found))
}

fn text(s: String) -> Resolved {
    Resolved::Text {
        text: s,
        generated: false,
    }
}

/// Concatenate: unknown parts become `*`.
fn join(parts: &[Resolved]) -> Resolved {
    let mut out = String::new();
    let mut why: Option<String> = None;
    let mut generated = false;
    let mut known = false;
    for p in parts {
        match p {
            Resolved::Text { text, generated: g } => {
                out.push_str(text);
                generated |= *g;
                known |= !text.is_empty();
            }
            Resolved::Pattern { text, why: w } => {
                out.push_str(text);
                why.get_or_insert_with(|| w.clone());
                known = true;
            }
            Resolved::Unknown(w) => {
                if !out.ends_with('*') {
                    out.push('*');
                }
                why.get_or_insert_with(|| w.clone());
            }
        }
    }
    match why {
        None => Resolved::Text {
            text: out,
            generated,
        },
        Some(_) if !known => Resolved::Unknown(why.unwrap_or_default()),
        Some(why) => Resolved::Pattern { text: out, why },
    }
}

/// `!Sub x` / `!Join x` / `{"Fn::Sub": x}` → ("Sub", x).
fn function_call(y: &Yaml) -> Option<(String, &Yaml)> {
    match y {
        Yaml::Tagged(t) => Some((
            t.tag.to_string().trim_start_matches('!').to_string(),
            &t.value,
        )),
        Yaml::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next()?;
            let k = k.as_str()?.strip_prefix("Fn::")?;
            Some((k.to_string(), v))
        }
        _ => None,
    }
}

/// The function whose CloudFormation resource is `logical` (`<LogicalId>LambdaFunction`).
fn lambda_function<'s>(svc: &'s Service, logical: &str) -> Option<&'s Function> {
    let key = logical.strip_suffix("LambdaFunction")?;
    svc.functions
        .iter()
        .find(|f| crate::service::logical_id(&f.key) == key)
}

/// A service parsed from serverless.yml text, for the tests of the iam modules.
#[cfg(test)]
pub(crate) fn test_service(yml: &str) -> Service {
    let no_env = |_: &str| None;
    crate::service::parse(
        yml,
        std::path::Path::new("serverless.yml"),
        std::path::PathBuf::new(),
        &crate::service::Options::default(),
        &no_env,
    )
    .expect("test serverless.yml parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    const YML: &str = r#"
service: shop
provider:
  name: aws
  stage: prod
  environment:
    TABLE: !Ref Orders
    TABLE_ARN: !GetAtt Orders.Arn
    QUEUE_URL: !Ref Jobs
    QUEUE_ARN: !GetAtt Jobs.Arn
    BUCKET: !Ref Files
    TOPIC: !Ref Events
    PLAIN: shop-prod-plain
    SUB: !Sub "arn:aws:s3:::${Files}/uploads/*"
    JOIN: !Join ["", ["arn:aws:sqs:", !Ref "AWS::Region", ":", !Ref "AWS::AccountId", ":", !GetAtt Jobs.QueueName]]
    STREAM: !GetAtt Orders.StreamArn
    OTHER_FN: !GetAtt WorkerLambdaFunction.Arn
    MISSING: !Ref Nope
    UNSET: arn:aws:sqs:eu-west-1:1:${env:GEARCTL_UNSET_IN_TESTS}-queue
functions:
  api:
    handler: h.api
  worker:
    handler: h.worker
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: shop-${sls:stage}-orders
    Jobs:
      Type: AWS::SQS::Queue
    Files:
      Type: AWS::S3::Bucket
      Properties:
        BucketName: shop-files
    Events:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: shop-events
"#;

    fn check(env: &str, want: &str) {
        let svc = crate::iam::resolve::test_service(YML);
        let place = Place::new(Some("eu-west-1"), Some("111122223333"));
        let r = Resolver {
            svc: &svc,
            function: &svc.functions[0],
            place: &place,
        };
        let got = r.value(&Value::Env(env.into()));
        assert_eq!(got.pattern().unwrap_or("<unknown>"), want, "{env}: {got:?}");
    }

    #[test]
    fn environment_values_become_names_and_arns() {
        check("TABLE", "shop-prod-orders");
        check(
            "TABLE_ARN",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/shop-prod-orders",
        );
        check(
            "STREAM",
            "arn:aws:dynamodb:eu-west-1:111122223333:table/shop-prod-orders/stream/*",
        );
        check(
            "QUEUE_URL",
            "https://sqs.eu-west-1.amazonaws.com/111122223333/shop-prod-Jobs-*",
        );
        check(
            "QUEUE_ARN",
            "arn:aws:sqs:eu-west-1:111122223333:shop-prod-Jobs-*",
        );
        check("BUCKET", "shop-files");
        check("TOPIC", "arn:aws:sns:eu-west-1:111122223333:shop-events");
        check("PLAIN", "shop-prod-plain");
        check("SUB", "arn:aws:s3:::shop-files/uploads/*");
        check(
            "JOIN",
            "arn:aws:sqs:eu-west-1:111122223333:shop-prod-Jobs-*",
        );
        check(
            "OTHER_FN",
            "arn:aws:lambda:eu-west-1:111122223333:function:shop-prod-worker",
        );
        check("MISSING", "<unknown>");
        check("UNSET", "arn:aws:sqs:eu-west-1:1:*-queue");
        check("NOT_SET", "<unknown>");
    }

    #[test]
    fn unresolved_values_become_wildcards_and_pseudo_parameters_stay() {
        let (out, found) = wildcard_unresolved(
            "arn:${AWS::Partition}:logs:${AWS::Region}:1:log-group:/aws/lambda/fn-${var.db_password}:*",
        )
        .unwrap();
        assert_eq!(
            out,
            "arn:${AWS::Partition}:logs:${AWS::Region}:1:log-group:/aws/lambda/fn-*:*"
        );
        assert_eq!(found, ["${var.db_password}"]);
        let (out, _) = wildcard_unresolved("a{{resolve:ssm:/db/pw}}b${x${y}}c${open").unwrap();
        assert_eq!(out, "a*b*}c*");
        assert_eq!(
            wildcard_unresolved("arn:aws:s3:::b/${AWS::AccountId}/*"),
            None
        );
        assert_eq!(wildcard_unresolved("plain {text} $ {{x}}"), None);
    }

    #[test]
    fn concatenations_keep_what_is_known() {
        let svc = crate::iam::resolve::test_service(YML);
        let place = Place::new(None, None);
        let r = Resolver {
            svc: &svc,
            function: &svc.functions[0],
            place: &place,
        };
        let v = Value::Concat(vec![
            Value::Str("uploads/".into()),
            Value::Unknown("user_id".into()),
            Value::Str("/".into()),
        ]);
        let got = r.value(&v);
        assert_eq!(got.pattern(), Some("uploads/*/"));
        assert!(got.why_not_exact().unwrap().contains("user_id"));
        let generated = r.value(&Value::Env("QUEUE_URL".into()));
        assert_eq!(
            generated.pattern(),
            Some("https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/shop-prod-Jobs-*")
        );
        assert!(generated.why_not_exact().unwrap().contains("generated"));
    }
}
