//! Reading and parsing the handler module and every local module it imports, once each.
//!
//! Everything is loaded before the analysis starts, so that the syntax trees can be
//! borrowed for the whole analysis: every import statement of every loaded file (inside
//! functions too) is resolved here, and what it binds is kept by statement for the
//! interpreter to replay when (and if) the code that holds it runs.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use tree_sitter::{Node, Tree};

use super::syntax::{F, field, kids, text};
use crate::iam::calls::Finding;
use crate::iam::source::{self, Issue};

/// Top-level packages that are never read from the service directory, even when a copy is
/// vendored there: they are the SDK itself or the standard library, and the interpreter
/// models them.
const MODELLED: &[&str] = &["boto3", "botocore", "s3transfer", "os"];

/// A module: a `.py` file, a package (`__init__.py`) or a namespace package (a bare
/// directory, `file` is `None`).
pub(super) struct Module {
    /// The module's path relative to the service directory, without `.py`; a package's
    /// directory. Submodules are `key/name`.
    pub key: PathBuf,
    /// The directory relative imports start from.
    pub package_dir: PathBuf,
    pub file: Option<SourceFile>,
}

pub(super) struct SourceFile {
    pub rel: PathBuf,
    pub src: String,
    /// `None` when the file could not be read as UTF-8.
    pub tree: Option<Tree>,
}

/// What one import statement does when it runs.
#[derive(Debug, Clone, Default)]
pub(super) struct Import {
    /// Modules whose top-level code runs, parents first.
    pub run: Vec<usize>,
    pub binds: Vec<Bind>,
}

#[derive(Debug, Clone)]
pub(super) enum Bind {
    /// `import a.b` binds `a`; `import a.b as x` binds `x` to `a.b`.
    Module { name: String, module: usize },
    /// `from m import attr as name`: a global of `m`, else its submodule `attr`.
    From {
        name: String,
        module: usize,
        attr: String,
    },
    /// `from m import *`.
    Star { module: usize },
    /// Not found locally: `dotted` is what the name stands for (`boto3`, `boto3.client`,
    /// `os.environ`, `requests`).
    External { name: String, dotted: String },
}

pub(super) struct Program {
    pub modules: Vec<Module>,
    /// Module index by key.
    pub by_key: HashMap<PathBuf, usize>,
    /// Import statements by (module, node id).
    pub imports: HashMap<(usize, usize), Import>,
    pub errors: Vec<Finding>,
    pub files: Vec<PathBuf>,
    pub lines: usize,
}

pub(super) struct Loader<'a> {
    root: &'a Path,
    prog: Program,
    missing: HashSet<PathBuf>,
    /// Modules registered but not read yet: read and parsed together, in parallel.
    pending: Vec<(usize, PathBuf)>,
    /// Modules read whose imports are not resolved yet.
    queue: VecDeque<usize>,
}

