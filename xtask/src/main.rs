//! `cargo xtask`: maintainer commands. See `cargo xtask help`.

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command>

commands:
  regenerate        load jing-spec/api, generate, write changed files under jing-api/src/generated
                    (and the test fixture's), delete orphans, print a summary
  check             the same in memory; fail with a diff when a checked-in file is stale
  coverage [--json] what the spec transcribes, per group (typed / partial / catalogued),
                    and the webhook events (recognised / typed payload)
  help              this text";

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn try_main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = xtask::workspace_root();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["regenerate"] => xtask::regenerate(&root),
        ["check"] => xtask::check(&root),
        ["coverage"] => print(&xtask::coverage::table(&load(&root)?)),
        ["coverage", "--json"] => print(&format!("{:#}", xtask::coverage::json(&load(&root)?))),
        [] | ["help" | "--help" | "-h"] => print(HELP),
        _ => anyhow::bail!("unknown arguments {args:?}\n\n{HELP}"),
    }
}

/// Prints `text`; a closed pipe (`| head`) ends the output quietly instead of panicking.
fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

fn load(root: &std::path::Path) -> anyhow::Result<jing_spec::Spec> {
    jing_spec::load(&jing_spec::Sources::dir(
        &root.join(xtask::JOBS[0].spec_dir),
    ))
    .map_err(|errors| anyhow::anyhow!("{errors}"))
}
