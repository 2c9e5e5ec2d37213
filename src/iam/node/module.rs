//! Modules for the evaluator: ESM imports and exports, CommonJS `require`/`module.exports`,
//! dynamic `import()`, re-exports, and finding the handler export to start from.

use std::rc::Rc;

use tree_sitter::Node;

use super::eval::{Analyzer, Export, Frame, Link, Status};
use super::sdk;
use super::syntax::{F, has_token, named, short, string_value};
use super::value::{Av, FileId, Global};

impl<'a> Analyzer<'a> {
    /// Runs a module's top-level code, once (imports first, as ESM does).
    pub fn ensure_module(&mut self, f: FileId) {
        if self
            .modules
            .get(f)
            .is_none_or(|m| m.status != Status::NotStarted)
        {
            return;
        }
        self.modules[f].status = Status::InProgress;
        let Some(root) = self.files[f].root else {
            self.modules[f].status = Status::Done;
            return;
        };
        if self.depth >= self.max_depth {
            // An absurdly long import chain: leave the rest unanalysed rather than overflow.
            self.modules[f].status = Status::Done;
            self.finding(
                f,
                root,
                "imported too deep in a chain of modules to analyse; its calls may be missing"
                    .into(),
            );
            return;
        }
        self.depth += 1;
        let mut fr = self.module_frame(f);
        for c in named(root) {
            match c.kind() {
                "import_statement" => {
                    self.modules[f].esm = true;
                    self.import_statement(&mut fr, c);
                }
                "export_statement" => {
                    self.modules[f].esm = true;
                    if self.field(fr.file, c, F::Source).is_some() {
                        self.reexport(&mut fr, c);
                    }
                }
                _ => {}
            }
        }
        self.hoist(&mut fr, root);
        for c in named(root) {
            self.eval(&mut fr, c);
        }
        self.depth -= 1;
        self.modules[f].status = Status::Done;
    }

    /// Function declarations are bound before the code of their body runs.
    pub fn hoist(&mut self, fr: &mut Frame<'a>, body: Node<'a>) {
        for c in named(body) {
            let d = if c.kind() == "export_statement" {
                self.field(fr.file, c, F::Declaration)
            } else {
                Some(c)
            };
            if let Some(d) = d
                && matches!(
                    d.kind(),
                    "function_declaration" | "generator_function_declaration"
                )
                && let Some(name) = self.field(fr.file, d, F::Name)
            {
                let f = self.closure(fr, d, None);
                let name = self.text(fr.file, name);
                self.declare(fr, name, f);
            }
        }
    }

    pub fn link(&self, file: FileId, spec: &str) -> Link {
        if spec.starts_with('.') {
            return match self.files[file].links.get(spec) {
                Some(&g) => Link::File(g),
                None => Link::Other,
            };
        }
        let spec = spec.strip_prefix("node:").unwrap_or(spec);
        match sdk::package(spec) {
            Some(p) => Link::Sdk(p),
            None => Link::Other,
        }
    }

