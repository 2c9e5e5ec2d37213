//! Parity of gearctl's offline packaging tree (`audit::tree`) with the real Serverless
//! Framework v3: `serverless package` runs on throw-away copies of a fixture service and of
//! the example service, and every zip it writes must hold exactly the files, bytes and modes
//! that `audit::tree::packages` predicts, with no zip missing or extra.
//!
//! The Framework is not a Cargo dependency: `bash scripts/test` installs it into
//! `~/.cache/gearctl/sls` (or point `GEARCTL_SLS` at a `serverless` v3 executable). It runs
//! offline: `package` needs no AWS account, and the variables below switch off its
//! telemetry, notifications and interactive set-up.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::repo_path;
use gearctl::audit::tree::{self, TreePackage};
use gearctl::service::{self, Options};

/// How long one `serverless package` may take before the test gives up on it.
const SLS_TIMEOUT: Duration = Duration::from_secs(300);

/// The Framework's own zip for its custom resources (S3 `existing: true` and the like); not
/// a function package.
const FRAMEWORK_ZIPS: [&str; 1] = ["custom-resources.zip"];

const INSTALL_HINT: &str = "run `bash scripts/test` (it installs the Framework), or \
     `npm install --prefix ~/.cache/gearctl/sls serverless@3`";

/// `GEARCTL_SLS`, else `~/.cache/gearctl/sls/node_modules/.bin/serverless`.
fn serverless_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("GEARCTL_SLS") {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "\n\nGEARCTL_SLS={} does not exist; {INSTALL_HINT}\n",
            p.display()
        );
        return p;
    }
    let home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    let p = home.join(".cache/gearctl/sls/node_modules/.bin/serverless");
    assert!(
        p.is_file(),
        "\n\nThe parity test needs the Serverless Framework v3 and found neither $GEARCTL_SLS \
         nor {}; {INSTALL_HINT}\n",
        p.display()
    );
    p
}

/// The Framework finds development dependencies with `npm ls`; without npm it would keep
/// them and the comparison would fail for the wrong reason.
fn require_npm() {
    let ok = Command::new("npm")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "\n\nthe parity test needs `npm` on PATH (Node.js)\n");
}

/// Copy a folder, keeping symlinks as symlinks and permission bits as they are.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let ft = entry.file_type().unwrap();
        if ft.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(&src).unwrap(), &dst).unwrap();
        } else if ft.is_dir() {
            copy_dir(&src, &dst);
        } else {
            fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A temporary copy of a service, with the junk a real checkout has: `.git/` and a
/// `.serverless/` left by an earlier run.
fn staged_copy(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fs::canonicalize(tmp.path()).unwrap().join("svc");
    copy_dir(src, &dir);
    fs::create_dir_all(dir.join(".git")).unwrap();
    fs::write(dir.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::create_dir_all(dir.join(".serverless")).unwrap();
    fs::write(dir.join(".serverless/old.zip"), b"PK\x05\x06 stale").unwrap();
    (tmp, dir)
}

/// Run `serverless package` in `dir`, offline, and fail the test with its output if it
/// fails or hangs.
fn serverless_package(dir: &Path) {
    let sls = serverless_bin();
    let out_path = dir.with_extension("sls-out.txt");
    let log = fs::File::create(&out_path).unwrap();
    let mut cmd = Command::new(&sls);
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("AWS_") || k == "NODE_ENV" {
            cmd.env_remove(&k);
        }
    }
    let mut child = cmd
        .args(["package", "--stage", "dev", "--region", "us-east-1"])
        .current_dir(dir)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("SLS_TELEMETRY_DISABLED", "1")
        .env("SLS_NOTIFICATIONS_MODE", "off")
        .env("SLS_INTERACTIVE_SETUP_DISABLE", "1")
        .env("CI", "1")
        // The `npm ls` runs the Framework starts must not stop to look for npm updates.
        .env("NPM_CONFIG_UPDATE_NOTIFIER", "false")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", sls.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > SLS_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = fs::read_to_string(&out_path).unwrap_or_default();
    match status {
        Some(s) if s.success() => {}
        Some(s) => panic!(
            "`serverless package` failed ({s}) in {}:\n{output}",
            dir.display()
        ),
        None => panic!(
            "`serverless package` did not finish within {SLS_TIMEOUT:?} in {}:\n{output}",
            dir.display()
        ),
    }
}

/// One zip entry: its Unix permission bits and its bytes.
type Entries = BTreeMap<String, (u32, Vec<u8>)>;

fn read_zip(path: &Path) -> Entries {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = Entries::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        assert!(
            !entry.is_dir(),
            "{} holds a directory entry {name}",
            path.display()
        );
        let mode = entry.unix_mode().unwrap_or(0) & 0o777;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        out.insert(name, (mode, bytes));
    }
    out
}

