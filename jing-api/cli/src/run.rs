//! The program's run on some tables (jing-api's, which the generated `main` hands in, or in
//! the repository's tests the fixture's): the arguments parsed against the command tree of
//! those tables, an async runtime started, and each command dispatched.

use clap::ArgMatches;

use crate::failure::{EXIT_USAGE, Failure};
use crate::table::Tables;
use crate::tree::command_of;
use crate::{auth, call, local};

/// Runs the program on `tables` with the arguments `args` (the program's name first);
/// the exit status. `main` runs it on the spec's tables.
pub(crate) fn run_from<I, T>(tables: Tables, args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = match command_of(tables).try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return 1;
        }
    };
    match runtime.block_on(run(tables, &matches)) {
        Ok(()) => 0,
        Err(failure) => failure.report(),
    }
}

async fn run(tables: Tables, matches: &ArgMatches) -> Result<(), Failure> {
    match matches.subcommand() {
        Some(("list", sub)) => local::list(tables.api, sub.get_flag("json")),
        Some(("raw", sub)) => call::raw(tables.api, sub).await,
        Some(("webhook", sub)) => (tables.webhooks.run)(tables.mock, sub).await,
        Some(("mock", sub)) => local::mock(tables.mock, sub).await,
        Some(("completions", sub)) => local::completions(sub, command_of(tables)),
        Some(("auth", sub)) => auth::run(tables.api, sub).await,
        Some((group, sub)) => {
            let Some((command, args)) = sub.subcommand() else {
                return Err(Failure::usage(format!(
                    "name a call of `{group}`: jing {group} --help"
                )));
            };
            let endpoint = tables
                .endpoints
                .iter()
                .find(|endpoint| endpoint.group == group && endpoint.command == command)
                .ok_or_else(|| Failure::usage(format!("no call `{group} {command}`")))?;
            call::endpoint(tables.api, endpoint, args).await
        }
        None => Err(Failure::usage("name a command: jing --help")),
    }
}
