//! `cargo xtask coverage`: what the spec transcribes, per group, as a table or as JSON,
//! with the docs still open.

use std::collections::BTreeMap;

use jing_spec::{Field, Spec, Status};
use serde_json::{Value, json};

/// Counts over the whole spec.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Every endpoint.
    pub total: usize,
    /// Endpoints with a typed call (path and method known).
    pub typed: usize,
    /// Endpoints whose page is transcribed in full.
    pub documented: usize,
    /// Endpoints with a known path and some facts missing.
    pub partial: usize,
    /// Endpoints known by title only.
    pub catalogued: usize,
}

impl Summary {
    /// Counts the endpoints of `spec`.
    pub fn of(spec: &Spec) -> Summary {
        let mut summary = Summary::default();
        for (_, endpoint) in spec.endpoints() {
            summary.add(endpoint);
        }
        summary
    }

    fn add(&mut self, endpoint: &jing_spec::Endpoint) {
        self.total += 1;
        self.typed += usize::from(endpoint.is_typed());
        match endpoint.status {
            Status::Documented => self.documented += 1,
            Status::Partial => self.partial += 1,
            Status::Catalogued => self.catalogued += 1,
        }
    }
}

/// The docs still open (`cargo xtask docs todo`), counted per file key (`customer`,
/// `webhooks`, `api`).
pub fn docs_open(rows: &[jing_vendor_docs::docs::Row]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for row in rows {
        let file = row.key.split_once(": ").map_or("", |(file, _)| file);
        *counts.entry(jing_spec::group_key(file)).or_insert(0) += 1;
    }
    counts
}

/// A table with one row per group and a total; `docs_open` counts the docs still open
/// per group (see [`docs_open`]).
pub fn table(spec: &Spec, docs_open: &BTreeMap<String, usize>) -> String {
    let mut lines = vec![format!(
        "{:<18} {:>5} {:>10} {:>7} {:>10} {:>5} {:>9}  title",
        "group", "typed", "documented", "partial", "catalogued", "total", "docs open"
    )];
    let row = |name: &str, summary: &Summary, open: usize, title: &str| {
        format!(
            "{:<18} {:>5} {:>10} {:>7} {:>10} {:>5} {:>9}  {title}",
            name,
            summary.typed,
            summary.documented,
            summary.partial,
            summary.catalogued,
            summary.total,
            open
        )
    };
    let open = |key: &str| docs_open.get(key).copied().unwrap_or(0);
    for group in &spec.groups {
        let mut summary = Summary::default();
        for endpoint in &group.endpoints {
            summary.add(endpoint);
        }
        lines.push(row(
            &group.key,
            &summary,
            open(&group.key),
            &format!("{} / {}", group.title.zh, group.title.en),
        ));
    }
    lines.push(row("all", &Summary::of(spec), docs_open.values().sum(), ""));
    if let Some(events) = EventSummary::of(spec) {
        lines.push(String::new());
        lines.push(format!(
            "webhook events: {} pages ({} documented, {} partial, {} catalogued); {} recognised by event_type as {} variants, {} with a typed payload; {} docs open",
            events.pages,
            events.documented,
            events.partial,
            events.catalogued,
            events.recognised,
            events.variants,
            events.typed,
            open("webhooks")
        ));
    }
    lines.join("\n")
}

/// Counts over the webhook events.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct EventSummary {
    /// Every event page.
    pub pages: usize,
    /// Pages transcribed in full.
    pub documented: usize,
    /// Pages with a payload partly known.
    pub partial: usize,
    /// Pages known by title only.
    pub catalogued: usize,
    /// Pages with a known `event_type`, so bodies can be recognised as them.
    pub recognised: usize,
    /// Distinct `Event` variants.
    pub variants: usize,
    /// Pages whose payload has a type of its own.
    pub typed: usize,
}

impl EventSummary {
    /// Counts the events of `spec`; `None` when it has no webhooks.
    pub fn of(spec: &Spec) -> Option<EventSummary> {
        let webhooks = spec.webhooks.as_ref()?;
        let mut summary = EventSummary::default();
        let mut variants = std::collections::BTreeSet::new();
        for (_, event) in webhooks.events() {
            summary.pages += 1;
            match event.status {
                Status::Documented => summary.documented += 1,
                Status::Partial => summary.partial += 1,
                Status::Catalogued => summary.catalogued += 1,
            }
            summary.recognised += usize::from(event.event_type.is_some());
            summary.typed += usize::from(event.payload.is_some());
            variants.extend(event.variant.as_deref());
        }
        summary.variants = variants.len();
        Some(summary)
    }
}

/// Every endpoint as JSON, for tooling: group, titles, method, path, status, body fields.
pub fn json(spec: &Spec) -> Value {
    let endpoints: Vec<Value> = spec
        .endpoints()
        .map(|(group, endpoint)| {
            json!({
                "group": group.key,
                "name": endpoint.name,
                "title": {"zh": endpoint.title.zh, "en": endpoint.title.en},
                "method": endpoint.method.map(|method| method.as_str()),
                "path": endpoint.path,
                "status": endpoint.status.as_str(),
                "typed": endpoint.is_typed(),
                "doc_url": endpoint.link(),
                "body_fields": endpoint.body.as_ref().map(|body| fields(&body.fields)),
                "path_params": params(&endpoint.path_params),
                "query": params(&endpoint.query),
                "headers": params(&endpoint.headers),
            })
        })
        .collect();
    let summary = Summary::of(spec);
    json!({
        "summary": {
            "total": summary.total,
            "typed": summary.typed,
            "documented": summary.documented,
            "partial": summary.partial,
            "catalogued": summary.catalogued,
        },
        "endpoints": endpoints,
        "webhook_events": EventSummary::of(spec).map(|events| json!({
            "pages": events.pages,
            "documented": events.documented,
            "partial": events.partial,
            "catalogued": events.catalogued,
            "recognised": events.recognised,
            "variants": events.variants,
            "typed": events.typed,
        })),
    })
}

/// Parameter names with their required flags (`null` when the docs do not say).
fn params(params: &[jing_spec::Param]) -> Vec<Value> {
    params
        .iter()
        .map(|param| json!({"name": param.name, "required": param.required.as_option()}))
        .collect()
}

/// Field names with their required flags (`null` when the docs do not say), nested.
fn fields(fields: &[Field]) -> Vec<Value> {
    fields
        .iter()
        .map(|field| {
            let mut value = json!({"name": field.name, "type": field.ty.to_string(), "required": field.required.as_option()});
            if !field.fields.is_empty() {
                value["fields"] = Value::Array(self::fields(&field.fields));
            }
            value
        })
        .collect()
}
