//! Bloat rules: what in a package could go, how many bytes that saves, and the exact
//! serverless.yml pattern that drops it.
//!
//! Rules look only at paths and sizes (plus content hashes in deep mode), so they run the
//! same on a zip's central directory, a source tree, or a downloaded deployed package.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::entries::Entry;

/// What a runtime name says about the SDK it ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runtime {
    Python,
    /// Node with its major version when known.
    Node(Option<u32>),
    Other,
}

impl Runtime {
    /// From a Lambda runtime id (`python3.12`, `nodejs18.x`, `provided.al2023`…).
    pub fn parse(id: &str) -> Runtime {
        if id.starts_with("python") {
            Runtime::Python
        } else if let Some(rest) = id.strip_prefix("nodejs") {
            Runtime::Node(rest.split('.').next().and_then(|v| v.parse().ok()))
        } else {
            Runtime::Other
        }
    }

    /// Guess from the files when no runtime is known.
    pub fn infer(entries: &[Entry]) -> Runtime {
        let py = entries.iter().filter(|e| e.path.ends_with(".py")).count();
        let js = entries
            .iter()
            .filter(|e| {
                e.path.ends_with(".js") || e.path.ends_with(".mjs") || e.path.ends_with(".cjs")
            })
            .count();
        match (py, js) {
            (0, 0) => Runtime::Other,
            (p, j) if p >= j => Runtime::Python,
            _ => Runtime::Node(None),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; removing it is a judgement call (e.g. a bundled, pinned SDK).
    Info,
    /// Almost certainly dead weight.
    Warn,
}

/// One thing that could be dropped, with the pattern that drops it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The line to add under `package.patterns` in serverless.yml.
    pub pattern: String,
    pub message: String,
    pub files: u64,
    pub unzipped_bytes: u64,
    pub zipped_bytes: Option<u64>,
    /// Up to three matching paths.
    pub examples: Vec<String>,
}

/// Settings of a rule run.
#[derive(Debug, Clone, Copy)]
pub struct RuleOptions {
    pub runtime: Runtime,
    /// A single file at least this big is reported.
    pub huge_file_bytes: u64,
}

const TEST_DIRS: &[&str] = &["test", "tests", "__tests__", "spec", "specs"];
const DOC_DIRS: &[&str] = &["doc", "docs", "example", "examples"];
const DOC_STEMS: &[&str] = &[
    "README",
    "CHANGELOG",
    "CHANGES",
    "HISTORY",
    "AUTHORS",
    "CONTRIBUTING",
];
const VCS_DIRS: &[&str] = &[".git", ".svn", ".hg"];
const EDITOR_DIRS: &[&str] = &[".idea", ".vscode"];
const OS_FILES: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini"];
const PY_SDK: &[&str] = &["boto3", "botocore", "s3transfer"];

/// A rule's verdict on one path: (rule, severity, pattern, message).
type Hit = (&'static str, Severity, String, String);

/// Which rule matches a path, if any. The first rule that matches owns the file, so bytes
/// are never counted twice.
fn classify(path: &str, opts: &RuleOptions, js: &HashSet<&str>) -> Option<Hit> {
    let parts: Vec<&str> = path.split('/').collect();
    let (dirs, file) = parts.split_at(parts.len() - 1);
    let file = file[0];
    let nm = parts.iter().rposition(|p| *p == "node_modules");

    // Runtime-provided SDKs.
    match opts.runtime {
        Runtime::Python => {
            let top = dirs.first().copied().unwrap_or("");
            if PY_SDK.contains(&top) {
                return Some(sdk_hit(format!("!{top}/**"), "python"));
            }
            if let Some(stem) = top.strip_suffix(".dist-info")
                && let Some(name) = stem.split('-').next()
                && PY_SDK.contains(&name)
            {
                return Some(sdk_hit(format!("!{name}-*.dist-info/**"), "python"));
            }
        }
        Runtime::Node(major) => {
            if let Some(i) = nm
                && let Some(pkg) = parts.get(i + 1)
                && parts.len() > i + 2
            {
                let prefix = parts[..=i].join("/");
                let v3 = *pkg == "@aws-sdk" || *pkg == "@smithy";
                if v3 && major.is_some_and(|m| m >= 18) {
                    return Some(sdk_hit(format!("!{prefix}/{pkg}/**"), "node-v3"));
                }
                if *pkg == "aws-sdk" && major.is_some_and(|m| m <= 16) {
                    return Some(sdk_hit(format!("!{prefix}/aws-sdk/**"), "node-v2"));
                }
            }
        }
        Runtime::Other => {}
    }

    // Version control, editor and OS files.
    if let Some(d) = dirs
        .iter()
        .find(|d| VCS_DIRS.contains(d) || EDITOR_DIRS.contains(d))
    {
        return Some(hit(
            "vcs-editor-os",
            Severity::Warn,
            format!("!**/{d}/**"),
            format!("{d} folder"),
        ));
    }
    if OS_FILES.contains(&file) {
        return Some(hit(
            "vcs-editor-os",
            Severity::Warn,
            format!("!**/{file}"),
            "OS metadata file".into(),
        ));
    }
    if let Some(ext) = [".swp", ".swo"].into_iter().find(|e| file.ends_with(e)) {
        return Some(hit(
            "vcs-editor-os",
            Severity::Warn,
            format!("!**/*{ext}"),
            "editor swap file".into(),
        ));
    }
    if file.ends_with('~') {
        return Some(hit(
            "vcs-editor-os",
            Severity::Warn,
            "!**/*~".into(),
            "editor backup file".into(),
        ));
    }

    // Python byte code and packaging metadata.
    if dirs.contains(&"__pycache__") {
        return Some(hit(
            "python-cache",
            Severity::Warn,
            "!**/__pycache__/**".into(),
            "byte code Lambda recompiles anyway".into(),
        ));
    }
    if file.ends_with(".pyc") || file.ends_with(".pyo") {
        return Some(hit(
            "python-cache",
            Severity::Warn,
            "!**/*.pyc".into(),
            "byte code Lambda recompiles anyway".into(),
        ));
    }
    if let Some(suffix) = [".dist-info", ".egg-info"]
        .into_iter()
        .find(|sfx| dirs.iter().any(|d| d.ends_with(sfx)))
    {
        return Some(hit(
            "python-metadata",
            Severity::Info,
            format!("!**/*{suffix}/**"),
            "packaging metadata; keep it if code reads importlib.metadata or entry points".into(),
        ));
    }

    // Tests and docs folders (the service's own and its dependencies').
    if let Some(d) = dirs.iter().find(|d| TEST_DIRS.contains(d)) {
        return Some(hit(
            "tests-docs",
            Severity::Warn,
            format!("!**/{d}/**"),
            "test code".into(),
        ));
    }
    if let Some(d) = dirs.iter().find(|d| DOC_DIRS.contains(d)) {
        return Some(hit(
            "tests-docs",
            Severity::Warn,
            format!("!**/{d}/**"),
            "documentation or examples".into(),
        ));
    }

    // Source maps and TypeScript sources next to their compiled JS.
    if file.ends_with(".map") {
        return Some(hit(
            "source-maps",
            Severity::Warn,
            "!**/*.map".into(),
            "source maps".into(),
        ));
    }
    if file.ends_with(".d.ts") {
        return Some(hit(
            "typescript-sources",
            Severity::Warn,
            "!**/*.d.ts".into(),
            "type declarations".into(),
        ));
    }
    if let Some(stem) = path.strip_suffix(".ts")
        && (js.contains(format!("{stem}.js").as_str())
            || js.contains(format!("{stem}.mjs").as_str()))
    {
        return Some(hit(
            "typescript-sources",
            Severity::Warn,
            "!**/*.ts".into(),
            "TypeScript sources shipped next to their compiled JS".into(),
        ));
    }

    // README, CHANGELOG and friends.
    if ends_with_ignore_case(file, ".md") || ends_with_ignore_case(file, ".markdown") {
        let ext = &file[file.rfind('.').unwrap_or(0)..];
        return Some(hit(
            "docs-files",
            Severity::Warn,
            format!("!**/*{ext}"),
            "Markdown documents".into(),
        ));
    }
    let stem = file.split('.').next().unwrap_or(file);
    if DOC_STEMS.iter().any(|s| s.eq_ignore_ascii_case(stem)) {
        return Some(hit(
            "docs-files",
            Severity::Warn,
            format!("!**/{stem}*"),
            format!("{stem} files"),
        ));
    }
    None
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

fn sdk_hit(pattern: String, which: &str) -> Hit {
    let message = match which {
        "python" => "the Python runtime provides it; bundling pins a version (AWS's advice)",
        "node-v3" => "the Node 18+ runtime provides SDK v3; bundling pins a version (AWS's advice)",
        _ => "the Node 16 runtime provides aws-sdk v2; bundling pins a version (AWS's advice)",
    };
    hit("runtime-sdk", Severity::Info, pattern, message.into())
}

fn hit(rule: &'static str, severity: Severity, pattern: String, message: String) -> Hit {
    (rule, severity, pattern, message)
}

/// Run the path rules and the huge-file rule over a package's entries. `flagged[i]` is set
/// for every entry a finding covers (for savings).
pub fn check(entries: &[Entry], opts: &RuleOptions, flagged: &mut [bool]) -> Vec<Finding> {
    let js: HashSet<&str> = entries
        .iter()
        .map(|e| e.path.as_str())
        .filter(|p| p.ends_with(".js") || p.ends_with(".mjs"))
        .collect();
    let mut by_pattern: BTreeMap<(String, &'static str), Finding> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let hit = classify(&e.path, opts, &js).or_else(|| {
            (e.size >= opts.huge_file_bytes).then(|| {
                hit(
                    "huge-file",
                    Severity::Info,
                    format!("!{}", e.path),
                    "a single large file; data often belongs in S3 or a layer".into(),
                )
            })
        });
        if let Some((rule, severity, pattern, message)) = hit {
            flagged[i] = true;
            add(&mut by_pattern, (rule, severity, pattern, message), e);
        }
    }
    sorted(by_pattern)
}

/// Deep mode: files with identical content. Every copy after the first (in path order) is
/// a finding of its own, with its own pattern.
pub fn duplicates(
    entries: &[Entry],
    hashes: &BTreeMap<String, [u8; 32]>,
    flagged: &mut [bool],
) -> Vec<Finding> {
    // (content hash, size) → (index, entry) of every copy.
    type Copies<'a> = Vec<(usize, &'a Entry)>;
    let mut by_hash: BTreeMap<([u8; 32], u64), Copies<'_>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.size > 0) {
        if let Some(h) = hashes.get(&e.path) {
            by_hash.entry((*h, e.size)).or_default().push((i, e));
        }
    }
    let mut out = BTreeMap::new();
    for copies in by_hash.values().filter(|c| c.len() > 1) {
        let mut copies = copies.clone();
        copies.sort_by(|a, b| a.1.path.cmp(&b.1.path));
        let first = &copies[0].1.path;
        for (i, dup) in &copies[1..] {
            flagged[*i] = true;
            add(
                &mut out,
                (
                    "duplicate",
                    Severity::Info,
                    format!("!{}", dup.path),
                    format!("same content as {first}"),
                ),
                dup,
            );
        }
    }
    sorted(out)
}