/// Stage a copy of `src`, predict its packages, run the Framework, compare. Returns the
/// prediction for extra assertions.
fn assert_parity(src: &Path) -> Vec<TreePackage> {
    require_npm();
    let (_tmp, dir) = staged_copy(src);
    let opts = Options {
        stage: Some("dev".into()),
        region: Some("us-east-1".into()),
    };
    let svc = service::load(&dir, &opts).unwrap_or_else(|e| panic!("{}", e.report()));
    let predicted = tree::packages(&svc).unwrap_or_else(|e| panic!("{}", e.report()));
    assert!(
        !predicted.is_empty(),
        "nothing to package in {}",
        src.display()
    );

    serverless_package(&dir);

    let built: BTreeSet<String> = fs::read_dir(dir.join(".serverless"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip") && !FRAMEWORK_ZIPS.contains(&n.as_str()))
        .collect();
    let expected: BTreeSet<String> = predicted.iter().map(|p| p.artifact_name.clone()).collect();
    assert_eq!(built, expected, "the zips in .serverless/");

    for pkg in &predicted {
        let zip_path = dir.join(".serverless").join(&pkg.artifact_name);
        let actual = read_zip(&zip_path);
        let ours: BTreeSet<&str> = pkg.files.iter().map(|f| f.path.as_str()).collect();
        let theirs: BTreeSet<&str> = actual.keys().map(String::as_str).collect();
        assert!(
            ours == theirs,
            "{}: file lists differ\n  only in serverless: {:?}\n  only in gearctl:    {:?}\n  patterns: {:#?}",
            pkg.artifact_name,
            theirs.difference(&ours).collect::<Vec<_>>(),
            ours.difference(&theirs).collect::<Vec<_>>(),
            pkg.patterns
        );
        for f in &pkg.files {
            let (mode, bytes) = &actual[&f.path];
            let on_disk = fs::read(&f.abs).unwrap();
            assert!(
                *bytes == on_disk,
                "{}: bytes of {} differ",
                pkg.artifact_name,
                f.path
            );
            assert_eq!(f.size, on_disk.len() as u64, "size of {}", f.path);
            let want = if f.executable { 0o755 } else { 0o644 };
            assert_eq!(
                *mode, want,
                "{}: mode of {} is {mode:o}",
                pkg.artifact_name, f.path
            );
        }
    }
    predicted
}

fn files_of<'a>(pkgs: &'a [TreePackage], key: &str) -> BTreeSet<&'a str> {
    pkgs.iter()
        .find(|p| p.function.as_deref() == Some(key))
        .unwrap_or_else(|| panic!("no package for {key}"))
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect()
}

#[test]
fn fixture_service_matches_serverless_package() {
    let pkgs = assert_parity(&repo_path("tests/fixtures/tree-service"));

    // The fixture still exercises what it is there for.
    let api = files_of(&pkgs, "api");
    let worker = files_of(&pkgs, "worker");
    let cron = files_of(&pkgs, "cron");
    for kept in [
        "node_modules/greeter/index.js",
        "node_modules/shout/index.js",
        "node_modules/tiny-util/index.js",
        "node_modules/.bin/greet",
        ".eslintrc",
        "docs/api.md",
        "tools/bin/run.sh",
        "package.json",
    ] {
        assert!(api.contains(kept), "api keeps {kept}");
    }
    for dropped in [
        "node_modules/lint-kit/index.js",
        "node_modules/lint-rules/index.js",
        "node_modules/.bin/lint-kit",
        ".env",
        ".gitignore",
        ".git/HEAD",
        ".serverless/old.zip",
        ".serverless_plugins/x.js",
        "serverless.yml",
        "README.md",
        "docs/ops.md",
        "tests/handler.test.js",
        "py/handler.py",
    ] {
        assert!(!api.contains(dropped), "api drops {dropped}");
    }
    assert!(worker.contains(".env") && worker.contains("py/lib/util.py"));
    assert!(
        !worker.iter().any(|f| f.starts_with("node_modules/")
            || f.starts_with("src/")
            || f.starts_with("tools/")),
        "worker: {worker:?}"
    );
    assert!(cron.contains("tests/handler.test.js") && !cron.contains("tests/test_worker.py"));
    assert!(
        cron.contains("node_modules/lint-rules/index.js"),
        "`./` re-includes"
    );
    assert!(!cron.contains("node_modules/lint-kit/index.js"));
    let run_sh = pkgs[0].files.iter().find(|f| f.path == "tools/bin/run.sh");
    assert!(
        run_sh.is_some_and(|f| f.executable),
        "tools/bin/run.sh is 0755"
    );
}

#[test]
fn example_service_matches_serverless_package() {
    let pkgs = assert_parity(&repo_path("examples/gearbox"));
    assert_eq!(pkgs.len(), 6, "one package per function");
}
