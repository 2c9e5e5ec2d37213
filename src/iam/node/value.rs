//! The abstract values the evaluator computes for JavaScript expressions: as much as the code
//! says without running it (strings, environment variables, objects, functions, SDK clients
//! and commands), and `Unknown` with where it came from for everything else.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::sdk::{ClientKind, Thing};
use crate::iam::domain::{Joiner, Part};

/// Index of a file in the extraction's file list.
pub(super) type FileId = usize;

/// Where a value came from, for `Value::Unknown`'s source text and for findings.
#[derive(Clone, Copy)]
pub(super) struct Origin<'a> {
    pub file: FileId,
    pub node: Node<'a>,
}

/// Free names the evaluator gives a meaning to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Global {
    Process,
    Env,
    Require,
    /// `module` of a file.
    Module(FileId),
    /// `exports` of a file.
    Exports(FileId),
}

#[derive(Clone)]
pub(super) enum Av<'a> {
    Unknown(Option<Origin<'a>>),
    Str(Rc<str>),
    /// A number literal, kept as written.
    Num(Rc<str>),
    Env(Rc<str>),
    /// Flat: never holds a `Concat`, never two `Str` in a row.
    Concat(Rc<[Av<'a>]>),
    /// A string built past the shared caps (`domain.rs`): its text is unknown, but it is
    /// known to be this, so it replaces what the variable held before.
    TooLong,
    Obj(Rc<Obj<'a>>),
    Func(Rc<Closure<'a>>),
    Class(Rc<ClassVal<'a>>),
    /// One of several functions (a dispatch table indexed by a run-time key).
    Union(Rc<[Av<'a>]>),
    /// A local module's namespace (exports).
    Module(FileId),
    /// An imported binding, resolved when read (imports are live and may be cyclic).
    Lazy(FileId, Rc<str>),
    Global(Global),
    Sdk(Rc<Thing>),
    Client(Rc<Client<'a>>),
    Command(Rc<Command<'a>>),
    /// `middy(base)`: the handler is `base` (set later by `.handler(base)` when
    /// `middy()` had none); `.use`/`.before`/`.after`/`.onError` add middleware and return
    /// the same handler.
    Middy(Rc<Av<'a>>),
    /// An object of a wrapper library's table (`dynamoose:model`): its kind and the
    /// identities it carries (`table`).
    Lib(Rc<LibObj<'a>>),
    /// lib-storage `new Upload(…)`, holding its `params`.
    Upload(Rc<Av<'a>>),
    /// An array literal's elements (`TransactItems: [{ Put: … }]`).
    Arr(Rc<[Av<'a>]>),
}

impl<'a> Av<'a> {
    pub fn is_known(&self) -> bool {
        !matches!(self, Av::Unknown(_))
    }

    pub fn is_stringish(&self) -> bool {
        matches!(self, Av::Str(_) | Av::Env(_) | Av::Concat(_))
    }

    pub fn unknown() -> Self {
        Av::Unknown(None)
    }

    /// Parts joined, flattened, adjacent strings merged; a single string stays a `Str`.
    /// `None` past the shared domain's caps (`domain.rs`).
    pub fn concat(parts: impl IntoIterator<Item = Av<'a>>) -> Option<Self> {
        fn add<'a>(j: &mut Joiner<Av<'a>>, v: Av<'a>) {
            match v {
                Av::Concat(inner) => inner.iter().for_each(|p| add(j, p.clone())),
                Av::Num(n) | Av::Str(n) => j.text(&n),
                Av::TooLong => j.overflow(),
                other => j.other(other),
            }
        }
        let mut j = Joiner::default();
        for part in parts {
            add(&mut j, part);
        }
        let mut out: Vec<Av<'a>> = j
            .finish()?
            .into_iter()
            .map(|p| match p {
                Part::Text(s) => Av::Str(s.into()),
                Part::Other(v) => v,
            })
            .collect();
        Some(match out.len() {
            0 => Av::Str("".into()),
            1 if matches!(out[0], Av::Str(_)) => out.pop().unwrap_or_else(Av::unknown),
            _ => Av::Concat(out.into()),
        })
    }
}

pub(super) struct LibObj<'a> {
    pub kind: &'static str,
    pub idents: Vec<(&'static str, Av<'a>)>,
}

/// An object literal or class instance; properties are mutable (`params.Key = k`).
pub(super) struct Obj<'a> {
    pub id: u32,
    pub props: RefCell<HashMap<Rc<str>, Av<'a>>>,
    pub class: Option<Rc<ClassVal<'a>>>,
    pub origin: Option<Origin<'a>>,
}

/// A function value: its node, the scope it closes over, and `this` if fixed (arrows,
/// methods read off an instance, `bind`).
pub(super) struct Closure<'a> {
    pub file: FileId,
    pub node: Node<'a>,
    pub scope: Rc<Scope<'a>>,
    pub this: Option<Av<'a>>,
    pub home: Option<Rc<ClassVal<'a>>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum MemberKind {
    Method,
    Getter,
    Field,
}

#[derive(Clone, Copy)]
pub(super) struct Member<'a> {
    pub node: Node<'a>,
    pub is_static: bool,
    pub kind: MemberKind,
}

pub(super) struct ClassVal<'a> {
    pub id: u32,
    pub file: FileId,
    pub scope: Rc<Scope<'a>>,
    pub parent: Option<Av<'a>>,
    pub members: HashMap<Rc<str>, Member<'a>>,
    /// Instance field initialisers, in order.
    pub fields: Vec<(Rc<str>, Option<Node<'a>>)>,
    pub statics: RefCell<HashMap<Rc<str>, Av<'a>>>,
}

pub(super) struct Client<'a> {
    /// `None` when chosen at run time (`new AWS[name]()`).
    pub service: Option<Rc<str>>,
    pub kind: ClientKind,
    /// v2 constructor `params`: defaults for every call.
    pub bound: Option<Av<'a>>,
}

pub(super) struct Command<'a> {
    pub service: Rc<str>,
    pub op: Rc<str>,
    pub input: Av<'a>,
}

/// A function's (or module's) variables. Block scopes are folded into their function.
pub(super) struct Scope<'a> {
    pub id: u32,
    pub vars: RefCell<HashMap<Rc<str>, Av<'a>>>,
    pub parent: Option<Rc<Scope<'a>>>,
}
