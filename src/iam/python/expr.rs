//! Expressions: names, literals and f-strings, attributes, subscripts, operators,
//! containers and comprehensions, each to what is known of its value.

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::interp::{Frame, Interp, MAX_DEPTH};
use super::syntax::{F, decode, field, kids, raw, string_prefix};
use super::value::{Val, capped_debug, concat, format_percent};
use crate::iam::calls::Value;

impl<'t> Interp<'t> {
    pub(super) fn eval(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        if self.depth >= MAX_DEPTH {
            let message = "too deeply nested to analyse; the rest of this expression was \
                           skipped"
                .to_string();
            self.finding(f.module, node, message);
            return Val::unknown(self.snip(f.module, node));
        }
        self.depth += 1;
        let v = self.eval_inner(f, node);
        self.depth -= 1;
        v
    }

    pub(super) fn eval_inner(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let m = f.module;
        match node.kind() {
            "identifier" => self.lookup(f, raw(node, self.src(m))),
            "string" => self.eval_string(f, node),
            "concatenated_string" => {
                let parts = kids(node)
                    .into_iter()
                    .map(|s| self.eval_data(f, s))
                    .collect();
                Val::Data(concat(parts))
            }
            "none" => Val::None,
            "attribute" => {
                let (Some(obj), Some(attr)) = (field(node, F::Object), field(node, F::Attribute))
                else {
                    return Val::unknown(self.snip(m, node));
                };
                let o = self.eval(f, obj);
                let name = raw(attr, self.src(m));
                self.get_attr(m, o, name, node)
            }
            "subscript" => self.eval_subscript(f, node),
            "call" => self.eval_call(f, node),
            "binary_operator" => self.eval_binary(f, node),
            "boolean_operator" => {
                let l = self.eval_field(f, node, F::Left);
                let r = self.eval_field(f, node, F::Right);
                let op = field(node, F::Operator)
                    .map(|o| raw(o, self.src(m)))
                    .unwrap_or("");
                if op == "or" && !l.is_vague() { l } else { r }
            }
            "conditional_expression" => {
                let parts: Vec<Val<'t>> = kids(node).into_iter().map(|c| self.eval(f, c)).collect();
                match parts.as_slice() {
                    [a, _, b] if a.is_vague() => b.clone(),
                    [a, ..] => a.clone(),
                    [] => Val::unknown(self.snip(m, node)),
                }
            }
            "parenthesized_expression" | "await" | "as_pattern" => {
                let inner: Vec<Node<'t>> = kids(node)
                    .into_iter()
                    .filter(|c| c.kind() != "comment")
                    .collect();
                let mut v = Val::unknown(self.snip(m, node));
                for (i, c) in inner.iter().enumerate() {
                    let r = self.eval(f, *c);
                    if i == 0 {
                        v = r;
                    }
                }
                v
            }
            "named_expression" => {
                let v = self.eval_field(f, node, F::Value);
                if let Some(name) = field(node, F::Name) {
                    self.assign(f, name, v.clone());
                }
                v
            }
            "assignment" => {
                let v = match field(node, F::Right) {
                    Some(r) => self.eval(f, r),
                    None => return Val::None,
                };
                if let Some(left) = field(node, F::Left) {
                    self.assign(f, left, v.clone());
                }
                v
            }
            "augmented_assignment" => self.eval_augmented(f, node),
            "tuple" | "list" | "expression_list" | "pattern_list" => {
                let vals = kids(node)
                    .into_iter()
                    .filter(|c| c.kind() != "comment")
                    .map(|c| self.eval(f, c))
                    .collect();
                Val::Tuple(Rc::new(vals))
            }
            "dictionary" => self.eval_dict(f, node),
            "list_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "dictionary_comprehension" => self.eval_comprehension(f, node),
            "lambda" => {
                if let Some(body) = field(node, F::Body) {
                    self.eval(f, body);
                }
                Val::unknown(self.snip(m, node))
            }
            "yield" => {
                let v = match kids(node).first() {
                    Some(&e) => self.eval(f, e),
                    None => Val::None,
                };
                f.returns.push(v);
                Val::unknown(self.snip(m, node))
            }
            "comment" => Val::None,
            "integer" | "float" | "true" | "false" | "ellipsis" => Val::unknown(self.snip(m, node)),
            _ => {
                self.exec_children(f, node);
                Val::unknown(self.snip(m, node))
            }
        }
    }

