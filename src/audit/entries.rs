//! The file list a package audit works on, from a zip's central directory or from a
//! source tree, so that grouping, rules and budgets never care where it came from.
//!
//! A zip is read from its central directory only: names and declared sizes, no
//! decompression, so a 50 MB package audits in milliseconds. Declared sizes are checked
//! against what deflate can physically produce, which catches zip bombs and corrupt
//! directories before anyone trusts the numbers.

use std::collections::BTreeMap;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{Error, Result};
use crate::files;

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

/// What a zip path must be, for the message when it is not a regular file.
const A_ZIP: &str = "a zip file (e.g. .serverless/<function>.zip) or a service directory";

/// Read the entries of a zip file from its central directory.
pub fn read_zip(path: &Path) -> Result<Vec<Entry>> {
    let file = files::open_regular(path, A_ZIP)?;
    read_zip_from(path, BufReader::new(file))
}

/// Read the entries of a zip from any seekable reader; `path` names it in errors.
pub fn read_zip_from<R: Read + Seek>(path: &Path, mut reader: R) -> Result<Vec<Entry>> {
    // Every entry's compressed bytes lie inside the file, and entries do not overlap: a
    // central directory claiming more is corrupt, whatever its sizes promise.
    let file_len = reader
        .seek(SeekFrom::End(0))
        .map_err(|e| files::io_error("reading", path, e))?;
    let mut claimed = 0u64;
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
        claimed = claimed.saturating_add(compressed);
        // A local header is at least 30 bytes before the data it describes.
        let data_end = f
            .header_start()
            .saturating_add(30)
            .saturating_add(compressed);
        if data_end > file_len || claimed > file_len {
            return Err(invalid(
                path,
                format!(
                    "entry {name} declares {compressed} compressed bytes, which do not fit in \
                     the file's {file_len} bytes (a corrupt or truncated zip)"
                ),
                "the central directory is corrupt; do not deploy this file, rebuild the \
                 package from source (e.g. `serverless package`)",
            ));
        }
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

/// Content hashes of every entry of a zip file, for deep checks.
pub fn hash_entries(path: &Path) -> Result<BTreeMap<String, [u8; 32]>> {
    let file = files::open_regular(path, A_ZIP)?;
    hash_entries_from(path, BufReader::new(file))
}

/// [`hash_entries`] over any seekable reader. Each entry is streamed through the hash in
/// small pieces (memory stays flat whatever the entry's size) and read up to its declared
/// size and no further, so a lying header cannot make us inflate forever.
pub fn hash_entries_from<R: Read + Seek>(
    path: &Path,
    reader: R,
) -> Result<BTreeMap<String, [u8; 32]>> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| {
        invalid(
            path,
            format!("not a readable zip: {e}"),
            "rebuild the package",
        )
    })?;
    let mut out = BTreeMap::new();
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
        let mut hasher = blake3::Hasher::new();
        std::io::copy(&mut f.take(declared), &mut hasher).map_err(|e| {
            invalid(
                path,
                format!("entry {name} does not decompress: {e}"),
                "rebuild the package",
            )
        })?;
        out.insert(name, *hasher.finalize().as_bytes());
    }
    Ok(out)
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
    fn content_is_hashed_for_deep_checks() {
        let big = vec![7u8; 300_000];
        let zip = build_zip(&[
            ("a", b"one", false),
            ("b", b"two", true),
            ("c", &big, false),
        ]);
        let f = write_temp(&zip);
        let hashes = hash_entries(f.path()).unwrap();
        let want = |b: &[u8]| *blake3::hash(b).as_bytes();
        let expected = BTreeMap::from([
            ("a".to_string(), want(b"one")),
            ("b".to_string(), want(b"two")),
            ("c".to_string(), want(&big)),
        ]);
        assert_eq!(hashes, expected);
    }

    /// Patch the first central-directory entry: (compressed, uncompressed) sizes.
    fn patch_cd_sizes(zip: &mut [u8], compressed: u32, size: u32) {
        let cd = zip
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap();
        zip[cd + 20..cd + 24].copy_from_slice(&compressed.to_le_bytes());
        zip[cd + 24..cd + 28].copy_from_slice(&size.to_le_bytes());
    }

    #[test]
    fn a_compressed_size_beyond_the_file_is_corrupt() {
        // Stored, so the ratio check alone would accept equal declared sizes.
        let mut zip = build_zip(&[("handler.py", b"def h(e, c): pass\n", true)]);
        patch_cd_sizes(&mut zip, 0xFFFF_FFF0, 0xFFFF_FFF0);
        let f = write_temp(&zip);
        let err = read_zip(f.path()).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("entry handler.py"), "{text}");
        assert!(text.contains("do not fit"), "{text}");
        assert!(err.hint().unwrap().contains("rebuild"));
    }

    #[test]
    fn entries_claiming_more_than_the_file_together_are_corrupt() {
        let body = vec![b'x'; 100];
        let mut zip = build_zip(&[("a", &body, true), ("b", &body, true)]);
        // Each entry alone would fit in the file; together they cannot.
        let len = zip.len() as u32;
        let cd = zip
            .windows(4)
            .position(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap();
        let second = cd + 46 + 1;
        for at in [cd, second] {
            zip[at + 20..at + 24].copy_from_slice(&(len - 100).to_le_bytes());
            zip[at + 24..at + 28].copy_from_slice(&(len - 100).to_le_bytes());
        }
        zip[cd + 42..cd + 46].copy_from_slice(&0u32.to_le_bytes());
        zip[second + 42..second + 46].copy_from_slice(&0u32.to_le_bytes());
        let f = write_temp(&zip);
        let err = read_zip(f.path()).unwrap_err().to_string();
        assert!(err.contains("entry b"), "{err}");
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;
        use std::io::Cursor;

        /// A small real package: deflated and stored entries, one in a folder.
        fn seed() -> Vec<u8> {
            let text = b"def handler(event, context):\n    return event\n".repeat(20);
            build_zip(&[
                ("handler.py", &text, false),
                ("lib/data.bin", &[0u8, 1, 2, 3, 4, 5, 6, 7], true),
                ("lib/zeros", &[0u8; 4000], false),
            ])
        }

        /// Whatever the bytes, reading ends with entries or an error, and what it accepts
        /// is bounded by the file: no entry claims more than the file holds, and no size
        /// more than deflate can produce from it. Hashing what was accepted then ends too.
        fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
            let name = Path::new("p.zip");
            let len = bytes.len() as u64;
            if let Ok(entries) = read_zip_from(name, Cursor::new(bytes)) {
                for e in &entries {
                    let compressed = e.compressed.unwrap();
                    prop_assert!(compressed <= len);
                    prop_assert!(e.size <= compressed * MAX_DEFLATE_RATIO + 1024);
                }
                let _ = hash_entries_from(name, Cursor::new(bytes));
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
                check(&bytes)?;
            }

            #[test]
            fn mutated_zips(
                edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24)
            ) {
                let mut zip = seed();
                for (at, byte) in edits {
                    let i = at.index(zip.len());
                    zip[i] = byte;
                }
                check(&zip)?;
            }

            #[test]
            fn truncated_or_extended_zips(cut in any::<prop::sample::Index>(), tail in prop::collection::vec(any::<u8>(), 0..64)) {
                let mut zip = seed();
                zip.truncate(cut.index(zip.len() + 1));
                zip.extend_from_slice(&tail);
                check(&zip)?;
            }

            /// Patched central-directory sizes: the fields a lying zip sets.
            #[test]
            fn lying_sizes(compressed in any::<u32>(), size in any::<u32>()) {
                let mut zip = seed();
                patch_cd_sizes(&mut zip, compressed, size);
                check(&zip)?;
            }
        }
    }
}
