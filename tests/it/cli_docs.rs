//! Completions and man pages are generated from the clap definitions and checked in. This
//! test renders them in memory and fails when the files drift; run
//! `GEARCTL_REGENERATE=1 cargo test --test it cli_docs::` to rewrite them.

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

fn rendered() -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "gearctl.bash"),
        (Shell::Zsh, "_gearctl"),
        (Shell::Fish, "gearctl.fish"),
        (Shell::PowerShell, "_gearctl.ps1"),
        (Shell::Elvish, "gearctl.elv"),
    ] {
        let mut cmd = gearctl::cli::Cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "gearctl", &mut buf);
        files.push((root.join("completions").join(name), buf));
    }
    let mut cmd = gearctl::cli::Cli::command();
    cmd.build();
    files.push((root.join("man/gearctl.1"), man(&cmd)));
    man_pages(&cmd, "gearctl", &root, &mut files);
    files
}

fn man_pages(
    cmd: &clap::Command,
    prefix: &str,
    root: &std::path::Path,
    out: &mut Vec<(PathBuf, Vec<u8>)>,
) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{prefix}-{}", sub.get_name());
        // clap wants 'static names; a test process can afford the leak.
        let leaked: &'static str = Box::leak(name.clone().into_boxed_str());
        let page = sub.clone().name(leaked).bin_name(name.replace('-', " "));
        out.push((root.join(format!("man/{name}.1")), man(&page)));
        man_pages(sub, &name, root, out);
    }
}

fn man(cmd: &clap::Command) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .expect("render man page");
    buf
}

#[test]
fn completions_and_man_pages_are_in_sync() {
    let regenerate = std::env::var_os("GEARCTL_REGENERATE").is_some();
    let mut stale = Vec::new();
    for (path, content) in rendered() {
        if regenerate {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &content).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&content[..]) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "these generated files are out of date: {stale:?}\n\
         run `GEARCTL_REGENERATE=1 cargo test --test it cli_docs::` and commit the result"
    );
}
