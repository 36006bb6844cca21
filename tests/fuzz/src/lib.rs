//! Fuzz targets: each takes arbitrary bytes and must neither panic nor hang, whatever they
//! are. The libFuzzer harness in `harness/` (its own workspace, built on stable by `run`)
//! calls these; `cargo test` replays every saved input of `corpus/` and `crashes/`.
//!
//! - [`spec_loader`]: YAML text as a group file, `api.yaml` or `webhooks.yaml` (the first
//!   byte chooses); every error must be located.
//! - [`envelope`]: a response body decoded into typed and untyped `data`.
//! - [`webhook`]: a webhook body decoded, with every helper called on the event.
//! - [`import_apifox`], [`import_openapi`], [`import_page`]: the importer's three endpoint
//!   formats, and the fact diff against the synthetic fixture spec.
//! - [`import_event`]: a webhook event page read, matched against the fixture's
//!   `webhooks.yaml`, diffed, merged into it and the file put together again.
//! - [`fetch_index`]: an `llms.txt`-style index's links.

use jing_api::customer::CreateCustomerData;
use jing_api::user::CreateUsersData;
use jing_api::webhook::Event;
use jing_spec::{Source, Sources};
use jing_vendor_docs::import::{Format, read_as};

/// The synthetic fixture's `api.yaml`, loaded beside the fuzzed file.
const FIXTURE_API: &str = include_str!("../../fixtures/spec/api.yaml");
/// The synthetic fixture's `webhooks.yaml`, the event pages are matched and merged with.
const FIXTURE_WEBHOOKS: &str = include_str!("../../fixtures/spec/webhooks.yaml");

/// A fuzz target: any bytes in, no panic out.
pub type Target = fn(&[u8]);

/// The targets by name, as the harness and the replay know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("spec_loader", spec_loader),
    ("envelope", envelope),
    ("webhook", webhook),
    ("import_apifox", import_apifox),
    ("import_openapi", import_openapi),
    ("import_page", import_page),
    ("import_event", import_event),
    ("fetch_index", fetch_index),
];

/// Loads the rest of the bytes as a group file, as `api.yaml` or as `webhooks.yaml`, as
/// the first byte chooses.
pub fn spec_loader(data: &[u8]) {
    let Some((role, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let api = Source::new("api.yaml", FIXTURE_API);
    let sources = match role % 3 {
        0 => Sources::new(api).group(Source::new("01-fuzz.yaml", text)),
        1 => Sources::new(Source::new("api.yaml", text)),
        _ => Sources::new(api).webhooks(Source::new("webhooks.yaml", text)),
    };
    if let Err(errors) = jing_spec::load(&sources) {
        assert!(!errors.is_empty(), "an error result lists its errors");
        for error in errors.iter() {
            assert!(error.line >= 1 && error.column >= 1, "{error}");
        }
    }
}

/// Decodes the bytes as a response body, into typed and untyped `data`, at 200 and 500.
pub fn envelope(data: &[u8]) {
    for status in [200, 500] {
        let _ = jing_api::decode_response::<CreateCustomerData>(status, data);
        let _ = jing_api::decode_response::<CreateUsersData>(status, data);
        let _ = jing_api::decode_response::<serde_json::Value>(status, data);
        if let Err(error) = jing_api::decode_response::<Option<CreateCustomerData>>(status, data) {
            let _ = (error.to_string(), error.request_id(), error.raw_data());
        }
    }
}

/// Decodes the bytes as a webhook body and calls every helper on the event.
pub fn webhook(data: &[u8]) {
    if let Ok(event) = Event::from_slice(data) {
        let _ = (
            event.object(),
            event.record(),
            event.created_at(),
            event.event_type(),
        );
        let _ = (
            event.changes(),
            event.entries().count(),
            event.common(),
            event.variant_name(),
        );
    }
}

/// Reads the bytes as an apifox page's OpenAPI block.
pub fn import_apifox(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    import(
        Format::ApifoxMarkdown,
        &format!("# 页(Page)\n\n```yaml\n{body}\n```\n"),
    );
}

/// Reads the bytes as an OpenAPI document.
pub fn import_openapi(data: &[u8]) {
    import(Format::OpenApi, &String::from_utf8_lossy(data));
}

/// Reads the bytes as the text of a rendered page.
pub fn import_page(data: &[u8]) {
    import(Format::PageText, &String::from_utf8_lossy(data));
}

fn import(format: Format, text: &str) {
    let Ok(pages) = read_as(format, "fuzz", text) else {
        return;
    };
    let ours = jing_vendor_docs::import::Facts::titled("");
    for facts in &pages {
        let _ = jing_vendor_docs::import::diff::changes(&ours, facts);
        let _ = facts.to_json(None, None, "partial");
    }
}

/// Reads the bytes as a webhook event page; when it names an event page of the fixture,
/// diffs it, merges it into `webhooks.yaml` and puts the file together again.
pub fn import_event(data: &[u8]) {
    static WEBHOOKS: std::sync::OnceLock<Option<jing_spec::Webhooks>> = std::sync::OnceLock::new();
    let webhooks = WEBHOOKS.get_or_init(|| {
        let sources = Sources::new(Source::new("api.yaml", FIXTURE_API))
            .webhooks(Source::new("webhooks.yaml", FIXTURE_WEBHOOKS));
        jing_spec::load(&sources)
            .ok()
            .and_then(|spec| spec.into_spec().webhooks)
    });
    let Some(webhooks) = webhooks else {
        return;
    };
    let text = String::from_utf8_lossy(data);
    let Ok(page) = jing_vendor_docs::import::event::read("fuzz", &text) else {
        return;
    };
    let Ok(target) = jing_vendor_docs::import::event_diff::find_event(webhooks, &page) else {
        return;
    };
    let _ = jing_vendor_docs::import::event_diff::event_changes(webhooks, target.event, &page);
    if let Ok(mut file) =
        jing_vendor_docs::import::webhooks_file::WebhooksFile::parse(FIXTURE_WEBHOOKS.to_owned())
    {
        if file.merge(webhooks, &target, &page, None).is_ok() {
            let _ = file.render();
        }
    }
}

/// Reads the bytes as an index served at a fixed address and lists its links.
pub fn fetch_index(data: &[u8]) {
    let Ok(base) = url::Url::parse("https://docs.invalid/llms.txt") else {
        return;
    };
    let links = jing_vendor_docs::fetch::links(&base, &String::from_utf8_lossy(data));
    for page in &links.pages {
        assert!(page.starts_with("https://docs.invalid/"), "{page}");
    }
}
