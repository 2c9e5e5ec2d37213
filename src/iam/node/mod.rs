//! AWS SDK calls a Node.js Lambda handler can make, read from its source, so that
//! `gearctl iam` can grant each function exactly what its code uses.
//!
//! Why it exists: serverless services share one broad role because nobody knows what each
//! handler calls. This module answers that for JavaScript and TypeScript handlers: it finds
//! the handler file from the serverless.yml handler string, reads it and the local modules it
//! imports (ESM, CommonJS, dynamic `import()`, index files, extensionless and TypeScript
//! specifiers), parses each once with tree-sitter, and evaluates, abstractly, the code
//! reachable from the handler export: module top-level code, then the handler, following calls
//! into local functions and modules with the values passed to them. What it recognises are the
//! AWS SDK for JavaScript v2 (`new AWS.S3().putObject(…)`, DocumentClient) and v3
//! (`client.send(new PutObjectCommand(…))`, aggregated clients, lib-dynamodb, lib-storage,
//! presigners, paginators, waiters) calls, with their parameter values as far as the code says
//! them (string constants, `process.env.X`, template literals). Helpers the handler never
//! calls grant nothing; what cannot be pinned down (a method chosen at run time, a client of
//! unknown service) is reported, never dropped.
//!
//! `calls.rs` defines the result; mapping services and operations to IAM actions and values
//! to ARNs happens elsewhere.

mod call;
mod eval;
mod module;
mod record;
mod sdk;
mod syntax;
mod value;

#[cfg(test)]
mod lib_tests;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use tree_sitter::{Node, Tree};

use crate::iam::calls::{Extraction, Finding};
use crate::iam::source::{self, Issue, Lang};
use eval::{Analyzer, Source};
use syntax::{field_table, named, string_value};

/// Extensions tried for the handler file and for extensionless local imports, in order.
const EXTENSIONS: &[&str] = &["js", "mjs", "cjs", "ts", "mts", "cts", "jsx", "tsx"];

/// The SDK calls reachable from `handler` (a serverless.yml handler string such as
/// `functions/api/handler.handler`) in the service at `service_dir`.
pub fn extract(service_dir: &Path, handler: &str) -> Extraction {
    Extractor::new().extract(service_dir, handler)
}

/// Extracts many handlers of one service, parsing each file once across all of them.
/// Files are assumed not to change while an `Extractor` lives.
#[derive(Default)]
pub struct Extractor {
    cache: HashMap<PathBuf, Arc<Parsed>>,
}

