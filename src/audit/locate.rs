//! The line of a key in serverless.yml, so a finding can point at `runtime:` or
//! `plugins:` (SARIF regions, table notes).
//!
//! The YAML parser gives values, not positions, and the resolved document may come from
//! variables and includes; this reads the text itself, following block-mapping
//! indentation only. Flow mappings, anchors and keys built by variables are not followed:
//! then there is no line, and the finding points at the file alone.

/// The 1-based line of the key at `path` (e.g. `["functions", "api", "runtime"]`).
pub fn line_of(text: &str, path: &[&str]) -> Option<u32> {
    let mut depth = 0;
    // Indentation of the block we are inside, and of its direct children once seen.
    let mut parent: Option<usize> = None;
    let mut child: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || raw.starts_with("---") {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        if let Some(p) = parent
            && indent <= p
        {
            return None; // left the block without finding the key
        }
        let level = *child.get_or_insert(indent);
        if indent != level {
            continue; // deeper: a grandchild
        }
        if key_of(trimmed) == Some(path[depth]) {
            depth += 1;
            if depth == path.len() {
                return u32::try_from(i + 1).ok();
            }
            parent = Some(indent);
            child = None;
        }
    }
    None
}

/// The key of a `key: value` or `key:` line, unquoted.
fn key_of(line: &str) -> Option<&str> {
    let line = line.strip_prefix("? ").unwrap_or(line);
    let (key, rest) = if let Some(q) = line.strip_prefix('"') {
        let end = q.find('"')?;
        (&q[..end], &q[end + 1..])
    } else if let Some(q) = line.strip_prefix('\'') {
        let end = q.find('\'')?;
        (&q[..end], &q[end + 1..])
    } else {
        let end = line.find(':')?;
        (line[..end].trim_end(), &line[end..])
    };
    let rest = rest.trim_start();
    let after = rest.strip_prefix(':')?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YML: &str = "\
service: s
# a comment
provider:
  name: aws
  runtime: python3.8

functions:
  api:
    handler: h.handler
    events:
      - http: GET /
  legacy:
    handler: l.handler
    \"runtime\": nodejs14.x
plugins:
  - serverless-python-requirements
";

    #[test]
    fn finds_keys_by_their_block() {
        assert_eq!(line_of(YML, &["provider", "runtime"]), Some(5));
        assert_eq!(line_of(YML, &["functions", "legacy", "runtime"]), Some(14));
        assert_eq!(line_of(YML, &["functions", "api", "runtime"]), None);
        assert_eq!(line_of(YML, &["functions", "api"]), Some(8));
        assert_eq!(line_of(YML, &["plugins"]), Some(15));
        assert_eq!(line_of(YML, &["runtime"]), None);
        assert_eq!(line_of("a: {runtime: x}\n", &["a", "runtime"]), None);
    }

    #[test]
    fn keys_need_a_colon_and_a_space() {
        assert_eq!(key_of("runtime: x"), Some("runtime"));
        assert_eq!(key_of("runtime:"), Some("runtime"));
        assert_eq!(key_of("url: http://x"), Some("url"));
        assert_eq!(key_of("http://x"), None);
        assert_eq!(key_of("- item"), None);
    }
}
