//! Grants a request implies beyond its own actions: the S3 objects that some services read
//! or write with the caller's credentials (a Rekognition `Image.S3Object`, a Transcribe
//! `Media.MediaFileUri`), and `iam:PassRole` for every role ARN in the request, at any depth,
//! scoped to that role and, where the receiving service is known, to it through
//! `iam:PassedToService`. Which service does what is data (`data/iam/implied-s3.tsv`,
//! `data/iam/passrole.tsv`), so a new fact is a line, not a code branch.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::actions;
use super::calls::{SdkCall, Value};
use super::grants::{Arn, arn_or_any, iam_role_any, key_pattern};
use super::policy::Condition;
use super::resolve::Resolver;

const S3_TSV: &str = include_str!("../../data/iam/implied-s3.tsv");
const PASSROLE_TSV: &str = include_str!("../../data/iam/passrole.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A bucket field and a key field.
    Object,
    /// A bucket field and a key-prefix field.
    Prefix,
    /// One `s3://bucket/key` field.
    Uri,
}

#[derive(Debug)]
struct S3Rule {
    service: &'static str,
    /// Empty: every operation.
    operations: Vec<&'static str>,
    action: &'static str,
    at: Vec<&'static str>,
    form: Form,
    bucket: &'static str,
    key: Option<&'static str>,
    unless: Option<Vec<&'static str>>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn path(p: &'static str) -> Vec<&'static str> {
    if p == "." {
        Vec::new()
    } else {
        p.split('.').collect()
    }
}

fn s3_rules() -> &'static [S3Rule] {
    static RULES: OnceLock<Vec<S3Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        data_lines(S3_TSV)
            .filter_map(|cols| {
                let [service, ops, action, at, form, bucket, key, unless] = cols[..] else {
                    return None;
                };
                Some(S3Rule {
                    service,
                    operations: ops.split(',').filter(|o| *o != "*").collect(),
                    action,
                    at: path(at),
                    form: match form {
                        "object" => Form::Object,
                        "prefix" => Form::Prefix,
                        "uri" => Form::Uri,
                        _ => return None,
                    },
                    bucket,
                    key: (key != "-").then_some(key),
                    unless: (unless != "-").then(|| path(unless)),
                })
            })
            .collect()
    })
}

/// Botocore service name → the principal a passed role goes to (`None`: not passed).
fn principals() -> &'static HashMap<&'static str, Option<&'static str>> {
    static TABLE: OnceLock<HashMap<&'static str, Option<&'static str>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        data_lines(PASSROLE_TSV)
            .filter_map(|cols| match cols[..] {
                [service, "-"] => Some((service, None)),
                [service, principal] => Some((service, Some(principal))),
                _ => None,
            })
            .collect()
    })
}

/// The values at a path; a `name[]` segment goes into each element of that list.
fn at<'v>(v: &'v Value, path: &[&str]) -> Vec<&'v Value> {
    let Some((first, rest)) = path.split_first() else {
        return vec![v];
    };
    let (name, each) = match first.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (*first, false),
    };
    match (v.at(&[name]), each) {
        (Some(Value::List(items)), true) => items.iter().flat_map(|i| at(i, rest)).collect(),
        (Some(inner), false) => at(inner, rest),
        _ => Vec::new(),
    }
}

/// The S3 objects the call reads (`s3:GetObject`) or writes (`s3:PutObject`) through the
/// service, with the caller's credentials.
pub fn s3(call: &SdkCall, r: &Resolver) -> Vec<(&'static str, Arn)> {
    let Some(service) = actions::canonical_service(&call.service) else {
        return Vec::new();
    };
    let request = Value::Map(call.args.clone());
    let same_op = |op: &str| {
        let norm = |s: &str| s.replace('_', "").to_ascii_lowercase();
        norm(op) == norm(&call.operation)
    };
    let mut out = Vec::new();
    for rule in s3_rules() {
        if rule.service != service
            || !(rule.operations.is_empty() || rule.operations.iter().any(|o| same_op(o)))
            || rule
                .unless
                .as_ref()
                .is_some_and(|u| !at(&request, u).is_empty())
        {
            continue;
        }
        for loc in at(&request, &rule.at) {
            let bucket = loc.at(&[rule.bucket]);
            let key = rule.key.and_then(|k| loc.at(&[k]));
            let arn = match rule.form {
                Form::Uri => match bucket {
                    Some(uri) => vec![s3_uri(uri, r)],
                    None => continue,
                },
                Form::Object | Form::Prefix if bucket.is_none() && key.is_none() => continue,
                Form::Object => object(bucket, key, false, r),
                Form::Prefix => object(bucket, key, true, r),
            };
            out.extend(arn.into_iter().map(|arn| (rule.action, arn)));
        }
    }
    out
}

