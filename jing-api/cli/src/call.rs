//! One call: `jing <group> <call>`'s typed request, built by the endpoint's generated
//! dispatch (`table.rs`) from `--body`, the flags and the `--field`s, and `jing raw`'s
//! request as given; printed with `--dry-run` or sent through the client, and the answer
//! printed as JSON or YAML: a typed call's as the typed client reads it (the endpoint's
//! `Response`), `jing raw`'s `data` as sent, and with `--raw` the whole answer as sent.

use std::io::{IsTerminal, Write};

use clap::ArgMatches;
use serde_json::Value;

use super::config::Settings;
use super::request::body_from;
use super::table::Arguments;
use super::table::CliEndpoint;
use crate::failure::Failure;
use jing_api::{ApiSpec, Auth, CatalogueEntry, Method};

/// `jing <group> <call>`: the endpoint's typed request, built by its dispatch, previewed
/// or sent through the client's typed call.
pub(crate) async fn endpoint(
    api: &'static ApiSpec,
    endpoint: &'static CliEndpoint,
    args: &ArgMatches,
) -> Result<(), Failure> {
    let settings = Settings::resolve(api, args)?;
    let mut arguments = Arguments::new(endpoint, args, &settings)?;
    let request = (endpoint.build)(&mut arguments)?;
    arguments.finish()?;
    let client = client(api, endpoint.schema.auth, &settings, args).await?;
    if args.get_flag("dry-run") {
        return write_out(&request.preview(&client)?.to_string());
    }
    let answer = if args.get_flag("raw") {
        request.send_envelope(&client).await
    } else {
        request.send(&client).await
    };
    // A renewed pair the store could not take yet is this run's to store before it ends:
    // it may be the only refresh token the server still accepts.
    store_tokens(&client).await;
    print_value(&answer?, args)
}

/// The note `jing raw` prints for a call that `api`'s catalogue does not list, read as the
/// client names the call (a template matched, the query aside); `None` for a listed one.
fn raw_note(api: &ApiSpec, method: Method, path: &str) -> Option<String> {
    CatalogueEntry::lookup(api.catalogue, method, path)
        .is_none()
        // The path as typed may carry a query: shown with its credentials hidden.
        .then(|| {
            let shown = jing_api::redact::redact_text(path);
            format!("note: `{shown}` is not a path of the catalogue")
        })
}

/// `jing raw METHOD PATH`, on the API of `api`.
pub(crate) async fn raw(api: &'static ApiSpec, args: &ArgMatches) -> Result<(), Failure> {
    let method_name = args
        .get_one::<String>("method")
        .cloned()
        .unwrap_or_default();
    let method: Method = method_name
        .parse()
        .map_err(|error: jing_api::UnknownMethod| Failure::usage(error.to_string()))?;
    let path = args.get_one::<String>("path").cloned().unwrap_or_default();
    if let Some(note) = raw_note(api, method, &path) {
        eprintln!("{note}");
    }
    let query: Vec<(String, String)> = args
        .get_many::<String>("query")
        .into_iter()
        .flatten()
        .map(|pair| {
            pair.split_once('=')
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .ok_or_else(|| Failure::usage(format!("--query {pair}: write NAME=VALUE")))
        })
        .collect::<Result<_, _>>()?;
    let body = body_from(args)?;
    let settings = Settings::resolve(api, args)?;
    let client = client(api, Auth::Headers, &settings, args).await?;
    let mut call = client.raw(method, path);
    for (name, value) in query {
        call = call.query(name, value);
    }
    if let Some(body) = body {
        call = call.json(body);
    }
    if args.get_flag("dry-run") {
        return write_out(&call.preview()?.to_string());
    }
    let answer = if args.get_flag("raw") {
        call.send_envelope().await
    } else {
        call.send().await
    };
    store_tokens(&client).await;
    print_value(&answer?, args)
}

/// The client of `settings`, for a call that authenticates as `auth`: refused when it
/// needs credentials the settings do not have (a dry run says it could not be sent).
async fn client(
    api: &'static ApiSpec,
    auth: Auth,
    settings: &Settings,
    args: &ArgMatches,
) -> Result<jing_api::Client, Failure> {
    if auth == Auth::Headers && !settings.can_authenticate() {
        let what = if args.get_flag("dry-run") {
            "--dry-run: the request could not be sent: "
        } else {
            ""
        };
        return Err(Failure::usage(format!(
            "{what}{}",
            super::config::NO_CREDENTIALS
        )));
    }
    settings.client(api, !args.get_flag("dry-run")).await
}

/// Stores a pair the client could not store during the call, trying for about a second;
/// says what to do when it still cannot.
async fn store_tokens(client: &jing_api::Client) {
    let mut last = None;
    for _ in 0..5 {
        match client.flush_tokens().await {
            Ok(()) => return,
            Err(error) => last = Some(error),
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    if let Some(error) = last {
        eprintln!(
            "warning: the tokens renewed by this run could not be stored ({}); the refresh token in the store is now refused by the server: once the store is back, write a new refresh token with `jing auth seed`",
            error.report()
        );
    }
}

/// `data` (or the envelope) as JSON, pretty on a terminal and compact when piped, or YAML.
fn print_value(value: &Value, args: &ArgMatches) -> Result<(), Failure> {
    let yaml = args
        .get_one::<String>("output")
        .is_some_and(|format| format == "yaml");
    let text = if yaml {
        serde_yaml::to_string(value).map_err(|error| Failure::other(error.to_string()))?
    } else if std::io::stdout().is_terminal() {
        serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
    } else {
        serde_json::to_string(value).unwrap_or_default() + "\n"
    };
    write_out(&text)
}

/// Writes to standard output; a closed pipe ends quietly.
pub(crate) fn write_out(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::other(error.to_string()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use jing_api::schema::EndpointSchema;
    use jing_api::{ApiSpec, CatalogueEntry, Method, Status};

    /// A spec of one templated endpoint, `GET /v1/widget/{widgetId}/weight`.
    pub(crate) fn widget_spec() -> &'static ApiSpec {
        let path = "/v1/widget/{widgetId}/weight";
        let schema: &'static EndpointSchema = Box::leak(Box::new(EndpointSchema::new(
            "weigh_widget",
            "widgets",
            Method::Get,
            path,
        )));
        let entries: &'static [CatalogueEntry] = Box::leak(Box::new([CatalogueEntry::typed(
            schema,
            Status::Documented,
        )]));
        Box::leak(Box::new(ApiSpec::new(
            "https://fixture.invalid",
            entries,
            &[],
            &[],
        )))
    }

    /// `jing raw`'s note reads the catalogue of the tables' API as the client does: a
    /// templated path (its query aside) is listed, another path or method is not, and
    /// jing-api's own paths are not the fixture's.
    #[test]
    fn the_raw_note_matches_templates_in_the_tables_api() {
        let api = widget_spec();
        assert_eq!(
            super::raw_note(api, Method::Get, "/v1/widget/w1/weight?unit=g"),
            None
        );
        let note = super::raw_note(api, Method::Post, "/v1/widget/w1/weight");
        assert!(note.is_some_and(|note| note.contains("not a path of the catalogue")));
        assert!(super::raw_note(api, Method::Post, "/v1/customer/create").is_some());
        assert_eq!(
            super::raw_note(&jing_api::SPEC, Method::Post, "/v1/customer/create"),
            None
        );
    }
}
