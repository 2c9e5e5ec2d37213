//! Where each node of a YAML file is. The loader parses serverless.yml into values without
//! positions; `iam check` parses the file a second time as events, with line and column, and
//! keys every node by its path (`provider.iam.role.statements[2].Action[0]`), so that a
//! finding can point at the line that grants it. `${file(…)}` includes are followed one
//! level, so a statement kept in another file is found in that file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Parser};

/// Where a node starts: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
struct Node {
    /// The key of a mapping entry, or the node itself for a sequence item.
    pos: Pos,
    /// The text of a scalar node, for `${file(…)}` includes.
    scalar: Option<String>,
}

/// Every node of one file by its key path.
#[derive(Debug, Default)]
pub struct Positions {
    nodes: HashMap<String, Node>,
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Pos)>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

/// No YAML document gearctl reads nests deeper; a deeper one is read up to here.
const MAX_DEPTH: usize = 64;
/// An upper bound on the nodes read from one file (a generous serverless.yml has thousands).
const MAX_NODES: usize = 200_000;

impl Positions {
    /// Read a file's node positions. A YAML error ends the reading: what came before keeps
    /// its positions (the loader has already refused a file it cannot parse).
    pub fn read(text: &str) -> Positions {
        let mut nodes = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            if nodes.len() > MAX_NODES {
                break;
            }
            let at = Pos {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            let (scalar, opens) = match &event {
                Event::Scalar(s, ..) => (Some(s.to_string()), None),
                Event::Alias(_) => (None, None),
                Event::SequenceStart(..) => (None, Some(true)),
                Event::MappingStart(..) => (None, Some(false)),
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                    advance(&mut stack);
                    continue;
                }
                _ => continue,
            };
            // A mapping waiting for its key: a scalar is the key; anything else is a
            // complex key, kept under `?`.
            if let Some(Frame::Map {
                key: key @ None, ..
            }) = stack.last_mut()
            {
                let name = scalar.clone().unwrap_or_else(|| "?".into());
                *key = Some((name, at));
                if let Some(seq) = opens {
                    stack.push(open(seq, "?".into()));
                }
                continue;
            }
            let (path, pos) = match stack.last() {
                None => (String::new(), at),
                Some(Frame::Map {
                    path,
                    key: Some((k, kpos)),
                }) => (join(path, k), *kpos),
                Some(Frame::Seq { path, index }) => (format!("{path}[{index}]"), at),
                Some(Frame::Map { key: None, .. }) => unreachable!("handled above"),
            };
            nodes.insert(path.clone(), Node { pos, scalar });
            match opens {
                Some(seq) if stack.len() < MAX_DEPTH => stack.push(open(seq, path)),
                Some(_) => break,
                None => advance(&mut stack),
            }
        }
        Positions { nodes }
    }

    /// The position of the node at a key path.
    pub fn get(&self, path: &str) -> Option<Pos> {
        self.nodes.get(path).map(|n| n.pos)
    }

    fn scalar(&self, path: &str) -> Option<&str> {
        self.nodes.get(path)?.scalar.as_deref()
    }
}

fn open(seq: bool, path: String) -> Frame {
    if seq {
        Frame::Seq { path, index: 0 }
    } else {
        Frame::Map { path, key: None }
    }
}

/// After a value: the mapping waits for its next key, the sequence counts on.
fn advance(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { index, .. }) => *index += 1,
        None => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A place in the service's files: the file (relative to the service directory), the key
/// path, and the line and column when they are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub key_path: String,
    pub pos: Option<Pos>,
}

/// The service's config file and the files it includes, read on demand.
pub struct Files {
    dir: PathBuf,
    config: PathBuf,
    main: Positions,
    included: HashMap<PathBuf, Positions>,
}

impl Files {
    pub fn new(dir: &Path, config: &Path, text: &str) -> Files {
        Files {
            dir: dir.to_path_buf(),
            config: config.strip_prefix(dir).unwrap_or(config).to_path_buf(),
            main: Positions::read(text),
            included: HashMap::new(),
        }
    }

