//! The candidate list: which files globby lists before any pattern is applied (it skips
//! folders that some negative patterns name, and keeps `./` names apart).

use std::collections::HashSet;

use globset::{GlobSet, GlobSetBuilder};

use super::*;
use crate::error::{Error, Result};

/// Which files `globby(['**', ...includes], { dot: true, follow: true })` lists — the only
/// files the pattern list is then applied to. globby gives each positive pattern the
/// negative ones after it as fast-glob `ignore`s, and fast-glob does not even enter a folder
/// that an ignore matches when that ignore ends in `/**` or its last segment has no glob
/// syntax: `!tools` or `!**/node_modules` drop whole folders although, as patterns, they
/// match no file inside them. A later positive pattern can list such files again.
pub(super) struct Listing {
    pub(super) tasks: Vec<ListTask>,
}

/// How globby lists a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Listed {
    /// As `path`: the pattern list decides.
    pub(super) plain: bool,
    /// As `./path`, through a `./`-prefixed include. micromatch reports such a path without
    /// its `./`, so the Framework never updates its state: it is packaged whatever the
    /// patterns say.
    pub(super) pinned: bool,
}

/// One positive pattern (brace alternatives expanded, as fast-glob does). Globs are ids in
/// the listing [`Bank`].
pub(super) struct ListTask {
    /// Literal paths: fast-glob stats them instead of walking, so nothing prunes them.
    /// (path, pinned)
    pub(super) statics: Vec<(String, bool)>,
    /// Glob alternatives: the glob (`None`: `**`, every path), the folder the walk starts
    /// in, pinned.
    pub(super) dynamics: Vec<(Option<usize>, String, bool)>,
    /// The negative patterns after this one (by id): a listed file must match none...
    pub(super) ignore: Vec<bool>,
    /// ...(absolute ones against the absolute path)...
    pub(super) ignore_abs: GlobSet,
    /// ...and no folder between the walk's start and the file may be one of these: the
    /// folders matching an ignore that ends in `/**` or has a plain last segment.
    pub(super) prune_ids: HashSet<usize>,
    pub(super) prune: HashSet<String>,
}

impl Listing {
    /// Plan the listing, interning every glob in `bank` (regex semantics: fast-glob tests
    /// paths with `makeRe`, so micromatch's equal-string rule does not apply here).
    pub(super) fn new(includes: &[String], bank: &mut Interner) -> Result<Listing> {
        let patterns = union(&[&["**".to_string()], includes]);
        let mut tasks = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            if p.starts_with('!') {
                continue;
            }
            let mut ignore = Vec::new();
            let mut ignore_abs = GlobSetBuilder::new();
            let mut prune_ids = HashSet::new();
            for written in patterns[i..].iter().filter(|n| n.starts_with('!')) {
                let neg = &written[1..];
                for alt in expand_braces(neg).iter().map(|a| collapse_slashes(a)) {
                    let alt = alt
                        .strip_prefix('!')
                        .filter(|a| !a.starts_with('('))
                        .unwrap_or(&alt);
                    if alt.starts_with('/') {
                        for g in compile(alt).map_err(|d| pattern_error(written, d))?.globs {
                            ignore_abs.add(g);
                        }
                        continue;
                    }
                    let id = bank.intern(alt, written)?;
                    if ignore.len() <= id {
                        ignore.resize(id + 1, false);
                    }
                    ignore[id] = true;
                    if alt.ends_with("/**") || !is_dynamic(basename(alt)) {
                        prune_ids.insert(id);
                    }
                }
            }
            let mut statics = Vec::new();
            let mut dynamics = Vec::new();
            for alt in expand_braces(p).iter().map(|a| collapse_slashes(a)) {
                let dotted = alt.starts_with("./");
                if alt == "**" {
                    dynamics.push((None, String::new(), false));
                } else if is_dynamic(&alt) {
                    let id = bank.intern(&alt, p)?;
                    let base = glob_parent(&alt);
                    let pinned = dotted && !base.is_empty();
                    dynamics.push((Some(id), base, pinned));
                } else {
                    let path = alt.strip_prefix("./").unwrap_or(&alt).to_string();
                    statics.push((path, dotted));
                }
            }
            // fast-glob walks every alternative from the root (and reports paths without
            // `./`) when one of them starts there.
            if dynamics.iter().any(|(_, base, _)| base.is_empty()) {
                for d in &mut dynamics {
                    d.1.clear();
                    d.2 = false;
                }
            }
            tasks.push(ListTask {
                statics,
                dynamics,
                ignore,
                ignore_abs: ignore_abs.build().map_err(|e| bad_glob(p, e))?,
                prune_ids,
                prune: HashSet::new(),
            });
        }
        Ok(Listing { tasks })
    }

    /// Resolve which folders each task prunes, from the listing bank's hits per folder.
    pub(super) fn prune_folders(&mut self, dir_hits: &[(&str, Vec<usize>)]) {
        for t in &mut self.tasks {
            if t.prune_ids.is_empty() {
                continue;
            }
            t.prune = dir_hits
                .iter()
                .filter(|(_, hits)| hits.iter().any(|h| t.prune_ids.contains(h)))
                .map(|(d, _)| d.to_string())
                .collect();
        }
    }

    /// How `path` is listed, given the listing bank's `hits` for it; `abs` is the path
    /// under the service directory, for absolute ignores.
    pub(super) fn lists(&self, path: &str, hits: &[usize], abs: &str) -> Listed {
        let mut listed = Listed::default();
        for t in &self.tasks {
            if hits
                .iter()
                .any(|&h| t.ignore.get(h).copied().unwrap_or(false))
            {
                continue;
            }
            if !t.ignore_abs.is_empty() && t.ignore_abs.is_match(abs) {
                continue;
            }
            let statics = t.statics.iter().filter(|(s, _)| s == path).map(|(_, p)| *p);
            let dynamics = t
                .dynamics
                .iter()
                .filter(|(id, base, _)| {
                    id.is_none_or(|id| hits.contains(&id)) && !pruned(path, base, &t.prune)
                })
                .map(|(_, _, p)| *p);
            for pinned in statics.chain(dynamics) {
                if pinned {
                    listed.pinned = true;
                } else {
                    listed.plain = true;
                }
            }
        }
        listed
    }
}

