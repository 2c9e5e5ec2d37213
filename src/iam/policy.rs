//! Grants (one action on one resource, with where it came from) and the policy document they
//! become: merged, and sorted so that the same input always gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an action is needed: a line of code or a serverless.yml key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub enum Origin {
    Code { file: String, line: usize },
    Config(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Code { file, line } => write!(f, "{file}:{line}"),
            Origin::Config(key) => write!(f, "serverless.yml {key}"),
        }
    }
}

impl From<Origin> for String {
    fn from(o: Origin) -> String {
        o.to_string()
    }
}

/// One action on one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub action: String,
    pub resource: String,
    pub origin: Origin,
    /// Set when the resource is a wildcard (whole or in part): why it could not be exact.
    pub wildcard: Option<String>,
}

/// An IAM policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policy {
    pub version: String,
    pub statement: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Statement {
    pub effect: String,
    pub action: Vec<String>,
    pub resource: Vec<String>,
}

/// Merge grants into statements: each action gets the set of its resources (a `*` makes
/// the others moot), and actions with the same resource set share a statement. Actions and
/// resources are sorted; statements are sorted by their first action.
pub fn build(grants: &[Grant]) -> Policy {
    let mut by_action: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for g in grants {
        by_action
            .entry(g.action.as_str())
            .or_default()
            .insert(g.resource.as_str());
    }
    let mut by_resources: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for (action, resources) in by_action {
        let resources: Vec<String> = if resources.contains("*") {
            vec!["*".to_string()]
        } else {
            resources.into_iter().map(str::to_string).collect()
        };
        by_resources
            .entry(resources)
            .or_default()
            .insert(action.to_string());
    }
    let mut statement: Vec<Statement> = by_resources
        .into_iter()
        .map(|(resource, actions)| Statement {
            effect: "Allow".into(),
            action: actions.into_iter().collect(),
            resource,
        })
        .collect();
    statement.sort_by(|a, b| a.action.cmp(&b.action).then(a.resource.cmp(&b.resource)));
    Policy {
        version: "2012-10-17".into(),
        statement,
    }
}

impl Policy {
    /// Every (action, resource) pair the policy allows, as written.
    pub fn pairs(&self) -> BTreeSet<(String, String)> {
        self.statement
            .iter()
            .flat_map(|s| {
                s.action
                    .iter()
                    .flat_map(move |a| s.resource.iter().map(move |r| (a.clone(), r.clone())))
            })
            .collect()
    }

    /// Pretty JSON with a trailing newline: the committed file format.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(action: &str, resource: &str) -> Grant {
        Grant {
            action: action.into(),
            resource: resource.into(),
            origin: Origin::Config("x".into()),
            wildcard: None,
        }
    }

    #[test]
    fn merges_and_sorts_deterministically() {
        let grants = vec![
            g("sqs:SendMessage", "arn:q2"),
            g("s3:GetObject", "arn:b/*"),
            g("sqs:SendMessage", "arn:q1"),
            g("sqs:GetQueueAttributes", "arn:q1"),
            g("sqs:GetQueueAttributes", "arn:q2"),
            g("xray:PutTraceSegments", "*"),
            g("s3:PutObject", "arn:b/*"),
            g("s3:PutObject", "*"),
        ];
        let p = build(&grants);
        let mut reversed = grants.clone();
        reversed.reverse();
        assert_eq!(p, build(&reversed), "order of grants does not matter");
        let got: Vec<(Vec<&str>, Vec<&str>)> = p
            .statement
            .iter()
            .map(|s| {
                (
                    s.action.iter().map(String::as_str).collect(),
                    s.resource.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (vec!["s3:GetObject"], vec!["arn:b/*"]),
                (vec!["s3:PutObject", "xray:PutTraceSegments"], vec!["*"]),
                (
                    vec!["sqs:GetQueueAttributes", "sqs:SendMessage"],
                    vec!["arn:q1", "arn:q2"]
                ),
            ]
        );
        assert!(p.to_json().contains("\"Version\": \"2012-10-17\""));
    }
}
