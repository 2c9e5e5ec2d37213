//! `gearctl audit` on hostile inputs: lying, huge and broken zips, FIFOs, symlinks out of
//! the service, unreadable files and bad config. Each case must end within a time bound,
//! with bounded memory where it could blow up, exit 2 with a `hint:` line when it is an
//! error, and never panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Generous, so that a loaded machine does not make the suite flaky; the hangs this
/// guards against last forever.
const BOUND: Duration = Duration::from_secs(20);

/// Run gearctl with `args` in `dir`, killed after [`BOUND`], optionally under an
/// address-space limit (bytes) and without capabilities (so that root, too, meets file
/// permissions).
fn run(dir: &Path, args: &[&str], address_space: Option<u64>, no_caps: bool) -> Output {
    let bin = env!("CARGO_BIN_EXE_gearctl");
    let mut argv: Vec<String> = Vec::new();
    if no_caps {
        argv.extend(["setpriv", "--bounding-set=-all", "--inh-caps=-all"].map(String::from));
    }
    if let Some(limit) = address_space {
        argv.extend(["prlimit".to_string(), format!("--as={limit}")]);
    }
    argv.push(bin.to_string());
    argv.extend(args.iter().map(|s| s.to_string()));
    let mut cmd = gearctl_env(Command::new(&argv[0]));
    cmd.args(&argv[1..])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("run gearctl");
    // Output is small in every case here, so waiting before reading cannot deadlock.
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > BOUND {
            child.kill().ok();
            child.wait().ok();
            panic!("gearctl {args:?} did not end within {BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Exit 2, an `error:` naming `needle`, and a `hint:` line.
fn assert_error_with_hint(out: &Output, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("error: ") && err.contains(needle), "{err}");
    assert!(err.contains("\n  hint: "), "no hint line: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A minimal Python service in `dir`.
fn service(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  h:\n    handler: handler.h\n",
    )
    .unwrap();
    std::fs::write(dir.join("handler.py"), "def h(e, c):\n    return 1\n").unwrap();
    dir.to_path_buf()
}

/// A zip holding `mib` MiB of zeros in one deflated entry, written without compressing
/// them all here: deflate output after a full flush does not depend on what came before,
/// so the compressed form of 1 MiB of zeros is repeated.
fn zeros_zip(path: &Path, mib: u32) {
    use flate2::{Compress, Compression, FlushCompress};
    let zeros = vec![0u8; 1 << 20];
    let mut block = Vec::with_capacity(1 << 16);
    let mut c = Compress::new(Compression::default(), false);
    c.compress_vec(&zeros, &mut block, FlushCompress::Full)
        .unwrap();
    assert_eq!(c.total_in(), 1 << 20);
    let mut crc = flate2::Crc::new();
    let mut data = Vec::with_capacity(block.len() * mib as usize + 2);
    for _ in 0..mib {
        data.extend_from_slice(&block);
        crc.update(&zeros);
    }
    data.extend_from_slice(&[0x03, 0x00]); // a final, empty fixed-Huffman block
    let (name, size, csize) = (b"zeros.bin", mib << 20, data.len() as u32);
    let mut z = Vec::new();
    let header = |z: &mut Vec<u8>, sig: u32, central: bool| {
        z.extend_from_slice(&sig.to_le_bytes());
        if central {
            z.extend_from_slice(&20u16.to_le_bytes()); // made by
        }
        for v in [20u16, 0, 8, 0, 0] {
            z.extend_from_slice(&v.to_le_bytes()); // version, flags, deflate, time, date
        }
        for v in [crc.sum(), csize, size] {
            z.extend_from_slice(&v.to_le_bytes());
        }
        z.extend_from_slice(&(name.len() as u16).to_le_bytes());
        z.extend_from_slice(&0u16.to_le_bytes()); // extra
        if central {
            z.extend_from_slice(&[0; 8]); // comment, disk, internal attributes
            z.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            z.extend_from_slice(&0u32.to_le_bytes()); // local header offset
        }
        z.extend_from_slice(name);
    };
    header(&mut z, 0x0403_4b50, false);
    z.extend_from_slice(&data);
    let cd_start = z.len() as u32;
    header(&mut z, 0x0201_4b50, true);
    let cd_len = z.len() as u32 - cd_start;
    z.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend_from_slice(&cd_len.to_le_bytes());
    z.extend_from_slice(&cd_start.to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    std::fs::write(path, z).unwrap();
}

#[test]
fn a_deep_audit_streams_a_huge_entry_in_bounded_memory() {
    let tmp = tempfile::tempdir().unwrap();
    zeros_zip(&tmp.path().join("zeros.zip"), 512);
    // 400 MB of address space: reading the 512 MiB entry into memory cannot fit.
    let out = run(
        tmp.path(),
        &["audit", "--deep", "-o", "json", "zeros.zip"],
        Some(400_000_000),
        false,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["packages"][0]["unzipped_bytes"], 512u64 << 20);
}

#[test]
fn a_deep_audit_of_a_source_tree_streams_big_files() {
    let tmp = tempfile::tempdir().unwrap();
    let svc = service(&tmp.path().join("svc"));
    // Sparse: 200 MiB on paper, nothing on disk.
    let f = std::fs::File::create(svc.join("model.bin")).unwrap();
    f.set_len(200 << 20).unwrap();
    let out = run(
        tmp.path(),
        &["audit", "--deep", "-o", "json", "svc"],
        Some(150_000_000),
        false,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let zipped = doc["packages"][0]["zipped_bytes"].as_u64().unwrap();
    assert!(zipped > 0 && zipped < 1 << 20, "{zipped}");
}

#[test]
fn a_compressed_size_larger_than_the_file_is_corruption_not_a_breach() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("liar.zip");
    zip_of(
        &path,
        &[("handler.py", b"def handler(e, c): return 1\n")],
        false,
    );
    let mut bytes = std::fs::read(&path).unwrap();
    let cd = bytes
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    // Stored method and 4 GiB both ways: the ratio looks honest, the size cannot be.
    bytes[cd + 10..cd + 12].copy_from_slice(&0u16.to_le_bytes());
    bytes[cd + 20..cd + 28].copy_from_slice(&[0xf0, 0xff, 0xff, 0xff, 0xf0, 0xff, 0xff, 0xff]);
    std::fs::write(&path, &bytes).unwrap();
    assert!(bytes.len() < 200);
    let out = run(tmp.path(), &["audit", "liar.zip"], None, false);
    assert_error_with_hint(&out, "entry handler.py");
    assert!(stderr(&out).contains("do not fit"), "{}", stderr(&out));
}

#[test]
fn a_fifo_as_a_zip_or_as_the_config_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    mkfifo(&tmp.path().join("pipe.zip"));
    mkfifo(&tmp.path().join("pipe.yml"));
    zip_of(&tmp.path().join("ok.zip"), &[("h.py", b"x = 1\n")], false);
    let out = run(tmp.path(), &["audit", "pipe.zip"], None, false);
    assert_error_with_hint(&out, "pipe.zip is a FIFO");
    let out = run(
        tmp.path(),
        &["audit", "--config", "pipe.yml", "ok.zip"],
        None,
        false,
    );
    assert_error_with_hint(&out, "pipe.yml is a FIFO");
    assert!(stderr(&out).contains(".gearctl.yml"), "{}", stderr(&out));
}

#[test]
fn symlinks_out_of_the_service_are_findings_and_not_walked() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, target) in [("usr", "/usr"), ("sys", "/sys")] {
        let svc = service(&tmp.path().join(name));
        std::os::unix::fs::symlink(target, svc.join("vendor")).unwrap();
        let out = run(tmp.path(), &["audit", "-o", "json", name], None, false);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let pkg = &doc["packages"][0];
        assert_eq!(pkg["files"], 1, "{pkg}"); // handler.py (serverless.yml is excluded)
        let link = pkg["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "link-outside-service")
            .unwrap_or_else(|| panic!("no finding: {pkg}"));
        assert_eq!(link["examples"][0], "vendor");
        assert_eq!(link["pattern"], "!vendor/**");
        assert!(link["message"].as_str().unwrap().contains(target), "{link}");
    }
}

#[test]
fn when_no_package_can_be_read_the_error_has_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.zip"), "not a zip").unwrap();
    std::fs::write(tmp.path().join("b.zip"), "nor this").unwrap();
    let out = run(tmp.path(), &["audit", "a.zip", "b.zip"], None, false);
    assert_error_with_hint(&out, "none of the 2 packages could be audited");
}

/// Permission checks need a process without capabilities when the tests run as root.
fn unprivileged() -> bool {
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if !root {
        return false;
    }
    let setpriv = Command::new("setpriv").arg("--version").output();
    assert!(
        setpriv.is_ok_and(|o| o.status.success()),
        "running as root: these tests need setpriv (util-linux) to drop capabilities"
    );
    true
}

#[test]
fn unreadable_zips_and_folders_have_a_hint() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("locked.zip");
    zip_of(&zip, &[("h.py", b"x = 1\n")], false);
    std::fs::set_permissions(&zip, std::fs::Permissions::from_mode(0o000)).unwrap();
    let svc = service(&tmp.path().join("svc"));
    std::fs::create_dir(svc.join("secret")).unwrap();
    std::fs::write(svc.join("secret/a.py"), "x = 1\n").unwrap();
    std::fs::set_permissions(svc.join("secret"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let no_caps = unprivileged();
    let out = run(tmp.path(), &["audit", "locked.zip"], None, no_caps);
    assert_error_with_hint(&out, "locked.zip: Permission denied");
    assert!(
        stderr(&out).contains("ls -ld locked.zip"),
        "{}",
        stderr(&out)
    );
    let out = run(tmp.path(), &["audit", "svc"], None, no_caps);
    assert_error_with_hint(&out, "secret: Permission denied");
    // Let the temporary directory be removed.
    std::fs::set_permissions(svc.join("secret"), std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[test]
fn a_config_type_error_says_what_a_size_looks_like() {
    let tmp = tempfile::tempdir().unwrap();
    zip_of(&tmp.path().join("ok.zip"), &[("h.py", b"x = 1\n")], false);
    std::fs::write(tmp.path().join("bad.yml"), "audit:\n  max_zipped: [1]\n").unwrap();
    let out = run(
        tmp.path(),
        &["audit", "--config", "bad.yml", "ok.zip"],
        None,
        false,
    );
    assert_error_with_hint(&out, "bad.yml");
    let err = stderr(&out);
    assert!(
        err.contains("max_zipped")
            && err.contains("expected a size like 10MiB or a number of bytes"),
        "{err}"
    );
    assert!(!err.contains("untagged"), "{err}");
}

// The neighbours that already ended well: they must stay so.

#[test]
fn truncated_empty_and_bomb_zips_are_errors_with_hints() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.zip");
    zip_of(&good, &[("handler.py", &[b'a'; 5000])], false);
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(tmp.path().join("truncated.zip"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(tmp.path().join("empty.zip"), b"").unwrap();
    let mut bomb = bytes.clone();
    let cd = bomb
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    bomb[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
    std::fs::write(tmp.path().join("bomb.zip"), &bomb).unwrap();
    for (name, needle) in [
        ("truncated.zip", "truncated.zip"),
        ("empty.zip", "empty.zip"),
        ("bomb.zip", "zip bomb"),
    ] {
        let out = run(
            tmp.path(),
            &["audit", "--deep", name],
            Some(1_000_000_000),
            false,
        );
        assert_error_with_hint(&out, needle);
    }
}

#[test]
fn a_zip64_package_is_audited() {
    let tmp = tempfile::tempdir().unwrap();
    zip_of(
        &tmp.path().join("z64.zip"),
        &[
            ("handler.py", b"def h(e, c): pass\n"),
            ("lib/a.py", &[b'x'; 3000]),
        ],
        true,
    );
    let out = run(
        tmp.path(),
        &["audit", "--deep", "-o", "json", "z64.zip"],
        None,
        false,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["packages"][0]["files"], 2);
    assert_eq!(doc["packages"][0]["unzipped_bytes"], 3018);
}
