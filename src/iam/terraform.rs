//! The Terraform form of the policies: one `aws_iam_policy_document` data source per
//! function. Terraform evaluates `${…}` and `%{…}` inside every quoted string, and function
//! keys and names come from serverless.yml, so every value is escaped here and only the
//! placeholders gearctl writes itself become interpolations.

use std::collections::BTreeMap;

use super::generate::GenerateReport;
use crate::error::Result;

/// gearctl's own placeholders and what they become in HCL: an interpolation (`true`) or
/// literal text.
const PLACEHOLDERS: &[(&str, &str, bool)] = &[
    ("${AWS::Region}", "${data.aws_region.current.name}", true),
    (
        "${AWS::AccountId}",
        "${data.aws_caller_identity.current.account_id}",
        true,
    ),
    ("${AWS::Partition}", "aws", false),
];

/// `iam.tf`: the data sources, after `header` (a comment).
pub fn render(report: &GenerateReport, header: &str) -> Result<String> {
    let mut out = header.to_string();
    let any_placeholder = report.functions.iter().any(|f| {
        f.policy
            .statement
            .iter()
            .any(|s| s.resource.iter().any(|r| r.contains("${AWS::")))
    });
    if any_placeholder {
        out.push_str(
            "\ndata \"aws_region\" \"current\" {}\n\ndata \"aws_caller_identity\" \"current\" {}\n",
        );
    }
    let mut labels: BTreeMap<String, &str> = BTreeMap::new();
    for f in &report.functions {
        let name = label(&f.key);
        let what = format!("the Terraform data source {name}");
        super::output::claim(&mut labels, name.clone(), &f.key, &what)?;
        out.push_str(&format!(
            "\ndata \"aws_iam_policy_document\" \"{name}\" {{\n"
        ));
        for s in &f.policy.statement {
            out.push_str("  statement {\n    effect    = \"Allow\"\n");
            out.push_str(&format!("    actions   = {}\n", list(&s.action)));
            out.push_str(&format!("    resources = {}\n", list(&s.resource)));
            for (test, keys) in s.condition.iter().flatten() {
                for (variable, value) in keys {
                    out.push_str(&format!(
                        "    condition {{\n      test     = {}\n      variable = {}\n      values   = {}\n    }}\n",
                        string(test),
                        string(variable),
                        list(std::slice::from_ref(value))
                    ));
                }
            }
            out.push_str("  }\n");
        }
        out.push_str("}\n");
    }
    Ok(out)
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| string(i)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A quoted HCL string whose value is `s` as written, except gearctl's placeholders.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some((from, to, interpolated)) = PLACEHOLDERS
            .iter()
            .find(|(from, ..)| rest.starts_with(from))
        {
            if *interpolated {
                out.push_str(to);
            } else {
                escape_into(&mut out, to, false);
            }
            rest = &rest[from.len()..];
            continue;
        }
        let (this, after) = rest.split_at(c.len_utf8());
        match PLACEHOLDERS
            .iter()
            .find(|(from, ..)| after.starts_with(from))
        {
            // A `$` right before an interpolation would turn it into the `$${` escape.
            Some((_, _, true)) if c == '$' => out.push_str("${\"$\"}"),
            Some((_, to, _)) => escape_into(&mut out, this, to.starts_with('{')),
            None => escape_into(&mut out, this, after.starts_with('{')),
        }
        rest = after;
    }
    out.push('"');
    out
}

/// Escape literal text; `brace_follows` says whether the next character is a `{`.
fn escape_into(out: &mut String, text: &str, brace_follows: bool) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let brace = chars.peek().map_or(brace_follows, |n| *n == '{');
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if brace => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// A block label from a function key: letters, digits and `_` (other characters become
/// `_`), starting with a letter or `_`.
pub fn label(key: &str) -> String {
    let name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    match name.chars().next() {
        Some(c) if !c.is_ascii_digit() => name,
        _ => format!("_{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_literal_except_our_placeholders() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            string("fn-${var.db_password}"),
            r#""fn-$${var.db_password}""#
        );
        assert_eq!(string("%{if true}x%{endif}"), r#""%%{if true}x%%{endif}""#);
        assert_eq!(string("a\nb\r\t\u{1}\u{2028}"), r#""a\nb\r\t\u0001\u2028""#);
        assert_eq!(string("$$ %% ${"), r#""$$ %% $${""#);
        assert_eq!(
            string("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:x"),
            r#""arn:aws:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:x""#
        );
        assert_eq!(
            string("$${AWS::Region}"),
            r#""${"$"}${data.aws_region.current.name}""#
        );
        assert_eq!(string("$${AWS::Partition}"), r#""$aws""#);
    }

    #[test]
    fn labels_are_identifiers() {
        assert_eq!(label("send-mail"), "send_mail");
        assert_eq!(label("a\nb"), "a_b");
        assert_eq!(label("1st"), "_1st");
        assert_eq!(label(""), "_");
        assert_eq!(label("\"}\n"), "___");
    }
}
