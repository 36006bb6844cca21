//! `cargo xtask fetch`, run: `cargo xtask` parses the command line (its `--help` and flag
//! errors need nothing of this binary) and runs this one with the same arguments, built
//! with the `fetch` feature, so the HTTP client and async runtime are compiled only for a
//! fetch. Its exit status is the command's.

use std::process::ExitCode;

use clap::Parser;
use jing_vendor_docs::cli::{FETCH_ABOUT, FETCH_AFTER_HELP, FetchArgs};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask fetch", bin_name = "cargo xtask fetch", version, about = FETCH_ABOUT, after_help = FETCH_AFTER_HELP)]
struct Cli {
    #[command(flatten)]
    args: FetchArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match jing_vendor_docs::cli::run_fetch(&jing_vendor_docs::workspace_root(), cli.args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
