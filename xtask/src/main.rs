//! `cargo xtask`: maintainer commands. `cargo xtask --help` lists them, and
//! `cargo xtask <command> --help` documents each.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use jing_vendor_docs::cli::{FETCH_ABOUT, FETCH_AFTER_HELP, FetchArgs, ImportArgs};

/// Maintainer commands of jing-api: regenerate the SDK from the spec, check it, import and
/// fetch the vendor's pages, export OpenAPI.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load jing-spec/api, generate, write the files that changed under
    /// jing-api/src/generated (and the test fixture's), delete orphans, print a summary.
    Regenerate,
    /// The same in memory: fail with a diff when a checked-in file is stale.
    Check {
        /// Then run the per-endpoint checks alone (docs examples decode, typed calls round
        /// trip through the mock, `jing` = the typed call, each method's doc example) with
        /// `cargo test`, and list every endpoint that fails with its vendor page.
        #[arg(long)]
        endpoints: bool,
    },
    /// What the spec transcribes, per group (typed / partial / catalogued), and the webhook
    /// events (recognised / typed payload).
    Coverage {
        /// Every endpoint as JSON, for tooling.
        #[arg(long)]
        json: bool,
        /// The spec folder, relative to the repository root (default jing-spec/api).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Read saved vendor pages (apifox Markdown, OpenAPI JSON/YAML, page text, webhook event
    /// pages): print what each says as the spec would hold it and how its facts differ.
    Import(ImportArgs),
    /// Download the vendor's pages (Markdown first) into a folder under target/, and
    /// optionally import them (run as the jing-fetch binary of jing-vendor-docs, the one
    /// command that builds an HTTP client).
    #[command(about = FETCH_ABOUT, after_help = FETCH_AFTER_HELP)]
    Fetch(FetchArgs),
    /// Print (or write) the spec as one OpenAPI 3.0.3 document. The checked-in copy,
    /// jing-spec/openapi/openapi.json, is kept by `regenerate` and `check`.
    Openapi {
        /// Write the document here instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The spec folder, relative to the repository root (default jing-spec/api).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Our own docs at the scale of the whole API: every doc that still needs our words as
    /// one sheet (`todo`), and the filled sheet written back (`apply`).
    Docs {
        #[command(subcommand)]
        action: DocsAction,
    },
    /// The spec's groups: `add` writes a new group file (`NN-key.yaml`, the next number)
    /// for pages of a docs folder the spec does not have yet.
    Group {
        #[command(subcommand)]
        action: GroupAction,
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
        /// The spec folder, relative to the repository root (default jing-spec/api).
        #[arg(long, value_name = "DIR", conflicts_with = "changelog")]
        spec: Option<PathBuf>,
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
    /// Write everything the validator refuses for want of our words, names or vendor pages
    /// (docs and titles: drafts, an empty language, a missing doc, an English title that is
    /// only a name; proposed method names and poor type names, prefilled; missing
    /// `doc_url`s) as a sheet with the columns key, kind, type, vendor, zh, en.
    Todo {
        /// Only this group's file (`customer`, `webhooks`, `api`).
        #[arg(long, value_name = "KEY")]
        group: Option<String>,
        /// Write the sheet here instead of printing it (`.yaml` for YAML).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// tsv (any spreadsheet opens it) or yaml; by default from --out's extension.
        #[arg(long, value_enum)]
        format: Option<jing_vendor_docs::docs::SheetFormat>,
        /// List what is still open and exit non-zero when anything is.
        #[arg(long, conflicts_with_all = ["out", "format"])]
        check: bool,
        /// Overwrite --out when it exists (a filled sheet there is lost).
        #[arg(long, requires = "out")]
        force: bool,
        /// The spec folder, relative to the repository root (default jing-spec/api).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
    /// Write a filled sheet into the spec (UTF-8 or UTF-16 with BOM): only its docs, titles,
    /// method names, type names and addresses change, and nothing is written when any row
    /// is bad.
    Apply {
        /// The filled sheet (TSV, or YAML by its extension).
        file: PathBuf,
        /// tsv or yaml; by default from the file's extension.
        #[arg(long, value_enum)]
        format: Option<jing_vendor_docs::docs::SheetFormat>,
        /// The spec folder, relative to the repository root (default jing-spec/api).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum GroupAction {
    /// Write `NN-KEY.yaml` with the next number: the title (one language may be left out,
    /// an empty text for the sheet), the doc as given (or a draft for the sheet), no endpoints yet. `cargo xtask regenerate` then
    /// makes its module and Cargo feature, and its client accessor once it has a typed
    /// endpoint. Run twice, the second run writes nothing and says the group exists.
    #[command(
        after_help = "Then: cargo xtask import --write --group KEY <pages>, cargo xtask docs todo, cargo xtask regenerate."
    )]
    Add {
        /// The group key: snake_case, the module (`jing_api::KEY`), the accessor
        /// (`client.KEY()`) and the Cargo feature; left out, the key proposed from the
        /// English title (`Refund Desk` gives `refund_desk`).
        key: Option<String>,
        /// The group's title in Chinese, as the docs' folder gives it (a placeholder such
        /// as `标题` is refused; left out, written empty, a row of `cargo xtask docs todo`).
        #[arg(long, value_name = "TITLE")]
        zh: Option<String>,
        /// The group's title in English (`Title`, `Name` and the key itself are refused;
        /// left out, written empty for the sheet; one of --zh and --en is needed).
        #[arg(long, value_name = "TITLE")]
        en: Option<String>,
        /// What the group holds, in our words, in Chinese (with --doc-en; without both,
        /// the doc is a draft, a row of `cargo xtask docs todo`).
        #[arg(long, value_name = "TEXT", requires = "doc_en")]
        doc_zh: Option<String>,
        /// The same in English.
        #[arg(long, value_name = "TEXT", requires = "doc_zh")]
        doc_en: Option<String>,
        /// The spec folder, relative to the repository root (default jing-spec/api).
        #[arg(long, value_name = "DIR")]
        spec: Option<PathBuf>,
    },
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
        Command::Check { endpoints: false } => xtask::check(&root).map(|()| true)?,
        Command::Check { endpoints: true } => {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            xtask::endpoints::run(std::path::Path::new(&cargo), &root)?
        }
        Command::Coverage { json, spec } => {
            commands::coverage(&commands::spec_dir(&root, spec.as_deref()), json)?
        }
        Command::Import(args) => jing_vendor_docs::cli::run_import(&root, args).map(|()| true)?,
        Command::Fetch(_) => return commands::fetch(&root, &fetch_arguments()),
        Command::Openapi { out, spec } => {
            let spec = commands::load(&commands::spec_dir(&root, spec.as_deref()))?;
            let document = xtask::openapi::render(&spec);
            match out {
                Some(file) => std::fs::write(&file, document)
                    .with_context(|| format!("cannot write {}", file.display()))?,
                None => commands::print(document.trim_end())?,
            }
            true
        }
        Command::Docs { action } => docs(&root, action)?,
        Command::Group {
            action:
                GroupAction::Add {
                    key,
                    zh,
                    en,
                    doc_zh,
                    doc_en,
                    spec,
                },
        } => {
            let (zh, en) = jing_vendor_docs::group::titles(key.as_deref(), zh, en)?;
            let key = jing_vendor_docs::group::key_for(key.as_deref(), &zh, &en)?;
            let group = jing_vendor_docs::group::NewGroup {
                key,
                title: (zh, en),
                doc: doc_zh.zip(doc_en),
            };
            commands::group_add(&commands::spec_dir(&root, spec.as_deref()), &group)?;
            true
        }
        Command::Changes {
            since,
            changelog,
            spec,
        } => {
            commands::changes(&root, spec.as_deref(), &since, changelog)?;
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

/// `cargo xtask docs todo | apply`; whether the sheet's check passed.
fn docs(root: &std::path::Path, action: DocsAction) -> anyhow::Result<bool> {
    use xtask::commands;
    Ok(match action {
        DocsAction::Todo {
            group,
            out,
            format,
            check,
            force,
            spec,
        } => commands::docs_todo(
            &commands::spec_dir(root, spec.as_deref()),
            group.as_deref(),
            out.as_deref()
                .map(|file| commands::SheetOut { file, force }),
            format,
            check,
        )?,
        DocsAction::Apply { file, format, spec } => {
            commands::docs_apply(&commands::spec_dir(root, spec.as_deref()), &file, format)?;
            true
        }
    })
}

/// The arguments given after `fetch`, as they were (clap has checked them), for the
/// `jing-fetch` binary.
fn fetch_arguments() -> Vec<std::ffi::OsString> {
    std::env::args_os()
        .skip(1)
        .skip_while(|arg| arg != "fetch")
        .skip(1)
        .collect()
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{Cli, Command};

    fn parse(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(line.split_whitespace())
    }

    /// The error a command line gives, or "" when it parses.
    fn error(line: &str) -> String {
        parse(line)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn commands_and_flags_parse_as_documented() {
        assert!(matches!(
            parse("xtask import a.md b.json --write --group user").map(|cli| cli.command),
            Ok(Command::Import(args)) if args.files.len() == 2 && args.flags.write && args.flags.group.as_deref() == Some("user")
        ));
        assert!(matches!(
            parse("xtask fetch --index https://docs.invalid/llms.txt --import --check").map(|cli| cli.command),
            Ok(Command::Fetch(args)) if args.then_import && args.flags.check && args.index.is_some()
        ));
        assert!(matches!(
            parse("xtask check --endpoints").map(|cli| cli.command),
            Ok(Command::Check { endpoints: true })
        ));
        assert!(matches!(
            parse("xtask synth 50 /tmp/s").map(|cli| cli.command),
            Ok(Command::Synth { count: 50, .. })
        ));
        // Errors name what is wrong.
        assert!(error("xtask import a.md --write --check").contains("--check"));
        assert!(error("xtask import").contains("<FILE>"));
        assert!(error("xtask fetch --from-spec https://docs.invalid/a").contains("--from-spec"));
        assert!(error("xtask import a.md --colour").contains("--colour"));
    }

    #[test]
    fn every_command_takes_the_spec_folder_as_spec_dir() {
        let spec = |line: &str| match parse(line).map(|cli| cli.command) {
            Ok(Command::Coverage { spec, .. } | Command::Openapi { spec, .. }) => spec,
            Ok(Command::Changes { spec, .. }) => spec,
            Ok(Command::Group {
                action: super::GroupAction::Add { spec, .. },
            }) => spec,
            Ok(Command::Import(args)) => args.spec,
            Ok(Command::Fetch(args)) => args.spec,
            Ok(Command::Docs {
                action: super::DocsAction::Todo { spec, .. } | super::DocsAction::Apply { spec, .. },
            }) => spec,
            other => panic!("{line}: {other:?}"),
        };
        for line in [
            "xtask coverage --spec tests/fixtures/spec",
            "xtask openapi --spec tests/fixtures/spec",
            "xtask changes --spec tests/fixtures/spec",
            "xtask group add payment --zh 支付 --en Payments --spec tests/fixtures/spec",
            "xtask import a.md --spec tests/fixtures/spec",
            "xtask fetch --from-spec --spec tests/fixtures/spec",
            "xtask docs todo --spec tests/fixtures/spec",
            "xtask docs apply sheet.tsv --spec tests/fixtures/spec",
        ] {
            assert_eq!(
                spec(line).as_deref(),
                Some(std::path::Path::new("tests/fixtures/spec")),
                "{line}"
            );
        }
        // `--spec` is no switch anywhere: without a folder it is refused.
        assert!(error("xtask fetch --spec").contains("--spec <DIR>"));
    }

    #[test]
    fn fetch_refuses_import_flags_without_import() {
        for flag in ["--write", "--check", "--json", "--group user"] {
            let message = error(&format!("xtask fetch https://docs.invalid/a {flag}"));
            assert!(message.contains("--import"), "{flag}: {message}");
        }
        assert!(error("xtask fetch https://docs.invalid/a --import --write").is_empty());
        // Nothing to fetch is a usage error, not a run.
        assert!(error("xtask fetch").contains("required"));
    }

    #[test]
    fn numeric_flags_refuse_negative_zero_non_finite_and_out_of_range_values() {
        for (flag, value) in [
            ("--timeout", "-1"),
            ("--timeout", "0"),
            ("--timeout", "inf"),
            ("--timeout", "NaN"),
            ("--rate", "-2"),
            ("--rate", "0"),
            ("--rate", "1e400"),
            // A pace slower than one request in 1000 s, or a timeout over an hour.
            ("--rate", "1e-300"),
            ("--rate", "0.0009"),
            ("--rate", "1e7"),
            ("--timeout", "3601"),
            ("--timeout", "1e30"),
            ("--timeout", "1e-300"),
            ("--tries", "-1"),
            ("--tries", "0"),
            ("--max-bytes", "-5"),
            ("--max-bytes", "0"),
        ] {
            let message = error(&format!(
                "xtask fetch https://docs.invalid/a {flag} {value}"
            ));
            assert!(
                message.contains(&format!("invalid value '{value}' for '{flag}")),
                "{flag} {value}: {message}"
            );
        }
        assert!(error("xtask import a.md --max-bytes -1").contains("--max-bytes"));
        assert!(matches!(
            parse("xtask fetch https://docs.invalid/a --timeout 0.5 --rate 10 --tries 1").map(|cli| cli.command),
            Ok(Command::Fetch(args)) if args.timeout == 0.5 && args.rate == 10.0 && args.tries == 1
        ));
        assert!(matches!(
            parse("xtask fetch https://docs.invalid/a --timeout 3600 --rate 0.001").map(|cli| cli.command),
            Ok(Command::Fetch(args)) if args.timeout == 3600.0 && args.rate == 0.001
        ));
    }

    #[test]
    fn fetch_help_is_answered_here() {
        let help = parse("xtask fetch --help").err().map(|error| error.kind());
        assert_eq!(help, Some(clap::error::ErrorKind::DisplayHelp));
        let text = error("xtask fetch --help");
        assert!(
            text.contains("--from-spec") && text.contains("not a page"),
            "{text}"
        );
    }
}
