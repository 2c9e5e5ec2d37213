//! What boto3 does: attributes and method calls on the `boto3` module, sessions, clients,
//! service resources and resource objects, and the SDK calls they make.

use std::collections::BTreeMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::expr::one_of_callables;
use super::interp::{Arg, Args, Interp};
use super::sdk::{
    Returns, collection, constructor, is_helper_only, lazy_attribute, obj_method, operation,
    s3_client_helper, waiter_operation,
};
use super::value::{Kind, Obj, Val, concat, format_braces};
use crate::iam::calls::Value;

impl<'t> Interp<'t> {
    /// `obj.name`.
    pub(super) fn get_attr(
        &mut self,
        m: usize,
        obj: Val<'t>,
        name: &str,
        node: Node<'t>,
    ) -> Val<'t> {
        let unknown = |me: &Self| Val::unknown(me.snip(m, node));
        match (&obj, name) {
            (Val::Boto3 | Val::Session, "client") => Val::ClientFn,
            (Val::Boto3 | Val::Session, "resource") => Val::ResourceFn,
            (Val::Boto3, "Session") | (Val::Boto3SessionModule, "Session") => Val::SessionClass,
            (Val::Boto3, "session") => Val::Boto3SessionModule,
            (Val::Os, "environ") => Val::OsEnviron,
            (Val::Os, "getenv") => Val::OsGetenv,
            (Val::Builtin("functools"), "wraps") => Val::Builtin("wraps"),
            (Val::Builtin("functools"), "update_wrapper") => Val::Builtin("update_wrapper"),
            (Val::Data(Value::Unknown(_)), _) => unknown(self),
            (Val::OsEnviron, _) | (Val::Data(_), _) | (Val::Dict(_), "get") => {
                Val::method(obj.clone(), name)
            }
            (Val::Client(_), "exceptions" | "meta" | "waiter_names") => unknown(self),
            (Val::Client(_), _) => Val::method(obj.clone(), name),
            (Val::Resource(svc), _) => match (svc, name) {
                (Some(s), "meta") => Val::obj(s, Kind::Meta, "", BTreeMap::new()),
                (Some(s), _) => match collection(None, s, name) {
                    Some(op) => Val::obj(s, Kind::Collection, op, BTreeMap::new()),
                    None => Val::method(obj.clone(), name),
                },
                (None, _) => Val::method(obj.clone(), name),
            },
            (Val::Obj(o), _) => self.obj_attr(m, o.clone(), name, node),
            (Val::Lib(o), _) => self.lib_attr(o, name).unwrap_or_else(|| unknown(self)),
            (Val::Module(module), _) => self.module_attr(*module, name),
            (Val::Instance(c), _) => self
                .instance_attr(*c, name)
                .unwrap_or_else(|| unknown(self)),
            (Val::Class(c), _) => self.class_attr(*c, name).unwrap_or_else(|| unknown(self)),
            _ => unknown(self),
        }
    }

    fn obj_attr(&mut self, m: usize, o: Rc<Obj>, name: &str, node: Node<'t>) -> Val<'t> {
        if o.kind == Kind::Meta {
            return match name {
                "client" => Val::Client(Some(o.service.clone())),
                _ => Val::unknown(self.snip(m, node)),
            };
        }
        if name == "meta" {
            return Val::obj(&o.service, Kind::Meta, "", BTreeMap::new());
        }
        let identity = match (o.kind, name) {
            (Kind::Table, "name" | "table_name") => Some("TableName"),
            (Kind::Bucket, "name") => Some("Bucket"),
            (Kind::Object | Kind::ObjectSummary, "key") => Some("Key"),
            (Kind::Object | Kind::ObjectSummary, "bucket_name") => Some("Bucket"),
            (Kind::Queue, "url") => Some("QueueUrl"),
            (Kind::Topic, "arn") => Some("TopicArn"),
            _ => None,
        };
        if let Some(id) = identity {
            return match o.args.get(id) {
                Some(v) => Val::Data(v.clone()),
                None => Val::unknown(self.snip(m, node)),
            };
        }
        if let Some(op) = lazy_attribute(o.kind, name) {
            self.emit(m, node, &o.service, op, identifiers(&o));
            return Val::unknown(self.snip(m, node));
        }
        if let Some(op) = collection(Some(o.kind), &o.service, name) {
            return Val::obj(&o.service, Kind::Collection, op, identifiers(&o));
        }
        Val::method(Val::Obj(o), name)
    }

    /// `boto3.client(…)`, `session.resource(…)`.
    pub(super) fn make_client(
        &mut self,
        m: usize,
        args: &Args<'t>,
        node: Node<'t>,
        resource: bool,
    ) -> Val<'t> {
        let arg = args.get(0, "service_name");
        let service = arg.and_then(|a| a.val.literal()).map(str::to_string);
        if service.is_none() {
            let what = arg
                .and_then(|a| a.node)
                .map(|n| self.snip(m, n))
                .unwrap_or_else(|| "no service name".to_string());
            let f = if resource { "resource" } else { "client" };
            let message = format!(
                "boto3.{f}() with a service name known only at run time (`{what}`): calls \
                 on it cannot be attributed to a service"
            );
            self.finding(m, node, message);
        }
        if resource {
            Val::Resource(service)
        } else {
            Val::Client(service)
        }
    }

    pub(super) fn describe(&self, v: &Val<'t>) -> String {
        match v {
            Val::Client(Some(s)) => format!("the {s} client"),
            Val::Client(None) => "a client of unknown service".to_string(),
            Val::Resource(Some(s)) => format!("the {s} resource"),
            Val::Resource(None) => "a resource of unknown service".to_string(),
            Val::Obj(o) => format!("an {} {:?}", o.service, o.kind),
            Val::Session => "a boto3 session".to_string(),
            Val::Lib(o) => format!("a {} object", o.kind),
            _ => "an object".to_string(),
        }
    }

    /// `recv.name(args)` for the values whose methods are modelled.
    pub(super) fn call_method(
        &mut self,
        m: usize,
        recv: &Val<'t>,
        name: &str,
        args: &Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        match recv {
            Val::OsEnviron => match (name, args.get(0, "key").and_then(|a| a.val.literal())) {
                ("get" | "setdefault", Some(k)) => Val::Data(Value::Env(k.to_string())),
                _ => Val::unknown(self.snip(m, node)),
            },
            Val::Client(svc) => self.client_call(m, svc.as_deref(), name, args, node),
            Val::Resource(svc) => self.resource_call(m, svc.as_deref(), name, args, node),
            Val::Obj(o) => self.obj_call(m, o.clone(), name, args, node),
            Val::Lib(o) => self.lib_call(m, o, name, args, node),
            Val::Dict(d) => {
                let key = args.get(0, "key").map(|a| a.val.literal());
                let found = match key {
                    Some(Some(k)) => d.iter().find(|(dk, _)| dk == k).map(|(_, v)| v.clone()),
                    _ => one_of_callables(d),
                };
                found.unwrap_or_else(|| Val::unknown(self.snip(m, node)))
            }
            Val::Data(d) => self.string_method(m, d, name, args, node),
            _ => self.unknown_call(m, args, node),
        }
    }

    fn string_method(
        &mut self,
        m: usize,
        d: &Value,
        name: &str,
        args: &Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        let unknown = Val::unknown(self.snip(m, node));
        match (name, d) {
            ("strip" | "lstrip" | "rstrip", _) if args.pos.is_empty() => Val::Data(d.clone()),
            ("format", Value::Str(fmt)) => {
                let pos: Option<Vec<Value>> =
                    args.pos.iter().map(|a| a.val.data().cloned()).collect();
                let named: Option<BTreeMap<String, Value>> = args
                    .kw
                    .iter()
                    .map(|(k, a)| a.val.data().map(|v| (k.clone(), v.clone())))
                    .collect();
                match (pos, named) {
                    (Some(p), Some(n)) => {
                        format_braces(fmt, &p, &n).map(Val::Data).unwrap_or(unknown)
                    }
                    _ => unknown,
                }
            }
            ("join", Value::Str(sep)) => {
                let Some(Val::Tuple(items)) = args.pos.first().map(|a| &a.val) else {
                    return unknown;
                };
                let mut parts = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let Some(v) = item.data() else { return unknown };
                    if i > 0 {
                        parts.push(Value::Str(sep.clone()));
                    }
                    parts.push(v.clone());
                }
                Val::Data(concat(parts))
            }
            _ => unknown,
        }
    }

    fn client_call(
        &mut self,
        m: usize,
        service: Option<&str>,
        name: &str,
        args: &Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        let reply = Val::unknown(self.snip(m, node));
        let Some(service) = service else {
            if name != "close" {
                let message =
                    format!("`{name}` is called on a boto3 client whose service is not known");
                self.finding(m, node, message);
            }
            return reply;
        };
        match name {
            "get_paginator" | "get_waiter" => {
                let arg = args.get(
                    0,
                    if name == "get_waiter" {
                        "waiter_name"
                    } else {
                        "operation_name"
                    },
                );
                let Some(lit) = arg.and_then(|a| a.val.literal()) else {
                    let what = arg
                        .and_then(|a| a.node)
                        .map(|n| self.snip(m, n))
                        .unwrap_or_default();
                    let message = format!(
                        "`{name}({what})` on a {service} client: the operation is chosen at \
                         run time and cannot be determined"
                    );
                    self.finding(m, node, message);
                    return reply;
                };
                if name == "get_paginator" {
                    return Val::obj(
                        service,
                        Kind::Paginator,
                        &operation(service, lit),
                        BTreeMap::new(),
                    );
                }
                match waiter_operation(service, lit) {
                    Some(op) => Val::obj(service, Kind::Waiter, op, BTreeMap::new()),
                    None => {
                        let message = format!(
                            "waiter `{lit}` of {service}: gearctl does not know which \
                             operation it polls"
                        );
                        self.finding(m, node, message);
                        reply
                    }
                }
            }
            "generate_presigned_url" => {
                let method = args.get(0, "ClientMethod");
                let Some(op) = method.and_then(|a| a.val.literal()) else {
                    let what = method
                        .and_then(|a| a.node)
                        .map(|n| self.snip(m, n))
                        .unwrap_or_default();
                    let message = format!(
                        "presigned URL for a {service} method chosen at run time (`{what}`)"
                    );
                    self.finding(m, node, message);
                    return reply;
                };
                let op = operation(service, op);
                let mut inner = Args::default();
                match args.get(1, "Params").map(|a| &a.val) {
                    Some(Val::Dict(d)) => {
                        inner.kw = d
                            .iter()
                            .map(|(k, v)| {
                                (
                                    k.clone(),
                                    Arg {
                                        val: v.clone(),
                                        node: None,
                                    },
                                )
                            })
                            .collect();
                    }
                    Some(_) => inner.spread.push("Params".to_string()),
                    None => {}
                }
                let call_args = self.api_args(m, node, service, &op, &BTreeMap::new(), &inner, &[]);
                self.emit(m, node, service, &op, call_args);
                reply
            }
            "close" | "can_paginate" => reply,
            _ => {
                let (op, positional) = match s3_client_helper(name).filter(|_| service == "s3") {
                    Some((op, positional)) => (op.to_string(), positional),
                    None => (operation(service, name), &[][..]),
                };
                let call_args =
                    self.api_args(m, node, service, &op, &BTreeMap::new(), args, positional);
                let page = listing_page(service, &op, &call_args);
                self.emit(m, node, service, &op, call_args);
                page.unwrap_or(reply)
            }
        }
    }

    fn resource_call(
        &mut self,
        m: usize,
        service: Option<&str>,
        name: &str,
        args: &Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        let reply = Val::unknown(self.snip(m, node));
        let Some(service) = service else {
            let message =
                format!("`{name}` is called on a boto3 resource whose service is not known");
            self.finding(m, node, message);
            return reply;
        };
        if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            let (kind, ids) = constructor(name);
            let mut idents = BTreeMap::new();
            for (i, (api, kw)) in ids.iter().enumerate() {
                if let Some(a) = args.get(i, kw) {
                    idents.insert(api.to_string(), self.arg_value(m, a));
                }
            }
            return Val::obj(service, kind, "", idents);
        }
        let op = operation(service, name);
        let call_args = self.api_args(m, node, service, &op, &BTreeMap::new(), args, &[]);
        let made = match name {
            "get_queue_by_name" | "create_queue" => Some((Kind::Queue, "QueueName", "QueueName")),
            "create_table" => Some((Kind::Table, "TableName", "TableName")),
            "create_bucket" => Some((Kind::Bucket, "Bucket", "Bucket")),
            _ => None,
        };
        let op = if name == "get_queue_by_name" {
            "GetQueueUrl".to_string()
        } else {
            op
        };
        let result = match made {
            Some((kind, from, to)) => {
                let mut idents = BTreeMap::new();
                if let Some(v) = call_args.get(from) {
                    idents.insert(to.to_string(), v.clone());
                }
                Val::obj(service, kind, "", idents)
            }
            None => reply,
        };
        self.emit(m, node, service, &op, call_args);
        result
    }

    fn obj_call(
        &mut self,
        m: usize,
        o: Rc<Obj>,
        name: &str,
        args: &Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        let reply = Val::unknown(self.snip(m, node));
        let svc = o.service.as_str();
        let base = identifiers(&o);
        match (o.kind, name) {
            (Kind::Meta, _) => return reply,
            (Kind::Paginator, "paginate") | (Kind::Waiter, "wait") => {
                let call_args = self.api_args(m, node, svc, &o.op, &base, args, &[]);
                let page =
                    listing_page(svc, &o.op, &call_args).filter(|_| o.kind == Kind::Paginator);
                self.emit(m, node, svc, &o.op, call_args);
                // Iterating the pages gives one page at a time.
                return page.map(|p| Val::Many(Rc::new(p))).unwrap_or(reply);
            }
            (Kind::Paginator | Kind::Waiter, _) => return reply,
            // Part of the BatchWriteItem that `batch_writer()` stands for.
            (Kind::BatchWriter, _) => return Val::None,
            (Kind::Collection, "delete") => {
                self.emit(m, node, svc, &o.op, base.clone());
                if o.op == "ListObjectsV2" || o.op == "ListObjectVersions" {
                    let mut b = base;
                    let prefix = b.remove("Prefix");
                    b.retain(|k, _| k == "Bucket");
                    // The batch deletes what the listing returned: keys under its prefix.
                    if let Some(prefix) = prefix {
                        b.insert("Key".to_string(), super::call::listed_key(prefix));
                    }
                    self.emit(m, node, svc, "DeleteObjects", b);
                }
                return reply;
            }
            _ => {}
        }
        let Some(method) = obj_method(o.kind, name) else {
            if o.kind == Kind::Collection {
                return reply;
            }
            let op = operation(svc, name);
            let call_args = self.api_args(m, node, svc, &op, &base, args, &[]);
            self.emit(m, node, svc, &op, call_args);
            return reply;
        };
        match method.returns {
            Returns::Object => {
                let mut idents = base;
                if let Some(a) = args.get(0, "key") {
                    idents.insert("Key".to_string(), self.arg_value(m, a));
                }
                Val::obj(svc, Kind::Object, "", idents)
            }
            Returns::Summaries => {
                let call_args = self.api_args(m, node, svc, &o.op, &base, args, &[]);
                self.emit(m, node, svc, &o.op, call_args.clone());
                let mut kept = call_args;
                kept.retain(|k, _| base.contains_key(k) || k == "Prefix");
                Val::obj(svc, Kind::Collection, &o.op, kept)
            }
            Returns::BatchWriter | Returns::Messages | Returns::Nothing => {
                let call_args =
                    self.api_args(m, node, svc, method.op, &base, args, method.positional);
                self.emit(m, node, svc, method.op, call_args);
                match method.returns {
                    Returns::BatchWriter => Val::obj(svc, Kind::BatchWriter, "", base),
                    Returns::Messages => {
                        let mut idents = base;
                        idents.retain(|k, _| k == "QueueUrl" || k == "QueueName");
                        Val::Many(Rc::new(Val::obj(svc, Kind::Message, "", idents)))
                    }
                    _ => reply,
                }
            }
        }
    }

    /// The API arguments of a call: the object's identifiers, then positional arguments
    /// by the names given, then keywords; `ExtraArgs` spread, `CopySource` dicts written
    /// as `bucket/key`, helper-only parameters left out.
    #[allow(clippy::too_many_arguments)]
    fn api_args(
        &mut self,
        m: usize,
        node: Node<'t>,
        service: &str,
        op: &str,
        base: &BTreeMap<String, Value>,
        args: &Args<'t>,
        positional: &[&str],
    ) -> BTreeMap<String, Value> {
        let mut out = base.clone();
        let named = args
            .pos
            .iter()
            .zip(positional)
            .map(|(a, n)| (*n, a))
            .chain(args.kw.iter().map(|(k, a)| (k.as_str(), a)));
        for (name, arg) in named {
            match (name, &arg.val) {
                ("ExtraArgs", Val::Dict(d)) => {
                    for (k, v) in d.iter() {
                        let value = self.arg_value(
                            m,
                            &Arg {
                                val: v.clone(),
                                node: arg.node,
                            },
                        );
                        out.insert(k.clone(), value);
                    }
                }
                ("CopySource", Val::Dict(d)) => {
                    let part = |k: &str| {
                        d.iter()
                            .find(|(dk, _)| dk == k)
                            .and_then(|(_, v)| v.data().cloned())
                            .unwrap_or_else(|| Value::Unknown(format!("CopySource[{k:?}]")))
                    };
                    let v = concat(vec![part("Bucket"), Value::Str("/".into()), part("Key")]);
                    out.insert("CopySource".to_string(), v);
                }
                (n, _) if is_helper_only(n) => {}
                (n, _) => {
                    out.insert(n.to_string(), self.arg_value(m, arg));
                }
            }
        }
        if !args.spread.is_empty() {
            let message = format!(
                "arguments of {service} {op} come from `{}`, which could not be resolved",
                args.spread.join("`, `")
            );
            self.finding(m, node, message);
        }
        out
    }

    /// An argument as a [`Value`]: text as known, else its source text.
    pub(super) fn arg_value(&self, m: usize, arg: &Arg<'t>) -> Value {
        match &arg.val {
            Val::Data(v) => v.clone(),
            Val::None => Value::Unknown("None".to_string()),
            Val::Dict(_) | Val::Tuple(_) => self.nested(&arg.val, 0, &mut 0),
            other => Value::Unknown(match arg.node {
                Some(n) => self.snip(m, n),
                None => self.describe(other),
            }),
        }
    }
}

