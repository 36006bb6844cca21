//! `Event` on any body: an event type the docs did not list, or any JSON value, is kept whole
//! as `Event::Unknown`; odd members are read leniently and kept; a body that is not JSON is
//! an error that keeps the bytes. The spec's event pages and the docs' samples are the
//! workspace's (`tests/tests/it/webhook.rs`).

use jing_api::webhook::{Event, FieldChange};
use serde_json::json;

#[test]
fn unlisted_events_and_any_json_value_decode_to_unknown_whole() {
    let cases = [
        json!({"event_type": "something_new", "mid": "59", "create_time": 1}),
        json!({"event_type": "object_create", "extra_data": {"object_name": "opportunity"}}),
        json!({"event_type": "object_update"}),
        json!({"event_type": 42}),
        json!({}),
        json!([1, 2, 3]),
        json!("object_create"),
        json!(null),
        json!(12.5),
    ];
    for body in cases {
        let event = Event::from_slice(body.to_string().as_bytes())
            .unwrap_or_else(|error| panic!("{body}: {error}"));
        assert!(
            matches!(event, Event::Unknown(_)),
            "{body} gave {}",
            event.variant_name()
        );
        assert_eq!(event.raw(), &body, "nothing lost");
        assert_eq!(event.entries().count(), 0);
    }
    let unknown = Event::from_value(json!({"event_type": "something_new", "mid": 59}));
    assert_eq!(
        unknown.common().event_type.as_deref(),
        Some("something_new")
    );
    assert_eq!(
        unknown.common().mid.as_deref(),
        Some("59"),
        "a number read as a string"
    );
}

#[test]
fn odd_members_are_read_leniently_and_kept() {
    let body = json!({
        "event_type": "object_update",
        "create_time": "1677492512",
        "mid": 59,
        "event_category": null,
        "action_keyword": ["not", "a", "string"],
        "brand_new": {"nested": true},
        "extra_data": {
            "object_name": "account",
            "entity_id": null,
            "operator_id": "23849",
            "operator_type": 1.0,
            "is_follow_up": "yes",
            "timeline_data": 5,
            "mapping_data": {"company_id": [null, 7], "tags": "plain"},
            "unheard_of": [1, 2]
        }
    });
    let event = Event::from_value(body.clone());
    let Event::AccountObjectUpdate(received) = &event else {
        panic!("expected AccountObjectUpdate, got {}", event.variant_name());
    };
    let common = &received.payload.event_common;
    assert_eq!(common.create_time, Some(1677492512), "numeric string");
    assert_eq!(common.mid.as_deref(), Some("59"), "number as string");
    assert_eq!(common.event_category, None, "null");
    assert_eq!(common.action_keyword, None, "wrong type");
    let extra = received.payload.extra_data.as_ref().expect("extra_data");
    assert_eq!(extra.entity_id, None);
    assert_eq!(extra.operator_id, Some(23849));
    assert_eq!(extra.operator_type, Some(1));
    assert_eq!(extra.is_follow_up, None);
    assert_eq!(extra.timeline_data, None);
    assert_eq!(event.record(), None);
    assert_eq!(
        event
            .changes()
            .iter()
            .map(FieldChange::values)
            .collect::<Vec<_>>(),
        [
            ("company_id", None, Some("7")),
            ("tags", None, Some("plain"))
        ]
    );
    assert_eq!(received.raw, body, "every member kept, odd or unknown");
    assert_eq!(
        event.created_at().map(|time| time.timestamp()),
        Some(1677492512)
    );

    let dated = Event::from_value(json!({"event_type": "x", "create_time": "2023-02-27 18:05:46"}));
    assert_eq!(dated.common().create_time, None, "not an integer");
    assert_eq!(
        dated.created_at().map(|time| time.to_rfc3339()).as_deref(),
        Some("2023-02-27T18:05:46+08:00"),
        "the zoneless date string is China Standard Time"
    );
}

#[test]
fn a_body_that_is_not_json_is_an_error_that_keeps_the_bytes() {
    for body in [
        &b"not json {"[..],
        b"",
        b"{\"event_type\": \"object_update\",",
        &[0xff, 0xfe],
    ] {
        let error = match Event::from_slice(body) {
            Ok(event) => panic!("{body:?} decoded to {}", event.variant_name()),
            Err(error) => error,
        };
        assert_eq!(error.bytes(), body);
        assert!(error.to_string().contains("is not JSON"), "{error}");
        // The parser's words are the source, told once by a report.
        let parser = std::error::Error::source(&error)
            .and_then(|source| source.downcast_ref::<serde_json::Error>());
        assert!(parser.is_some(), "{error:?}");
        let report = jing_api::ErrorReport::new(&error).to_string();
        assert!(
            report.ends_with(&format!(
                ": {}",
                parser.map(ToString::to_string).unwrap_or_default()
            )),
            "{report}"
        );
        assert_eq!(error.into_bytes(), body.to_vec());
    }
}
