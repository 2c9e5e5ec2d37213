//! `--out-dir`: the only code that names, writes and reads the files of `iam generate`.
//!
//! File names come from serverless.yml function keys, and a pull request can set a key to
//! `../x` or `/home/ci/.docker/config`. So every name is encoded into one plain file name,
//! and every write and `--check` read refuses anything that is not a regular file directly
//! inside the directory: no other directory, no symbolic link.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Longest file name most file systems take, in bytes.
const MAX_NAME: usize = 255;

/// Device names Windows reserves whatever the extension (`CON.json` is the console).
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `<stem>.<ext>` as one plain file name. Letters, digits, `-`, `_` and `.` stay; every
/// other byte is percent-encoded (`/`, `\`, NUL, control characters, `%` itself, the
/// characters Windows reserves), as are a leading `.` and the first letter of a Windows
/// device name. Distinct stems give distinct names.
pub fn file_name(stem: &str, ext: &str) -> Result<String> {
    if stem.is_empty() {
        return Err(Error::usage(
            "a function key is empty, so it has no file name",
            Some("give the function a non-empty key in serverless.yml".to_string()),
        ));
    }
    let device = WINDOWS_DEVICES.contains(&stem.to_ascii_lowercase().as_str());
    let mut name = String::with_capacity(stem.len() + ext.len() + 1);
    for (i, b) in stem.bytes().enumerate() {
        let plain = b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && i > 0);
        if plain && !(device && i == 0) {
            name.push(b as char);
        } else {
            name.push_str(&format!("%{b:02X}"));
        }
    }
    name.push('.');
    name.push_str(ext);
    if name.len() > MAX_NAME {
        return Err(Error::usage(
            format!(
                "function key {} is too long for a file name ({} bytes once encoded, at most {MAX_NAME})",
                stem.escape_debug(),
                name.len()
            ),
            Some("shorten the function key in serverless.yml".to_string()),
        ));
    }
    Ok(name)
}

/// Whether `name` is one plain file name as [`file_name`] makes them (or one of the fixed
/// names of the formats): safe characters only, no leading dot, no separator.
fn is_plain(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'%'))
}

/// `dir/name`, only when `name` is a single plain component.
fn child(dir: &Path, name: &Path) -> Result<PathBuf> {
    let mut parts = name.components();
    match (parts.next(), parts.next()) {
        (Some(Component::Normal(n)), None)
            if n == name.as_os_str() && n.to_str().is_some_and(is_plain) =>
        {
            Ok(dir.join(n))
        }
        _ => Err(Error::usage(
            format!(
                "refusing {}: not a plain file name inside --out-dir",
                name.display()
            ),
            Some("gearctl writes and reads only files directly inside --out-dir".to_string()),
        )),
    }
}

/// What is at `path` now, without following a link: None when nothing is.
fn existing(path: &Path) -> Result<Option<std::fs::Metadata>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::usage(
            format!("{} is a symbolic link", path.display()),
            Some(
                "gearctl writes and reads only regular files inside --out-dir: remove the link"
                    .to_string(),
            ),
        )),
        Ok(m) if !m.is_file() => Err(Error::usage(
            format!("{} is not a regular file", path.display()),
            Some("move it out of --out-dir, or pass another --out-dir".to_string()),
        )),
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("inspecting", path, e)),
    }
}

/// Write the files directly under `dir`. Each goes to a new temporary file first (created
/// exclusively, so never through a link) and is then renamed over the old one.
pub fn write(dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<()> {
    // Check every name before writing any, so a refusal leaves the directory as it was.
    let mut paths = Vec::with_capacity(files.len());
    for name in files.keys() {
        let path = child(dir, name)?;
        existing(&path)?;
        paths.push(path);
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("creating", dir, e))?;
    for (i, (path, content)) in paths.iter().zip(files.values()).enumerate() {
        let tmp = dir.join(format!(".gearctl-{}-{i}.tmp", std::process::id()));
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut f| f.write_all(content.as_bytes()))
            .map_err(|e| Error::io("writing", &tmp, e))
            .and_then(|()| std::fs::rename(&tmp, path).map_err(|e| Error::io("writing", path, e)));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written?;
    }
    Ok(())
}

