//! `iam check --output sarif`: each finding as a code-scanning result on the line of
//! serverless.yml (or the included file) that grants it, so a pull request shows the
//! wildcard where it is written.

use std::path::Path;

use super::CheckReport;
use super::compare::Kind;
use crate::sarif::{Level, Rule, SarifFinding, SarifRun, ToSarif, relative_uri};

/// The rules of `iam check`, one per finding kind; the ids are the JSON `kind`s.
pub fn rules() -> Vec<Rule> {
    vec![
        Rule::new(
            Kind::WildcardAction.as_str(),
            level(Kind::WildcardAction),
            "A wildcard action in a declared role",
            "The statement grants every action of a service (`s3:*`, `*`). The message names \
             the actions the function's code calls; write those instead.",
        ),
        Rule::new(
            Kind::WildcardResource.as_str(),
            level(Kind::WildcardResource),
            "Resource \"*\" where the code names its resources",
            "The statement grants an action on every resource while the code reaches named \
             ones. The message gives the ARNs to write instead.",
        ),
        Rule::new(
            Kind::UnneededAction.as_str(),
            level(Kind::UnneededAction),
            "An action no code path needs",
            "No code path of the functions that share this role calls the action. Remove it, \
             or keep it if it is reached in a way gearctl cannot see (the JSON notes say where \
             the analysis was incomplete).",
        ),
        Rule::new(
            Kind::Missing.as_str(),
            level(Kind::Missing),
            "A grant the code needs and the role lacks",
            "The function's code calls the action on the resource and no statement of its role \
             allows it: it would fail with AccessDenied. Add the statement the message gives.",
        ),
    ]
}

/// A missing grant breaks the function and a wildcard action is what reviewers ask to
/// remove: errors. A wide resource or an extra action is a warning.
fn level(kind: Kind) -> Level {
    match kind {
        Kind::Missing | Kind::WildcardAction => Level::Error,
        Kind::WildcardResource | Kind::UnneededAction => Level::Warning,
    }
}

impl ToSarif for CheckReport {
    fn sarif(&self) -> SarifRun {
        let cwd = std::env::current_dir().unwrap_or_default();
        self.sarif_from(&cwd)
    }
}

impl CheckReport {
    /// The run with paths relative to `base` (the repository root).
    pub fn sarif_from(&self, base: &Path) -> SarifRun {
        let results = self
            .all_findings()
            .map(|f| SarifFinding {
                rule_id: f.kind.as_str().to_string(),
                level: level(f.kind),
                message: format!(
                    "function {}: {} on {}: {} ({})",
                    f.function, f.action, f.resource, f.message, f.key_path
                ),
                file: Some(relative_uri(&self.dir.join(&f.file), base)),
                line: f.line.and_then(|l| u32::try_from(l).ok()),
                column: f.column.and_then(|c| u32::try_from(c).ok()),
                logical: Some(format!("functions.{}", f.function)),
            })
            .collect();
        SarifRun {
            rules: rules(),
            results,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam::check::{Finding, FunctionCheck};
    use std::path::PathBuf;

    fn report() -> CheckReport {
        let finding = |kind, line| Finding {
            function: "api".into(),
            kind,
            action: "s3:*".into(),
            resource: "*".into(),
            file: PathBuf::from("serverless.yml"),
            line,
            column: Some(9),
            key_path: "provider.iam.role.statements[0].Action[0]".into(),
            message: "write s3:GetObject".into(),
        };
        CheckReport {
            service: "svc".into(),
            stage: "dev".into(),
            functions: vec![FunctionCheck {
                function: "api".into(),
                name: "svc-dev-api".into(),
                role: "provider".into(),
                findings: vec![
                    finding(Kind::WildcardAction, Some(12)),
                    finding(Kind::Missing, None),
                ],
                suggested_at: String::new(),
                suggested_statements: serde_json::Value::Null,
                notes: vec![],
            }],
            findings: 2,
            notes: vec![],
            dir: PathBuf::from("/repo/services/api"),
        }
    }

    #[test]
    fn findings_point_at_the_service_file_from_the_repository_root() {
        let run = report().sarif_from(Path::new("/repo"));
        assert_eq!(run.results.len(), 2);
        let r = &run.results[0];
        assert_eq!(r.rule_id, "wildcard-action");
        assert_eq!(r.level, Level::Error);
        assert_eq!(r.file.as_deref(), Some("services/api/serverless.yml"));
        assert_eq!((r.line, r.column), (Some(12), Some(9)));
        assert!(
            r.message.contains("function api: s3:* on *"),
            "{}",
            r.message
        );
        // No line found: the file alone, still a result GitHub can show.
        assert_eq!(run.results[1].line, None);
        assert_eq!(run.results[1].rule_id, "missing");
        // Every kind has a descriptor.
        for k in [
            Kind::WildcardAction,
            Kind::WildcardResource,
            Kind::UnneededAction,
            Kind::Missing,
        ] {
            assert!(run.rules.iter().any(|r| r.id == k.as_str()));
        }
    }
}