impl Extractor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Like [`extract`], reusing files already parsed by this extractor.
    pub fn extract(&mut self, service_dir: &Path, handler: &str) -> Extraction {
        crate::iam::stack::run(handler, |big| {
            let depth = if big {
                eval::MAX_DEPTH
            } else {
                eval::MAX_DEPTH_SMALL_STACK
            };
            self.extract_here(service_dir, handler, depth)
        })
    }

    fn extract_here(&mut self, service_dir: &Path, handler: &str, max_depth: u32) -> Extraction {
        let mut out = Extraction::default();
        let base = normalize(service_dir);
        let Some((module, export_path)) = split_handler(handler) else {
            out.errors.push(Finding {
                file: PathBuf::from(handler),
                line: 0,
                message: format!(
                    "handler `{handler}` names no export (expected `path/file.export`)"
                ),
            });
            return out;
        };
        let stem = normalize(&base.join(module));
        let Some(entry) = EXTENSIONS
            .iter()
            .map(|e| with_added_extension(&stem, e))
            .find(|p| p.is_file())
        else {
            out.errors.push(Finding {
                file: PathBuf::from(format!("{module}.js")),
                line: 0,
                message: format!(
                    "handler file not found: tried {module}.js, .mjs, .cjs, .ts, .mts, .cts, .jsx, .tsx"
                ),
            });
            return out;
        };

        // Every local module the handler file can reach, read and parsed once.
        let mut order = vec![entry.clone()];
        let mut ids: HashMap<PathBuf, usize> = HashMap::from([(entry, 0)]);
        let mut parsed: Vec<Arc<Parsed>> = Vec::new();
        while parsed.len() < order.len() {
            // One level of the import graph at a time, its files parsed in parallel.
            let level = order[parsed.len()..].to_vec();
            for p in self.load_all(&level) {
                for dep in p.deps.iter().filter_map(|(_, d)| d.as_ref()) {
                    if !ids.contains_key(dep) {
                        ids.insert(dep.clone(), order.len());
                        order.push(dep.clone());
                    }
                }
                parsed.push(p);
            }
        }
        let rels: Vec<PathBuf> = order.iter().map(|p| relative(&base, p)).collect();

        let sources = parsed
            .iter()
            .zip(&rels)
            .map(|(p, rel)| Source {
                rel: rel.clone(),
                src: &p.file.src,
                root: p.file.tree.as_ref().map(Tree::root_node),
                fields: p
                    .file
                    .tree
                    .as_ref()
                    .map(|t| field_table(&t.language()))
                    .unwrap_or_default(),
                links: p
                    .deps
                    .iter()
                    .filter_map(|(spec, d)| Some((spec.as_str(), *ids.get(d.as_ref()?)?)))
                    .collect(),
            })
            .collect();
        let bytes: usize = parsed.iter().map(|p| p.file.src.len()).sum();
        let fuel = 64 * bytes as u64 + 1_000_000;
        let mut analyzer = Analyzer::new(sources, fuel);
        analyzer.max_depth = max_depth;
        if let Some(message) = analyzer.run(&export_path) {
            out.errors.push(Finding {
                file: rels[0].clone(),
                line: 0,
                message,
            });
        }

        for (p, rel) in parsed.iter().zip(&rels) {
            out.lines += p.file.lines;
            out.errors
                .extend(p.issues.iter().map(|(line, message)| Finding {
                    file: rel.clone(),
                    line: *line,
                    message: message.clone(),
                }));
        }
        out.calls = std::mem::take(&mut analyzer.calls);
        out.calls.sort_by(|a, b| {
            (&a.file, a.line, &a.service, &a.operation).cmp(&(
                &b.file,
                b.line,
                &b.service,
                &b.operation,
            ))
        });
        out.unresolved = std::mem::take(&mut analyzer.unresolved);
        for findings in [&mut out.unresolved, &mut out.errors] {
            findings
                .sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
            findings.dedup();
        }
        let mut files = rels;
        files.sort();
        files.dedup();
        out.files = files;
        out
    }

    /// These files, from the cache or read now (the functions of a service are what runs
    /// in parallel, one per worker of `iam generate`).
    fn load_all(&mut self, paths: &[PathBuf]) -> Vec<Arc<Parsed>> {
        paths
            .iter()
            .map(|path| {
                self.cache
                    .entry(path.clone())
                    .or_insert_with(|| Arc::new(parse_file(path)))
                    .clone()
            })
            .collect()
    }
}

