//! Small helpers over tree-sitter nodes: children without quadratic lookups, text that
//! never panics, and the string literals of Python.

use std::sync::OnceLock;

use tree_sitter::Node;

/// The named children of a node (one cursor walk).
pub(super) fn kids(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The source text of a node, or "" if the range is not valid UTF-8 (never panics).
pub(super) fn text(node: Node, src: &str) -> String {
    raw(node, src).to_string()
}

pub(super) fn raw<'s>(node: Node, src: &'s str) -> &'s str {
    node.utf8_text(src.as_bytes()).unwrap_or("")
}

/// The text of a node for messages: whitespace runs collapsed, at most 80 characters.
pub(super) fn snippet(node: Node, src: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    let mut space = false;
    for (n, c) in raw(node, src).chars().enumerate() {
        if n >= 4 * MAX {
            break;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if out.chars().count() > MAX {
        out = out.chars().take(MAX - 1).collect();
        out.push('…');
    }
    out
}

/// 1-based line of a node.
pub(super) fn line(node: Node) -> usize {
    node.start_position().row + 1
}

/// The prefix letters of a string literal (`f`, `rb`…), lower case.
pub(super) fn string_prefix(node: Node, src: &str) -> String {
    let start = node
        .child(0)
        .filter(|c| c.kind() == "string_start")
        .map(|c| raw(c, src))
        .unwrap_or("");
    start
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The value of a piece of string content, escapes decoded unless raw.
pub(super) fn decode(content: &str, raw_string: bool, fstring: bool) -> String {
    let content = if fstring {
        content.replace("{{", "{").replace("}}", "}")
    } else {
        content.to_string()
    };
    if raw_string || !content.contains('\\') {
        return content;
    }
    let mut out = String::with_capacity(content.len());
    let mut chars = content.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('\n') => {}
            Some(c @ ('\\' | '\'' | '"')) => out.push(c),
            Some(c) => {
                out.push('\\');
                out.push(c);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The grammar's fields used here, looked up by id (by name, tree-sitter compares strings
/// on every call).
#[derive(Clone, Copy)]
pub(super) enum F {
    Alias,
    Alternative,
    Arguments,
    Attribute,
    Body,
    Condition,
    Consequence,
    Definition,
    Expression,
    Function,
    Key,
    Left,
    ModuleName,
    Name,
    Object,
    Operator,
    Parameters,
    Right,
    Subscript,
    Superclasses,
    Value,
}

const FIELD_NAMES: [&str; 21] = [
    "alias",
    "alternative",
    "arguments",
    "attribute",
    "body",
    "condition",
    "consequence",
    "definition",
    "expression",
    "function",
    "key",
    "left",
    "module_name",
    "name",
    "object",
    "operator",
    "parameters",
    "right",
    "subscript",
    "superclasses",
    "value",
];

/// The child in a field.
pub(super) fn field<'t>(node: Node<'t>, f: F) -> Option<Node<'t>> {
    static IDS: OnceLock<Vec<Option<u16>>> = OnceLock::new();
    let ids = IDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_python::LANGUAGE.into();
        FIELD_NAMES
            .iter()
            .map(|n| language.field_id_for_name(n).map(|id| id.get()))
            .collect()
    });
    ids.get(f as usize)
        .copied()
        .flatten()
        .and_then(|id| node.child_by_field_id(id))
}
