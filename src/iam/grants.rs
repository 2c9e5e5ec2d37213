//! From one SDK call to the grants it needs: the IAM actions from the action table, each on
//! the resources the call's arguments name, in that service's own ARN format.
//!
//! ARN rules that differ by service: S3 ARNs carry no region or account and objects are
//! `bucket/key`; SQS ARNs use the queue name taken from the queue URL; Secrets Manager ARNs
//! end in a random `-??????`; SSM parameter ARNs drop the name's leading slash; a DynamoDB
//! query on an index needs the index ARN. A value that cannot be resolved becomes a `*` in
//! that resource's ARN (or `*` alone), on that action only, with the reason.

use super::actions;
use super::calls::{Finding, SdkCall, Value};
use super::implied;
use super::policy::{Condition, Grant, Origin};
use super::resolve::{Place, Resolved, Resolver};

/// A resource ARN, and why it is not exact (None when it is).
pub(super) type Arn = (String, Option<String>);

pub fn for_call(call: &SdkCall, r: &Resolver, unresolved: &mut Vec<Finding>) -> Vec<Grant> {
    let origin = Origin::Code {
        file: call.file.display().to_string(),
        line: call.line,
    };
    let Some(mapping) = actions::lookup(&call.service, &call.operation) else {
        unresolved.push(Finding {
            file: call.file.clone(),
            line: call.line,
            message: format!(
                "{}.{} is not an operation gearctl knows; no permission generated for it",
                call.service, call.operation
            ),
        });
        return Vec::new();
    };
    let grant = |action: &str, (resource, wildcard): Arn, condition: Option<Condition>| Grant {
        action: action.to_string(),
        resource,
        origin: origin.clone(),
        wildcard,
        condition,
    };
    let mut out = Vec::new();
    if call.operation == "CopyObject" && actions::canonical_service(&call.service) == Some("s3") {
        // Read the source, write the destination.
        out.push(grant("s3:GetObject", copy_source(call, r), None));
        out.push(grant("s3:PutObject", s3_object(call, r), None));
        return out;
    }
    for action in &mapping.actions {
        let prefix = action.split(':').next().unwrap_or("");
        for arn in resources(prefix, action, mapping, call, r) {
            out.push(grant(action, arn, None));
        }
    }
    // What the service does with the caller's credentials, and the roles handed to it.
    for (action, arn) in implied::s3(call, r) {
        out.push(grant(action, arn, None));
    }
    for (arn, condition) in implied::pass_roles(call, r) {
        out.push(grant("iam:PassRole", arn, condition));
    }
    out
}

