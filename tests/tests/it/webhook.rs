//! Webhook events: the spec's event pages and the docs' samples it keeps verbatim against
//! the generated `Event`; payloads read through flattened bases. The receiver's tests and
//! `Event`'s leniency on any JSON are jing-api's (`jing-api/tests/it/webhook_receiver.rs`,
//! `webhook_edges.rs`, `webhook_events.rs`).

use jing_api::Status;
use jing_api::webhook::{EVENTS, Event, FieldChange};
use serde_json::{Value, json};

/// The webhook part of the real spec, the transcription of record.
fn spec_webhooks() -> jing_spec::Webhooks {
    (crate::real_spec().into_spec().webhooks).expect("the spec has webhooks")
}

/// The docs' sample of the event page titled `title_zh`, as the spec keeps it verbatim,
/// `//` comments stripped.
pub(crate) fn sample(title_zh: &str) -> String {
    let webhooks = spec_webhooks();
    let text = webhooks
        .events()
        .find(|(_, event)| event.title.zh == title_zh)
        .and_then(|(_, event)| event.example.clone())
        .unwrap_or_else(|| panic!("the spec keeps a sample for {title_zh}"));
    jing_api::webhook::strip_comments(&text)
}

pub(crate) fn decode(text: &str) -> Event {
    Event::from_slice(text.as_bytes()).unwrap_or_else(|error| panic!("{error}\n{text}"))
}

#[test]
fn the_account_sample_decodes_to_account_object_update() {
    let text = sample("object_update事件-客户");
    let event = decode(&text);
    let Event::AccountObjectUpdate(received) = &event else {
        panic!("expected AccountObjectUpdate, got {}", event.variant_name());
    };
    let payload = &received.payload;
    assert_eq!(
        payload.event_common.event_type.as_deref(),
        Some("object_update")
    );
    assert_eq!(
        payload.event_common.action_keyword.as_deref(),
        Some("object_update")
    );
    assert_eq!(
        payload.event_common.event_category.as_deref(),
        Some("object_v2")
    );
    assert_eq!(payload.event_common.mid.as_deref(), Some("59"));
    assert_eq!(payload.event_common.create_time, Some(1677492512));
    assert_eq!(payload.openplatform.as_deref(), Some("June"));
    let extra = payload.extra_data.as_ref().expect("extra_data decodes");
    assert_eq!(extra.operator_id, Some(23849));
    assert_eq!(extra.object_id.as_deref(), Some("31"));
    assert_eq!(extra.operator_type, Some(1));
    assert_eq!(extra.is_follow_up, Some(0));
    assert_eq!(
        extra.business_type.as_deref(),
        Some("jk58wUZ5AqhzwX7ADc6oz")
    );
    assert_eq!(
        extra.created_timestamp.as_deref(),
        Some("2023-02-27 18:05:46")
    );
    assert_eq!(extra.omni_user_uuid, None);
    let timeline = extra.timeline_data.as_ref().expect("timeline_data decodes");
    assert_eq!(timeline.login_source_type.as_deref(), Some("jingmodule"));
    assert_eq!(timeline.login_environment.as_deref(), Some("pc"));

    assert_eq!(event.object(), Some("account"));
    assert_eq!(event.record(), Some("B3hJubdf4GR3fNhSyx5npA"));
    assert_eq!(
        event.created_at().map(|time| time.to_rfc3339()).as_deref(),
        Some("2023-02-27T18:08:32+08:00")
    );
    let changes = event.changes();
    assert_eq!(
        changes.iter().map(FieldChange::values).collect::<Vec<_>>(),
        [("company_id", None, Some("中山大学"))]
    );
    assert_eq!(changes[0].before_label.as_deref(), Some("-"));
    assert_eq!(changes[0].after_label.as_deref(), Some("中山大学"));
    // Nothing lost: the raw body is the sample, whole.
    assert_eq!(
        event.raw(),
        &serde_json::from_str::<Value>(&text).expect("JSON")
    );
    let pages: Vec<_> = event.entries().map(|entry| entry.status).collect();
    assert_eq!(pages, [Status::Documented]);
}

