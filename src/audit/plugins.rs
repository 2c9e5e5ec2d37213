//! Packaging plugins: serverless.yml plugins that change what goes into the zip.
//!
//! The tree audit applies the Framework's own packaging rules; a plugin such as
//! serverless-esbuild or serverless-python-requirements replaces or extends them at
//! `serverless package` time, so the tree's numbers are not the zip's. We say so once per
//! service and point at the built `.serverless/*.zip`. For serverless-python-requirements
//! we also list the requirements it will add and, where a local virtualenv or the plugin's
//! cache has them installed, their sizes and what `slim: true` would save (an estimate).
//!
//! Everything read here is bounded: requirement files (size, `-r` depth, count), RECORD
//! files, and the folders walked when a package has no RECORD.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_yaml::Value;

use crate::service::Service;

/// Plugins that change the package, and what each does to it.
pub const PACKAGING_PLUGINS: &[(&str, &str)] = &[
    (
        "serverless-python-requirements",
        "installs requirements.txt into the package",
    ),
    ("serverless-esbuild", "bundles the handlers with esbuild"),
    ("serverless-webpack", "bundles the handlers with webpack"),
    (
        "serverless-plugin-typescript",
        "compiles TypeScript into the package",
    ),
];

const MAX_REQUIREMENTS_FILE: u64 = 1024 * 1024;
const MAX_INCLUDE_DEPTH: usize = 5;
const MAX_REQUIREMENTS: usize = 500;
const MAX_RECORD_FILE: u64 = 8 * 1024 * 1024;
const MAX_FILES_PER_PACKAGE: usize = 100_000;

