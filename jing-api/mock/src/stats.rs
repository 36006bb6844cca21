//! What the mock counts for `GET /_mock/stats` and [`super::MockServer::stats`]: token
//! calls, answers and refusals by kind, and per endpoint the most calls it answered in any
//! one second of the mock's clock.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::codes;

/// The mock's counters since it started (or since [`super::MockServer::reset_stats`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MockStats {
    /// Requests to the API's paths (the admin interface under `/_mock/` not counted).
    pub requests: u64,
    /// Requests to a token endpoint (refresh), whatever their answer.
    pub token_calls: u64,
    /// Access tokens issued.
    pub tokens_issued: u64,
    /// Requests answered with a success (2xx, no fault), stubs included.
    pub answered: u64,
    /// Refused for a missing, unknown or expired access token ([`codes::TOKEN_INVALID`]).
    pub rejected_token: u64,
    /// Refused for a wrong app id or credential ([`codes::AUTH`],
    /// [`codes::APP_SECRET_REFUSED`]).
    pub rejected_auth: u64,
    /// Refused because a documented limit was spent ([`codes::RATE_LIMITED`]).
    pub rejected_limit: u64,
    /// Refused otherwise: not fitting the spec, an unknown path, a wrong method.
    pub rejected_other: u64,
    /// Answered with an injected fault.
    pub faults: u64,
    /// Per endpoint name, the successes answered. A request off the typed and catalogued
    /// endpoints counts under its stub's path as given (`/v2/thing/{id}`, whatever the
    /// id). At most [`MAX_ENDPOINT_KEYS`] names are kept; the successes of others count
    /// under [`OTHER_ENDPOINTS`].
    pub answered_by_endpoint: BTreeMap<String, u64>,
    /// Per endpoint name (as in `answered_by_endpoint`), the most calls it answered in
    /// any one second.
    pub max_per_second: BTreeMap<String, u64>,
}

/// How many endpoint names [`MockStats::answered_by_endpoint`] and
/// [`MockStats::max_per_second`] keep, so a long-running mock's counters stay bounded.
pub const MAX_ENDPOINT_KEYS: usize = 1_000;

/// The name the successes of endpoints beyond [`MAX_ENDPOINT_KEYS`] count under.
pub const OTHER_ENDPOINTS: &str = "(other)";

impl MockStats {
    /// The counters as the JSON `GET /_mock/stats` answers.
    pub fn to_json(&self) -> Value {
        json!({
            "requests": self.requests,
            "token_calls": self.token_calls,
            "tokens_issued": self.tokens_issued,
            "answered": self.answered,
            "rejected_token": self.rejected_token,
            "rejected_auth": self.rejected_auth,
            "rejected_limit": self.rejected_limit,
            "rejected_other": self.rejected_other,
            "faults": self.faults,
            "answered_by_endpoint": self.answered_by_endpoint,
            "max_per_second": self.max_per_second,
        })
    }
}

/// The counters and the current second of each endpoint.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) stats: MockStats,
    /// Per endpoint: the second being counted and its count so far.
    current: BTreeMap<String, (i64, u64)>,
}

/// How one request ended, as the handler marks its response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A success, or the envelope's `code` of a refusal.
    Code(i64),
    /// An injected fault.
    Fault,
}

impl Counters {
    /// Counts one request to `endpoint` (its name, when it has one) that ended as
    /// `outcome` with `status`, at `second` of the mock's clock.
    pub(crate) fn count(
        &mut self,
        endpoint: Option<&str>,
        token_call: bool,
        status: u16,
        outcome: Option<Outcome>,
        second: i64,
    ) {
        let stats = &mut self.stats;
        stats.requests += 1;
        if token_call {
            stats.token_calls += 1;
        }
        match outcome {
            Some(Outcome::Fault) => stats.faults += 1,
            _ if (200..300).contains(&status) => {
                stats.answered += 1;
                let name = endpoint.unwrap_or("(unknown)");
                let known = stats.answered_by_endpoint.contains_key(name);
                let name = if known || stats.answered_by_endpoint.len() < MAX_ENDPOINT_KEYS {
                    name.to_owned()
                } else {
                    OTHER_ENDPOINTS.to_owned()
                };
                *stats.answered_by_endpoint.entry(name.clone()).or_default() += 1;
                let current = self.current.entry(name.clone()).or_insert((second, 0));
                if current.0 != second {
                    *current = (second, 0);
                }
                current.1 += 1;
                let max = stats.max_per_second.entry(name).or_default();
                *max = (*max).max(current.1);
            }
            Some(Outcome::Code(codes::TOKEN_INVALID)) => stats.rejected_token += 1,
            Some(Outcome::Code(codes::AUTH | codes::APP_SECRET_REFUSED)) => {
                stats.rejected_auth += 1;
            }
            Some(Outcome::Code(codes::RATE_LIMITED)) => stats.rejected_limit += 1,
            _ => stats.rejected_other += 1,
        }
    }

    /// Starts the counts again.
    pub(crate) fn reset(&mut self) {
        *self = Counters::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_busiest_second_is_kept_per_endpoint() {
        let mut counters = Counters::default();
        for second in [10, 10, 10, 11, 12, 12] {
            counters.count(Some("a"), false, 200, Some(Outcome::Code(0)), second);
        }
        counters.count(
            Some("a"),
            false,
            429,
            Some(Outcome::Code(codes::RATE_LIMITED)),
            12,
        );
        counters.count(Some("r"), true, 401, Some(Outcome::Code(codes::AUTH)), 12);
        let stats = &counters.stats;
        assert_eq!(stats.max_per_second.get("a"), Some(&3));
        assert_eq!(stats.answered, 6);
        assert_eq!(stats.rejected_limit, 1);
        assert_eq!(stats.rejected_auth, 1);
        assert_eq!(stats.token_calls, 1);
        assert_eq!(stats.requests, 8);
    }

    #[test]
    fn the_names_counted_are_bounded() {
        let mut counters = Counters::default();
        for id in 0..MAX_ENDPOINT_KEYS + 500 {
            let name = format!("e{id}");
            counters.count(Some(&name), false, 200, Some(Outcome::Code(0)), 1);
        }
        counters.count(Some("e3"), false, 200, Some(Outcome::Code(0)), 1);
        let stats = &counters.stats;
        assert_eq!(stats.answered_by_endpoint.len(), MAX_ENDPOINT_KEYS + 1);
        assert_eq!(stats.max_per_second.len(), MAX_ENDPOINT_KEYS + 1);
        assert_eq!(counters.current.len(), MAX_ENDPOINT_KEYS + 1);
        assert_eq!(stats.answered_by_endpoint.get(OTHER_ENDPOINTS), Some(&500));
        assert_eq!(stats.max_per_second.get(OTHER_ENDPOINTS), Some(&500));
        assert_eq!(
            stats.answered_by_endpoint.get("e3"),
            Some(&2),
            "a kept name counts on"
        );
        assert_eq!(stats.answered, (MAX_ENDPOINT_KEYS + 501) as u64);
    }
}
