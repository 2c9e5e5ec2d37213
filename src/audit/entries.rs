//! The file list a package audit works on, from a zip's central directory or from a
//! source tree, so that grouping, rules and budgets never care where it came from.
//!
//! A zip is read from its central directory only: names and declared sizes, no
//! decompression, so a 50 MB package audits in milliseconds. Declared sizes are checked
//! against what deflate can physically produce, which catches zip bombs and corrupt
//! directories before anyone trusts the numbers.

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use crate::error::{Error, Result};

/// One file in a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the package, forward slashes.
    pub path: String,
    /// Uncompressed bytes.
    pub size: u64,
    /// Compressed bytes, when known (zips).
    pub compressed: Option<u64>,
    /// CRC-32 of the content, when known (zips).
    pub crc32: Option<u32>,
}

/// Deflate cannot expand data by more than about 1032:1; anything declaring more is lying.
const MAX_DEFLATE_RATIO: u64 = 1100;
/// Whatever the ratio, no single Lambda file is bigger than the unzipped limit; a declared
/// size far beyond it is not a package.
const ABSURD_ENTRY: u64 = 64 * 1024 * 1024 * 1024;

fn invalid(path: &Path, detail: impl Into<String>, hint: &str) -> Error {
    Error::Invalid {
        what: path.display().to_string(),
        detail: detail.into(),
        hint: Some(hint.to_string()),
    }
}

/// Read the entries of a zip file from its central directory.
pub fn read_zip(path: &Path) -> Result<Vec<Entry>> {
    let file = File::open(path).map_err(|e| Error::io("opening", path, e))?;
    read_zip_from(path, BufReader::new(file))
}

/// Read the entries of a zip from any seekable reader; `path` names it in errors.
pub fn read_zip_from<R: Read + Seek>(path: &Path, reader: R) -> Result<Vec<Entry>> {
    let archive = zip::ZipArchive::new(reader).map_err(|e| {
        invalid(
            path,
            format!("not a readable zip: {e}"),
            "the file is corrupt or truncated; rebuild the package (e.g. `serverless package`)",
        )
    })?;
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        // Metadata from the central directory only: no seek to the local header.
        let f = archive.by_index_data(i).map_err(|e| {
            invalid(
                path,
                format!("entry {i} of the central directory is unreadable: {e}"),
                "the file is corrupt or truncated; rebuild the package",
            )
        })?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().map(|n| n.into_owned()).map_err(|e| {
            invalid(
                path,
                format!("an entry name is unreadable: {e}"),
                "rebuild the package",
            )
        })?;
        let size = f.size();
        let compressed = f.compressed_size();
        let stored = f.compression() == zip::CompressionMethod::Stored;
        let impossible = size > ABSURD_ENTRY
            || (stored && size != compressed)
            || (!stored && size > compressed.saturating_mul(MAX_DEFLATE_RATIO) + 1024);
        if impossible {
            return Err(invalid(
                path,
                format!(
                    "entry {name} declares {size} bytes from {compressed} compressed bytes, which \
                     no real compression produces (a zip bomb or a corrupt directory)"
                ),
                "do not deploy or extract this file; rebuild the package from source",
            ));
        }
        out.push(Entry {
            path: name,
            size,
            compressed: Some(compressed),
            crc32: Some(f.crc32()),
        });
    }
    Ok(out)
}

fn entry_name<R: Read>(path: &Path, f: &zip::read::ZipFile<'_, R>) -> Result<String> {
    f.name().map(|n| n.into_owned()).map_err(|e| {
        invalid(
            path,
            format!("an entry name is unreadable: {e}"),
            "rebuild the package",
        )
    })
}

/// Read each entry's content from a zip, for deep checks. Entries are read up to their
/// declared size and no further, so a lying header cannot make us inflate forever.
pub fn for_each_content(path: &Path, visit: impl FnMut(&str, &[u8])) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io("opening", path, e))?;
    for_each_content_from(path, BufReader::new(file), visit)
}

/// [`for_each_content`] over any seekable reader.
pub fn for_each_content_from<R: Read + Seek>(
    path: &Path,
    reader: R,
    mut visit: impl FnMut(&str, &[u8]),
) -> Result<()> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| {
        invalid(
            path,
            format!("not a readable zip: {e}"),
            "rebuild the package",
        )
    })?;
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let f = archive.by_index(i).map_err(|e| {
            invalid(
                path,
                format!("entry {i} is unreadable: {e}"),
                "rebuild the package",
            )
        })?;
        if f.is_dir() {
            continue;
        }
        let name = entry_name(path, &f)?;
        let declared = f.size();
        buf.clear();
        f.take(declared).read_to_end(&mut buf).map_err(|e| {
            invalid(
                path,
                format!("entry {name} does not decompress: {e}"),
                "rebuild the package",
            )
        })?;
        visit(&name, &buf);
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// Build a zip in memory from (name, bytes, stored?) triples.
    pub(crate) fn build_zip(files: &[(&str, &[u8], bool)]) -> Vec<u8> {
        use zip::write::SimpleFileOptions;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes, stored) in files {
            let method = if *stored {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            w.start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        f
    }

    #[test]
    fn reads_sizes_without_extracting() {
        let text = vec![b'a'; 10_000];
        let zip = build_zip(&[("a/b.txt", &text, false), ("c.bin", b"xyz", true)]);
        let f = write_temp(&zip);
        let entries = read_zip(f.path()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].path, "a/b.txt");
        assert_eq!(entries[0].size, 10_000);
        assert!(entries[0].compressed.unwrap() < 200);
        assert_eq!(entries[1].compressed, Some(3));
    }

    #[test]
    fn corrupt_and_truncated_zips_are_named() {
        let f = write_temp(b"this is not a zip at all");
        let err = read_zip(f.path()).unwrap_err().to_string();
        assert!(err.contains(&f.path().display().to_string()), "{err}");
        assert!(err.contains("not a readable zip"), "{err}");

        let zip = build_zip(&[("a.txt", b"hello world", false)]);
        let f = write_temp(&zip[..zip.len() / 2]);
        assert!(read_zip(f.path()).is_err());
    }

    #[test]
    fn impossible_declared_sizes_are_a_zip_bomb() {
        let mut zip = build_zip(&[("bomb.txt", &[b'x'; 2000], false)]);
        // Patch the central directory's uncompressed size (offset 24 in the entry header).
        let cd = zip
            .windows(4)
            .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap();
        zip[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        let f = write_temp(&zip);
        let err = read_zip(f.path()).unwrap_err().to_string();
        assert!(err.contains("zip bomb"), "{err}");
    }

    #[test]
    fn content_is_read_for_deep_checks() {
        let zip = build_zip(&[("a", b"one", false), ("b", b"two", true)]);
        let f = write_temp(&zip);
        let mut seen = Vec::new();
        for_each_content(f.path(), |n, b| seen.push((n.to_string(), b.to_vec()))).unwrap();
        assert_eq!(
            seen,
            [("a".into(), b"one".to_vec()), ("b".into(), b"two".to_vec())]
        );
    }
}