/// The one warning for a service that uses packaging plugins.
#[derive(Debug, Clone, Serialize)]
pub struct PluginWarning {
    pub rule: &'static str,
    /// The service's config file, as given on the command line.
    pub file: String,
    /// The line of `plugins:` in it, when found.
    pub line: Option<u32>,
    pub plugins: Vec<String>,
    pub message: String,
    pub python_requirements: Option<PythonRequirements>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PythonRequirements {
    /// The requirements file read (`custom.pythonRequirements.fileName`, or requirements.txt).
    pub file: String,
    /// Whether `custom.pythonRequirements.slim` is already on.
    pub slim: bool,
    pub requirements: Vec<Requirement>,
    /// Where installed packages were looked up.
    pub searched: Vec<String>,
    /// Sum of the sizes found.
    pub installed_bytes: u64,
    /// Estimate: `.pyc`/`.pyo`, `__pycache__/`, `*.dist-info/` and `tests/` bytes of the
    /// packages found, which `slim: true` removes (it also strips `.so` files; not counted).
    pub slim_savings_bytes: u64,
    /// Problems reading the requirements (a missing `-r` file, a limit reached).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    /// The distribution name, as written.
    pub name: String,
    /// The requirement as written, without comments (version pins, extras, markers).
    pub spec: String,
    /// The installed size, when a local environment has the package.
    pub installed_bytes: Option<u64>,
    pub slim_savings_bytes: Option<u64>,
    /// The site-packages folder it was measured in.
    pub found_in: Option<String>,
}

/// The names listed under `plugins:` (a list, or `{modules: [...]}`).
pub fn plugin_names(doc: &Value) -> Vec<String> {
    let list = match doc.get("plugins") {
        Some(Value::Sequence(s)) => s.clone(),
        Some(Value::Mapping(m)) => m
            .get("modules")
            .and_then(Value::as_sequence)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    list.iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// The warning for a service, if it uses a packaging plugin. `config` is its serverless.yml.
pub fn check(svc: &Service, config: &Path, config_text: Option<&str>) -> Option<PluginWarning> {
    let names = plugin_names(&svc.doc);
    let found: Vec<&(&str, &str)> = PACKAGING_PLUGINS
        .iter()
        .filter(|(p, _)| names.iter().any(|n| n == p))
        .collect();
    if found.is_empty() {
        return None;
    }
    let what = found
        .iter()
        .map(|(p, does)| format!("{p} ({does})"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = format!(
        "packaging plugin{} {what}: the package built by `serverless package` differs from \
         this source tree; audit the built zips with `gearctl audit .serverless/*.zip` after \
         `serverless package`",
        if found.len() > 1 { "s" } else { "" },
    );
    let python_requirements = found
        .iter()
        .any(|(p, _)| *p == "serverless-python-requirements")
        .then(|| python_requirements(svc, &env_dirs()));
    Some(PluginWarning {
        rule: "packaging-plugin",
        file: config.display().to_string(),
        line: config_text.and_then(|t| super::locate::line_of(t, &["plugins"])),
        plugins: found.iter().map(|(p, _)| p.to_string()).collect(),
        message,
        python_requirements,
    })
}

/// Folders outside the service that may hold installed packages: `$VIRTUAL_ENV`, and the
/// plugin's cache (`~/.cache/serverless-python-requirements`, or `$XDG_CACHE_HOME`).
fn env_dirs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(v) = std::env::var_os("VIRTUAL_ENV") {
        out.push(PathBuf::from(v));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
    if let Some(c) = cache {
        out.push(c.join("serverless-python-requirements"));
    }
    out
}

/// Read the requirements and measure what a local environment has of them. `extra` are
/// virtualenvs or plugin caches outside the service.
pub fn python_requirements(svc: &Service, extra: &[PathBuf]) -> PythonRequirements {
    let custom = svc
        .doc
        .get("custom")
        .and_then(|c| c.get("pythonRequirements"));
    let file_name = custom
        .and_then(|c| c.get("fileName"))
        .and_then(Value::as_str)
        .unwrap_or("requirements.txt");
    let slim = custom
        .and_then(|c| c.get("slim"))
        .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
    let file = svc.dir.join(file_name);
    let mut notes = Vec::new();
    let mut specs = Vec::new();
    read_requirements(&file, 0, &mut specs, &mut notes);
    if specs.len() > MAX_REQUIREMENTS {
        specs.truncate(MAX_REQUIREMENTS);
        notes.push(format!(
            "only the first {MAX_REQUIREMENTS} requirements are listed"
        ));
    }
    let mut sites = site_packages(&svc.dir);
    for dir in extra {
        sites.extend(site_packages_in(dir));
    }
    let mut requirements = Vec::new();
    let (mut installed, mut savings) = (0, 0);
    for (name, spec) in specs {
        let measured = sites
            .iter()
            .find_map(|site| measure(site, &name).map(|m| (site, m)));
        if let Some((_, (size, slim_bytes))) = measured {
            installed += size;
            savings += slim_bytes;
        }
        requirements.push(Requirement {
            name,
            spec,
            installed_bytes: measured.map(|(_, m)| m.0),
            slim_savings_bytes: measured.map(|(_, m)| m.1),
            found_in: measured.map(|(s, _)| s.display().to_string()),
        });
    }
    PythonRequirements {
        file: file.display().to_string(),
        slim,
        requirements,
        searched: sites.iter().map(|s| s.display().to_string()).collect(),
        installed_bytes: installed,
        slim_savings_bytes: savings,
        notes,
    }
}

/// Parse a requirements file into (name, spec) pairs, following `-r`/`--requirement`.
fn read_requirements(
    file: &Path,
    depth: usize,
    out: &mut Vec<(String, String)>,
    notes: &mut Vec<String>,
) {
    if depth > MAX_INCLUDE_DEPTH {
        notes.push(format!(
            "{}: nested deeper than {MAX_INCLUDE_DEPTH} `-r` includes; not read",
            file.display()
        ));
        return;
    }
    let text = match read_bounded(file, MAX_REQUIREMENTS_FILE) {
        Ok(t) => t,
        Err(why) => {
            notes.push(format!("{}: {why}", file.display()));
            return;
        }
    };
    // Join continuation lines (a trailing backslash).
    let joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    for line in joined.lines() {
        if out.len() > MAX_REQUIREMENTS {
            return;
        }
        let line = strip_comment(line).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line
            .strip_prefix("-r")
            .or_else(|| line.strip_prefix("--requirement"))
        {
            let target = rest.trim_start_matches([' ', '=', '\t']).trim();
            let base = file.parent().unwrap_or(Path::new("."));
            read_requirements(&base.join(target), depth + 1, out, notes);
            continue;
        }
        if line.starts_with('-') {
            continue; // -c, -e, --index-url and other options: not a package of the zip
        }
        if let Some(name) = requirement_name(line) {
            // `--hash=...` options after the requirement are not part of it.
            let spec = line.split(" --").next().unwrap_or(line).trim().to_string();
            out.push((name, spec));
        }
    }
}

fn strip_comment(line: &str) -> &str {
    if line.starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(i) => &line[..i],
        None => line,
    }
}

/// The distribution name at the start of a requirement (`name[extra]>=1; marker`,
/// `name @ url`). None for a bare URL or path.
pub fn requirement_name(line: &str) -> Option<String> {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(line.len());
    let name = &line[..end];
    let rest = line[end..].trim_start();
    let ok = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && (rest.is_empty() || rest.starts_with(['[', '=', '<', '>', '!', '~', ';', '@', '(']));
    ok.then(|| name.to_string())
}

/// PEP 503 normalised name: lower case, runs of `-_.` as one `-`.
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn read_bounded(path: &Path, max: u64) -> Result<String, String> {
    use std::io::Read;
    let file =
        crate::files::open_regular(path, "a requirements file").map_err(|e| e.to_string())?;
    let mut buf = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > max {
        return Err(format!("bigger than {} bytes; not read", max));
    }
    String::from_utf8(buf).map_err(|_| "not UTF-8 text; not read".to_string())
}

/// The site-packages folders of the service's own virtualenvs (`.venv`, `venv`, `env`).
fn site_packages(service: &Path) -> Vec<PathBuf> {
    [".venv", "venv", "env"]
        .iter()
        .flat_map(|v| site_packages_in(&service.join(v)))
        .collect()
}

/// Site-packages-like folders under a virtualenv (`lib/python3.X/site-packages`,
/// `Lib/site-packages`) or a plugin cache (each `*_slspyc` folder holds installed packages).
fn site_packages_in(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(meta) = std::fs::symlink_metadata(root) else {
        return out;
    };
    if !meta.is_dir() {
        return out;
    }
    if let Ok(entries) = std::fs::read_dir(root.join("lib")) {
        let mut libs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path().join("site-packages"))
            .filter(|p| p.is_dir())
            .collect();
        libs.sort();
        out.extend(libs);
    }
    let win = root.join("Lib").join("site-packages");
    if win.is_dir() {
        out.push(win);
    }
    if let Ok(entries) = std::fs::read_dir(root) {
        let mut caches: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_dir()
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().ends_with("_slspyc"))
            })
            .take(64)
            .collect();
        caches.sort();
        out.extend(caches);
    }
    out
}

