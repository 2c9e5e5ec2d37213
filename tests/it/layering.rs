//! Architecture rules that the compiler does not check.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Only src/aws/ may name `aws_sdk_*` types; job modules get plain structs.
#[test]
fn sdk_types_stay_in_the_aws_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    rust_files(&root.join("examples"), &mut files);
    let aws_dir = root.join("src/aws");
    let offenders: Vec<String> = files
        .iter()
        // fault_proxy.rs checks how the SDK itself sees injected faults.
        .filter(|p| {
            !p.starts_with(&aws_dir)
                && !p.ends_with("layering.rs")
                && !p.ends_with("fault_proxy.rs")
        })
        .filter(|p| names_sdk_path(&std::fs::read_to_string(p).unwrap()))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "aws_sdk_* named outside src/aws: {offenders:?}"
    );
}

/// True when the text has a path like `aws_sdk_sqs::…`.
fn names_sdk_path(text: &str) -> bool {
    text.match_indices("aws_sdk_").any(|(i, m)| {
        let rest = &text[i + m.len()..];
        let ident = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        ident > 0 && rest[ident..].starts_with("::")
    })
}

/// Every module opens with a comment that says why it exists.
#[test]
fn modules_say_why_they_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} must open with a //! comment",
            f.display()
        );
    }
}
