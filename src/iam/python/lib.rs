//! Library objects: imports of the libraries in `data/iam/libraries.tsv` (PynamoDB,
//! aws-lambda-powertools…), local classes derived from their classes, and calls on them,
//! each read from the table's rows rather than modelled here.

use std::collections::BTreeMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::interp::{Args, Interp};
use super::value::{LibObj, Pending, Val};
use crate::iam::calls::Value;
use crate::iam::libraries::{self, Returns, Row, Source};

const LANG: &str = "python";

/// Most functions one `@route` receiver registers: hostile code cannot grow the list
/// without bound.
const MAX_ROUTES: usize = 4096;

impl<'t> Interp<'t> {
    /// What an import of `dotted` binds when it is a library's module or a name in one;
    /// `None` when the table does not know it.
    pub(super) fn lib_import(&mut self, dotted: &str) -> Option<Val<'t>> {
        if libraries::is_module(LANG, dotted) {
            return Some(self.lib_val(dotted, BTreeMap::new(), None));
        }
        let (module, name) = dotted.rsplit_once('.')?;
        if libraries::methods(LANG, module, name).is_empty() {
            return None;
        }
        let module = self.lib_val(module, BTreeMap::new(), None);
        Some(Val::method(module, name))
    }

    pub(super) fn new_lib(
        &mut self,
        kind: &str,
        idents: BTreeMap<String, Value>,
        class: Option<usize>,
    ) -> LibObj<'t> {
        self.lib_ids += 1;
        LibObj {
            kind: kind.to_string(),
            idents,
            class,
            id: self.lib_ids,
            pending: Vec::new(),
        }
    }

    fn lib_val(
        &mut self,
        kind: &str,
        idents: BTreeMap<String, Value>,
        class: Option<usize>,
    ) -> Val<'t> {
        Val::Lib(Rc::new(self.new_lib(kind, idents, class)))
    }

    /// `obj.name` on a library module or object.
    pub(super) fn lib_attr(&mut self, o: &Rc<LibObj<'t>>, name: &str) -> Option<Val<'t>> {
        let child = format!("{}.{name}", o.kind);
        if !o.kind.contains(':') && libraries::is_module(LANG, &child) {
            return Some(self.lib_val(&child, BTreeMap::new(), None));
        }
        if libraries::methods(LANG, &o.kind, name).is_empty() {
            return None;
        }
        Some(Val::method(Val::Lib(o.clone()), name))
    }

    /// The row of the library class a local class derives from, directly or through its
    /// local bases.
    pub(super) fn class_lib(&self, c: usize) -> Option<&'static Row> {
        self.mro(c).into_iter().find_map(|k| self.classes[k].lib)
    }

    /// The row a base class expression stands for, if it is a library class.
    pub(super) fn lib_base(base: &Val<'t>) -> Option<&'static Row> {
        let Val::Method(method) = base else {
            return None;
        };
        let Val::Lib(module) = &method.0 else {
            return None;
        };
        libraries::methods(LANG, &module.kind, &method.1)
            .iter()
            .find(|r| matches!(r.returns, Returns::Object(_)))
    }

    /// A local library class (`class User(Model)`) as a library object, or its instance.
    pub(super) fn lib_of_class(&mut self, c: usize, instance: bool) -> Option<Rc<LibObj<'t>>> {
        let row = self.class_lib(c)?;
        let Returns::Object(class_kind) = row.returns else {
            return None;
        };
        let mut idents = BTreeMap::new();
        let meta = self.class_attr(c, "Meta");
        for (ident, source) in &row.keeps {
            if let (Source::Meta(attr), Some(Val::Class(meta))) = (source, &meta)
                && let Some(Val::Data(v)) = self.class_attr(*meta, attr)
            {
                idents.insert(ident.to_string(), v);
            }
        }
        let kind = if instance {
            instance_kind(class_kind)
        } else {
            class_kind
        };
        Some(Rc::new(self.new_lib(kind, idents, Some(c))))
    }

    /// `Model.attr` for a library class whose local code does not define `attr`, and an
    /// index instance held by a model: it keeps the model's identities (its table), and
    /// what it returns are the model's instances.
    pub(super) fn lib_class_attr(
        &mut self,
        c: usize,
        name: &str,
        found: Option<Val<'t>>,
    ) -> Option<Val<'t>> {
        match found {
            Some(Val::Instance(inner)) if self.class_lib(c).is_some() => {
                let Some(obj) = self.lib_of_class(inner, true) else {
                    return Some(Val::Instance(inner));
                };
                let owner = self.lib_of_class(c, false)?;
                let mut obj = Rc::unwrap_or_clone(obj);
                obj.class = Some(c);
                for (k, v) in &owner.idents {
                    obj.idents.entry(k.clone()).or_insert_with(|| v.clone());
                }
                Some(Val::Lib(Rc::new(obj)))
            }
            Some(v) => Some(v),
            None => {
                let obj = self.lib_of_class(c, false)?;
                self.lib_attr(&obj, name)
            }
        }
    }

    /// `item.attr` for an instance of a library class, where local code does not define it.
    pub(super) fn lib_instance_attr(&mut self, c: usize, name: &str) -> Option<Val<'t>> {
        let obj = self.lib_of_class(c, true)?;
        self.lib_attr(&obj, name)
    }

    /// `recv.name(args)` on a library object: the table's rows say what it calls and
    /// returns. A method the table does not know calls nothing of AWS, but callbacks given
    /// to it are still followed.
    pub(super) fn lib_call(
        &mut self,
        m: usize,
        o: &Rc<LibObj<'t>>,
        name: &str,
        args: &Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        let rows = libraries::methods(LANG, &o.kind, name);
        if rows.is_empty() {
            return self.unknown_call(m, args, node);
        }
        let mut result = Val::unknown(self.snip(m, node));
        for row in rows {
            let call_args = self.lib_values(m, o, &row.args, args);
            if row.returns == Returns::Wrapper {
                let mut wrapper = self.new_lib("@wrapper", BTreeMap::new(), None);
                for op in ops_made(row, args) {
                    wrapper.pending.push(Pending {
                        module: m,
                        node,
                        service: row.service,
                        operation: op,
                        args: call_args.clone(),
                    });
                }
                result = Val::Lib(Rc::new(wrapper));
                continue;
            }
            for op in ops_made(row, args) {
                self.emit(m, node, row.service, op, call_args.clone());
            }
            result = match row.returns {
                Returns::Object(kind) | Returns::Many(kind) => {
                    let one = self.lib_result(m, o, row, kind, args);
                    if matches!(row.returns, Returns::Many(_)) {
                        Val::Many(Rc::new(one))
                    } else {
                        one
                    }
                }
                Returns::Route => {
                    let mut route = self.new_lib("@route", BTreeMap::new(), None);
                    route.id = o.id;
                    Val::Lib(Rc::new(route))
                }
                Returns::Dispatch => {
                    let routes = self.routes.get(&o.id).cloned().unwrap_or_default();
                    for f in routes {
                        self.escape_val(&f);
                    }
                    result
                }
                Returns::Nothing | Returns::Wrapper => result,
            };
        }
        result
    }

    /// The object a row returns: the receiver's identities and the row's `keeps`; an
    /// instance of the receiver's local class when that is what it returns.
    fn lib_result(
        &mut self,
        m: usize,
        o: &Rc<LibObj<'t>>,
        row: &Row,
        kind: &str,
        args: &Args<'t>,
    ) -> Val<'t> {
        if let Some(c) = o.class
            && let Some(Returns::Object(class_kind)) = self.class_lib(c).map(|r| &r.returns)
            && kind == instance_kind(class_kind)
        {
            return Val::Instance(c);
        }
        let mut idents = o.idents.clone();
        idents.extend(self.lib_values(m, o, &row.keeps, args));
        self.lib_val(kind, idents, None)
    }

    /// The values of `Param=source` pairs for a call on `o` with `args`; a source that is
    /// not there leaves its parameter out.
    fn lib_values(
        &mut self,
        m: usize,
        o: &LibObj<'t>,
        pairs: &[(&'static str, Source)],
        args: &Args<'t>,
    ) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (param, source) in pairs {
            let value = match source {
                Source::Receiver(ident) => o.idents.get(*ident).cloned(),
                Source::Meta(_) => None,
                Source::Arg {
                    index,
                    keyword,
                    ident,
                    collect,
                } => {
                    let arg = index
                        .and_then(|i| args.pos.get(i))
                        .or_else(|| {
                            keyword
                                .and_then(|k| args.kw.iter().find(|(n, _)| n == k).map(|(_, a)| a))
                        })
                        .cloned();
                    let value = match (arg, ident) {
                        (Some(arg), None) => Some(self.arg_value(m, &arg)),
                        (Some(arg), Some(ident)) => self.lib_ident(&arg.val, ident),
                        (None, _) => None,
                    };
                    value.map(|v| libraries::collect(v, *collect))
                }
            };
            if let Some(v) = value {
                out.insert(param.to_string(), v);
            }
        }
        out
    }

    /// An identity of a library object, or of an instance of a local library class.
    fn lib_ident(&mut self, v: &Val<'t>, ident: &str) -> Option<Value> {
        let obj = match v {
            Val::Lib(o) => o.clone(),
            Val::Instance(c) => self.lib_of_class(*c, true)?,
            _ => return None,
        };
        obj.idents.get(ident).cloned()
    }

    /// Apply a library decorator: `@route` registers the function on its receiver;
    /// `@wrapper` wraps it. `None` when `dv` is neither.
    pub(super) fn lib_decorate(&mut self, dv: &Val<'t>, func: &Val<'t>) -> Option<Val<'t>> {
        let Val::Lib(o) = dv else {
            return None;
        };
        match o.kind.as_str() {
            "@route" => {
                let routes = self.routes.entry(o.id).or_default();
                if routes.len() < MAX_ROUTES {
                    routes.push(func.clone());
                }
                Some(func.clone())
            }
            "@wrapper" => Some(Val::Wrapped(Rc::new((func.clone(), o.clone())))),
            _ => None,
        }
    }

    /// Call a wrapped function: the wrapper's calls, then the function.
    pub(super) fn call_wrapped(
        &mut self,
        m: usize,
        w: &Rc<(Val<'t>, Rc<LibObj<'t>>)>,
        args: Args<'t>,
        node: Node<'t>,
    ) -> Val<'t> {
        for p in &w.1.pending {
            self.emit(p.module, p.node, p.service, p.operation, p.args.clone());
        }
        self.call_value(m, w.0.clone(), args, node)
    }
}

/// The kind of an instance of a library class: what calling the class returns (a
/// PynamoDB model's instances are items), else the class's own kind.
fn instance_kind(class_kind: &str) -> &str {
    libraries::methods(LANG, class_kind, "()")
        .iter()
        .find_map(|r| match r.returns {
            Returns::Object(kind) => Some(kind),
            _ => None,
        })
        .unwrap_or(class_kind)
}

/// The operations of `row` that a call with `args` makes: those without a guard, and those
/// whose guard the arguments meet.
fn ops_made<'r>(row: &'r Row, args: &Args<'_>) -> impl Iterator<Item = &'static str> + 'r {
    let given = |source: &Source| match source {
        Source::Arg { index, keyword, .. } => {
            index.is_some_and(|i| args.pos.len() > i)
                || keyword.is_some_and(|k| args.kw.iter().any(|(n, _)| n == k))
        }
        _ => true,
    };
    let made: Vec<&'static str> = row
        .operations
        .iter()
        .zip(&row.when)
        .filter(|(_, guard)| guard.as_ref().is_none_or(|g| given(&g.source) == g.present))
        .map(|(op, _)| *op)
        .collect();
    made.into_iter()
}