/// One file from the shared parse cache, its problem worded, and the local modules it
/// names resolved.
fn parse_file(path: &Path) -> Parsed {
    let file = source::load(path, Lang::for_script(path));
    let mut parsed = Parsed {
        issues: Vec::new(),
        deps: Vec::new(),
        file: file.clone(),
    };
    match &file.issue {
        None => {}
        Some(Issue::Unreadable(e)) => parsed
            .issues
            .push((0, format!("cannot read the file: {e}"))),
        Some(Issue::NotUtf8 { .. }) => parsed
            .issues
            .push((0, "not valid UTF-8; the file is not analysed".into())),
        Some(Issue::Syntax { line, missing }) => {
            let what = match missing {
                Some(kind) => format!(" at line {line}: missing `{kind}`"),
                None => format!(" at line {line}"),
            };
            parsed.issues.push((
                *line,
                format!("syntax error{what}; the rest of the file is still analysed"),
            ));
        }
        Some(Issue::Skipped(why)) => parsed.issues.push((0, why.clone())),
    }
    let Some(tree) = &file.tree else {
        return parsed;
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut seen = HashSet::new();
    for (spec, line) in import_specifiers(tree.root_node(), &file.src) {
        if !is_local(&spec) || !seen.insert(spec.clone()) {
            continue;
        }
        let dep = match resolve(dir, &spec, 0) {
            Resolved::Code(p) => Some(p),
            Resolved::NotCode => None,
            Resolved::Missing => {
                parsed
                    .issues
                    .push((line, format!("cannot find local module `{spec}`")));
                None
            }
        };
        parsed.deps.push((spec, dep));
    }
    parsed
}

/// One file, read and parsed (shared with every other function's analysis), with its
/// problems and the local modules it imports.
struct Parsed {
    file: Arc<source::Parsed>,
    /// Errors about the file itself: (line, message).
    issues: Vec<(usize, String)>,
    /// Local specifiers and the code file each names (`None`: not code, or missing).
    deps: Vec<(String, Option<PathBuf>)>,
}

/// `functions/api/handler.handler` → (`functions/api/handler`, [`handler`]).
fn split_handler(handler: &str) -> Option<(&str, Vec<&str>)> {
    let handler = handler.trim();
    let slash = handler.rfind('/').map_or(0, |i| i + 1);
    let dot = slash + handler[slash..].find('.')?;
    let export: Vec<&str> = handler[dot + 1..].split('.').collect();
    if export.iter().any(|s| s.is_empty()) || dot == slash {
        return None;
    }
    Some((&handler[..dot], export))
}

/// Every module specifier a file names, with its line: imports, re-exports, `require`,
/// `import()`, TypeScript `import x = require()`. Found from the places the source text says
/// `import`, `export` or `require`, not by walking the whole tree.
fn import_specifiers(root: Node<'_>, src: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for word in ["import", "export", "require"] {
        for (at, _) in src.match_indices(word) {
            let Some(token) = root.descendant_for_byte_range(at, at + word.len()) else {
                continue;
            };
            if token.start_byte() != at || token.end_byte() != at + word.len() {
                continue;
            }
            // `import(…)`'s callee is a named `import` node around the keyword.
            let (token, parent) = match token.parent() {
                Some(p) if p.kind() == "import" => (p, p.parent()),
                p => (token, p),
            };
            let Some(parent) = parent else {
                continue;
            };
            let spec_node = match parent.kind() {
                "import_statement" | "export_statement" | "import_require_clause" => {
                    parent.child_by_field_name("source")
                }
                "call_expression" if parent.child_by_field_name("function") == Some(token) => {
                    parent
                        .child_by_field_name("arguments")
                        .and_then(|a| named(a).next())
                }
                _ => None,
            };
            if let Some(spec) = spec_node.and_then(|n| string_value(n, src))
                && seen.insert(parent.id())
            {
                out.push((spec, parent.start_position().row + 1));
            }
        }
    }
    out.sort_by_key(|(_, line)| *line);
    out
}

fn is_local(spec: &str) -> bool {
    spec == "." || spec == ".." || spec.starts_with("./") || spec.starts_with("../")
}

enum Resolved {
    Code(PathBuf),
    NotCode,
    Missing,
}

/// Node's resolution of a relative specifier, plus TypeScript's: `./x.js` may name `./x.ts`.
fn resolve(dir: &Path, spec: &str, depth: u8) -> Resolved {
    let base = normalize(&dir.join(spec));
    let ext = base.extension().and_then(|e| e.to_str()).unwrap_or("");
    if EXTENSIONS.contains(&ext) {
        if base.is_file() {
            return Resolved::Code(base);
        }
        let alternatives: &[&str] = match ext {
            "js" => &["ts", "tsx"],
            "mjs" => &["mts"],
            "cjs" => &["cts"],
            "jsx" => &["tsx"],
            _ => &[],
        };
        if let Some(p) = alternatives
            .iter()
            .map(|a| base.with_extension(a))
            .find(|p| p.is_file())
        {
            return Resolved::Code(p);
        }
    }
    if let Some(p) = EXTENSIONS
        .iter()
        .map(|e| with_added_extension(&base, e))
        .find(|p| p.is_file())
    {
        return Resolved::Code(p);
    }
    if base.is_file() {
        return Resolved::NotCode;
    }
    if base.is_dir() {
        if depth == 0
            && let Ok(text) = fs::read_to_string(base.join("package.json"))
            && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
            && let Some(main) = json.get("main").and_then(|m| m.as_str())
            && let Resolved::Code(p) = resolve(&base, &format!("./{main}"), depth + 1)
        {
            return Resolved::Code(p);
        }
        if let Some(p) = EXTENSIONS
            .iter()
            .map(|e| base.join(format!("index.{e}")))
            .find(|p| p.is_file())
        {
            return Resolved::Code(p);
        }
    }
    Resolved::Missing
}

fn with_added_extension(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `base` (both normalised), with `..` when it lies outside.
fn relative(base: &Path, path: &Path) -> PathBuf {
    if let Ok(r) = path.strip_prefix(base) {
        return r.to_path_buf();
    }
    let b: Vec<_> = base.components().collect();
    let p: Vec<_> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    out
}
