//! What the examples share: reading the `JING_*` environment, and a local mock when it
//! names no real account.

use jing_api::{Client, ClientBuilder};
use jing_mock::MockServer;

/// An environment variable, when set and not empty.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// A client for the real API when `JING_EXAMPLES_LIVE=1` and every variable of `needed` is
/// set (and `JING_BASE_URL` when given), else for a mock started here, which is returned too
/// and must be kept. The opt-in keeps variables exported for `jing` from sending an
/// example's writes to production.
pub async fn client(
    needed: &[&str],
    configure: impl FnOnce(ClientBuilder, &dyn Fn(&str) -> String) -> ClientBuilder,
) -> Result<(Client, Option<MockServer>), jing_api::Error> {
    let configured = needed.iter().all(|name| env(name).is_some());
    let live = env("JING_EXAMPLES_LIVE").is_some_and(|value| value == "1");
    if configured && !live {
        println!(
            "{} set, but JING_EXAMPLES_LIVE is not 1: using a local mock",
            needed.join(", ")
        );
    }
    if configured && live {
        let value = |name: &str| env(name).unwrap_or_default();
        let mut builder = configure(Client::builder(), &value);
        if let Some(url) = env("JING_BASE_URL") {
            builder = builder.base_url(url);
        }
        println!("using the real API ({} set)", needed.join(", "));
        return Ok((builder.build()?, None));
    }
    let mock = MockServer::start().await?;
    if !configured {
        println!("{} not set: using a local mock", needed.join(" / "));
    }
    println!("the mock listens at {}", mock.base_url());
    let credentials = mock.credentials().clone();
    let value = move |name: &str| match name {
        "JING_APP_ID" => credentials.app_id.clone(),
        "JING_APP_SECRET" => credentials.app_secret.clone(),
        "JING_REFRESH_TOKEN" => credentials.refresh_token.clone(),
        "JING_ACCESS_TOKEN" => credentials.access_token.clone(),
        _ => String::new(),
    };
    let builder = configure(Client::builder(), &value)
        .base_url(mock.base_url())
        .token_rejected_codes([jing_mock::codes::TOKEN_INVALID]);
    Ok((builder.build()?, Some(mock)))
}