#[test]
fn the_lead_sample_decodes_to_lead_object_create() {
    let text = sample("object_create事件");
    // The page's sample is cut off inside extra_data; close it the way it evidently ends.
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "the lead sample is truncated"
    );
    let closed = format!("{}}}}}", text.trim_end().trim_end_matches(','));
    let event = decode(&closed);
    let Event::LeadObjectCreate(received) = &event else {
        panic!("expected LeadObjectCreate, got {}", event.variant_name());
    };
    let payload = &received.payload;
    assert_eq!(payload.event_common.create_time, Some(1677481345));
    assert_eq!(
        payload.event_common.mid, None,
        "not in the truncated sample"
    );
    let extra = payload.extra_data.as_ref().expect("extra_data decodes");
    let shared = &extra.object_event_data;
    assert_eq!(shared.entity_id.as_deref(), Some("NttdW4NoJfD2cX6f7rg52f"));
    assert_eq!(shared.object_id.as_deref(), Some("628"));
    assert_eq!(shared.operator_id, Some(20272));
    assert_eq!(shared.life_status.as_deref(), Some("baby_lead"));
    assert_eq!(
        shared.lead_omni_user_uuid.as_deref(),
        Some("2GRhJU3V7VstF3SbdRS4MC")
    );
    assert_eq!(shared.login_source_type.as_deref(), Some("jingmodule"));
    assert_eq!(extra.business_type_name.as_deref(), Some("jeffery创建新的"));
    assert_eq!(extra.business_unit, None);
    assert_eq!(
        shared
            .timeline_data
            .as_ref()
            .and_then(|timeline| timeline.login_platform.as_deref()),
        Some("jing")
    );

    assert_eq!(event.object(), Some("lead"));
    assert_eq!(event.record(), Some("NttdW4NoJfD2cX6f7rg52f"));
    assert_eq!(
        event.created_at().map(|time| time.to_rfc3339()).as_deref(),
        Some("2023-02-27T15:02:25+08:00")
    );
    assert_eq!(
        event
            .changes()
            .iter()
            .map(FieldChange::values)
            .collect::<Vec<_>>(),
        [
            ("business_type", None, Some("FcKtzPvUzZ4dDEi7gNGZqa")),
            ("lead_pool", None, Some("market")),
            ("life_status", None, Some("baby_lead")),
            ("mobile", None, Some("17894892831")),
            ("name", None, Some("ceshi-webhook-001")),
            ("to_baby_lead_timestamp", None, Some("2023-02-27 15:02:25")),
        ]
    );
    // The lead's creation time string, read as China Standard Time, is the event time.
    let created = shared.created_timestamp.as_deref().map(|text| json!(text));
    assert_eq!(
        created.as_ref().and_then(jing_api::webhook::parse_time),
        event.created_at()
    );
}

/// The generated catalogue lists every event page of the spec, in order, with the same
/// titles, status, event names, objects and links.
#[test]
fn every_spec_event_page_is_in_the_catalogue() {
    let webhooks = spec_webhooks();
    let pages: Vec<_> = webhooks.events().map(|(_, event)| event).collect();
    assert!(!pages.is_empty(), "the spec lists event pages");
    assert_eq!(EVENTS.len(), pages.len());
    for (page, entry) in pages.iter().zip(EVENTS) {
        assert_eq!(page.title.zh, entry.title_zh);
        assert_eq!(page.title.en, entry.title_en);
        assert_eq!(
            page.status.as_str(),
            entry.status.as_str(),
            "{}",
            entry.title_en
        );
        assert_eq!(
            page.event_type.as_deref(),
            entry.event_type,
            "{}",
            entry.title_en
        );
        assert_eq!(
            page.object_name.as_deref(),
            entry.object_name,
            "{}",
            entry.title_en
        );
        assert_eq!(page.variant.as_deref(), entry.variant, "{}", entry.title_en);
        assert_eq!(page.doc_url.as_deref(), entry.doc_url, "{}", entry.title_en);
    }
}

/// Each event name of the spec, posted as the object events carry theirs, decodes to the
/// variant of that very page.
#[test]
fn every_named_event_decodes_to_its_variant() {
    let mut named = 0;
    for (_, page) in spec_webhooks().events() {
        let Some(name) = page.event_type.as_deref() else {
            continue;
        };
        named += 1;
        let object = page.object_name.as_deref().unwrap_or_default();
        let body = json!({"event_type": name, "extra_data": {"object_name": object}});
        let event = Event::from_value(body.clone());
        let title = page.title.zh.as_str();
        assert_eq!(
            Some(event.variant_name()),
            page.variant.as_deref(),
            "{title}"
        );
        assert!(
            event.entries().any(|entry| entry.title_zh == title),
            "{title} decoded to {}, which lists other pages",
            event.variant_name()
        );
        assert_eq!(event.common().event_type.as_deref(), Some(name));
        assert_eq!(event.raw(), &body);
    }
    let named_in_catalogue = EVENTS.iter().filter(|entry| entry.event_type.is_some());
    assert_eq!(
        named,
        named_in_catalogue.count(),
        "every named page was posted"
    );
    assert!(named > 0, "the spec names event pages");
}

/// The fixture's generated webhook module: a payload two bases deep, nested objects and
/// an open enum, all read leniently through the flattened bases.
#[test]
fn generated_payloads_read_through_flattened_bases() {
    use jing_fixture_api::webhook::{Event as WidgetEvent, WidgetDataColor};

    let body = json!({
        "event_type": "object_create",
        "at": "5",
        "size": 3.0,
        "extra_data": {"object_name": "widget", "color": "blue", "box": {"kind": 1}, "active": 1}
    });
    let event = WidgetEvent::from_value(body.clone());
    let WidgetEvent::WidgetCreated(received) = &event else {
        panic!("expected WidgetCreated, got {}", event.variant_name());
    };
    assert_eq!(received.payload.size, Some(3));
    assert_eq!(event.common().at, Some(5));
    let data = received
        .payload
        .widget_event
        .extra_data
        .as_ref()
        .expect("extra_data");
    assert_eq!(data.color, Some(WidgetDataColor::Other("blue".to_owned())));
    assert_eq!(
        data.box_
            .as_ref()
            .and_then(|packaging| packaging.kind.as_deref()),
        Some("1")
    );
    assert_eq!(data.active, Some(true));
    assert_eq!(event.raw(), &body);
    let shared = WidgetEvent::from_value(json!({"event_type": "widget_deleted"}));
    assert_eq!(shared.variant_name(), "WidgetDeleted");
    let other_object = WidgetEvent::from_value(json!({"event_type": "object_create"}));
    assert_eq!(other_object.variant_name(), "Unknown");
}
