//! For the repository's own tests, behind the `testing` feature (off by default): not an
//! API, and outside the crate's semver promise. It holds what the code generated from the
//! synthetic fixture spec (`tests/fixture-api`) is made of: the rows of the command tables
//! ([`CliEndpoint`], [`CliFlag`]) and the dispatch's argument reader and typed request
//! ([`Arguments`], [`Request`]); and [`run_from`], which runs the program on such tables,
//! so the tests call the fixture's endpoints through `jing` as users call the spec's.

pub use crate::request::{ArgumentError, Request};
pub use crate::table::{Arguments, Build, CliEndpoint, CliFlag};

/// The command tables the program runs on.
#[derive(Debug, Clone, Copy)]
pub struct Tables {
    /// Each group's command and title.
    pub groups: &'static [(&'static str, &'static str)],
    /// The command of every typed endpoint.
    pub endpoints: &'static [CliEndpoint],
}

/// Runs the program on `tables` with the arguments `args` (the program's name first), as
/// `jing` runs on the spec's tables; the exit status.
pub fn run_from<I, T>(tables: Tables, args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let tables = crate::Tables {
        groups: tables.groups,
        endpoints: tables.endpoints,
    };
    crate::run_from(tables, args)
}