    /// Where the node at a serverless.yml key path is written. When it is not in
    /// serverless.yml itself, the nearest enclosing `${file(X):a.b}` says where to look.
    pub fn locate(&mut self, path: &str) -> Location {
        if let Some(pos) = self.main.get(path) {
            return Location {
                file: self.config.clone(),
                key_path: path.to_string(),
                pos: Some(pos),
            };
        }
        let mut cut = path.len();
        while let Some(i) = path[..cut].rfind(['.', '[']) {
            cut = i;
            let prefix = &path[..cut];
            let Some((file, address)) = self.main.scalar(prefix).and_then(include) else {
                continue;
            };
            let rest = path[cut..].trim_start_matches('.');
            let inner = match (address.is_empty(), rest.starts_with('[')) {
                (true, _) => rest.to_string(),
                (false, true) => format!("{address}{rest}"),
                (false, false) if rest.is_empty() => address.clone(),
                (false, false) => format!("{address}.{rest}"),
            };
            let positions = self.included.entry(file.clone()).or_insert_with(|| {
                // Only a regular file of a config's size: `${file(/dev/zero)}` or a FIFO
                // gives no positions, never a hang.
                crate::files::read_capped(
                    &self.dir.join(&file),
                    "an included file",
                    crate::service::MAX_CONFIG_BYTES,
                )
                .map(|b| Positions::read(&String::from_utf8_lossy(&b)))
                .unwrap_or_default()
            });
            if let Some(pos) = positions.get(&inner) {
                return Location {
                    file,
                    key_path: path.to_string(),
                    pos: Some(pos),
                };
            }
            break;
        }
        // Not written yet (a `missing` where no statement list exists): the nearest key
        // that is, such as `provider`, so that there is still a line to point at.
        let mut cut = path.len();
        while let Some(i) = path[..cut].rfind(['.', '[']) {
            cut = i;
            if let Some(pos) = self.main.get(&path[..cut]) {
                return Location {
                    file: self.config.clone(),
                    key_path: path.to_string(),
                    pos: Some(pos),
                };
            }
        }
        Location {
            file: self.config.clone(),
            key_path: path.to_string(),
            pos: None,
        }
    }
}

/// `${file(./iam.yml):statements}` → (`iam.yml`, `statements`); the whole scalar must be
/// the include.
fn include(s: &str) -> Option<(PathBuf, String)> {
    let inner = s.trim().strip_prefix("${file(")?.strip_suffix('}')?;
    let (file, rest) = inner.split_once(')')?;
    let address = rest.strip_prefix(':').unwrap_or(rest).trim();
    let file = file.trim().trim_start_matches("./");
    Some((PathBuf::from(file), address.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const YML: &str = "\
service: s
provider:
  iam:
    role:
      statements:
        - Effect: Allow
          Action: ['s3:*', s3:GetObject]
          Resource: '*'
        - Effect: Allow
          Action:
            - sqs:SendMessage
          Resource: !GetAtt Q.Arn
functions:
  a:
    handler: h.a
    iamRoleStatements: ${file(./iam.yml):a}
";

    #[test]
    fn paths_have_lines_and_columns() {
        let p = Positions::read(YML);
        let line = |path: &str| p.get(path).map(|p| p.line);
        assert_eq!(line("provider.iam.role.statements"), Some(5));
        assert_eq!(line("provider.iam.role.statements[0]"), Some(6));
        assert_eq!(line("provider.iam.role.statements[0].Action[1]"), Some(7));
        assert_eq!(
            p.get("provider.iam.role.statements[0].Action[1]")
                .map(|p| p.column),
            Some(28)
        );
        assert_eq!(line("provider.iam.role.statements[0].Resource"), Some(8));
        assert_eq!(line("provider.iam.role.statements[1].Action[0]"), Some(11));
        assert_eq!(line("provider.iam.role.statements[1].Resource"), Some(12));
        assert_eq!(line("functions.a.handler"), Some(15));
    }

    #[test]
    fn an_include_is_followed_into_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("iam.yml"),
            "a:\n  - Effect: Allow\n    Action: s3:*\n    Resource: '*'\n",
        )
        .unwrap();
        let config = dir.path().join("serverless.yml");
        let mut files = Files::new(dir.path(), &config, YML);
        let l = files.locate("functions.a.iamRoleStatements[0].Action");
        assert_eq!(l.file, PathBuf::from("iam.yml"));
        assert_eq!(l.pos.map(|p| p.line), Some(3));
        // Not written: the nearest key that is.
        let l = files.locate("provider.iamRoleStatements");
        assert_eq!(l.file, PathBuf::from("serverless.yml"));
        assert_eq!(l.pos.map(|p| p.line), Some(2));
        assert_eq!(files.locate("nothing.here").pos, None);
    }

    #[test]
    fn broken_yaml_keeps_what_came_before() {
        let p = Positions::read("a: 1\nb: [\n");
        assert_eq!(p.get("a").map(|p| p.line), Some(1));
    }
}
