//! SARIF 2.1.0 output (`--output sarif`), so CI can upload gearctl's findings to code
//! scanning (GitHub's `upload-sarif` action) and show them on the lines they concern.
//!
//! This is a small, generic builder: a report lists its rule descriptors and its findings
//! ([`SarifFinding`]: a rule id, a level, a message, and where: a file relative to the
//! repository root with an optional line and column, or only a logical name such as a
//! deployed function), and [`render`] writes a log with one run whose driver is gearctl.
//! Reports opt in by implementing [`ToSarif`]; the renderer refuses `--output sarif` for
//! the others and names the commands that have it ([`COMMANDS`]).
//!
//! What GitHub requires beyond the schema is kept: every result has a `ruleId` whose
//! `ruleIndex` points at its descriptor in `tool.driver.rules`, a `message.text`, and
//! artifact URIs are relative, with forward slashes, so they match files in the checkout.

use std::path::{Component, Path};

use serde_json::{Map, Value, json};

/// The commands whose reports have a SARIF form.
pub const COMMANDS: &[&str] = &["audit", "audit deployed", "iam check"];

/// The published schema of the document.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        }
    }
}

/// A rule descriptor: what a `rule_id` means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    pub short_description: String,
    /// Longer help: what the rule checks and what to do.
    pub help: String,
    pub help_uri: Option<String>,
    pub default_level: Level,
}

