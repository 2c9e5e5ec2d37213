//! The evaluator: walks the code a handler can reach, as an abstract interpreter over the
//! tree-sitter syntax trees. Module top-level code runs when a module is imported; functions
//! run when something reachable calls them (once per distinct abstract arguments, memoised),
//! so helpers nobody calls contribute nothing. Statements in every branch and loop body run
//! once; values are whatever the code says (`Av`), `Unknown` otherwise.

use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

use tree_sitter::Node;

use super::sdk::{self, Pkg, Thing};
use super::syntax::{F, FieldTable, named, string_value, unescape};
use super::value::{Av, ClassVal, Closure, FileId, Global, LibObj, Obj, Origin, Scope};
use crate::iam::calls::{Finding, SdkCall};
use crate::iam::domain::{MAX_PARTS, MAX_TEXT};
use crate::iam::libraries;

/// Deepest expression nesting evaluated on the analysis thread, which has a large stack.
pub(super) const MAX_DEPTH: u32 = 1500;
/// The same, when the analysis has to run on the caller's (unknown, maybe small) stack.
pub(super) const MAX_DEPTH_SMALL_STACK: u32 = 150;
/// Analyses of one function with distinct arguments before falling back to unknown ones.
pub(super) const MAX_VARIANTS: u32 = 24;

/// How a module specifier in a file resolves.
#[derive(Clone)]
pub(super) enum Link {
    File(FileId),
    Sdk(Pkg),
    Other,
}

/// One file as the evaluator sees it.
pub(super) struct Source<'a> {
    pub rel: PathBuf,
    pub src: &'a str,
    pub root: Option<Node<'a>>,
    /// Local specifiers that resolved to files in the extraction.
    pub links: HashMap<&'a str, FileId>,
    pub fields: FieldTable,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    NotStarted,
    InProgress,
    Done,
}

#[derive(Clone)]
pub(super) enum Export<'a> {
    Value(Av<'a>),
    /// A module-scope name, read when imported.
    Local(Rc<str>),
    From(FileId, Rc<str>),
}

pub(super) struct ModState<'a> {
    pub status: Status,
    pub scope: Rc<Scope<'a>>,
    pub named: HashMap<Rc<str>, Export<'a>>,
    /// `module.exports = …` (and TypeScript `export = …`).
    pub whole: Option<Av<'a>>,
    pub star: Vec<FileId>,
    pub star_pkgs: Vec<Pkg>,
    /// Has `import`/`export` statements (so a default import is not `module.exports`).
    pub esm: bool,
}

pub(super) struct Frame<'a> {
    pub file: FileId,
    pub scope: Rc<Scope<'a>>,
    pub this: Av<'a>,
    pub ret: Option<Av<'a>>,
    pub home: Option<Rc<ClassVal<'a>>>,
}

type MemoKey = (FileId, usize, u32, String);

pub(super) struct Analyzer<'a> {
    pub files: Vec<Source<'a>>,
    pub modules: Vec<ModState<'a>>,
    pub memo: HashMap<MemoKey, Option<Av<'a>>>,
    pub variants: HashMap<(FileId, usize), u32>,
    /// Functions being analysed now, by file and node: a call of one of them from inside
    /// itself (recursion, as a paginating `scanAll({ ...params, ExclusiveStartKey })`) is
    /// not analysed again, since each level's fresh arguments would only use up variants.
    pub active: HashMap<(FileId, usize), u32>,
    /// Calls recorded so far by (file, line, service, operation).
    pub seen_calls: HashMap<(FileId, usize, String, String), Vec<usize>>,
    pub calls: Vec<SdkCall>,
    pub unresolved: Vec<Finding>,
    pub depth: u32,
    pub max_depth: u32,
    fuel: u64,
    next_id: u32,
    warned_fuel: bool,
    warned_depth: bool,
}