/// Read `path` if it is a regular file directly inside the directory; "" when missing.
fn read(path: &Path) -> Result<String> {
    let Some(before) = existing(path)? else {
        return Ok(String::new());
    };
    let mut file = std::fs::File::open(path).map_err(|e| Error::io("reading", path, e))?;
    // The entry could have been swapped for a link between the check and the open.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let opened = file.metadata().map_err(|e| Error::io("reading", path, e))?;
        if (opened.dev(), opened.ino()) != (before.dev(), before.ino()) {
            return Err(Error::usage(
                format!("{} changed while gearctl was reading it", path.display()),
                Some("run the check again".to_string()),
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = before;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(|e| Error::io("reading", path, e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Files that differ from what is in `dir`, with a unified diff each (a missing file is all
/// additions).
pub fn stale(dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    for (name, fresh) in files {
        let path = child(dir, name)?;
        let old = read(&path)?;
        if &old != fresh {
            let diff = similar::TextDiff::from_lines(&old, fresh)
                .unified_diff()
                .header(
                    &format!("{} (committed)", path.display()),
                    &format!("{} (fresh)", path.display()),
                )
                .to_string();
            out.push((path, diff));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(name: &str, content: &str) -> BTreeMap<PathBuf, String> {
        BTreeMap::from([(PathBuf::from(name), content.to_string())])
    }

    #[test]
    fn names_are_one_plain_component() {
        let name = |s: &str| file_name(s, "json").unwrap();
        assert_eq!(name("send-mail_2.v1"), "send-mail_2.v1.json");
        assert_eq!(name("../escaped"), "%2E.%2Fescaped.json");
        assert_eq!(name("/abs/path"), "%2Fabs%2Fpath.json");
        assert_eq!(name("a\\b\0c\nd"), "a%5Cb%00c%0Ad.json");
        assert_eq!(name(".hidden"), "%2Ehidden.json");
        assert_eq!(name("100%"), "100%25.json");
        assert_eq!(name("a:b*c?"), "a%3Ab%2Ac%3F.json");
        assert_eq!(name("CON"), "%43ON.json");
        assert_eq!(name("é"), "%C3%A9.json");
        for s in ["..", ".", "a/../../b", "C:\\x", "con", "x\u{2028}"] {
            let n = name(s);
            assert!(is_plain(&n), "{n}");
            assert!(child(Path::new("out"), Path::new(&n)).is_ok(), "{n}");
        }
        assert!(file_name("", "json").is_err());
        assert!(file_name(&"a".repeat(300), "json").is_err());
    }

    #[test]
    fn only_plain_children_are_written_or_read() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        for bad in [
            "../escaped.json",
            "/tmp/x.json",
            "a/b.json",
            ".hidden.json",
            "",
        ] {
            assert!(write(&out, &files(bad, "{}")).is_err(), "{bad}");
            assert!(stale(&out, &files(bad, "{}")).is_err(), "{bad}");
        }
        assert!(!dir.path().join("escaped.json").exists());
        write(&out, &files("api.json", "new\n")).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("api.json")).unwrap(),
            "new\n"
        );
        assert!(stale(&out, &files("api.json", "new\n")).unwrap().is_empty());
        let leftovers = std::fs::read_dir(&out).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_refused_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let secret = dir.path().join("secret.json");
        std::fs::write(&secret, "TOPSECRET").unwrap();
        std::os::unix::fs::symlink(&secret, out.join("api.json")).unwrap();
        let err = stale(&out, &files("api.json", "{}")).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(write(&out, &files("api.json", "{}")).is_err());
        assert_eq!(std::fs::read_to_string(&secret).unwrap(), "TOPSECRET");
        std::fs::create_dir(out.join("dir.json")).unwrap();
        assert!(write(&out, &files("dir.json", "{}")).is_err());
    }
}