/// `arn:aws:s3:::bucket/key`, the key exact or, for a prefix, followed by `*`; one per
/// bucket the value may name (a bucket from the S3 event is any of the function's event
/// buckets).
fn object(bucket: Option<&Value>, key: Option<&Value>, prefix: bool, r: &Resolver) -> Vec<Arn> {
    let (key, why_key) = match key.map(|k| r.value(k)) {
        Some(k) => {
            let text = k.pattern().map_or("*".to_string(), key_pattern);
            let text = if prefix && !text.ends_with('*') {
                format!("{text}*")
            } else {
                text
            };
            (text, k.why_not_exact())
        }
        None if prefix => ("*".to_string(), None),
        None => ("*".to_string(), Some("no object key named".into())),
    };
    super::grants::bucket_arns(bucket, r)
        .into_iter()
        .map(|(bucket, why_bucket)| (format!("{bucket}/{key}"), why_bucket.or(why_key.clone())))
        .collect()
}

/// `s3://bucket/key` → the object's ARN.
fn s3_uri(uri: &Value, r: &Resolver) -> Arn {
    let partition = &r.place.partition;
    let resolved = r.value(uri);
    let why = resolved.why_not_exact();
    match resolved.pattern().and_then(|u| u.strip_prefix("s3://")) {
        Some(rest) => {
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, "*"));
            let key = if key.is_empty() { "*" } else { key };
            (
                format!("arn:{partition}:s3:::{bucket}/{}", key_pattern(key)),
                why,
            )
        }
        None => (
            format!("arn:{partition}:s3:::*/*"),
            why.or(Some("not an s3:// URI".into())),
        ),
    }
}

/// `iam:PassRole` for every role the request passes: each parameter named `*RoleArn` (any
/// case: `roleArn`, `RoleARN`, `executionRoleArn`), and `Role` where it holds an ARN, at any
/// depth; with `iam:PassedToService` where the receiving service is known.
pub fn pass_roles(call: &SdkCall, r: &Resolver) -> Vec<(Arn, Option<Condition>)> {
    let service = actions::canonical_service(&call.service).unwrap_or("");
    let condition = match principals().get(service) {
        Some(None) => return Vec::new(),
        Some(Some(principal)) => Some(Condition::passed_to(principal)),
        None => None,
    };
    let mut roles = Vec::new();
    for (name, v) in &call.args {
        find_roles(name, v, true, r, &mut roles);
    }
    roles.into_iter().map(|a| (a, condition.clone())).collect()
}

fn find_roles(name: &str, v: &Value, top: bool, r: &Resolver, out: &mut Vec<Arn>) {
    let any = || iam_role_any(r.place);
    if name.to_ascii_lowercase().ends_with("rolearn") {
        out.push(arn_or_any(r.value(v), any));
    } else if name == "Role" {
        let resolved = r.value(v);
        match resolved.pattern().map(|a| a.starts_with("arn:")) {
            Some(true) => out.push(arn_or_any(resolved, any)),
            // A computed `Role` at the top (Lambda CreateFunction, Glue CreateJob) is a role
            // all the same; deeper down, `Role` names other things too.
            None if top => out.push(arn_or_any(resolved, any)),
            _ => {}
        }
    }
    descend(v, r, out);
}

/// The parameters inside a structure, and inside each element of a list.
fn descend(v: &Value, r: &Resolver, out: &mut Vec<Arn>) {
    match v {
        Value::Map(m) => {
            for (k, inner) in m {
                find_roles(k, inner, false, r, out);
            }
        }
        Value::List(items) => {
            for inner in items {
                descend(inner, r, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod code_tests;
#[cfg(test)]
mod tests;
