//! What a call sends: an endpoint's typed request as its generated dispatch builds it, its
//! endpoint erased ([`Request`]), which `call.rs` previews (`--dry-run`) or sends through
//! the client's typed call; the body `--body` gives ([`body_from`]), read once for typed
//! and raw calls alike; and why arguments do not make a request ([`ArgumentError`]).
//!
//! Not public: the repository's tests reach these through the `test-util` feature's module,
//! for the code generated from the synthetic fixture spec.

use std::future::Future;
use std::io::Read;
use std::pin::Pin;

use clap::ArgMatches;
use jing_api::{Client, Endpoint, Error, RequestPreview};
use serde::Serialize;
use serde_json::Value;

use crate::failure::Failure;

/// Why the arguments do not make the call's request: a usage error (exit status 2).
#[derive(Debug)]
pub struct ArgumentError(pub(crate) String);

impl std::fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArgumentError {}

impl From<ArgumentError> for Failure {
    fn from(error: ArgumentError) -> Self {
        Failure::usage(error.0)
    }
}

/// A typed call on its way: the boxed future of its answer, as JSON, or why the program
/// stops.
type JsonFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, Failure>> + Send + 'a>>;

/// A typed request, its endpoint erased: what the program previews or sends.
trait TypedCall: Send + Sync {
    fn preview(&self, client: &Client) -> Result<RequestPreview, Error>;
    fn send<'a>(&'a self, client: &'a Client) -> JsonFuture<'a>;
    fn send_envelope<'a>(&'a self, client: &'a Client) -> JsonFuture<'a>;
}

impl<E> TypedCall for E
where
    E: Endpoint + Send + Sync,
    E::Response: Serialize + Send,
{
    fn preview(&self, client: &Client) -> Result<RequestPreview, Error> {
        client.preview(self)
    }

    fn send<'a>(&'a self, client: &'a Client) -> JsonFuture<'a> {
        Box::pin(async move {
            let response: E::Response = client.send(self).await?;
            // The answer came and decoded: a failure here is the program's, not the request's.
            serde_json::to_value(&response).map_err(|error| {
                Failure::other(format!(
                    "the answer was decoded but cannot be shown as JSON: {error}"
                ))
            })
        })
    }

    fn send_envelope<'a>(&'a self, client: &'a Client) -> JsonFuture<'a> {
        Box::pin(async move { Ok(client.send_envelope(self).await?) })
    }
}

/// An endpoint's typed request, built by its dispatch.
pub struct Request(Box<dyn TypedCall>);

impl Request {
    /// The typed request `request`.
    pub fn new<E>(request: E) -> Request
    where
        E: Endpoint + Send + Sync + 'static,
        E::Response: Serialize + Send,
    {
        Request(Box::new(request))
    }

    /// What the client would send, every credential hidden (`--dry-run`).
    pub(crate) fn preview(&self, client: &Client) -> Result<RequestPreview, Error> {
        self.0.preview(client)
    }

    /// Sent through the client's typed call; its typed `Response`, as JSON.
    pub(crate) async fn send(&self, client: &Client) -> Result<Value, Failure> {
        self.0.send(client).await
    }

    /// Sent through the client's typed call; the whole answer as sent (`--raw`).
    pub(crate) async fn send_envelope(&self, client: &Client) -> Result<Value, Failure> {
        self.0.send_envelope(client).await
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The request may carry credentials: its endpoint is not named, nothing is shown.
        f.debug_struct("Request").finish_non_exhaustive()
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