fn add(map: &mut BTreeMap<(String, &'static str), Finding>, hit: Hit, e: &Entry) {
    let (rule, severity, pattern, message) = hit;
    let f = map
        .entry((pattern.clone(), rule))
        .or_insert_with(|| Finding {
            rule,
            severity,
            pattern,
            message,
            files: 0,
            unzipped_bytes: 0,
            zipped_bytes: Some(0),
            examples: Vec::new(),
        });
    f.files += 1;
    f.unzipped_bytes += e.size;
    f.zipped_bytes = f.zipped_bytes.zip(e.compressed).map(|(a, b)| a + b);
    if f.examples.len() < 3 {
        f.examples.push(e.path.clone());
    }
}

/// Biggest savings first; ties by rule and pattern so output is deterministic.
fn sorted(map: BTreeMap<(String, &'static str), Finding>) -> Vec<Finding> {
    let mut v: Vec<Finding> = map.into_values().collect();
    v.sort_by(|a, b| {
        b.unzipped_bytes
            .cmp(&a.unzipped_bytes)
            .then(a.rule.cmp(b.rule))
            .then(a.pattern.cmp(&b.pattern))
    });
    v
}

/// Bytes saved if every finding's pattern were applied, each file counted once.
pub fn savings(entries: &[Entry], flagged: &[bool]) -> (u64, Option<u64>) {
    entries
        .iter()
        .zip(flagged)
        .filter(|(_, f)| **f)
        .fold((0, Some(0u64)), |(u, z), (e, _)| {
            (u + e.size, z.zip(e.compressed).map(|(a, b)| a + b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn e(path: &str, size: u64) -> Entry {
        Entry {
            path: path.into(),
            size,
            compressed: Some(size / 2),
            crc32: None,
        }
    }

    fn opts(runtime: &str) -> RuleOptions {
        RuleOptions {
            runtime: Runtime::parse(runtime),
            huge_file_bytes: 1_000_000,
        }
    }

    fn check(entries: &[Entry], opts: &RuleOptions) -> Vec<Finding> {
        super::check(entries, opts, &mut vec![false; entries.len()])
    }

    fn rules_of(findings: &[Finding]) -> Vec<(&str, &str)> {
        findings
            .iter()
            .map(|f| (f.rule, f.pattern.as_str()))
            .collect()
    }

    #[test]
    fn python_sdk_is_informational() {
        let f = check(
            &[
                e("boto3/session.py", 10),
                e("botocore/data/x.json", 100),
                e("botocore-1.0.dist-info/RECORD", 1),
                e("handler.py", 5),
            ],
            &opts("python3.12"),
        );
        assert_eq!(
            rules_of(&f),
            [
                ("runtime-sdk", "!botocore/**"),
                ("runtime-sdk", "!boto3/**"),
                ("runtime-sdk", "!botocore-*.dist-info/**")
            ]
        );
        assert!(f.iter().all(|f| f.severity == Severity::Info));
    }

    #[test]
    fn node_sdk_depends_on_the_runtime_version() {
        let files = [
            e("node_modules/aws-sdk/lib/core.js", 50),
            e("node_modules/@aws-sdk/client-s3/index.js", 40),
        ];
        let on18 = check(&files, &opts("nodejs18.x"));
        assert_eq!(
            rules_of(&on18),
            [("runtime-sdk", "!node_modules/@aws-sdk/**")],
            "v2 is required on 18+"
        );
        let on16 = check(&files, &opts("nodejs16.x"));
        assert_eq!(
            rules_of(&on16),
            [("runtime-sdk", "!node_modules/aws-sdk/**")]
        );
    }

    #[test]
    fn junk_rules() {
        let f = check(
            &[
                e("a/__pycache__/x.cpython-312.pyc", 7),
                e("b.pyc", 1),
                e("node_modules/x/test/a.js", 3),
                e("numpy/_core/tests/test_a.py", 9),
                e("node_modules/x/docs/api.html", 2),
                e("dist/app.js.map", 4),
                e("src/app.ts", 5),
                e("src/app.js", 5),
                e("lonely.ts", 1),
                e("types/index.d.ts", 1),
                e("node_modules/x/README.md", 2),
                e("node_modules/x/CHANGELOG", 2),
                e(".git/HEAD", 1),
                e(".DS_Store", 1),
                e(".idea/ws.xml", 1),
                e("data/model.bin", 2_000_000),
                e("handler.py", 3),
            ],
            &opts("python3.12"),
        );
        let got: BTreeSet<(&str, &str)> = rules_of(&f).into_iter().collect();
        for want in [
            ("python-cache", "!**/__pycache__/**"),
            ("python-cache", "!**/*.pyc"),
            ("tests-docs", "!**/test/**"),
            ("tests-docs", "!**/tests/**"),
            ("tests-docs", "!**/docs/**"),
            ("source-maps", "!**/*.map"),
            ("typescript-sources", "!**/*.ts"),
            ("typescript-sources", "!**/*.d.ts"),
            ("docs-files", "!**/*.md"),
            ("docs-files", "!**/CHANGELOG*"),
            ("vcs-editor-os", "!**/.git/**"),
            ("vcs-editor-os", "!**/.DS_Store"),
            ("vcs-editor-os", "!**/.idea/**"),
            ("huge-file", "!data/model.bin"),
        ] {
            assert!(got.contains(&want), "missing {want:?} in {got:?}");
        }
        let ts = f.iter().find(|f| f.pattern == "!**/*.ts").unwrap();
        assert_eq!(
            ts.examples,
            ["src/app.ts"],
            "a .ts without compiled JS stays"
        );
        assert_eq!(f[0].pattern, "!data/model.bin", "biggest first");
    }

    #[test]
    fn duplicates_and_savings_count_each_file_once() {
        let entries = [
            e("a/x.bin", 100),
            e("b/x.bin", 100),
            e("c/x.bin", 100),
            e("README.md", 10),
        ];
        let mut hashes = BTreeMap::new();
        for p in ["a/x.bin", "b/x.bin", "c/x.bin"] {
            hashes.insert(p.to_string(), [1u8; 32]);
        }
        hashes.insert("README.md".into(), [2u8; 32]);
        let mut flagged = vec![false; entries.len()];
        let dups = duplicates(&entries, &hashes, &mut flagged);
        assert_eq!(
            rules_of(&dups),
            [("duplicate", "!b/x.bin"), ("duplicate", "!c/x.bin")]
        );
        let o = opts("python3.12");
        super::check(&entries, &o, &mut flagged);
        assert_eq!(savings(&entries, &flagged), (210, Some(105)));
    }
}
