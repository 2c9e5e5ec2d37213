//! A small abstract interpreter for Python: it runs module-level code and the functions
//! the handler calls, following values (text, boto3 clients and resources, local
//! functions, classes and instances) through variables, attributes, arguments and return
//! values, and records every SDK call it meets (see `boto.rs` for those).
//!
//! It never loops: every statement of a body is visited once, branches one after the
//! other. A function is analysed once per distinct set of argument values (at most
//! [`MAX_CONTEXTS`], then once more with nothing known), so the work is linear in the code
//! reached.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::rc::Rc;

use tree_sitter::Node;

use super::load::{Bind, Program};
use super::syntax::{F, field, kids, line, raw, snippet, text};
use super::value::{Func, Val, capped_debug};
use crate::iam::calls::{Finding, SdkCall, Value};
use crate::iam::libraries::Row;

/// Distinct argument sets a function is analysed with before it is analysed generically.
pub(super) const MAX_CONTEXTS: usize = 16;
/// Nesting of expressions and calls beyond which the analysis gives up on a branch.
pub(super) const MAX_DEPTH: usize = 1500;
/// Longest text of the arguments that tells one analysis of a function from another.
pub(super) const MAX_KEY: usize = 4096;

/// An argument: its value and the expression it came from (for messages).
#[derive(Clone)]
pub(super) struct Arg<'t> {
    pub val: Val<'t>,
    pub node: Option<Node<'t>>,
}

#[derive(Clone, Default)]
pub(super) struct Args<'t> {
    pub pos: Vec<Arg<'t>>,
    pub kw: Vec<(String, Arg<'t>)>,
    /// `**x` whose content is not known, as written.
    pub spread: Vec<String>,
}

impl<'t> Args<'t> {
    /// Positional argument `i`, or the keyword `name`.
    pub fn get(&self, i: usize, name: &str) -> Option<&Arg<'t>> {
        self.pos
            .get(i)
            .or_else(|| self.kw.iter().find(|(k, _)| k == name).map(|(_, a)| a))
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &Val<'t>> {
        self.pos
            .iter()
            .map(|a| &a.val)
            .chain(self.kw.iter().map(|(_, a)| &a.val))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FrameKind {
    Module,
    Class,
    Function,
}

pub(super) struct Frame<'t> {
    pub(super) module: usize,
    pub(super) kind: FrameKind,
    pub(super) locals: HashMap<String, Val<'t>>,
    pub(super) globals: HashSet<String>,
    pub(super) closure: Option<usize>,
    pub(super) returns: Vec<Val<'t>>,
}

impl<'t> Frame<'t> {
    pub(super) fn new(module: usize, kind: FrameKind, closure: Option<usize>) -> Frame<'t> {
        Frame {
            module,
            kind,
            locals: HashMap::new(),
            globals: HashSet::new(),
            closure,
            returns: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum MethodKind {
    Plain,
    Property,
    Static,
    ClassMethod,
}

pub(super) struct Class<'t> {
    pub(super) bases: Vec<Val<'t>>,
    pub(super) methods: HashMap<String, (Func<'t>, MethodKind)>,
    /// The class body's names.
    pub(super) attrs: HashMap<String, Val<'t>>,
    /// `self.x = …` anywhere, shared by all instances.
    pub(super) inst: HashMap<String, Val<'t>>,
    /// The library class it derives from directly (`class User(Model)`).
    pub(super) lib: Option<&'static Row>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Run {
    NotYet,
    Running,
    Done,
}

pub(super) struct Interp<'t> {
    pub prog: &'t Program,
    pub(super) globals: Vec<HashMap<String, Val<'t>>>,
    pub(super) run: Vec<Run>,
    pub(super) classes: Vec<Class<'t>>,
    pub(super) class_ids: HashMap<(usize, usize), usize>,
    pub(super) closures: Vec<Rc<HashMap<String, Val<'t>>>>,
    /// Return values by function and arguments; `None` while being analysed.
    pub(super) memo: HashMap<String, Option<Val<'t>>>,
    pub(super) contexts: HashMap<(usize, usize), usize>,
    pub(super) depth: usize,
    pub(super) seen: HashSet<String>,
    /// The next function call is a decorator's application: it is not held to
    /// [`MAX_CONTEXTS`], so that each decorated function gets its own wrapper (the work
    /// stays linear: one analysis per decorator site).
    pub(super) uncapped: bool,
    /// Library objects made so far (their ids).
    pub(super) lib_ids: usize,
    /// Functions registered by `@route` decorators, by the receiver's id.
    pub(super) routes: HashMap<usize, Vec<Val<'t>>>,
    pub calls: Vec<SdkCall>,
    pub unresolved: Vec<Finding>,
}

impl<'t> Interp<'t> {
    pub fn new(prog: &'t Program) -> Interp<'t> {
        let n = prog.modules.len();
        Interp {
            prog,
            globals: vec![HashMap::new(); n],
            run: vec![Run::NotYet; n],
            classes: Vec::new(),
            class_ids: HashMap::new(),
            closures: Vec::new(),
            memo: HashMap::new(),
            contexts: HashMap::new(),
            depth: 0,
            seen: HashSet::new(),
            uncapped: false,
            lib_ids: 0,
            routes: HashMap::new(),
            calls: Vec::new(),
            unresolved: Vec::new(),
        }
    }

    // ----- sources and reports -------------------------------------------------------

    pub fn src(&self, m: usize) -> &'t str {
        self.prog.modules[m]
            .file
            .as_ref()
            .map(|f| f.src.as_str())
            .unwrap_or("")
    }

