//! Tests that keep the README and `src/permissions.rs` in step with the code they describe.
//!
//! The README's bloat-rule table and its IAM table, and the per-command IAM actions in
//! `permissions.rs`, are written by hand next to code that changes: these tests read the
//! sources (`include_str!`, or the files under `src/aws/` found through
//! `CARGO_MANIFEST_DIR`, so a fresh clone works and a new file is covered) and fail on
//! drift. The source scanners here are shared with `testkit_check.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::permissions::COMMANDS;

const README: &str = include_str!("../README.md");

// ---- Reading Rust source without a parser ----------------------------------------------

/// The code of a source file: comments and every `#[cfg(test)]` item (test modules,
/// test-only functions, `mod x;` declarations) removed, so that what only tests use, or
/// what a comment mentions, does not count.
pub(crate) fn without_test_code(text: &str) -> String {
    const ATTR: &str = "#[cfg(test)]";
    let text = without_comments(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(ATTR) {
        out.push_str(&rest[..at]);
        let item = &rest[at + ATTR.len()..];
        rest = &item[item_len(item)..];
    }
    out.push_str(rest);
    out
}

/// The text without `//` and `/* */` comments (doc comments included); strings are kept.
fn without_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut kept) = (0, 0);
    while i < b.len() {
        let skip = match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => text[i..].find('\n').unwrap_or(text.len() - i),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                text[i..].find("*/").map_or(text.len() - i, |e| e + 2)
            }
            b'"' => {
                i = string_end(b, i + 1) + 1;
                continue;
            }
            b'r' if is_raw_string_start(b, i) => {
                i = raw_string_end(text, i);
                continue;
            }
            b'\'' => {
                i = char_literal_end(b, i);
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[kept..i]);
        i += skip;
        kept = i;
    }
    out.push_str(&text[kept.min(text.len())..]);
    out
}

/// The index just past the raw string (`r"…"`, `r#"…"#`) that starts at `i`.
fn raw_string_end(text: &str, i: usize) -> usize {
    let hashes = text.as_bytes()[i + 1..]
        .iter()
        .take_while(|c| **c == b'#')
        .count();
    let close = format!("\"{}", "#".repeat(hashes));
    let body = (i + 2 + hashes).min(text.len());
    text[body..]
        .find(&close)
        .map_or(text.len(), |e| body + e + close.len())
}

/// Bytes up to the end of the item that starts `text`: its `;` or its closing brace,
/// whichever closes it at depth 0. Skips strings, raw strings and char literals, so braces
/// inside them do not count (comments are gone by then).
fn item_len(text: &str) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = string_end(b, i + 1),
            b'r' if is_raw_string_start(b, i) => {
                i = raw_string_end(text, i);
                continue;
            }
            b'\'' => {
                i = char_literal_end(b, i);
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// The index just past a char literal (`'{'`, `'\''`, `'\u{7b}'`) at `i`, or past the quote
/// of a lifetime (`'a`).
fn char_literal_end(b: &[u8], i: usize) -> usize {
    if b.get(i + 1) == Some(&b'\\') {
        // Past the escaped character, then to the closing quote.
        let from = (i + 3).min(b.len());
        return b[from..]
            .iter()
            .position(|c| *c == b'\'')
            .map_or(b.len(), |p| from + p + 1);
    }
    if b.get(i + 2) == Some(&b'\'') {
        return i + 3;
    }
    // A lifetime, or a non-ASCII char literal (no brace or quote in it).
    i + 1
}

/// The index of the closing quote of a string whose body starts at `i`.
fn string_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// `r"…"` or `r#"…"#` at `i`, and not the end of an identifier such as `for"`.
fn is_raw_string_start(b: &[u8], i: usize) -> bool {
    let ident_before = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    let after = &b[i + 1..];
    let hashes = after.iter().take_while(|c| **c == b'#').count();
    !ident_before && after.get(hashes) == Some(&b'"')
}

/// The text with all whitespace removed: `Call::on(\n  "x:Y"` becomes `Call::on("x:Y"`.
pub(crate) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every string literal that follows `prefix` in `squeezed` text.
fn literals_after<'a>(squeezed: &'a str, prefix: &str) -> Vec<&'a str> {
    squeezed
        .match_indices(prefix)
        .filter_map(|(i, _)| {
            let rest = squeezed[i + prefix.len()..].strip_prefix('"')?;
            Some(&rest[..rest.find('"')?])
        })
        .collect()
}

