//! Which files of a service directory go into each function's deployment zip, decided the
//! way the Serverless Framework v3 decides it, without running it.
//!
//! `serverless package` takes seconds, needs Node and runs `npm ls` twice per package.json;
//! `gearctl audit` wants the same answer in milliseconds on every commit. So this module
//! walks the service directory once (no process, no network) and replays the Framework's
//! rules, read from `lib/plugins/package/lib/{package-service,zip-service}.js` of
//! serverless 3.40 and checked against it by `tests/it/serverless_parity.rs`:
//!
//! 1. The pattern list of a package: every exclude first, each turned into `!p` (an exclude
//!    written `!p` becomes the include `p`) — the default excludes, the config file, the
//!    local plugins path, service `package.exclude`, each layer's `path/**`, `.env*` under
//!    `useDotenv`, the function's `package.exclude`; then every include as written —
//!    service `package.include` and `package.patterns`, then the function's
//!    `package.include` and `package.patterns` (individual packages only); then the
//!    development-dependency excludes. Excludes and includes are each de-duplicated keeping
//!    the first occurrence (lodash `_.union`).
//! 2. The candidate files: what `globby(['**', ...includes])` lists, following symlinks.
//!    Mostly every file, but globby does not enter a folder named by a later negative
//!    include that ends in `/**` or whose last segment is plain (`!tools`,
//!    `!**/node_modules`), and a `./`-prefixed include lists files under a `./` name that
//!    no pattern ever changes (see `Listing`).
//! 3. Each candidate's fate is set by the last pattern matching it (micromatch with
//!    `dot: true`); a file no pattern matches is included.
//! 4. Development dependencies: what `npm ls --dev` lists and `npm ls --prod` does not, for
//!    every package.json whose path has no `node_modules`, computed from the installed
//!    `node_modules` folders the way npm's Arborist loads them (see `dev_dependency_globs`).
//!
//! Patterns are compiled with `globset` after a translation that reproduces picomatch 2.3
//! where the two differ (see `compile`). What is not reproduced: the extglobs `*(…)`,
//! `+(…)` and `!(…)` and invalid ranges are errors instead of silent micromatch behaviour;
//! include patterns that reach outside the service (`../x/**`) match nothing here, while
//! the Framework zips those files under `../` names; symlink loops are skipped (the
//! Framework descends into them until the OS refuses); symlinks to folders outside the
//! service are not entered but reported (the Framework zips what they hold); npm workspaces, `file:` links and
//! the user's npm `omit` settings are not modelled.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use globset::Candidate;
use serde_yaml::Value;

use crate::error::{Error, Result};
use crate::service::Service;

mod devdeps;
mod listing;
mod matching;
mod walk;

use devdeps::*;
use listing::*;
use matching::*;
use walk::*;

/// One file that would go into a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// The zip entry name: forward slashes, relative to the service directory.
    pub path: String,
    /// Where to read it (symlinks in the service directory are kept in the path; reading
    /// follows them, as the Framework does).
    pub abs: PathBuf,
    pub size: u64,
    /// The owner-execute bit is set: the Framework stores the entry as 0755, else 0644.
    pub executable: bool,
}

/// A symlink in the service directory to a folder outside it: not walked, so its files
/// are not in the package audited, while the Framework would zip them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideLink {
    /// The link's path in the service, forward slashes.
    pub path: String,
    /// Where it leads (resolved).
    pub target: PathBuf,
}

/// The package of one function (or of the whole service when not individually packaged).
#[derive(Debug, Clone)]
pub struct TreePackage {
    /// Function key; `None` is the service-wide package.
    pub function: Option<String>,
    /// The zip's name in `.serverless/`: `<function key>.zip` or `<service>.zip`.
    pub artifact_name: String,
    /// The full ordered pattern list that was applied (`!` = exclude), for explanations.
    pub patterns: Vec<String>,
    /// Sorted by path.
    pub files: Vec<TreeFile>,
    /// Links to folders outside the service that this package's patterns would include.
    pub outside_links: Vec<OutsideLink>,
}

/// The Framework's `defaultExcludes`.
pub const DEFAULT_EXCLUDES: [&str; 7] = [
    ".git/**",
    ".gitignore",
    ".DS_Store",
    "npm-debug.log",
    "yarn-*.log",
    ".serverless/**",
    ".serverless_plugins/**",
];

