//! `gearctl iam check [DIR]`: the roles a service already declares in its own files,
//! against what `iam generate` says each function needs. Offline: a pre-deploy gate for
//! teams that keep hand-written roles. For every function: the excess (wildcard actions,
//! `Resource: "*"`, actions no code path needs) and what is missing, each with the file and
//! line that grants it, and the statements to write instead.
//!
//! `declared` reads the statements that apply to each function, `compare` finds what is
//! more or less than needed, `positions` turns key paths into lines.

pub mod compare;
pub mod declared;
pub mod positions;
mod sarif;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use serde_json::{Value, json};

use self::compare::Kind;
use self::declared::{Declared, RoleKind, Style};
use self::positions::Files;
use super::generate::{self, FunctionPolicy};
use super::policy::{self, Origin};
use super::resolve::{Place, Resolver};
use crate::error::{Exit, Result};
use crate::render::{Human, Report, Tone};
use crate::service;

/// One finding: flat, so that each maps to one result of a SARIF log or a CI annotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The function's key under `functions:`.
    pub function: String,
    /// `wildcard-action`, `wildcard-resource`, `unneeded-action` or `missing`.
    pub kind: Kind,
    pub action: String,
    pub resource: String,
    /// The file that grants it (or where the statement belongs, for `missing`), relative
    /// to the service directory.
    pub file: PathBuf,
    /// 1-based; absent when the key path could not be found in the file (an include
    /// gearctl could not follow).
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The serverless.yml key path: `provider.iam.role.statements[2].Action[0]`.
    pub key_path: String,
    pub message: String,
}

/// One function's result.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionCheck {
    pub function: String,
    pub name: String,
    /// Whose statements apply: `provider`, `function` (its own statements), `resource`
    /// (a role of `resources:`), or `external` (not readable offline).
    pub role: String,
    pub findings: Vec<Finding>,
    /// Where the statements below belong (a key path).
    pub suggested_at: String,
    /// The statements to write instead: the generated policy, less what the Framework adds
    /// to roles it builds.
    pub suggested_statements: Value,
    pub notes: Vec<String>,
}

/// The JSON document of `iam check`: `{"service", "stage", "functions": [{function, name,
/// role, findings: [{function, kind, action, resource, file, line, column, key_path,
/// message}], suggested_at, suggested_statements, notes}], "findings": n, "notes"}`.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub service: String,
    pub stage: String,
    pub functions: Vec<FunctionCheck>,
    /// The number of findings over all functions.
    pub findings: usize,
    pub notes: Vec<String>,
    /// The service directory the findings' files are relative to (for SARIF's URIs).
    #[serde(skip)]
    pub dir: PathBuf,
}

impl CheckReport {
    /// Every finding, in function order.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.functions.iter().flat_map(|f| f.findings.iter())
    }
}

