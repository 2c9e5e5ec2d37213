//! Reading and parsing handler code, once per file per run, for both extractors.
//!
//! `iam generate` analyses many functions that share modules; each file is read and parsed
//! by tree-sitter once and kept here by path (files do not change while gearctl runs). It is
//! also the one gate in front of the parsers: files that would make the analysis explode
//! (bundles, minified code, copies of packages under `node_modules`, Python nested deeper
//! than tree-sitter-python's scanner can take without aborting the process) are not parsed
//! at all, and say why.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tree_sitter::{Node, Parser, Tree};

/// Largest file parsed. Handler sources are far smaller; bigger ones are build output.
pub const MAX_BYTES: usize = 1 << 20;
/// Longest line of JavaScript parsed: longer ones are minified code.
pub const MAX_LINE: usize = 64 << 10;
/// Deepest chain of ever deeper indented lines in a Python file. tree-sitter-python's
/// scanner keeps one entry per level and aborts the process (an assertion in its state
/// serialiser, at about 510 levels with a string open) when they overflow its buffer; this
/// leaves room for the 255 delimiters it can also hold there.
pub const MAX_PY_LEVELS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Python,
    Js,
    Ts,
    Tsx,
}

impl Lang {
    /// The JavaScript dialect a file's extension says.
    pub fn for_script(path: &Path) -> Lang {
        match path.extension().and_then(|e| e.to_str()) {
            Some("ts" | "mts" | "cts") => Lang::Ts,
            Some("tsx") => Lang::Tsx,
            _ => Lang::Js,
        }
    }
}

/// What is wrong with a file; each extractor words it for its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// The file could not be read (the OS error).
    Unreadable(String),
    /// Not UTF-8, from this line on.
    NotUtf8 { line: usize },
    /// A syntax error: its line, and what tree-sitter says is missing, if it does.
    Syntax {
        line: usize,
        missing: Option<String>,
    },
    /// Not parsed on purpose, and why (the full message, with what to do).
    Skipped(String),
}

/// One file, read and parsed.
#[derive(Debug, Default)]
pub struct Parsed {
    pub src: String,
    /// `None` when the file is unreadable, not UTF-8 or skipped.
    pub tree: Option<Tree>,
    pub lines: usize,
    pub issue: Option<Issue>,
}

/// Every file parsed in this run, by path and language.
type Cache = Mutex<HashMap<(PathBuf, Lang), Arc<Parsed>>>;

static CACHE: OnceLock<Cache> = OnceLock::new();

thread_local! {
    static PARSERS: RefCell<HashMap<Lang, Parser>> = RefCell::new(HashMap::new());
}

/// The file at `path`, from the cache or read and parsed now.
pub fn load(path: &Path, lang: Lang) -> Arc<Parsed> {
    let cache = CACHE.get_or_init(Default::default);
    let key = (path.to_path_buf(), lang);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let parsed = Arc::new(read(path, lang));
    if let Ok(mut c) = cache.lock() {
        c.insert(key, parsed.clone());
    }
    parsed
}

fn read(path: &Path, lang: Lang) -> Parsed {
    let mut out = Parsed::default();
    if lang != Lang::Python
        && path
            .components()
            .any(|c| c == Component::Normal("node_modules".as_ref()))
    {
        out.issue = Some(Issue::Skipped(
            "a copy of a package under node_modules: not analysed (gearctl reads the \
             service's own code); import the package by its name instead"
                .into(),
        ));
        return out;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.issue = Some(Issue::Unreadable(e.to_string()));
            return out;
        }
    };
    out.lines = bytes.iter().filter(|&&b| b == b'\n').count()
        + usize::from(bytes.last().is_some_and(|&b| b != b'\n'));
    if let Some(why) = too_big(&bytes, lang) {
        out.issue = Some(Issue::Skipped(why));
        return out;
    }
    out.src = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            out.issue = Some(Issue::NotUtf8 { line });
            return out;
        }
    };
    out.tree = PARSERS.with(|p| {
        let mut parsers = p.borrow_mut();
        if let std::collections::hash_map::Entry::Vacant(slot) = parsers.entry(lang) {
            let language: tree_sitter::Language = match lang {
                Lang::Python => tree_sitter_python::LANGUAGE.into(),
                Lang::Js => tree_sitter_javascript::LANGUAGE.into(),
                Lang::Ts => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            };
            let mut parser = Parser::new();
            parser.set_language(&language).ok()?;
            slot.insert(parser);
        }
        parsers.get_mut(&lang)?.parse(&out.src, None)
    });
    if let Some(bad) = out.tree.as_ref().and_then(|t| first_error(t.root_node())) {
        out.issue = Some(Issue::Syntax {
            line: bad.start_position().row + 1,
            missing: bad.is_missing().then(|| bad.kind().to_string()),
        });
    }
    out
}