/// The packages `serverless package` would build for this service, in this order: the
/// service-wide package (when at least one function is not packaged individually), then one
/// per individually packaged function. Functions with `image`, `package.disable` or
/// `package.artifact` (or that fall back to the service's `package.artifact`) get none.
pub fn packages(svc: &Service) -> Result<Vec<TreePackage>> {
    let service_pkg = svc.doc.get("package");
    let svc_include = string_list(service_pkg, "include", "package")?;
    let svc_exclude = string_list(service_pkg, "exclude", "package")?;
    let svc_patterns = string_list(service_pkg, "patterns", "package")?;
    let svc_individually = truthy(service_pkg.and_then(|p| p.get("individually")));
    let svc_artifact = truthy(service_pkg.and_then(|p| p.get("artifact")));

    // Which packages get built, and the function-level lists of each.
    let mut plans: Vec<(Option<String>, Vec<String>, Vec<String>)> = Vec::new();
    let mut service_wide = false;
    for f in &svc.functions {
        if truthy(f.raw.get("image")) {
            continue;
        }
        let pkg = f.raw.get("package");
        let field = |k: &str| truthy(pkg.and_then(|p| p.get(k)));
        if field("disable") || field("artifact") {
            continue;
        }
        let own_individually = field("individually");
        if own_individually || svc_individually {
            if svc_artifact && !own_individually {
                continue;
            }
            let what = format!("functions.{}.package", f.key);
            let mut include = string_list(pkg, "include", &what)?;
            include.extend(string_list(pkg, "patterns", &what)?);
            let exclude = string_list(pkg, "exclude", &what)?;
            plans.push((Some(f.key.clone()), exclude, include));
        } else {
            service_wide = true;
        }
    }
    if service_wide && !svc_artifact {
        plans.insert(0, (None, Vec::new(), Vec::new()));
    }
    if plans.is_empty() {
        return Ok(Vec::new());
    }

    let root = canonical_dir(&svc.dir)?;
    let fixed_excludes = service_excludes(svc, &root, &svc_exclude);
    let tree = walk(&root)?;
    let exclude_dev = match service_pkg.and_then(|p| p.get("excludeDevDependencies")) {
        None | Some(Value::Null) => true,
        v => truthy(v),
    };
    let dev_globs = if exclude_dev {
        dev_dependency_globs(&root, &tree)
    } else {
        Vec::new()
    };

    // Plan every package, numbering their patterns in two shared banks.
    let mut mm_ids = Interner::default();
    let mut list_ids = Interner::default();
    let mut built = Vec::with_capacity(plans.len());
    for (function, fn_exclude, fn_include) in plans {
        let excludes = union(&[&fixed_excludes, &fn_exclude]);
        let includes = union(&[&svc_include, &svc_patterns, &fn_include]);
        let patterns = pattern_list(&excludes, &includes, &dev_globs);
        let matcher = Matcher::new(&patterns, &mut mm_ids)?;
        let listing = Listing::new(&includes, &mut list_ids)?;
        built.push((function, patterns, matcher, listing, Vec::new()));
    }
    let mm_bank = Bank::new(&mm_ids, true)?;
    let list_bank = Bank::new(&list_ids, false)?;

    let (mut scratch, mut mm_hits, mut list_hits) = (Vec::new(), Vec::new(), Vec::new());
    let dir_hits: Vec<(&str, Vec<usize>)> = tree
        .dirs
        .iter()
        .map(|d| {
            list_bank.hits(d, &Candidate::new(d), &mut scratch, &mut list_hits);
            (d.as_str(), list_hits.clone())
        })
        .filter(|(_, hits)| !hits.is_empty())
        .collect();
    for (_, _, _, listing, _) in &mut built {
        listing.prune_folders(&dir_hits);
    }

    let root_prefix = format!("{}/", root.to_string_lossy().trim_end_matches('/'));
    let mut abs = String::new();
    for f in &tree.files {
        let cand = Candidate::new(&f.path);
        mm_bank.hits(&f.path, &cand, &mut scratch, &mut mm_hits);
        list_bank.hits(&f.path, &cand, &mut scratch, &mut list_hits);
        abs.clear();
        abs.push_str(&root_prefix);
        abs.push_str(&f.path);
        for (_, _, matcher, listing, files) in &mut built {
            let listed = listing.lists(&f.path, &list_hits, &abs);
            if listed.pinned || (listed.plain && matcher.included(&mm_hits)) {
                files.push(f.clone());
            }
        }
    }

    // A link out of the service concerns a package when its patterns would take what
    // lies under it.
    let outside_hits: Vec<(&OutsideLink, Vec<usize>)> = tree
        .outside
        .iter()
        .map(|l| {
            let under = format!("{}/x", l.path);
            mm_bank.hits(&under, &Candidate::new(&under), &mut scratch, &mut mm_hits);
            (l, mm_hits.clone())
        })
        .collect();
    let mut out = Vec::with_capacity(built.len());
    for (function, patterns, matcher, _, files) in built {
        let outside_links = outside_hits
            .iter()
            .filter(|(_, hits)| matcher.included(hits))
            .map(|(l, _)| (*l).clone())
            .collect();
        let artifact_name = match &function {
            Some(key) => format!("{key}.zip"),
            None => format!("{}.zip", svc.name),
        };
        if files.is_empty() {
            let whose = match &function {
                Some(key) => format!("function `{key}`"),
                None => format!("service `{}`", svc.name),
            };
            return Err(Error::Invalid {
                what: format!("the package of {whose} would be empty"),
                detail: "no file matches its include / exclude patterns".into(),
                hint: Some(
                    "`serverless package` fails the same way (NO_MATCHED_FILES); \
                     check package.patterns"
                        .into(),
                ),
            });
        }
        out.push(TreePackage {
            function,
            artifact_name,
            patterns,
            files,
            outside_links,
        });
    }
    Ok(out)
}

