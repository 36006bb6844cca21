//! Which crate the generated modules are compiled into ([`Host`]): the root picks the
//! files by it, each emitter the paths and visibility its code is written with.

/// Which crate the generated modules are compiled into. Each crate gets its own part of
/// one spec's output: jing-api the types and calls, jing-mock the mock's tables and the
/// probes, jing-cli the program's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// Inside jing-api itself: `mod.rs`, the catalogue, the webhooks and one module per
    /// group; `mod.rs` also adds the group accessors to `Client`.
    Runtime,
    /// Inside jing-mock (`jing-api/mock`): the mock's tables (`mock.rs`) and the probe of
    /// every typed endpoint of jing-api (`probe.rs`), crate-private.
    Mock,
    /// Inside jing-cli (`jing-api/cli`): the `jing` program's tables (`cli.rs`),
    /// crate-private.
    Cli,
    /// A crate that depends on jing-api, jing-mock and jing-cli (the test fixture): every
    /// file, its tables public for its tests; group accessors are built with
    /// `GroupApi::new(&client)`, since only jing-api may add methods to `Client`.
    External,
}
