//! Groups a package's files into the things a person would remove or slim down: an npm
//! package, a Python distribution, or a folder of the service's own code.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use super::entries::Entry;

/// What kind of contributor a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// `node_modules/<pkg>` or `node_modules/@scope/pkg`.
    Npm,
    /// A top-level Python package or distribution (site-packages style).
    Python,
    /// A folder of the service's own code.
    Folder,
    /// Files at the package root.
    Root,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub name: String,
    pub kind: GroupKind,
    pub files: u64,
    pub unzipped_bytes: u64,
    pub zipped_bytes: Option<u64>,
}

/// The group an entry belongs to. The name borrows from the path unless it must be
/// rewritten (a dist-info folder), so grouping thousands of entries allocates little.
pub fn group_of(path: &str) -> (Cow<'_, str>, GroupKind) {
    // The last node_modules in the path owns the file (nested installs are their own package).
    if let Some(at) = segment_start(path, "node_modules/") {
        let base = at + "node_modules/".len();
        let rest = &path[base..];
        let scoped = rest.starts_with('@');
        let mut slashes = rest.match_indices('/').map(|(i, _)| i);
        let first = slashes.next();
        let name_end = if scoped { slashes.next() } else { first };
        return match name_end {
            Some(end) => (Cow::Borrowed(&path[..base + end]), GroupKind::Npm),
            None => (Cow::Borrowed(&path[..base - 1]), GroupKind::Folder),
        };
    }
    // Layer layouts put Python code under python/lib/pythonX/site-packages/.
    if let Some(at) = segment_start(path, "site-packages/") {
        let base = at + "site-packages/".len();
        if let Some(end) = path[base..].find('/') {
            let top = &path[..base + end];
            return (python_name(top), GroupKind::Python);
        }
    }
    match path.find('/') {
        None => (Cow::Borrowed("(root files)"), GroupKind::Root),
        Some(end) => {
            let top = &path[..end];
            let kind = if is_python_dist(top) || top.ends_with(".libs") {
                GroupKind::Python
            } else {
                GroupKind::Folder
            };
            (python_name(top), kind)
        }
    }
}

/// Where the last occurrence of `segment` (ending in `/`) starts as a whole path segment.
fn segment_start(path: &str, segment: &str) -> Option<usize> {
    path.rmatch_indices(segment)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || path.as_bytes()[i - 1] == b'/')
}

/// `requests-2.31.0.dist-info` → `requests (dist-info)`; other names unchanged.
fn python_name(top: &str) -> Cow<'_, str> {
    let (prefix, last) = match top.rfind('/') {
        Some(i) => (&top[..=i], &top[i + 1..]),
        None => ("", top),
    };
    for suffix in [".dist-info", ".egg-info"] {
        if let Some(stem) = last.strip_suffix(suffix) {
            let name = stem.split('-').next().unwrap_or(stem);
            return Cow::Owned(format!("{prefix}{name} ({})", &suffix[1..]));
        }
    }
    Cow::Borrowed(top)
}

fn is_python_dist(top: &str) -> bool {
    top.ends_with(".dist-info") || top.ends_with(".egg-info")
}

/// Group entries, biggest first (by unzipped bytes, then name). Folders that hold Python
/// modules are reported as Python packages when the runtime is Python.
pub fn groups(entries: &[Entry], python: bool) -> Vec<Group> {
    let mut map: HashMap<Cow<'_, str>, Group> = HashMap::new();
    for e in entries {
        let (name, mut kind) = group_of(&e.path);
        if python && kind == GroupKind::Folder && e.path.ends_with(".py") {
            kind = GroupKind::Python;
        }
        let g = match map.get_mut(&name) {
            Some(g) => g,
            None => map.entry(name.clone()).or_insert(Group {
                name: name.into_owned(),
                kind,
                files: 0,
                unzipped_bytes: 0,
                zipped_bytes: Some(0),
            }),
        };
        g.kind = g.kind.min(kind);
        g.files += 1;
        g.unzipped_bytes += e.size;
        g.zipped_bytes = match (g.zipped_bytes, e.compressed) {
            (Some(a), Some(b)) => Some(a + b),
            _ => None,
        };
    }
    let mut out: Vec<Group> = map.into_values().collect();
    out.sort_by(|a, b| {
        b.unzipped_bytes
            .cmp(&a.unzipped_bytes)
            .then_with(|| a.name.cmp(&b.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_scopes_nesting_and_python() {
        assert_eq!(
            group_of("node_modules/lodash/index.js").0,
            "node_modules/lodash"
        );
        assert_eq!(
            group_of("node_modules/@aws-sdk/client-s3/dist/index.js").0,
            "node_modules/@aws-sdk/client-s3"
        );
        assert_eq!(
            group_of("node_modules/a/node_modules/b/x.js").0,
            "node_modules/a/node_modules/b"
        );
        assert_eq!(
            group_of("functions/api/node_modules/uuid/x.js").0,
            "functions/api/node_modules/uuid"
        );
        assert_eq!(
            group_of("botocore/data/x.json"),
            ("botocore".into(), GroupKind::Folder)
        );
        assert_eq!(
            group_of("requests-2.31.0.dist-info/RECORD"),
            ("requests (dist-info)".into(), GroupKind::Python)
        );
        assert_eq!(
            group_of("python/lib/python3.12/site-packages/yaml/x.py").0,
            "python/lib/python3.12/site-packages/yaml"
        );
        assert_eq!(group_of("handler.py").1, GroupKind::Root);
    }

    #[test]
    fn groups_sum_and_sort() {
        let e = |p: &str, s: u64| Entry {
            path: p.into(),
            size: s,
            compressed: Some(s / 2),
            crc32: None,
        };
        let g = groups(
            &[
                e("a/x.py", 10),
                e("node_modules/big/a.js", 100),
                e("node_modules/big/b.js", 50),
                e("h.py", 1),
            ],
            true,
        );
        assert_eq!(g[0].name, "node_modules/big");
        assert_eq!(g[0].files, 2);
        assert_eq!(g[0].unzipped_bytes, 150);
        assert_eq!(g[0].zipped_bytes, Some(75));
        assert_eq!(g[1].kind, GroupKind::Python);
    }
}
