//! What the evaluator reports: SDK calls with their arguments as `Value`s, deduplicated, and
//! the compact keys that tell function analyses apart.

use std::collections::BTreeMap;

use tree_sitter::Node;

use super::eval::{Analyzer, Frame};
use super::syntax::short;
use super::value::{Av, Global, Obj};
use crate::iam::calls::{SdkCall, Value};
use crate::iam::domain::TOO_LONG;

impl<'a> Analyzer<'a> {
    /// A parameter object's properties as `Value`s.
    pub fn to_args(&self, v: Option<&Av<'a>>, into: &mut BTreeMap<String, Value>) {
        if let Some(Av::Obj(o)) = v {
            let mut nodes = 0;
            for (k, v) in sorted_props(o) {
                into.insert(k.to_string(), self.nested(&v, 0, &mut nodes));
            }
        }
    }

    /// A value; object and array literals become structures, bounded in depth and size
    /// (an object can hold itself).
    fn nested(&self, v: &Av<'a>, depth: usize, nodes: &mut usize) -> Value {
        use crate::iam::calls::{MAX_DEPTH, MAX_NODES};
        let literal = matches!(v, Av::Arr(_)) || matches!(v, Av::Obj(o) if o.class.is_none());
        if literal {
            *nodes += 1;
            if *nodes > MAX_NODES || depth >= MAX_DEPTH {
                return self.to_value(v);
            }
        }
        match v {
            Av::Obj(o) if o.class.is_none() => Value::map(
                sorted_props(o)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), self.nested(&v, depth + 1, nodes))),
            ),
            Av::Arr(items) => Value::list(items.iter().map(|v| self.nested(v, depth + 1, nodes))),
            other => self.to_value(other),
        }
    }

    pub fn to_value(&self, v: &Av<'a>) -> Value {
        match v {
            Av::Str(s) => Value::Str(s.to_string()),
            Av::Env(e) => Value::Env(e.to_string()),
            Av::Num(n) => Value::Unknown(n.to_string()),
            Av::Concat(parts) => Value::Concat(
                parts
                    .iter()
                    .map(|p| match p {
                        Av::Num(n) => Value::Str(n.to_string()),
                        other => self.to_value(other),
                    })
                    .collect(),
            ),
            Av::Unknown(Some(o)) => Value::Unknown(short(self.text(o.file, o.node))),
            Av::TooLong => Value::Unknown(TOO_LONG.into()),
            Av::Obj(o) => match o.origin {
                Some(origin) => Value::Unknown(short(self.text(origin.file, origin.node))),
                None => Value::Unknown("an object".into()),
            },
            Av::Func(c) => Value::Unknown(short(self.text(c.file, c.node))),
            Av::Global(Global::Env) => Value::Unknown("process.env".into()),
            Av::Client(c) => Value::Unknown(format!(
                "a {} client",
                c.service.as_deref().unwrap_or("unknown")
            )),
            Av::Command(c) => Value::Unknown(format!("a {} {} command", c.service, c.op)),
            Av::Arr(items) => Value::Unknown(format!("an array of {}", items.len())),
            _ => Value::Unknown("?".into()),
        }
    }

    pub fn record(
        &mut self,
        fr: &Frame<'a>,
        service: &str,
        op: &str,
        bound: Option<&Av<'a>>,
        params: Option<&Av<'a>>,
        n: Node<'a>,
    ) {
        let mut args = BTreeMap::new();
        self.to_args(bound, &mut args);
        self.to_args(params, &mut args);
        let line = n.start_position().row + 1;
        let key = (fr.file, line, service.to_string(), op.to_string());
        let same = self.seen_calls.entry(key).or_default();
        if same.iter().any(|&i| self.calls[i].args == args) {
            return;
        }
        same.push(self.calls.len());
        self.calls.push(SdkCall {
            service: service.to_string(),
            operation: op.to_string(),
            args,
            file: self.files[fr.file].rel.clone(),
            line,
        });
    }

    /// Appends a compact key for a value to `out` (memo keys for function analyses).
    pub fn sig(&self, v: &Av<'a>, out: &mut String) {
        use std::fmt::Write;
        let _ = match v {
            Av::Unknown(_) => write!(out, "?"),
            Av::TooLong => write!(out, "L"),
            Av::Str(s) => write!(out, "s{}:{s}", s.len()),
            Av::Num(s) => write!(out, "n{s}"),
            Av::Env(s) => write!(out, "e{}:{s}", s.len()),
            Av::Concat(parts) => {
                out.push('(');
                for p in parts.iter() {
                    self.sig(p, out);
                    out.push(',');
                }
                write!(out, ")")
            }
            Av::Obj(o) => write!(out, "o{}", o.id),
            Av::Func(c) => write!(out, "f{}:{}:{}", c.file, c.node.id(), c.scope.id),
            Av::Class(c) => write!(out, "k{}", c.id),
            Av::Union(fs) => write!(out, "u{}", fs.len()),
            Av::Module(f) => write!(out, "m{f}"),
            Av::Lazy(f, n) => write!(out, "l{f}:{n}"),
            Av::Global(g) => write!(
                out,
                "g{}",
                match g {
                    Global::Process => 0,
                    Global::Env => 1,
                    Global::Require => 2,
                    Global::Module(_) => 3,
                    Global::Exports(_) => 4,
                }
            ),
            Av::Sdk(t) => write!(out, "t{t:?}"),
            Av::Lib(o) => {
                let _ = write!(out, "b{}", o.kind);
                for (_, v) in &o.idents {
                    self.sig(v, out);
                }
                Ok(())
            }
            Av::Middy(base) => {
                out.push('w');
                self.sig(base, out);
                Ok(())
            }
            Av::Client(c) => {
                let _ = write!(out, "c{:?}{:?}", c.service, c.kind);
                if let Some(b) = &c.bound {
                    self.sig(b, out);
                }
                Ok(())
            }
            Av::Command(c) => {
                let _ = write!(out, "x{}{}", c.service, c.op);
                self.sig(&c.input, out);
                Ok(())
            }
            Av::Upload(p) => {
                out.push('U');
                self.sig(p, out);
                Ok(())
            }
            Av::Arr(items) => {
                // Shared arrays nest (`b = [a, a]`): stop describing past a bound.
                out.push('[');
                for p in items.iter() {
                    if out.len() > 4096 {
                        out.push('~');
                        break;
                    }
                    self.sig(p, out);
                    out.push(',');
                }
                write!(out, "]")
            }
        };
    }
}

/// An object's properties in name order, so that what the size bound cuts off does not
/// depend on hash order.
pub(super) fn sorted_props<'a>(o: &Obj<'a>) -> Vec<(std::rc::Rc<str>, Av<'a>)> {
    let mut props: Vec<_> = o
        .props
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    props.sort_by(|a, b| a.0.cmp(&b.0));
    props
}
