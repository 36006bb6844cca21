//! For the repository's own tests, behind the `test-util` feature (off by default): not an
//! API, and outside the crate's semver promise. The helpers that run the program on some
//! tables (the rows the code generated from the synthetic fixture spec is made of are
//! [`crate::table`]): [`run_from`], which runs the program on such tables, so the tests
//! call the fixture's endpoints through `jing` as users call the spec's; and [`calls_of`],
//! every endpoint command of some tables (`Tables::SPEC.endpoints`, the spec's, or the
//! fixture's) with a sample value for each flag it cannot do without, and
//! [`sampled_flags`], those flags beside their probe's sample, for the tests of it.

use std::collections::HashMap;

use jing_api::schema::{Auth, Body, Kind};
use jing_mock::probe::{Probe, SampleRequest};

use crate::table::{CliEndpoint, CliFlag, Tables};

/// Runs the program on `tables` with the arguments `args` (the program's name first), as
/// `jing` runs on the spec's tables; the exit status.
pub fn run_from<I, T>(tables: Tables, args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    crate::run::run_from(tables, args)
}

/// One `jing <group> <call>` command of the spec's tables, for the tests that run them all: its words, the endpoint it calls,
/// and the flags it cannot do without (each with a value of its type).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The group's command, e.g. `customer`.
    pub group: &'static str,
    /// The call's command, e.g. `create`.
    pub command: &'static str,
    /// The spec's name of the endpoint, e.g. `create_customer`.
    pub endpoint: &'static str,
    /// Required flags with a value of their type (`--name`, `x`), credentials excepted.
    pub required: Vec<(String, String)>,
    /// The wire name of the member or parameter each of [`Call::required`] sets, in order.
    pub required_wire: Vec<&'static str>,
    /// Whether the body is a JSON array, given with `--body` only.
    pub array_body: bool,
    /// Whether a dry run of it holds a secret to hide: the spec's auth headers, a
    /// credential the program fills from its settings (a token call's body), or a secret
    /// parameter among [`Call::required`]. An endpoint of `auth: none` whose own
    /// credentials are optional holds none.
    pub holds_secret: bool,
}

/// Every endpoint command of the tables `endpoints` (the program's, or the fixture crate's),
/// each required flag with the value of the sample request of its endpoint's probe among
/// `probes`.
pub fn calls_of(endpoints: &'static [CliEndpoint], probes: &[Probe]) -> Vec<Call> {
    // The values of the probes' sample requests, as the per-endpoint checks send them: one
    // source of samples, so a required object's required members are there too.
    let credentials = jing_mock::MockCredentials::default();
    let samples: HashMap<&str, SampleRequest> = probes
        .iter()
        .map(|probe| (probe.name, (probe.request)(&credentials)))
        .collect();
    endpoints
        .iter()
        .map(|endpoint| Call {
            group: endpoint.group,
            command: endpoint.command,
            endpoint: endpoint.schema.name,
            required: endpoint
                .flags
                .iter()
                .filter(|flag| flag.required() && flag.param.credential.is_none())
                .map(|flag| {
                    let sample = samples.get(endpoint.schema.name);
                    let value = sample
                        .and_then(|sample| sample.flag_text(flag.wire()))
                        .unwrap_or_else(|| fallback(flag).to_owned());
                    (format!("--{}", flag.flag), value)
                })
                .collect(),
            required_wire: endpoint
                .flags
                .iter()
                .filter(|flag| flag.required() && flag.param.credential.is_none())
                .map(CliFlag::wire)
                .collect(),
            array_body: endpoint.schema.body == Body::Array,
            holds_secret: endpoint.schema.auth == Auth::Headers
                || endpoint.flags.iter().any(|flag| {
                    flag.param.credential.is_some() || flag.required() && flag.param.secret
                }),
        })
        .collect()
}

/// One required flag of a [`Call`] beside the value its endpoint's probe sample gives the
/// member it sets, for the tests that check [`calls_of`] filled the one with the other.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SampledFlag<'a> {
    /// The spec's name of the endpoint.
    pub endpoint: &'static str,
    /// The flag, e.g. `--owner`.
    pub flag: &'a str,
    /// The value the call gives it.
    pub value: &'a str,
    /// The value of the probe's sample request (`SampleRequest::flag_text`).
    pub sample: String,
}

/// Every required flag of `calls` whose endpoint has a probe among `probes` whose sample
/// request sets the member, with that sample's value.
pub fn sampled_flags<'a>(calls: &'a [Call], probes: &[Probe]) -> Vec<SampledFlag<'a>> {
    let credentials = jing_mock::MockCredentials::default();
    let mut sampled = Vec::new();
    for call in calls {
        let Some(probe) = probes.iter().find(|probe| probe.name == call.endpoint) else {
            continue;
        };
        let request = (probe.request)(&credentials);
        for ((flag, value), wire) in call.required.iter().zip(&call.required_wire) {
            if let Some(sample) = request.flag_text(wire) {
                sampled.push(SampledFlag {
                    endpoint: call.endpoint,
                    flag,
                    value,
                    sample,
                });
            }
        }
    }
    sampled
}

/// A value of `flag`'s type, for an endpoint without a probe.
fn fallback(flag: &CliFlag) -> &'static str {
    match flag.scalar() {
        Some(Kind::Integer | Kind::Unsigned) => "1",
        Some(Kind::Number) => "1.5",
        Some(Kind::Boolean) => "true",
        Some(Kind::String) => flag.param.values.first().copied().unwrap_or("x"),
        _ => "{}",
    }
}
