//! `cargo xtask`: maintainer commands. `cargo xtask --help` lists them, and
//! `cargo xtask <command> --help` documents each.

use std::path::PathBuf;
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
    /// Write everything the validator refuses for want of our words, method names or vendor
    /// pages (docs and titles: drafts, an empty language, a missing doc; proposed method
    /// names, prefilled; missing `doc_url`s) as a sheet with the columns key, kind, type,
    /// vendor, zh, en.
    Todo {
        /// Only this group's file (`customer`, `webhooks`, `api`).
        #[arg(long, value_name = "KEY")]
        group: Option<String>,
        /// Write the sheet here instead of printing it (`.yaml` for YAML).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// tsv (any spreadsheet opens it) or yaml; by default from --out's extension.
        #[arg(long, value_enum)]
        format: Option<xtask::docs::SheetFormat>,
        /// List what is still open and exit non-zero when anything is.
        #[arg(long, conflicts_with_all = ["out", "format"])]
        check: bool,
        /// Another spec folder than jing-spec/api.
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Write a filled sheet into the spec (UTF-8 or UTF-16 with BOM): only its docs, titles,
    /// method names and addresses change, and nothing is written when any row is bad.
    Apply {
        /// The filled sheet (TSV, or YAML by its extension).
        file: PathBuf,
        /// tsv or yaml; by default from the file's extension.
        #[arg(long, value_enum)]
        format: Option<xtask::docs::SheetFormat>,
        /// Another spec folder than jing-spec/api.
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
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
    use xtask::commands;
    let root = xtask::workspace_root();
    let succeeded = match cli.command {
        Command::Regenerate => xtask::regenerate(&root).map(|()| true)?,
        Command::Check => xtask::check(&root).map(|()| true)?,
        Command::Coverage { json, spec } => {
            commands::coverage(&commands::spec_dir(&root, spec.as_deref()), json)?
        }
        Command::Import(args) => {
            let dir = commands::spec_dir(&root, args.spec.as_deref());
            commands::import(&dir, &import_options(args.files, args.spec, &args.flags))?;
            true
        }
        Command::Fetch(args) => fetch(&root, args)?,
        Command::Openapi { out, spec } => {
            let spec = commands::load(&commands::spec_dir(&root, spec.as_deref()))?;
            let document = xtask::openapi::render(&spec);
            match out {
                Some(file) => std::fs::write(file, document)?,
                None => commands::print(document.trim_end())?,
            }
            true
        }
        Command::Docs { action } => match action {
            DocsAction::Todo {
                group,
                out,
                format,
                check,
                spec,
            } => commands::docs_todo(
                &commands::spec_dir(&root, spec.as_deref()),
                group.as_deref(),
                out.as_deref(),
                format,
                check,
            )?,
            DocsAction::Apply { file, format, spec } => {
                commands::docs_apply(&commands::spec_dir(&root, spec.as_deref()), &file, format)?;
                true
            }
        },
        Command::Changes {
            since,
            changelog,
            spec,
        } => {
            let spec = spec.as_deref().unwrap_or(xtask::JOBS[0].spec_dir);
            commands::changes(&root, spec, &since, changelog)?;
            true
        }
        Command::Synth { count, dir } => xtask::synth::write(count, &dir).map(|()| true)?,
    };
    Ok(if succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn import_options(
    files: Vec<PathBuf>,
    spec: Option<PathBuf>,
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
        spec,
        max_bytes: flags.max_bytes,
    }
}

fn fetch(root: &std::path::Path, args: FetchArgs) -> anyhow::Result<bool> {
    use xtask::commands;
    use xtask::fetch::{Pages, Settings};
    let spec_dir = commands::spec_dir(root, args.spec_dir.as_deref());
    let pages = if let Some(index) = args.index {
        Pages::Index(index)
    } else if args.spec {
        Pages::Urls(xtask::fetch::spec_pages(&commands::load(&spec_dir)?))
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
    let then_import = args.then_import.then(|| {
        (
            spec_dir.as_path(),
            import_options(Vec::new(), args.spec_dir.clone(), &args.flags),
        )
    });
    commands::fetch(&pages, &settings, then_import)
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
