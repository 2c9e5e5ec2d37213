//! What a function's declared statements grant against what `iam generate` says it needs,
//! as findings with the key path of the statement that grants them. The matching itself
//! (IAM wildcards, excess and missing pairs) is `iam diff`'s, in [`crate::iam::diff`].

use std::collections::BTreeSet;

use serde::Serialize;

use super::declared::{Declared, KNOWN_MANAGED, RoleKind, Statement};
use crate::iam::diff::{self, Granted, Over};
use crate::iam::generate::FunctionPolicy;
use crate::iam::policy::Origin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    WildcardAction,
    WildcardResource,
    UnneededAction,
    Missing,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::WildcardAction => "wildcard-action",
            Kind::WildcardResource => "wildcard-resource",
            Kind::UnneededAction => "unneeded-action",
            Kind::Missing => "missing",
        }
    }
}

/// A finding before it has a file and line: the key path it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    pub kind: Kind,
    pub action: String,
    pub resource: String,
    pub key_path: String,
    pub message: String,
}

/// Compare the functions that share one declared role (all functions of a provider-wide
/// role; one function with its own statements). What is missing is each function's own;
/// what is excess is judged against what all of them need together, since they share
/// every statement, and is given with the first function. `notes` gets what could not be
/// compared.
pub fn compare(fs: &[&FunctionPolicy], d: &Declared, notes: &mut Vec<String>) -> Vec<(usize, Raw)> {
    if let RoleKind::External(_) = d.kind {
        return Vec::new();
    }
    let needed: Vec<(String, String)> = fs
        .iter()
        .flat_map(|f| f.policy.pairs())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Excess is judged against the whole generated policy, Framework-added grants
    // included; missing against [`must`].

    // Allow statements that are compared for excess, in the order of `d.statements`.
    let mut granted = Vec::new();
    let mut owners: Vec<&Statement> = Vec::new();
    // Everything that grants: the above, NotAction/NotResource, partly known resources and
    // AWS-managed policies.
    let mut cover: Vec<(Granted, bool, bool)> = Vec::new();
    let mut deny: Vec<Granted> = Vec::new();
    let mut out: Vec<(usize, Raw)> = Vec::new();
    for s in &d.statements {
        if s.condition {
            notes.push(format!(
                "{}: its Condition is not evaluated; the statement is compared as if it always applied",
                s.path
            ));
        }
        let all_resources: Vec<String> = s
            .resources
            .iter()
            .cloned()
            .chain(s.partial.iter().map(|(p, _)| p.clone()))
            .collect();
        let g = Granted {
            actions: s.actions.clone(),
            resources: all_resources,
            source: s.path.clone(),
        };
        if !s.allow {
            if s.not_action || s.not_resource {
                notes.push(format!(
                    "{}: a Deny with NotAction/NotResource is not compared",
                    s.path
                ));
            } else {
                deny.push(g);
            }
            continue;
        }
        for (p, why) in &s.partial {
            notes.push(format!(
                "{}: resource {p} is known only in part offline ({why}); it counts as granted but is not checked for excess",
                s.path
            ));
        }
        if s.not_action || s.not_resource {
            // Everything but a list: as broad as a wildcard, and reported as one.
            let (kind, what) = if s.not_action {
                (Kind::WildcardAction, "NotAction")
            } else {
                (Kind::WildcardResource, "NotResource")
            };
            out.push((0, Raw {
                kind,
                action: s.actions.join(", "),
                resource: s.resources.join(", "),
                key_path: s.path.clone(),
                message: format!(
                    "{what} allows everything except what it lists; write the actions and resources the code needs instead"
                ),
            }));
            cover.push((g, s.not_action, s.not_resource));
            continue;
        }
        cover.push((g, false, false));
        granted.push(Granted {
            actions: s.actions.clone(),
            resources: s.resources.clone(),
            source: s.path.clone(),
        });
        owners.push(s);
    }
    let managed: Vec<Granted> = d
        .managed
        .iter()
        .filter_map(|name| KNOWN_MANAGED.iter().find(|(n, _)| n == name))
        .map(|(name, actions)| Granted {
            actions: actions.iter().map(|a| a.to_string()).collect(),
            resources: vec!["*".into()],
            source: format!("AWS managed policy {name}"),
        })
        .collect();

    // Missing: each function's needs that no Allow grants (or a Deny takes away).
    for (i, f) in fs.iter().enumerate() {
        for (a, r) in must(f, d) {
            let raw = |key_path: String, message: String| Raw {
                kind: Kind::Missing,
                action: a.clone(),
                resource: r.clone(),
                key_path,
                message,
            };
            if let Some(by) = deny.iter().find(|g| diff::covers(g, &a, &r)) {
                let m = format!("needed by {}, but denied here", needed_by(&[*f], &a));
                out.push((i, raw(by.source.clone(), m)));
                continue;
            }
            let allowed = cover.iter().any(|(g, na, nr)| allows(g, *na, *nr, &a, &r))
                || managed.iter().any(|g| diff::covers(g, &a, &r));
            if !allowed {
                let m = format!("needed by {}, not granted", needed_by(&[*f], &a));
                out.push((i, raw(d.at.clone(), m)));
            }
        }
    }

    // Excess: what the Allow statements grant beyond the whole generated policy.
    // A wildcard's message names the actions to write instead: not those the Framework
    // adds by itself.
    let own_actions: BTreeSet<String> =
        fs.iter().flat_map(|f| must(f, d)).map(|(a, _)| a).collect();
    for o in diff::excess(&needed, &granted) {
        let s = owners[o.granted];
        let action_path = path_of(&s.actions, &s.action_paths, &o.action, &s.path);
        let resource_path = path_of(&s.resources, &s.resource_paths, &o.resource, &s.path);
        let needs_star = needed
            .iter()
            .any(|(a, r)| r == "*" && diff::glob(&o.action, a, true));
        let (kind, key_path, message) = match &o.why {
            _ if o.action.contains(['*', '?']) => {
                let all: BTreeSet<&str> = needed
                    .iter()
                    .filter(|(a, _)| diff::glob(&o.action, a, true))
                    .map(|(a, _)| a.as_str())
                    .collect();
                let own: BTreeSet<&str> = all
                    .iter()
                    .copied()
                    .filter(|a| own_actions.contains(*a))
                    .collect();
                let uses = if own.is_empty() { all } else { own };
                let message = if uses.is_empty() {
                    format!("{} matches actions no code path calls", o.action)
                } else {
                    format!(
                        "a wildcard action where {} would do",
                        uses.into_iter().collect::<Vec<_>>().join(", ")
                    )
                };
                if o.resource == "*" && !needs_star {
                    out.push((
                        0,
                        Raw {
                            kind: Kind::WildcardResource,
                            action: o.action.clone(),
                            resource: o.resource.clone(),
                            key_path: resource_path.clone(),
                            message: "every resource, for a wildcard action".into(),
                        },
                    ));
                }
                (Kind::WildcardAction, action_path, message)
            }
            Over::NotNeeded => (
                Kind::UnneededAction,
                action_path,
                "no code path or serverless.yml setting needs this action".into(),
            ),
            Over::WildcardAction(n) => (
                Kind::WildcardAction,
                action_path,
                format!("a wildcard action where {} would do", n.join(", ")),
            ),
            Over::OtherResource(rs) => (
                Kind::UnneededAction,
                resource_path,
                format!(
                    "the code needs this action on {}, not on this resource",
                    short_list(rs)
                ),
            ),
            Over::WildcardResource(rs) => (
                Kind::WildcardResource,
                resource_path,
                format!("a wildcard resource where {} would do", short_list(rs)),
            ),
        };
        out.push((
            0,
            Raw {
                kind,
                action: o.action,
                resource: o.resource,
                key_path,
                message,
            },
        ));
    }
    out
}