/// Why a file is not parsed: too large, a minified line, or (Python) nested too deeply.
fn too_big(bytes: &[u8], lang: Lang) -> Option<String> {
    const FIX: &str = "point the handler at the source files, not at build output";
    if bytes.len() > MAX_BYTES {
        return Some(format!(
            "{} bytes, more than the {} KiB gearctl analyses in one file (a bundle?): not \
             analysed; {FIX}",
            bytes.len(),
            MAX_BYTES >> 10
        ));
    }
    let mut levels: Vec<usize> = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if lang != Lang::Python && line.len() > MAX_LINE {
            return Some(format!(
                "line {} is {} bytes long (minified code?), more than the {MAX_LINE} \
                 gearctl analyses: the file is not analysed; {FIX}",
                i + 1,
                line.len()
            ));
        }
        if lang != Lang::Python {
            continue;
        }
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if indent == line.len() || line[indent] == b'#' {
            continue;
        }
        while levels.last().is_some_and(|&l| l >= indent) {
            levels.pop();
        }
        levels.push(indent);
        if levels.len() > MAX_PY_LEVELS {
            return Some(format!(
                "line {} is nested more than {MAX_PY_LEVELS} blocks deep, more than the \
                 Python parser can take: the file is not analysed; flatten the code",
                i + 1
            ));
        }
    }
    None
}

/// The first ERROR or MISSING node in document order, without recursion.
fn first_error(root: Node) -> Option<Node> {
    if !root.has_error() {
        return None;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    fn skipped(p: &Parsed) -> &str {
        match &p.issue {
            Some(Issue::Skipped(why)) => why,
            other => panic!("not skipped: {other:?}"),
        }
    }

    /// Without the guard this aborts the whole process inside tree-sitter-python's scanner.
    #[test]
    fn python_nested_past_the_scanners_limit_is_not_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let mut src = String::from("def handle(e, c):\n");
        for depth in 1..=600 {
            src.push_str(&" ".repeat(depth));
            src.push_str("if e:\n");
        }
        src.push_str(&" ".repeat(601));
        src.push_str("x = 'deep'\n");
        let p = load(&write(dir.path(), "deep.py", src.as_bytes()), Lang::Python);
        assert!(p.tree.is_none());
        assert!(
            skipped(&p).starts_with("line 301 is nested more than 300"),
            "{:?}",
            p.issue
        );
        assert_eq!(p.lines, 602);
        // Just inside the bound it is parsed.
        let ok: String = (0..MAX_PY_LEVELS - 1)
            .map(|d| format!("{}if e:\n", " ".repeat(d)))
            .collect::<String>()
            + &" ".repeat(MAX_PY_LEVELS - 1)
            + "x = 'deep'\n";
        let p = load(&write(dir.path(), "ok.py", ok.as_bytes()), Lang::Python);
        assert!(p.tree.is_some() && p.issue.is_none(), "{:?}", p.issue);
    }

    #[test]
    fn bundles_minified_lines_and_node_modules_are_not_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let big = "const a = 1;\n".repeat(MAX_BYTES / 13 + 1);
        let p = load(&write(dir.path(), "dist/big.js", big.as_bytes()), Lang::Js);
        assert!(p.tree.is_none());
        assert!(skipped(&p).contains("(a bundle?)"), "{:?}", p.issue);
        let minified = format!("var a=[{}];\n", "1,".repeat(MAX_LINE / 2));
        let p = load(&write(dir.path(), "min.js", minified.as_bytes()), Lang::Js);
        assert!(
            skipped(&p).starts_with("line 1 is 65545 bytes long"),
            "{:?}",
            p.issue
        );
        let p = load(
            &write(dir.path(), "node_modules/x/index.js", b"exports.a = 1;\n"),
            Lang::Js,
        );
        assert!(skipped(&p).contains("node_modules"));
        let p = load(
            &write(dir.path(), "fine.ts", b"export const a = 1;\n"),
            Lang::Ts,
        );
        assert!(p.tree.is_some() && p.issue.is_none());
    }

    #[test]
    fn each_file_is_parsed_once_and_problems_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.py", b"def f(:\n");
        let first = load(&path, Lang::Python);
        assert!(Arc::ptr_eq(&first, &load(&path, Lang::Python)));
        assert_eq!(
            first.issue,
            Some(Issue::Syntax {
                line: 1,
                missing: Some(")".into())
            })
        );
        let bad = load(&write(dir.path(), "b.js", b"ok\n\xff"), Lang::Js);
        assert_eq!(bad.issue, Some(Issue::NotUtf8 { line: 2 }));
        let gone = load(&dir.path().join("none.js"), Lang::Js);
        assert!(matches!(gone.issue, Some(Issue::Unreadable(_))));
    }
}
