//! One call: the request assembled from `--body`, the flags and `--field`s, printed with
//! `--dry-run` or sent through the client, and the answer printed as JSON or YAML: a typed
//! call's as its typed reader reads it (the endpoint's `Response`), `jing raw`'s as sent.

use std::io::{IsTerminal, Read, Write};

use clap::ArgMatches;
use serde_json::{Map, Value};

use super::Failure;
use super::config::Settings;
use super::table::CliEndpoint;
use jing_api::TypedReader;
use jing_api::schema::{Body, Kind, Place};
use jing_api::{Auth, Method, RateLimit};

/// A request as the program sends it.
struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    /// The body goes as a form, not JSON.
    form: bool,
    /// How the answer says success and where its data is.
    answer: jing_api::Answer,
    auth: Auth,
    rate_limit: RateLimit,
    repeatable: bool,
    /// The typed call's reader of the answer; `None` for `jing raw`, which prints `data`
    /// as sent.
    read: Option<TypedReader>,
}

/// `jing <group> <call>`.
pub(crate) async fn endpoint(
    endpoint: &'static CliEndpoint,
    args: &ArgMatches,
) -> Result<(), Failure> {
    let settings = Settings::resolve(args)?;
    let mut body = starting_body(endpoint, body_from(args)?)?;
    let schema = endpoint.schema;
    let mut path = schema.path.to_owned();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for flag in endpoint.flags {
        let wire = flag.wire();
        // A token call's credential members come from the program's own credentials.
        let given = flag_value(args, flag.flag, flag.scalar(), flag.list());
        let credential = flag
            .param
            .credential
            .filter(|_| !present_in(&body, wire))
            .and_then(|credential| settings.credential(credential))
            .map(Value::from);
        let Some(value) = given.or(credential) else {
            if flag.required() && !present_in(&body, wire) {
                return Err(Failure::usage(format!(
                    "--{} is required (or `{wire}` in --body)",
                    flag.flag
                )));
            }
            continue;
        };
        match flag.param.place {
            Place::Body => {
                if let Some(Value::Object(members)) = &mut body {
                    members.insert(wire.to_owned(), value);
                }
            }
            Place::Query => query.push((wire.to_owned(), text_of(&value))),
            Place::Header => headers.push((wire.to_owned(), text_of(&value))),
            _ => {
                let encoded = jing_api::encode_path_segment(&text_of(&value));
                path = path.replace(&format!("{{{wire}}}"), &encoded);
            }
        }
    }
    add_custom_fields(endpoint, args, &mut body)?;
    let request = Request {
        method: schema.method,
        path,
        query,
        headers,
        body,
        form: schema.body == Body::Form,
        answer: schema.answer,
        auth: schema.auth,
        rate_limit: schema.rate_limit,
        repeatable: schema.idempotent,
        read: Some(endpoint.read),
    };
    send(request, settings, args).await
}

/// The body before the flags are added: the one `--body` gave, of the call's shape, or an
/// empty object.
fn starting_body(endpoint: &CliEndpoint, given: Option<Value>) -> Result<Option<Value>, Failure> {
    match (endpoint.schema.body, given) {
        (Body::None, None) => Ok(None),
        (Body::None, Some(_)) => Err(Failure::usage(format!(
            "`{} {}` takes no body",
            endpoint.group, endpoint.command
        ))),
        (Body::Array, Some(Value::Array(items))) => Ok(Some(Value::Array(items))),
        (Body::Array, _) => Err(Failure::usage(
            "the body of this call is a JSON array: give it with --body (inline JSON, @FILE or -)",
        )),
        (_, Some(Value::Object(members))) => Ok(Some(Value::Object(members))),
        (_, Some(_)) => Err(Failure::usage("the body of this call is a JSON object")),
        (_, None) => Ok(Some(Value::Object(Map::new()))),
    }
}

