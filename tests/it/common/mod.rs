//! Test harness: a moto server per test, the example service deployed into it, and a
//! `gearctl` command wired to it with no trace of the developer's own AWS setup.

pub mod faults;
pub mod sqs;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gearctl::aws::{Aws, AwsOptions};
use gearctl::emulator::Moto;
use gearctl::emulator::gearbox::{self, Deployment};

/// Start a fresh emulator. Fails the test loudly, with the install command, when moto is
/// missing.
pub fn moto() -> Moto {
    match Moto::start() {
        Ok(m) => m,
        Err(e) => panic!(
            "\n\nThe tests need the AWS emulator moto_server and could not start it:\n{}\n\n",
            e.report()
        ),
    }
}

/// The AWS layer pointed at the emulator, as the commands build it. (A loopback endpoint
/// gets fixed test credentials unless the environment names a profile or keys.)
pub async fn aws(moto: &Moto) -> Aws {
    Aws::connect(&AwsOptions {
        endpoint_url: Some(moto.endpoint()),
        region: Some("us-east-1".into()),
        max_attempts: Some(1),
        ..Default::default()
    })
    .await
    .expect("AWS layer for the emulator")
}

/// Deploy the example service into the emulator; log events end now.
pub async fn deploy_gearbox(moto: &Moto) -> Deployment {
    let aws = aws(moto).await;
    let now = jiff::Timestamp::now().as_millisecond();
    gearbox::deploy(&aws, &gearbox::example_dir(), now)
        .await
        .unwrap_or_else(|e| panic!("deploying the example: {}", e.report()))
}

/// `gearctl` with a clean AWS environment: no profile, no keys, no config files, no IMDS.
pub fn gearctl() -> Command {
    gearctl_env(Command::new(env!("CARGO_BIN_EXE_gearctl")))
}

/// The clean AWS environment of [`gearctl`], for a command that runs gearctl itself (a pty
/// wrapper, a shell).
pub fn gearctl_env(mut cmd: Command) -> Command {
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(&k);
        }
    }
    cmd.env("AWS_CONFIG_FILE", "/nonexistent/gearctl-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/gearctl-test-creds",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("NO_COLOR", "1")
        .env_remove("GEARCTL_LOG");
    cmd
}

/// `gearctl --endpoint-url <moto> ARGS…`.
pub fn gearctl_at(moto: &Moto, args: &[&str]) -> Output {
    gearctl()
        .arg("--endpoint-url")
        .arg(moto.endpoint())
        .args(args)
        .output()
        .expect("run gearctl")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A command's stdout as JSON; when it is not, the test fails with both streams.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(o), stderr(o)))
}

/// A path in the repository (fixtures, golden files, the corpus, the example service).
pub fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Write `bytes` to `dir/rel`, creating the folders on the way.
pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Write a zip of (name, bytes) entries to `path`, deflated; `zip64` gives every entry
/// ZIP64 records.
pub fn zip_of(path: &Path, files: &[(&str, &[u8])], zip64: bool) {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in files {
        let opts = SimpleFileOptions::default().large_file(zip64);
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
}

/// A one-file Python function, for tests that need a function beyond the example's.
pub async fn tiny_function(aws: &Aws, name: &str, role_arn: &str) {
    let zip = gearbox::zip_files(&[("h.py".to_string(), b"def handle(e, c): pass".to_vec())])
        .expect("zip");
    aws.create_function(gearctl::aws::seed::NewFunction {
        name: name.into(),
        runtime: "python3.12".into(),
        handler: "h.handle".into(),
        role_arn: role_arn.into(),
        memory_mb: 128,
        timeout_s: 3,
        environment: Default::default(),
        subnet_ids: vec![],
        security_group_ids: vec![],
        tracing: false,
        zip,
    })
    .await
    .unwrap_or_else(|e| panic!("creating {name}: {}", e.message));
}
