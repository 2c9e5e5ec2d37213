//! The file list: one walk of the service directory, following symlinks, that also
//! records the shape of `node_modules` for the development-dependency pass.
//!
//! Symlinks to folders inside the service are followed, as the Framework follows them. A
//! symlink to a folder outside the service (`vendor -> /usr`) is recorded and not entered:
//! walking `/usr` or `/sys` takes minutes and is never what a Lambda package should hold.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::*;
use crate::error::{Error, Result};

/// Everything the walk learned: the files, and the shape of `node_modules` for the
/// development-dependency pass.
#[derive(Debug, Default)]
pub(super) struct Tree {
    /// Every regular file (symlinks followed), sorted by path.
    pub(super) files: Vec<TreeFile>,
    /// Every folder (symlinks followed), sorted.
    pub(super) dirs: Vec<String>,
    /// Folder → names installed in its `node_modules` (`pkg` or `@scope/pkg`).
    pub(super) installed: HashMap<String, BTreeSet<String>>,
    /// Folders (relative, `""` = the service) holding a package.json, outside any path
    /// that contains `node_modules`.
    pub(super) package_dirs: Vec<String>,
    /// Symlinks to folders outside the service, not entered; sorted by path.
    pub(super) outside: Vec<OutsideLink>,
}

/// Walk the service directory once, following symlinks that stay in it (`root` is
/// canonical). Loops and dangling links are skipped; links to folders outside the service
/// are recorded, not entered; anything unreadable is an error naming it.
pub(super) fn walk(root: &Path) -> Result<Tree> {
    let mut tree = Tree::default();
    let mut outside = Vec::new();
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            if !(e.path_is_symlink() && e.file_type().is_dir()) {
                return true;
            }
            match std::fs::canonicalize(e.path()) {
                Ok(target) if !target.starts_with(root) => {
                    outside.push((e.path().to_path_buf(), target));
                    false
                }
                _ => true,
            }
        });
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                let dangling = path
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink())
                    && std::fs::metadata(&path).is_err();
                if dangling {
                    continue;
                }
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk failed"));
                return Err(crate::files::io_error("reading", &path, io));
            }
        };
        let Some(rel) = relative(root, entry.path()) else {
            continue;
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            note_installed(&mut tree.installed, &rel);
            tree.dirs.push(rel);
        } else if ft.is_file() {
            let meta = entry
                .metadata()
                .map_err(|e| Error::io("reading", entry.path(), e.into()))?;
            if entry.file_name() == "package.json" && !rel.contains("node_modules") {
                let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                tree.package_dirs.push(dir.to_string());
            }
            tree.files.push(TreeFile {
                abs: entry.path().to_path_buf(),
                size: meta.len(),
                executable: is_executable(&meta),
                path: rel,
            });
        }
    }
    tree.outside = outside
        .into_iter()
        .filter_map(|(link, target)| {
            Some(OutsideLink {
                path: relative(root, &link)?,
                target,
            })
        })
        .collect();
    tree.outside.sort_by(|a, b| a.path.cmp(&b.path));
    tree.files.sort_by(|a, b| a.path.cmp(&b.path));
    tree.package_dirs.sort();
    tree.dirs.sort();
    Ok(tree)
}

/// `path` relative to `root`, with forward slashes.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let r = path.strip_prefix(root).ok()?;
    Some(
        r.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

#[cfg(unix)]
pub(super) fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o100 != 0
}

#[cfg(not(unix))]
pub(super) fn is_executable(_meta: &std::fs::Metadata) -> bool {
    // The Framework marks every file executable on Windows.
    true
}

/// Record `rel` if it is an installed package folder: `<owner>/node_modules/<name>` or
/// `<owner>/node_modules/@scope/<name>` (dot-folders such as `.bin` are not packages).
pub(super) fn note_installed(installed: &mut HashMap<String, BTreeSet<String>>, rel: &str) {
    let segs: Vec<&str> = rel.split('/').collect();
    let n = segs.len();
    let Some(last) = segs.last() else { return };
    if last.starts_with('.') {
        return;
    }
    let (owner, name) = if n >= 2 && segs[n - 2] == "node_modules" && !last.starts_with('@') {
        (segs[..n - 2].join("/"), last.to_string())
    } else if n >= 3 && segs[n - 3] == "node_modules" && segs[n - 2].starts_with('@') {
        (segs[..n - 3].join("/"), format!("{}/{}", segs[n - 2], last))
    } else {
        return;
    };
    installed.entry(owner).or_default().insert(name);
}
