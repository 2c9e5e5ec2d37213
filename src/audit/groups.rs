//! Groups a package's files into the things a person would remove or slim down: an npm
//! package, a Python distribution, or a folder of the service's own code.

use std::collections::BTreeMap;

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

/// The group an entry belongs to.
pub fn group_of(path: &str) -> (String, GroupKind) {
    let parts: Vec<&str> = path.split('/').collect();
    // The last node_modules in the path owns the file (nested installs are their own package).
    if let Some(i) = parts.iter().rposition(|p| *p == "node_modules") {
        let prefix = parts[..=i].join("/");
        return match parts.get(i + 1) {
            Some(scope) if scope.starts_with('@') && parts.len() > i + 3 => {
                (format!("{prefix}/{scope}/{}", parts[i + 2]), GroupKind::Npm)
            }
            Some(name) if parts.len() > i + 2 => (format!("{prefix}/{name}"), GroupKind::Npm),
            _ => (prefix, GroupKind::Folder),
        };
    }
    // Layer layouts put Python code under python/ or python/lib/pythonX/site-packages/.
    if let Some(i) = parts.iter().position(|p| *p == "site-packages")
        && parts.len() > i + 2
    {
        return (python_name(&parts[..=i + 1].join("/")), GroupKind::Python);
    }
    if parts.len() == 1 {
        return ("(root files)".to_string(), GroupKind::Root);
    }
    let top = parts[0];
    let kind = if is_python_dist(top) || top.ends_with(".libs") {
        GroupKind::Python
    } else {
        GroupKind::Folder
    };
    (python_name(top), kind)
}

/// `requests-2.31.0.dist-info` → `requests (dist-info)`; other names unchanged.
fn python_name(top: &str) -> String {
    for suffix in [".dist-info", ".egg-info"] {
        if let Some(stem) = top.strip_suffix(suffix) {
            let name = stem.split('-').next().unwrap_or(stem);
            return format!("{name} ({})", &suffix[1..]);
        }
    }
    top.to_string()
}

fn is_python_dist(top: &str) -> bool {
    top.ends_with(".dist-info") || top.ends_with(".egg-info")
}

/// Group entries, biggest first (by unzipped bytes, then name). Folders that hold Python
/// modules are reported as Python packages when the runtime is Python.
pub fn groups(entries: &[Entry], python: bool) -> Vec<Group> {
    let mut map: BTreeMap<String, Group> = BTreeMap::new();
    for e in entries {
        let (name, mut kind) = group_of(&e.path);
        if python && kind == GroupKind::Folder && e.path.ends_with(".py") {
            kind = GroupKind::Python;
        }
        let g = map.entry(name.clone()).or_insert(Group {
            name,
            kind,
            files: 0,
            unzipped_bytes: 0,
            zipped_bytes: Some(0),
        });
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
            .then(a.name.cmp(&b.name))
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
