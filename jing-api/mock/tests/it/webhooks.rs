//! The mock's webhook samples: the docs' sample of every event page that has a whole one,
//! posted by the mock (`jing_mock::MockServer::send_webhook`), arrives at the axum receiver
//! as an event of its own page.

use jing_api::webhook::axum::WebhookReceiver;
use jing_mock::MockServer;

/// Every sample the spec keeps, posted by the mock, reaches a receiver as an event of its
/// own page.
#[tokio::test]
async fn webhooks_are_posted_to_a_receiver() {
    let mock = MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let (router, mut events) = WebhookReceiver::new().router("/jing/webhook");
    let address = jing_test_wire::serve(router)
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let url = format!("http://{address}/jing/webhook");
    let titles: Vec<_> = MockServer::webhook_sample_titles().collect();
    let spec = jing_spec::load(&jing_spec::Sources::dir(
        &std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(
                || env!("CARGO_MANIFEST_DIR").into(),
                std::path::PathBuf::from,
            )
            .join("../../jing-spec/api"),
    ))
    .unwrap_or_else(|errors| panic!("the spec must load:\n{errors}"));
    let pages = spec.webhooks.iter().flat_map(|webhooks| webhooks.events());
    let with_samples: Vec<&str> = pages
        .filter(|(_, page)| page.example.is_some())
        .map(|(_, page)| page.title.zh.as_str())
        .collect();
    assert_eq!(titles, with_samples);
    let mut sent = 0;
    for title in titles {
        // A sample the docs give in part is not posted whole.
        let Some(sample) = MockServer::webhook_sample(title) else {
            continue;
        };
        let status = mock
            .send_webhook(&url, &sample)
            .await
            .unwrap_or_else(|error| panic!("{title}: {error}"));
        assert_eq!(status, 200, "{title}");
        let event = events
            .recv()
            .await
            .unwrap_or_else(|| panic!("{title}: the receiver took it"));
        assert!(
            event.entries().any(|entry| entry.title_zh == title),
            "{title} arrived as {}",
            event.variant_name()
        );
        sent += 1;
    }
    assert!(sent > 0, "the spec keeps a whole sample");
}