/// The resources of one action of a call.
fn resources(
    prefix: &str,
    action: &str,
    mapping: &actions::Mapping,
    call: &SdkCall,
    r: &Resolver,
) -> Vec<Arn> {
    let types: &[&str] = &mapping.resource_types;
    if types.is_empty() {
        // The action takes no resource-level permission.
        return vec![("*".to_string(), None)];
    }
    let p = r.place;
    let arg = |name: &str| call.args.get(name).map(|v| r.value(v));
    let region_arn = |service: &str, rest: String| {
        format!(
            "arn:{}:{service}:{}:{}:{rest}",
            p.partition, p.region, p.account
        )
    };
    match prefix {
        "s3" => {
            if types.contains(&"object") {
                s3_objects(call, r)
            } else {
                s3_buckets(call, r)
            }
        }
        "dynamodb" => {
            if let Some(stream) = arg("StreamArn") {
                return vec![arn_or_any(stream, || {
                    region_arn("dynamodb", "table/*/stream/*".into())
                })];
            }
            if let Some(tables) = request_tables(call, action) {
                return tables
                    .iter()
                    .map(|t| name_in(r.value(t), |n| region_arn("dynamodb", format!("table/{n}"))))
                    .collect();
            }
            let table = match arg("TableName") {
                Some(t) => name_in(t, |n| region_arn("dynamodb", format!("table/{n}"))),
                None => (
                    region_arn("dynamodb", "table/*".into()),
                    Some(format!("{action}: the table names are inside the request")),
                ),
            };
            let mut out = vec![table.clone()];
            if let Some(index) = arg("IndexName")
                && types.contains(&"index")
            {
                let i = index.pattern().unwrap_or("*").to_string();
                let why = table.1.clone().or(index.why_not_exact());
                out = vec![(format!("{}/index/{i}", table.0), why)];
            }
            out
        }
        "sqs" => {
            let queue = arg("QueueUrl").or_else(|| arg("QueueName"));
            vec![match queue {
                Some(q) => name_in(q, |n| region_arn("sqs", queue_name(n).to_string())),
                None => (region_arn("sqs", "*".into()), Some("no queue named".into())),
            }]
        }
        "sns" => {
            let topic = arg("TopicArn").or_else(|| arg("TargetArn"));
            vec![match topic {
                Some(t) => arn_or_any(t, || region_arn("sns", "*".into())),
                None => (
                    region_arn("sns", "*".into()),
                    Some("no topic ARN named (a phone number or a target ARN?)".into()),
                ),
            }]
        }
        "lambda" => match arg("FunctionName") {
            Some(f) => {
                let (base, why) = name_in(f, |n| {
                    if n.starts_with("arn:") {
                        n.to_string()
                    } else {
                        region_arn("lambda", format!("function:{n}"))
                    }
                });
                // A qualified invoke (a Qualifier: version or alias) is authorised on the
                // qualified ARN; an unqualified one on the function's own ARN alone.
                if call.args.contains_key("Qualifier") {
                    vec![(base.clone(), why.clone()), (format!("{base}:*"), why)]
                } else {
                    vec![(base, why)]
                }
            }
            None => vec![(
                region_arn("lambda", "function:*".into()),
                Some("no function named".into()),
            )],
        },
        "secretsmanager" => {
            let secret = |n: &str| {
                if n.starts_with("arn:") {
                    n.to_string()
                } else {
                    region_arn("secretsmanager", format!("secret:{n}-??????"))
                }
            };
            // A library that fetches several secrets names them in a list.
            if let Some(Value::List(ids)) = call.args.get("SecretId")
                && !ids.is_empty()
            {
                return ids.iter().map(|n| name_in(r.value(n), secret)).collect();
            }
            vec![match arg("SecretId") {
                Some(s) => name_in(s, secret),
                None => (
                    region_arn("secretsmanager", "secret:*".into()),
                    Some("no secret named".into()),
                ),
            }]
        }
        "ssm" => {
            if let Some(path) = arg("Path") {
                let (p, why) = name_in(path, |n| {
                    region_arn("ssm", format!("parameter/{}", n.trim_matches('/')))
                });
                return vec![(p.clone(), why.clone()), (format!("{p}/*"), why)];
            }
            let parameter = |n: &str| {
                if n.starts_with("arn:") {
                    n.to_string()
                } else {
                    region_arn("ssm", format!("parameter/{}", n.trim_start_matches('/')))
                }
            };
            // GetParameters names each parameter in a list.
            if let Some(Value::List(names)) = call.args.get("Names")
                && !names.is_empty()
            {
                return names
                    .iter()
                    .map(|n| name_in(r.value(n), parameter))
                    .collect();
            }
            vec![match arg("Name") {
                Some(n) => name_in(n, parameter),
                None => (
                    region_arn("ssm", "parameter/*".into()),
                    Some("the parameter names are a list".into()),
                ),
            }]
        }
        "kinesis" if types.contains(&"consumer") => {
            let any = || region_arn("kinesis", "stream/*/consumer/*:*".into());
            vec![
                match (arg("ConsumerARN"), arg("StreamARN"), arg("ConsumerName")) {
                    (Some(c), _, _) => arn_or_any(c, any),
                    (None, Some(stream), Some(name)) => {
                        let (stream, why) =
                            arn_or_any(stream, || region_arn("kinesis", "stream/*".into()));
                        let (name, why_name) = name_in(name, str::to_string);
                        (format!("{stream}/consumer/{name}:*"), why.or(why_name))
                    }
                    _ => (any(), Some("no consumer named".into())),
                },
            ]
        }
        "kinesis" => vec![match arg("StreamARN").or_else(|| arg("StreamName")) {
            Some(s) => name_in(s, |n| {
                if n.starts_with("arn:") {
                    n.to_string()
                } else {
                    region_arn("kinesis", format!("stream/{n}"))
                }
            }),
            None => (
                region_arn("kinesis", "stream/*".into()),
                Some("no stream named".into()),
            ),
        }],
        "firehose" => vec![match arg("DeliveryStreamName") {
            Some(s) => name_in(s, |n| region_arn("firehose", format!("deliverystream/{n}"))),
            None => (
                region_arn("firehose", "deliverystream/*".into()),
                Some("no stream named".into()),
            ),
        }],
        "states" if types.contains(&"activity") => {
            let any = || region_arn("states", "activity:*".into());
            vec![match (arg("activityArn"), arg("name")) {
                (Some(a), _) => arn_or_any(a, any),
                (None, Some(n)) => name_in(n, |n| region_arn("states", format!("activity:{n}"))),
                (None, None) => (any(), Some("no activity named".into())),
            }]
        }
        "scheduler" if types.contains(&"schedule") => {
            // Without a GroupName, a schedule is in the group named `default`.
            let (group, why_group) = match arg("GroupName") {
                Some(g) => name_in(g, str::to_string),
                None => ("default".to_string(), None),
            };
            let (name, why_name) = match arg("Name") {
                Some(n) => name_in(n, str::to_string),
                None => ("*".to_string(), Some("no schedule named".into())),
            };
            vec![(
                region_arn("scheduler", format!("schedule/{group}/{name}")),
                why_group.or(why_name),
            )]
        }
        "execute-api" if action == "execute-api:ManageConnections" => {
            vec![connections(call, r)]
        }
        "states" => {
            let machine = arg("stateMachineArn").or_else(|| arg("StateMachineArn"));
            let execution = arg("executionArn").or_else(|| arg("ExecutionArn"));
            let activity = arg("activityArn").or_else(|| arg("ActivityArn"));
            vec![match (machine, execution, activity) {
                (Some(m), _, _) => arn_or_any(m, || region_arn("states", "stateMachine:*".into())),
                (None, Some(e), _) => arn_or_any(e, || region_arn("states", "execution:*".into())),
                (None, None, Some(a)) => {
                    arn_or_any(a, || region_arn("states", "activity:*".into()))
                }
                (None, None, None) => (
                    region_arn("states", "*".into()),
                    Some("no state machine named".into()),
                ),
            }]
        }
        "events" if !call.args.contains_key("EventBusName") && entry_buses(call).is_some() => {
            entry_buses(call)
                .unwrap_or_default()
                .into_iter()
                .map(|b| match b {
                    // An entry without EventBusName goes to the account's default bus.
                    None => (region_arn("events", "event-bus/default".into()), None),
                    Some(v) => name_in(r.value(&v), |n| {
                        if n.starts_with("arn:") {
                            n.to_string()
                        } else {
                            region_arn("events", format!("event-bus/{n}"))
                        }
                    }),
                })
                .collect()
        }
        "events" => vec![match arg("EventBusName") {
            Some(b) => name_in(b, |n| {
                if n.starts_with("arn:") {
                    n.to_string()
                } else {
                    region_arn("events", format!("event-bus/{n}"))
                }
            }),
            None => (
                region_arn("events", "event-bus/*".into()),
                Some("the event bus is named in each entry".into()),
            ),
        }],
        "kms" => vec![match arg("KeyId") {
            Some(k) => arn_or_any(k, || region_arn("kms", "key/*".into())),
            None => (
                region_arn("kms", "key/*".into()),
                Some("no key named".into()),
            ),
        }],
        _ if !mapping.required_resource_types.is_empty() => {
            generic(prefix, &mapping.required_resource_types, r.place)
        }
        _ => generic(prefix, &types[..1], r.place),
    }
}

