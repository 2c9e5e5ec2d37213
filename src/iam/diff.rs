//! `gearctl iam diff FUNCTION…`: what a deployed function's role grants against what its
//! code needs. Excess is granted but not needed (wildcards included); missing is needed
//! but not granted by any Allow statement.

use serde::Serialize;
use serde_json::Value;

use super::generate::{FunctionPolicy, GenerateReport};
use crate::aws::Aws;
use crate::error::{Error, Exit, Result};
use crate::render::{Human, Report, Tone};

/// A statement of a deployed policy, flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excess {
    pub action: String,
    pub resource: String,
    pub source: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub action: String,
    pub resource: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FunctionDiff {
    pub function: String,
    pub role: String,
    pub excess: Vec<Excess>,
    pub missing: Vec<Missing>,
    /// Statements gearctl could not compare (Deny, NotAction, NotResource, conditions).
    pub notes: Vec<String>,
}

/// The JSON document of `iam diff`: `{"functions": [{function, role, excess: [{action,
/// resource, source, why}], missing: [{action, resource}], notes}]}`.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub functions: Vec<FunctionDiff>,
}

/// Compare each function's role with the generated policy.
pub async fn diff(
    aws: &Aws,
    generated: &GenerateReport,
    names: &[String],
    account: &str,
) -> Result<DiffReport> {
    let region = aws.settings().region.clone().unwrap_or_default();
    let mut functions = Vec::new();
    for name in names {
        let f = generated
            .functions
            .iter()
            .find(|f| f.name == *name || f.key == *name)
            // generate() has already refused names that are not functions of the service.
            .ok_or_else(|| Error::usage(format!("{name} was not analysed"), None))?;
        let role_arn = aws.function_role(&f.name).await?;
        let role = role_arn.rsplit('/').next().unwrap_or(&role_arn).to_string();
        let mut granted = Vec::new();
        let mut notes = Vec::new();
        for p in aws.role_policies(&role).await? {
            statements(&p.document, &p.source, &mut granted, &mut notes);
        }
        functions.push(compare(f, &role_arn, &granted, notes, &region, account));
    }
    Ok(DiffReport { functions })
}

/// Flatten a policy document's Allow statements.
pub fn statements(doc: &str, source: &str, out: &mut Vec<Granted>, notes: &mut Vec<String>) {
    let Ok(v) = serde_json::from_str::<Value>(doc) else {
        notes.push(format!("{source}: the policy document is not JSON"));
        return;
    };
    let list = match &v["Statement"] {
        Value::Array(a) => a.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => Vec::new(),
    };
    let strings = |v: &Value| match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    for s in list {
        if s["Effect"] != "Allow" {
            notes.push(format!("{source}: a Deny statement is not compared"));
            continue;
        }
        if s.get("NotAction").is_some() || s.get("NotResource").is_some() {
            notes.push(format!(
                "{source}: NotAction/NotResource statements are not compared"
            ));
            continue;
        }
        if s.get("Condition").is_some() {
            notes.push(format!("{source}: a statement's Condition is ignored"));
        }
        out.push(Granted {
            actions: strings(&s["Action"]),
            resources: strings(&s["Resource"]),
            source: source.to_string(),
        });
    }
}

fn compare(
    f: &FunctionPolicy,
    role: &str,
    granted: &[Granted],
    notes: Vec<String>,
    region: &str,
    account: &str,
) -> FunctionDiff {
    let concrete = |r: &str| {
        r.replace("${AWS::Region}", region)
            .replace("${AWS::AccountId}", account)
            .replace("${AWS::Partition}", "aws")
    };
    let needed: Vec<(String, String)> = f
        .policy
        .pairs()
        .into_iter()
        .map(|(a, r)| (a, concrete(&r)))
        .collect();
    let missing = missing(&needed, granted)
        .into_iter()
        .map(|(a, r)| Missing {
            action: a.clone(),
            resource: r.clone(),
        })
        .collect();
    let excess = excess(&needed, granted)
        .into_iter()
        .map(|o| Excess {
            why: match o.why {
                Over::NotNeeded => "no call needs this action".to_string(),
                Over::WildcardAction(n) => {
                    format!("a wildcard action where {} would do", n.join(", "))
                }
                Over::OtherResource(_) => "this resource is not one the calls use".to_string(),
                Over::WildcardResource(n) => {
                    format!("a wildcard resource where {} would do", n.join(", "))
                }
            },
            action: o.action,
            resource: o.resource,
            source: granted[o.granted].source.clone(),
        })
        .collect();
    FunctionDiff {
        function: f.name.clone(),
        role: role.to_string(),
        excess,
        missing,
        notes,
    }
}

