//! The command lines of `import` and `fetch`, and what they do once read. `cargo xtask`
//! parses both (so `cargo xtask fetch --help` and every flag error need no HTTP client)
//! and runs `import` itself; `fetch` it hands, arguments unchanged, to the `jing-fetch`
//! binary of this crate, which parses them again with the same [`FetchArgs`].

use std::path::{Path, PathBuf};

use clap::Args;

use crate::import::command::{Action, Options};
use crate::limits::{RATE_RANGE, TIMEOUT_RANGE};

/// The spec folder a command works on unless `--spec DIR` names another.
pub const SPEC_DIR: &str = "jing-spec/api";

/// The description of `cargo xtask fetch`.
pub const FETCH_ABOUT: &str = "Download the vendor's pages (Markdown first) into a folder under target/, and optionally import them.";

/// What `cargo xtask fetch --help` says after the flags.
pub const FETCH_AFTER_HELP: &str = "\
Each page is asked for as Markdown, then through its `.md` twin. A page that answers only
HTML (a page its site renders in the browser), or a body import cannot read (a JSON error
object, say), is reported as \"not a page\", and one that cannot be fetched as \"failed\":
open it in a browser, save apifox's Markdown (\"copy page\"), an OpenAPI export or the
page's text, and run `cargo xtask import` on the saved file. A file holding several
pages (several OpenAPI blocks) is counted failed: split it at each page's `# title`.
The summary line counts fetched, unchanged (answered 304), not a page and failed pages;
the exit status is non-zero when any page failed.";

/// What to do with the facts read, and where to compare them. Shared by `import` and
/// `fetch --import`.
#[derive(Debug, Clone, Args)]
pub struct ImportFlags {
    /// The group of endpoints new to the spec, when their folder names none.
    #[arg(long, value_name = "KEY")]
    pub group: Option<String>,
    /// Merge the facts into the group files (only the matched entries change).
    #[arg(long, conflicts_with = "check")]
    pub write: bool,
    /// Exit non-zero when any fact differs from the spec.
    #[arg(long)]
    pub check: bool,
    /// Print `{"endpoints": [...]}` instead of text.
    #[arg(long)]
    pub json: bool,
    /// Refuse pages and exports larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::import::MAX_BYTES, value_parser = positive_count, allow_negative_numbers = true)]
    pub max_bytes: usize,
}

/// `cargo xtask import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The saved pages or exports (files, or folders of them).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The spec folder, relative to the repository root (default jing-spec/api).
    #[arg(long, value_name = "DIR")]
    pub spec: Option<PathBuf>,
    /// What to do with the facts read, and where to compare them.
    #[command(flatten)]
    pub flags: ImportFlags,
}

/// `cargo xtask fetch`. The import flags mean something only with `--import`, and are
/// refused without it.
#[derive(Debug, Clone, Args)]
#[command(
    group(clap::ArgGroup::new("pages").required(true).args(["urls", "index", "from_spec"])),
    mut_arg("group", |arg| arg.requires("then_import")),
    mut_arg("write", |arg| arg.requires("then_import")),
    mut_arg("check", |arg| arg.requires("then_import")),
    mut_arg("json", |arg| arg.requires("then_import")),
)]
pub struct FetchArgs {
    /// Pages to fetch.
    #[arg(value_name = "URL", conflicts_with_all = ["index", "from_spec"])]
    pub urls: Vec<String>,
    /// An llms.txt-style index (Markdown with links): every page it links is fetched.
    #[arg(long, value_name = "URL", conflicts_with = "from_spec")]
    pub index: Option<String>,
    /// Every `doc_url` and `doc_pages` link of the spec (endpoints and webhook pages).
    #[arg(long)]
    pub from_spec: bool,
    /// The spec folder whose pages `--from-spec` fetches and `--import` compares with,
    /// relative to the repository root (default jing-spec/api).
    #[arg(long, value_name = "DIR")]
    pub spec: Option<PathBuf>,
    /// Where the pages go, relative to the repository root (never version-controlled).
    #[arg(long, value_name = "DIR", default_value = "target/jing-pages")]
    pub out: PathBuf,
    /// Requests started per second at the most (from 0.001, one in 1000 s, to 1000000).
    #[arg(long, value_name = "N", default_value_t = 2.0, value_parser = rate_number, allow_negative_numbers = true)]
    pub rate: f64,
    /// Seconds before one request is given up (from 0.001 to 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0, value_parser = timeout_seconds, allow_negative_numbers = true)]
    pub timeout: f64,
    /// Tries per page on 429, 5xx and transport errors (1 or more).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..), allow_negative_numbers = true)]
    pub tries: u32,
    /// Hand the fetched pages to `import`, with the import flags given here.
    #[arg(long = "import")]
    pub then_import: bool,
    /// The import flags, meant only with `--import`.
    #[command(flatten)]
    pub flags: ImportFlags,
}

/// A number in `min..=max` (so finite, and above zero for the ranges used here).
fn number_in(text: &str, (min, max): (f64, f64)) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if (min..=max).contains(&value) => Ok(value),
        Ok(_) => Err(format!("must be a number from {min} to {max}")),
        Err(_) => Err("not a number".to_owned()),
    }
}

