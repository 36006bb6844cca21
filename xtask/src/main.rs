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
  import FILE... [--group KEY] [--write | --check] [--json] [--spec DIR]
                    read saved vendor pages (apifox Markdown, OpenAPI JSON/YAML, page text):
                    print each endpoint as the spec would hold it and how its facts differ;
                    --check fails on any difference; --write merges the facts into the spec
  openapi [--out FILE]
                    print (or write) the spec as one OpenAPI 3.0.3 document; the checked-in
                    copy, jing-spec/openapi/openapi.json, is kept by regenerate and check
  synth N DIR       write a SYNTHETIC spec of N typed endpoints into DIR (benchmarks only)
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
        ["import", rest @ ..] => import(&root, rest),
        ["openapi"] => print(xtask::openapi::render(&load(&root)?).trim_end()),
        ["openapi", "--out", file] => {
            std::fs::write(file, xtask::openapi::render(&load(&root)?))?;
            Ok(())
        }
        ["synth", count, dir] => {
            let count: usize = count
                .parse()
                .map_err(|_| anyhow::anyhow!("not a count: {count}"))?;
            xtask::synth::write(count, std::path::Path::new(dir))
        }
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

fn import(root: &std::path::Path, args: &[&str]) -> anyhow::Result<()> {
    use xtask::import::command::{Action, Options, run};
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    let options =
        Options::parse(&args).map_err(|message| anyhow::anyhow!("{message}\n\n{HELP}"))?;
    let spec_dir = options
        .spec
        .clone()
        .unwrap_or_else(|| root.join(xtask::JOBS[0].spec_dir));
    let outcome = run(&spec_dir, &options)?;
    print(outcome.output.trim_end())?;
    if options.action == Action::Check && outcome.differences > 0 {
        anyhow::bail!("{} fact(s) differ from the spec", outcome.differences);
    }
    Ok(())
}