/// (installed bytes, slim-removable bytes) of a distribution in a site-packages folder:
/// the files its `*.dist-info/RECORD` lists, else its top-level package folder.
fn measure(site: &Path, name: &str) -> Option<(u64, u64)> {
    let want = normalize(name);
    let entries = std::fs::read_dir(site).ok()?;
    let mut dist_info = None;
    for e in entries.flatten().take(MAX_FILES_PER_PACKAGE) {
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(stem) = file.strip_suffix(".dist-info")
            && normalize(stem.split('-').next().unwrap_or(stem)) == want
        {
            dist_info = Some(e.path());
            break;
        }
    }
    if let Some(info) = dist_info
        && let Ok(record) = read_bounded(&info.join("RECORD"), MAX_RECORD_FILE)
    {
        return Some(measure_record(site, &record));
    }
    // No RECORD: the package folder (`my_pkg` for `my-pkg`).
    let dir = site.join(want.replace('-', "_"));
    let meta = std::fs::symlink_metadata(&dir).ok()?;
    if !meta.is_dir() {
        return None;
    }
    let (mut total, mut slim) = (0, 0);
    for e in walkdir::WalkDir::new(&dir)
        .max_depth(32)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .take(MAX_FILES_PER_PACKAGE)
    {
        let size = e.metadata().map(|m| m.len()).unwrap_or(0);
        total += size;
        let rel = e.path().strip_prefix(site).unwrap_or(e.path());
        if slim_removes(&rel.to_string_lossy().replace('\\', "/")) {
            slim += size;
        }
    }
    Some((total, slim))
}

/// Sum the files a RECORD lists, from the disk (its own size column is blank for some),
/// skipping paths that leave the site folder (console scripts in `../../bin`).
fn measure_record(site: &Path, record: &str) -> (u64, u64) {
    let (mut total, mut slim) = (0, 0);
    for line in record.lines().take(MAX_FILES_PER_PACKAGE) {
        let path = if let Some(q) = line.strip_prefix('"') {
            q.split('"').next().unwrap_or("")
        } else {
            line.split(',').next().unwrap_or("")
        };
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|p| p == "..") {
            continue;
        }
        let size = std::fs::symlink_metadata(site.join(path))
            .map(|m| if m.is_file() { m.len() } else { 0 })
            .unwrap_or(0);
        total += size;
        if slim_removes(path) {
            slim += size;
        }
    }
    (total, slim)
}

/// What the plugin's `slim` option removes, as far as we estimate it.
fn slim_removes(path: &str) -> bool {
    path.ends_with(".pyc")
        || path.ends_with(".pyo")
        || path
            .split('/')
            .any(|p| p == "__pycache__" || p.ends_with(".dist-info") || p == "tests")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plugin_lists_in_both_forms() {
        let list: Value =
            serde_yaml::from_str("plugins:\n  - a\n  - serverless-esbuild\n").unwrap();
        assert_eq!(plugin_names(&list), ["a", "serverless-esbuild"]);
        let modules: Value =
            serde_yaml::from_str("plugins:\n  localPath: ./p\n  modules: [serverless-webpack]\n")
                .unwrap();
        assert_eq!(plugin_names(&modules), ["serverless-webpack"]);
        assert!(plugin_names(&Value::Null).is_empty());
    }

    #[test]
    fn requirement_names() {
        assert_eq!(
            requirement_name("requests==2.31.0").as_deref(),
            Some("requests")
        );
        assert_eq!(
            requirement_name("Pillow[tiff] >= 9 ; python_version > '3'").as_deref(),
            Some("Pillow")
        );
        assert_eq!(
            requirement_name("pkg @ https://x/y.whl").as_deref(),
            Some("pkg")
        );
        assert_eq!(
            requirement_name("zope.interface").as_deref(),
            Some("zope.interface")
        );
        assert_eq!(requirement_name("./local/dir"), None);
        assert_eq!(requirement_name("https://x/y.whl"), None);
        assert_eq!(normalize("Zope.Interface"), "zope-interface");
        assert_eq!(normalize("typing__extensions"), "typing-extensions");
    }

    #[test]
    fn slim_estimate_counts_caches_metadata_and_tests() {
        assert!(slim_removes("pkg/__pycache__/a.cpython-312.pyc"));
        assert!(slim_removes("pkg-1.0.dist-info/RECORD"));
        assert!(slim_removes("pkg/tests/test_a.py"));
        assert!(!slim_removes("pkg/core.py"));
    }
}