    pub(super) fn eval_field(&mut self, f: &mut Frame<'t>, node: Node<'t>, name: F) -> Val<'t> {
        match field(node, name) {
            Some(c) => self.eval(f, c),
            None => Val::None,
        }
    }

    /// Evaluate and keep it as text-or-unknown.
    pub(super) fn eval_data(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Value {
        match self.eval(f, node) {
            Val::Data(v) => v,
            _ => Value::Unknown(self.snip(f.module, node)),
        }
    }

    pub(super) fn eval_string(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let src = self.src(f.module);
        let prefix = string_prefix(node, src);
        let (fstring, raw_string) = (prefix.contains('f'), prefix.contains('r'));
        let mut parts = Vec::new();
        for child in kids(node) {
            match child.kind() {
                "string_content" => {
                    parts.push(Value::Str(decode(raw(child, src), raw_string, fstring)))
                }
                "interpolation" => {
                    let v = match field(child, F::Expression) {
                        Some(e) => self.eval_data(f, e),
                        None => Value::Unknown(self.snip(f.module, child)),
                    };
                    parts.push(v);
                }
                _ => {}
            }
        }
        Val::Data(concat(parts))
    }

    pub(super) fn eval_subscript(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let container = self.eval_field(f, node, F::Value);
        let key = self.eval_field(f, node, F::Subscript);
        match (&container, key.literal()) {
            (Val::OsEnviron, Some(k)) => Val::Data(Value::Env(k.to_string())),
            (Val::Dict(d), Some(k)) => d
                .iter()
                .find(|(dk, _)| dk == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| Val::unknown(self.snip(f.module, node))),
            (Val::Dict(d), None) => {
                one_of_callables(d).unwrap_or_else(|| Val::unknown(self.snip(f.module, node)))
            }
            (Val::Tuple(t), None) => {
                let index = field(node, F::Subscript)
                    .and_then(|s| raw(s, self.src(f.module)).parse::<usize>().ok());
                index
                    .and_then(|i| t.get(i).cloned())
                    .unwrap_or_else(|| Val::unknown(self.snip(f.module, node)))
            }
            _ => Val::unknown(self.snip(f.module, node)),
        }
    }

    pub(super) fn eval_binary(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let l = self.eval_field(f, node, F::Left);
        let r = self.eval_field(f, node, F::Right);
        let op = field(node, F::Operator)
            .map(|o| raw(o, self.src(f.module)))
            .unwrap_or("");
        match (op, &l, &r) {
            ("+", Val::Data(a), Val::Data(b)) => Val::Data(concat(vec![a.clone(), b.clone()])),
            ("%", Val::Data(Value::Str(fmt)), args) => {
                let args: Option<Vec<Value>> = match args {
                    Val::Tuple(t) => t.iter().map(|v| v.data().cloned()).collect(),
                    Val::Data(v) => Some(vec![v.clone()]),
                    _ => None,
                };
                args.and_then(|a| format_percent(fmt, &a))
                    .map(Val::Data)
                    .unwrap_or_else(|| Val::unknown(self.snip(f.module, node)))
            }
            _ => Val::unknown(self.snip(f.module, node)),
        }
    }

    pub(super) fn eval_augmented(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let r = self.eval_field(f, node, F::Right);
        let Some(left) = field(node, F::Left) else {
            return Val::None;
        };
        let op = field(node, F::Operator)
            .map(|o| raw(o, self.src(f.module)))
            .unwrap_or("");
        let new = match (op, left.kind()) {
            ("+=", "identifier") => match (self.eval(f, left), &r) {
                (Val::Data(a), Val::Data(b)) => Val::Data(concat(vec![a, b.clone()])),
                _ => Val::unknown(self.snip(f.module, left)),
            },
            _ => Val::unknown(self.snip(f.module, left)),
        };
        if left.kind() == "identifier" {
            self.assign(f, left, new);
        }
        Val::None
    }

    pub(super) fn eval_dict(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        let mut entries: Vec<(String, Val<'t>)> = Vec::new();
        // Where each key is, so that a repeated key replaces its value in one step.
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut put = |k: &str, v: Val<'t>| match index.get(k) {
            Some(&i) => entries[i].1 = v,
            None => {
                index.insert(k.to_string(), entries.len());
                entries.push((k.to_string(), v));
            }
        };
        for child in kids(node) {
            match child.kind() {
                "pair" => {
                    let k = self.eval_field(f, child, F::Key);
                    let v = self.eval_field(f, child, F::Value);
                    match &k {
                        Val::Data(Value::Str(k)) => put(k, v),
                        Val::Data(computed) => put(&crate::iam::calls::computed_key(computed), v),
                        _ => {}
                    }
                }
                "dictionary_splat" => {
                    let inner = kids(child).first().map(|&c| self.eval(f, c));
                    if let Some(Val::Dict(d)) = inner {
                        for (k, v) in d.iter() {
                            put(k, v.clone());
                        }
                    }
                }
                _ => {
                    self.eval(f, child);
                }
            }
        }
        Val::Dict(Rc::new(entries))
    }

    pub(super) fn eval_comprehension(&mut self, f: &mut Frame<'t>, node: Node<'t>) -> Val<'t> {
        for clause in kids(node) {
            match clause.kind() {
                "for_in_clause" => {
                    let iter = self.eval_field(f, clause, F::Right);
                    if let Some(left) = field(clause, F::Left) {
                        self.bind_element(f, left, &iter);
                    }
                }
                "if_clause" => self.exec_children(f, clause),
                _ => {}
            }
        }
        let body = self.eval_field(f, node, F::Body);
        // SDK objects, and dicts that carry something known (`{"Key": o["Key"]}` over a
        // listing), stay known element by element; anything else is only its source text.
        let known_dict = matches!(&body, Val::Dict(d) if d.iter().any(|(_, v)| !v.is_vague()));
        if body.is_sdk() || known_dict {
            Val::Many(Rc::new(body))
        } else {
            Val::unknown(self.snip(f.module, node))
        }
    }
}

/// Most functions a [`Val::OneOf`] holds: a dict of handlers is rarely larger, and the
/// cap keeps hostile code from making every call of it expensive.
const MAX_ONE_OF: usize = 64;

/// `handlers[kind]` with a key known only at run time, on a dict of functions: any of
/// them. `None` when no value is callable. Nested choices are flattened and repeats
/// dropped, so a dict built from another dict's choice does not multiply the work.
pub(super) fn one_of_callables<'t>(entries: &[(String, Val<'t>)]) -> Option<Val<'t>> {
    let mut callables: Vec<Val<'t>> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let flat = entries.iter().flat_map(|(_, v)| match v {
        Val::OneOf(inner) => inner.iter().cloned().collect::<Vec<_>>(),
        v => vec![v.clone()],
    });
    for v in flat {
        let callable = matches!(
            v,
            Val::Func(_) | Val::Bound(_) | Val::Class(_) | Val::Wrapped(_)
        );
        if callable
            && callables.len() < MAX_ONE_OF
            && seen.insert(capped_debug(&v, super::interp::MAX_KEY))
        {
            callables.push(v);
        }
    }
    (!callables.is_empty()).then(|| Val::OneOf(Rc::new(callables)))
}