    /// What `require(spec)` or `await import(spec)` gives.
    fn import_value(&mut self, file: FileId, spec: &str) -> Option<Av<'a>> {
        match self.link(file, spec) {
            Link::File(g) => {
                self.ensure_module(g);
                Some(self.modules[g].whole.clone().unwrap_or(Av::Module(g)))
            }
            Link::Sdk(p) => Some(Av::Sdk(Rc::new(sdk::whole(&p)))),
            Link::Other => None,
        }
    }

    /// `require('x')` and `import('x')`.
    pub fn import_call(
        &mut self,
        fr: &mut Frame<'a>,
        n: Node<'a>,
        args: Option<Node<'a>>,
    ) -> Av<'a> {
        let first = args.and_then(|a| named(a).next());
        let spec = first.and_then(|a| string_value(a, self.files[fr.file].src));
        let Some(spec) = spec else {
            self.eval_args(fr, args);
            if first.is_some() {
                let text = short(self.text(fr.file, n));
                self.finding(
                    fr.file,
                    n,
                    format!("`{text}`: module chosen at run time is not analysed"),
                );
            }
            return self.unknown_at(fr, n);
        };
        self.import_value(fr.file, &spec)
            .unwrap_or_else(|| self.unknown_at(fr, n))
    }

    fn import_statement(&mut self, fr: &mut Frame<'a>, n: Node<'a>) {
        let src = self.files[fr.file].src;
        if let Some(spec) = self
            .field(fr.file, n, F::Source)
            .and_then(|s| string_value(s, src))
        {
            let link = self.link(fr.file, &spec);
            if let Link::File(g) = link {
                self.ensure_module(g);
            }
            for clause in named(n).filter(|c| c.kind() == "import_clause") {
                for b in named(clause) {
                    match b.kind() {
                        "identifier" => {
                            let v = self.imported(fr, &link, Binding::Default, b);
                            let name = self.text(fr.file, b);
                            self.declare(fr, name, v);
                        }
                        "namespace_import" => {
                            if let Some(id) = named(b).next() {
                                let v = self.imported(fr, &link, Binding::Namespace, id);
                                let name = self.text(fr.file, id);
                                self.declare(fr, name, v);
                            }
                        }
                        "named_imports" => {
                            for s in named(b).filter(|s| s.kind() == "import_specifier") {
                                let Some(name) = self.field(fr.file, s, F::Name) else {
                                    continue;
                                };
                                let imported = self.module_export_name(fr.file, name);
                                let local = self.field(fr.file, s, F::Alias).unwrap_or(name);
                                let v = self.imported(fr, &link, Binding::Named(&imported), local);
                                let local = self.text(fr.file, local);
                                self.declare(fr, local, v);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        // TypeScript `import x = require('y')`.
        for clause in named(n).filter(|c| c.kind() == "import_require_clause") {
            let spec = self
                .field(fr.file, clause, F::Source)
                .and_then(|s| string_value(s, src));
            let Some(id) = named(clause).find(|c| c.kind() == "identifier") else {
                continue;
            };
            let v = spec
                .and_then(|spec| self.import_value(fr.file, &spec))
                .unwrap_or_else(|| self.unknown_at(fr, id));
            let name = self.text(fr.file, id);
            self.declare(fr, name, v);
        }
    }

    fn module_export_name(&self, file: FileId, n: Node<'a>) -> String {
        string_value(n, self.files[file].src).unwrap_or_else(|| self.text(file, n).to_string())
    }

    fn imported(&mut self, fr: &Frame<'a>, link: &Link, what: Binding<'_>, at: Node<'a>) -> Av<'a> {
        match (link, what) {
            (Link::File(g), Binding::Namespace) => Av::Module(*g),
            (Link::File(g), Binding::Default) => Av::Lazy(*g, "default".into()),
            (Link::File(g), Binding::Named(name)) => Av::Lazy(*g, name.into()),
            (Link::Sdk(p), Binding::Namespace | Binding::Default) => {
                Av::Sdk(Rc::new(sdk::whole(p)))
            }
            (Link::Sdk(p), Binding::Named(name)) => match sdk::member(p, name) {
                Some(t) => Av::Sdk(Rc::new(t)),
                None => self.unknown_at(fr, at),
            },
            (Link::Other, _) => self.unknown_at(fr, at),
        }
    }

    /// `export … from './x'` and `export * from './x'`.
    fn reexport(&mut self, fr: &mut Frame<'a>, n: Node<'a>) {
        let src = self.files[fr.file].src;
        let Some(spec) = self
            .field(fr.file, n, F::Source)
            .and_then(|s| string_value(s, src))
        else {
            return;
        };
        let link = self.link(fr.file, &spec);
        if let Link::File(g) = link {
            self.ensure_module(g);
        }
        let f = fr.file;
        if let Some(clause) = named(n).find(|c| c.kind() == "export_clause") {
            for s in named(clause).filter(|s| s.kind() == "export_specifier") {
                let Some(name) = self.field(fr.file, s, F::Name) else {
                    continue;
                };
                let name = self.module_export_name(f, name);
                let alias = match self.field(fr.file, s, F::Alias) {
                    Some(a) => self.module_export_name(f, a),
                    None => name.clone(),
                };
                let entry = match &link {
                    Link::File(g) => Export::From(*g, name.as_str().into()),
                    Link::Sdk(p) => Export::Value(
                        sdk::member(p, &name)
                            .map(|t| Av::Sdk(Rc::new(t)))
                            .unwrap_or_else(|| self.unknown_at(fr, s)),
                    ),
                    Link::Other => Export::Value(self.unknown_at(fr, s)),
                };
                self.modules[f].named.insert(alias.into(), entry);
            }
        } else if let Some(ns) = named(n).find(|c| c.kind() == "namespace_export") {
            let Some(id) = named(ns).next() else {
                return;
            };
            let alias = self.module_export_name(f, id);
            let v = match &link {
                Link::File(g) => Av::Module(*g),
                Link::Sdk(p) => Av::Sdk(Rc::new(sdk::whole(p))),
                Link::Other => self.unknown_at(fr, ns),
            };
            self.modules[f].named.insert(alias.into(), Export::Value(v));
        } else {
            match link {
                Link::File(g) => self.modules[f].star.push(g),
                Link::Sdk(p) => self.modules[f].star_pkgs.push(p),
                Link::Other => {}
            }
        }
    }

    /// `export const x`, `export function f`, `export default …`, `export { a as b }`,
    /// TypeScript `export = x`. Re-exports with a source were registered before the body ran.
    pub fn export_statement(&mut self, fr: &mut Frame<'a>, n: Node<'a>) {
        if self.field(fr.file, n, F::Source).is_some() {
            return;
        }
        let f = fr.file;
        let is_default = has_token(n, "default");
        if let Some(d) = self.field(fr.file, n, F::Declaration) {
            self.eval(fr, d);
            let mut names = Vec::new();
            self.declared_names(f, d, &mut names);
            if is_default {
                if let Some(first) = names.first() {
                    self.modules[f]
                        .named
                        .insert("default".into(), Export::Local(first.clone()));
                }
            } else {
                for name in names {
                    self.modules[f]
                        .named
                        .insert(name.clone(), Export::Local(name));
                }
            }
        } else if let Some(v) = self.field(fr.file, n, F::Value) {
            let v = self.eval(fr, v);
            self.modules[f]
                .named
                .insert("default".into(), Export::Value(v));
        } else if let Some(clause) = named(n).find(|c| c.kind() == "export_clause") {
            for s in named(clause).filter(|s| s.kind() == "export_specifier") {
                let Some(name) = self.field(fr.file, s, F::Name) else {
                    continue;
                };
                let local: Rc<str> = self.module_export_name(f, name).into();
                let alias: Rc<str> = match self.field(fr.file, s, F::Alias) {
                    Some(a) => self.module_export_name(f, a).into(),
                    None => local.clone(),
                };
                self.modules[f].named.insert(alias, Export::Local(local));
            }
        } else if has_token(n, "=")
            && let Some(e) = named(n).last()
        {
            let v = self.eval(fr, e);
            self.modules[f].whole = Some(v);
        }
    }

    fn declared_names(&self, f: FileId, d: Node<'a>, out: &mut Vec<Rc<str>>) {
        match d.kind() {
            "function_declaration"
            | "generator_function_declaration"
            | "class_declaration"
            | "abstract_class_declaration" => {
                if let Some(name) = self.field(f, d, F::Name) {
                    out.push(self.text(f, name).into());
                }
            }
            "lexical_declaration" | "variable_declaration" => {
                for decl in named(d).filter(|c| c.kind() == "variable_declarator") {
                    if let Some(name) = self.field(f, decl, F::Name) {
                        self.pattern_names(f, name, out, 0);
                    }
                }
            }
            _ => {}
        }
    }

    fn pattern_names(&self, f: FileId, p: Node<'a>, out: &mut Vec<Rc<str>>, depth: u32) {
        if depth > self.max_depth {
            return;
        }
        match p.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                out.push(self.text(f, p).into())
            }
            "pair_pattern" => {
                if let Some(v) = self.field(f, p, F::Value) {
                    self.pattern_names(f, v, out, depth + 1);
                }
            }
            "object_assignment_pattern" | "assignment_pattern" => {
                if let Some(l) = self.field(f, p, F::Left) {
                    self.pattern_names(f, l, out, depth + 1);
                }
            }
            "object_pattern" | "array_pattern" | "rest_pattern" => {
                for c in named(p) {
                    self.pattern_names(f, c, out, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// A module's export by name, running the module first if it has not run.
    pub fn export_get(&mut self, f: FileId, name: &str, depth: u32) -> Option<Av<'a>> {
        if depth > 32 || f >= self.modules.len() {
            return None;
        }
        self.ensure_module(f);
        if let Some(whole) = self.modules[f].whole.clone() {
            if name == "default" {
                return Some(whole);
            }
            if matches!(whole, Av::Obj(_) | Av::Module(_) | Av::Class(_))
                && !matches!(whole, Av::Module(g) if g == f)
                && let Some(v) = self.member_opt(whole, name, depth + 1)
            {
                return Some(v);
            }
        }
        let entry = self.modules[f].named.get(name).cloned();
        match entry {
            Some(Export::Value(Av::Lazy(g, n))) => return self.export_get(g, &n, depth + 1),
            Some(Export::Value(v)) => return Some(v),
            Some(Export::Local(local)) => {
                let scope = self.modules[f].scope.clone();
                return match self.find_var(&scope, &local) {
                    Some(Av::Lazy(g, n)) => self.export_get(g, &n, depth + 1),
                    other => other,
                };
            }
            Some(Export::From(g, n)) => return self.export_get(g, &n, depth + 1),
            None => {}
        }
        if name == "default" && !self.modules[f].esm {
            return Some(Av::Module(f));
        }
        let stars = self.modules[f].star.clone();
        for g in stars {
            if let Some(v) = self.export_get(g, name, depth + 1) {
                return Some(v);
            }
        }
        let pkgs = self.modules[f].star_pkgs.clone();
        pkgs.iter()
            .find_map(|p| sdk::member(p, name))
            .map(|t| Av::Sdk(Rc::new(t)))
    }

    /// Runs the module and calls the handler export (`a.b` paths look up `b` on export `a`).
    /// Returns an error message when the export does not exist.
    pub fn run(&mut self, export_path: &[&str]) -> Option<String> {
        self.ensure_module(0);
        let root = self.files.first().and_then(|f| f.root)?;
        let first = export_path.first().copied().unwrap_or("handler");
        let mut v = match self.export_get(0, first, 0) {
            Some(v) => v,
            None => match self.export_get(0, "default", 0) {
                Some(d @ Av::Obj(_)) if self.member_opt(d.clone(), first, 0).is_some() => {
                    self.member_opt(d, first, 0).unwrap_or_else(Av::unknown)
                }
                Some(d @ Av::Func(_)) if self.modules[0].esm => {
                    self.finding(
                        0,
                        root,
                        format!("no export `{first}`; analysed the default export instead"),
                    );
                    d
                }
                _ => return Some(format!("the handler file has no export `{first}`")),
            },
        };
        for seg in export_path.iter().skip(1) {
            v = self.member_opt(v, seg, 0).unwrap_or_else(Av::unknown);
        }
        let mut fr = self.module_frame(0);
        if let Av::Global(Global::Exports(_)) = v {
            return None;
        }
        self.apply(&mut fr, v, Av::unknown(), Vec::new(), root);
        None
    }
}

#[derive(Clone, Copy)]
enum Binding<'s> {
    Default,
    Namespace,
    Named(&'s str),
}