impl<'a> Loader<'a> {
    pub fn new(root: &'a Path) -> Loader<'a> {
        Loader {
            root,
            prog: Program {
                modules: Vec::new(),
                by_key: HashMap::new(),
                imports: HashMap::new(),
                errors: Vec::new(),
                files: Vec::new(),
                lines: 0,
            },
            missing: HashSet::new(),
            pending: Vec::new(),
            queue: VecDeque::new(),
        }
    }

    /// Load the handler module at `rel` (a `.py` path) and everything it imports. `None`
    /// when the file does not exist.
    pub fn load(mut self, rel: &Path) -> (Program, Option<usize>) {
        let key = rel.with_extension("");
        let entry = if inside(rel) && self.root.join(rel).is_file() {
            Some(self.add_module(key, rel.to_path_buf(), false))
        } else {
            None
        };
        loop {
            self.read_pending();
            if self.queue.is_empty() {
                break;
            }
            while let Some(m) = self.queue.pop_front() {
                self.scan_imports(m);
            }
        }
        self.prog.files.sort();
        (self.prog, entry)
    }

    /// Register and read a module (a file, or a package directory with `file` as its
    /// `__init__.py` when that exists).
    fn add_module(&mut self, key: PathBuf, file: PathBuf, package: bool) -> usize {
        if let Some(&m) = self.prog.by_key.get(&key) {
            return m;
        }
        let package_dir = if package {
            key.clone()
        } else {
            key.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let id = self.prog.modules.len();
        self.prog.modules.push(Module {
            key: key.clone(),
            package_dir,
            file: None,
        });
        self.prog.by_key.insert(key, id);
        // A namespace package (no `__init__.py`) has nothing to read.
        if !package || self.root.join(&file).is_file() {
            self.pending.push((id, file));
        }
        id
    }

    /// Read and parse the pending modules (through the shared parse cache; the functions
    /// of a service are what runs in parallel).
    fn read_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let root = self.root;
        let mut read: Vec<(usize, Read)> = pending
            .into_iter()
            .map(|(m, rel)| (m, read_source(root, rel)))
            .collect();
        read.sort_by_key(|(m, _)| *m);
        for (m, r) in read {
            self.prog.files.push(r.file.rel.clone());
            self.prog.lines += r.lines;
            self.prog.errors.extend(r.error);
            self.prog.modules[m].file = Some(r.file);
            self.queue.push_back(m);
        }
    }

    /// Resolve every import statement in module `m`, wherever it is.
    fn scan_imports(&mut self, m: usize) {
        // The tree and source are moved out for the walk and put back below, so that
        // resolving can add modules.
        let Some(file) = self.prog.modules[m].file.as_mut() else {
            return;
        };
        let Some(tree) = file.tree.take() else { return };
        let src = std::mem::take(&mut file.src);
        let mut found = Vec::new();
        let mut cursor = tree.walk();
        'walk: loop {
            let node = cursor.node();
            let kind = node.kind();
            let descend = match kind {
                "import_statement" | "import_from_statement" => {
                    found.push(node);
                    false
                }
                // Expressions hold no statements; skipping them keeps the walk short.
                "expression_statement" | "return_statement" | "comment" | "string" => false,
                _ => true,
            };
            if descend && cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        for node in found {
            let import = if node.kind() == "import_statement" {
                self.import_statement(m, node, &src)
            } else {
                self.import_from(m, node, &src)
            };
            self.prog.imports.insert((m, node.id()), import);
        }
        drop(cursor);
        if let Some(file) = self.prog.modules[m].file.as_mut() {
            file.tree = Some(tree);
            file.src = src;
        }
    }

    /// `import a.b.c`, `import a.b as x`.
    fn import_statement(&mut self, m: usize, node: Node, src: &str) -> Import {
        let mut out = Import::default();
        for item in kids(node) {
            let (dotted, alias) = match item.kind() {
                "dotted_name" => (text(item, src), None),
                "aliased_import" => (
                    field(item, F::Name)
                        .map(|n| text(n, src))
                        .unwrap_or_default(),
                    field(item, F::Alias).map(|n| text(n, src)),
                ),
                _ => continue,
            };
            let parts: Vec<&str> = dotted.split('.').collect();
            let first = parts.first().copied().unwrap_or_default().to_string();
            match self.find_absolute(m, &parts) {
                Some(chain) => {
                    let bound = match &alias {
                        Some(_) => chain.last().copied(),
                        None => chain.first().copied(),
                    };
                    out.run.extend(&chain);
                    if let Some(module) = bound {
                        out.binds.push(Bind::Module {
                            name: alias.unwrap_or(first),
                            module,
                        });
                    }
                }
                None => {
                    let (name, dotted) = match alias {
                        Some(a) => (a, dotted.clone()),
                        None => (first.clone(), first),
                    };
                    out.binds.push(Bind::External { name, dotted });
                }
            }
        }
        out
    }

    /// `from a.b import c, d as e`, `from . import x`, `from ..pkg.mod import f`,
    /// `from m import *`.
    fn import_from(&mut self, m: usize, node: Node, src: &str) -> Import {
        let mut out = Import::default();
        let Some(module_name) = field(node, F::ModuleName) else {
            return out;
        };
        let (base_chain, dotted) = if module_name.kind() == "relative_import" {
            let spec = text(module_name, src);
            let dots = spec.chars().take_while(|&c| c == '.').count();
            let rest = spec[dots..].trim().to_string();
            (self.find_relative(m, dots, &rest), spec)
        } else {
            let dotted = text(module_name, src);
            let parts: Vec<&str> = dotted.split('.').collect();
            (self.find_absolute(m, &parts), dotted)
        };
        let names = from_names(node, src);
        let Some(chain) = base_chain else {
            for (attr, name) in names {
                if attr == "*" {
                    continue;
                }
                out.binds.push(Bind::External {
                    name,
                    dotted: format!("{dotted}.{attr}"),
                });
            }
            return out;
        };
        let Some(&base) = chain.last() else {
            return out;
        };
        out.run.extend(&chain);
        for (attr, name) in names {
            if attr == "*" {
                out.binds.push(Bind::Star { module: base });
                continue;
            }
            let key = self.prog.modules[base].key.join(&attr);
            if let Some(sub) = self.find_at(key) {
                out.run.push(sub);
            }
            out.binds.push(Bind::From {
                name,
                module: base,
                attr,
            });
        }
        out
    }

    /// An absolute module: from the service root (where Lambda puts the code), else next
    /// to the importing file. Returns the chain of packages down to the module.
    fn find_absolute(&mut self, m: usize, parts: &[&str]) -> Option<Vec<usize>> {
        if parts.first().is_none_or(|p| MODELLED.contains(p)) {
            return None;
        }
        let here = self.prog.modules[m].package_dir.clone();
        self.find_under(PathBuf::new(), parts).or_else(|| {
            if here.as_os_str().is_empty() {
                None
            } else {
                self.find_under(here, parts)
            }
        })
    }

    /// `from .` (dots = 1), `from ..x.y`.
    fn find_relative(&mut self, m: usize, dots: usize, rest: &str) -> Option<Vec<usize>> {
        let mut base = self.prog.modules[m].package_dir.clone();
        for _ in 1..dots {
            if !base.pop() {
                return None;
            }
        }
        if rest.is_empty() {
            let pkg = self.find_package(base)?;
            return Some(vec![pkg]);
        }
        let parts: Vec<&str> = rest.split('.').collect();
        self.find_under(base, &parts)
    }

    fn find_under(&mut self, base: PathBuf, parts: &[&str]) -> Option<Vec<usize>> {
        let mut chain = Vec::with_capacity(parts.len());
        let mut key = base;
        for (i, part) in parts.iter().enumerate() {
            if !is_identifier(part) {
                return None;
            }
            key.push(part);
            let found = if i + 1 == parts.len() {
                self.find_at(key.clone())
            } else {
                self.find_package(key.clone())
            };
            chain.push(found?);
        }
        Some(chain)
    }

    /// The module at `key`: `key.py`, else the package `key/`.
    fn find_at(&mut self, key: PathBuf) -> Option<usize> {
        if let Some(&m) = self.prog.by_key.get(&key) {
            return Some(m);
        }
        let file = key.with_extension("py");
        if self.is_file(&file) {
            return Some(self.add_module(key, file, false));
        }
        self.find_package(key)
    }

    fn find_package(&mut self, key: PathBuf) -> Option<usize> {
        if let Some(&m) = self.prog.by_key.get(&key) {
            return Some(m);
        }
        if !key.as_os_str().is_empty() && !self.is_dir(&key) {
            return None;
        }
        let init = key.join("__init__.py");
        Some(self.add_module(key, init, true))
    }

    fn is_file(&mut self, rel: &Path) -> bool {
        self.exists(rel, |p| p.is_file())
    }

    fn is_dir(&mut self, rel: &Path) -> bool {
        self.exists(rel, |p| p.is_dir())
    }

    fn exists(&mut self, rel: &Path, test: impl Fn(&Path) -> bool) -> bool {
        if self.missing.contains(rel) || !inside(rel) {
            return false;
        }
        let ok = test(&self.root.join(rel));
        if !ok {
            self.missing.insert(rel.to_path_buf());
        }
        ok
    }
}

/// One file read: its source and tree, its line count, and what went wrong.
struct Read {
    file: SourceFile,
    lines: usize,
    error: Option<Finding>,
}

/// One file, from the shared parse cache, with its problem worded for Python.
fn read_source(root: &Path, rel: PathBuf) -> Read {
    let parsed = source::load(&root.join(&rel), source::Lang::Python);
    let error = parsed.issue.as_ref().map(|issue| {
        let (line, message) = match issue {
            Issue::Unreadable(e) => (0, format!("cannot read the file: {e}")),
            Issue::NotUtf8 { line } => (
                *line,
                "not valid UTF-8 (gearctl reads Python source as UTF-8): nothing in this \
                 file was analysed"
                    .to_string(),
            ),
            Issue::Syntax { line, missing } => (
                *line,
                match missing {
                    Some(kind) => format!(
                        "syntax error: missing `{kind}` (the rest of the file is still analysed)"
                    ),
                    None => "syntax error (the rest of the file is still analysed)".to_string(),
                },
            ),
            Issue::Skipped(why) => (0, why.clone()),
        };
        Finding {
            file: rel.clone(),
            line,
            message,
        }
    });
    Read {
        file: SourceFile {
            rel,
            src: parsed.src.clone(),
            tree: parsed.tree.clone(),
        },
        lines: parsed.lines,
        error,
    }
}

/// The `(name, alias-or-name)` pairs of a `from … import …`.
fn from_names(node: Node, src: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if Some(child) == field(node, F::ModuleName) {
            continue;
        }
        match child.kind() {
            "dotted_name" => {
                let n = text(child, src);
                out.push((n.clone(), n));
            }
            "aliased_import" => {
                let name = field(child, F::Name).map(|n| text(n, src));
                let alias = field(child, F::Alias).map(|n| text(n, src));
                if let (Some(n), Some(a)) = (name, alias) {
                    out.push((n, a));
                }
            }
            "wildcard_import" => out.push(("*".into(), "*".into())),
            _ => {}
        }
    }
    out
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Only plain relative paths below the service directory.
fn inside(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_)))
}