/// The IAM action labels a source file gives its AWS calls, test code left out: the
/// action of `Call::on`/`Call::new` (what an error names, e.g. "this command needs
/// sqs:ReceiveMessage"), of `AwsError::refused`, and of a literal `action:` field.
pub(crate) fn labels(text: &str) -> BTreeSet<String> {
    let code = squeeze(&without_test_code(text));
    let mut out = BTreeSet::new();
    for prefix in ["Call::on(", "Call::new(", "refused(", "action:"] {
        for label in literals_after(&code, prefix) {
            // "configuration": an error in the local AWS set-up, before any call.
            if label == "configuration" {
                continue;
            }
            assert!(
                is_action(label),
                "`{prefix}\"{label}\"` is not an IAM action label (service:Operation)"
            );
            out.insert(label.to_string());
        }
    }
    // A label this scanner cannot read (a variable) would escape every check below.
    for prefix in ["Call::on(", "Call::new("] {
        let all = code.matches(prefix).count();
        let read = literals_after(&code, prefix).len();
        assert_eq!(
            all, read,
            "every {prefix}… must name its action as a literal"
        );
    }
    out
}

/// `service:Operation`, as IAM spells actions.
fn is_action(s: &str) -> bool {
    s.split_once(':').is_some_and(|(svc, op)| {
        !svc.is_empty()
            && svc.bytes().all(|c| c.is_ascii_lowercase() || c == b'-')
            && op.starts_with(|c: char| c.is_ascii_uppercase())
            && op.bytes().all(|c| c.is_ascii_alphanumeric())
    })
}

/// The files of `src/aws/` by file name, read now, so a file added later is covered.
pub(crate) fn aws_sources() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/aws");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The modules that `src/aws/mod.rs` compiles only under `attr` (`#[cfg(test)]`,
/// `#[cfg(feature = "testkit")]`), as file names.
pub(crate) fn gated_aws_modules(attr: &str) -> BTreeSet<String> {
    let mod_rs = include_str!("aws/mod.rs");
    let lines: Vec<&str> = mod_rs.lines().map(str::trim).collect();
    lines
        .windows(2)
        .filter(|w| w[0] == attr)
        .filter_map(|w| {
            let name = w[1].trim_start_matches("pub ").strip_prefix("mod ")?;
            Some(format!("{}.rs", name.strip_suffix(';')?))
        })
        .collect()
}

pub(crate) const TESTKIT: &str = r#"#[cfg(feature = "testkit")]"#;

/// Labels of the code a product build runs: every file of `src/aws/` except the test-only
/// and test-kit modules, test code left out.
pub(crate) fn product_labels() -> BTreeMap<String, BTreeSet<String>> {
    let mut skip = gated_aws_modules("#[cfg(test)]");
    skip.extend(gated_aws_modules(TESTKIT));
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in aws_sources().iter().filter(|(f, _)| !skip.contains(*f)) {
        for label in labels(text) {
            out.entry(label).or_default().insert(file.clone());
        }
    }
    out
}

// ---- permissions.rs against the AWS layer -----------------------------------------------

/// Actions a command calls whose call carries no label, each with the reason.
const NOT_LABELLED: &[(&str, &str)] = &[(
    "logs:StopQuery",
    "coldstarts stops an Insights query at its deadline and ignores the answer \
     (src/aws/logs.rs), so no error ever names it",
)];

#[test]
fn the_scanner_sees_labels_and_leaves_test_code_out() {
    let labels = labels(include_str!("aws/error.rs"));
    // error.rs's tests label a call "x:Y"; its code labels none.
    assert!(!labels.contains("x:Y"), "{labels:?}");
    let product = product_labels();
    assert!(product.contains_key("sqs:ReceiveMessage"), "{product:?}");
    assert!(product.contains_key("lambda:DeleteFunction"), "{product:?}");
    assert!(
        !product.contains_key("lambda:CreateFunction"),
        "{product:?}"
    );
    assert!(gated_aws_modules(TESTKIT).contains("seed.rs"));
    assert!(gated_aws_modules("#[cfg(test)]").contains("sqs_mocks.rs"));
    let text = "a(); #[cfg(test)] mod t { fn f() { let s = \"}\"; let c = '{'; } } b();";
    assert_eq!(squeeze(&without_test_code(text)), "a();b();");
    let text =
        "f('\"', '\\'', '{'); a(\"// kept\"); // gone\n/* gone */ b(r#\"/*kept*/\"#); /// gone\n";
    assert_eq!(
        squeeze(&without_test_code(text)),
        "f('\"','\\'','{');a(\"//kept\");b(r#\"/*kept*/\"#);"
    );
}

/// Every call a command can make is declared for some command in `permissions.rs` (which
/// `doctor` and the README show), and every declared action is one the AWS layer calls.
#[test]
fn permissions_match_the_labels_of_the_aws_layer() {
    let declared: BTreeSet<&str> = COMMANDS
        .iter()
        .flat_map(|c| c.actions.iter().copied())
        .collect();
    let product = product_labels();
    let undeclared: Vec<String> = product
        .iter()
        .filter(|(label, _)| !declared.contains(label.as_str()))
        .map(|(label, files)| format!("{label} (src/aws/{files:?})"))
        .collect();
    assert!(
        undeclared.is_empty(),
        "calls in src/aws that no command declares in src/permissions.rs (add them to the \
         command that makes them, and to the README's IAM table): {undeclared:?}"
    );
    let exceptions: BTreeSet<&str> = NOT_LABELLED.iter().map(|(a, _)| *a).collect();
    let unused: Vec<&&str> = declared
        .iter()
        .filter(|a| !product.contains_key(**a) && !exceptions.contains(**a))
        .collect();
    assert!(
        unused.is_empty(),
        "src/permissions.rs declares actions that no call in src/aws is labelled with \
         (remove them, or label the call): {unused:?}"
    );
    for (action, why) in NOT_LABELLED {
        assert!(
            declared.contains(action),
            "{action} ({why}) is not declared"
        );
        assert!(
            !product.contains_key(*action),
            "{action} is labelled now: remove it from NOT_LABELLED"
        );
    }
}

