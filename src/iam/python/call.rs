//! Calls: arguments, dispatch on what is called (local functions analysed with their
//! arguments, classes instantiated, boto3 and builtins modelled, anything else assumed to
//! call back the local functions it is given), and classes' methods and attributes.

use std::rc::Rc;

use tree_sitter::Node;

use super::interp::{
    Arg, Args, Frame, FrameKind, Interp, MAX_CONTEXTS, MAX_DEPTH, MAX_KEY, MethodKind,
};
use super::syntax::{F, field, kids, text};
use super::value::{Func, Kind, Val, capped_debug};
use crate::iam::calls::Value;

impl<'t> Interp<'t> {
    pub(super) fn eval_call(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let callee = self.eval_field(f, node, F::Function);
        let mut args = Args::default();
        if let Some(list) = field(node, F::Arguments) {
            if list.kind() == "argument_list" {
                for a in kids(list) {
                    self.eval_arg(f, a, &mut args);
                }
            } else {
                let val = self.eval(f, list);
                args.pos.push(Arg {
                    val,
                    node: Some(list),
                });
            }
        }
        self.call_value(f.module, callee, args, node)
    }

    pub(super) fn eval_arg(&mut self, f: &mut Frame<'t>, a: Node<'t>, args: &mut Args<'t>) {
        match a.kind() {
            "comment" => {}
            "keyword_argument" => {
                let (Some(name), Some(value)) = (field(a, F::Name), field(a, F::Value)) else {
                    return;
                };
                let val = self.eval(f, value);
                let name = text(name, self.src(f.module));
                args.kw.push((
                    name,
                    Arg {
                        val,
                        node: Some(value),
                    },
                ));
            }
            "list_splat" | "dictionary_splat" => {
                let Some(&inner) = kids(a).first() else {
                    return;
                };
                match (a.kind(), self.eval(f, inner)) {
                    ("list_splat", Val::Tuple(t)) => args.pos.extend(t.iter().map(|v| Arg {
                        val: v.clone(),
                        node: Some(a),
                    })),
                    ("dictionary_splat", Val::Dict(d)) => args.kw.extend(d.iter().map(|(k, v)| {
                        (
                            k.clone(),
                            Arg {
                                val: v.clone(),
                                node: Some(a),
                            },
                        )
                    })),
                    ("dictionary_splat", _) => args.spread.push(self.snip(f.module, a)),
                    _ => args.pos.push(Arg {
                        val: Val::unknown(self.snip(f.module, a)),
                        node: Some(a),
                    }),
                }
            }
            _ => {
                let val = self.eval(f, a);
                args.pos.push(Arg { val, node: Some(a) });
            }
        }
    }

    pub(super) fn call_value(
        &mut self,
        m: usize,
        callee: Val<'t>,
        args: Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        match callee {
            Val::Func(func) => self.call_function(func, None, args),
            Val::Bound(b) => self.call_function(b.1, Some(b.0.clone()), args),
            Val::Class(c) => self.instantiate(c, args),
            Val::Instance(c) => match self.find_method(c, "__call__") {
                Some((func, _)) => self.call_function(func, Some(Val::Instance(c)), args),
                None => self.unknown_call(m, &args, node),
            },
            Val::ClientFn => self.make_client(m, &args, node, false),
            Val::ResourceFn => self.make_client(m, &args, node, true),
            Val::SessionClass => Val::Session,
            Val::OsGetenv => match args.get(0, "key").and_then(|a| a.val.literal()) {
                Some(k) => Val::Data(Value::Env(k.to_string())),
                None => Val::unknown(self.snip(m, node)),
            },
            Val::Method(method) => {
                let (recv, name) = (&method.0, method.1.as_str());
                self.call_method(m, recv, name, &args, node)
            }
            Val::Builtin(name) => self.call_builtin(m, name, args, node),
            Val::Lib(o) => self.lib_call(m, &o, "()", &args, node),
            Val::Wrapped(w) => self.call_wrapped(m, &w, args, node),
            Val::OneOf(vals) => {
                let mut returns = Vec::new();
                for v in vals.iter() {
                    returns.push(self.call_value(m, v.clone(), args.clone(), node));
                }
                pick_return(returns)
            }
            _ => self.unknown_call(m, &args, node),
        }
    }

