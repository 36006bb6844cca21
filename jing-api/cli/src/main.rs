//! `jing`: the Jing API from the command line; see `jing --help` and the crate's README.

fn main() -> std::process::ExitCode {
    jing_cli::main()
}
