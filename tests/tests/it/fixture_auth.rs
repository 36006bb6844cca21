//! A vendor page's own credential (issue #28, L6): `weigh_widget`, imported from a page with
//! a bearer scheme and settled `auth: none` in the sheet (the import loop of
//! `vendor_pages.rs` gives the fixture spec byte for byte), sends the caller's
//! `Authorization` and none of Jing's auth headers, from the typed client, its preview
//! (what `--dry-run` prints) and `jing`; `list_pallets`, answered `auth: headers` in the
//! sheet, still sends them beside its API key.

use jing_fixture_api::pallets::{ListPallets, PalletsApi};
use jing_fixture_api::widgets::{WeighWidget, WidgetsApi};
use jing_mock::MockServer;

/// Jing's auth headers (the fixture's `api.yaml`).
const AUTH_HEADERS: [&str; 2] = ["app_id", "access_token"];

fn names(headers: &[(String, String)]) -> Vec<String> {
    headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect()
}

/// What `--dry-run` prints (the client's preview): the page's credential, hidden, and no
/// auth header of Jing's for `weigh_widget`; Jing's beside the key for `list_pallets`.
fn previews_show_whose_credential_goes(client: &jing_api::Client) {
    let preview = client
        .preview(&WeighWidget::new("w1", "Bearer secret-t"))
        .unwrap_or_else(|error| panic!("{error}"));
    let shown = names(&preview.headers);
    assert!(shown.contains(&"authorization".to_owned()), "{preview}");
    for jing in AUTH_HEADERS {
        assert!(!shown.contains(&jing.to_owned()), "{jing}:\n{preview}");
    }
    assert!(!preview.to_string().contains("secret-t"), "{preview}");
    let listed = client
        .preview(&ListPallets::new("k1"))
        .unwrap_or_else(|error| panic!("{error}"));
    for jing in AUTH_HEADERS {
        assert!(
            names(&listed.headers).contains(&jing.to_owned()),
            "{listed}"
        );
    }
}

/// `jing widgets weight` against the mock, with Jing's credentials given as ever.
fn jing_weighs(mock: &MockServer) {
    let credentials = mock.credentials().clone();
    let args: Vec<String> = [
        "jing",
        "widgets",
        "weight",
        "--base-url",
        &mock.base_url(),
        "--app-id",
        &credentials.app_id,
        "--access-token",
        &credentials.access_token,
        "--widget-id",
        "w2",
        "--authorization",
        "Bearer secret-t",
    ]
    .map(str::to_owned)
    .to_vec();
    let tables = jing_fixture_api::cli::TABLES;
    let status = std::thread::spawn(move || jing_cli::testing::run_from(tables, args))
        .join()
        .unwrap_or_else(|_| panic!("the program does not panic"));
    assert_eq!(status, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pages_own_credential_goes_without_jings_auth_headers() {
    let mock = MockServer::builder()
        .tables(jing_fixture_api::mock::TABLES)
        .rate_limits(false)
        .start()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let client = crate::mock_client(&mock);
    previews_show_whose_credential_goes(&client);

    // On the wire, from the typed client and from `jing`.
    let weighed = WidgetsApi::new(&client)
        .weight(WeighWidget::new("w1", "Bearer secret-t"))
        .await;
    assert!(weighed.is_ok(), "{weighed:?}");
    let listed = PalletsApi::new(&client).list(ListPallets::new("k1")).await;
    assert!(listed.is_ok(), "{listed:?}");
    jing_weighs(&mock);
    let received = mock.received();
    let sent = |endpoint: &str| -> Vec<Vec<String>> {
        received
            .iter()
            .filter(|request| request.endpoint == Some(endpoint))
            .map(|request| names(&request.headers))
            .collect()
    };
    let weighs = sent("weigh_widget");
    assert_eq!(weighs.len(), 2, "the client's call and jing's");
    for headers in &weighs {
        assert!(headers.contains(&"authorization".to_owned()), "{headers:?}");
        for jing in AUTH_HEADERS {
            assert!(!headers.contains(&jing.to_owned()), "{jing}: {headers:?}");
        }
    }
    let lists = sent("list_pallets");
    assert_eq!(lists.len(), 1);
    for jing in AUTH_HEADERS {
        assert!(
            lists[0].contains(&jing.to_owned()),
            "{jing}: {:?}",
            lists[0]
        );
    }
}