/// The excludes every package of the service shares, in the Framework's order (before
/// `_.union`): defaults, config file, local plugins path, `package.exclude`, layer paths,
/// `.env*`.
pub(super) fn service_excludes(svc: &Service, root: &Path, svc_exclude: &[String]) -> Vec<String> {
    let mut v: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
    v.push(config_file_name(svc));
    // `plugins.localPath` when it is a non-empty string, else `<serviceDir>/.serverless_plugins`
    // — an absolute path, so the pattern never matches anything (the default excludes cover
    // that folder). A custom localPath is a bare path, not `path/**`: it matches a file of
    // that name only, never the folder's contents.
    let local = svc
        .doc
        .get("plugins")
        .and_then(|p| p.get("localPath"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            root.join(".serverless_plugins")
                .to_string_lossy()
                .into_owned()
        });
    v.push(local);
    v.extend(svc_exclude.iter().cloned());
    if let Some(Value::Mapping(layers)) = svc.doc.get("layers") {
        for layer in layers.values() {
            v.push(format!("{}/**", js_string(layer.get("path"))));
        }
    }
    if truthy(svc.doc.get("useDotenv")) {
        v.push(".env*".to_string());
    }
    v
}

/// The config file's name relative to the service directory.
pub(super) fn config_file_name(svc: &Service) -> String {
    crate::service::find_config(&svc.dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "serverless.yml".to_string())
}

/// Assemble the ordered pattern list exactly as `resolveFilePathsFromPatterns` does.
pub(super) fn pattern_list(
    excludes: &[String],
    includes: &[String],
    dev: &[String],
) -> Vec<String> {
    let dev_set: HashSet<&str> = dev.iter().map(String::as_str).collect();
    let flip = |p: &str| match p.strip_prefix('!') {
        Some(rest) => rest.to_string(),
        None => format!("!{p}"),
    };
    let mut out: Vec<String> = excludes
        .iter()
        .filter(|p| !dev_set.contains(p.as_str()))
        .map(|p| flip(p))
        .collect();
    out.extend(includes.iter().cloned());
    out.extend(union(&[dev]).iter().map(|p| flip(p)));
    out
}

/// lodash `_.union`: concatenation without repeats, first occurrence kept.
pub(super) fn union(lists: &[&[String]]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for list in lists {
        for p in list.iter() {
            if seen.insert(p.as_str()) {
                out.push(p.clone());
            }
        }
    }
    out
}

/// JavaScript truthiness of an optional YAML value.
pub(super) fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// How JavaScript would print a value inside a template string.
pub(super) fn js_string(v: Option<&Value>) -> String {
    match v {
        None => "undefined".into(),
        Some(Value::Null) => "null".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => "[object Object]".into(),
    }
}

/// `<parent>.<key>` as a list of strings; absent or null is empty.
pub(super) fn string_list(parent: Option<&Value>, key: &str, what: &str) -> Result<Vec<String>> {
    let invalid = |detail: String| Error::Invalid {
        what: format!("`{what}.{key}` in serverless.yml"),
        detail,
        hint: Some("write it as a list of glob strings".into()),
    };
    match parent.and_then(|p| p.get(key)) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Sequence(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                other => Err(invalid(format!(
                    "`{}` is not a string",
                    serde_yaml::to_string(other).unwrap_or_default().trim()
                ))),
            })
            .collect(),
        Some(_) => Err(invalid("it is not a list".into())),
    }
}