    pub(super) fn rel(&self, m: usize) -> PathBuf {
        let module = &self.prog.modules[m];
        match &module.file {
            Some(f) => f.rel.clone(),
            None => module.key.clone(),
        }
    }

    pub fn snip(&self, m: usize, node: Node<'t>) -> String {
        snippet(node, self.src(m))
    }

    pub fn finding(&mut self, m: usize, node: Node<'t>, message: String) {
        self.unresolved.push(Finding {
            file: self.rel(m),
            line: line(node),
            message,
        });
    }

    /// Record an SDK call (once per site and arguments).
    pub fn emit(
        &mut self,
        m: usize,
        node: Node<'t>,
        service: &str,
        operation: &str,
        args: std::collections::BTreeMap<String, Value>,
    ) {
        let call = SdkCall {
            service: service.to_string(),
            operation: operation.to_string(),
            args,
            file: self.rel(m),
            line: line(node),
        };
        if self.seen.insert(capped_debug(&call, 2 * MAX_KEY)) {
            self.calls.push(call);
        }
    }

    // ----- modules and the handler ---------------------------------------------------

    /// Run a module's top-level code, once.
    pub fn run_module(&mut self, m: usize) {
        if self.run[m] != Run::NotYet {
            return;
        }
        self.run[m] = Run::Running;
        let prog = self.prog;
        if let Some(tree) = prog.modules[m].file.as_ref().and_then(|f| f.tree.as_ref()) {
            let mut frame = Frame::new(m, FrameKind::Module, None);
            self.exec_children(&mut frame, tree.root_node());
        }
        self.run[m] = Run::Done;
    }

    /// Run the handler module, then analyse the handler function. `Err` when the module
    /// defines no such name.
    pub fn run_handler(&mut self, m: usize, name: &str) -> Result<(), String> {
        self.run_module(m);
        let Some(value) = self.globals[m].get(name).cloned() else {
            return Err(format!(
                "handler function `{name}` is not defined in {}",
                self.rel(m).display()
            ));
        };
        match value {
            Val::Func(f) => {
                self.call_function(f, None, Args::default());
            }
            Val::Bound(b) => {
                self.call_function(b.1, Some(b.0.clone()), Args::default());
            }
            wrapped @ Val::Wrapped(_) => self.escape_val(&wrapped),
            other => {
                let what = match &other {
                    Val::Data(Value::Unknown(t)) => t.clone(),
                    v => self.describe(v),
                };
                self.unresolved.push(Finding {
                    file: self.rel(m),
                    line: 0,
                    message: format!(
                        "handler `{name}` is not a plain function (it is `{what}`): only \
                         what its module runs at import was analysed"
                    ),
                });
            }
        }
        Ok(())
    }

    pub(super) fn module_attr(&mut self, module: usize, attr: &str) -> Val<'t> {
        if let Some(v) = self.globals[module].get(attr) {
            return v.clone();
        }
        let key = self.prog.modules[module].key.join(attr);
        if let Some(&sub) = self.prog.by_key.get(&key) {
            self.run_module(sub);
            return Val::Module(sub);
        }
        Val::unknown(attr)
    }

