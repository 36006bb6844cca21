//! One call: the request assembled from `--body`, the flags and `--field`s, printed with
//! `--dry-run` or sent through the client, and the answer printed as JSON or YAML.

use std::io::{IsTerminal, Read, Write};

use clap::ArgMatches;
use serde_json::{Map, Value};

use super::Failure;
use super::config::Settings;
use super::table::{CliBody, CliEndpoint, CliKind, CliPlace};
use crate::{Auth, Method, RateLimit};

/// A request as the program sends it.
struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    /// The body goes as a form, not JSON.
    form: bool,
    auth: Auth,
    rate_limit: RateLimit,
    repeatable: bool,
}

/// `jing <group> <call>`.
pub(crate) async fn endpoint(
    endpoint: &'static CliEndpoint,
    root: &ArgMatches,
    args: &ArgMatches,
) -> Result<(), Failure> {
    let settings = Settings::resolve(root)?;
    let from_file = body_from(args)?;
    let mut body = match (endpoint.body, from_file) {
        (CliBody::None, None) => None,
        (CliBody::None, Some(_)) => {
            return Err(Failure::usage(format!(
                "`{} {}` takes no body",
                endpoint.group, endpoint.command
            )));
        }
        (CliBody::Array, Some(Value::Array(items))) => Some(Value::Array(items)),
        (CliBody::Array, _) => {
            return Err(Failure::usage(
                "the body of this call is a JSON array: give it with --body FILE",
            ));
        }
        (CliBody::Object { .. } | CliBody::Form, Some(Value::Object(members))) => {
            Some(Value::Object(members))
        }
        (CliBody::Object { .. } | CliBody::Form, Some(_)) => {
            return Err(Failure::usage("the body of this call is a JSON object"));
        }
        (CliBody::Object { .. } | CliBody::Form, None) => Some(Value::Object(Map::new())),
    };
    let mut path = endpoint.path.to_owned();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for arg in endpoint.args {
        // A token call's credential members come from the program's own credentials.
        let given = flag_value(args, arg.flag, arg.kind, arg.list);
        let credential = arg
            .credential
            .filter(|_| !present_in(&body, arg.wire))
            .and_then(|credential| settings.credential(credential))
            .map(Value::from);
        let Some(value) = given.or(credential) else {
            if arg.required && !present_in(&body, arg.wire) {
                return Err(Failure::usage(format!(
                    "--{} is required (or `{}` in --body)",
                    arg.flag, arg.wire
                )));
            }
            continue;
        };
        match arg.place {
            CliPlace::Body => {
                if let Some(Value::Object(members)) = &mut body {
                    members.insert(arg.wire.to_owned(), value);
                }
            }
            CliPlace::Query => query.push((arg.wire.to_owned(), text_of(&value))),
            CliPlace::Header => headers.push((arg.wire.to_owned(), text_of(&value))),
            CliPlace::Path => {
                let encoded = crate::endpoint::fill_path_segment(&text_of(&value));
                path = path.replace(&format!("{{{}}}", arg.wire), &encoded);
            }
        }
    }
    let fields = args.get_many::<String>("field").into_iter().flatten();
    for field in fields {
        let CliBody::Object {
            custom_fields: true,
        } = endpoint.body
        else {
            return Err(Failure::usage(
                "this call takes no custom attributes (--field)",
            ));
        };
        let (code, text) = field
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("--field {field}: write CODE=VALUE")))?;
        let value = serde_json::from_str(text).unwrap_or_else(|_| Value::from(text));
        if let Some(Value::Object(members)) = &mut body {
            members.insert(code.to_owned(), value);
        }
    }
    let request = Request {
        method: endpoint.method,
        path,
        query,
        headers,
        body,
        form: endpoint.body == CliBody::Form,
        auth: endpoint.auth,
        rate_limit: endpoint.rate_limit,
        repeatable: endpoint.idempotent,
    };
    send(request, settings, args).await
}