/// The tables a DynamoDB batch or transaction names inside its request, for one of its
/// actions: the keys of `RequestItems` (BatchGetItem, BatchWriteItem); in `TransactItems`,
/// the `TableName` of each item of the kind that needs the action (a `Put` needs
/// dynamodb:PutItem…). `None` when the request is not one of those, or its items are not
/// known, so the caller falls back to any table.
fn request_tables(call: &SdkCall, action: &str) -> Option<Vec<Value>> {
    if let Some(Value::Map(items)) = call.args.get("RequestItems") {
        return (!items.is_empty()).then(|| items.keys().map(|k| Value::of_key(k)).collect());
    }
    let Some(Value::List(items)) = call.args.get("TransactItems") else {
        return None;
    };
    let kind = match action {
        "dynamodb:PutItem" => "Put",
        "dynamodb:UpdateItem" => "Update",
        "dynamodb:DeleteItem" => "Delete",
        "dynamodb:ConditionCheckItem" => "ConditionCheck",
        "dynamodb:GetItem" => "Get",
        _ => return None,
    };
    if items.is_empty() {
        return None;
    }
    let mut tables = Vec::new();
    for item in items {
        const KINDS: [&str; 5] = ["Put", "Update", "Delete", "ConditionCheck", "Get"];
        match item {
            // An item of no known kind (built by a spread the analysis could not follow)
            // may be of any kind, on any table.
            Value::Map(m) if !KINDS.iter().any(|k| m.contains_key(*k)) => {
                tables.push(Value::Unknown("a transaction item of unknown kind".into()));
            }
            Value::Map(m) => {
                if let Some(op) = m.get(kind) {
                    tables.push(
                        op.at(&["TableName"]).cloned().unwrap_or_else(|| {
                            Value::Unknown(format!("{kind} without a TableName"))
                        }),
                    );
                }
            }
            // An item built at run time may be of any kind.
            other => tables.push(other.clone()),
        }
    }
    Some(tables)
}

/// The bus of each entry of a PutEvents request (`None`: the entry names none, so it goes to
/// the default bus); `None` when the entries are not a known list of structures.
fn entry_buses(call: &SdkCall) -> Option<Vec<Option<Value>>> {
    let Some(Value::List(entries)) = call.args.get("Entries") else {
        return None;
    };
    if entries.is_empty() {
        return None;
    }
    let mut buses = Vec::new();
    for entry in entries {
        match entry {
            Value::Map(m) => buses.push(m.get("EventBusName").cloned()),
            // An entry built at run time may name any bus.
            other => buses.push(Some(Value::Unknown(format!(
                "an entry the analysis cannot read ({})",
                short_value(other)
            )))),
        }
    }
    Some(buses)
}