    pub(super) fn import(&mut self, f: &mut Frame<'t>, node: Node<'t>) {
        let prog = self.prog;
        let Some(import) = prog.imports.get(&(f.module, node.id())) else {
            return;
        };
        for &m in &import.run {
            self.run_module(m);
        }
        for bind in &import.binds {
            match bind {
                Bind::Module { name, module } => self.store(f, name, Val::Module(*module)),
                Bind::From { name, module, attr } => {
                    let v = self.module_attr(*module, attr);
                    self.store(f, name, v);
                }
                Bind::Star { module } => {
                    let names: Vec<(String, Val<'t>)> = self.globals[*module]
                        .iter()
                        .filter(|(k, _)| !k.starts_with('_'))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    for (k, v) in names {
                        self.store(f, &k, v);
                    }
                }
                Bind::External { name, dotted } => {
                    let v = self.lib_import(dotted).unwrap_or_else(|| external(dotted));
                    self.store(f, name, v);
                }
            }
        }
    }

    // ----- names ---------------------------------------------------------------------

    pub(super) fn lookup(&self, f: &Frame<'t>, name: &str) -> Val<'t> {
        if f.kind != FrameKind::Module && !f.globals.contains(name) {
            if let Some(v) = f.locals.get(name) {
                return v.clone();
            }
            if let Some(v) = f.closure.and_then(|c| self.closures[c].get(name)) {
                return v.clone();
            }
        }
        if let Some(v) = self.globals[f.module].get(name) {
            return v.clone();
        }
        builtin(name)
    }

    pub(super) fn store(&mut self, f: &mut Frame<'t>, name: &str, val: Val<'t>) {
        if f.kind == FrameKind::Module || f.globals.contains(name) {
            sticky_insert(&mut self.globals[f.module], name, val);
        } else {
            f.locals.insert(name.to_string(), val);
        }
    }

    // ----- statements ----------------------------------------------------------------

    pub(super) fn exec_children(&mut self, f: &mut Frame<'t>, node: Node<'t>) {
        for child in kids(node) {
            self.exec(f, child);
        }
    }

    pub(super) fn exec(&mut self, f: &mut Frame<'t>, node: Node<'t>) {
        if self.depth >= MAX_DEPTH {
            self.eval(f, node);
            return;
        }
        self.depth += 1;
        self.exec_inner(f, node);
        self.depth -= 1;
    }

    pub(super) fn exec_inner(&mut self, f: &mut Frame<'t>, node: Node<'t>) {
        match node.kind() {
            "expression_statement"
            | "delete_statement"
            | "raise_statement"
            | "assert_statement"
            | "print_statement"
            | "exec_statement" => {
                for child in kids(node) {
                    self.eval(f, child);
                }
            }
            "return_statement" => {
                let v = match kids(node).first() {
                    Some(&e) => self.eval(f, e),
                    None => Val::None,
                };
                f.returns.push(v);
            }
            "if_statement" => {
                let main = field(node, F::Condition)
                    .is_some_and(|c| is_main_guard(raw(c, self.src(f.module))));
                for child in kids(node) {
                    if main && Some(child) == field(node, F::Consequence) {
                        continue;
                    }
                    self.exec(f, child);
                }
            }
            "for_statement" => {
                let iter = field(node, F::Right)
                    .map(|r| self.eval(f, r))
                    .unwrap_or(Val::None);
                if let Some(left) = field(node, F::Left) {
                    self.bind_element(f, left, &iter);
                }
                for name in [F::Body, F::Alternative] {
                    if let Some(b) = field(node, name) {
                        self.exec(f, b);
                    }
                }
            }
            "with_statement" => self.exec_with(f, node),
            "function_definition" => {
                self.define_function(f, node, &[]);
            }
            "decorated_definition" => self.exec_decorated(f, node),
            "class_definition" => {
                self.define_class(f, node);
            }
            "import_statement" | "import_from_statement" => self.import(f, node),
            "global_statement" => {
                let src = self.src(f.module);
                for child in kids(node) {
                    f.globals.insert(text(child, src));
                }
            }
            "pass_statement"
            | "break_statement"
            | "continue_statement"
            | "comment"
            | "future_import_statement"
            | "nonlocal_statement"
            | "type_alias_statement" => {}
            "block"
            | "module"
            | "try_statement"
            | "except_clause"
            | "except_group_clause"
            | "else_clause"
            | "finally_clause"
            | "elif_clause"
            | "while_statement"
            | "match_statement"
            | "case_clause"
            | "ERROR" => self.exec_children(f, node),
            _ => {
                self.eval(f, node);
            }
        }
    }

    pub(super) fn exec_with(&mut self, f: &mut Frame<'t>, node: Node<'t>) {
        for child in kids(node) {
            if child.kind() != "with_clause" {
                self.exec(f, child);
                continue;
            }
            for item in kids(child) {
                let Some(value) = field(item, F::Value) else {
                    continue;
                };
                if value.kind() != "as_pattern" {
                    self.eval(f, value);
                    continue;
                }
                let parts = kids(value);
                let Some(&expr) = parts.first() else { continue };
                let v = self.eval(f, expr);
                let v = self.enter(v);
                if let Some(target) = field(value, F::Alias) {
                    let target = kids(target).first().copied().unwrap_or(target);
                    self.assign(f, target, v);
                }
            }
        }
    }

    /// What `with x as y` binds: `__enter__`'s result for local classes, else `x`.
    pub(super) fn enter(&mut self, v: Val<'t>) -> Val<'t> {
        if let Val::Instance(c) = v
            && let Some((func, _)) = self.find_method(c, "__enter__")
        {
            let r = self.call_function(func, Some(v.clone()), Args::default());
            if !r.is_vague() {
                return r;
            }
        }
        v
    }

    pub(super) fn define_function(
        &mut self,
        f: &mut Frame<'t>,
        node: Node<'t>,
        decorators: &[Node<'t>],
    ) -> Val<'t> {
        let closure = if f.kind == FrameKind::Function {
            let mut env = f
                .closure
                .map(|c| (*self.closures[c]).clone())
                .unwrap_or_default();
            env.extend(f.locals.iter().map(|(k, v)| (k.clone(), v.clone())));
            self.closures.push(Rc::new(env));
            Some(self.closures.len() - 1)
        } else {
            None
        };
        let func = Val::Func(Func {
            module: f.module,
            node,
            closure,
        });
        let val = self.decorate(f, decorators, func);
        if let Some(name) = field(node, F::Name) {
            let name = text(name, self.src(f.module));
            self.store(f, &name, val.clone());
        }
        val
    }

    /// Apply decorators: local ones are called (a wrapper they return is followed);
    /// framework routes (`@app.get("/x")`) register the function, so it counts as called.
    pub(super) fn decorate(
        &mut self,
        f: &mut Frame<'t>,
        decorators: &[Node<'t>],
        func: Val<'t>,
    ) -> Val<'t> {
        let mut val = func.clone();
        for &d in decorators.iter().rev() {
            let Some(&expr) = kids(d).first() else {
                continue;
            };
            let dv = self.eval(f, expr);
            if let Some(v) = self.lib_decorate(&dv, &val) {
                val = v;
            } else if matches!(dv, Val::Func(_) | Val::Bound(_)) {
                let args = Args {
                    pos: vec![Arg {
                        val: val.clone(),
                        node: None,
                    }],
                    ..Args::default()
                };
                // Each decorated function gets its own wrapper, however many there are.
                self.uncapped = true;
                let r = self.call_value(f.module, dv, args, expr);
                self.uncapped = false;
                if matches!(r, Val::Func(_) | Val::Bound(_)) {
                    val = r;
                }
            } else if is_route(expr, self.src(f.module)) {
                self.escape_val(&func);
            }
        }
        val
    }

    pub(super) fn exec_decorated(&mut self, f: &mut Frame<'t>, node: Node<'t>) {
        let decorators: Vec<Node<'t>> = kids(node)
            .into_iter()
            .filter(|d| d.kind() == "decorator")
            .collect();
        let Some(def) = field(node, F::Definition) else {
            return;
        };
        match def.kind() {
            "function_definition" => {
                self.define_function(f, def, &decorators);
            }
            _ => self.exec(f, def),
        }
    }

    pub(super) fn define_class(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let src = self.src(f.module);
        let mut bases = Vec::new();
        if let Some(supers) = field(node, F::Superclasses) {
            for b in kids(supers) {
                if b.kind() != "keyword_argument" && b.kind() != "comment" {
                    bases.push(self.eval(f, b));
                }
            }
        }
        let mut methods = HashMap::new();
        let mut cf = Frame::new(f.module, FrameKind::Class, None);
        if let Some(body) = field(node, F::Body) {
            for stmt in kids(body) {
                let (def, kind) = match stmt.kind() {
                    "function_definition" => (stmt, MethodKind::Plain),
                    "decorated_definition" => {
                        let Some(def) = field(stmt, F::Definition) else {
                            continue;
                        };
                        if def.kind() != "function_definition" {
                            self.exec(&mut cf, def);
                            continue;
                        }
                        match method_kind(stmt, src) {
                            Some(k) => (def, k),
                            None => continue,
                        }
                    }
                    _ => {
                        self.exec(&mut cf, stmt);
                        continue;
                    }
                };
                if let Some(name) = field(def, F::Name) {
                    let func = Func {
                        module: f.module,
                        node: def,
                        closure: None,
                    };
                    methods.insert(text(name, src), (func, kind));
                }
            }
        }
        let lib = bases.iter().find_map(Self::lib_base);
        let key = (f.module, node.id());
        let id = match self.class_ids.get(&key) {
            Some(&id) => {
                let c = &mut self.classes[id];
                c.lib = lib;
                c.bases = bases;
                c.methods = methods;
                c.attrs.extend(cf.locals);
                id
            }
            None => {
                self.classes.push(Class {
                    bases,
                    methods,
                    attrs: cf.locals,
                    inst: HashMap::new(),
                    lib,
                });
                self.class_ids.insert(key, self.classes.len() - 1);
                self.classes.len() - 1
            }
        };
        if let Some(name) = field(node, F::Name) {
            self.store(f, &text(name, src), Val::Class(id));
        }
        Val::Class(id)
    }

    // ----- assignment ----------------------------------------------------------------

    pub(super) fn assign(&mut self, f: &mut Frame<'t>, target: Node<'t>, val: Val<'t>) {
        match target.kind() {
            "identifier" => {
                let name = text(target, self.src(f.module));
                self.store(f, &name, val);
            }
            "attribute" => {
                let (Some(obj), Some(attr)) =
                    (field(target, F::Object), field(target, F::Attribute))
                else {
                    return;
                };
                let o = self.eval(f, obj);
                let name = text(attr, self.src(f.module));
                self.set_attr(&o, &name, val);
            }
            "subscript" => self.assign_subscript(f, target, val),
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list"
            | "expression_list" => {
                let targets: Vec<Node<'t>> = kids(target)
                    .into_iter()
                    .filter(|t| t.kind() != "comment")
                    .collect();
                match &val {
                    Val::Tuple(vals) if vals.len() == targets.len() => {
                        for (t, v) in targets.into_iter().zip(vals.iter()) {
                            self.assign(f, t, v.clone());
                        }
                    }
                    _ => {
                        for t in targets {
                            let unknown = Val::unknown(self.snip(f.module, t));
                            self.assign(f, t, unknown);
                        }
                    }
                }
            }
            "list_splat_pattern" | "parenthesized_expression" => {
                if let Some(&inner) = kids(target).first() {
                    let unknown = Val::unknown(self.snip(f.module, inner));
                    let v = if target.kind() == "parenthesized_expression" {
                        val
                    } else {
                        unknown
                    };
                    self.assign(f, inner, v);
                }
            }
            _ => {}
        }
    }

    /// `params["Key"] = k` on a dict variable updates it (for `**params`).
    pub(super) fn assign_subscript(&mut self, f: &mut Frame<'t>, target: Node<'t>, val: Val<'t>) {
        let Some(container) = field(target, F::Value) else {
            return;
        };
        let key = field(target, F::Subscript).map(|k| self.eval(f, k));
        if container.kind() != "identifier" {
            self.eval(f, container);
            return;
        }
        let name = text(container, self.src(f.module));
        if let (Val::Dict(mut d), Some(k)) =
            (self.lookup(f, &name), key.as_ref().and_then(Val::literal))
        {
            let entries = Rc::make_mut(&mut d);
            match entries.iter_mut().find(|(ek, _)| ek == k) {
                Some(e) => e.1 = val,
                None => entries.push((k.to_string(), val)),
            }
            self.store(f, &name, Val::Dict(d));
        }
    }

    pub(super) fn set_attr(&mut self, obj: &Val<'t>, name: &str, val: Val<'t>) {
        match obj {
            Val::Instance(c) => sticky_insert(&mut self.classes[*c].inst, name, val),
            Val::Class(c) => sticky_insert(&mut self.classes[*c].attrs, name, val),
            Val::Module(m) => sticky_insert(&mut self.globals[*m], name, val),
            _ => {}
        }
    }

    /// Bind a loop variable to an element of what is iterated.
    pub(super) fn bind_element(&mut self, f: &mut Frame<'t>, target: Node<'t>, iter: &Val<'t>) {
        match self.element_of(iter) {
            Some(v) => self.assign(f, target, v),
            None => {
                let unknown = Val::unknown(self.snip(f.module, target));
                self.assign(f, target, unknown);
            }
        }
    }
}

/// Names every module sees.
fn builtin<'t>(name: &str) -> Val<'t> {
    match name {
        "os" => Val::Os,
        "boto3" => Val::Boto3,
        "getattr" => Val::Builtin("getattr"),
        "str" => Val::Builtin("str"),
        "dict" => Val::Builtin("dict"),
        _ => Val::unknown(name),
    }
}

/// What an import of something not in the service directory binds.
fn external<'t>(dotted: &str) -> Val<'t> {
    match dotted {
        "boto3" => Val::Boto3,
        "boto3.session" => Val::Boto3SessionModule,
        "boto3.client" => Val::ClientFn,
        "boto3.resource" => Val::ResourceFn,
        "boto3.Session" | "boto3.session.Session" => Val::SessionClass,
        "os" => Val::Os,
        "os.environ" => Val::OsEnviron,
        "os.getenv" => Val::OsGetenv,
        "functools" => Val::Builtin("functools"),
        "functools.wraps" => Val::Builtin("wraps"),
        "functools.update_wrapper" => Val::Builtin("update_wrapper"),
        _ => Val::unknown(dotted),
    }
}

/// A client stored in a global or an attribute is not forgotten when a later branch
/// resets it (`_client = None` in a `close()`).
fn sticky_insert<'t>(map: &mut HashMap<String, Val<'t>>, name: &str, val: Val<'t>) {
    if val.is_vague() && map.get(name).is_some_and(Val::is_sdk) {
        return;
    }
    map.insert(name.to_string(), val);
}

/// `if __name__ == "__main__":` does not run in Lambda.
fn is_main_guard(condition: &str) -> bool {
    condition.contains("__name__") && condition.contains("__main__")
}

/// `@property`, `@staticmethod`, `@classmethod`; `None` for property setters and
/// deleters (the getter stays).
fn method_kind(decorated: Node, src: &str) -> Option<MethodKind> {
    let mut kind = MethodKind::Plain;
    for d in kids(decorated) {
        if d.kind() != "decorator" {
            continue;
        }
        let t = raw(d, src).trim_start_matches('@').trim();
        match t {
            "property" | "cached_property" | "functools.cached_property" => {
                kind = MethodKind::Property
            }
            "staticmethod" => kind = MethodKind::Static,
            "classmethod" => kind = MethodKind::ClassMethod,
            t if t.ends_with(".setter") || t.ends_with(".deleter") => return None,
            _ => {}
        }
    }
    Some(kind)
}

/// Web-framework route decorators (`@app.get("/items")`, `@router.route(…)`): the
/// framework calls the function when the handler dispatches the event.
fn is_route(expr: Node, src: &str) -> bool {
    if expr.kind() != "call" {
        return false;
    }
    let Some(func) = field(expr, F::Function) else {
        return false;
    };
    if func.kind() != "attribute" {
        return false;
    }
    let name = field(func, F::Attribute).map(|a| raw(a, src)).unwrap_or("");
    matches!(
        name,
        "route"
            | "get"
            | "post"
            | "put"
            | "delete"
            | "patch"
            | "head"
            | "options"
            | "api_route"
            | "resolver"
            | "websocket"
            | "lambda_function"
            | "on_s3_event"
            | "on_sqs_message"
            | "on_sns_message"
            | "schedule"
    )
}