    /// A call into code that is not analysed: local functions passed to it are assumed
    /// to be called (callbacks, `map`, executors).
    pub(super) fn unknown_call(&mut self, m: usize, args: &Args<'t>, node: Node<'t>) -> Val<'t> {
        for v in args.values().cloned().collect::<Vec<_>>() {
            self.escape_val(&v);
        }
        Val::unknown(self.snip(m, node))
    }

    pub(super) fn escape_val(&mut self, v: &Val<'t>) {
        match v {
            Val::Func(func) => {
                self.call_function(*func, None, Args::default());
            }
            Val::Bound(b) => {
                self.call_function(b.1, Some(b.0.clone()), Args::default());
            }
            Val::Wrapped(w) => {
                for p in &w.1.pending {
                    self.emit(p.module, p.node, p.service, p.operation, p.args.clone());
                }
                self.escape_val(&w.0);
            }
            Val::OneOf(vals) => {
                for v in vals.iter() {
                    self.escape_val(v);
                }
            }
            _ => {}
        }
    }

    pub(super) fn call_builtin(
        &mut self,
        m: usize,
        name: &str,
        args: Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        match name {
            "getattr" => {
                let (Some(obj), Some(attr)) = (args.pos.first(), args.pos.get(1)) else {
                    return Val::unknown(self.snip(m, node));
                };
                if let Some(a) = attr.val.literal() {
                    let a = a.to_string();
                    return self.get_attr(m, obj.val.clone(), &a, node);
                }
                if obj.val.is_sdk() {
                    let what = attr.node.map(|n| self.snip(m, n)).unwrap_or_default();
                    let message = format!(
                        "`getattr(…, {what})` on {}: the operation is chosen at run time \
                         and cannot be determined",
                        self.describe(&obj.val)
                    );
                    self.finding(m, node, message);
                }
                Val::unknown(self.snip(m, node))
            }
            "str" => match args.pos.first() {
                Some(Arg {
                    val: v @ Val::Data(_),
                    ..
                }) => v.clone(),
                _ => Val::unknown(self.snip(m, node)),
            },
            "dict" => Val::Dict(Rc::new(
                args.kw.into_iter().map(|(k, a)| (k, a.val)).collect(),
            )),
            // `@functools.wraps(f)` copies f's name onto the wrapper: it does not call f,
            // so f is not followed from here (the wrapper's own call of f is).
            "wraps" => Val::unknown(self.snip(m, node)),
            "update_wrapper" => args
                .get(0, "wrapper")
                .map(|a| a.val.clone())
                .unwrap_or_else(|| Val::unknown(self.snip(m, node))),
            _ => self.unknown_call(m, &args, node),
        }
    }

    /// Analyse a local function with these arguments (memoised), returning what it
    /// returns.
    pub(super) fn call_function(
        &mut self,
        func: Func<'t>,
        recv: Option<Val<'t>>,
        mut args: Args<'t>,
    ) -> Val<'t> {
        let uncapped = std::mem::take(&mut self.uncapped);
        let id = (func.module, func.node.id());
        let vals: Vec<&Val<'t>> = args.values().collect();
        let mut key = format!(
            "{}:{}:{:?}:{}",
            id.0,
            id.1,
            func.closure,
            capped_debug(&(&recv, vals), MAX_KEY)
        );
        if !self.memo.contains_key(&key) {
            let count = self.contexts.entry(id).or_default();
            if *count >= MAX_CONTEXTS && !uncapped {
                args = Args::default();
                key = format!(
                    "{}:{}:{:?}:{}*",
                    id.0,
                    id.1,
                    func.closure,
                    capped_debug(&recv, MAX_KEY)
                );
            } else {
                *count += 1;
            }
        }
        match self.memo.get(&key) {
            Some(Some(v)) => return v.clone(),
            Some(None) => return Val::unknown("(recursive call)"),
            None => {}
        }
        if self.depth >= MAX_DEPTH {
            self.finding(
                func.module,
                func.node,
                "calls nested too deeply to analyse; this function was skipped".to_string(),
            );
            return Val::unknown("(too deep)");
        }
        self.memo.insert(key.clone(), None);
        self.depth += 1;
        let mut frame = Frame::new(func.module, FrameKind::Function, func.closure);
        if let Some(params) = field(func.node, F::Parameters) {
            self.bind_params(&mut frame, params, recv, args);
        }
        if let Some(body) = field(func.node, F::Body) {
            self.exec(&mut frame, body);
        }
        self.depth -= 1;
        let ret = pick_return(frame.returns);
        self.memo.insert(key, Some(ret.clone()));
        ret
    }

    pub(super) fn bind_params(
        &mut self,
        frame: &mut Frame<'t>,
        params: Node<'t>,
        recv: Option<Val<'t>>,
        args: Args<'t>,
    ) {
        let src = self.src(frame.module);
        let mut pos = recv
            .into_iter()
            .chain(args.pos.into_iter().map(|a| a.val))
            .collect::<Vec<_>>()
            .into_iter();
        let mut kw = args.kw;
        let mut kw_only = false;
        for p in kids(params) {
            let (name, default, kind) = match p.kind() {
                "identifier" => (p, None, "plain"),
                "default_parameter" | "typed_default_parameter" => {
                    let Some(name) = field(p, F::Name) else {
                        continue;
                    };
                    (name, field(p, F::Value), "plain")
                }
                "typed_parameter" => {
                    let Some(&inner) = kids(p).first() else {
                        continue;
                    };
                    match inner.kind() {
                        "identifier" => (inner, None, "plain"),
                        k => match kids(inner).first() {
                            Some(&n) => (n, None, k),
                            None => continue,
                        },
                    }
                }
                "list_splat_pattern" | "dictionary_splat_pattern" => match kids(p).first() {
                    Some(&n) => (n, None, p.kind()),
                    None => continue,
                },
                "keyword_separator" => {
                    kw_only = true;
                    continue;
                }
                _ => continue,
            };
            let name = text(name, src);
            let val = match kind {
                "list_splat_pattern" => {
                    kw_only = true;
                    Val::Tuple(Rc::new(pos.by_ref().collect()))
                }
                "dictionary_splat_pattern" => Val::Dict(Rc::new(
                    std::mem::take(&mut kw)
                        .into_iter()
                        .map(|(k, a)| (k, a.val))
                        .collect(),
                )),
                _ => {
                    let given = if kw_only { None } else { pos.next() };
                    let by_name = kw.iter().position(|(k, _)| *k == name);
                    match (given, by_name, default) {
                        (Some(v), _, _) => v,
                        (None, Some(i), _) => kw.remove(i).1.val,
                        (None, None, Some(d)) => {
                            let mut mf = Frame::new(frame.module, FrameKind::Module, None);
                            self.eval(&mut mf, d)
                        }
                        (None, None, None) => Val::unknown(name.clone()),
                    }
                }
            };
            frame.locals.insert(name, val);
        }
    }

    pub(super) fn instantiate(&mut self, c: usize, args: Args<'t>) -> Val<'t> {
        let inst = Val::Instance(c);
        match self.find_method(c, "__init__") {
            Some((init, _)) => {
                self.call_function(init, Some(inst.clone()), args);
            }
            None => {
                // No `__init__` of its own or of a local base, yet keywords are accepted: the
                // class's generated one (a dataclass, NamedTuple, pydantic or attrs model)
                // sets the attributes of those names.
                for (name, arg) in &args.kw {
                    self.set_attr(&inst, name, arg.val.clone());
                }
                for v in args.values().cloned().collect::<Vec<_>>() {
                    self.escape_val(&v);
                }
            }
        }
        inst
    }

    /// The class and its local bases, depth first.
    pub(super) fn mro(&self, c: usize) -> Vec<usize> {
        let mut out = vec![c];
        let mut i = 0;
        while i < out.len() && out.len() < 64 {
            for b in &self.classes[out[i]].bases {
                if let Val::Class(b) = b
                    && !out.contains(b)
                {
                    out.push(*b);
                }
            }
            i += 1;
        }
        out
    }

    pub(super) fn find_method(&self, c: usize, name: &str) -> Option<(Func<'t>, MethodKind)> {
        self.mro(c)
            .into_iter()
            .find_map(|k| self.classes[k].methods.get(name).copied())
    }

    pub(super) fn instance_attr(&mut self, c: usize, name: &str) -> Option<Val<'t>> {
        let mro = self.mro(c);
        if let Some(v) = mro.iter().find_map(|&k| self.classes[k].inst.get(name)) {
            return Some(v.clone());
        }
        if self.find_method(c, name).is_none()
            && !mro
                .iter()
                .any(|&k| self.classes[k].attrs.contains_key(name))
            && let Some(v) = self.lib_instance_attr(c, name)
        {
            return Some(v);
        }
        if let Some((func, kind)) = self.find_method(c, name) {
            return Some(match kind {
                MethodKind::Plain => Val::Bound(Rc::new((Val::Instance(c), func))),
                MethodKind::Property => {
                    self.call_function(func, Some(Val::Instance(c)), Args::default())
                }
                MethodKind::Static => Val::Func(func),
                MethodKind::ClassMethod => Val::Bound(Rc::new((Val::Class(c), func))),
            });
        }
        mro.iter()
            .find_map(|&k| self.classes[k].attrs.get(name))
            .cloned()
    }

    pub(super) fn class_attr(&mut self, c: usize, name: &str) -> Option<Val<'t>> {
        let found = self.local_class_attr(c, name);
        if self.class_lib(c).is_none() {
            return found;
        }
        self.lib_class_attr(c, name, found)
    }

    fn local_class_attr(&mut self, c: usize, name: &str) -> Option<Val<'t>> {
        let mro = self.mro(c);
        if let Some(v) = mro.iter().find_map(|&k| self.classes[k].attrs.get(name)) {
            return Some(v.clone());
        }
        let (func, kind) = self.find_method(c, name)?;
        Some(match kind {
            MethodKind::ClassMethod => Val::Bound(Rc::new((Val::Class(c), func))),
            _ => Val::Func(func),
        })
    }

    /// The element of an iterable, when it is known.
    pub(super) fn element_of(&self, iter: &Val<'t>) -> Option<Val<'t>> {
        match iter {
            Val::Many(e) => Some((**e).clone()),
            Val::Obj(o) if o.kind == Kind::Collection => {
                let kind = match o.op.as_str() {
                    "ListObjectsV2" => Kind::ObjectSummary,
                    "ListBuckets" => Kind::Bucket,
                    "ListQueues" => Kind::Queue,
                    "ListTopics" => Kind::Topic,
                    _ => return None,
                };
                let mut args = o.args.clone();
                let prefix = args.remove("Prefix");
                args.retain(|k, _| k == "Bucket");
                // A listed object's key starts with the listing's prefix.
                if kind == Kind::ObjectSummary
                    && let Some(key) = prefix.map(listed_key)
                {
                    args.insert("Key".to_string(), key);
                }
                Some(Val::obj(&o.service, kind, "", args))
            }
            _ => None,
        }
    }
}

/// The key of an object listed under `prefix`: the prefix, then what the listing returns.
pub(super) fn listed_key(prefix: Value) -> Value {
    Value::Concat(vec![
        prefix,
        Value::Unknown("a key the listing returns".into()),
    ])
}

/// The return value that says most: an SDK object or local value, then known text.
pub(super) fn pick_return(returns: Vec<Val<'_>>) -> Val<'_> {
    let rich = returns.iter().position(|v| {
        v.is_sdk()
            || matches!(
                v,
                Val::Func(_)
                    | Val::Bound(_)
                    | Val::Wrapped(_)
                    | Val::OneOf(_)
                    | Val::Instance(_)
                    | Val::Class(_)
                    | Val::Module(_)
                    | Val::Many(_)
                    | Val::Dict(_)
                    | Val::Tuple(_)
            )
    });
    let known = || returns.iter().position(|v| !v.is_vague());
    match rich.or_else(known) {
        Some(i) => returns.into_iter().nth(i).unwrap_or(Val::None),
        None => returns.into_iter().next().unwrap_or(Val::None),
    }
}