/// `--rate`: requests per second, in [`RATE_RANGE`].
pub fn rate_number(text: &str) -> Result<f64, String> {
    number_in(text, RATE_RANGE)
}

/// `--timeout`: seconds, in [`TIMEOUT_RANGE`].
pub fn timeout_seconds(text: &str) -> Result<f64, String> {
    number_in(text, TIMEOUT_RANGE)
}

/// A whole number above zero (`--max-bytes`).
pub fn positive_count(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("must be a whole number of 1 or more".to_owned()),
        Ok(value) => Ok(value),
        Err(_) => Err("must be a whole number of 1 or more".to_owned()),
    }
}

/// Prints `text`; a closed pipe (`| head`) ends the output quietly instead of panicking.
pub fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(()),
    }
}

/// The spec folder `spec` names, relative to the repository `root` (an absolute path
/// stands as it is), or the real spec's.
pub fn spec_dir(root: &Path, spec: Option<&Path>) -> PathBuf {
    root.join(spec.unwrap_or(Path::new(SPEC_DIR)))
}

/// The spec of `dir`, loaded and validated.
pub fn load(dir: &Path) -> anyhow::Result<jing_spec::Valid> {
    jing_spec::load(&jing_spec::Sources::dir(dir))
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .map_err(|error| error.context(format!("loading the spec in {}", dir.display())))
}

/// The import options the flags give, for `files` and the spec folder `spec`.
pub fn import_options(files: Vec<PathBuf>, spec: PathBuf, flags: &ImportFlags) -> Options {
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
        spec: Some(spec),
        max_bytes: flags.max_bytes,
    }
}

/// `import`: the report printed; an error when a file is not read, a page would be refused
/// merged or cannot be placed (in a preview as under `--write`), or `--check` finds a
/// difference.
pub fn import(spec_dir: &Path, options: &Options) -> anyhow::Result<()> {
    let outcome = crate::import::command::run(spec_dir, options)?;
    print(outcome.output.trim_end())?;
    // Every file was tried and reported (each file not imported once, with why, in the
    // report above); one that was not imported still fails the run, so a script does not
    // mistake it for a clean import, and so does a page not placed.
    if !outcome.unread.is_empty() {
        // Each why starts with its file's name (`FILE: PLACE: MESSAGE`): the names only.
        let files: Vec<&str> = outcome
            .unread
            .iter()
            .map(|why| why.split_once(": ").map_or(why.as_str(), |(file, _)| file))
            .collect();
        anyhow::bail!(
            "{} file(s) not imported (why is said above; the others were): {}",
            files.len(),
            files.join(", ")
        );
    }
    // A page not placed fails every action alike: a preview's status is what `--write`'s
    // would be, so a script reads the same answer from either.
    if outcome.unplaced > 0 {
        let others = if options.action == Action::Write {
            "; the others were imported"
        } else {
            ""
        };
        anyhow::bail!(
            "{} page(s) cannot be placed, each named above with what it needs{others}",
            outcome.unplaced
        );
    }
    if options.action == Action::Check && outcome.differences > 0 {
        anyhow::bail!("{} fact(s) differ from the spec", outcome.differences);
    }
    Ok(())
}

/// `cargo xtask import` with its arguments, in the repository `root`.
pub fn run_import(root: &Path, args: ImportArgs) -> anyhow::Result<()> {
    let dir = spec_dir(root, args.spec.as_deref());
    import(&dir, &import_options(args.files, dir.clone(), &args.flags))
}

/// `cargo xtask fetch` with its arguments, in the repository `root`: the pages fetched
/// and, with `--import`, imported (the files are the pages fetched or unchanged).
/// Whether every page could be fetched.
#[cfg(feature = "fetch")]
pub fn run_fetch(root: &Path, args: FetchArgs) -> anyhow::Result<bool> {
    use crate::fetch::{Pages, Settings};
    let dir = spec_dir(root, args.spec.as_deref());
    let pages = if let Some(index) = args.index {
        Pages::Index(index)
    } else if args.from_spec {
        Pages::Urls(crate::fetch::spec_pages(load(&dir)?.spec()))
    } else if args.urls.is_empty() {
        anyhow::bail!("name the pages to fetch: URL..., --index URL or --from-spec");
    } else {
        Pages::Urls(args.urls)
    };
    let settings = Settings {
        out: root.join(&args.out),
        rate: args.rate,
        timeout: std::time::Duration::try_from_secs_f64(args.timeout)
            .map_err(|_| anyhow::anyhow!("--timeout must be a number of seconds"))?,
        tries: args.tries,
        max_bytes: args.flags.max_bytes,
        ..Settings::default()
    };
    let report = crate::fetch::run(&pages, &settings)?;
    eprintln!("{}", report.summary());
    if args.then_import {
        let files = report.readable();
        if files.is_empty() {
            eprintln!("import: no page to import");
        } else {
            import(&dir, &import_options(files, dir.clone(), &args.flags))?;
        }
    }
    Ok(report.failed() == 0)
}
