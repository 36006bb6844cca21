//! The program's command tree, built from some tables (`Tables`, the spec's or in the
//! repository's tests the fixture's): each group's endpoint commands, and the program's
//! own commands beside them.

use clap::Command;

use jing_api::schema::Body;

use crate::flags::{call_args, member_arg};
use crate::table::{CliEndpoint, Tables};

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