impl<'a> Analyzer<'a> {
    pub fn new(files: Vec<Source<'a>>, fuel: u64) -> Self {
        let mut next_id = 0;
        let modules = files
            .iter()
            .map(|_| {
                next_id += 1;
                ModState {
                    status: Status::NotStarted,
                    scope: Rc::new(Scope {
                        id: next_id,
                        vars: Default::default(),
                        parent: None,
                    }),
                    named: HashMap::new(),
                    whole: None,
                    star: Vec::new(),
                    star_pkgs: Vec::new(),
                    esm: false,
                }
            })
            .collect();
        Analyzer {
            files,
            modules,
            memo: HashMap::new(),
            variants: HashMap::new(),
            active: HashMap::new(),
            seen_calls: HashMap::new(),
            calls: Vec::new(),
            unresolved: Vec::new(),
            depth: 0,
            max_depth: MAX_DEPTH,
            fuel,
            next_id: next_id + 1,
            warned_fuel: false,
            warned_depth: false,
        }
    }

    pub fn id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }

    pub fn text(&self, file: FileId, n: Node<'a>) -> &'a str {
        self.files
            .get(file)
            .and_then(|f| f.src.get(n.byte_range()))
            .unwrap_or("")
    }

    pub fn unknown_at(&self, fr: &Frame<'a>, n: Node<'a>) -> Av<'a> {
        Av::Unknown(Some(Origin {
            file: fr.file,
            node: n,
        }))
    }

    pub fn finding(&mut self, file: FileId, n: Node<'a>, message: String) {
        let rel = self
            .files
            .get(file)
            .map(|f| f.rel.clone())
            .unwrap_or_default();
        self.unresolved.push(Finding {
            file: rel,
            line: n.start_position().row + 1,
            message,
        });
    }

    pub fn new_scope(&mut self, parent: Option<Rc<Scope<'a>>>) -> Rc<Scope<'a>> {
        Rc::new(Scope {
            id: self.id(),
            vars: Default::default(),
            parent,
        })
    }

    pub fn new_obj(
        &mut self,
        class: Option<Rc<ClassVal<'a>>>,
        origin: Option<Origin<'a>>,
    ) -> Rc<Obj<'a>> {
        Rc::new(Obj {
            id: self.id(),
            props: Default::default(),
            class,
            origin,
        })
    }

    pub fn module_frame(&self, file: FileId) -> Frame<'a> {
        Frame {
            file,
            scope: self.modules[file].scope.clone(),
            this: Av::Global(Global::Exports(file)),
            ret: None,
            home: None,
        }
    }

    // ----- evaluation -----

    pub fn eval(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        if self.fuel == 0 {
            if !self.warned_fuel {
                self.warned_fuel = true;
                self.finding(
                    fr.file,
                    n,
                    "analysis budget exhausted here; calls after this point may be missing".into(),
                );
            }
            return self.unknown_at(fr, n);
        }
        self.fuel -= 1;
        if self.depth >= self.max_depth {
            if !self.warned_depth {
                self.warned_depth = true;
                self.finding(
                    fr.file,
                    n,
                    "code nested too deeply to analyse; calls inside may be missing".into(),
                );
            }
            return self.unknown_at(fr, n);
        }
        self.depth += 1;
        let v = self.eval_node(fr, n);
        self.depth -= 1;
        v
    }

    fn eval_children(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        for c in named(n) {
            self.eval(fr, c);
        }
        self.unknown_at(fr, n)
    }

    fn eval_field(&mut self, fr: &mut Frame<'a>, n: Node<'a>, field: F) -> Option<Av<'a>> {
        self.field(fr.file, n, field).map(|c| self.eval(fr, c))
    }

    /// A node's child by field (`child_by_field_name` without looking the name up each time).
    #[inline]
    pub fn field(&self, file: FileId, n: Node<'a>, f: F) -> Option<Node<'a>> {
        let id = self.files.get(file)?.fields[f as usize];
        if id == 0 {
            None
        } else {
            n.child_by_field_id(id)
        }
    }

    fn eval_node(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        match n.kind() {
            // ----- statements -----
            "program" | "statement_block" | "else_clause" | "finally_clause" | "switch_body"
            | "switch_case" | "switch_default" | "class_static_block" => self.eval_children(fr, n),
            "expression_statement" => {
                for c in named(n) {
                    self.eval(fr, c);
                }
                Av::unknown()
            }
            "lexical_declaration" | "variable_declaration" => {
                for d in named(n).filter(|d| d.kind() == "variable_declarator") {
                    let value = match self.field(fr.file, d, F::Value) {
                        Some(v) => self.eval(fr, v),
                        None => self.unknown_at(fr, d),
                    };
                    if let Some(name) = self.field(fr.file, d, F::Name) {
                        self.bind_pattern(fr, name, value);
                    }
                }
                Av::unknown()
            }
            "return_statement" => {
                let v = match named(n).next() {
                    Some(c) => self.eval(fr, c),
                    None => self.unknown_at(fr, n),
                };
                if !fr.ret.as_ref().is_some_and(Av::is_known) {
                    fr.ret = Some(v);
                }
                Av::unknown()
            }
            "if_statement" | "while_statement" | "do_statement" | "for_statement"
            | "try_statement" | "switch_statement" | "labeled_statement" | "throw_statement"
            | "with_statement" => self.eval_children(fr, n),
            "for_in_statement" => {
                if let Some(right) = self.field(fr.file, n, F::Right) {
                    self.eval(fr, right);
                }
                if let Some(left) = self.field(fr.file, n, F::Left) {
                    let v = self.unknown_at(fr, left);
                    self.bind_pattern(fr, left, v);
                }
                if let Some(body) = self.field(fr.file, n, F::Body) {
                    self.eval(fr, body);
                }
                Av::unknown()
            }
            "catch_clause" => {
                if let Some(p) = self.field(fr.file, n, F::Parameter) {
                    let v = self.unknown_at(fr, p);
                    self.bind_pattern(fr, p, v);
                }
                if let Some(body) = self.field(fr.file, n, F::Body) {
                    self.eval(fr, body);
                }
                Av::unknown()
            }
            "function_declaration" | "generator_function_declaration" => {
                let f = self.closure(fr, n, None);
                if let Some(name) = self.field(fr.file, n, F::Name) {
                    let name = self.text(fr.file, name);
                    self.declare(fr, name, f);
                }
                Av::unknown()
            }
            "class_declaration" | "abstract_class_declaration" => {
                let c = self.make_class(fr, n);
                if let Some(name) = self.field(fr.file, n, F::Name) {
                    let name = self.text(fr.file, name);
                    self.declare(fr, name, c);
                }
                Av::unknown()
            }
            "export_statement" => {
                self.export_statement(fr, n);
                Av::unknown()
            }
            "import_statement"
            | "empty_statement"
            | "debugger_statement"
            | "break_statement"
            | "continue_statement"
            | "comment"
            | "hash_bang_line"
            | "interface_declaration"
            | "type_alias_declaration"
            | "ambient_declaration"
            | "function_signature"
            | "abstract_method_signature"
            | "method_signature"
            | "index_signature"
            | "enum_declaration"
            | "module"
            | "internal_module"
            | "type_annotation"
            | "type_arguments"
            | "type_parameters"
            | "decorator"
            | "regex"
            | "true"
            | "false"
            | "null"
            | "undefined"
            | "property_identifier"
            | "private_property_identifier" => self.unknown_at(fr, n),

            // ----- expressions -----
            "identifier" | "shorthand_property_identifier" => {
                let name = self.text(fr.file, n);
                self.lookup(fr, name, n)
            }
            "this" => fr.this.clone(),
            "string" => match string_value(n, self.files[fr.file].src) {
                Some(s) => Av::Str(s.into()),
                None => self.unknown_at(fr, n),
            },
            "template_string" => {
                let mut parts = Vec::new();
                for c in named(n) {
                    let text = self.text(fr.file, c);
                    match c.kind() {
                        "string_fragment" => parts.push(Av::Str(text.into())),
                        "escape_sequence" => parts.push(Av::Str(unescape(text).into())),
                        "template_substitution" => {
                            let v = match named(c).next() {
                                Some(e) => self.eval(fr, e),
                                None => self.unknown_at(fr, c),
                            };
                            parts.push(v);
                        }
                        _ => {}
                    }
                }
                self.join(fr, n, parts)
            }
            "number" => Av::Num(self.text(fr.file, n).into()),
            "parenthesized_expression" | "sequence_expression" => {
                let mut last = self.unknown_at(fr, n);
                for c in named(n) {
                    last = self.eval(fr, c);
                }
                last
            }
            "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "await_expression"
            | "instantiation_expression" => match named(n).next() {
                Some(c) => self.eval(fr, c),
                None => self.unknown_at(fr, n),
            },
            "type_assertion" => match named(n).last() {
                Some(c) => self.eval(fr, c),
                None => self.unknown_at(fr, n),
            },
            "member_expression" => {
                let Some(object) = self.field(fr.file, n, F::Object) else {
                    return self.unknown_at(fr, n);
                };
                let recv = self.eval(fr, object);
                match self.field(fr.file, n, F::Property) {
                    Some(p) => {
                        let name = self.text(fr.file, p);
                        self.member(fr, recv, name, n)
                    }
                    None => self.unknown_at(fr, n),
                }
            }
            "subscript_expression" => {
                let recv = self
                    .eval_field(fr, n, F::Object)
                    .unwrap_or_else(Av::unknown);
                let index = self.eval_field(fr, n, F::Index).unwrap_or_else(Av::unknown);
                match index {
                    Av::Str(s) | Av::Num(s) => self.member(fr, recv, &s, n),
                    _ => self.dynamic_member(fr, recv, n),
                }
            }
            "call_expression" => self.call(fr, n),
            "new_expression" => self.construct_expr(fr, n),
            "assignment_expression" => {
                let v = self.eval_field(fr, n, F::Right).unwrap_or_else(Av::unknown);
                if let Some(left) = self.field(fr.file, n, F::Left) {
                    self.assign_to(fr, left, v.clone());
                }
                v
            }
            "augmented_assignment_expression" => {
                let right = self.eval_field(fr, n, F::Right).unwrap_or_else(Av::unknown);
                let Some(left) = self.field(fr.file, n, F::Left) else {
                    return right;
                };
                let op = self
                    .field(fr.file, n, F::Operator)
                    .map(|o| o.kind())
                    .unwrap_or("");
                let current = self.eval(fr, left);
                let v = match op {
                    "??=" | "||=" if current.is_known() => current,
                    "??=" | "||=" | "&&=" => right,
                    "+=" if current.is_stringish() || right.is_stringish() => {
                        self.join(fr, n, vec![current, right])
                    }
                    _ => self.unknown_at(fr, n),
                };
                self.assign_to(fr, left, v.clone());
                v
            }
            "binary_expression" => {
                let left = self.eval_field(fr, n, F::Left).unwrap_or_else(Av::unknown);
                let right = self.eval_field(fr, n, F::Right).unwrap_or_else(Av::unknown);
                let op = self
                    .field(fr.file, n, F::Operator)
                    .map(|o| o.kind())
                    .unwrap_or("");
                match op {
                    "+" if left.is_stringish() || right.is_stringish() => {
                        self.join(fr, n, vec![left, right])
                    }
                    "||" | "??" => {
                        if left.is_known() {
                            left
                        } else {
                            right
                        }
                    }
                    "&&" => right,
                    _ => self.unknown_at(fr, n),
                }
            }
            "ternary_expression" => {
                self.eval_field(fr, n, F::Condition);
                let yes = self
                    .eval_field(fr, n, F::Consequence)
                    .unwrap_or_else(Av::unknown);
                let no = self
                    .eval_field(fr, n, F::Alternative)
                    .unwrap_or_else(Av::unknown);
                if yes.is_known() { yes } else { no }
            }
            "arrow_function" => {
                let this = fr.this.clone();
                self.closure(fr, n, Some(this))
            }
            "function_expression" | "function" | "generator_function" => {
                let f = self.closure(fr, n, None);
                // A named function expression can call itself by name.
                if let Some(name) = self.field(fr.file, n, F::Name) {
                    let name = self.text(fr.file, name);
                    if self.find_var(&fr.scope, name).is_none() {
                        self.declare(fr, name, f.clone());
                    }
                }
                f
            }
            "class" => self.make_class(fr, n),
            "object" => self.object(fr, n),
            "array" => self.array(fr, n),
            "spread_element" => match named(n).next() {
                Some(c) => self.eval(fr, c),
                None => self.unknown_at(fr, n),
            },
            "ERROR" => {
                // Code in a region the parser could not make sense of: functions defined
                // there may be what the handler runs, so they run too.
                for c in named(n) {
                    if let Av::Func(f) = self.eval(fr, c) {
                        self.invoke(&f, Av::unknown(), Vec::new());
                    }
                }
                self.unknown_at(fr, n)
            }
            _ => self.eval_children(fr, n),
        }
    }

    /// Parts joined at `n`; past the shared caps, unknown, and the place is reported.
    fn join(&mut self, fr: &mut Frame<'a>, n: Node<'a>, parts: Vec<Av<'a>>) -> Av<'a> {
        let already = parts.iter().any(|p| matches!(p, Av::TooLong));
        match Av::concat(parts) {
            Some(v) => v,
            None if already => Av::TooLong,
            None => {
                self.finding(
                    fr.file,
                    n,
                    format!(
                        "string built here is longer than {MAX_TEXT} bytes or {MAX_PARTS} parts; the analysis treats it as unknown"
                    ),
                );
                Av::TooLong
            }
        }
    }

    fn object(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        let obj = self.new_obj(
            None,
            Some(Origin {
                file: fr.file,
                node: n,
            }),
        );
        for c in named(n) {
            match c.kind() {
                "pair" => {
                    let key = match self.field(fr.file, c, F::Key) {
                        // `{[TABLE]: items}`: a key from the environment is kept too.
                        Some(k) if k.kind() == "computed_property_name" => {
                            match named(k).next().map(|e| self.eval(fr, e)) {
                                Some(Av::Str(s) | Av::Num(s)) => Some(s),
                                Some(v @ (Av::Env(_) | Av::Concat(_))) => {
                                    Some(crate::iam::calls::computed_key(&self.to_value(&v)).into())
                                }
                                _ => None,
                            }
                        }
                        Some(k) => self.prop_key(fr, k),
                        None => None,
                    };
                    let v = self.eval_field(fr, c, F::Value).unwrap_or_else(Av::unknown);
                    if let Some(key) = key {
                        obj.props.borrow_mut().insert(key, v);
                    }
                }
                "shorthand_property_identifier" => {
                    let name = self.text(fr.file, c);
                    let v = self.lookup(fr, name, c);
                    obj.props.borrow_mut().insert(name.into(), v);
                }
                "method_definition" => {
                    let key = self
                        .field(fr.file, c, F::Name)
                        .and_then(|k| self.prop_key(fr, k));
                    let f = self.closure(fr, c, None);
                    if let Some(key) = key {
                        obj.props.borrow_mut().insert(key, f);
                    }
                }
                "spread_element" => {
                    let v = self.eval(fr, c);
                    self.spread_into(&obj, v);
                }
                _ => {
                    self.eval(fr, c);
                }
            }
        }
        Av::Obj(obj)
    }

    /// An array literal: its elements, a spread array's spliced in, anything else unknown.
    fn array(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        let mut items = Vec::new();
        for c in named(n).filter(|c| c.kind() != "comment") {
            match (c.kind(), self.eval(fr, c)) {
                ("spread_element", Av::Arr(inner)) => items.extend(inner.iter().cloned()),
                ("spread_element", _) => items.push(self.unknown_at(fr, c)),
                (_, v) => items.push(v),
            }
        }
        Av::Arr(items.into())
    }

    fn spread_into(&mut self, obj: &Rc<Obj<'a>>, v: Av<'a>) {
        match v {
            Av::Obj(src) if !Rc::ptr_eq(&src, obj) => {
                let props: Vec<_> = src
                    .props
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                obj.props.borrow_mut().extend(props);
            }
            Av::Module(f) => {
                let names: Vec<Rc<str>> = self.modules[f].named.keys().cloned().collect();
                for name in names {
                    if let Some(v) = self.export_get(f, &name, 0) {
                        obj.props.borrow_mut().insert(name, v);
                    }
                }
            }
            _ => {}
        }
    }

    /// A property name: identifiers, strings, numbers, computed names that evaluate to a string.
    pub fn prop_key(&mut self, fr: &mut Frame<'a>, k: Node<'a>) -> Option<Rc<str>> {
        match k.kind() {
            "property_identifier" | "private_property_identifier" | "number" | "identifier" => {
                Some(self.text(fr.file, k).into())
            }
            "string" => string_value(k, self.files[fr.file].src).map(Into::into),
            "computed_property_name" => match named(k).next().map(|e| self.eval(fr, e)) {
                Some(Av::Str(s) | Av::Num(s)) => Some(s),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn closure(&mut self, fr: &Frame<'a>, n: Node<'a>, this: Option<Av<'a>>) -> Av<'a> {
        let home = if this.is_some() {
            fr.home.clone()
        } else {
            None
        };
        Av::Func(Rc::new(Closure {
            file: fr.file,
            node: n,
            scope: fr.scope.clone(),
            this,
            home,
        }))
    }

    // ----- names -----

    pub fn find_var(&self, scope: &Rc<Scope<'a>>, name: &str) -> Option<Av<'a>> {
        let mut s = Some(scope);
        while let Some(cur) = s {
            if let Some(v) = cur.vars.borrow().get(name) {
                return Some(v.clone());
            }
            s = cur.parent.as_ref();
        }
        None
    }

    pub fn lookup(&mut self, fr: &Frame<'a>, name: &str, n: Node<'a>) -> Av<'a> {
        match self.find_var(&fr.scope, name) {
            Some(Av::Lazy(f, export)) => self
                .export_get(f, &export, 0)
                .unwrap_or_else(|| self.unknown_at(fr, n)),
            Some(Av::Unknown(None)) => self.unknown_at(fr, n),
            Some(v) => v,
            None => match name {
                "process" => Av::Global(Global::Process),
                "require" => Av::Global(Global::Require),
                "module" => Av::Global(Global::Module(fr.file)),
                "exports" => Av::Global(Global::Exports(fr.file)),
                _ => self.unknown_at(fr, n),
            },
        }
    }

    pub fn declare(&mut self, fr: &Frame<'a>, name: &str, v: Av<'a>) {
        fr.scope.vars.borrow_mut().insert(name.into(), v);
    }

    fn assign_var(&mut self, fr: &Frame<'a>, name: &str, v: Av<'a>) {
        let mut s = Some(&fr.scope);
        let mut outermost = &fr.scope;
        while let Some(cur) = s {
            let mut vars = cur.vars.borrow_mut();
            if let Some(old) = vars.get_mut(name) {
                if v.is_known() || !old.is_known() {
                    *old = v;
                }
                return;
            }
            drop(vars);
            outermost = cur;
            s = cur.parent.as_ref();
        }
        outermost.vars.borrow_mut().insert(name.into(), v);
    }

    pub fn bind_pattern(&mut self, fr: &mut Frame<'a>, pat: Node<'a>, v: Av<'a>) {
        if self.depth >= self.max_depth {
            return;
        }
        self.depth += 1;
        self.bind_pattern_inner(fr, pat, v);
        self.depth -= 1;
    }

    fn bind_pattern_inner(&mut self, fr: &mut Frame<'a>, pat: Node<'a>, v: Av<'a>) {
        match pat.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                let name = self.text(fr.file, pat);
                self.declare(fr, name, v);
            }
            "object_pattern" => {
                for c in named(pat) {
                    match c.kind() {
                        "shorthand_property_identifier_pattern" => {
                            let name = self.text(fr.file, c);
                            let sub = self.member(fr, v.clone(), name, c);
                            self.declare(fr, name, sub);
                        }
                        "pair_pattern" => {
                            let key = self
                                .field(fr.file, c, F::Key)
                                .and_then(|k| self.prop_key(fr, k));
                            let sub = match key {
                                Some(k) => self.member(fr, v.clone(), &k, c),
                                None => self.unknown_at(fr, c),
                            };
                            if let Some(value) = self.field(fr.file, c, F::Value) {
                                self.bind_pattern(fr, value, sub);
                            }
                        }
                        "object_assignment_pattern" => {
                            let Some(left) = self.field(fr.file, c, F::Left) else {
                                continue;
                            };
                            let default = self.eval_field(fr, c, F::Right);
                            let sub = if left.kind() == "shorthand_property_identifier_pattern" {
                                let name = self.text(fr.file, left);
                                self.member(fr, v.clone(), name, c)
                            } else {
                                self.unknown_at(fr, c)
                            };
                            let sub = match default {
                                Some(d) if !sub.is_known() => d,
                                _ => sub,
                            };
                            self.bind_pattern(fr, left, sub);
                        }
                        _ => {
                            let u = self.unknown_at(fr, c);
                            self.bind_pattern(fr, c, u);
                        }
                    }
                }
            }
            "array_pattern" | "rest_pattern" => {
                for c in named(pat) {
                    let u = self.unknown_at(fr, c);
                    self.bind_pattern(fr, c, u);
                }
            }
            "assignment_pattern" => {
                let default = self.eval_field(fr, pat, F::Right);
                let v = match default {
                    Some(d) if !v.is_known() => d,
                    _ => v,
                };
                if let Some(left) = self.field(fr.file, pat, F::Left) {
                    self.bind_pattern(fr, left, v);
                }
            }
            "member_expression"
            | "subscript_expression"
            | "parenthesized_expression"
            | "non_null_expression" => self.assign_to(fr, pat, v),
            _ => {}
        }
    }

    fn assign_to(&mut self, fr: &mut Frame<'a>, target: Node<'a>, v: Av<'a>) {
        match target.kind() {
            "identifier" => {
                let name = self.text(fr.file, target);
                self.assign_var(fr, name, v);
            }
            "member_expression" => {
                let recv = self
                    .eval_field(fr, target, F::Object)
                    .unwrap_or_else(Av::unknown);
                if let Some(p) = self.field(fr.file, target, F::Property) {
                    let name = self.text(fr.file, p);
                    self.set_member(recv, name, v);
                }
            }
            "subscript_expression" => {
                let recv = self
                    .eval_field(fr, target, F::Object)
                    .unwrap_or_else(Av::unknown);
                match self.eval_field(fr, target, F::Index) {
                    Some(Av::Str(name)) => self.set_member(recv, &name, v),
                    // `request.RequestItems[process.env.TABLE] = …`: kept as an object
                    // literal's `[TABLE]` key is.
                    Some(key @ (Av::Env(_) | Av::Concat(_))) if matches!(recv, Av::Obj(_)) => {
                        let name = crate::iam::calls::computed_key(&self.to_value(&key));
                        self.set_member(recv, &name, v);
                    }
                    _ => {}
                }
            }
            "parenthesized_expression" | "non_null_expression" | "as_expression" => {
                if let Some(inner) = named(target).next() {
                    self.assign_to(fr, inner, v);
                }
            }
            "object_pattern" | "array_pattern" => self.bind_pattern(fr, target, v),
            _ => {}
        }
    }

    fn set_member(&mut self, recv: Av<'a>, name: &str, v: Av<'a>) {
        match recv {
            Av::Global(Global::Module(f)) if name == "exports" => {
                if let Some(m) = self.modules.get_mut(f) {
                    m.whole = Some(v);
                }
            }
            Av::Global(Global::Exports(f)) | Av::Module(f) => {
                if let Some(m) = self.modules.get_mut(f) {
                    m.named.insert(name.into(), Export::Value(v));
                }
            }
            Av::Obj(o) => {
                let mut props = o.props.borrow_mut();
                match props.get_mut(name) {
                    Some(old) if old.is_known() && !v.is_known() => {}
                    Some(old) => *old = v,
                    None => {
                        props.insert(name.into(), v);
                    }
                }
            }
            Av::Class(c) => {
                c.statics.borrow_mut().insert(name.into(), v);
            }
            _ => {}
        }
    }

    /// `recv.name`, as far as it is known.
    pub fn member(&mut self, fr: &mut Frame<'a>, recv: Av<'a>, name: &str, at: Node<'a>) -> Av<'a> {
        self.member_opt(recv, name, 0)
            .unwrap_or_else(|| self.unknown_at(fr, at))
    }

    pub fn member_opt(&mut self, recv: Av<'a>, name: &str, depth: u32) -> Option<Av<'a>> {
        if depth > 32 {
            return None;
        }
        match recv {
            Av::Global(Global::Process) if name == "env" => Some(Av::Global(Global::Env)),
            Av::Global(Global::Env) => Some(Av::Env(name.into())),
            Av::Global(Global::Module(f)) if name == "exports" => Some(
                self.modules[f]
                    .whole
                    .clone()
                    .unwrap_or(Av::Global(Global::Exports(f))),
            ),
            Av::Global(Global::Exports(f)) | Av::Module(f) => self.export_get(f, name, depth + 1),
            Av::Obj(o) => {
                let own = o.props.borrow().get(name).cloned();
                match own {
                    Some(v) => Some(v),
                    None => {
                        let class = o.class.clone()?;
                        self.class_member(&class, name, Av::Obj(o), false)
                    }
                }
            }
            Av::Class(c) => {
                if let Some(v) = c.statics.borrow().get(name) {
                    return Some(v.clone());
                }
                self.class_member(&c, name, Av::Class(c.clone()), true)
            }
            // A property of a library object that the table models (ElectroDB's
            // `entity.query`): an object of the kind it gives, with the same identities.
            Av::Lib(o) => libraries::methods("node", o.kind, &format!(".{name}"))
                .iter()
                .find_map(|row| match row.returns {
                    libraries::Returns::Object(kind) => Some(kind),
                    _ => None,
                })
                .map(|kind| {
                    Av::Lib(Rc::new(LibObj {
                        kind,
                        idents: o.idents.clone(),
                    }))
                }),
            Av::Sdk(t) => match &*t {
                Thing::Package(p) => sdk::member(p, name).map(|t| Av::Sdk(Rc::new(t))),
                Thing::V2Class {
                    service: Some(s),
                    doc: false,
                } if s.as_ref() == "dynamodb" && name == "DocumentClient" => {
                    Some(Av::Sdk(Rc::new(Thing::V2Class {
                        service: Some(s.clone()),
                        doc: true,
                    })))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// `recv[expr]` with a key only known at run time.
    fn dynamic_member(&mut self, fr: &mut Frame<'a>, recv: Av<'a>, n: Node<'a>) -> Av<'a> {
        match recv {
            Av::Sdk(t) if matches!(&*t, Thing::Package(Pkg::V2)) => {
                Av::Sdk(Rc::new(Thing::V2Class {
                    service: None,
                    doc: false,
                }))
            }
            Av::Obj(o) if o.class.is_none() => {
                functions_of(&o).unwrap_or_else(|| self.unknown_at(fr, n))
            }
            _ => self.unknown_at(fr, n),
        }
    }
}

/// The functions an object literal holds, as one of several (a dispatch table indexed by a
/// key known only at run time), in the order of their keys; `None` when it holds none.
pub(super) fn functions_of<'a>(o: &Obj<'a>) -> Option<Av<'a>> {
    let funcs: Vec<Av<'a>> = super::record::sorted_props(o)
        .into_iter()
        .map(|(_, v)| v)
        .filter(|v| matches!(v, Av::Func(_)))
        .collect();
    (!funcs.is_empty()).then(|| Av::Union(funcs.into()))
}
