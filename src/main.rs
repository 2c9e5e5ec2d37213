//! The `gearctl` binary: parse, start logging on stderr, run, and map the outcome to an exit
//! code (0 ok, 1 findings, 2 error).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use gearctl::cli::{Cli, ColorChoice};
use gearctl::error::ERROR_EXIT;

fn main() -> ExitCode {
    // `--help`, `--version` and usage errors exit here, before any runtime is built.
    let cli = Cli::parse();
    init_logging(cli.global.verbose, cli.global.color);
    gearctl::aws::set_quiet(cli.global.quiet);
    // Offline work is one thread of file I/O; spawning workers would cost more than it does.
    let mut builder = if cli.offline() {
        tokio::runtime::Builder::new_current_thread()
    } else {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(4);
        b
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot start the async runtime: {e}"
            );
            return ExitCode::from(ERROR_EXIT);
        }
    };
    match runtime.block_on(gearctl::run(cli)) {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{}", e.report());
            ExitCode::from(ERROR_EXIT)
        }
    }
}

/// `-v` shows gearctl's own steps, `-vv` adds detail, `-vvv` adds the SDK's; colours follow
/// `--color` as on stdout, but for stderr.
fn init_logging(verbose: u8, color: ColorChoice) {
    let ansi = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    gearctl::logging::init(verbose, ansi);
}
