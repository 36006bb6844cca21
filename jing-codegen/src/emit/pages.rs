//! Doc pages composed from many items of the intermediate form: module headings, the
//! catalogue's endpoint tables (the one table of the endpoints' facts: a group module links
//! to it and lists its typed calls), the event table of `Event` and
//! the docs of each of its variants. Emitters ask for these; none builds Markdown of its
//! own. The lines of one item are in the form already (`crate::docs` made them).

use jing_spec::Doc;
use proc_macro2::TokenStream;

use crate::docs::{escape, inner, outer, paragraphs};
use crate::ir::{Api, EventVariant, Group, Webhooks};

/// `# 中文标题 English title`, a blank line, then both paragraphs of `doc`.
fn heading_and_paragraphs(title: &Doc, doc: &Doc) -> Vec<String> {
    let mut lines = vec![
        format!("# {} {}", escape(&title.zh), escape(&title.en)),
        String::new(),
    ];
    lines.extend(paragraphs(doc));
    lines
}

/// The inner docs of a group module: heading, paragraphs, a link to its endpoints in the
/// catalogue (the one table of their facts), and a list of its typed calls.
pub(crate) fn group_module_doc(group: &Group) -> TokenStream {
    let mut lines = heading_and_paragraphs(&group.title, &group.doc);
    lines.push(String::new());
    lines.push("本组的每个接口（包括仅编目的）及其状态、方法、路径与文档页，见[接口目录](crate::catalogue)。 Every endpoint of this group, catalogued ones included, with its status, method, path and vendor page, is listed in the [catalogue](crate::catalogue).".to_owned());
    lines.push(String::new());
    lines.extend(typed_calls(group));
    inner(&lines)
}

/// One line per typed call of the group: its accessor method and its request type.
fn typed_calls(group: &Group) -> Vec<String> {
    let calls: Vec<String> = (group.endpoints.iter())
        .filter_map(|endpoint| endpoint.typed())
        .map(|typed| {
            let request = &typed.request_type;
            let method = format!("{}::{}", group.api_type, typed.method_name);
            format!("- [`{method}`](self::{method}) takes [`{request}`](self::{request})")
        })
        .collect();
    if calls.is_empty() {
        return vec![
            "本组尚无类型化调用。 No endpoint of this group has a typed call yet.".to_owned(),
        ];
    }
    let mut lines = vec!["类型化调用： Typed calls:".to_owned(), String::new()];
    lines.extend(calls);
    lines
}

/// The inner docs of the catalogue: counts, then one endpoint table per group.
pub(crate) fn catalogue_doc(api: &Api) -> TokenStream {
    let typed = api.typed().count();
    let total = api.endpoints().count();
    let mut lines = vec![
        "# 接口目录 Endpoint catalogue".to_owned(),
        String::new(),
        format!(
            "供应商文档中的全部 {total} 个接口，其中 {typed} 个已生成类型化调用；其余仅有标题，可通过原始调用使用。"
        ),
        String::new(),
        format!(
            "All {total} endpoints of the vendor's docs; {typed} have typed calls. The rest are known by title only and can be called raw."
        ),
    ];
    for group in &api.groups {
        lines.push(String::new());
        let module = &group.module;
        lines.push(format!(
            "## [{} {}](crate::{module})",
            escape(&group.title.zh),
            escape(&group.title.en)
        ));
        lines.push(String::new());
        lines.extend(endpoint_table(group, &format!("crate::{module}::")));
    }
    inner(&lines)
}

/// The inner docs of the webhook module: heading and paragraphs.
pub(crate) fn webhook_module_doc(webhooks: &Webhooks) -> TokenStream {
    inner(&heading_and_paragraphs(&webhooks.title, &webhooks.doc))
}

/// A Markdown table of the group's endpoints, linking the typed ones to their types;
/// `prefix` is the path of the group module as seen from the catalogue.
fn endpoint_table(group: &Group, prefix: &str) -> Vec<String> {
    let mut lines = vec![
        "| 状态 Status | 接口 Endpoint | 方法 Method | 路径 Path | Rust |".to_owned(),
        "|---|---|---|---|---|".to_owned(),
    ];
    for endpoint in &group.endpoints {
        let method = endpoint.method().map_or("?", |method| method.as_str());
        let path = endpoint
            .path()
            .map_or_else(|| "未知 unknown".to_owned(), |path| format!("`{path}`"));
        let rust = match endpoint.typed() {
            Some(typed) => {
                let request = &typed.request_type;
                let method = format!("{}::{}", group.api_type, typed.method_name);
                format!("[`{request}`]({prefix}{request}) · [`{method}`]({prefix}{method})")
            }
            None => "—".to_owned(),
        };
        let link = &endpoint.page;
        lines.push(format!(
            "| {} | [{} {}]({link}) | {method} | {path} | {rust} |",
            endpoint.status.as_str(),
            escape(&endpoint.title.zh),
            escape(&endpoint.title.en),
        ));
    }
    lines
}

