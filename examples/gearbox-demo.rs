//! The README's first command runs this: start a local AWS emulator, deploy the example
//! service into it with the same seeding code the tests use, then run gearctl against it.
//!
//! `gearbox-demo [GEARCTL ARGS…]` runs `gearctl --endpoint-url <emulator> ARGS` (default:
//! `audit deployed`, `dlq list`, then `coldstarts`). With `GEARBOX_KEEP=1` the emulator stays up until Ctrl-C, and the demo prints
//! the variables that point your own shell at it.

use std::process::{Command, ExitCode};

use gearctl::aws::{Aws, AwsOptions};
use gearctl::emulator::{Moto, gearbox};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", e.report());
            ExitCode::from(2)
        }
    }
}

async fn run() -> gearctl::error::Result<ExitCode> {
    let given: Vec<String> = std::env::args().skip(1).collect();
    let runs: Vec<Vec<String>> = if given.is_empty() {
        vec![
            vec!["audit".into(), "deployed".into()],
            vec!["dlq".into(), "list".into()],
            vec!["coldstarts".into()],
        ]
    } else {
        vec![given]
    };
    eprintln!("starting the AWS emulator (moto server)...");
    let moto = Moto::start()?;
    let endpoint = moto.endpoint();
    let aws = Aws::connect(&AwsOptions {
        endpoint_url: Some(endpoint.clone()),
        region: Some("us-east-1".into()),
        max_attempts: Some(1),
        ..Default::default()
    })
    .await?;
    let now = jiff::Timestamp::now().as_millisecond();
    let dep = gearbox::deploy(&aws, &gearbox::example_dir(), now).await?;
    eprintln!(
        "deployed {}-{} at {endpoint}: {} functions, {} queues, {} log groups",
        dep.service,
        dep.stage,
        dep.functions.len(),
        dep.queues.len(),
        dep.functions.len()
    );
    for f in &dep.functions {
        eprintln!(
            "  {:<24} {:<11} {:>5} MB  package {:>9} B zipped, {:>9} B unzipped",
            f.name, f.runtime, f.memory_mb, f.zip_bytes, f.unzipped_bytes
        );
    }

    let gearctl = std::env::var("GEARCTL_BIN")
        .map(Into::into)
        .unwrap_or_else(|_| {
            // target/<profile>/examples/gearbox-demo → target/<profile>/gearctl
            let exe = std::env::current_exe().unwrap_or_default();
            exe.parent()
                .and_then(|p| p.parent())
                .map(|p| p.join("gearctl"))
                .unwrap_or_else(|| "gearctl".into())
        });
    let mut last = 0;
    for args in &runs {
        eprintln!("\n$ gearctl --endpoint-url {endpoint} {}\n", args.join(" "));
        let status = Command::new(&gearctl)
            .arg("--endpoint-url")
            .arg(&endpoint)
            .args(args)
            .env("AWS_REGION", "us-east-1")
            .status()
            .map_err(|e| gearctl::error::Error::io("running", &gearctl, e))?;
        last = last.max(status.code().unwrap_or(2));
    }

    if std::env::var_os("GEARBOX_KEEP").is_some() {
        eprintln!(
            "\nThe emulator keeps running; in another shell:\n  \
             export AWS_ENDPOINT_URL={endpoint} AWS_REGION=us-east-1\n  \
             gearctl doctor\nPress Ctrl-C to stop it."
        );
        let _ = tokio::signal::ctrl_c().await;
    }
    drop(moto);
    Ok(ExitCode::from(last as u8))
}