fn short_value(v: &Value) -> String {
    match v {
        Value::Unknown(text) => text.clone(),
        _ => "built at run time".into(),
    }
}

/// `execute-api:ManageConnections` on the WebSocket API's `@connections`: the API id and
/// stage from the client's endpoint (`https://{api}.execute-api.{region}.amazonaws.com/{stage}`)
/// where the code names it, else any API at the service's stage.
fn connections(call: &SdkCall, r: &Resolver) -> Arn {
    let p = r.place;
    let method = match call
        .operation
        .to_ascii_lowercase()
        .replace('_', "")
        .as_str()
    {
        "getconnection" => "GET",
        "deleteconnection" => "DELETE",
        _ => "POST",
    };
    let endpoint = call
        .args
        .get("endpoint")
        .or_else(|| call.args.get("endpoint_url"))
        .map(|v| r.value(v));
    let parsed = endpoint.as_ref().and_then(|e| {
        let url = e.pattern()?;
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (api, domain) = host.split_once('.')?;
        let stage = path.split('/').next().filter(|s| !s.is_empty())?;
        (domain.starts_with("execute-api.") && !api.contains('*'))
            .then(|| (api.to_string(), stage.to_string()))
    });
    let (api, stage, why) = match parsed {
        Some((api, stage)) => {
            let why = endpoint.and_then(|e| e.why_not_exact());
            (api, stage, why)
        }
        None => (
            "*".to_string(),
            r.svc.stage.clone(),
            Some("the WebSocket API id is not in the code (its endpoint is built at run time or generated at deploy time)".into()),
        ),
    };
    (
        format!(
            "arn:{}:execute-api:{}:{}:{api}/{stage}/{method}/@connections/*",
            p.partition, p.region, p.account
        ),
        why,
    )
}

/// For other services: the table's ARN format with the place filled in and `*` for the
/// rest.
fn generic(prefix: &str, types: &[&str], p: &Place) -> Vec<Arn> {
    types
        .iter()
        .map(|t| match actions::arn_format(prefix, t) {
            Some(fmt) => {
                let arn = fill(fmt, p);
                let why = arn
                    .contains('*')
                    .then(|| format!("gearctl does not read the {t} name of {prefix} calls"));
                (arn, why)
            }
            None => (
                "*".to_string(),
                Some(format!("no ARN format known for {prefix} {t}")),
            ),
        })
        .collect()
}

/// `arn:${Partition}:sqs:${Region}:${Account}:${QueueName}` → the place, and `*` for the
/// other placeholders.
fn fill(format: &str, p: &Place) -> String {
    let mut out = String::new();
    let mut rest = format;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push_str(match &rest[start + 2..start + end] {
            "Partition" => &p.partition,
            "Region" => &p.region,
            "Account" => &p.account,
            _ => "*",
        });
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The ARN built from a name (or URL), or the service's any-ARN with the reason.
pub(super) fn name_in(v: Resolved, build: impl Fn(&str) -> String) -> Arn {
    let why = v.why_not_exact();
    match v.pattern() {
        Some(n) => (build(n), why),
        None => (build("*"), why),
    }
}

/// A value that should be a whole ARN; `any` when it is not known at all.
pub(super) fn arn_or_any(v: Resolved, any: impl Fn() -> String) -> Arn {
    let why = v.why_not_exact();
    match v.pattern() {
        Some(a) if a.starts_with("arn:") => (a.to_string(), why),
        Some(_) | None => (any(), why.or(Some("not an ARN".into()))),
    }
}

pub(super) fn iam_role_any(p: &Place) -> String {
    format!("arn:{}:iam::{}:role/*", p.partition, p.account)
}

/// The queue name in a queue URL (`https://sqs.…/123456789012/name`) or ARN.
fn queue_name(url_or_name: &str) -> &str {
    url_or_name.rsplit(['/', ':']).next().unwrap_or(url_or_name)
}

/// The bucket ARNs of a call. A bucket read from the S3 event record
/// (`record["s3"]["bucket"]["name"]`, `record.s3.bucket.name`) is one of the buckets of the
/// function's own `s3` events.
fn s3_buckets(call: &SdkCall, r: &Resolver) -> Vec<Arn> {
    bucket_arns(call.args.get("Bucket"), r)
}

/// The ARNs a bucket value names: the function's event buckets for a name read from the S3
/// event record, else the bucket the value resolves to (`*` when unknown).
pub(super) fn bucket_arns(bucket: Option<&Value>, r: &Resolver) -> Vec<Arn> {
    let partition = &r.place.partition;
    if let Some(Value::Unknown(src)) = bucket {
        let compact: String = src
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '"')
            .collect();
        // (`record.bucket.name` after `record = event.Records[0].s3`: with s3 events, a
        // bucket's name read off a record is the event's.)
        if compact.contains("[s3][bucket][name]")
            || compact.contains(".s3.bucket.name")
            || compact.contains("[bucket][name]")
            || compact.ends_with(".bucket.name")
        {
            let buckets = event_buckets(r);
            if !buckets.is_empty() {
                return buckets
                    .into_iter()
                    .map(|b| (format!("arn:{partition}:s3:::{b}"), None))
                    .collect();
            }
        }
    }
    vec![match bucket.map(|v| r.value(v)) {
        Some(b) => name_in(b, |n| format!("arn:{partition}:s3:::{n}")),
        None => (
            format!("arn:{partition}:s3:::*"),
            Some("no bucket named".into()),
        ),
    }]
}