/// What a function needs from its declared statements. The Framework (and
/// serverless-iam-roles-per-function) writes the log group, event source, VPC, tracing and
/// failure-destination permissions into the roles it builds, so those are not "missing"
/// from the declared statements; declared statements that grant them anyway are still
/// compared against the whole generated policy, so they are not reported as unneeded
/// either. A `resources:` role gets nothing added: everything is compared.
pub fn must(f: &FunctionPolicy, d: &Declared) -> Vec<(String, String)> {
    let framework: BTreeSet<(&str, &str)> = match d.kind {
        RoleKind::Framework => f
            .grants
            .iter()
            .filter(|g| matches!(g.origin, Origin::Config(_)))
            .map(|g| (g.action.as_str(), g.resource.as_str()))
            .collect(),
        _ => BTreeSet::new(),
    };
    f.policy
        .pairs()
        .into_iter()
        .filter(|(a, r)| !framework.contains(&(a.as_str(), r.as_str())))
        .collect()
}

/// Whether a statement allows an action on a resource; NotAction/NotResource invert the
/// match of their list.
fn allows(g: &Granted, not_action: bool, not_resource: bool, a: &str, r: &str) -> bool {
    let action = g.actions.iter().any(|x| diff::glob(x, a, true)) != not_action;
    let resource = if not_resource {
        !g.resources.iter().any(|x| diff::glob(x, r, false))
    } else {
        diff::covers(
            &Granted {
                actions: vec!["*".into()],
                ..g.clone()
            },
            a,
            r,
        )
    };
    action && resource
}

/// The key path of an action or resource of a statement (its statement's when unknown).
fn path_of(values: &[String], paths: &[String], value: &str, statement: &str) -> String {
    values
        .iter()
        .position(|v| v == value)
        .and_then(|i| paths.get(i))
        .cloned()
        .unwrap_or_else(|| statement.to_string())
}

/// Where an action comes from: the first lines of code or serverless.yml keys.
fn needed_by(fs: &[&FunctionPolicy], action: &str) -> String {
    let origins: BTreeSet<&String> = fs
        .iter()
        .filter_map(|f| f.explain.get(action))
        .flatten()
        .collect();
    match origins {
        origins if !origins.is_empty() => {
            let mut s = origins
                .iter()
                .take(2)
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            if origins.len() > 2 {
                s.push_str(&format!(" and {} more", origins.len() - 2));
            }
            s
        }
        _ => "the code".into(),
    }
}

fn short_list(v: &[String]) -> String {
    let mut v: Vec<&str> = v.iter().map(String::as_str).collect();
    v.sort();
    v.dedup();
    if v.len() > 3 {
        format!("{} and {} more", v[..3].join(", "), v.len() - 3)
    } else {
        v.join(", ")
    }
}
