//! Development dependencies: which installed packages `npm ls --dev` lists and
//! `npm ls --prod` does not, computed from `node_modules` without running npm.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::Path;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DepKind {
    Peer,
    PeerOptional,
    Prod,
    Optional,
    Dev,
}

/// package.json files read so far, by folder (`None`: missing or not JSON).
pub(super) type Manifests = HashMap<String, Option<serde_json::Value>>;

pub(super) fn join(dir: &str, rest: &str) -> String {
    if dir.is_empty() {
        rest.to_string()
    } else {
        format!("{dir}/{rest}")
    }
}

pub(super) fn manifest<'m>(
    cache: &'m mut Manifests,
    root: &Path,
    dir: &str,
) -> Option<&'m serde_json::Value> {
    cache
        .entry(dir.to_string())
        .or_insert_with(|| {
            let text = std::fs::read_to_string(root.join(dir).join("package.json")).ok()?;
            serde_json::from_str(&text).ok()
        })
        .as_ref()
}

/// The dependency edges of an installed package (or of the project root, which alone also
/// has `devDependencies`), by name. Later kinds override earlier ones as in Arborist:
/// peer, then prod, then optional, then dev — so a name in both `dependencies` and
/// `devDependencies` of the root is a dev edge.
pub(super) fn edges(
    cache: &mut Manifests,
    root: &Path,
    node: &str,
    is_root: bool,
) -> Vec<(String, DepKind)> {
    let Some(pkg) = manifest(cache, root, node) else {
        return Vec::new();
    };
    let mut out: BTreeMap<String, DepKind> = BTreeMap::new();
    let names = |key: &str| -> Vec<String> {
        pkg.get(key)
            .and_then(serde_json::Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    for name in names("peerDependencies") {
        let optional = pkg
            .get("peerDependenciesMeta")
            .and_then(|m| m.get(&name))
            .and_then(|m| m.get("optional"))
            .is_some_and(|o| {
                !matches!(o, serde_json::Value::Null | serde_json::Value::Bool(false))
            });
        let kind = if optional {
            DepKind::PeerOptional
        } else {
            DepKind::Peer
        };
        out.insert(name, kind);
    }
    for name in names("dependencies") {
        out.insert(name, DepKind::Prod);
    }
    for name in names("optionalDependencies") {
        out.insert(name, DepKind::Optional);
    }
    if is_root {
        for name in names("devDependencies") {
            out.insert(name, DepKind::Dev);
        }
    }
    out.into_iter().collect()
}

/// The folder whose `node_modules` holds `node` (`a/node_modules/@s/b` → `a`).
pub(super) fn parent_package(node: &str) -> &str {
    node.rfind("/node_modules/").map_or("", |i| &node[..i])
}

/// Node's lookup as Arborist does it: the nearest `node_modules/<name>` from `from`
/// upwards, never above the project root.
pub(super) fn resolve(tree: &Tree, project: &str, from: &str, name: &str) -> Option<String> {
    let mut cur = from;
    loop {
        if tree.installed.get(cur).is_some_and(|s| s.contains(name)) {
            return Some(join(cur, &format!("node_modules/{name}")));
        }
        if cur == project {
            return None;
        }
        cur = parent_package(cur);
    }
}

/// What `npm ls --all --parseable` prints for one project (relative paths, the project
/// itself first) with `--dev` and with `--prod`. In npm 7 and later `--dev` means
/// `--include=dev`, so it lists everything; `--prod` (`--omit=dev`) drops the root's dev
/// edges. Below the root every edge is followed (prod, optional, peer). Extraneous
/// packages — reachable through no edge of the project — are listed, in both, under
/// whichever listed package holds them in its `node_modules`.
pub(super) fn npm_ls(
    cache: &mut Manifests,
    root: &Path,
    tree: &Tree,
    project: &str,
) -> (Vec<String>, Vec<String>) {
    // Arborist's `extraneous` flag: reachable through no edge but optional peer ones.
    let mut reachable: HashSet<String> = HashSet::from([project.to_string()]);
    let mut queue = VecDeque::from([project.to_string()]);
    while let Some(node) = queue.pop_front() {
        for (name, kind) in edges(cache, root, &node, node == project) {
            if kind == DepKind::PeerOptional {
                continue;
            }
            if let Some(to) = resolve(tree, project, &node, &name)
                && reachable.insert(to.clone())
            {
                queue.push_back(to);
            }
        }
    }

    let mut list = |prod_only: bool| {
        let mut listed = vec![project.to_string()];
        let mut seen: HashSet<String> = HashSet::from([project.to_string()]);
        let mut queue = VecDeque::from([project.to_string()]);
        while let Some(node) = queue.pop_front() {
            let is_root = node == project;
            let mut next: Vec<String> = edges(cache, root, &node, is_root)
                .into_iter()
                .filter(|(_, kind)| !(is_root && prod_only && *kind == DepKind::Dev))
                .filter_map(|(name, _)| resolve(tree, project, &node, &name))
                .collect();
            if let Some(children) = tree.installed.get(&node) {
                next.extend(
                    children
                        .iter()
                        .map(|c| join(&node, &format!("node_modules/{c}")))
                        .filter(|c| !reachable.contains(c)),
                );
            }
            for n in next {
                if seen.insert(n.clone()) {
                    listed.push(n.clone());
                    queue.push_back(n);
                }
            }
        }
        listed
    };
    let dev = list(false);
    let prod = list(true);
    (dev, prod)
}

/// The excludes `excludeNodeDevDependencies` produces: for every package that
/// `npm ls --dev` lists and `npm ls --prod` does not (over all package.json files outside
/// `node_modules`), `<path>/**`, plus `<folder>/.bin/<name>` for each of its `bin` entries.
///
/// Replayed quirks: a listed package whose package.json cannot be read is skipped; one
/// whose package.json is not valid JSON (or has `bin: null`) makes the Framework drop
/// every development-dependency exclude; a string `bin` of a scoped package points at
/// `node_modules/@scope/.bin/<name>`, where no link ever is.
pub(super) fn dev_dependency_globs(root: &Path, tree: &Tree) -> Vec<String> {
    let mut cache = Manifests::new();
    let mut dev: Vec<String> = Vec::new();
    let mut dev_seen = HashSet::new();
    let mut prod: HashSet<String> = HashSet::new();
    for project in &tree.package_dirs {
        let (all, prod_only) = npm_ls(&mut cache, root, tree, project);
        for p in all {
            if dev_seen.insert(p.clone()) {
                dev.push(p);
            }
        }
        prod.extend(prod_only);
    }
    dev.sort();

    let mut globs = Vec::new();
    for item in dev
        .iter()
        .filter(|p| !prod.contains(*p) && p.contains("node_modules/"))
    {
        let Ok(text) = std::fs::read_to_string(root.join(item).join("package.json")) else {
            continue;
        };
        let Ok(pkg) = serde_json::from_str::<serde_json::Value>(&text) else {
            return Vec::new();
        };
        if pkg.is_null() || pkg.get("bin").is_some_and(serde_json::Value::is_null) {
            return Vec::new();
        }
        let (module_path, module_name) = match item.rfind('/') {
            Some(i) => (&item[..=i], &item[i + 1..]),
            None => ("", item.as_str()),
        };
        globs.push(format!("{item}/**"));
        match pkg.get("bin") {
            Some(serde_json::Value::Object(bins)) => {
                for name in bins.keys() {
                    globs.push(normalize(&format!("{module_path}.bin/{name}")));
                }
            }
            Some(serde_json::Value::Array(bins)) => {
                for i in 0..bins.len() {
                    globs.push(format!("{module_path}.bin/{i}"));
                }
            }
            Some(serde_json::Value::String(_)) => {
                globs.push(format!("{module_path}.bin/{module_name}"));
            }
            _ => {}
        }
    }
    union(&[&globs])
}

/// Node's `path.normalize` for relative POSIX paths.
pub(super) fn normalize(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." if out.last().is_some_and(|s| *s != "..") => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}