pub fn check(opts: &generate::Options) -> Result<CheckReport> {
    let generated = generate::generate(opts)?;
    let config = service::find_config(&opts.dir)?;
    let svc = service::load(
        &opts.dir,
        &service::Options {
            stage: opts.stage.clone(),
            region: opts.region.clone(),
        },
    )?;
    // Already read once by service::load, which refused it if it were not UTF-8.
    let bytes = crate::files::read_capped(&config, "a serverless.yml", service::MAX_CONFIG_BYTES)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut files = Files::new(&svc.dir, &config, &text);
    let place = Place::new(opts.region.as_deref(), opts.account.as_deref());

    let mut notes = Vec::new();
    for v in &generated.unresolved_variables {
        notes.push(format!(
            "serverless.yml variable {v} cannot be resolved offline; resources that use it are compared as wildcards"
        ));
    }
    // The declared role of each function, and the groups that share one.
    let mut declared: Vec<Declared> = Vec::new();
    for f in &generated.functions {
        let Some(sf) = svc.functions.iter().find(|s| s.key == f.key) else {
            continue;
        };
        let r = Resolver {
            svc: &svc,
            function: sf,
            place: &place,
        };
        declared.push(declared::read(&r));
    }
    let group_of = |i: usize| -> String {
        let d = &declared[i];
        match (&d.kind, d.style) {
            (RoleKind::Framework, Style::Provider) => "provider".into(),
            (RoleKind::Resource(id), _) => format!("resource {id}"),
            _ => format!("function {}", generated.functions[i].key),
        }
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in 0..declared.len() {
        groups.entry(group_of(i)).or_default().push(i);
    }
    let mut found: Vec<Vec<Finding>> = vec![Vec::new(); declared.len()];
    let mut fnotes: Vec<Vec<String>> = declared.iter().map(|d| d.notes.clone()).collect();
    let mut suggested: Vec<(String, Value)> = vec![(String::new(), Value::Null); declared.len()];
    for members in groups.values() {
        let fs: Vec<&FunctionPolicy> = members.iter().map(|&i| &generated.functions[i]).collect();
        let d = &declared[members[0]];
        let mut group_notes = Vec::new();
        for (j, raw) in compare::compare(&fs, d, &mut group_notes) {
            let i = members[j];
            let at = files.locate(&raw.key_path);
            found[i].push(Finding {
                function: generated.functions[i].key.clone(),
                kind: raw.kind,
                action: raw.action,
                resource: raw.resource,
                file: at.file,
                line: at.pos.map(|p| p.line),
                column: at.pos.map(|p| p.column),
                key_path: raw.key_path,
                message: raw.message,
            });
        }
        group_notes.sort();
        group_notes.dedup();
        fnotes[members[0]].extend(group_notes);
        for &i in &members[1..] {
            fnotes[i].push(format!(
                "shares its role with {}: excess in the shared statements is listed there",
                generated.functions[members[0]].key
            ));
        }
        let s = suggest(&fs, d, &generated.functions[members[0]]);
        for &i in members {
            suggested[i] = s.clone();
        }
    }
    let mut functions = Vec::new();
    for (i, f) in generated.functions.iter().enumerate() {
        let d = &declared[i];
        let mut notes = std::mem::take(&mut fnotes[i]);
        if !f.errors.is_empty() {
            notes.push(format!(
                "its code could not be analysed in full ({} errors, see `gearctl iam generate`): unneeded-action findings may be needed after all",
                f.errors.len()
            ));
        }
        let mut findings = std::mem::take(&mut found[i]);
        findings.sort_by(|a, b| {
            (a.kind, &a.file, a.line, &a.action, &a.resource).cmp(&(
                b.kind,
                &b.file,
                b.line,
                &b.action,
                &b.resource,
            ))
        });
        findings.dedup();
        let (suggested_at, suggested_statements) = std::mem::take(&mut suggested[i]);
        functions.push(FunctionCheck {
            function: f.key.clone(),
            name: f.name.clone(),
            role: match (&d.kind, d.style) {
                (RoleKind::External(_), _) => "external",
                (RoleKind::Resource(_), _) => "resource",
                (RoleKind::Framework, Style::Provider) => "provider",
                (RoleKind::Framework, _) => "function",
            }
            .to_string(),
            findings,
            suggested_at,
            suggested_statements,
            notes,
        });
    }
    let findings = functions.iter().map(|f| f.findings.len()).sum();
    Ok(CheckReport {
        service: generated.service,
        stage: generated.stage,
        functions,
        findings,
        notes,
        dir: svc.dir.clone(),
    })
}

/// The statements to write instead, where they belong: for a role the Framework builds,
/// the generated grants less those it adds itself; for a `resources:` role, all of them.
fn suggest(fs: &[&FunctionPolicy], d: &Declared, first: &FunctionPolicy) -> (String, Value) {
    if let RoleKind::External(_) = d.kind {
        return (String::new(), Value::Null);
    }
    let grants: Vec<policy::Grant> = fs
        .iter()
        .flat_map(|f| f.grants.iter())
        .filter(|g| d.kind != RoleKind::Framework || !matches!(g.origin, Origin::Config(_)))
        .cloned()
        .collect();
    let p = policy::build(&grants);
    let at = match d.style {
        Style::Provider => "provider.iam.role.statements".to_string(),
        Style::PerFunctionPlugin => format!("functions.{}.iamRoleStatements", first.key),
        Style::PerFunctionV4 => format!("functions.{}.iam.role.statements", first.key),
        Style::Resource => format!("{}[0].PolicyDocument.Statement", d.at),
    };
    (at, super::output::statements(&p))
}

/// The suggested statements as YAML under their key path, ready to paste.
fn suggestion_yaml(at: &str, statements: &Value) -> String {
    let mut v = statements.clone();
    for key in at.rsplit('.') {
        v = match key.split_once('[') {
            Some((k, _)) => json!({ k: [v] }),
            None => json!({ key: v }),
        };
    }
    serde_yaml::to_string(&v).unwrap_or_default()
}

impl Report for CheckReport {
    const COMMAND: &'static str = "iam check";

    fn human(&self, view: &mut Human) {
        let rows: Vec<Vec<(String, Tone)>> = self
            .all_findings()
            .map(|f| {
                let tone = if f.kind == Kind::Missing {
                    Tone::Bad
                } else {
                    Tone::Warn
                };
                let place = match (f.line, f.column) {
                    (Some(l), Some(c)) => format!("{}:{l}:{c}", f.file.display()),
                    (Some(l), None) => format!("{}:{l}", f.file.display()),
                    _ => format!("{} {}", f.file.display(), f.key_path),
                };
                vec![
                    (f.function.clone(), Tone::Plain),
                    (f.kind.as_str().to_string(), tone),
                    (f.action.clone(), Tone::Plain),
                    (f.resource.clone(), Tone::Plain),
                    (format!("{place}: {}", f.message), Tone::Plain),
                ]
            })
            .collect();
        if rows.is_empty() {
            view.note(&format!(
                "{} (stage {}): the declared roles grant what the code needs and no more",
                self.service, self.stage
            ));
        } else {
            view.table(
                &format!(
                    "{} findings in the roles {} declares (stage {})",
                    self.findings, self.service, self.stage
                ),
                &["function", "finding", "action", "resource", "where"],
                rows,
            );
            let mut shown = std::collections::BTreeSet::new();
            for f in &self.functions {
                if f.findings.is_empty()
                    || f.suggested_statements.is_null()
                    || !shown.insert(f.suggested_at.clone())
                {
                    continue;
                }
                let yaml = suggestion_yaml(&f.suggested_at, &f.suggested_statements);
                let mut lines = vec![format!("Write instead, at {}:", f.suggested_at)];
                lines.extend(yaml.lines().map(|l| format!("  {l}")));
                view.note_lines(&lines);
            }
        }
        for f in &self.functions {
            for n in &f.notes {
                view.note(&format!("{}: {n}", f.function));
            }
        }
        for n in &self.notes {
            view.note(n);
        }
    }

    fn sarif(&self) -> Option<crate::sarif::SarifRun> {
        Some(crate::sarif::ToSarif::sarif(self))
    }

    fn exit(&self) -> Exit {
        if self.findings > 0 {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }
}