/// The README's "What gearctl needs from IAM" table says what `permissions.rs` says.
#[test]
fn readme_iam_table_matches_permissions() {
    let section = README
        .split("### What gearctl needs from IAM")
        .nth(1)
        .expect("README has the IAM section");
    let rows: BTreeMap<&str, &str> = table_rows(section, "| command | actions |")
        .into_iter()
        .map(|cells| (cells[0].trim_matches('`'), cells[1]))
        .collect();
    for c in COMMANDS {
        let row = rows
            .get(c.command)
            .unwrap_or_else(|| panic!("README's IAM table has no row for `{}`", c.command));
        let in_readme: BTreeSet<&str> = backticked(row).filter(|a| is_action(a)).collect();
        let declared: BTreeSet<&str> = c.actions.iter().copied().collect();
        assert_eq!(
            in_readme, declared,
            "README's IAM row for `{}` differs from src/permissions.rs",
            c.command
        );
        assert_eq!(row.contains("none (offline)"), c.offline, "{}", c.command);
    }
    assert_eq!(rows.len(), COMMANDS.len(), "README's IAM table: {rows:?}");
}

// ---- README's bloat rules against src/audit ------------------------------------------------

/// Bloat rule ids with their severities as the code defines them: in `rules.rs`, the rule
/// id is the literal right before its `Severity::…` (`hit("python-cache", Severity::Warn,
/// …)`, `("duplicate", Severity::Info, …)`); elsewhere in `src/audit/` a `Finding` built
/// by hand names it in its `rule:` field (`link-outside-service`).
fn code_bloat_rules() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let rules = squeeze(&without_test_code(include_str!("audit/rules.rs")));
    for (i, _) in rules.match_indices("\",Severity::") {
        let id = &rules[rules[..i].rfind('"').unwrap() + 1..i];
        let severity = &rules[i + "\",Severity::".len()..];
        let severity = &severity[..severity.find(|c: char| !c.is_alphanumeric()).unwrap()];
        out.entry(id.to_string())
            .or_default()
            .insert(severity.to_lowercase());
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/audit");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("rules.rs") {
            continue;
        }
        let code = squeeze(&without_test_code(&std::fs::read_to_string(&path).unwrap()));
        for (i, _) in code.match_indices("Finding{rule:\"") {
            let rest = &code[i + "Finding{rule:\"".len()..];
            let id = &rest[..rest.find('"').unwrap()];
            let severity = rest.split("Severity::").nth(1).unwrap();
            let severity = &severity[..severity.find(|c: char| !c.is_alphanumeric()).unwrap()];
            out.entry(id.to_string())
                .or_default()
                .insert(severity.to_lowercase());
        }
    }
    out
}

/// The README's bloat-rule table lists exactly the rules the code has, with their
/// severities. A blank line in the table ends it, as it does when Markdown renders it.
#[test]
fn readme_bloat_rules_match_the_code() {
    let code = code_bloat_rules();
    assert!(
        code.len() >= 10 && code.contains_key("runtime-sdk") && code.contains_key("duplicate"),
        "the rule scanner lost rules: {code:?}"
    );
    let table: BTreeMap<&str, &str> = table_rows(README, "| rule | finds | severity |")
        .into_iter()
        .map(|cells| (cells[0].trim_matches('`'), cells[2]))
        .collect();
    let in_code: BTreeSet<&str> = code.keys().map(String::as_str).collect();
    let in_readme: BTreeSet<&str> = table.keys().copied().collect();
    assert_eq!(
        in_readme, in_code,
        "README's bloat-rule table (Auditing package sizes) and src/audit/rules.rs differ"
    );
    for (id, severities) in &code {
        let want: BTreeSet<String> = [table[id.as_str()].to_string()].into();
        assert_eq!(&want, severities, "severity of `{id}` in the README");
    }
}

/// The cells of each row of the Markdown table whose header line is `header`, up to the
/// first line that is not a table row.
fn table_rows<'a>(text: &'a str, header: &str) -> Vec<Vec<&'a str>> {
    let start = text
        .find(header)
        .unwrap_or_else(|| panic!("README has no table `{header}`"));
    text[start..]
        .lines()
        .skip(2) // the header and the |---| line
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim()
                .trim_matches('|')
                .split(" | ")
                .map(str::trim)
                .collect()
        })
        .collect()
}

/// The `backticked` spans of a Markdown cell.
fn backticked(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('`').skip(1).step_by(2)
}
