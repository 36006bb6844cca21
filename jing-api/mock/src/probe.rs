//! Every typed endpoint as a probe, for tests that follow the spec rather than name endpoints.
//!
//! 每个类型化接口的探针：供随规格增长的测试使用。
//!
//! The generator lists one [`Probe`] per typed endpoint (`generated/probe.rs`) and gives each
//! request type a [`Sample`]: its constructor called with a sample value of every required
//! member, and the credential members the spec marks filled from the mock's credentials. A
//! test loops over [`probes`](crate::probes) (or another crate's generated table) and so covers an endpoint typed tomorrow without a line of its
//! own: its docs' response example decodes through the typed response, and a typed call
//! round trips through the mock. Behind the `test-util` feature: not covered by semver, it
//! may change with any release.

use serde::Serialize;
use serde_json::Value;

use super::MockCredentials;
use jing_api::auth::BoxFuture;
use jing_api::{Client, Endpoint, Error};

/// One typed endpoint, reachable without naming its types.
#[derive(Clone, Copy)]
pub struct Probe {
    /// The spec's name of the endpoint, e.g. `create_customer`.
    pub name: &'static str,
    /// Decodes a whole response body (the envelope, or the endpoint's own answer, as the
    /// docs' example shows it) the way the client does, into the typed response, given back
    /// as JSON.
    pub decode: fn(&[u8]) -> Result<Value, Error>,
    /// The endpoint's [`Sample`] request in its wire form, parameter by parameter, as a
    /// command line's flags give it (the `jing` program's tests compare them).
    pub request: fn(&MockCredentials) -> SampleRequest,
    /// Sends the endpoint's [`Sample`] request through `client`, the typed way, and gives the
    /// typed response back as JSON.
    pub call: for<'a> fn(&'a Client, &'a MockCredentials) -> BoxFuture<'a, Result<Value, Error>>,
}

impl Probe {
    /// The probe of the endpoint `E`, named as its schema names it (`E::NAME`).
    pub const fn of<E>() -> Probe
    where
        E: Sample + Send + Sync + 'static,
        E::Response: Serialize + Send,
    {
        Probe {
            name: E::NAME,
            decode: decode::<E>,
            request: request::<E>,
            call: call::<E>,
        }
    }
}

impl std::fmt::Debug for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Probe").field("name", &self.name).finish()
    }
}

/// A [`Sample`] request in its wire form.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleRequest {
    /// Path parameters, as wire name and text.
    pub path_params: Vec<(&'static str, String)>,
    /// Query parameters, as wire name and text.
    pub query: Vec<(&'static str, String)>,
    /// Header parameters other than the auth headers, as wire name and text.
    pub headers: Vec<(&'static str, String)>,
    /// The body, when the endpoint has one.
    pub body: Option<Value>,
}

impl SampleRequest {
    /// The value of the parameter or body member `wire` as one command-line flag takes it:
    /// a parameter's text, a scalar member as text; `None` for a list or an object (which
    /// the body carries) and for what the request does not set.
    pub fn flag_value(&self, wire: &str) -> Option<String> {
        let params = self
            .path_params
            .iter()
            .chain(&self.query)
            .chain(&self.headers);
        if let Some((_, text)) = params.into_iter().find(|(name, _)| *name == wire) {
            return Some(text.clone());
        }
        match self.body.as_ref()?.get(wire)? {
            Value::String(text) => Some(text.clone()),
            Value::Array(_) | Value::Object(_) | Value::Null => None,
            scalar => Some(scalar.to_string()),
        }
    }

    /// The value of the parameter or body member `wire` as the flag that sets it takes it
    /// when it is required ([`flag_value`](Self::flag_value)), a list or an object as its
    /// JSON: what `jing_cli::testing::calls_of` fills each required flag with, and what the
    /// tests of it expect.
    pub fn flag_text(&self, wire: &str) -> Option<String> {
        self.flag_value(wire).or_else(|| {
            let value = self.body.as_ref()?.get(wire)?;
            (value.is_array() || value.is_object()).then(|| value.to_string())
        })
    }
}

/// A request value of an endpoint that a mock with `credentials` accepts.
pub trait Sample: Endpoint {
    /// The request with a sample value for every required member.
    fn sample(credentials: &MockCredentials) -> Self;
}

/// The body of [`Probe::decode`] for the endpoint `E`.
pub fn decode<E>(body: &[u8]) -> Result<Value, Error>
where
    E: Endpoint,
    E::Response: Serialize,
{
    let data: E::Response = jing_api::decode_answer(&E::ANSWER, 200, body)?;
    serde_json::to_value(&data).map_err(Error::Encode)
}

/// The body of [`Probe::request`] for the endpoint `E`.
pub fn request<E: Sample>(credentials: &MockCredentials) -> SampleRequest {
    let request = E::sample(credentials);
    SampleRequest {
        path_params: request.path_params(),
        query: request.query(),
        headers: request.headers(),
        body: E::HAS_BODY.then(|| serde_json::to_value(&request).unwrap_or(Value::Null)),
    }
}

/// The body of [`Probe::call`] for the endpoint `E`.
pub fn call<'a, E>(
    client: &'a Client,
    credentials: &'a MockCredentials,
) -> BoxFuture<'a, Result<Value, Error>>
where
    E: Sample + Send + Sync + 'static,
    E::Response: Serialize + Send,
{
    let request = E::sample(credentials);
    Box::pin(async move {
        let data = client.send_owned(request).await?;
        serde_json::to_value(&data).map_err(Error::Encode)
    })
}
