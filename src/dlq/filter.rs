//! `--filter`: pick which DLQ messages a redrive or export takes. The others are skipped,
//! left in the queue untouched.
//!
//! Forms (several `--filter` flags must all match):
//! - `body.PATH=VALUE`: the JSON value at PATH (dots; numbers index arrays; a leading `$.`
//!   is allowed) equals VALUE. Strings compare without quotes, other values as JSON text.
//! - `body.PATH~VALUE`: that value contains VALUE (a substring, or an array element).
//! - `body~TEXT`: the raw body contains TEXT.
//! - `attr.NAME=VALUE`, `attr.NAME~VALUE`: a message attribute (or, failing that, a system
//!   attribute such as `ErrorCode` or `MessageGroupId`) equals or contains VALUE.

use serde_json::Value;

use crate::aws::sqs_messages::SqsMessage;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    RawBody,
    Body(Vec<String>),
    Attribute(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    text: String,
    target: Target,
    contains: bool,
    value: String,
}

impl std::str::FromStr for Filter {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Filter, String> {
        let bad = |why: &str| {
            format!(
                "{s:?}: {why}; write body.PATH=VALUE, body.PATH~VALUE, body~TEXT, attr.NAME=VALUE or attr.NAME~VALUE"
            )
        };
        let op = s.find(['=', '~']).ok_or_else(|| bad("no = or ~"))?;
        let (lhs, rest) = s.split_at(op);
        let contains = rest.starts_with('~');
        let value = rest[1..].to_string();
        let target = if lhs == "body" {
            if !contains {
                return Err(bad("the whole body can only be matched with ~"));
            }
            Target::RawBody
        } else if let Some(path) = lhs.strip_prefix("body.") {
            let path = path.strip_prefix("$.").unwrap_or(path);
            let segments: Vec<String> = path.split('.').map(str::to_string).collect();
            if segments.iter().any(String::is_empty) {
                return Err(bad("the JSON path has an empty segment"));
            }
            Target::Body(segments)
        } else if let Some(name) = lhs.strip_prefix("attr.") {
            if name.is_empty() {
                return Err(bad("no attribute name"));
            }
            Target::Attribute(name.to_string())
        } else {
            return Err(bad("it must start with body or attr."));
        };
        Ok(Filter {
            text: s.to_string(),
            target,
            contains,
            value,
        })
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Filter {
    /// Whether the message matches. A body that is not JSON matches no `body.PATH` filter.
    pub fn matches(&self, m: &SqsMessage, parsed: &mut Option<Option<Value>>) -> bool {
        match &self.target {
            Target::RawBody => m.body.contains(&self.value),
            Target::Attribute(name) => {
                let v = m
                    .message_attributes
                    .get(name)
                    .and_then(|a| a.string_value.as_deref())
                    .or_else(|| m.attributes.get(name).map(String::as_str));
                v.is_some_and(|v| self.compare_text(v))
            }
            Target::Body(path) => {
                let json = parsed.get_or_insert_with(|| serde_json::from_str(&m.body).ok());
                let mut at: &Value = match json.as_ref() {
                    Some(v) => v,
                    None => return false,
                };
                for seg in path {
                    let next = match at {
                        Value::Object(map) => map.get(seg),
                        Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                        _ => None,
                    };
                    match next {
                        Some(v) => at = v,
                        None => return false,
                    }
                }
                match at {
                    Value::String(s) => self.compare_text(s),
                    Value::Array(items) if self.contains => {
                        items.iter().any(|i| scalar_text(i) == self.value)
                    }
                    other => self.compare_text(&other.to_string()),
                }
            }
        }
    }

    fn compare_text(&self, v: &str) -> bool {
        if self.contains {
            v.contains(&self.value)
        } else {
            v == self.value
        }
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// True when every filter matches.
pub fn all_match(filters: &[Filter], m: &SqsMessage) -> bool {
    let mut parsed = None;
    filters.iter().all(|f| f.matches(m, &mut parsed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::sqs_messages::AttributeValue;

    fn msg(body: &str) -> SqsMessage {
        SqsMessage {
            message_id: "m".into(),
            receipt_handle: "h".into(),
            body: body.into(),
            attributes: [("ErrorCode".to_string(), "200".to_string())].into(),
            message_attributes: [(
                "tenant".to_string(),
                AttributeValue {
                    data_type: "String".into(),
                    string_value: Some("acme-eu".into()),
                    binary_value: None,
                },
            )]
            .into(),
        }
    }

    fn f(s: &str) -> Filter {
        s.parse().unwrap()
    }

    #[test]
    fn body_paths_attributes_and_text() {
        let m = msg(
            r#"{"order":{"id":42,"status":"FAILED","tags":["vip","eu"]},"items":[{"sku":"A-1"}]}"#,
        );
        assert!(all_match(&[f("body.order.status=FAILED")], &m));
        assert!(all_match(&[f("body.$.order.id=42")], &m));
        assert!(all_match(&[f("body.items.0.sku~A-")], &m));
        assert!(all_match(&[f("body.order.tags~vip")], &m));
        assert!(all_match(&[f("body~\"sku\"")], &m));
        assert!(all_match(
            &[f("attr.tenant~acme"), f("attr.ErrorCode=200")],
            &m
        ));
        assert!(!all_match(
            &[f("body.order.status=FAILED"), f("attr.tenant=acme")],
            &m
        ));
        assert!(!all_match(&[f("body.order.missing=1")], &m));
        assert!(!all_match(&[f("body.items.7.sku=A-1")], &m));
        assert!(!all_match(&[f("body.order.id=42")], &msg("not json")));
    }

    #[test]
    fn bad_filters_say_how_to_write_them() {
        for s in ["order=1", "body.=1", "body=whole", "attr.=x", "body.a.b"] {
            let e = s.parse::<Filter>().unwrap_err();
            assert!(e.contains("body.PATH=VALUE"), "{s}");
        }
    }
}