/// The docs of `Event`: what the docs say of delivery, and a table of every event page.
pub(crate) fn event_doc(webhooks: &Webhooks) -> TokenStream {
    let mut lines = vec![
        "平台推送的一个事件。 One event the platform pushed.".to_owned(),
        String::new(),
        "按 `event_type`（对象事件还有 `extra_data.object_name`）识别。每个变体都保留原始 JSON（`raw`）；未列出的事件为 [`Event::Unknown`]。".to_owned(),
        String::new(),
        "Recognised by `event_type` (and, for object events, `extra_data.object_name`). Every variant keeps the raw JSON (`raw`); an event nobody listed is [`Event::Unknown`].".to_owned(),
    ];
    if !webhooks.notes.is_empty() {
        lines.push(String::new());
        lines.push("# 已知事实 What the docs say".to_owned());
        lines.push(String::new());
        lines.extend(
            webhooks
                .notes
                .iter()
                .map(|note| format!("- {}", escape(note))),
        );
    }
    lines.push(String::new());
    lines.push("# 全部事件页 Every event page".to_owned());
    lines.push(String::new());
    lines.push("没有 `event_type` 的页面只编目，无法识别。 Pages without an `event_type` are only catalogued and cannot be recognised.".to_owned());
    lines.push(String::new());
    lines.extend(event_table(webhooks));
    outer(&lines)
}

/// A Markdown table of every event page.
fn event_table(webhooks: &Webhooks) -> Vec<String> {
    let mut lines = vec![
        "| 分组 Group | 事件 Event | 状态 Status | `event_type` | `object_name` | 变体 Variant |"
            .to_owned(),
        "|---|---|---|---|---|---|".to_owned(),
    ];
    for event in &webhooks.pages {
        let code = |value: Option<&str>| {
            value.map_or_else(|| "未知 unknown".to_owned(), |text| format!("`{text}`"))
        };
        let title = match &event.doc_url {
            Some(url) => format!(
                "[{} / {}]({url})",
                escape(&event.title.zh),
                escape(&event.title.en)
            ),
            None => format!("{} / {}", escape(&event.title.zh), escape(&event.title.en)),
        };
        let variant = event.variant.as_deref().map_or_else(
            || "—".to_owned(),
            |variant| format!("[`{variant}`](Event::{variant})"),
        );
        lines.push(format!(
            "| {} | {title} | {} | {} | {} | {variant} |",
            escape(&event.group_title.en),
            event.status.as_str(),
            code(event.event_type.as_deref()),
            event
                .object_name
                .as_deref()
                .map_or_else(|| "—".to_owned(), |name| format!("`{name}`")),
        ));
    }
    lines
}

/// The docs of a variant: every page it covers, then how it is recognised; `common` is
/// the common shape's name.
pub(crate) fn variant_doc(variant: &EventVariant, common: &str) -> TokenStream {
    // The name and the path to the common shape are the enum's business, not the docs'.
    let EventVariant {
        name: _,
        event_type,
        object_name,
        payload,
        common_path: _,
        pages,
    } = variant;
    let mut lines = Vec::new();
    for event in pages {
        let title = format!(
            "**{}** / {} ({} · {})",
            escape(&event.title.zh),
            escape(&event.title.en),
            escape(&event.group_title.en),
            event.status.as_str()
        );
        lines.push(match &event.doc_url {
            Some(url) => format!("{title} · [文档 docs]({url})"),
            None => title,
        });
        lines.push(String::new());
        if let Some(doc) = &event.doc {
            lines.extend(paragraphs(doc));
            lines.push(String::new());
        }
    }
    let mut recognised = format!("识别 Recognised by: `event_type` = `{event_type}`");
    if let Some(object) = object_name {
        recognised.push_str(&format!(", `extra_data.object_name` = `{object}`"));
    }
    lines.push(recognised);
    lines.push(String::new());
    lines.push(if payload == common {
        format!(
            "报文未载明：解析共有成员 [`{common}`]，其余见 `raw`。 Payload not documented: the common members [`{common}`] are parsed, the rest is in `raw`."
        )
    } else {
        format!("报文 Payload: [`{payload}`]")
    });
    outer(&lines)
}