pub(super) fn canonical_dir(dir: &Path) -> Result<PathBuf> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::fs::canonicalize(dir).map_err(|e| Error::io("reading the service directory", dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{self, Options};

    /// Write `rel` under `dir`, creating folders.
    fn put(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A package.json for an installed package (or a project).
    fn pkg(dir: &Path, rel: &str, extra: &str) {
        let name = rel.rsplit("node_modules/").next().unwrap_or("root");
        let sep = if extra.is_empty() { "" } else { ", " };
        put(
            dir,
            &format!("{rel}/package.json"),
            &format!(r#"{{"name": "{name}", "version": "1.0.0"{sep}{extra}}}"#),
        );
    }

    /// A service in a fresh temp dir with `serverless.yml` and the given files.
    fn service_with(yaml: &str, files: &[&str]) -> (tempfile::TempDir, Service) {
        let tmp = tempfile::tempdir().unwrap();
        put(tmp.path(), "serverless.yml", yaml);
        for f in files {
            put(tmp.path(), f, f);
        }
        let svc = service::load(tmp.path(), &Options::default()).unwrap();
        (tmp, svc)
    }

    fn load(dir: &Path) -> Service {
        service::load(dir, &Options::default()).unwrap()
    }

    fn names(pkg: &TreePackage) -> Vec<&str> {
        pkg.files.iter().map(|f| f.path.as_str()).collect()
    }

    fn package<'a>(pkgs: &'a [TreePackage], key: &str) -> &'a TreePackage {
        pkgs.iter()
            .find(|p| p.function.as_deref() == Some(key))
            .unwrap_or_else(|| panic!("no package for {key}: {pkgs:#?}"))
    }

    /// micromatch(path, pattern, { dot: true }) as gearctl evaluates it.
    fn mm(pattern: &str, path: &str) -> bool {
        let c = compile(pattern).unwrap();
        let globbed = c.globs.iter().any(|g| g.compile_matcher().is_match(path));
        (globbed != c.negated) || (!c.negated && pattern == path)
    }

    #[test]
    fn patterns_match_like_micromatch() {
        // Expected values from micromatch 4.0.8 (the Framework's), `{ dot: true }`.
        let cases = [
            ("foo/**", "foo", true),
            ("foo/**", "foo/a/b", true),
            ("*/**", "a", false),
            ("**/foo/**", "foo", true),
            ("a/**/**", "a", true),
            ("*.js", ".eslintrc.js", true),
            ("*", "a/b", false),
            ("**.js", "a/b/c.js", true),
            ("x/**.js", "x/a/b.js", false),
            ("a**", "abc", true),
            ("a**", "a/b", false),
            ("**a", "x/ba", false),
            ("a/**b", "a/x/b", false),
            ("./foo/**", "foo/a", true),
            ("[!a].js", "a.js", true),
            ("[!a].js", "b.js", false),
            ("[^a].js", "b.js", true),
            ("{a}.js", "a.js", false),
            ("{a,b}.js", "b.js", true),
            ("a{,.min}.js", "a.js", true),
            ("{a,{b,c}}.js", "c.js", true),
            ("{1..3}.js", "2.js", true),
            ("{1..10}.js", "5.js", false),
            ("(a|b).js", "b.js", true),
            ("?(a|b).js", ".js", true),
            ("x(a|b)", "xa", true),
            ("a|b", "a", false),
            ("tests", "tests/a.py", false),
            ("foo/", "foo", false),
            ("**/", "a", false),
            ("/foo", "foo", false),
            ("!!foo", "foo", true),
            ("!!foo", "bar", false),
            ("!foo", "bar", true),
            ("a\\*b", "axb", false),
            ("a\\*b", "a*b", true),
            ("[[:alpha:]].js", "a.js", true),
            ("[a", "[a", true),
            ("{x,y", "{x,y", true),
            (".env*", "x/.env", false),
            ("**/__pycache__/**", "__pycache__/m.pyc", true),
            ("*.md", "docs/a.md", false),
        ];
        for (pattern, path, want) in cases {
            assert_eq!(mm(pattern, path), want, "{pattern:?} vs {path:?}");
        }
    }

    #[test]
    fn extglobs_without_an_equivalent_are_errors_naming_the_pattern() {
        assert!(compile("+(a|b).js").is_err());
        assert!(compile("*(a|b)").is_err());
        assert!(compile("!(a).js").is_err());
        let (_tmp, svc) = service_with(
            "service: s\nprovider: {name: aws}\npackage:\n  patterns: ['!+(a|b).js']\nfunctions:\n  f: {handler: h.h}\n",
            &["h.js"],
        );
        let err = packages(&svc).unwrap_err().to_string();
        assert!(err.contains("package pattern `!+(a|b).js`"), "{err}");
        // An invalid range is reported too (micromatch silently matches nothing).
        let (_tmp, svc) = service_with(
            "service: s\nprovider: {name: aws}\npackage:\n  patterns: ['{3..1}.js']\nfunctions:\n  f: {handler: h.h}\n",
            &["h.js"],
        );
        let err = packages(&svc).unwrap_err().to_string();
        assert!(err.contains("`{3..1}.js`"), "{err}");
    }

    #[test]
    fn malformed_pattern_lists_are_errors() {
        for (yaml, needle) in [
            ("package:\n  patterns: '!a/**'\n", "`package.patterns`"),
            ("package:\n  patterns: [1]\n", "is not a string"),
            ("package:\n  patterns: ['']\n", "empty pattern"),
        ] {
            let (_tmp, svc) = service_with(
                &format!(
                    "service: s\nprovider: {{name: aws}}\n{yaml}functions:\n  f: {{handler: h.h}}\n"
                ),
                &["h.js"],
            );
            let err = packages(&svc).unwrap_err().to_string();
            assert!(err.contains(needle), "{yaml}: {err}");
        }
    }

    #[test]
    fn pattern_list_puts_excludes_first_and_dev_excludes_last() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let excludes = union(&[
            &s(&[".git/**", "!keep/**", "node_modules/x/**"]),
            &s(&[".git/**"]),
        ]);
        let includes = union(&[&s(&["a/**", "!b/**"]), &s(&["!b/**", "c"])]);
        let dev = s(&["node_modules/x/**", "node_modules/.bin/x"]);
        assert_eq!(
            pattern_list(&excludes, &includes, &dev),
            s(&[
                "!.git/**",
                "keep/**",
                "a/**",
                "!b/**",
                "c",
                "!node_modules/x/**",
                "!node_modules/.bin/x",
            ])
        );
    }

    #[test]
    fn default_excludes_and_the_last_matching_pattern_wins() {
        let (tmp, svc) = service_with(
            "service: s\nprovider: {name: aws}\npackage:\n  individually: true\n  patterns: ['!*.md', '!lib/**', 'lib/keep.js']\nfunctions:\n  f:\n    handler: h.h\n    package:\n      patterns: ['README.md', '!.eslintrc']\n",
            &[
                "h.js",
                "lib/a.js",
                "lib/keep.js",
                "README.md",
                "NOTES.md",
                ".eslintrc",
                ".env",
                ".git/HEAD",
                ".gitignore",
                ".DS_Store",
                "npm-debug.log",
                "yarn-error.log",
                ".serverless/old.zip",
                ".serverless_plugins/p.js",
                "sub/.gitignore",
            ],
        );
        let pkgs = packages(&svc).unwrap();
        assert_eq!(pkgs.len(), 1);
        let f = package(&pkgs, "f");
        assert_eq!(f.artifact_name, "f.zip");
        // `.env` stays without `useDotenv`; only the top-level .gitignore is a default.
        assert_eq!(
            names(f),
            [".env", "README.md", "h.js", "lib/keep.js", "sub/.gitignore"]
        );
        assert_eq!(
            f.files[1].abs,
            std::fs::canonicalize(tmp.path()).unwrap().join("README.md")
        );
        assert_eq!(f.files[1].size, "README.md".len() as u64);
        assert!(f.patterns.starts_with(&["!.git/**".to_string()]));
        assert!(f.patterns.contains(&"!serverless.yml".to_string()));
    }

    #[test]
    fn function_patterns_apply_only_when_packaged_individually() {
        let yaml = "service: svc\nprovider: {name: aws}\npackage:\n  patterns: ['!b.js']\nfunctions:\n  one:\n    handler: a.h\n    package: {patterns: ['!a.js']}\n  two:\n    handler: a.h\n    package: {individually: true, patterns: ['!a.js']}\n";
        let (_tmp, svc) = service_with(yaml, &["a.js", "b.js", "c.js"]);
        let pkgs = packages(&svc).unwrap();
        assert_eq!(pkgs.len(), 2);
        // The service-wide package comes first and ignores `one`'s own patterns.
        assert_eq!(pkgs[0].function, None);
        assert_eq!(pkgs[0].artifact_name, "svc.zip");
        assert_eq!(names(&pkgs[0]), ["a.js", "c.js"]);
        assert_eq!(names(package(&pkgs, "two")), ["c.js"]);
    }

    #[test]
    fn every_exclude_comes_before_every_include_and_repeats_are_dropped() {
        // The function's v1 `exclude` sits before the service's `patterns`, so the service
        // re-includes what the function excluded; and the function's `!a/**`, a repeat of
        // the service's, is dropped by `_.union` instead of winning as the last pattern.
        let yaml = "service: s\nprovider: {name: aws}\npackage:\n  individually: true\n  patterns: ['lib/**', '!a/**', 'a/**']\nfunctions:\n  f:\n    handler: h.h\n    package:\n      exclude: ['lib/**']\n      patterns: ['!a/**']\n";
        let (_tmp, svc) = service_with(yaml, &["h.js", "lib/x.js", "a/y.js"]);
        let pkgs = packages(&svc).unwrap();
        let f = package(&pkgs, "f");
        assert_eq!(names(f), ["a/y.js", "h.js", "lib/x.js"]);
        let tail: Vec<&str> = f
            .patterns
            .iter()
            .rev()
            .take(4)
            .map(String::as_str)
            .collect();
        assert_eq!(tail, ["a/**", "!a/**", "lib/**", "!lib/**"]);
    }

    #[test]
    fn dotenv_layers_and_local_plugins() {
        let yaml = "service: s\nuseDotenv: true\nprovider: {name: aws}\nplugins:\n  localPath: my_plugins\nlayers:\n  deps: {path: layer}\nfunctions:\n  f: {handler: h.h}\n";
        let (_tmp, svc) = service_with(
            yaml,
            &[
                "h.js",
                ".env",
                ".env.prod",
                "a/.env",
                "layer/x.js",
                "my_plugins/p.js",
            ],
        );
        let pkgs = packages(&svc).unwrap();
        // A custom localPath excludes a file of that name, not the folder.
        assert_eq!(names(&pkgs[0]), ["a/.env", "h.js", "my_plugins/p.js"]);
        assert!(pkgs[0].patterns.contains(&"!layer/**".to_string()));
        assert!(pkgs[0].patterns.contains(&"!my_plugins".to_string()));
    }

    #[test]
    fn functions_that_are_not_built() {
        let yaml = "service: s\nprovider: {name: aws}\nfunctions:\n  img: {image: 'repo@sha256:abc'}\n  pre: {handler: h.h, package: {artifact: pre.zip}}\n  off: {handler: h.h, package: {disable: true}}\n";
        let (_tmp, svc) = service_with(yaml, &["h.js", "pre.zip"]);
        assert!(packages(&svc).unwrap().is_empty());
        // A service artifact replaces the packages of functions not individual on their own.
        let yaml = "service: s\nprovider: {name: aws}\npackage: {individually: true, artifact: all.zip}\nfunctions:\n  a: {handler: h.h}\n  b: {handler: h.h, package: {individually: true}}\n";
        let (_tmp, svc) = service_with(yaml, &["h.js", "all.zip"]);
        let pkgs = packages(&svc).unwrap();
        assert_eq!(pkgs.len(), 1);
        assert_eq!(pkgs[0].function.as_deref(), Some("b"));
    }

    #[test]
    fn static_negative_patterns_drop_whole_folders() {
        // globby does not enter `tools/` or any `node_modules/` folder; a later include
        // lists `tools/keep.sh` again.
        let yaml = "service: s\nprovider: {name: aws}\npackage:\n  patterns: ['!tools', '!**/node_modules', 'tools/keep.sh', '!docs/*.md']\nfunctions:\n  f: {handler: h.h}\n";
        let (_tmp, svc) = service_with(
            yaml,
            &[
                "h.js",
                "tools/a.sh",
                "tools/keep.sh",
                "lib/node_modules/x/i.js",
                "docs/a.md",
                "docs/b.txt",
            ],
        );
        let pkgs = packages(&svc).unwrap();
        assert_eq!(names(&pkgs[0]), ["docs/b.txt", "h.js", "tools/keep.sh"]);
    }

    #[test]
    fn candidate_listing_details() {
        assert!(is_dynamic("*.js") && is_dynamic("a/[bc]") && is_dynamic("a/{b,c}"));
        assert!(is_dynamic("(a|b)") && is_dynamic("x+(a)") && is_dynamic("!a"));
        assert!(!is_dynamic("tools") && !is_dynamic("a/{b}") && !is_dynamic("a(b)"));
        assert_eq!(glob_parent("**"), "");
        assert_eq!(glob_parent("lib/**"), "lib");
        assert_eq!(glob_parent("./src/a/*.js"), "src/a");
        assert_eq!(basename("a/b/"), "b");
        assert_eq!(expand_braces("{a,b{c,d}}/x"), ["a/x", "bc/x", "bd/x"]);
        assert_eq!(expand_braces("{a}/{1..2}"), ["{a}/{1..2}"]);
        assert_eq!(collapse_slashes("a//b///c"), "a/b/c");
        assert_eq!(collapse_slashes("//a"), "//a");
        let lists = |includes: &[&str], path: &str| -> Listed {
            let includes: Vec<String> = includes.iter().map(|s| s.to_string()).collect();
            let mut ids = Interner::default();
            let mut listing = Listing::new(&includes, &mut ids).unwrap();
            let bank = Bank::new(&ids, false).unwrap();
            let (mut scratch, mut hits) = (Vec::new(), Vec::new());
            let dir_hits: Vec<(&str, Vec<usize>)> = path
                .match_indices('/')
                .map(|(i, _)| {
                    let d = &path[..i];
                    bank.hits(d, &Candidate::new(d), &mut scratch, &mut hits);
                    (d, hits.clone())
                })
                .collect();
            listing.prune_folders(&dir_hits);
            bank.hits(path, &Candidate::new(path), &mut scratch, &mut hits);
            listing.lists(path, &hits, &format!("/svc/{path}"))
        };
        let yes = Listed {
            plain: true,
            pinned: false,
        };
        let some = ["!a", "a/b/**", "!/svc/x.js"];
        assert_eq!(lists(&some, "a/b/c.js"), yes);
        assert_eq!(lists(&some, "a/c.js"), Listed::default());
        assert_eq!(lists(&some, "x.js"), Listed::default());
        assert_eq!(
            lists(&["a/b/**", "!a"], "a/b/c.js"),
            yes,
            "the walk starts in a/b"
        );
        assert_eq!(lists(&["a/*/c.js", "!a/b"], "a/b/c.js"), Listed::default());
        let pinned = Listed {
            plain: true,
            pinned: true,
        };
        assert_eq!(lists(&["./lib/**"], "lib/a.js"), pinned);
    }

    /// The tree of the scenario checked against `npm ls` 11: nested installs, a cycle, a
    /// scoped dev tool with a string `bin`, optional and peer edges, extraneous packages,
    /// a name in both `dependencies`-like lists and `devDependencies`, and a sub-project.
    fn npm_scenario(dir: &Path) {
        put(
            dir,
            "package.json",
            r#"{"name": "t", "version": "1.0.0",
                "dependencies": {"p": "*", "cyc1": "*"},
                "devDependencies": {"dv": "*", "@sc/tool": "*", "dv2": "*"},
                "optionalDependencies": {"dv2": "*"}}"#,
        );
        let nm = "node_modules";
        pkg(
            dir,
            &format!("{nm}/p"),
            r#""dependencies": {"x": "*", "onlyindev": "*"}, "peerDependencies": {"po": "*"}, "peerDependenciesMeta": {"po": {"optional": true}}"#,
        );
        pkg(
            dir,
            &format!("{nm}/p/node_modules/x"),
            r#""dependencies": {"y": "*"}"#,
        );
        pkg(dir, &format!("{nm}/x"), r#""bin": {"xcli": "cli.js"}"#);
        pkg(dir, &format!("{nm}/y"), "");
        pkg(
            dir,
            &format!("{nm}/po"),
            r#""peerDependencies": {"onlypeeropt": "*"}, "peerDependenciesMeta": {"onlypeeropt": {"optional": true}}"#,
        );
        pkg(dir, &format!("{nm}/onlypeeropt"), "");
        pkg(
            dir,
            &format!("{nm}/dv"),
            r#""dependencies": {"x": "*", "z": "*"}, "bin": "cli.js""#,
        );
        pkg(dir, &format!("{nm}/dv/node_modules/onlyindev"), "");
        pkg(dir, &format!("{nm}/z"), r#""dependencies": {"p": "*"}"#);
        pkg(dir, &format!("{nm}/dv2"), "");
        pkg(
            dir,
            &format!("{nm}/cyc1"),
            r#""dependencies": {"cyc2": "*"}"#,
        );
        pkg(
            dir,
            &format!("{nm}/cyc2"),
            r#""dependencies": {"cyc1": "*"}"#,
        );
        pkg(
            dir,
            &format!("{nm}/@sc/tool"),
            r#""bin": "t.js", "dependencies": {"@sc/lib": "*"}"#,
        );
        pkg(dir, &format!("{nm}/@sc/lib"), "");
        pkg(
            dir,
            &format!("{nm}/ext"),
            r#""dependencies": {"ext2": "*"}"#,
        );
        pkg(dir, &format!("{nm}/ext/node_modules/ext2"), "");
        pkg(
            dir,
            "sub",
            r#""dependencies": {"y": "*", "q": "*"}, "devDependencies": {"r": "*"}"#,
        );
        pkg(dir, "sub/node_modules/q", r#""dependencies": {"r": "*"}"#);
        pkg(dir, "sub/node_modules/r", "");
        pkg(dir, "sub/node_modules/s", "");
        put(dir, "node_modules/x/cli.js", "x");
        put(dir, "node_modules/.bin/xcli", "x");
        put(dir, "node_modules/.bin/dv", "dv");
    }

    #[test]
    fn development_dependencies_as_npm_ls_lists_them() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        npm_scenario(&root);
        let tree = walk(&root).unwrap();
        assert_eq!(tree.package_dirs, ["", "sub"]);
        let mut cache = Manifests::new();
        let (mut all, mut prod) = npm_ls(&mut cache, &root, &tree, "");
        all.sort();
        prod.sort();
        let nm = |v: &[&str]| -> Vec<String> {
            v.iter()
                .map(|s| {
                    if s.is_empty() {
                        String::new()
                    } else {
                        format!("node_modules/{s}")
                    }
                })
                .collect()
        };
        assert_eq!(
            prod,
            nm(&[
                "",
                "cyc1",
                "cyc2",
                "ext",
                "ext/node_modules/ext2",
                "onlypeeropt",
                "p",
                "p/node_modules/x",
                "po",
                "y"
            ])
        );
        assert_eq!(all.len(), prod.len() + 7, "{all:?}");
        assert_eq!(
            dev_dependency_globs(&root, &tree),
            [
                "node_modules/@sc/lib/**",
                "node_modules/@sc/tool/**",
                // The Framework's own path for a scoped string `bin`.
                "node_modules/@sc/.bin/tool",
                "node_modules/dv/**",
                "node_modules/.bin/dv",
                "node_modules/dv/node_modules/onlyindev/**",
                "node_modules/dv2/**",
                "node_modules/x/**",
                "node_modules/.bin/xcli",
                "node_modules/z/**",
            ]
        );
    }

    #[test]
    fn dev_dependencies_are_excluded_last_unless_turned_off() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        put(
            dir,
            "package.json",
            r#"{"dependencies": {"a": "1"}, "devDependencies": {"b": "1"}}"#,
        );
        pkg(dir, "node_modules/a", r#""dependencies": {"shared": "1"}"#);
        pkg(
            dir,
            "node_modules/b",
            r#""dependencies": {"shared": "1", "c": "1"}"#,
        );
        pkg(dir, "node_modules/c", "");
        pkg(dir, "node_modules/shared", "");
        put(dir, "h.js", "");
        let yaml = "service: s\nprovider: {name: aws}\npackage:\n  patterns: ['node_modules/b/**', './node_modules/c/**']\nfunctions:\n  f: {handler: h.h}\n";
        put(dir, "serverless.yml", yaml);
        let pkgs = packages(&load(dir)).unwrap();
        // `b` stays out although a pattern names it; `./` keeps `c` (its files are listed
        // as `./node_modules/c/...`, which no pattern updates).
        assert_eq!(
            names(&pkgs[0]),
            [
                "h.js",
                "node_modules/a/package.json",
                "node_modules/c/package.json",
                "node_modules/shared/package.json",
                "package.json",
            ]
        );
        assert_eq!(
            pkgs[0].patterns.last().map(String::as_str),
            Some("!node_modules/c/**")
        );

        put(
            dir,
            "serverless.yml",
            &format!("{yaml}  excludeDevDependencies: false\n").replace(
                "functions:\n  f: {handler: h.h}\n  excludeDevDependencies: false\n",
                "  excludeDevDependencies: false\nfunctions:\n  f: {handler: h.h}\n",
            ),
        );
        let pkgs = packages(&load(dir)).unwrap();
        assert!(names(&pkgs[0]).contains(&"node_modules/b/package.json"));
    }

    #[test]
    fn one_broken_dev_manifest_drops_every_dev_exclude() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        put(
            &root,
            "package.json",
            r#"{"devDependencies": {"b": "1", "c": "1"}}"#,
        );
        pkg(&root, "node_modules/b", "");
        put(&root, "node_modules/c/package.json", "{ not json");
        let tree = walk(&root).unwrap();
        assert!(dev_dependency_globs(&root, &tree).is_empty());
        // Same with `bin: null`; a dev package without package.json is merely skipped.
        put(&root, "node_modules/c/package.json", r#"{"bin": null}"#);
        assert!(dev_dependency_globs(&root, &walk(&root).unwrap()).is_empty());
        std::fs::remove_file(root.join("node_modules/c/package.json")).unwrap();
        put(&root, "node_modules/c/index.js", "");
        assert_eq!(
            dev_dependency_globs(&root, &walk(&root).unwrap()),
            ["node_modules/b/**"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn walk_follows_symlinks_keeps_modes_and_survives_loops() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        put(&root, "bin/run.sh", "#!/bin/sh\n");
        std::fs::set_permissions(
            root.join("bin/run.sh"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
        put(&root, "shared/x.txt", "12345");
        symlink(root.join("shared"), root.join("linked")).unwrap();
        symlink("../bin/run.sh", root.join("shared/run")).unwrap();
        symlink(".", root.join("shared/loop")).unwrap();
        symlink("nowhere", root.join("dangling")).unwrap();
        let tree = walk(&root).unwrap();
        let got: Vec<(&str, u64, bool)> = tree
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.size, f.executable))
            .collect();
        assert_eq!(
            got,
            [
                ("bin/run.sh", 10, true),
                ("linked/run", 10, true),
                ("linked/x.txt", 5, false),
                ("shared/run", 10, true),
                ("shared/x.txt", 5, false),
            ]
        );
        assert_eq!(tree.files[1].abs, root.join("linked/run"));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_service_are_recorded_not_entered() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        put(outside.path(), "deep/lib.py", "x = 1\n");
        put(outside.path(), "one.py", "y = 2\n");
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        put(
            &root,
            "serverless.yml",
            "service: s\nprovider: {name: aws}\npackage:\n  individually: true\nfunctions:\n  a: {handler: h.h}\n  b:\n    handler: h.h\n    package: {patterns: ['!vendor/**']}\n",
        );
        put(&root, "h.py", "");
        put(&root, "inside/k.py", "");
        symlink(outside.path(), root.join("vendor")).unwrap();
        symlink(root.join("inside"), root.join("alias")).unwrap();
        symlink(outside.path().join("one.py"), root.join("one.py")).unwrap();
        let pkgs = packages(&load(&root)).unwrap();
        let a = package(&pkgs, "a");
        // In-service links are followed and file links kept, as the Framework does; the
        // folder outside is not entered.
        assert_eq!(names(a), ["alias/k.py", "h.py", "inside/k.py", "one.py"]);
        let links: Vec<&str> = a.outside_links.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(links, ["vendor"]);
        assert_eq!(
            a.outside_links[0].target,
            std::fs::canonicalize(outside.path()).unwrap()
        );
        // A package whose patterns exclude the link does not report it.
        assert!(package(&pkgs, "b").outside_links.is_empty());
    }

    #[test]
    fn an_empty_package_and_a_missing_dir_are_errors() {
        let (_tmp, svc) = service_with(
            "service: s\nprovider: {name: aws}\npackage:\n  patterns: ['!**']\nfunctions:\n  f: {handler: h.h}\n",
            &["h.js"],
        );
        let err = packages(&svc).unwrap_err().to_string();
        assert!(err.contains("service `s` would be empty"), "{err}");

        let mut svc = svc;
        svc.dir = PathBuf::from("/nonexistent/gearctl-tree");
        let err = packages(&svc).unwrap_err().to_string();
        assert!(err.contains("/nonexistent/gearctl-tree"), "{err}");
    }
}
