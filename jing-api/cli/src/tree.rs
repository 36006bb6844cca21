//! The program's command tree: the tables it is built from ([`Tables`], the spec's or in
//! the repository's tests the fixture's), each group's endpoint commands, and the
//! program's own commands beside them.

use clap::Command;

use jing_api::schema::Body;

use crate::flags::{call_args, member_arg};
use crate::table::CliEndpoint;

/// The tables the program runs on, travelling together: the API's [`ApiSpec`] (its
/// catalogue for `jing list` and `jing raw`, and what the program's clients are built
/// for), its groups, its commands and its mock (`jing mock`, the webhook samples). jing-api's (`Tables::SPEC`) are defined and handed in
/// by the generated code (`jing_cli::main`), so no hand-written module names them; the
/// repository's tests run the program on those generated from the synthetic fixture spec.
///
/// [`ApiSpec`]: jing_api::ApiSpec
#[derive(Debug, Clone, Copy)]
pub struct Tables {
    /// The API's tables as its client reads them.
    pub api: &'static jing_api::ApiSpec,
    /// Each group's command and title.
    pub groups: &'static [(&'static str, &'static str)],
    /// The command of every typed endpoint.
    pub endpoints: &'static [CliEndpoint],
    /// A mock of the API (`jing mock`), whose tables also hold the docs' webhook samples
    /// (`jing webhook send --sample`).
    pub mock: fn() -> jing_mock::MockBuilder,
    /// The `jing webhook` commands on the API's events (`Webhooks::of::<Event>()`).
    pub webhooks: crate::local::Webhooks,
}

/// The whole command tree on `tables`: the generated endpoint commands and the
/// program's own.
pub(crate) fn command_of(tables: Tables) -> Command {
    let mut root = Command::new("jing")
        .about("京 Jing 开放平台接口 V1 的命令行客户端。 The Jing Open Platform API V1 from the command line.")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true);
    for (group, about) in tables.groups {
        let calls = tables
            .endpoints
            .iter()
            .filter(|endpoint| endpoint.group == *group)
            .map(endpoint_command);
        // Credentials belong to the commands that call the API: the groups' calls and `raw`.
        root = root.subcommand(
            Command::new(*group)
                .about(*about)
                .subcommand_required(true)
                .args(crate::config::credential_args())
                .subcommands(calls),
        );
    }
    root.subcommands(crate::local::commands())
        .subcommand(crate::auth::command())
}

fn endpoint_command(endpoint: &'static CliEndpoint) -> Command {
    let mut long_about = format!(
        "{}\n\n{} · {}",
        endpoint.summary(),
        endpoint.schema.name,
        endpoint.details()
    );
    if endpoint.schema.body == Body::Array {
        long_about.push_str(
            "\n\n请求体是数组，用 --body 给出。 The body is an array: give it with --body.",
        );
    }
    Command::new(endpoint.command)
        .about(endpoint.summary())
        .long_about(long_about)
        .args(endpoint.flags.iter().map(member_arg))
        .args(call_args(
            endpoint.schema.body,
            endpoint.takes_custom_fields(),
        ))
}