/// The `--field CODE=VALUE`s added to `body` (only calls that take custom attributes have
/// the flag); a preset member's name is refused.
fn add_custom_fields(
    endpoint: &CliEndpoint,
    args: &ArgMatches,
    body: &mut Option<Value>,
) -> Result<(), Failure> {
    let fields = args
        .try_get_many::<String>("field")
        .ok()
        .flatten()
        .into_iter()
        .flatten();
    for field in fields {
        if !endpoint.takes_custom_fields() {
            return Err(Failure::usage(
                "this call takes no custom attributes (--field)",
            ));
        }
        let (code, text) = field
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("--field {field}: write CODE=VALUE")))?;
        // A custom attribute never stands in for a preset member: that one has its flag.
        if let Some(member) = endpoint.flags.iter().find(|flag| flag.wire() == code) {
            return Err(Failure::usage(format!(
                "--field {code}=…: `{code}` is a preset member; give it with --{}",
                member.flag
            )));
        }
        let value = serde_json::from_str(text).unwrap_or_else(|_| Value::from(text));
        if let Some(Value::Object(members)) = body {
            members.insert(code.to_owned(), value);
        }
    }
    Ok(())
}

/// `jing raw METHOD PATH`.
pub(crate) async fn raw(args: &ArgMatches) -> Result<(), Failure> {
    let method_name = args
        .get_one::<String>("method")
        .cloned()
        .unwrap_or_default();
    let method = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Patch,
    ]
    .into_iter()
    .find(|method| method.as_str().eq_ignore_ascii_case(&method_name))
    .ok_or_else(|| {
        Failure::usage(format!(
            "`{method_name}` is not GET, POST, PUT, DELETE or PATCH"
        ))
    })?;
    let path = args.get_one::<String>("path").cloned().unwrap_or_default();
    let catalogued = jing_api::catalogue::ENDPOINTS
        .iter()
        .any(|entry| entry.path.is_some_and(|known| known == path));
    if !catalogued {
        // The path as typed may carry a query: shown with its credentials hidden.
        eprintln!(
            "note: `{}` is not a path of the catalogue",
            jing_api::redact::redact_text(&path)
        );
    }
    let query = args
        .get_many::<String>("query")
        .into_iter()
        .flatten()
        .map(|pair| {
            pair.split_once('=')
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .ok_or_else(|| Failure::usage(format!("--query {pair}: write NAME=VALUE")))
        })
        .collect::<Result<_, _>>()?;
    let request = Request {
        method,
        path,
        query,
        headers: Vec::new(),
        body: body_from(args)?,
        form: false,
        answer: jing_api::Answer::JING,
        auth: Auth::Headers,
        rate_limit: RateLimit::UNKNOWN,
        repeatable: false,
        read: None,
    };
    send(request, Settings::resolve(args)?, args).await
}

/// Prints the request (`--dry-run`), or sends it and prints the answer. Both go through
/// the client's own request building, so the dry run shows what would be sent.
async fn send(request: Request, settings: Settings, args: &ArgMatches) -> Result<(), Failure> {
    if request.auth == Auth::Headers && !settings.can_authenticate() {
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
    let client = settings.client(!args.get_flag("dry-run")).await?;
    let shape = request.answer;
    let mut call = client
        .raw(request.method, request.path)
        .rate_limit(request.rate_limit)
        .answer(request.answer);
    for (name, value) in request.query {
        call = call.query(name, value);
    }
    for (name, value) in request.headers {
        call = call.header(name, value);
    }
    match request.body {
        Some(body) if request.form => call = call.form(body),
        Some(body) => call = call.json(body),
        None => {}
    }
    if request.auth == Auth::None {
        call = call.without_auth();
    }
    if request.repeatable {
        call = call.repeatable();
    }
    if args.get_flag("dry-run") {
        return write_out(&call.preview()?.to_string());
    }
    let answer: Result<Value, jing_api::Error> = match request.read {
        _ if args.get_flag("raw") => call.send_envelope().await,
        // What the typed call reads: its `Response`, read leniently, as JSON (an answer
        // without a data member included: only the response type's members are read).
        Some(read) => call.send_reading(read).await,
        None => call.send().await.map(|value| data_only(value, &shape)),
    };
    // A renewed pair the store could not take yet is this run's to store before it ends:
    // it may be the only refresh token the server still accepts.
    store_tokens(&client).await;
    print_value(&answer?, args)
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
            "warning: the tokens renewed by this run could not be stored ({error}); the refresh token in the store is now refused by the server: once the store is back, write a new refresh token with `jing auth seed`"
        );
    }
}