impl Rule {
    pub fn new(id: &str, level: Level, short: &str, help: &str) -> Rule {
        Rule {
            id: id.to_string(),
            short_description: short.to_string(),
            help: help.to_string(),
            help_uri: None,
            default_level: level,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SarifFinding {
    pub rule_id: String,
    pub level: Level,
    pub message: String,
    /// Path relative to the repository root, forward slashes (see [`relative_uri`]).
    pub file: Option<String>,
    /// 1-based.
    pub line: Option<u32>,
    /// 1-based.
    pub column: Option<u32>,
    /// A name for what the result is about when there is no file (a deployed function).
    pub logical: Option<String>,
}

/// Everything one run holds.
#[derive(Debug, Clone, Default)]
pub struct SarifRun {
    pub rules: Vec<Rule>,
    pub results: Vec<SarifFinding>,
}

/// A report that can be written as SARIF.
pub trait ToSarif {
    fn sarif(&self) -> SarifRun;
}

/// The SARIF log for one run, as pretty JSON with a trailing newline.
pub fn render(run: &SarifRun) -> String {
    let mut s = serde_json::to_string_pretty(&log(run)).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// The SARIF log as a JSON value. Results whose rule has no descriptor get a minimal one,
/// so `ruleIndex` is always valid.
pub fn log(run: &SarifRun) -> Value {
    let mut rules = run.rules.clone();
    for r in &run.results {
        if !rules.iter().any(|d| d.id == r.rule_id) {
            rules.push(Rule::new(&r.rule_id, r.level, &r.rule_id, &r.rule_id));
        }
    }
    let rule_values: Vec<Value> = rules.iter().map(rule_value).collect();
    let results: Vec<Value> = run
        .results
        .iter()
        .map(|r| {
            let index = rules.iter().position(|d| d.id == r.rule_id).unwrap_or(0);
            result_value(r, index)
        })
        .collect();
    let mut driver = Map::new();
    driver.insert("name".into(), json!("gearctl"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), json!(uri));
    }
    driver.insert("rules".into(), Value::Array(rule_values));
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": Value::Object(driver) },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// The project's home, when Cargo.toml names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|u| u.starts_with("https://"))
}

fn rule_value(r: &Rule) -> Value {
    let mut v = json!({
        "id": r.id,
        "name": camel(&r.id),
        "shortDescription": { "text": r.short_description },
        "fullDescription": { "text": r.help },
        "help": { "text": r.help },
        "defaultConfiguration": { "level": r.default_level.as_str() },
    });
    if let Some(uri) = &r.help_uri {
        v["helpUri"] = json!(uri);
    }
    v
}

fn result_value(r: &SarifFinding, rule_index: usize) -> Value {
    let mut location = Map::new();
    if let Some(file) = &r.file {
        let mut physical = json!({ "artifactLocation": { "uri": file } });
        if let Some(line) = r.line.filter(|l| *l >= 1) {
            let mut region = json!({ "startLine": line });
            if let Some(col) = r.column.filter(|c| *c >= 1) {
                region["startColumn"] = json!(col);
            }
            physical["region"] = region;
        }
        location.insert("physicalLocation".into(), physical);
    }
    if let Some(name) = &r.logical {
        location.insert(
            "logicalLocations".into(),
            json!([{ "name": name, "fullyQualifiedName": name }]),
        );
    }
    let mut v = json!({
        "ruleId": r.rule_id,
        "ruleIndex": rule_index,
        "level": r.level.as_str(),
        "message": { "text": r.message },
    });
    if !location.is_empty() {
        v["locations"] = json!([Value::Object(location)]);
    }
    v
}

/// `deprecated-runtime` → `DeprecatedRuntime`: the rule's `name`, as SARIF suggests.
fn camel(id: &str) -> String {
    id.split(['-', '_', '/'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A path as a SARIF artifact URI: relative to `base` (the repository root; gearctl uses
/// the current directory) with forward slashes when the path is inside it, else a
/// `file://` URI of the absolute path. `.` parts are dropped and characters that a URI
/// cannot hold are percent-encoded.
pub fn relative_uri(path: &Path, base: &Path) -> String {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let abs = normalize(&abs);
    let base = normalize(base);
    match abs.strip_prefix(&base) {
        Ok(rel) => encode_parts(rel),
        Err(_) => format!("file://{}", encode_parts(&abs)),
    }
}

/// Drop `.` and resolve `..` lexically (no file system access: the path may be gone).
fn normalize(p: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn encode_parts(p: &Path) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let mut parts = Vec::new();
    let mut root = false;
    for c in p.components() {
        match c {
            Component::RootDir => root = true,
            Component::Normal(s) => parts.push(
                percent_encoding::utf8_percent_encode(&s.to_string_lossy(), KEEP).to_string(),
            ),
            _ => {}
        }
    }
    let joined = parts.join("/");
    if root { format!("/{joined}") } else { joined }
}

/// The message when a command has no SARIF form.
pub fn unsupported(command: &str) -> String {
    format!(
        "`{command}` has no SARIF form; --output sarif works with: {}",
        COMMANDS.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_with_forward_slashes_and_encoded() {
        let base = Path::new("/repo");
        assert_eq!(
            relative_uri(Path::new("svc/serverless.yml"), base),
            "svc/serverless.yml"
        );
        assert_eq!(relative_uri(Path::new("./a/./b.zip"), base), "a/b.zip");
        assert_eq!(relative_uri(Path::new("/repo/x y.zip"), base), "x%20y.zip");
        assert_eq!(
            relative_uri(Path::new("/elsewhere/p.zip"), base),
            "file:///elsewhere/p.zip"
        );
        assert_eq!(relative_uri(Path::new("../up.zip"), base), "file:///up.zip");
        assert_eq!(
            relative_uri(Path::new("a#b/c%.zip"), base),
            "a%23b/c%25.zip"
        );
    }

    #[test]
    fn results_point_at_their_rule_and_unknown_rules_get_a_descriptor() {
        let run = SarifRun {
            rules: vec![
                Rule::new("a", Level::Error, "A", "help a"),
                Rule::new("b", Level::Note, "B", "help b"),
            ],
            results: vec![
                SarifFinding {
                    rule_id: "b".into(),
                    level: Level::Warning,
                    message: "m".into(),
                    file: Some("f.yml".into()),
                    line: Some(3),
                    column: Some(5),
                    logical: None,
                },
                SarifFinding {
                    rule_id: "c".into(),
                    level: Level::Note,
                    message: "n".into(),
                    file: None,
                    line: Some(0),
                    column: None,
                    logical: Some("fn".into()),
                },
            ],
        };
        let v = log(&run);
        assert_eq!(v["version"], "2.1.0");
        let r = &v["runs"][0];
        assert_eq!(r["tool"]["driver"]["name"], "gearctl");
        assert_eq!(r["tool"]["driver"]["rules"][2]["id"], "c");
        assert_eq!(r["results"][0]["ruleIndex"], 1);
        assert_eq!(
            r["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            5
        );
        assert_eq!(r["results"][1]["ruleIndex"], 2);
        assert!(
            r["results"][1]["locations"][0]
                .get("physicalLocation")
                .is_none()
        );
        assert_eq!(
            r["results"][1]["locations"][0]["logicalLocations"][0]["name"],
            "fn"
        );
        assert_eq!(camel("deprecated-runtime"), "DeprecatedRuntime");
    }
}
