//! The generated policies in the forms teams deploy them with, as files: plain policy
//! documents, Serverless Framework v4 `iam.role.statements`, the
//! serverless-iam-roles-per-function plugin's `iamRoleStatements`, Terraform
//! `aws_iam_policy_document` data sources, and CloudFormation roles, rendered in memory;
//! [`super::outdir`] writes them, or compares them for `--check`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use super::generate::GenerateReport;
use super::outdir;
use super::policy::Policy;
use super::resolve::{PSEUDO, wildcard_unresolved};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON policy document per function (<function>.json)
    Policy,
    /// Framework v4: functions.<fn>.iam.role.statements (serverless-iam.yml)
    Serverless,
    /// serverless-iam-roles-per-function: functions.<fn>.iamRoleStatements (iam-roles-per-function.yml)
    Plugin,
    /// Terraform aws_iam_policy_document data sources (iam.tf)
    Terraform,
    /// CloudFormation AWS::IAM::Role resources, one per function (iam-roles.yml)
    Cloudformation,
}

/// The files of a format: relative path → content.
pub fn render(report: &GenerateReport, format: Format) -> Result<BTreeMap<PathBuf, String>> {
    let mut files = BTreeMap::new();
    match format {
        Format::Policy => {
            // Percent-encoding keeps distinct keys apart; a case-insensitive file system
            // (macOS, Windows) would still write `Api` and `api` to one file.
            let mut taken = BTreeMap::new();
            for f in &report.functions {
                let name = outdir::file_name(&f.key, "json")?;
                let what = format!("written to {name}");
                claim(&mut taken, name.to_lowercase(), &f.key, &what)?;
                files.insert(PathBuf::from(name), f.policy.to_json());
            }
        }
        Format::Serverless => {
            let mut fns = serde_json::Map::new();
            for f in &report.functions {
                fns.insert(
                    f.key.clone(),
                    json!({"iam": {"role": {"statements": statements(&f.policy)}}}),
                );
            }
            files.insert(
                "serverless-iam.yml".into(),
                yaml(&header(report), &json!({"functions": fns}))?,
            );
        }
        Format::Plugin => {
            let mut fns = serde_json::Map::new();
            for f in &report.functions {
                fns.insert(
                    f.key.clone(),
                    json!({"iamRoleStatements": statements(&f.policy)}),
                );
            }
            files.insert(
                "iam-roles-per-function.yml".into(),
                yaml(&header(report), &json!({"functions": fns}))?,
            );
        }
        Format::Terraform => {
            files.insert(
                "iam.tf".into(),
                super::terraform::render(report, &header(report))?,
            );
        }
        Format::Cloudformation => {
            let mut resources = serde_json::Map::new();
            let mut taken = BTreeMap::new();
            for f in &report.functions {
                let role = json!({
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "AssumeRolePolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [{
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole"
                            }]
                        },
                        "Policies": [{
                            "PolicyName": policy_name(&f.name),
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": statements(&f.policy)
                            }
                        }]
                    }
                });
                let id = format!("{}Role", logical_id(&f.key)?);
                claim(
                    &mut taken,
                    id.clone(),
                    &f.key,
                    &format!("the resource {id}"),
                )?;
                resources.insert(id, role);
            }
            files.insert(
                "iam-roles.yml".into(),
                yaml(&header(report), &json!({"Resources": resources}))?,
            );
        }
    }
    Ok(files)
}

/// Function `key` takes `name`; a second key on the same name is an error that names both.
pub(super) fn claim<'k>(
    taken: &mut BTreeMap<String, &'k str>,
    name: String,
    key: &'k str,
    what: &str,
) -> Result<()> {
    match taken.insert(name, key) {
        Some(other) => Err(Error::usage(
            format!(
                "functions {} and {} would both be {what}",
                other.escape_debug(),
                key.escape_debug()
            ),
            Some("rename one of them in serverless.yml".to_string()),
        )),
        None => Ok(()),
    }
}

/// The comment on top of every file. The service name and stage come from serverless.yml;
/// a line break in them would end the comment, so control characters are escaped.
fn header(report: &GenerateReport) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    format!(
        "# Generated by `gearctl iam generate` for {} (stage {}). Do not edit: regenerate.\n",
        safe(&report.service),
        safe(&report.stage)
    )
}

/// Statements for YAML/CloudFormation: a resource with gearctl's `${AWS::…}` placeholders
/// becomes `Fn::Sub`.
pub(crate) fn statements(p: &Policy) -> Value {
    Value::Array(
        p.statement
            .iter()
            .map(|s| {
                let resources: Vec<Value> = s
                    .resource
                    .iter()
                    .map(|r| {
                        if PSEUDO.iter().any(|p| r.contains(p)) {
                            json!({"Fn::Sub": sub_template(r)})
                        } else {
                            json!(r)
                        }
                    })
                    .collect();
                let mut statement =
                    json!({"Effect": s.effect, "Action": s.action, "Resource": resources});
                if let Some(c) = &s.condition {
                    statement["Condition"] = json!(c);
                }
                statement
            })
            .collect(),
    )
}

/// `Fn::Sub` text: gearctl's placeholders stay, and any other `${` is written `${!`, which
/// CloudFormation renders as a literal `${` instead of evaluating it.
fn sub_template(r: &str) -> String {
    let mut out = String::new();
    let mut rest = r;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match PSEUDO.iter().find(|p| tail.starts_with(**p)) {
            Some(p) => {
                out.push_str(p);
                rest = &tail[p.len()..];
            }
            None => {
                out.push_str("${!");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The role's logical ID: the Framework's spelling of the key, with any character other
/// than an ASCII letter or digit written as `X` and its code point in hex.
fn logical_id(key: &str) -> Result<String> {
    let id: String = crate::service::logical_id(key)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("X{:X}", c as u32)
            }
        })
        .collect();
    // CloudFormation takes 255 characters, `Role` included.
    if id.len() > 251 {
        return Err(Error::usage(
            format!(
                "function key {} is too long for a CloudFormation logical ID",
                key.escape_debug()
            ),
            Some("shorten the function key in serverless.yml".to_string()),
        ));
    }
    Ok(id)
}

/// The inline policy's name: IAM takes letters, digits and `+=,.@_-`, 128 at most.
fn policy_name(function: &str) -> String {
    let name = wildcard_unresolved(function).map_or_else(|| function.to_string(), |(s, _)| s);
    let mut safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "+=,.@_-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    safe.truncate(128 - "-least-privilege".len());
    safe + "-least-privilege"
}

fn yaml(header: &str, v: &Value) -> Result<String> {
    let body = serde_yaml::to_string(v).map_err(|e| Error::Invalid {
        what: "the generated YAML".into(),
        detail: e.to_string(),
        hint: None,
    })?;
    Ok(format!("{header}{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_evaluates_only_our_placeholders() {
        assert_eq!(
            sub_template("arn:aws:logs:${AWS::Region}:${AWS::AccountId}:fn-${var.pw}:${!x}"),
            "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:fn-${!var.pw}:${!!x}"
        );
    }

    #[test]
    fn logical_ids_and_policy_names_use_allowed_characters() {
        assert_eq!(logical_id("send-mail").unwrap(), "SendDashmail");
        assert_eq!(logical_id("a.b\n").unwrap(), "AX2EbXA");
        assert!(logical_id(&"a".repeat(300)).is_err());
        assert_eq!(
            policy_name("fn-${var.db_password} x"),
            "fn-__x-least-privilege"
        );
        assert_eq!(policy_name(&"n".repeat(200)).len(), 128);
    }
}
