//! jing-cli: the `jing` command-line client (`cargo install jing-cli`), every typed endpoint as
//! `jing <group> <call>`, with one flag per request member, built from the tables
//! `cargo xtask regenerate` writes from the spec; raw calls, the catalogue, webhooks, the
//! mock, the shared tokens (`jing auth seed | status`) and shell completions beside them.
//!
//! 命令行客户端：每个类型化接口是一条 `jing <组> <调用>` 命令，每个请求成员一个选项。
//!
//! The program is what this crate offers; its library is there for the `jing` binary
//! ([`main`], [`command`]). Rust code calls the jing-api client the program is
//! built on. The command tables and the entry that runs the program on other tables are
//! not public: the repository's tests reach them through the `test-util` feature (the
//! rows in `table`, the helpers in `testing`), which nothing else should turn on.
//!
//! Calls go through the same client as Rust code does (tokens, limits, retries, the
//! envelope). Exit status: 0 success, 2 a usage error (a missing or malformed flag, no
//! credentials), 3 the server answered but not with a success (`code != 0`, a spent limit,
//! an HTTP error status, a body that does not decode, or a webhook receiver that answered
//! `webhook send` with a non-2xx status), 4 a transport error or timeout, 5 an
//! authentication problem (credentials refused, HTTP 401), 1 anything else (a local file or
//! terminal that cannot be written).

#![warn(missing_docs)]

mod auth;
mod call;
mod config;
mod failure;
mod flags;
#[rustfmt::skip]
mod generated;
mod local;
mod profile;
mod receive;
mod relay;
mod request;
mod run;
mod shared;
mod stop;
#[cfg(feature = "test-util")]
pub mod table;
#[cfg(not(feature = "test-util"))]
mod table;
#[cfg(feature = "test-util")]
pub mod testing;
mod tree;

pub use failure::{EXIT_API, EXIT_AUTH, EXIT_TRANSPORT, EXIT_USAGE};
// The program's entry points on jing-api's tables, which the generated code hands in.
pub use generated::{command, main};