/// `jing raw METHOD PATH`.
pub(crate) async fn raw(root: &ArgMatches, args: &ArgMatches) -> Result<(), Failure> {
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
    let catalogued = crate::catalogue::ENDPOINTS
        .iter()
        .any(|entry| entry.path.is_some_and(|known| known == path));
    if !catalogued {
        eprintln!("note: `{path}` is not a path of the catalogue");
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
        auth: Auth::Headers,
        rate_limit: RateLimit::UNKNOWN,
        repeatable: false,
    };
    send(request, Settings::resolve(root)?, args).await
}

/// Prints the request (`--dry-run`), or sends it and prints the answer.
async fn send(request: Request, settings: Settings, args: &ArgMatches) -> Result<(), Failure> {
    if args.get_flag("dry-run") {
        return dry_run(&request, &settings);
    }
    let client = settings.client()?;
    let mut call = client
        .raw(request.method, request.path)
        .rate_limit(request.rate_limit);
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
    let answer: Value = if args.get_flag("raw") {
        call.send_envelope().await?
    } else {
        call.send().await?
    };
    print_value(&answer, args)
}

/// The request as it would go, secrets hidden.
fn dry_run(request: &Request, settings: &Settings) -> Result<(), Failure> {
    let base = settings
        .base_url
        .as_deref()
        .unwrap_or(crate::DEFAULT_BASE_URL);
    let mut url = format!("{}{}", base.trim_end_matches('/'), request.path);
    if !request.query.is_empty() {
        let query: Vec<String> = request
            .query
            .iter()
            .map(|(name, value)| {
                format!(
                    "{}={}",
                    crate::endpoint::fill_path_segment(name),
                    crate::endpoint::fill_path_segment(value)
                )
            })
            .collect();
        url = format!("{url}?{}", query.join("&"));
    }
    let mut lines = vec![format!("{} {url}", request.method)];
    if request.auth == Auth::Headers {
        lines.push(format!(
            "app_id: {}",
            settings.app_id.as_deref().unwrap_or("(none)")
        ));
        lines.push("access_token: [REDACTED]".to_owned());
    }
    for (name, value) in &request.headers {
        lines.push(format!("{name}: {value}"));
    }
    if let Some(body) = &request.body {
        let (content_type, text) = if request.form {
            let encoded = crate::endpoint::form_body(body)
                .map_err(|error| Failure::usage(format!("the form body: {error}")))?;
            (
                crate::ContentType::Form,
                String::from_utf8_lossy(&encoded).into_owned(),
            )
        } else {
            let text = serde_json::to_string_pretty(body).unwrap_or_default();
            (crate::ContentType::Json, text)
        };
        lines.push(format!("content-type: {}", content_type.as_str()));
        lines.push(String::new());
        lines.push(text);
    }
    write_out(&(lines.join("\n") + "\n"))
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

/// The body of `--body FILE|-`: JSON, or YAML.
pub(crate) fn body_from(args: &ArgMatches) -> Result<Option<Value>, Failure> {
    let Some(source) = args.try_get_one::<String>("body").ok().flatten() else {
        return Ok(None);
    };
    let text = if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|error| Failure::usage(format!("--body -: {error}")))?;
        text
    } else {
        std::fs::read_to_string(source)
            .map_err(|error| Failure::usage(format!("--body {source}: {error}")))?
    };
    let value = serde_json::from_str(&text).or_else(|_| {
        serde_yaml::from_str::<Value>(&text).map_err(|error| {
            Failure::usage(format!("--body {source}: neither JSON nor YAML: {error}"))
        })
    })?;
    Ok(Some(value))
}

/// The value of a member's flag as JSON, when it was given (a list flag gives an array).
fn flag_value(args: &ArgMatches, flag: &str, kind: CliKind, list: bool) -> Option<Value> {
    let one = |value: Value| {
        if list {
            Value::Array(vec![value])
        } else {
            value
        }
    };
    let values: Vec<Value> = match kind {
        CliKind::Integer => many::<i64>(args, flag),
        CliKind::Number => many::<f64>(args, flag),
        CliKind::Boolean => many::<bool>(args, flag),
        CliKind::String => many::<String>(args, flag),
        // The flag's parser has checked the text is JSON.
        CliKind::Json => many::<String>(args, flag)
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
