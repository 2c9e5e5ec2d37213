//! Opening what gearctl reads (zips, serverless.yml and its includes, `.gearctl.yml`,
//! source files) so that no path can hang or confuse a pre-commit hook: only regular files
//! are read, they are opened in a way that a FIFO can never block, a config file has a size
//! cap, and a permission problem comes with what to do.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use crate::error::{Error, Result};

/// Open `path` for reading if it is a regular file (symlinks followed). `what` says what
/// was expected ("a zip file", "a .gearctl.yml file") for the message.
pub(crate) fn open_regular(path: &Path, what: &str) -> Result<File> {
    // Look before opening: opening a FIFO for reading waits for a writer.
    let meta = std::fs::metadata(path).map_err(|e| io_error("reading", path, e))?;
    refuse_irregular(path, &meta, what)?;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        // The file could be swapped for a FIFO between the look and the open: a
        // non-blocking open never waits, and the check below refuses what was opened.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| io_error("opening", path, e))?;
    let meta = file.metadata().map_err(|e| io_error("reading", path, e))?;
    refuse_irregular(path, &meta, what)?;
    Ok(file)
}

/// The whole of a regular file that is at most `max` bytes; a longer one is an error naming
/// the file and the cap, read no further than one byte past it.
pub(crate) fn read_capped(path: &Path, what: &str, max: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = open_regular(path, what)?;
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error("reading", path, e))?;
    if bytes.len() as u64 > max {
        return Err(Error::Invalid {
            what: format!("{} is too large", path.display()),
            detail: format!(
                "it is over {}, more than {what} is expected to be",
                crate::units::human(max)
            ),
            hint: Some(format!(
                "pass {what} of at most {}",
                crate::units::human(max)
            )),
        });
    }
    Ok(bytes)
}

fn refuse_irregular(path: &Path, meta: &std::fs::Metadata, what: &str) -> Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(Error::usage(
        format!("{} is {}, not a regular file", path.display(), kind(meta)),
        Some(format!(
            "pass {what}; gearctl reads only regular files, never FIFOs, devices or sockets"
        )),
    ))
}

/// What kind of non-regular file this is, for the message.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let ft = meta.file_type();
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
    }
    "a special file"
}

/// An I/O error on `path`; permission problems get a hint (the usual cause in CI is a
/// file or folder created by another user, e.g. by a container running as root).
pub(crate) fn io_error(action: &'static str, path: &Path, e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::PermissionDenied {
        return Error::Invalid {
            what: format!("{action} {}", path.display()),
            detail: e.to_string(),
            hint: Some(format!(
                "gearctl may not read {}: check its owner and mode (`ls -ld {}`), make it \
                 readable (`chmod u+r`, `u+rx` for a folder) or run as a user who can read it",
                path.display(),
                path.display()
            )),
        };
    }
    Error::io(action, path, e)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.zip");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = open_regular(&fifo, "a zip file").unwrap_err();
        assert!(err.to_string().contains("a FIFO"), "{err}");
        assert!(err.hint().unwrap().contains("a zip file"));
        let err = read_capped(&fifo, "a serverless.yml", 10).unwrap_err();
        assert!(err.to_string().contains("a FIFO"), "{err}");
    }

    #[test]
    fn directories_and_devices_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = open_regular(dir.path(), "a zip file").unwrap_err();
        assert!(err.to_string().contains("a directory"), "{err}");
        let err = open_regular(Path::new("/dev/null"), "a zip file").unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
    }

    #[test]
    fn permission_denied_has_a_hint_and_other_errors_keep_their_kind() {
        let p = Path::new("/x/locked.zip");
        let e = io_error(
            "opening",
            p,
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        assert!(e.to_string().starts_with("opening /x/locked.zip: "), "{e}");
        assert!(e.hint().unwrap().contains("ls -ld /x/locked.zip"));
        let e = io_error("opening", p, io::Error::from(io::ErrorKind::NotFound));
        assert!(matches!(e, Error::Io { .. }));
    }

    #[test]
    fn a_file_past_the_cap_is_refused_and_one_at_the_cap_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("serverless.yml");
        std::fs::write(&p, b"0123456789").unwrap();
        assert_eq!(read_capped(&p, "a serverless.yml", 10).unwrap().len(), 10);
        let err = read_capped(&p, "a serverless.yml", 9).unwrap_err();
        assert!(err.to_string().contains("too large"), "{err}");
        assert!(
            err.hint().unwrap().contains("at most 9 B"),
            "{:?}",
            err.hint()
        );
    }
}
