//! Calls, `new` and classes for the evaluator: running local functions with the values passed
//! to them, and recognising the SDK calls (client methods, `send(command)`, paginators,
//! waiters, presigners, lib-storage uploads).

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::eval::{Analyzer, Frame, MAX_VARIANTS};
use super::sdk::{self, ClientKind, Method, Thing};
use super::syntax::{F, has_token, named, short};
use super::value::{Av, ClassVal, Client, Closure, Command, LibObj, Member, MemberKind};
use crate::iam::libraries;

/// Wrappers that return the client (or module) they are given: X-Ray, Powertools, and the
/// interop helpers TypeScript and Babel emit around `require`.
const PASS_THROUGH: &[&str] = &[
    "captureAWS",
    "captureAWSClient",
    "captureAWSv3Client",
    "__importStar",
    "__importDefault",
    "__toESM",
    "_interopRequireDefault",
    "_interopRequireWildcard",
    "String",
];

impl<'a> Analyzer<'a> {
    pub fn eval_args(&mut self, fr: &mut Frame<'a>, args: Option<Node<'a>>) -> Vec<Av<'a>> {
        let Some(args) = args else {
            return Vec::new();
        };
        if args.kind() != "arguments" {
            // A tagged template: evaluated for the calls inside, no arguments kept.
            self.eval(fr, args);
            return Vec::new();
        }
        named(args).map(|a| self.eval(fr, a)).collect()
    }

    pub fn call(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        let Some(callee) = self.field(fr.file, n, F::Function) else {
            return self.unknown_at(fr, n);
        };
        let args_node = self.field(fr.file, n, F::Arguments);
        match callee.kind() {
            "import" => return self.import_call(fr, n, args_node),
            "super" => {
                let args = self.eval_args(fr, args_node);
                self.super_call(fr, args);
                return self.unknown_at(fr, n);
            }
            "member_expression" | "subscript_expression" => {
                return self.method_call(fr, n, callee, args_node);
            }
            "identifier" => {
                let name = self.text(fr.file, callee);
                if name == "require" && self.find_var(&fr.scope, name).is_none() {
                    return self.import_call(fr, n, args_node);
                }
                // tree-sitter reads `await (0, f)(x)` as a call of `await` with `(0, f)`.
                if name == "await" && self.find_var(&fr.scope, name).is_none() {
                    let args = self.eval_args(fr, args_node);
                    return args
                        .into_iter()
                        .next_back()
                        .unwrap_or_else(|| self.unknown_at(fr, n));
                }
            }
            _ => {}
        }
        let f = self.eval(fr, callee);
        let args = self.eval_args(fr, args_node);
        if !f.is_known()
            && callee.kind() == "identifier"
            && PASS_THROUGH.contains(&self.text(fr.file, callee))
        {
            return args
                .into_iter()
                .next()
                .unwrap_or_else(|| self.unknown_at(fr, n));
        }
        self.apply(fr, f, Av::unknown(), args, n)
    }

    fn method_call(
        &mut self,
        fr: &mut Frame<'a>,
        n: Node<'a>,
        callee: Node<'a>,
        args_node: Option<Node<'a>>,
    ) -> Av<'a> {
        let recv = match self.field(fr.file, callee, F::Object) {
            Some(o) if o.kind() == "super" => self.super_value(fr),
            Some(o) => self.eval(fr, o),
            None => Av::unknown(),
        };
        let name: Option<Rc<str>> = if callee.kind() == "member_expression" {
            self.field(fr.file, callee, F::Property)
                .map(|p| self.text(fr.file, p).into())
        } else {
            match self
                .field(fr.file, callee, F::Index)
                .map(|i| self.eval(fr, i))
            {
                Some(Av::Str(s) | Av::Num(s)) => Some(s),
                _ => None,
            }
        };
        let args = self.eval_args(fr, args_node);
        let name_str = name.as_deref();
        match (&recv, name_str) {
            (Av::Client(c), _) => {
                let c = c.clone();
                return self.client_call(fr, &c, name_str, args, n, callee);
            }
            (Av::Upload(params), Some("done")) => {
                let params = params.as_ref().clone();
                self.record(fr, "s3", "PutObject", None, Some(&params), n);
                return self.unknown_at(fr, n);
            }
            (Av::Lib(o), Some(method)) => {
                let rows = libraries::methods("node", o.kind, method);
                if rows.is_empty() {
                    // Builder methods (`eq`, `where`, `limit`) return the same request.
                    self.walk_callbacks(fr, &args);
                    return recv.clone();
                }
                let idents = o.idents.clone();
                return self.library_call(fr, rows, &idents, method, &args, n);
            }
            (Av::Middy(base), Some(method)) => {
                return match method {
                    "handler" => {
                        Av::Middy(Rc::new(args.into_iter().next().unwrap_or_else(Av::unknown)))
                    }
                    "use" | "before" | "after" | "onError" | "applyMiddleware" => {
                        self.run_middleware(&args);
                        Av::Middy(base.clone())
                    }
                    _ => self.unknown_at(fr, n),
                };
            }
            (Av::Sdk(t), Some("from")) => {
                if let Thing::DocFactory { agg } = **t {
                    self.walk_callbacks(fr, &args);
                    return Av::Client(Rc::new(Client {
                        service: Some("dynamodb".into()),
                        kind: if agg {
                            ClientKind::V3DocAgg
                        } else {
                            ClientKind::V3Doc
                        },
                        bound: None,
                    }));
                }
            }
            (Av::Func(f), Some("call" | "apply" | "bind")) => {
                let mut args = args.into_iter();
                let this = args.next().unwrap_or_else(Av::unknown);
                let f = f.clone();
                return match name_str {
                    Some("bind") => Av::Func(Rc::new(Closure {
                        file: f.file,
                        node: f.node,
                        scope: f.scope.clone(),
                        this: Some(f.this.clone().unwrap_or(this)),
                        home: f.home.clone(),
                    })),
                    Some("call") => self.invoke(&f, this, args.collect()),
                    _ => self.invoke(&f, this, Vec::new()),
                };
            }
            _ => {}
        }
        let Some(name) = name else {
            let f = self.dynamic_callee(fr, recv.clone(), callee);
            return self.apply(fr, f, recv, args, n);
        };
        if matches!(recv, Av::Arr(_) | Av::Unknown(_))
            && let Some(out) = self.array_method(fr, &recv, &name, &args, n)
        {
            return out;
        }
        if PASS_THROUGH.contains(&&*name) && !recv.is_known() {
            return args
                .into_iter()
                .next()
                .unwrap_or_else(|| self.unknown_at(fr, n));
        }
        if &*name == "send" && !recv.is_known() {
            // A client the analysis lost track of: the command still says what is sent.
            match args.first() {
                Some(Av::Command(cmd)) => {
                    let cmd = cmd.clone();
                    self.record(fr, &cmd.service, &cmd.op, None, Some(&cmd.input), n);
                    self.walk_callbacks(fr, &args);
                    return self.unknown_at(fr, n);
                }
                Some(Av::Unknown(Some(origin)))
                    if self.text(origin.file, origin.node).contains("Command") =>
                {
                    let text = short(self.text(fr.file, n));
                    self.finding(
                        fr.file,
                        n,
                        format!("`{text}`: send on a client of unknown service, with a command the analysis cannot resolve"),
                    );
                }
                _ => {}
            }
        }
        let f = self.member(fr, recv.clone(), &name, callee);
        self.apply(fr, f, recv, args, n)
    }

    fn dynamic_callee(&mut self, fr: &mut Frame<'a>, recv: Av<'a>, callee: Node<'a>) -> Av<'a> {
        match recv {
            Av::Obj(o) if o.class.is_none() => {
                super::eval::functions_of(&o).unwrap_or_else(|| self.unknown_at(fr, callee))
            }
            _ => self.unknown_at(fr, callee),
        }
    }

    /// Calls a value: local functions run, SDK helpers record, anything else only has its
    /// function arguments run (callbacks of `map`, `then`, middleware…).
    pub fn apply(
        &mut self,
        fr: &mut Frame<'a>,
        f: Av<'a>,
        this: Av<'a>,
        args: Vec<Av<'a>>,
        n: Node<'a>,
    ) -> Av<'a> {
        match f {
            Av::Func(c) => self.invoke(&c, this, args),
            Av::Union(fs) => {
                let mut out = None;
                for f in fs.iter() {
                    let v = self.apply(fr, f.clone(), this.clone(), args.clone(), n);
                    if out.is_none() && v.is_known() {
                        out = Some(v);
                    }
                }
                out.unwrap_or_else(|| self.unknown_at(fr, n))
            }
            Av::Module(m) => match self.modules[m].whole.clone() {
                Some(w @ Av::Func(_)) => self.apply(fr, w, this, args, n),
                _ => {
                    self.walk_callbacks(fr, &args);
                    self.unknown_at(fr, n)
                }
            },
            Av::Sdk(t) if matches!(&*t, Thing::Package(sdk::Pkg::Middy)) => {
                Av::Middy(Rc::new(args.into_iter().next().unwrap_or_else(Av::unknown)))
            }
            Av::Middy(base) => self.apply(fr, base.as_ref().clone(), this, args, n),
            // A library whose default export is a function (`import ssm from '@middy/ssm'`).
            Av::Sdk(t)
                if matches!(&*t, Thing::Package(sdk::Pkg::Library(m))
                    if !libraries::methods("node", m, "default").is_empty()) =>
            {
                let Thing::Package(sdk::Pkg::Library(module)) = &*t else {
                    return self.unknown_at(fr, n);
                };
                let rows = libraries::methods("node", module, "default");
                self.library_call(fr, rows, &[], "default", &args, n)
            }
            Av::Sdk(t) if matches!(&*t, Thing::LibFunction { .. }) => {
                let Thing::LibFunction { module, name } = &*t else {
                    return self.unknown_at(fr, n);
                };
                let rows = libraries::methods("node", module, name);
                self.library_call(fr, rows, &[], name, &args, n)
            }
            Av::Sdk(t) => {
                self.walk_callbacks(fr, &args);
                self.sdk_function(fr, &t, &args, n);
                self.unknown_at(fr, n)
            }
            _ => {
                self.walk_callbacks(fr, &args);
                self.unknown_at(fr, n)
            }
        }
    }

    fn sdk_function(&mut self, fr: &mut Frame<'a>, t: &Thing, args: &[Av<'a>], n: Node<'a>) {
        let text = || short(self.text(fr.file, n));
        match t {
            Thing::Presigner => match args.get(1) {
                Some(Av::Command(cmd)) => {
                    let cmd = cmd.clone();
                    self.record(fr, &cmd.service, &cmd.op, None, Some(&cmd.input), n);
                }
                _ => {
                    let message = format!(
                        "`{}`: presigns a command the analysis cannot resolve",
                        text()
                    );
                    self.finding(fr.file, n, message);
                }
            },
            Thing::PresignedPost => self.record(fr, "s3", "PutObject", None, args.get(1), n),
            Thing::Paginator { service, op } => {
                self.record(fr, service, op, None, args.get(1), n);
            }
            Thing::Waiter { service, name } => match sdk::waiter_op(service, name) {
                Some(op) => self.record(fr, service, op, None, args.get(1), n),
                None => {
                    let message = format!(
                        "`{}`: waiter `{name}` polls an operation the analysis does not know",
                        text()
                    );
                    self.finding(fr.file, n, message);
                }
            },
            _ => {}
        }
    }

    /// Array methods that take a callback (`map`, `forEach`, `filter`…) on an array literal
    /// or on a value the analysis does not know (`event.Records`): the callback runs with
    /// each known element (or one unknown element) as its argument, and `map` gives the
    /// array of what it returns, so `entries.map((r) => ({ EventBusName: … }))` is known.
    /// `None` when this is not such a call.
    fn array_method(
        &mut self,
        fr: &mut Frame<'a>,
        recv: &Av<'a>,
        name: &str,
        args: &[Av<'a>],
        n: Node<'a>,
    ) -> Option<Av<'a>> {
        /// The most elements a callback runs with; the rest add nothing new in practice.
        const MAX_ELEMENTS: usize = 16;
        let same_array = matches!(
            name,
            "filter" | "slice" | "sort" | "reverse" | "toSorted" | "toReversed"
        );
        if same_array && matches!(recv, Av::Arr(_)) {
            self.walk_callbacks(fr, args);
            return Some(recv.clone());
        }
        let mapping = matches!(name, "map" | "flatMap");
        let visiting = matches!(
            name,
            "forEach" | "filter" | "some" | "every" | "find" | "findIndex"
        );
        let Some(Av::Func(f)) = args.first() else {
            return None;
        };
        if !mapping && !visiting {
            return None;
        }
        let f = f.clone();
        let elements: Vec<Av<'a>> = match recv {
            Av::Arr(items) => items.iter().take(MAX_ELEMENTS).cloned().collect(),
            _ => vec![self.unknown_at(fr, n)],
        };
        let mut out = Vec::new();
        for (i, element) in elements.into_iter().enumerate() {
            let index = Av::Num(i.to_string().into());
            let returned = self.invoke(&f, Av::unknown(), vec![element, index, recv.clone()]);
            match returned {
                Av::Arr(items) if name == "flatMap" => out.extend(items.iter().cloned()),
                other => out.push(other),
            }
        }
        self.walk_callbacks(fr, &args[1..]);
        Some(if mapping {
            Av::Arr(out.into())
        } else {
            self.unknown_at(fr, n)
        })
    }

    /// Runs the functions passed to something that is not a local function.
    pub fn walk_callbacks(&mut self, _fr: &mut Frame<'a>, args: &[Av<'a>]) {
        for a in args {
            match a {
                Av::Func(c) => {
                    self.invoke(c, Av::unknown(), Vec::new());
                }
                Av::Union(fs) => {
                    for f in fs.iter() {
                        if let Av::Func(c) = f {
                            self.invoke(c, Av::unknown(), Vec::new());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A method of a wrapper library, by its rows in the library table: the operations it
    /// makes, with their arguments, and the object it returns.
    fn library_call(
        &mut self,
        fr: &mut Frame<'a>,
        rows: &'static [libraries::Row],
        idents: &[(&'static str, Av<'a>)],
        method: &str,
        args: &[Av<'a>],
        n: Node<'a>,
    ) -> Av<'a> {
        self.walk_callbacks(fr, args);
        let mut out = None;
        for row in rows {
            let obj = self.new_obj(None, None);
            for (param, source) in &row.args {
                if let Some(v) = self.library_value(source, idents, method, args) {
                    obj.props.borrow_mut().insert((*param).into(), v);
                }
            }
            let params = Av::Obj(obj);
            for (op, guard) in row.operations.iter().zip(&row.when) {
                let given = |g: &libraries::Guard| match &g.source {
                    libraries::Source::Arg { index: Some(i), .. } => args.len() > *i,
                    _ => true,
                };
                if guard.as_ref().is_none_or(|g| given(g) == g.present) {
                    self.record(fr, row.service, op, None, Some(&params), n);
                }
            }
            if let libraries::Returns::Object(kind) | libraries::Returns::Many(kind) = row.returns {
                let Some(kind) = self.library_kind(kind, args) else {
                    continue;
                };
                let mut carried: Vec<(&'static str, Av<'a>)> = idents.to_vec();
                for (id, source) in &row.keeps {
                    if let Some(v) = self.library_value(source, idents, method, args) {
                        carried.push((id, v));
                    }
                }
                out = Some(Av::Lib(Rc::new(LibObj {
                    kind,
                    idents: carried,
                })));
            }
        }
        out.unwrap_or_else(|| self.unknown_at(fr, n))
    }

    /// A returned kind; `{0}` is the name of the library class passed first
    /// (`build(GetItemCommand)`), and a kind the table does not know is no object.
    fn library_kind(&self, kind: &'static str, args: &[Av<'a>]) -> Option<&'static str> {
        if !kind.contains("{0}") {
            return Some(kind);
        }
        let Some(Av::Sdk(t)) = args.first() else {
            return None;
        };
        let Thing::LibFunction { name, .. } = &**t else {
            return None;
        };
        libraries::kind_named("node", &kind.replace("{0}", name))
    }

    /// The value of a row's source for a call of `method` with `args` on an object with
    /// `idents`: a receiver path, or an argument and a path into it.
    fn library_value(
        &mut self,
        source: &libraries::Source,
        idents: &[(&'static str, Av<'a>)],
        method: &str,
        args: &[Av<'a>],
    ) -> Option<Av<'a>> {
        match source {
            libraries::Source::Receiver(path) => {
                let mut steps = path.split('.');
                let first = steps.next()?;
                let start = idents.iter().find(|(k, _)| *k == first)?.1.clone();
                self.library_path(start, steps, method)
            }
            libraries::Source::Arg {
                index: Some(i),
                ident,
                collect,
                ..
            } => {
                let arg = args.get(*i)?.clone();
                let v = match ident {
                    Some(path) => self.library_path(arg, path.split('.'), method)?,
                    None => arg,
                };
                let items: Vec<Av<'a>> = match (collect, &v) {
                    (libraries::Collect::Whole, _) => return Some(v),
                    (libraries::Collect::Keys, Av::Obj(o)) => super::record::sorted_props(o)
                        .into_iter()
                        .map(|(k, _)| Av::Str(k))
                        .collect(),
                    (libraries::Collect::Values, Av::Obj(o)) => super::record::sorted_props(o)
                        .into_iter()
                        .map(|(_, v)| v)
                        .collect(),
                    _ => return Some(Av::unknown()),
                };
                Some(Av::Arr(items.into()))
            }
            _ => None,
        }
    }

    /// Follows dotted steps from a value: properties of objects, identities of library
    /// objects; `$m` is the method's name.
    fn library_path<'s>(
        &mut self,
        mut v: Av<'a>,
        steps: impl Iterator<Item = &'s str>,
        method: &str,
    ) -> Option<Av<'a>> {
        for step in steps {
            let step = if step == "$m" { method } else { step };
            v = match v {
                Av::Lib(o) => o.idents.iter().find(|(k, _)| *k == step)?.1.clone(),
                other => self.member_opt(other, step, 0)?,
            };
        }
        Some(v)
    }

    /// Middleware given to middy: an object's `before`/`after`/`onError` functions run, as
    /// they do around every invocation.
    fn run_middleware(&mut self, args: &[Av<'a>]) {
        for a in args {
            let Av::Obj(o) = a else {
                if let Av::Func(c) = a {
                    self.invoke(c, Av::unknown(), Vec::new());
                }
                continue;
            };
            for (key, v) in super::record::sorted_props(o) {
                match v {
                    Av::Func(c) if matches!(&*key, "before" | "after" | "onError") => {
                        self.invoke(&c, Av::unknown(), Vec::new());
                    }
                    _ => {}
                }
            }
        }
    }

    /// Runs a local function with these arguments, once per distinct arguments.
    pub fn invoke(&mut self, c: &Rc<Closure<'a>>, this: Av<'a>, args: Vec<Av<'a>>) -> Av<'a> {
        let this = c.this.clone().unwrap_or(this);
        let mut sig = String::new();
        self.sig(&this, &mut sig);
        for a in &args {
            sig.push('|');
            self.sig(a, &mut sig);
        }
        let mut key = (c.file, c.node.id(), c.scope.id, sig);
        if let Some(done) = self.memo.get(&key) {
            return done.clone().unwrap_or_else(Av::unknown);
        }
        if self
            .active
            .get(&(c.file, c.node.id()))
            .is_some_and(|n| *n > 0)
        {
            return Av::unknown();
        }
        let count = self.variants.entry((c.file, c.node.id())).or_insert(0);
        *count += 1;
        let (this, args) = if *count > MAX_VARIANTS {
            key.3 = "*".into();
            if let Some(done) = self.memo.get(&key) {
                return done.clone().unwrap_or_else(Av::unknown);
            }
            (Av::unknown(), Vec::new())
        } else {
            (this, args)
        };
        self.memo.insert(key.clone(), None);
        let scope = self.new_scope(Some(c.scope.clone()));
        let mut fr = Frame {
            file: c.file,
            scope,
            this,
            ret: None,
            home: c.home.clone(),
        };
        self.bind_params(&mut fr, c.node, args);
        *self.active.entry((c.file, c.node.id())).or_insert(0) += 1;
        match self.field(fr.file, c.node, F::Body) {
            Some(body) if body.kind() == "statement_block" => {
                self.hoist(&mut fr, body);
                for s in named(body) {
                    self.eval(&mut fr, s);
                }
            }
            Some(body) => {
                let v = self.eval(&mut fr, body);
                fr.ret = Some(v);
            }
            None => {}
        }
        if let Some(n) = self.active.get_mut(&(c.file, c.node.id())) {
            *n -= 1;
        }
        let ret = fr.ret.unwrap_or_else(Av::unknown);
        self.memo.insert(key, Some(ret.clone()));
        ret
    }

    fn bind_params(&mut self, fr: &mut Frame<'a>, func: Node<'a>, args: Vec<Av<'a>>) {
        let mut args = args.into_iter();
        if let Some(p) = self.field(fr.file, func, F::Parameter) {
            let v = args.next().unwrap_or_else(|| self.unknown_at(fr, p));
            self.bind_pattern(fr, p, v);
            return;
        }
        let Some(params) = self.field(fr.file, func, F::Parameters) else {
            return;
        };
        for p in named(params) {
            match p.kind() {
                "required_parameter" | "optional_parameter" => {
                    let Some(pat) = self.field(fr.file, p, F::Pattern) else {
                        continue;
                    };
                    if pat.kind() == "this" {
                        continue;
                    }
                    let mut v = args.next().unwrap_or_else(|| self.unknown_at(fr, pat));
                    if let Some(default) = self.field(fr.file, p, F::Value) {
                        let d = self.eval(fr, default);
                        if !v.is_known() {
                            v = d;
                        }
                    }
                    let is_property = named(p).any(|c| c.kind() == "accessibility_modifier")
                        || has_token(p, "readonly");
                    if is_property
                        && pat.kind() == "identifier"
                        && let Av::Obj(o) = &fr.this
                    {
                        let name = self.text(fr.file, pat);
                        o.props.borrow_mut().insert(name.into(), v.clone());
                    }
                    self.bind_pattern(fr, pat, v);
                }
                _ => {
                    let v = args.next().unwrap_or_else(|| self.unknown_at(fr, p));
                    self.bind_pattern(fr, p, v);
                }
            }
        }
    }

    // ----- SDK clients -----

    fn client_call(
        &mut self,
        fr: &mut Frame<'a>,
        client: &Rc<Client<'a>>,
        method: Option<&str>,
        args: Vec<Av<'a>>,
        n: Node<'a>,
        callee: Node<'a>,
    ) -> Av<'a> {
        self.walk_callbacks(fr, &args);
        let service = client.service.clone();
        let what = service.as_deref().unwrap_or("unknown-service");
        let Some(method) = method else {
            let text = short(self.text(fr.file, callee));
            self.finding(
                fr.file,
                n,
                format!("`{text}`: method of a {what} client chosen at run time; its operation cannot be told"),
            );
            return self.unknown_at(fr, n);
        };
        if method == "send" {
            match (args.first(), &service) {
                (Some(Av::Command(cmd)), _) => {
                    let cmd = cmd.clone();
                    self.record(fr, &cmd.service, &cmd.op, None, Some(&cmd.input), n);
                }
                (_, Some(_)) => {
                    let text = short(self.text(fr.file, n));
                    self.finding(
                        fr.file,
                        n,
                        format!("`{text}`: sends a command the analysis cannot resolve on a {what} client"),
                    );
                }
                (_, None) => {
                    let text = short(self.text(fr.file, n));
                    self.finding(
                        fr.file,
                        n,
                        format!("`{text}`: send on a client of unknown service"),
                    );
                }
            }
            return self.unknown_at(fr, n);
        }
        let kind_method = sdk::client_method(client.kind, service.as_deref().unwrap_or(""), method);
        if kind_method == Method::Skip {
            return self.unknown_at(fr, n);
        }
        let Some(service) = service else {
            let text = short(self.text(fr.file, n));
            self.finding(
                fr.file,
                n,
                format!("`{text}`: `{method}` on a client whose service is chosen at run time"),
            );
            return self.unknown_at(fr, n);
        };
        let bound = client.bound.as_ref();
        match kind_method {
            Method::Op(op) => self.record(fr, &service, &op, bound, args.first(), n),
            Method::OpFromArg => match args.first() {
                Some(Av::Str(op)) => {
                    let op = sdk::pascal(op);
                    self.record(fr, &service, &op, bound, args.get(1), n);
                }
                _ => {
                    let text = short(self.text(fr.file, n));
                    self.finding(
                        fr.file,
                        n,
                        format!("`{text}`: operation name is not a constant"),
                    );
                }
            },
            Method::Waiter => {
                let op = match args.first() {
                    Some(Av::Str(state)) => sdk::waiter_op(&service, state),
                    _ => None,
                };
                match op {
                    Some(op) => self.record(fr, &service, op, bound, args.get(1), n),
                    None => {
                        let text = short(self.text(fr.file, n));
                        self.finding(
                            fr.file,
                            n,
                            format!("`{text}`: waiter the analysis does not know"),
                        );
                    }
                }
            }
            Method::Skip => {}
        }
        self.unknown_at(fr, n)
    }

    // ----- new and classes -----

    pub fn construct_expr(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        let ctor = match self.field(fr.file, n, F::Constructor) {
            Some(c) => self.eval(fr, c),
            None => Av::unknown(),
        };
        let args = self.eval_args(fr, self.field(fr.file, n, F::Arguments));
        match ctor {
            Av::Sdk(t) => match &*t {
                Thing::V2Class { service, doc } => {
                    if service.is_none() {
                        let text = short(self.text(fr.file, n));
                        self.finding(
                            fr.file,
                            n,
                            format!("`{text}`: client class chosen at run time; its calls cannot be attributed to a service"),
                        );
                    }
                    let bound = match args.first() {
                        Some(opts @ Av::Obj(_)) => {
                            match self.member_opt(opts.clone(), "params", 0) {
                                Some(p @ Av::Obj(_)) => Some(p),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    Av::Client(Rc::new(Client {
                        service: service.clone(),
                        kind: if *doc {
                            ClientKind::V2Doc
                        } else {
                            ClientKind::V2
                        },
                        bound,
                    }))
                }
                Thing::ClientClass { service, kind } => Av::Client(Rc::new(Client {
                    service: Some(service.clone()),
                    kind: *kind,
                    bound: None,
                })),
                Thing::DocFactory { agg } => Av::Client(Rc::new(Client {
                    service: Some("dynamodb".into()),
                    kind: if *agg {
                        ClientKind::V3DocAgg
                    } else {
                        ClientKind::V3Doc
                    },
                    bound: None,
                })),
                Thing::CommandClass { service, op } => Av::Command(Rc::new(Command {
                    service: service.clone(),
                    op: op.clone(),
                    input: args.into_iter().next().unwrap_or_else(Av::unknown),
                })),
                Thing::LibFunction { module, name } => {
                    let rows = libraries::methods("node", module, name);
                    let name = name.clone();
                    self.library_call(fr, rows, &[], &name, &args, n)
                }
                Thing::UploadClass => {
                    let params = match args.into_iter().next() {
                        Some(opts) => self
                            .member_opt(opts, "params", 0)
                            .unwrap_or_else(Av::unknown),
                        None => Av::unknown(),
                    };
                    Av::Upload(Rc::new(params))
                }
                _ => self.unknown_at(fr, n),
            },
            Av::Class(c) => {
                let obj = self.new_obj(Some(c.clone()), None);
                self.init_instance(&c, &Av::Obj(obj.clone()), args, 0);
                Av::Obj(obj)
            }
            Av::Func(f) => {
                let obj = self.new_obj(None, None);
                self.invoke(&f, Av::Obj(obj.clone()), args);
                Av::Obj(obj)
            }
            _ => {
                self.walk_callbacks(fr, &args);
                self.unknown_at(fr, n)
            }
        }
    }

    pub fn make_class(&mut self, fr: &mut Frame<'a>, n: Node<'a>) -> Av<'a> {
        let parent = named(n)
            .find(|c| c.kind() == "class_heritage")
            .and_then(|h| {
                let expr = match named(h).next() {
                    Some(e) if e.kind() == "extends_clause" => self.field(fr.file, e, F::Value),
                    other => other,
                };
                expr.map(|e| self.eval(fr, e))
            });
        let mut members = HashMap::new();
        let mut fields = Vec::new();
        let mut static_fields = Vec::new();
        if let Some(body) = self.field(fr.file, n, F::Body) {
            for m in named(body) {
                let is_static = has_token(m, "static") || has_token(m, "static get");
                match m.kind() {
                    "method_definition" => {
                        let Some(name) = self.field(fr.file, m, F::Name) else {
                            continue;
                        };
                        let name: Rc<str> = self.text(fr.file, name).into();
                        let kind = if has_token(m, "get") || has_token(m, "static get") {
                            MemberKind::Getter
                        } else {
                            MemberKind::Method
                        };
                        if has_token(m, "set") {
                            continue;
                        }
                        members.insert(
                            name,
                            Member {
                                node: m,
                                is_static,
                                kind,
                            },
                        );
                    }
                    "field_definition" | "public_field_definition" => {
                        let Some(name) = self
                            .field(fr.file, m, F::Property)
                            .or_else(|| self.field(fr.file, m, F::Name))
                        else {
                            continue;
                        };
                        let name: Rc<str> = self.text(fr.file, name).into();
                        let value = self.field(fr.file, m, F::Value);
                        if is_static {
                            static_fields.push((name, value));
                        } else {
                            fields.push((name.clone(), value));
                            members.insert(
                                name,
                                Member {
                                    node: m,
                                    is_static,
                                    kind: MemberKind::Field,
                                },
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        let class = Rc::new(ClassVal {
            id: self.id(),
            file: fr.file,
            scope: fr.scope.clone(),
            parent,
            members,
            fields,
            statics: Default::default(),
        });
        for (name, value) in static_fields {
            if let Some(value) = value {
                let mut sfr = Frame {
                    file: class.file,
                    scope: class.scope.clone(),
                    this: Av::Class(class.clone()),
                    ret: None,
                    home: Some(class.clone()),
                };
                let v = self.eval(&mut sfr, value);
                class.statics.borrow_mut().insert(name, v);
            }
        }
        Av::Class(class)
    }

    /// Field initialisers, then the constructor (or the parent's when there is none).
    fn init_instance(
        &mut self,
        class: &Rc<ClassVal<'a>>,
        this: &Av<'a>,
        args: Vec<Av<'a>>,
        depth: u32,
    ) {
        if depth > 32 {
            return;
        }
        let mut ifr = Frame {
            file: class.file,
            scope: class.scope.clone(),
            this: this.clone(),
            ret: None,
            home: Some(class.clone()),
        };
        for (name, value) in &class.fields {
            let v = match value {
                Some(value) => self.eval(&mut ifr, *value),
                None => continue,
            };
            if let Av::Obj(o) = this {
                o.props.borrow_mut().insert(name.clone(), v);
            }
        }
        match class.members.get("constructor") {
            Some(ctor) if !ctor.is_static => {
                let f = Rc::new(Closure {
                    file: class.file,
                    node: ctor.node,
                    scope: class.scope.clone(),
                    this: Some(this.clone()),
                    home: Some(class.clone()),
                });
                self.invoke(&f, this.clone(), args);
            }
            _ => {
                if let Some(Av::Class(parent)) = &class.parent {
                    let parent = parent.clone();
                    self.init_instance(&parent, this, args, depth + 1);
                }
            }
        }
    }

    fn super_call(&mut self, fr: &mut Frame<'a>, args: Vec<Av<'a>>) {
        let parent = fr.home.as_ref().and_then(|h| h.parent.clone());
        if let Some(Av::Class(parent)) = parent {
            let this = fr.this.clone();
            self.init_instance(&parent, &this, args, 1);
        }
    }

    /// `super` in `super.method()`: this object, seen through the parent class.
    fn super_value(&mut self, fr: &mut Frame<'a>) -> Av<'a> {
        match fr.home.as_ref().and_then(|h| h.parent.clone()) {
            Some(Av::Class(parent)) => {
                let obj = self.new_obj(Some(parent), None);
                if let Av::Obj(this) = &fr.this {
                    let props: Vec<_> = this
                        .props
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    obj.props.borrow_mut().extend(props);
                }
                Av::Obj(obj)
            }
            _ => Av::unknown(),
        }
    }

    /// A method, getter or static of a class (or its ancestors), bound to `this`.
    pub fn class_member(
        &mut self,
        class: &Rc<ClassVal<'a>>,
        name: &str,
        this: Av<'a>,
        want_static: bool,
    ) -> Option<Av<'a>> {
        let mut current = class.clone();
        for _ in 0..32 {
            if let Some(m) = current.members.get(name).copied()
                && m.is_static == want_static
                && m.kind != MemberKind::Field
            {
                let f = Rc::new(Closure {
                    file: current.file,
                    node: m.node,
                    scope: current.scope.clone(),
                    this: Some(this.clone()),
                    home: Some(current.clone()),
                });
                return Some(match m.kind {
                    MemberKind::Getter => self.invoke(&f, this, Vec::new()),
                    _ => Av::Func(f),
                });
            }
            if want_static && let Some(v) = current.statics.borrow().get(name) {
                return Some(v.clone());
            }
            match &current.parent {
                Some(Av::Class(p)) => current = p.clone(),
                _ => break,
            }
        }
        None
    }
}
