//! `jing-mock`: the mock Jing server as a program, for teams testing from other languages.
//!
//! ```text
//! cargo run -p jing-mock --features bin -- --help
//! ```
//!
//! Its options are `jing mock`'s (one definition, in `jing_mock::program`): where to
//! listen, fixtures, credentials, limits, the record's size, strict token modes and
//! `--quiet`. Prints the address and the credentials it accepts, logs one line per request
//! to standard error, and serves until stopped; a running mock is driven over HTTP through
//! its admin interface under `/_mock/` (see the mock's README). Exit status 2 on a usage
//! error (options, fixtures, an address in use), 1 otherwise.

use std::process::ExitCode;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let matches = match jing_mock::program::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let builder = jing_mock::MockServer::builder();
    match jing_mock::program::serve(builder, &matches, std::future::pending()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", error.report());
            if matches!(error, jing_api::Error::Config { .. }) {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
