//! Reading tree-sitter syntax trees: fields by id, named children without quadratic
//! indexing, string literals, and source text for messages.

use tree_sitter::Node;

/// Longest source text kept in a `Value::Unknown` or a message.
const MAX_TEXT: usize = 120;

/// The syntax-tree fields the evaluator reads, looked up once per grammar.
#[derive(Clone, Copy)]
pub(super) enum F {
    Alias,
    Alternative,
    Arguments,
    Body,
    Condition,
    Consequence,
    Constructor,
    Declaration,
    Function,
    Index,
    Key,
    Left,
    Name,
    Object,
    Operator,
    Parameter,
    Parameters,
    Pattern,
    Property,
    Right,
    Source,
    Value,
}

const FIELD_NAMES: [&str; 22] = [
    "alias",
    "alternative",
    "arguments",
    "body",
    "condition",
    "consequence",
    "constructor",
    "declaration",
    "function",
    "index",
    "key",
    "left",
    "name",
    "object",
    "operator",
    "parameter",
    "parameters",
    "pattern",
    "property",
    "right",
    "source",
    "value",
];

/// Field ids by `F`, for one grammar (0: the grammar has no such field).
pub(super) type FieldTable = [u16; 22];

pub(super) fn field_table(language: &tree_sitter::Language) -> FieldTable {
    FIELD_NAMES.map(|name| language.field_id_for_name(name).map_or(0, |id| id.get()))
}

/// Named children without comments (which tree-sitter puts anywhere; error-recovery nodes
/// can be "extra" too, and those are kept). Indexing children is linear in tree-sitter, so
/// nodes with many children are walked with a cursor.
pub(super) fn named<'a>(n: Node<'a>) -> Named<'a> {
    let count = n.named_child_count();
    if count <= 6 {
        Named::Few { n, i: 0, count }
    } else {
        Named::Many {
            cursor: n.walk(),
            started: false,
        }
    }
}

pub(super) enum Named<'a> {
    Few {
        n: Node<'a>,
        i: usize,
        count: usize,
    },
    Many {
        cursor: tree_sitter::TreeCursor<'a>,
        started: bool,
    },
}

impl<'a> Iterator for Named<'a> {
    type Item = Node<'a>;

    fn next(&mut self) -> Option<Node<'a>> {
        loop {
            let c = match self {
                Named::Few { n, i, count } => {
                    if *i >= *count {
                        return None;
                    }
                    *i += 1;
                    n.named_child(*i - 1)?
                }
                Named::Many { cursor, started } => {
                    let moved = if *started {
                        cursor.goto_next_sibling()
                    } else {
                        *started = true;
                        cursor.goto_first_child()
                    };
                    if !moved {
                        return None;
                    }
                    let c = cursor.node();
                    if !c.is_named() {
                        continue;
                    }
                    c
                }
            };
            if !c.is_extra() || c.is_error() {
                return Some(c);
            }
        }
    }
}

/// Whether a node has an anonymous child token of this kind (`static`, `default`, `*`).
pub(super) fn has_token(n: Node<'_>, kind: &str) -> bool {
    (0..n.child_count()).any(|i| {
        n.child(i)
            .is_some_and(|c| !c.is_named() && c.kind() == kind)
    })
}

/// The value of a string literal (or a template literal without substitutions).
pub(super) fn string_value(n: Node<'_>, src: &str) -> Option<String> {
    if !matches!(n.kind(), "string" | "template_string") {
        return None;
    }
    let mut out = String::new();
    for c in named(n) {
        let text = src.get(c.byte_range()).unwrap_or("");
        match c.kind() {
            "string_fragment" => out.push_str(text),
            "escape_sequence" => out.push_str(&unescape(text)),
            "html_character_reference" => out.push_str(text),
            _ => return None,
        }
    }
    Some(out)
}

pub(super) fn unescape(esc: &str) -> String {
    let body = esc.strip_prefix('\\').unwrap_or(esc);
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let hex = |digits: &str| {
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
    };
    match first {
        'n' => "\n".into(),
        't' => "\t".into(),
        'r' => "\r".into(),
        'b' => "\u{8}".into(),
        'f' => "\u{c}".into(),
        'v' => "\u{b}".into(),
        '0' if body.len() == 1 => "\0".into(),
        '\n' | '\r' => String::new(),
        'x' => hex(&body[1..]).map(String::from).unwrap_or_default(),
        'u' => {
            let digits = body[1..].trim_start_matches('{').trim_end_matches('}');
            hex(digits).map(String::from).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

/// Source text cut to `MAX_TEXT` characters.
pub(super) fn short(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_TEXT) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}