/// The buckets of the function's `s3` events.
fn event_buckets(r: &Resolver) -> Vec<String> {
    let mut out: Vec<String> = r
        .function
        .events
        .iter()
        .filter_map(|e| e.get("s3"))
        .filter_map(|s| s.get("bucket").unwrap_or(s).as_str())
        .filter(|b| !b.contains("${"))
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn s3_objects(call: &SdkCall, r: &Resolver) -> Vec<Arn> {
    let named = call.args.get("Key").or_else(|| deleted_key(call));
    let key = match named.map(|v| r.value(v)) {
        Some(k) => match (k.pattern(), k.why_not_exact()) {
            (Some(text), why_key) => (key_pattern(text), why_key),
            (None, why_key) => ("*".to_string(), why_key),
        },
        None => ("*".to_string(), Some("no object key named".into())),
    };
    let from_event = call.args.get("Key").is_some_and(read_from_event_key);
    s3_buckets(call, r)
        .into_iter()
        .map(|(bucket, why)| {
            // The key of the object the event is about: the event's rules fix its prefix and
            // suffix on the bucket they are set for.
            let name = bucket.rsplit(':').next().unwrap_or("");
            match event_rules(r, name) {
                Some((prefix, suffix)) if from_event && key.0 == "*" => {
                    (format!("{bucket}/{prefix}*{suffix}"), None)
                }
                _ => (format!("{bucket}/{}", key.0), why.or(key.1.clone())),
            }
        })
        .collect()
}

/// The key a multi-object delete names: `Delete={"Objects": [{"Key": k}]}` with one
/// kind of entry (a list built element by element, or one literal). Several different
/// keys are left to the `*` of an unnamed key.
fn deleted_key(call: &SdkCall) -> Option<&Value> {
    let Some(Value::Map(delete)) = call.args.get("Delete") else {
        return None;
    };
    let Some(Value::List(objects)) = delete.get("Objects") else {
        return None;
    };
    let mut keys = objects.iter().map(|o| match o {
        Value::Map(entry) => entry.get("Key"),
        _ => None,
    });
    let first = keys.next()??;
    keys.all(|k| k == Some(first)).then_some(first)
}

/// Whether a key is read from the S3 event record (`record["s3"]["object"]["key"]`,
/// `record.s3.object.key`, decoded or not).
fn read_from_event_key(v: &Value) -> bool {
    let Value::Unknown(src) = v else {
        return false;
    };
    let compact: String = src
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '"')
        .collect();
    compact.contains("[object][key]") || compact.contains("object.key")
}

/// The `prefix` and `suffix` rules of the function's `s3` event on `bucket`, when it has
/// such an event with at least one of them.
fn event_rules(r: &Resolver, bucket: &str) -> Option<(String, String)> {
    r.function
        .events
        .iter()
        .filter_map(|e| e.get("s3"))
        .filter(|s| s.get("bucket").and_then(|b| b.as_str()) == Some(bucket))
        .find_map(|s| {
            let rules = s.get("rules")?.as_sequence()?;
            let rule = |name: &str| {
                rules
                    .iter()
                    .find_map(|r| r.get(name).and_then(|v| v.as_str()))
                    .filter(|v| !v.contains("${") && !v.contains('*'))
                    .map(str::to_string)
            };
            let (prefix, suffix) = (rule("prefix"), rule("suffix"));
            (prefix.is_some() || suffix.is_some())
                .then(|| (prefix.unwrap_or_default(), suffix.unwrap_or_default()))
        })
}

fn s3_object(call: &SdkCall, r: &Resolver) -> Arn {
    s3_objects(call, r).remove(0)
}

/// A key: exact, or its known prefix, `*`, and the literal the code ends every key with
/// (`covers/{id}.jpg` → `covers/*.jpg`). IAM's `*` matches any characters, `/` included,
/// so the pattern holds every key built that way; literals between unknown parts are left
/// to the `*`, as a person writing the policy would. (A value past the domain's caps is
/// unknown as a whole, never cut, so its last literal is a true suffix.)
pub(super) fn key_pattern(text: &str) -> String {
    match (text.find('*'), text.rfind('*')) {
        (Some(first), Some(last)) => format!("{}*{}", &text[..first], &text[last + 1..]),
        _ => text.to_string(),
    }
}

