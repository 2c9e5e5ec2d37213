//! Tests of the deployed audit: pruning choices, merging regions, the report.

use super::*;

fn v(n: &str, size: i64) -> VersionInfo {
    VersionInfo {
        version: n.into(),
        code_size: size,
        last_modified: None,
    }
}

#[test]
fn prunable_keeps_newest_and_aliased() {
    let versions: Vec<_> = (1..=8).map(|n| v(&n.to_string(), n * 10)).collect();
    let aliases = vec![
        AliasInfo {
            name: "live".into(),
            versions: vec!["3".into(), "7".into()],
        },
        AliasInfo {
            name: "canary".into(),
            versions: vec!["$LATEST".into()],
        },
    ];
    let p: Vec<String> = prunable(&versions, &aliases, 2)
        .into_iter()
        .map(|v| v.version)
        .collect();
    // 8 and 6 are the two newest unaliased; 7 and 3 are aliased.
    assert_eq!(p, ["1", "2", "4", "5"]);
    let all: Vec<String> = prunable(&versions, &aliases, 0)
        .into_iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(all, ["1", "2", "4", "5", "6", "8"]);
    assert!(prunable(&versions, &aliases, 100).is_empty());
}

#[test]
fn deep_audit_of_a_served_package() {
    let zip = crate::audit::entries::tests::build_zip(&[
        ("index.js", b"exports.handler = async () => 1;", false),
        (
            "node_modules/@aws-sdk/client-s3/index.js",
            &[b'x'; 5000],
            false,
        ),
        ("node_modules/a/big.bin", &[b'y'; 3000], false),
        ("node_modules/b/big.bin", &[b'y'; 3000], false),
    ]);
    let url = crate::audit::download::tests::serve(zip.clone(), 1, 200);
    let bytes = crate::audit::download::fetch("api", &url, zip.len() as u64 + 10).unwrap();
    assert_eq!(bytes, zip);
    let f = function("orders-prod-api", zip.len() as i64);
    let opts = deep_options();
    let p = analyze_package(&f, &bytes, &opts).unwrap();
    assert_eq!(p.kind, "deployed");
    assert_eq!(p.unzipped_bytes, 11_032);
    assert_eq!(p.files, 4);
    let patterns: Vec<&str> = p.findings.iter().map(|f| f.pattern.as_str()).collect();
    assert!(
        patterns.contains(&"!node_modules/@aws-sdk/**"),
        "{patterns:?}"
    );
    assert!(
        patterns.contains(&"!node_modules/b/big.bin"),
        "{patterns:?}"
    );
    assert_eq!(p.breaches.len(), 1);
    assert_eq!(p.breaches[0].limit, "max_unzipped");
}

fn function(name: &str, code_size: i64) -> FunctionInfo {
    FunctionInfo {
        name: name.into(),
        arn: String::new(),
        runtime: Some("nodejs20.x".into()),
        handler: None,
        memory_mb: 128,
        timeout_s: 3,
        code_size,
        last_modified: None,
        architectures: vec![],
        vpc: false,
        layers: vec![],
        log_group: String::new(),
        environment_keys: vec![],
        dead_letter_arn: None,
    }
}

fn deep_options() -> DeployedOptions {
    DeployedOptions {
        names: vec![],
        limits: Limits {
            max_zipped: None,
            max_unzipped: Some(crate::units::Size(10_000)),
        },
        config: None,
        keep: 0,
        prune: None,
        concurrency: 1,
        deep: true,
        top: 5,
        huge_file: None,
    }
}

#[tokio::test]
async fn deep_audit_refuses_a_location_off_the_allow_list() {
    let aws = crate::aws::lambda::aws_with_code_location(
        "https://s3.amazonaws.com@evil.example/pkg.zip?X-Amz-Signature=secret",
    );
    let f = FunctionInfo {
        arn: "arn:aws:lambda:us-east-1:123456789012:function:api".into(),
        ..function("api", 10)
    };
    let opts = deep_options();
    let err = deep_audit(&aws, &f, &opts).await.unwrap_err();
    let text = format!("{err} / {}", err.hint().unwrap_or_default());
    assert!(
        text.contains("refused to download https://s3.amazonaws.com@evil.example/pkg.zip:"),
        "{text}"
    );
    assert!(text.contains("user name"), "{text}");
    assert!(!text.contains("secret") && !text.contains('?'), "{text}");
}

#[test]
fn numeric_not_lexical_order() {
    let versions = vec![v("9", 1), v("10", 1), v("11", 1)];
    let p: Vec<String> = prunable(&versions, &[], 1)
        .into_iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(p, ["9", "10"]);
}
