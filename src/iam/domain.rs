//! The capped string domain both extractors compute in: concatenation, f-strings, template
//! literals and joins build values part by part, and code like `s = s + s` repeated would
//! double them at every step. One set of caps, here, keeps every such value small for
//! Python and Node alike: past them the value is unknown, with the reason.

use super::calls::Value;

/// Longest literal text a built value keeps.
pub const MAX_TEXT: usize = 2048;
/// Most parts (text runs and non-text values) a built value keeps.
pub const MAX_PARTS: usize = 32;
/// What an over-the-cap value is, as `Value::Unknown`'s text.
pub const TOO_LONG: &str = "(a long string built in code: over 2048 bytes or 32 parts)";

/// One part of a joined value: literal text, or a value of the extractor's own domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part<T> {
    Text(String),
    Other(T),
}

/// Joins parts in order: adjacent text merged, empty text dropped, and once the caps are
/// passed nothing more is kept (so the work per part stays bounded too).
#[derive(Debug)]
pub struct Joiner<T> {
    parts: Vec<Part<T>>,
    over: bool,
}

impl<T> Default for Joiner<T> {
    fn default() -> Self {
        Joiner {
            parts: Vec::new(),
            over: false,
        }
    }
}

impl<T> Joiner<T> {
    pub fn text(&mut self, s: &str) {
        if self.over || s.is_empty() {
            return;
        }
        if let Some(Part::Text(last)) = self.parts.last_mut() {
            if last.len() + s.len() > MAX_TEXT {
                self.over = true;
            } else {
                last.push_str(s);
            }
            return;
        }
        if s.len() > MAX_TEXT {
            self.over = true;
        } else {
            self.push(Part::Text(s.to_string()));
        }
    }

    pub fn other(&mut self, v: T) {
        if !self.over {
            self.push(Part::Other(v));
        }
    }

    /// A part that is itself over the caps.
    pub fn overflow(&mut self) {
        self.over = true;
    }

    fn push(&mut self, part: Part<T>) {
        if self.parts.len() >= MAX_PARTS {
            self.over = true;
        } else {
            self.parts.push(part);
        }
    }

    /// The parts, or `None` when the value went past the caps.
    pub fn finish(self) -> Option<Vec<Part<T>>> {
        (!self.over).then_some(self.parts)
    }
}

/// Parts joined, flattened, adjacent literals merged, a single part on its own; past the
/// caps, `Unknown` with [`TOO_LONG`].
pub fn concat(parts: Vec<Value>) -> Value {
    let mut j = Joiner::default();
    for part in parts {
        add(&mut j, part);
    }
    let Some(mut out) = j.finish() else {
        return Value::Unknown(TOO_LONG.to_string());
    };
    let one = |p: Part<Value>| match p {
        Part::Text(s) => Value::Str(s),
        Part::Other(v) => v,
    };
    match out.len() {
        0 => Value::Str(String::new()),
        1 => out.pop().map_or(Value::Str(String::new()), one),
        _ => Value::Concat(out.into_iter().map(one).collect()),
    }
}

fn add(j: &mut Joiner<Value>, v: Value) {
    match v {
        Value::Str(s) => j.text(&s),
        Value::Concat(inner) => inner.into_iter().for_each(|p| add(j, p)),
        Value::Unknown(u) if u == TOO_LONG => j.overflow(),
        other => j.other(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> Value {
        Value::Str(x.into())
    }

    #[test]
    fn joins_flatten_and_merge_text() {
        let env = Value::Env("B".into());
        assert_eq!(
            concat(vec![s("a"), s(""), s("b"), env.clone(), s("c")]),
            Value::Concat(vec![s("ab"), env.clone(), s("c")])
        );
        assert_eq!(concat(vec![s("x")]), s("x"));
        assert_eq!(concat(vec![]), s(""));
        assert_eq!(
            concat(vec![Value::Concat(vec![s("a"), env.clone()]), s("b")]),
            Value::Concat(vec![s("a"), env, s("b")])
        );
    }

    #[test]
    fn doubling_stops_at_the_text_cap() {
        let mut v = s("a");
        for step in 1..=40 {
            v = concat(vec![v.clone(), v]);
            // 2^11 = 2048 bytes is the last size kept.
            if step <= 11 {
                assert_eq!(v, s(&"a".repeat(1 << step)), "step {step}");
            } else {
                assert_eq!(v, Value::Unknown(TOO_LONG.into()), "step {step}");
            }
        }
    }

    #[test]
    fn parts_are_capped_and_the_cap_sticks() {
        let env = Value::Env("X".into());
        let mut v = s("");
        for _ in 0..MAX_PARTS {
            v = concat(vec![v, env.clone()]);
        }
        assert!(matches!(&v, Value::Concat(p) if p.len() == MAX_PARTS));
        v = concat(vec![v, env.clone()]);
        assert_eq!(v, Value::Unknown(TOO_LONG.into()));
        // Joined with anything, an over-the-cap value stays over it.
        assert_eq!(
            concat(vec![s("a"), v, s("b")]),
            Value::Unknown(TOO_LONG.into())
        );
        // An ordinary unknown part is just a part.
        let u = Value::Unknown("x".into());
        assert_eq!(
            concat(vec![s("a"), u.clone()]),
            Value::Concat(vec![s("a"), u])
        );
        // One literal longer than the cap.
        assert_eq!(
            concat(vec![s(&"z".repeat(MAX_TEXT + 1))]),
            Value::Unknown(TOO_LONG.into())
        );
    }
}
