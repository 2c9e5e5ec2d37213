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

/// One action on one resource, under a condition or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub action: String,
    pub resource: String,
    pub origin: Origin,
    /// Set when the resource is a wildcard (whole or in part): why it could not be exact.
    pub wildcard: Option<String>,
    pub condition: Option<Condition>,
}

/// One condition of a statement: `{"StringEquals": {"iam:PassedToService": "…"}}`, the
/// operator (`test`), the condition key and its value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Condition {
    pub test: String,
    pub key: String,
    pub value: String,
}

impl Condition {
    /// `iam:PassRole` only to this service principal (`states.amazonaws.com`).
    pub fn passed_to(service: &str) -> Condition {
        Condition {
            test: "StringEquals".into(),
            key: "iam:PassedToService".into(),
            value: service.into(),
        }
    }
}

/// A statement's `Condition` block: operator → key → value.
pub type ConditionBlock = BTreeMap<String, BTreeMap<String, String>>;

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
    /// Only on statements that need one, so that the others keep their exact bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<ConditionBlock>,
}

/// Merge grants into statements: each action gets the set of its resources (a `*` makes
/// the others moot), and actions with the same resource set share a statement. Grants under
/// a condition merge the same way among those with the same condition, and a grant without
/// one makes the conditioned grants of the same action and resource moot. Actions and
/// resources are sorted; statements are sorted by their first action, then resources, and
/// the unconditioned first.
pub fn build(grants: &[Grant]) -> Policy {
    type Key<'g> = (&'g str, Option<&'g Condition>);
    let mut by_action: BTreeMap<Key, BTreeSet<&str>> = BTreeMap::new();
    for g in grants {
        by_action
            .entry((g.action.as_str(), g.condition.as_ref()))
            .or_default()
            .insert(g.resource.as_str());
    }
    let mut by_resources: BTreeMap<(Vec<String>, Option<&Condition>), BTreeSet<String>> =
        BTreeMap::new();
    for (&(action, condition), resources) in &by_action {
        let open = condition.and(by_action.get(&(action, None)));
        let resources: Vec<String> = if resources.contains("*") {
            vec!["*".to_string()]
        } else {
            resources
                .iter()
                .filter(|r| !open.is_some_and(|o| o.contains("*") || o.contains(*r)))
                .map(|r| r.to_string())
                .collect()
        };
        if resources.is_empty() {
            continue;
        }
        by_resources
            .entry((resources, condition))
            .or_default()
            .insert(action.to_string());
    }
    let mut statement: Vec<Statement> = by_resources
        .into_iter()
        .map(|((resource, condition), actions)| Statement {
            effect: "Allow".into(),
            action: actions.into_iter().collect(),
            resource,
            condition: condition.map(|c| {
                BTreeMap::from([(
                    c.test.clone(),
                    BTreeMap::from([(c.key.clone(), c.value.clone())]),
                )])
            }),
        })
        .collect();
    statement.sort_by(|a, b| {
        a.action
            .cmp(&b.action)
            .then(a.resource.cmp(&b.resource))
            .then(a.condition.cmp(&b.condition))
    });
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
            condition: None,
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
        assert!(!p.to_json().contains("Condition"));
    }

    #[test]
    fn conditioned_grants_keep_their_condition_and_merge_among_themselves() {
        let passed = |resource: &str, service: &str| Grant {
            condition: Some(Condition::passed_to(service)),
            ..g("iam:PassRole", resource)
        };
        let grants = vec![
            passed("arn:role/a", "states.amazonaws.com"),
            passed("arn:role/b", "states.amazonaws.com"),
            passed("arn:role/c", "ecs-tasks.amazonaws.com"),
            // The same role without a condition makes the conditioned grant moot.
            passed("arn:role/d", "glue.amazonaws.com"),
            g("iam:PassRole", "arn:role/d"),
        ];
        let p = build(&grants);
        let got: Vec<(Vec<&str>, Option<String>)> = p
            .statement
            .iter()
            .map(|s| {
                (
                    s.resource.iter().map(String::as_str).collect(),
                    s.condition
                        .as_ref()
                        .map(|c| serde_json::to_string(c).unwrap()),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    vec!["arn:role/a", "arn:role/b"],
                    Some(
                        r#"{"StringEquals":{"iam:PassedToService":"states.amazonaws.com"}}"#.into()
                    )
                ),
                (
                    vec!["arn:role/c"],
                    Some(
                        r#"{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}"#
                            .into()
                    )
                ),
                (vec!["arn:role/d"], None),
            ]
        );
        let mut reversed = grants.clone();
        reversed.reverse();
        assert_eq!(p, build(&reversed));
        assert!(p.to_json().contains("\"Condition\": {"));
    }
}