/// Why a granted action on a resource is more than the calls need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Over {
    /// No call needs the action.
    NotNeeded,
    /// A wildcard action; the needed actions it matches.
    WildcardAction(Vec<String>),
    /// The action is needed, but on other resources (these).
    OtherResource(Vec<String>),
    /// A wildcard resource where these would do.
    WildcardResource(Vec<String>),
}

/// One granted (action, resource) beyond what is needed: the index of its [`Granted`], the
/// action and resource as written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overgrant {
    pub granted: usize,
    pub action: String,
    pub resource: String,
    pub why: Over,
}

/// Whether a statement allows an action on a resource, with IAM wildcards.
pub fn covers(g: &Granted, action: &str, resource: &str) -> bool {
    g.actions.iter().any(|ga| glob(ga, action, true))
        && g.resources.iter().any(|gr| resource_covers(gr, resource))
}

/// The needed pairs that no statement allows.
pub fn missing<'n>(
    needed: &'n [(String, String)],
    granted: &[Granted],
) -> Vec<&'n (String, String)> {
    needed
        .iter()
        .filter(|(a, r)| !granted.iter().any(|g| covers(g, a, r)))
        .collect()
}

/// Every granted (action, resource) that is more than the needed pairs call for: an action
/// nothing needs, a wildcard action, a resource the calls do not use, or a wildcard resource
/// where exact ones would do. A `*` resource is no excess where the need itself is `*`
/// (`xray:PutTraceSegments`).
pub fn excess(needed: &[(String, String)], granted: &[Granted]) -> Vec<Overgrant> {
    let mut out = Vec::new();
    for (i, g) in granted.iter().enumerate() {
        for ga in &g.actions {
            let uses: Vec<&(String, String)> =
                needed.iter().filter(|(a, _)| glob(ga, a, true)).collect();
            for gr in &g.resources {
                let why = if uses.is_empty() {
                    Over::NotNeeded
                } else if ga.contains(['*', '?']) {
                    let mut n: Vec<String> = uses.iter().map(|(a, _)| a.clone()).collect();
                    n.dedup();
                    Over::WildcardAction(n)
                } else if !uses.iter().any(|(_, r)| resource_covers(gr, r)) {
                    Over::OtherResource(uses.iter().map(|(_, r)| r.clone()).collect())
                } else if gr.contains(['*', '?']) && !uses.iter().any(|(_, r)| same_resource(gr, r))
                {
                    Over::WildcardResource(uses.iter().map(|(_, r)| r.clone()).collect())
                } else {
                    continue;
                };
                out.push(Overgrant {
                    granted: i,
                    action: ga.clone(),
                    resource: gr.clone(),
                    why,
                });
            }
        }
    }
    out
}

/// A needed resource written with gearctl's `${AWS::Region}`/`${AWS::AccountId}`/
/// `${AWS::Partition}` placeholders takes the granted ARN's own region, account and
/// partition where that ARN names them exactly: the placeholder means "where the function
/// is deployed", and a statement written for one account and region names them.
fn fill(granted: &str, needed: &str) -> String {
    if !needed.contains("${AWS::") {
        return needed.to_string();
    }
    let fields: Vec<&str> = granted.splitn(6, ':').collect();
    let field = |i: usize| {
        fields
            .get(i)
            .filter(|f| fields.len() == 6 && !f.is_empty() && !f.contains(['*', '?', '$']))
    };
    let mut out = needed.to_string();
    for (placeholder, i) in [
        ("${AWS::Partition}", 1),
        ("${AWS::Region}", 3),
        ("${AWS::AccountId}", 4),
    ] {
        if let Some(v) = field(i) {
            out = out.replace(placeholder, v);
        }
    }
    out
}

fn resource_covers(granted: &str, needed: &str) -> bool {
    glob(granted, &fill(granted, needed), false)
}

fn same_resource(granted: &str, needed: &str) -> bool {
    granted == fill(granted, needed)
}