/// Whether a folder on the way from `base` (exclusive) down to `path` is in `prune`.
pub(super) fn pruned(path: &str, base: &str, prune: &HashSet<String>) -> bool {
    if prune.is_empty() {
        return false;
    }
    let start = if base.is_empty() { 0 } else { base.len() + 1 };
    let below =
        |d: &str| d.len() >= start && path.len() > d.len() && path.as_bytes()[d.len()] == b'/';
    if prune.len() <= 16 {
        return prune
            .iter()
            .any(|d| below(d) && path.starts_with(d.as_str()));
    }
    path.match_indices('/')
        .filter(|(i, _)| *i >= start)
        .any(|(i, _)| prune.contains(&path[..i]))
}

pub(super) fn pattern_error(p: &str, detail: String) -> Error {
    Error::Invalid {
        what: format!("package pattern `{p}`"),
        detail,
        hint: Some(
            "use *, **, ?, [...] and {a,b}; micromatch extglobs such as +(...) \
             cannot be evaluated offline"
                .into(),
        ),
    }
}

/// fast-glob's `removeDuplicateSlashes`: `a//b` → `a/b` (a leading `//` stays).
pub(super) fn collapse_slashes(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    for (i, ch) in p.char_indices() {
        if ch == '/' && i > 1 && out.ends_with('/') {
            continue;
        }
        if ch == '/' && i == 1 && out == "/" {
            out.push(ch);
            continue;
        }
        out.push(ch);
    }
    out
}

/// Node's `path.basename` (trailing slashes ignored).
pub(super) fn basename(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    t.rsplit('/').next().unwrap_or(t)
}

/// The folder a walk for a dynamic pattern starts in (`glob-parent`): the leading segments
/// without glob syntax; `""` is the service root.
pub(super) fn glob_parent(p: &str) -> String {
    let p = p.strip_prefix("./").unwrap_or(p);
    let segs: Vec<&str> = p.split('/').collect();
    let globby = |s: &str| s.contains(['*', '?', '[', '{', '(', '\\']) || s.starts_with('!');
    let n = segs
        .iter()
        .position(|s| globby(s))
        .unwrap_or(segs.len().saturating_sub(1));
    segs[..n.min(segs.len().saturating_sub(1))].join("/")
}

/// fast-glob's `isDynamicPattern`.
pub(super) fn is_dynamic(p: &str) -> bool {
    let c: Vec<char> = p.chars().collect();
    if c.is_empty() {
        return false;
    }
    if p.contains(['\\', '*', '?']) || p.starts_with('!') {
        return true;
    }
    // A character class: `[` then `]` with no `[` between.
    let class = c.iter().enumerate().any(|(i, &ch)| {
        ch == '['
            && c[i + 1..]
                .iter()
                .take_while(|&&x| x != '[')
                .any(|&x| x == ']')
    });
    // A group with `|`, or an extglob.
    let group = c.iter().enumerate().any(|(i, &ch)| {
        if ch != '(' {
            return false;
        }
        let extglob = i > 0 && "!*+?@".contains(c[i - 1]);
        let rest = &c[i + 1..];
        let closes = rest.iter().take_while(|&&x| x != '(').any(|&x| x == ')');
        let piped = rest.iter().enumerate().any(|(k, &x)| {
            x == '|'
                && !rest[..k].contains(&'(')
                && rest[k + 1..]
                    .iter()
                    .take_while(|&&y| y != '|')
                    .any(|&y| y == ')')
        });
        (extglob && closes) || (!extglob && piped)
    });
    // Brace expansion: the first `{…}` holds `,` or `..`.
    let braces = p.find('{').is_some_and(|o| {
        p[o + 1..]
            .find('}')
            .is_some_and(|k| p[o..o + 1 + k].contains(',') || p[o..o + 1 + k].contains(".."))
    });
    class || group || braces
}

/// Expand `{a,b}` alternations (nested too), as fast-glob does before walking. Ranges and
/// braces without a comma stay as written.
pub(super) fn expand_braces(p: &str) -> Vec<String> {
    let c: Vec<char> = p.chars().collect();
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '\\' => i += 1,
            '{' => {
                if let Some(end) = group_end(&c, i) {
                    let parts = split_top(&c[i + 1..end], ',');
                    if parts.len() > 1 {
                        let head: String = c[..i].iter().collect();
                        let tail: String = c[end + 1..].iter().collect();
                        let mut out = Vec::new();
                        for part in parts {
                            let part: String = part.iter().collect();
                            for e in expand_braces(&format!("{head}{part}{tail}")) {
                                if !e.is_empty() && !out.contains(&e) {
                                    out.push(e);
                                }
                            }
                        }
                        return out;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    vec![p.to_string()]
}
