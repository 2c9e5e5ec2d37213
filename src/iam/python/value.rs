//! What the interpreter knows about a Python value: text as far as the code says it
//! ([`Value`]), the pieces of boto3 (clients, resources and their objects), and the local
//! functions, classes and modules that calls are followed into.

use std::collections::BTreeMap;
use std::rc::Rc;

use tree_sitter::Node;

use crate::iam::calls::Value;

#[derive(Debug, Clone)]
pub(super) enum Val<'t> {
    /// Text, an environment variable, a concatenation, or anything unknown.
    Data(Value),
    None,
    /// The `boto3` module, `boto3.session`, `boto3.Session` and a session.
    Boto3,
    Boto3SessionModule,
    SessionClass,
    Session,
    /// `boto3.client` / `session.client`, `boto3.resource` / `session.resource`.
    ClientFn,
    ResourceFn,
    /// A client; the service is `None` when it was not a literal.
    Client(Option<String>),
    /// A service resource (`boto3.resource("s3")`).
    Resource(Option<String>),
    /// A resource object, collection, paginator, waiter or batch writer.
    Obj(Rc<Obj>),
    /// A method looked up on a value above (or `os.environ.get`, `"…".format`), not yet
    /// called.
    Method(Rc<(Val<'t>, String)>),
    /// An iterable whose elements are all this value (`queue.receive_messages()`).
    Many(Rc<Val<'t>>),
    Os,
    OsEnviron,
    OsGetenv,
    /// `getattr`, `str`, `dict`.
    Builtin(&'static str),
    Func(Func<'t>),
    /// A method bound to its receiver (an instance, or a class for classmethods).
    Bound(Rc<(Val<'t>, Func<'t>)>),
    Class(usize),
    Instance(usize),
    Module(usize),
    /// A dict with string keys, in order.
    Dict(Rc<Vec<(String, Val<'t>)>>),
    Tuple(Rc<Vec<Val<'t>>>),
    /// A module or object of a library in `data/iam/libraries.tsv`.
    Lib(Rc<LibObj<'t>>),
    /// A function decorated by a library `@wrapper` (`@idempotent(…)`): calling it makes
    /// the wrapper's calls, then calls the function.
    Wrapped(Rc<(Val<'t>, Rc<LibObj<'t>>)>),
    /// One of these values, not known which (`handlers[kind]` on a dict of functions):
    /// calling it calls each.
    OneOf(Rc<Vec<Val<'t>>>),
}

/// A library module or object: its kind in the table (a module path such as
/// `pynamodb.models`, or an object kind such as `pynamodb:item`), the identities it
/// carries (`table`, `index`…), and what the table's behaviours need.
#[derive(Debug, Clone)]
pub(super) struct LibObj<'t> {
    pub kind: String,
    pub idents: BTreeMap<String, Value>,
    /// The local class this stands for or is an instance of (a PynamoDB model).
    pub class: Option<usize>,
    /// Tells objects apart for `@route` and `@dispatch`.
    pub id: usize,
    /// For a `@wrapper`: the calls the decorated function makes.
    pub pending: Vec<Pending<'t>>,
}

/// An SDK call a wrapper makes whenever the function it decorates runs, recorded where
/// the decorator is.
#[derive(Debug, Clone)]
pub(super) struct Pending<'t> {
    pub module: usize,
    pub node: Node<'t>,
    pub service: &'static str,
    pub operation: &'static str,
    pub args: BTreeMap<String, Value>,
}

/// A local function: where it is defined, and the enclosing function's variables it sees.
#[derive(Clone, Copy)]
pub(super) struct Func<'t> {
    pub module: usize,
    pub node: Node<'t>,
    pub closure: Option<usize>,
}

impl std::fmt::Debug for Func<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fn{}@{}/{:?}",
            self.module,
            self.node.start_byte(),
            self.closure
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Table,
    BatchWriter,
    Bucket,
    Object,
    ObjectSummary,
    /// `bucket.objects`, `bucket.object_versions`, `s3.buckets`, `sqs.queues`,
    /// `sns.topics`: `.all()`/`.filter()` list.
    Collection,
    Queue,
    Message,
    Topic,
    /// `x.meta`: its `client` is the service's client.
    Meta,
    Paginator,
    Waiter,
    /// Any other resource object (`ec2.Instance(id)`).
    Other,
}

/// A resource object and the identifiers it carries into every call on it.
#[derive(Debug, Clone)]
pub(super) struct Obj {
    pub service: String,
    pub kind: Kind,
    /// For paginators, waiters and collections: the API operation they call.
    pub op: String,
    pub args: BTreeMap<String, Value>,
}

/// `format!("{:?}")` cut at `max` bytes: values can share parts (`t = (t, t)`), and
/// their full text could be exponential.
pub(super) fn capped_debug(v: &impl std::fmt::Debug, max: usize) -> String {
    struct Capped {
        s: String,
        max: usize,
    }
    impl std::fmt::Write for Capped {
        fn write_str(&mut self, part: &str) -> std::fmt::Result {
            if self.s.len() + part.len() > self.max {
                return Err(std::fmt::Error);
            }
            self.s.push_str(part);
            Ok(())
        }
    }
    let mut out = Capped {
        s: String::new(),
        max,
    };
    if std::fmt::write(&mut out, format_args!("{v:?}")).is_err() {
        out.s.push('…');
    }
    out.s
}

impl<'t> Val<'t> {
    pub fn unknown(text: impl Into<String>) -> Val<'t> {
        Val::Data(Value::Unknown(text.into()))
    }

    pub fn obj(service: &str, kind: Kind, op: &str, args: BTreeMap<String, Value>) -> Val<'t> {
        Val::Obj(Rc::new(Obj {
            service: service.to_string(),
            kind,
            op: op.to_string(),
            args,
        }))
    }

    pub fn method(recv: Val<'t>, name: &str) -> Val<'t> {
        Val::Method(Rc::new((recv, name.to_string())))
    }

    /// Nothing known: `None` or an unknown value.
    pub fn is_vague(&self) -> bool {
        matches!(self, Val::None | Val::Data(Value::Unknown(_)))
    }

    /// A boto3 object that calls can be made on.
    pub fn is_sdk(&self) -> bool {
        matches!(
            self,
            Val::Client(_) | Val::Resource(_) | Val::Obj(_) | Val::Session | Val::Lib(_)
        )
    }

    /// The text value, if this is text as far as the code says.
    pub fn data(&self) -> Option<&Value> {
        match self {
            Val::Data(v) => Some(v),
            _ => None,
        }
    }

    pub fn literal(&self) -> Option<&str> {
        match self {
            Val::Data(Value::Str(s)) => Some(s),
            _ => None,
        }
    }
}

/// Joined parts, in the capped domain both extractors share.
pub(super) use crate::iam::domain::concat;

/// `"{}/{name}".format(a, name=b)`: `None` when the format string has a placeholder this
/// does not understand (conversions, format specs, indexing).
pub(super) fn format_braces(
    fmt: &str,
    pos: &[Value],
    named: &BTreeMap<String, Value>,
) -> Option<Value> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut next = 0;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut field = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        c => field.push(c),
                    }
                }
                let value = if field.is_empty() {
                    next += 1;
                    pos.get(next - 1)?.clone()
                } else if let Ok(i) = field.parse::<usize>() {
                    pos.get(i)?.clone()
                } else if field.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    named.get(&field)?.clone()
                } else {
                    return None;
                };
                parts.push(Value::Str(std::mem::take(&mut lit)));
                parts.push(value);
            }
            '}' => return None,
            c => lit.push(c),
        }
    }
    parts.push(Value::Str(lit));
    Some(concat(parts))
}

/// `"%s-%s" % (a, b)`: only `%s`, `%d`, `%i`, `%r` and `%%`.
pub(super) fn format_percent(fmt: &str, args: &[Value]) -> Option<Value> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut next = 0;
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        match chars.next()? {
            '%' => lit.push('%'),
            's' | 'd' | 'i' | 'r' => {
                parts.push(Value::Str(std::mem::take(&mut lit)));
                parts.push(args.get(next)?.clone());
                next += 1;
            }
            _ => return None,
        }
    }
    if next != args.len() {
        return None;
    }
    parts.push(Value::Str(lit));
    Some(concat(parts))
}