/// IAM wildcard matching: `*` any run, `?` one character. Actions compare without case.
pub fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if ignore_case {
        (
            pattern.to_lowercase().chars().collect(),
            text.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        // A `*` in the pattern is a wildcard even where the text has a `*` too (a needed
        // resource that is itself a pattern).
        if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

impl Report for DiffReport {
    const COMMAND: &'static str = "iam diff";

    fn human(&self, view: &mut Human) {
        for f in &self.functions {
            let mut rows: Vec<Vec<(String, Tone)>> = f
                .missing
                .iter()
                .map(|m| {
                    vec![
                        ("missing".into(), Tone::Bad),
                        (m.action.clone(), Tone::Plain),
                        (m.resource.clone(), Tone::Plain),
                        ("needed by the code, not granted".into(), Tone::Plain),
                    ]
                })
                .collect();
            rows.extend(f.excess.iter().map(|e| {
                vec![
                    ("excess".into(), Tone::Warn),
                    (e.action.clone(), Tone::Plain),
                    (e.resource.clone(), Tone::Plain),
                    (format!("{} ({})", e.why, e.source), Tone::Plain),
                ]
            }));
            if rows.is_empty() {
                view.note(&format!(
                    "{}: the role grants exactly what the code needs",
                    f.function
                ));
            } else {
                view.table(
                    &format!("{} (role {})", f.function, f.role),
                    &["", "action", "resource", "why"],
                    rows,
                );
            }
            for n in &f.notes {
                view.note(&format!("{}: {n}", f.function));
            }
        }
    }

    fn exit(&self) -> Exit {
        if self
            .functions
            .iter()
            .any(|f| !f.missing.is_empty() || !f.excess.is_empty())
        {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(actions: &[&str], resources: &[&str]) -> Granted {
        Granted {
            actions: actions.iter().map(|s| s.to_string()).collect(),
            resources: resources.iter().map(|s| s.to_string()).collect(),
            source: "x".into(),
        }
    }

    #[test]
    fn placeholders_take_the_granted_arns_region_and_account() {
        let needed = vec![(
            "sqs:SendMessage".to_string(),
            "arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs".to_string(),
        )];
        let exact = g(
            &["sqs:SendMessage"],
            &["arn:aws:sqs:eu-west-1:111122223333:jobs"],
        );
        assert!(missing(&needed, std::slice::from_ref(&exact)).is_empty());
        assert!(excess(&needed, &[exact]).is_empty());
        // Any region and account: allowed, but broader than needed.
        let broad = g(&["sqs:SendMessage"], &["arn:aws:sqs:*:*:jobs"]);
        assert!(missing(&needed, std::slice::from_ref(&broad)).is_empty());
        let over = excess(&needed, &[broad]);
        assert!(matches!(over[0].why, Over::WildcardResource(_)), "{over:?}");
        let other = g(
            &["sqs:SendMessage"],
            &["arn:aws:sqs:eu-west-1:111122223333:other"],
        );
        assert_eq!(missing(&needed, std::slice::from_ref(&other)).len(), 1);
        assert!(matches!(
            excess(&needed, &[other])[0].why,
            Over::OtherResource(_)
        ));
        let star = g(&["sqs:*", "xray:PutTraceSegments"], &["*"]);
        let mut needed = needed;
        needed.push(("xray:PutTraceSegments".into(), "*".into()));
        let over = excess(&needed, &[star]);
        assert_eq!(over.len(), 1, "{over:?}");
        assert!(matches!(over[0].why, Over::WildcardAction(_)));
    }

    #[test]
    fn iam_globs() {
        assert!(glob("s3:*", "s3:GetObject", true));
        assert!(glob("S3:getobject", "s3:GetObject", true));
        assert!(glob("*", "anything", false));
        assert!(glob("arn:aws:s3:::b/*", "arn:aws:s3:::b/k/x", false));
        assert!(!glob("arn:aws:s3:::b/*", "arn:aws:s3:::b", false));
        assert!(glob(
            "arn:aws:sqs:*:1:q?",
            "arn:aws:sqs:us-east-1:1:q1",
            false
        ));
        assert!(!glob("sqs:Send*", "sqs:ReceiveMessage", true));
        assert!(glob("arn:aws:s3:::b/*", "arn:aws:s3:::b/*.thumb", false));
    }
}
