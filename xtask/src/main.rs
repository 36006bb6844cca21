//! `cargo xtask`: maintainer commands. `cargo xtask --help` lists them, and
//! `cargo xtask <command> --help` documents each.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Maintainer commands of jing-api: regenerate the SDK from the spec, check it, import and
/// fetch the vendor's pages, export OpenAPI.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const FETCH_AFTER_HELP: &str = "\
Each page is asked for as Markdown, then through its `.md` twin. A page that answers only
HTML (a page its site renders in the browser) is reported as \"not a page\", and one that
cannot be fetched as \"failed\": open it in a browser, save apifox's Markdown (\"copy page\"),
an OpenAPI export or the page's text, and run `cargo xtask import` on the saved file.
The summary line counts fetched, unchanged (answered 304), not a page and failed pages;
the exit status is non-zero when any page failed.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Load jing-spec/api, generate, write the files that changed under
    /// jing-api/src/generated (and the test fixture's), delete orphans, print a summary.
    Regenerate,
    /// The same in memory: fail with a diff when a checked-in file is stale.
    Check,
    /// What the spec transcribes, per group (typed / partial / catalogued), and the webhook
    /// events (recognised / typed payload).
    Coverage {
        /// Every endpoint as JSON, for tooling.
        #[arg(long)]
        json: bool,
        /// Another spec folder than jing-spec/api.
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Read saved vendor pages (apifox Markdown, OpenAPI JSON/YAML, page text, webhook event
    /// pages): print what each says as the spec would hold it and how its facts differ.
    Import(ImportArgs),
    /// Download the vendor's pages (Markdown first) into a folder under target/, and
    /// optionally import them.
    #[command(after_help = FETCH_AFTER_HELP)]
    Fetch(FetchArgs),
    /// Print (or write) the spec as one OpenAPI 3.0.3 document. The checked-in copy,
    /// jing-spec/openapi/openapi.json, is kept by `regenerate` and `check`.
    Openapi {
        /// Write the document here instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Another spec folder than jing-spec/api.
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Our own docs at the scale of the whole API: every doc that still needs our words as
    /// one sheet (`todo`), and the filled sheet written back (`apply`).
    Docs {
        #[command(subcommand)]
        action: DocsAction,
    },
    /// What the spec's changes since a git revision do to the generated public API: each
    /// changed item, its Rust consequence and its class (breaking, additive, behaviour,
    /// docs), then the counts.
    Changes {
        /// The revision to compare the working tree's spec with.
        #[arg(long, value_name = "REV", default_value = "HEAD")]
        since: String,
        /// Also write the report under "Unreleased" in jing-api/CHANGELOG.md.
        #[arg(long)]
        changelog: bool,
        /// Another spec folder of the repository than jing-spec/api (relative to its root).
        #[arg(long, value_name = "DIR", conflicts_with = "changelog")]
        spec: Option<String>,
    },
    /// Write a SYNTHETIC spec of N typed endpoints into DIR (benchmarks only).
    Synth {
        /// How many endpoints.
        count: usize,
        /// The folder to write (created; its YAML files are replaced).
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum DocsAction {
    /// Write every doc that still needs our words (drafts, an empty language, a missing
    /// doc) as a sheet with the columns key, kind, type, vendor, zh, en.
    Todo {
        /// Only this group's file (`customer`, `webhooks`, `api`).
        #[arg(long, value_name = "KEY")]
        group: Option<String>,
        /// Write the sheet here instead of printing it (`.yaml` for YAML).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// tsv (any spreadsheet opens it) or yaml; by default from --out's extension.
        #[arg(long, value_enum)]
        format: Option<SheetArg>,
        /// List what is still open and exit non-zero when anything is.
        #[arg(long, conflicts_with_all = ["out", "format"])]
        check: bool,
        /// Another spec folder than jing-spec/api.
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Write the docs of a filled sheet into the spec: only those docs change, and
    /// nothing is written when any row is bad.
    Apply {
        /// The filled sheet (TSV, or YAML by its extension).
        file: PathBuf,
        /// tsv or yaml; by default from the file's extension.
        #[arg(long, value_enum)]
        format: Option<SheetArg>,
        /// Another spec folder than jing-spec/api.
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SheetArg {
    Tsv,
    Yaml,
}

/// What to do with the facts read, and where to compare them. Shared by `import` and
/// `fetch --import`.
#[derive(Debug, Args)]
struct ImportFlags {
    /// The group of endpoints new to the spec, when their folder names none.
    #[arg(long, value_name = "KEY")]
    group: Option<String>,
    /// Merge the facts into the group files (only the matched entries change).
    #[arg(long, conflicts_with = "check")]
    write: bool,
    /// Exit non-zero when any fact differs from the spec.
    #[arg(long)]
    check: bool,
    /// Print `{"endpoints": [...]}` instead of text.
    #[arg(long)]
    json: bool,
    /// Refuse pages and exports larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = xtask::import::MAX_BYTES)]
    max_bytes: usize,
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The saved pages or exports (files, or folders of them).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Another spec folder than jing-spec/api.
    #[arg(long, value_name = "DIR")]
    spec: Option<PathBuf>,
    #[command(flatten)]
    flags: ImportFlags,
}

#[derive(Debug, Args)]
struct FetchArgs {
    /// Pages to fetch.
    #[arg(value_name = "URL", conflicts_with_all = ["index", "spec"])]
    urls: Vec<String>,
    /// An llms.txt-style index (Markdown with links): every page it links is fetched.
    #[arg(long, value_name = "URL", conflicts_with = "spec")]
    index: Option<String>,
    /// Every `doc_url` and `doc_pages` link the spec knows (endpoints and webhook pages).
    #[arg(long)]
    spec: bool,
    /// The spec folder whose pages `--spec` fetches and `--import` compares with
    /// (default jing-spec/api).
    #[arg(long, value_name = "DIR")]
    spec_dir: Option<PathBuf>,
    /// Where the pages go (never version-controlled).
    #[arg(long, value_name = "DIR", default_value = "target/jing-pages")]
    out: PathBuf,
    /// Requests started per second at the most.
    #[arg(long, value_name = "N", default_value_t = 2.0)]
    rate: f64,
    /// Seconds before one request is given up.
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0)]
    timeout: f64,
    /// Tries per page on 429, 5xx and transport errors.
    #[arg(long, value_name = "N", default_value_t = 4)]
    tries: u32,
    /// Hand the fetched pages to `import`, with the import flags given here.
    #[arg(long = "import")]
    then_import: bool,
    #[command(flatten)]
    flags: ImportFlags,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match try_main(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn try_main(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = xtask::workspace_root();
    match cli.command {
        Command::Regenerate => xtask::regenerate(&root)?,
        Command::Check => xtask::check(&root)?,
        Command::Coverage { json, spec } => return coverage(&root, spec.as_deref(), json),
        Command::Import(args) => {
            return import(&root, args.files, args.spec.as_deref(), &args.flags);
        }
        Command::Fetch(args) => return fetch(&root, args),
        Command::Openapi { out, spec } => {
            let document = xtask::openapi::render(&load(&root, spec.as_deref())?);
            match out {
                Some(file) => std::fs::write(file, document)?,
                None => print(document.trim_end())?,
            }
        }
        Command::Docs { action } => return docs(&root, action),
        Command::Changes {
            since,
            changelog,
            spec,
        } => changes(&root, &since, changelog, spec.as_deref())?,
        Command::Synth { count, dir } => xtask::synth::write(count, &dir)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints `text`; a closed pipe (`| head`) ends the output quietly instead of panicking.
fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

fn spec_dir(root: &Path, spec: Option<&Path>) -> PathBuf {
    spec.map_or_else(|| root.join(xtask::JOBS[0].spec_dir), Path::to_path_buf)
}

fn load(root: &Path, spec: Option<&Path>) -> anyhow::Result<jing_spec::Spec> {
    jing_spec::load(&jing_spec::Sources::dir(&spec_dir(root, spec)))
        .map_err(|errors| anyhow::anyhow!("{errors}"))
}

fn import_options(
    files: Vec<PathBuf>,
    spec: Option<&Path>,
    flags: &ImportFlags,
) -> xtask::import::command::Options {
    use xtask::import::command::{Action, Options};
    let action = match (flags.write, flags.check) {
        (true, _) => Action::Write,
        (false, true) => Action::Check,
        (false, false) => Action::Show,
    };
    Options {
        files,
        group: flags.group.clone(),
        action,
        json: flags.json,
        spec: spec.map(Path::to_path_buf),
        max_bytes: flags.max_bytes,
    }
}

fn import(
    root: &Path,
    files: Vec<PathBuf>,
    spec: Option<&Path>,
    flags: &ImportFlags,
) -> anyhow::Result<ExitCode> {
    use xtask::import::command::{Action, run};
    let options = import_options(files, spec, flags);
    let outcome = run(&spec_dir(root, spec), &options)?;
    print(outcome.output.trim_end())?;
    if options.action == Action::Check && outcome.differences > 0 {
        anyhow::bail!("{} fact(s) differ from the spec", outcome.differences);
    }
    Ok(ExitCode::SUCCESS)
}

/// `changes`: the report against `since`, and with `changelog` the changelog written.
fn changes(root: &Path, since: &str, changelog: bool, spec: Option<&str>) -> anyhow::Result<()> {
    let spec_dir = spec
        .unwrap_or(xtask::JOBS[0].spec_dir)
        .trim_end_matches('/');
    let old = xtask::changes::spec_at(root, spec_dir, since)?.ok_or_else(|| {
        anyhow::anyhow!("not a git checkout: there is no revision to compare with")
    })?;
    let new = load(root, Some(&root.join(spec_dir)))?;
    let changes = xtask::changes::compare(&old, &new);
    print(&xtask::changes::report(&changes))?;
    if changelog {
        let path = root.join("jing-api/CHANGELOG.md");
        let text = std::fs::read_to_string(&path)?;
        let written = xtask::changes::changelog(&text, &changes)?;
        if written != text {
            std::fs::write(&path, written)?;
            print(&format!("wrote {}", path.display()))?;
        }
    }
    Ok(())
}

/// `coverage`: the table (or JSON) of a spec that loads; of one that does not (drafts
/// left by `import --write`, say), the docs still open per file and what else is wrong.
fn coverage(root: &Path, spec: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let dir = spec_dir(root, spec);
    let open = xtask::coverage::docs_open(&xtask::docs::todo(&dir, None)?);
    match jing_spec::load(&jing_spec::Sources::dir(&dir)) {
        Ok(spec) if json => print(&format!("{:#}", xtask::coverage::json(&spec)))?,
        Ok(spec) => print(&xtask::coverage::table(&spec, &open))?,
        Err(errors) => {
            print(&format!(
                "the spec does not load ({} problem(s); the validator lists them on `cargo xtask regenerate`); docs still open per file:",
                errors.len()
            ))?;
            for (file, count) in &open {
                print(&format!("  {file:<18} {count:>5}"))?;
            }
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn sheet_format(arg: Option<SheetArg>, file: Option<&Path>) -> xtask::docs::SheetFormat {
    use xtask::docs::SheetFormat;
    match arg {
        Some(SheetArg::Tsv) => SheetFormat::Tsv,
        Some(SheetArg::Yaml) => SheetFormat::Yaml,
        None => SheetFormat::of_file(
            &file
                .map(|file| file.display().to_string())
                .unwrap_or_default(),
        ),
    }
}

fn docs(root: &Path, action: DocsAction) -> anyhow::Result<ExitCode> {
    match action {
        DocsAction::Todo {
            group,
            out,
            format,
            check,
            spec,
        } => {
            let rows = xtask::docs::todo(&spec_dir(root, spec.as_deref()), group.as_deref())?;
            if check {
                for row in &rows {
                    print(&format!("{} ({})", row.key, row.kind))?;
                }
                print(&format!("docs: {} still need our words", rows.len()))?;
                return Ok(if rows.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                });
            }
            let text = xtask::docs::write_sheet(&rows, sheet_format(format, out.as_deref()))?;
            match out {
                Some(file) => {
                    std::fs::write(&file, text)?;
                    eprintln!("wrote {} row(s) to {}", rows.len(), file.display());
                }
                None => print(text.trim_end())?,
            }
        }
        DocsAction::Apply { file, format, spec } => {
            let name = file.display().to_string();
            let text = std::fs::read_to_string(&file)
                .map_err(|error| anyhow::anyhow!("{name}: {error}"))?;
            let rows = xtask::docs::read_sheet(&text, sheet_format(format, Some(&file)))
                .map_err(|message| anyhow::anyhow!("{name}: {message}"))?;
            let dir = spec_dir(root, spec.as_deref());
            let written = xtask::docs::apply(&dir, &name, &rows)?;
            for file in &written {
                print(&format!("wrote {}", dir.join(file).display()))?;
            }
            print(&format!(
                "applied {} row(s) to {} file(s)",
                rows.len(),
                written.len()
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn fetch(root: &Path, args: FetchArgs) -> anyhow::Result<ExitCode> {
    use xtask::fetch::{Pages, Settings};
    let pages = if let Some(index) = args.index {
        Pages::Index(index)
    } else if args.spec {
        Pages::Urls(xtask::fetch::spec_pages(&load(
            root,
            args.spec_dir.as_deref(),
        )?))
    } else if args.urls.is_empty() {
        anyhow::bail!("name the pages to fetch: URL..., --index URL or --spec");
    } else {
        Pages::Urls(args.urls)
    };
    let settings = Settings {
        out: root.join(&args.out),
        rate: args.rate,
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        tries: args.tries,
        max_bytes: args.flags.max_bytes,
        ..Settings::default()
    };
    let report = xtask::fetch::run(&pages, &settings)?;
    eprintln!("{}", report.summary());
    let mut code = if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    if args.then_import {
        let files = report.readable();
        if files.is_empty() {
            eprintln!("import: no page to import");
        } else if import(root, files, args.spec_dir.as_deref(), &args.flags)? != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{Cli, Command};

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn commands_and_flags_parse_as_documented() {
        let parse = |line: &str| Cli::try_parse_from(line.split_whitespace());
        assert!(matches!(
            parse("xtask import a.md b.json --write --group user").map(|cli| cli.command),
            Ok(Command::Import(args)) if args.files.len() == 2 && args.flags.write && args.flags.group.as_deref() == Some("user")
        ));
        assert!(matches!(
            parse("xtask fetch --index https://docs.invalid/llms.txt --import --check").map(|cli| cli.command),
            Ok(Command::Fetch(args)) if args.then_import && args.flags.check && args.index.is_some()
        ));
        assert!(matches!(
            parse("xtask synth 50 /tmp/s").map(|cli| cli.command),
            Ok(Command::Synth { count: 50, .. })
        ));
        // Errors name what is wrong.
        let error = |line: &str| {
            parse(line)
                .err()
                .map(|error| error.to_string())
                .unwrap_or_default()
        };
        assert!(error("xtask import a.md --write --check").contains("--check"));
        assert!(error("xtask import").contains("<FILE>"));
        assert!(error("xtask fetch --spec https://docs.invalid/a").contains("--spec"));
        assert!(error("xtask import a.md --colour").contains("--colour"));
    }
}