fn copy_source(call: &SdkCall, r: &Resolver) -> Arn {
    match call.args.get("CopySource").map(|v| r.value(v)) {
        Some(src) => {
            let why = src.why_not_exact();
            match src.pattern() {
                Some(s) => {
                    let s = s.trim_start_matches('/');
                    let s = if s.contains('/') {
                        key_pattern(s)
                    } else {
                        format!("{s}/*")
                    };
                    (format!("arn:{}:s3:::{s}", r.place.partition), why)
                }
                None => (format!("arn:{}:s3:::*", r.place.partition), why),
            }
        }
        None => (
            format!("arn:{}:s3:::*", r.place.partition),
            Some("the copy source is not a plain string".into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::calls::Value;
    use std::collections::BTreeMap;

    const YML: &str = r#"
service: shop
provider:
  name: aws
  stage: prod
  environment:
    BUCKET: shop-files
    TABLE: !Ref Orders
    QUEUE_URL: !Ref Jobs
functions:
  api:
    handler: h.api
    events:
      - s3:
          bucket: shop-uploads
          event: s3:ObjectCreated:*
          rules:
            - prefix: in/
            - suffix: .jpg
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: shop-orders
    Jobs:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: shop-jobs
"#;

    fn grants(
        service: &str,
        op: &str,
        args: &[(&str, Value)],
    ) -> (Vec<(String, String)>, Vec<Finding>) {
        let svc = crate::iam::resolve::test_service(YML);
        let place = Place::new(Some("eu-west-1"), Some("111122223333"));
        let r = Resolver {
            svc: &svc,
            function: &svc.functions[0],
            place: &place,
        };
        let call = SdkCall {
            service: service.into(),
            operation: op.into(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
            file: "h.py".into(),
            line: 3,
        };
        let mut findings = Vec::new();
        let got = for_call(&call, &r, &mut findings)
            .into_iter()
            .map(|g| (g.action, g.resource))
            .collect();
        (got, findings)
    }

    fn env(n: &str) -> Value {
        Value::Env(n.into())
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn s3_objects_buckets_and_copies() {
        let key = Value::Concat(vec![
            Value::Str("uploads/".into()),
            Value::Unknown("name".into()),
        ]);
        let (g, _) = grants(
            "s3",
            "PutObject",
            &[("Bucket", env("BUCKET")), ("Key", key)],
        );
        assert_eq!(
            g,
            pairs(&[("s3:PutObject", "arn:aws:s3:::shop-files/uploads/*")])
        );
        let (g, _) = grants("s3", "ListObjectsV2", &[("Bucket", env("BUCKET"))]);
        assert_eq!(g, pairs(&[("s3:ListBucket", "arn:aws:s3:::shop-files")]));
        let (g, _) = grants(
            "s3",
            "HeadObject",
            &[
                ("Bucket", env("BUCKET")),
                ("Key", Value::Str("a.txt".into())),
            ],
        );
        assert_eq!(
            g,
            pairs(&[("s3:GetObject", "arn:aws:s3:::shop-files/a.txt")])
        );
        let (g, _) = grants(
            "s3",
            "CopyObject",
            &[
                ("Bucket", env("BUCKET")),
                ("Key", Value::Str("b/x".into())),
                ("CopySource", Value::Str("other/a/x".into())),
            ],
        );
        assert_eq!(
            g,
            pairs(&[
                ("s3:GetObject", "arn:aws:s3:::other/a/x"),
                ("s3:PutObject", "arn:aws:s3:::shop-files/b/x")
            ])
        );
    }

    #[test]
    fn a_batch_delete_is_granted_on_the_keys_its_entries_name() {
        let entry = |k: Value| Value::map([("Key".to_string(), k)]);
        let listed = Value::Concat(vec![
            Value::Str("reports/".into()),
            Value::Unknown("a key the listing returns".into()),
        ]);
        let delete =
            |objects: Vec<Value>| Value::map([("Objects".to_string(), Value::list(objects))]);
        let (g, _) = grants(
            "s3",
            "DeleteObjects",
            &[
                ("Bucket", env("BUCKET")),
                ("Delete", delete(vec![entry(listed)])),
            ],
        );
        assert_eq!(
            g,
            pairs(&[("s3:DeleteObject", "arn:aws:s3:::shop-files/reports/*")])
        );
        // Two different keys: the batch is not narrowed to either.
        let two = delete(vec![
            entry(Value::Str("a.txt".into())),
            entry(Value::Str("b.txt".into())),
        ]);
        let (g, _) = grants(
            "s3",
            "DeleteObjects",
            &[("Bucket", env("BUCKET")), ("Delete", two)],
        );
        assert_eq!(
            g,
            pairs(&[("s3:DeleteObject", "arn:aws:s3:::shop-files/*")])
        );
    }

    #[test]
    fn a_bucket_from_the_s3_event_is_the_functions_event_bucket() {
        let bucket = Value::Unknown("record[\"s3\"][\"bucket\"][\"name\"]".into());
        let (g, _) = grants(
            "s3",
            "GetObject",
            &[("Bucket", bucket), ("Key", Value::Unknown("key".into()))],
        );
        assert_eq!(g, pairs(&[("s3:GetObject", "arn:aws:s3:::shop-uploads/*")]));
        // The key the event names: its rules fix the prefix and the suffix.
        for (bucket, key) in [
            (
                "record[\"s3\"][\"bucket\"][\"name\"]",
                "unquote_plus(record[\"s3\"][\"object\"][\"key\"])",
            ),
            (
                "record.bucket.name",
                "decodeURIComponent(record.object.key)",
            ),
        ] {
            let (g, _) = grants(
                "s3",
                "GetObject",
                &[
                    ("Bucket", Value::Unknown(bucket.into())),
                    ("Key", Value::Unknown(key.into())),
                ],
            );
            assert_eq!(
                g,
                pairs(&[("s3:GetObject", "arn:aws:s3:::shop-uploads/in/*.jpg")]),
                "{key}"
            );
        }
        let (g, _) = grants(
            "s3",
            "GetObject",
            &[
                ("Bucket", Value::Str("shop-uploads".into())),
                ("Key", Value::Unknown("message.key".into())),
            ],
        );
        assert_eq!(g, pairs(&[("s3:GetObject", "arn:aws:s3:::shop-uploads/*")]));
        let (g, _) = grants(
            "s3",
            "GetObject",
            &[("Bucket", Value::Unknown("pick()".into()))],
        );
        assert_eq!(g, pairs(&[("s3:GetObject", "arn:aws:s3:::*/*")]));
    }

    #[test]
    fn a_key_keeps_its_prefix_and_the_suffix_the_code_ends_it_with() {
        let u = |t: &str| Value::Unknown(t.into());
        let s = |t: &str| Value::Str(t.into());
        let key = |parts: Vec<Value>| Value::Concat(parts);
        for (parts, want) in [
            (vec![s("covers/"), u("id"), s(".jpg")], "covers/*.jpg"),
            (
                vec![s("r/"), u("tenant"), s("/"), u("id"), s(".json")],
                "r/*.json",
            ),
            (vec![s("tmp/"), u("id")], "tmp/*"),
        ] {
            let (g, _) = grants(
                "s3",
                "PutObject",
                &[("Bucket", s("b")), ("Key", key(parts))],
            );
            assert_eq!(
                g,
                pairs(&[("s3:PutObject", &format!("arn:aws:s3:::b/{want}"))])
            );
        }
    }

    #[test]
    fn lists_of_names_and_the_buses_of_event_entries() {
        let list = |items: &[Value]| Value::List(items.to_vec());
        let s = |t: &str| Value::Str(t.into());
        let (g, _) = grants(
            "ssm",
            "GetParameters",
            &[("Names", list(&[s("/a/b"), s("c")]))],
        );
        assert_eq!(
            g,
            pairs(&[
                (
                    "ssm:GetParameters",
                    "arn:aws:ssm:eu-west-1:111122223333:parameter/a/b"
                ),
                (
                    "ssm:GetParameters",
                    "arn:aws:ssm:eu-west-1:111122223333:parameter/c"
                ),
            ])
        );
        let (g, _) = grants(
            "secretsmanager",
            "GetSecretValue",
            &[("SecretId", list(&[s("smtp")]))],
        );
        assert_eq!(
            g,
            pairs(&[(
                "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:smtp-??????"
            )])
        );
        let entry = |bus: Option<&str>| {
            Value::Map(
                bus.map(|b| ("EventBusName".to_string(), s(b)))
                    .into_iter()
                    .chain([("Source".to_string(), s("app"))])
                    .collect(),
            )
        };
        let (g, _) = grants(
            "eventbridge",
            "PutEvents",
            &[("Entries", list(&[entry(Some("orders")), entry(None)]))],
        );
        assert_eq!(
            g,
            pairs(&[
                (
                    "events:PutEvents",
                    "arn:aws:events:eu-west-1:111122223333:event-bus/orders"
                ),
                (
                    "events:PutEvents",
                    "arn:aws:events:eu-west-1:111122223333:event-bus/default"
                ),
            ])
        );
        // Entries the analysis cannot read may name any bus.
        let (g, _) = grants(
            "eventbridge",
            "PutEvents",
            &[("Entries", Value::Unknown("entries".into()))],
        );
        assert_eq!(
            g,
            pairs(&[(
                "events:PutEvents",
                "arn:aws:events:eu-west-1:111122223333:event-bus/*"
            )])
        );
    }

    #[test]
    fn lambda_sets_the_region_and_the_context_names_the_account() {
        let arn = Value::Concat(vec![
            Value::Str("arn:aws:states:".into()),
            env("AWS_REGION"),
            Value::Str(":".into()),
            Value::Unknown("context.invoked_function_arn.split(\":\")[4]".into()),
            Value::Str(":execution:m:".into()),
            Value::Unknown("execution_id".into()),
        ]);
        let (g, _) = grants(
            "stepfunctions",
            "DescribeExecution",
            &[("executionArn", arn)],
        );
        assert_eq!(
            g,
            pairs(&[(
                "states:DescribeExecution",
                "arn:aws:states:eu-west-1:111122223333:execution:m:*"
            )])
        );
        let (g, _) = grants(
            "lambda",
            "GetFunction",
            &[("FunctionName", env("AWS_LAMBDA_FUNCTION_NAME"))],
        );
        assert_eq!(
            g,
            pairs(&[(
                "lambda:GetFunction",
                "arn:aws:lambda:eu-west-1:111122223333:function:shop-prod-api"
            )])
        );
    }

    #[test]
    fn tables_indexes_queues_and_functions() {
        let (g, _) = grants(
            "dynamodb",
            "Query",
            &[
                ("TableName", env("TABLE")),
                ("IndexName", Value::Str("byOwner".into())),
            ],
        );
        assert_eq!(
            g,
            pairs(&[(
                "dynamodb:Query",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/shop-orders/index/byOwner"
            )])
        );
        let (g, _) = grants("dynamodb", "PutItem", &[("TableName", env("TABLE"))]);
        assert_eq!(
            g,
            pairs(&[(
                "dynamodb:PutItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/shop-orders"
            )])
        );
        let (g, _) = grants("sqs", "SendMessageBatch", &[("QueueUrl", env("QUEUE_URL"))]);
        assert_eq!(
            g,
            pairs(&[(
                "sqs:SendMessage",
                "arn:aws:sqs:eu-west-1:111122223333:shop-jobs"
            )])
        );
        let (g, _) = grants(
            "lambda",
            "Invoke",
            &[("FunctionName", Value::Str("worker".into()))],
        );
        assert_eq!(
            g,
            pairs(&[(
                "lambda:InvokeFunction",
                "arn:aws:lambda:eu-west-1:111122223333:function:worker"
            )])
        );
        let (g, _) = grants(
            "lambda",
            "Invoke",
            &[
                ("FunctionName", Value::Str("worker".into())),
                ("Qualifier", Value::Str("live".into())),
            ],
        );
        assert_eq!(
            g,
            pairs(&[
                (
                    "lambda:InvokeFunction",
                    "arn:aws:lambda:eu-west-1:111122223333:function:worker"
                ),
                (
                    "lambda:InvokeFunction",
                    "arn:aws:lambda:eu-west-1:111122223333:function:worker:*"
                )
            ])
        );
        let (g, _) = grants(
            "secretsmanager",
            "GetSecretValue",
            &[("SecretId", Value::Str("db/password".into()))],
        );
        assert_eq!(
            g,
            pairs(&[(
                "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db/password-??????"
            )])
        );
        let (g, _) = grants(
            "ssm",
            "GetParameter",
            &[("Name", Value::Str("/shop/prod/key".into()))],
        );
        assert_eq!(
            g,
            pairs(&[(
                "ssm:GetParameter",
                "arn:aws:ssm:eu-west-1:111122223333:parameter/shop/prod/key"
            )])
        );
    }

    #[test]
    fn unknowns_are_scoped_wildcards_and_roles_are_passed() {
        let (g, _) = grants(
            "dynamodb",
            "GetItem",
            &[("TableName", Value::Unknown("name".into()))],
        );
        assert_eq!(
            g,
            pairs(&[(
                "dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/*"
            )])
        );
        let (g, _) = grants("xray", "PutTraceSegments", &[]);
        assert_eq!(g, pairs(&[("xray:PutTraceSegments", "*")]));
        let (g, _) = grants(
            "stepfunctions",
            "StartExecution",
            &[(
                "stateMachineArn",
                Value::Str("arn:aws:states:eu-west-1:111122223333:stateMachine:flow".into()),
            )],
        );
        assert_eq!(
            g,
            pairs(&[(
                "states:StartExecution",
                "arn:aws:states:eu-west-1:111122223333:stateMachine:flow"
            )])
        );
        let (g, _) = grants(
            "ecs",
            "RunTask",
            &[(
                "TaskRoleArn",
                Value::Str("arn:aws:iam::111122223333:role/task".into()),
            )],
        );
        assert!(
            g.contains(&(
                "iam:PassRole".to_string(),
                "arn:aws:iam::111122223333:role/task".to_string()
            )),
            "{g:?}"
        );
        let (g, f) = grants("s3", "FlyToTheMoon", &[]);
        assert!(g.is_empty());
        assert!(f[0].message.contains("FlyToTheMoon"));
    }
}