/// What the typed call reads of an answer without a data member (`Answer::data` is `None`:
/// the answer's other members are the data): the answer less the members saying success
/// and the failure's message, as the typed response has them; any other answer as it is.
fn data_only(value: Value, answer: &jing_api::Answer) -> Value {
    match value {
        Value::Object(mut members) if answer.data.is_none() => {
            for own in answer.code.iter().chain(&answer.message) {
                members.remove(*own);
            }
            Value::Object(members)
        }
        other => other,
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

/// The body of `--body`: inline JSON or YAML (`'{"name":"A"}'`, `'name: A'`), `@FILE`, a
/// file's path, or `-` for standard input.
pub(crate) fn body_from(args: &ArgMatches) -> Result<Option<Value>, Failure> {
    let Some(source) = args.try_get_one::<String>("body").ok().flatten() else {
        return Ok(None);
    };
    let inline = source.trim_start().starts_with(['{', '['])
        || source.contains('\n')
        || source.contains(": ");
    let (text, origin) = if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| Failure::usage(format!("--body -: {error}")))?;
        (text, "standard input".to_owned())
    } else if inline {
        (source.clone(), "the inline body".to_owned())
    } else {
        let path = source.strip_prefix('@').unwrap_or(source);
        let text = std::fs::read_to_string(path).map_err(|error| {
            Failure::usage(format!(
                "--body {path}: {error} (a body is inline JSON or YAML, @FILE or -)"
            ))
        })?;
        (text, path.to_owned())
    };
    let value = serde_json::from_str(&text).or_else(|_| {
        serde_yaml::from_str::<Value>(&text).map_err(|error| {
            Failure::usage(format!(
                "--body: {origin} is neither JSON nor YAML: {error}"
            ))
        })
    })?;
    Ok(Some(value))
}

/// The value of a member's flag as JSON, when it was given (a list flag gives an array).
fn flag_value(args: &ArgMatches, flag: &str, kind: Option<Kind>, list: bool) -> Option<Value> {
    let one = |value: Value| {
        if list {
            Value::Array(vec![value])
        } else {
            value
        }
    };
    let values: Vec<Value> = match kind {
        Some(Kind::Integer) => many::<i64>(args, flag),
        Some(Kind::Unsigned) => many::<u64>(args, flag),
        // A number that holds an integer goes as one (`1`, not `1.0`), as the typed client
        // sends it.
        Some(Kind::Number) => args
            .get_many::<f64>(flag)
            .into_iter()
            .flatten()
            .map(|number| jing_api::json_number(*number))
            .collect(),
        Some(Kind::Boolean) => many::<bool>(args, flag),
        Some(Kind::String) => many::<String>(args, flag),
        // The flag's parser has checked the text is JSON.
        _ => many::<String>(args, flag)
            .into_iter()
            .map(|text| serde_json::from_str(text.as_str().unwrap_or_default()).unwrap_or(text))
            .collect(),
    };
    match values.len() {
        0 => None,
        1 => values.into_iter().next().map(one),
        _ => Some(Value::Array(values)),
    }
}

/// The values of a flag, as JSON.
fn many<T: Clone + Into<Value> + Send + Sync + 'static>(
    args: &ArgMatches,
    flag: &str,
) -> Vec<Value> {
    args.get_many::<T>(flag)
        .into_iter()
        .flatten()
        .cloned()
        .map(Into::into)
        .collect()
}

/// A scalar as the text a query parameter, header or path carries.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn present_in(body: &Option<Value>, wire: &str) -> bool {
    body.as_ref()
        .and_then(|body| body.get(wire))
        .is_some_and(|value| !value.is_null())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_answer_without_data_prints_what_the_typed_call_reads() {
        let answer = jing_api::Answer {
            code: Some("ret"),
            success: jing_api::Success::Integer(0),
            message: Some("message"),
            data: None,
        };
        let body = serde_json::json!({"ret": 0, "message": "ok", "count": 3});
        assert_eq!(
            super::data_only(body.clone(), &answer),
            serde_json::json!({"count": 3})
        );
        let with_data = jing_api::Answer {
            data: Some("result"),
            ..answer
        };
        assert_eq!(super::data_only(body.clone(), &with_data), body);
    }
}
