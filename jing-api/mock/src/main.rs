//! `jing-mock`: the mock Jing server as a program, for teams testing from other languages.
//!
//! ```text
//! cargo run -p jing-mock --features bin -- --help
//! ```
//!
//! Its options are `jing mock`'s (one definition, in `jing_mock`): where to listen,
//! fixtures, credentials, limits, the record's size, strict token modes and `--quiet`.
//! Prints the address and the credentials it accepts, logs one line per request to
//! standard error, and serves until stopped; a running mock is driven over HTTP through
//! its admin interface under `/_mock/` (see the jing-api README).

fn main() -> std::process::ExitCode {
    jing_mock::program::main()
}