impl<'t> Interp<'t> {
    /// A dict or list literal as a [`Value`] structure, bounded in depth and size.
    fn nested(&self, v: &Val<'t>, depth: usize, nodes: &mut usize) -> Value {
        use crate::iam::calls::{MAX_DEPTH, MAX_NODES};
        *nodes += 1;
        if *nodes > MAX_NODES || depth > MAX_DEPTH {
            return Value::Unknown("(a large or deep literal)".to_string());
        }
        match v {
            Val::Data(d) => d.clone(),
            Val::None => Value::Unknown("None".to_string()),
            Val::Dict(d) => Value::map(
                d.iter()
                    .map(|(k, v)| (k.clone(), self.nested(v, depth + 1, nodes))),
            ),
            Val::Tuple(t) => Value::list(t.iter().map(|v| self.nested(v, depth + 1, nodes))),
            // A list built element by element: one element stands for them all.
            Val::Many(e) if matches!(**e, Val::Dict(_) | Val::Data(_)) => {
                Value::list([self.nested(e, depth + 1, nodes)])
            }
            other => Value::Unknown(self.describe(other)),
        }
    }
}

/// The identifiers a resource object passes into calls (not a paginator's or waiter's
/// operation, which is in `op`).
fn identifiers(o: &Obj) -> BTreeMap<String, Value> {
    o.args.clone()
}

/// What a page of an S3 object listing holds, as far as the request fixes it:
/// `{"Contents": [{"Key": <prefix>…}]}`, so that keys read from the page and passed on
/// (`Delete={"Objects": [{"Key": o["Key"]} …]}`) keep the listing's prefix. `None` for
/// other operations, and for a listing without a prefix (its keys say nothing).
fn listing_page<'t>(service: &str, op: &str, args: &BTreeMap<String, Value>) -> Option<Val<'t>> {
    if service != "s3" || !matches!(op, "ListObjectsV2" | "ListObjects" | "ListObjectVersions") {
        return None;
    }
    let prefix = args
        .get("Prefix")
        .filter(|p| !matches!(p, Value::Unknown(_)))?;
    let key = Val::Data(super::call::listed_key(prefix.clone()));
    let entry = Val::Dict(Rc::new(vec![("Key".to_string(), key)]));
    let field = if op == "ListObjectVersions" {
        "Versions"
    } else {
        "Contents"
    };
    Some(Val::Dict(Rc::new(vec![(
        field.to_string(),
        Val::Many(Rc::new(entry)),
    )])))
}
