//! The real spec: its coverage, the checked-in generated code is current, and the docs'
//! request examples are what the typed requests serialize to.

use jing_api::customer::CreateCustomer;
use jing_api::oauth::RefreshToken;
use jing_api::user::{CreateUsers, FieldsSource, Identity, IdentityType, NewUser};
use jing_spec::{Spec, Valid};
use serde_json::{Value, json};

fn spec() -> Valid {
    crate::real_spec()
}

#[test]
fn checked_in_generated_code_is_current() -> Result<(), String> {
    let reports = xtask::run(&xtask::workspace_root(), xtask::Mode::Check)
        .map_err(|error| format!("{error:#}"))?;
    for (dir, report) in reports {
        assert_eq!(report.problem_count(), 0, "{}", report.describe(dir));
    }
    Ok(())
}

/// Counts of the endpoints of `spec` by status, read from the group files one by one
/// (not through `Spec::endpoints`, which the coverage report uses).
fn counted_by_hand(spec: &Spec) -> Value {
    let mut counts =
        json!({"total": 0, "typed": 0, "documented": 0, "partial": 0, "catalogued": 0});
    for group in &spec.groups {
        for endpoint in &group.endpoints {
            let mut add = |key: &str| counts[key] = json!(counts[key].as_u64().unwrap_or(0) + 1);
            add("total");
            add(endpoint.status.as_str());
            if endpoint.path.is_some() && endpoint.method.is_some() {
                add("typed");
            }
        }
    }
    counts
}

/// The webhook counts of `spec`, read page by page.
fn events_counted_by_hand(webhooks: &jing_spec::Webhooks) -> Value {
    let mut counts = json!({"pages": 0, "documented": 0, "partial": 0, "catalogued": 0, "recognised": 0, "typed": 0});
    let mut variants = std::collections::BTreeSet::new();
    for group in &webhooks.groups {
        for event in &group.events {
            let mut add = |key: &str| counts[key] = json!(counts[key].as_u64().unwrap_or(0) + 1);
            add("pages");
            add(event.status.as_str());
            if event.event_type.is_some() {
                add("recognised");
            }
            if event.payload.is_some() {
                add("typed");
            }
            variants.extend(event.variant.clone());
        }
    }
    counts["variants"] = json!(variants.len());
    counts
}

#[test]
fn coverage_lists_every_endpoint_of_the_docs() {
    let spec = spec();
    let coverage = xtask::coverage::json(&spec);
    assert_eq!(coverage["summary"], counted_by_hand(&spec));
    // Every endpoint once, in the docs' order, as the generated catalogue lists them too.
    let listed: Vec<&str> = coverage["endpoints"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|endpoint| endpoint["name"].as_str())
        .collect();
    let catalogue: Vec<&str> = jing_api::catalogue::ENDPOINTS
        .iter()
        .map(|entry| entry.name)
        .collect();
    assert_eq!(listed, catalogue);
    assert_eq!(json!(listed.len()), coverage["summary"]["total"]);
    let typed_in_catalogue = jing_api::catalogue::ENDPOINTS
        .iter()
        .filter(|entry| entry.path.is_some() && entry.method.is_some())
        .count();
    assert_eq!(json!(typed_in_catalogue), coverage["summary"]["typed"]);
    let webhooks = spec
        .webhooks
        .as_ref()
        .unwrap_or_else(|| panic!("the spec has webhooks"));
    assert_eq!(coverage["webhook_events"], events_counted_by_hand(webhooks));
    assert_eq!(
        coverage["webhook_events"]["pages"],
        json!(jing_api::webhook::EVENTS.len())
    );
    let create = coverage["endpoints"].as_array().and_then(|all| {
        all.iter()
            .find(|endpoint| endpoint["name"] == "create_customer")
    });
    let create = create.cloned().unwrap_or(Value::Null);
    assert_eq!(create["path"], "/v1/customer/create");
    assert_eq!(
        create["body_fields"][0],
        json!({"name": "name", "type": "string", "required": true})
    );
    assert_eq!(
        create["headers"],
        json!([{"name": "app_id", "required": true}, {"name": "access_token", "required": true}])
    );
    assert_eq!(create["query"], json!([]));
    let users = coverage["endpoints"].as_array().and_then(|all| {
        all.iter()
            .find(|endpoint| endpoint["name"] == "create_users")
    });
    assert_eq!(
        users.map(|users| users["body_fields"][0]["required"].clone()),
        Some(Value::Null),
        "unknown stays unknown"
    );
}

fn example(name: &str, part: &str) -> Value {
    let spec = spec();
    let endpoint = spec
        .endpoints()
        .map(|(_, endpoint)| endpoint)
        .find(|endpoint| endpoint.name == name);
    let examples = endpoint.and_then(|endpoint| endpoint.examples.clone());
    let text = examples.and_then(|examples| {
        if part == "request" {
            examples.request
        } else {
            examples.response
        }
    });
    serde_json::from_str(&text.unwrap_or_else(|| panic!("{name} has a {part} example")))
        .unwrap_or(Value::Null)
}

#[test]
fn typed_requests_serialize_to_the_docs_request_examples() -> Result<(), serde_json::Error> {
    let s = "string";
    let customer = CreateCustomer::new(s, s)
        .mobile(s)
        .email(s)
        .industry(s)
        .company_id(s)
        .account_type(s)
        .nature_enterprise(s)
        .company_size(s)
        .official_website(s)
        .country_region(s)
        .address(s)
        .description(s)
        .latest_remark(s)
        .owner(s);
    assert_eq!(
        serde_json::to_value(&customer)?,
        example("create_customer", "request")
    );

    let refresh = RefreshToken::new()
        .app_id("{{app_id}}")
        .app_secret("{{app_secret}}")
        .refresh_token("{{access_token}}");
    assert_eq!(
        serde_json::to_value(&refresh)?,
        example("refresh_token", "request")
    );

    let user = NewUser::new()
        .identities(vec![
            Identity::new()
                .type_(IdentityType::Mobile)
                .value("19667348978")
                .name("手机号"),
        ])
        .fields(
            [
                ("fieldcode1".to_owned(), json!("value1")),
                ("fieldcode2".to_owned(), json!("value2")),
            ]
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .fields_source(
            FieldsSource::new()
                .source_type("thirdparty_custom_source")
                .source_value("voluptate dolor"),
        );
    let users = CreateUsers::new(vec![user]).return_full(true);
    assert_eq!(
        serde_json::to_value(&users)?,
        example("create_users", "request"),
        "a bare array; the query member is not in the body"
    );
    Ok(())
}

/// Names of the typed endpoints of the spec, in its order.
pub fn typed_endpoint_names() -> Vec<String> {
    spec()
        .endpoints()
        .filter(|(_, endpoint)| endpoint.is_typed())
        .map(|(_, endpoint)| endpoint.name.clone())
        .collect()
}
