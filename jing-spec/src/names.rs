//! The one place that turns spec names into Rust names.
//!
//! The validator checks collisions with these very functions, and codegen produces
//! identifiers with them, so "collides after case conversion" means exactly what it says.

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be plain Rust identifiers (strict and reserved keywords, 2024 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Whether `word` is a plain snake_case identifier: `[a-z][a-z0-9_]*`.
pub fn is_snake_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `word` is a plain PascalCase identifier: `[A-Z][A-Za-z0-9]*`.
pub fn is_pascal_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|first| first.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// A type name from a spec name: `create_customer` gives `CreateCustomer`.
pub fn type_name(name: &str) -> String {
    name.to_upper_camel_case()
}

/// A field or method name from a wire name; a keyword gets a trailing underscore (`type_`).
pub fn field_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    let snake = if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{snake}")
    } else {
        snake
    };
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// An enum variant from a documented value: `wechat_openid` gives `WechatOpenid`.
///
/// Values that start with a digit get a `V` in front; values with no letters or digits
/// (`''`) give `Empty`; `other` gives `OtherValue`, since `Other` is the variant for
/// unlisted values.
pub fn variant_name(value: &str) -> String {
    // A negative integer-coded value: `-1` gives `Minus1`, never the variant of `1`.
    if let Some(digits) = value.strip_prefix('-') {
        if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return format!("Minus{digits}");
        }
    }
    let pascal = value.to_upper_camel_case();
    if pascal.is_empty() {
        "Empty".to_owned()
    } else if pascal == reserved::OTHER_VARIANT {
        format!("{pascal}Value")
    } else if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{pascal}")
    } else {
        pascal
    }
}

/// A command or flag of the `jing` program: `user_group` gives `user-group`,
/// `X-Trace-Id` gives `x-trace-id`.
pub fn command_name(name: &str) -> String {
    name.to_kebab_case()
}

/// A constant name: `create_customer` gives `CREATE_CUSTOMER`.
pub fn const_name(name: &str) -> String {
    name.to_shouty_snake_case()
}

/// Why `name` cannot be a method name (`call`) of ours, if it cannot: the rule the
/// validator applies, for tools that take a name before it is written.
pub fn name_problem(name: &str) -> Option<String> {
    if !is_snake_identifier(name) {
        Some(format!(
            "`{name}` is not a snake_case identifier ([a-z][a-z0-9_]*)"
        ))
    } else if is_keyword(name) {
        Some(format!("`{name}` is a Rust keyword; choose another name"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_convert_as_documented() {
        type Convert = fn(&str) -> String;
        let cases: &[(Convert, &str, &str)] = &[
            (type_name, "create_customer", "CreateCustomer"),
            (field_name, "type", "type_"),
            (field_name, "returnFull", "return_full"),
            (field_name, "fields_source", "fields_source"),
            (field_name, "2fa", "n2fa"),
            (variant_name, "wechat_openid", "WechatOpenid"),
            (variant_name, "object_v2", "ObjectV2"),
            (variant_name, "9am", "V9am"),
            (variant_name, "1", "V1"),
            (variant_name, "-1", "Minus1"),
            (variant_name, "", "Empty"),
            (variant_name, "other", "OtherValue"),
            (variant_name, "OTHER", "OtherValue"),
            (const_name, "create_customer", "CREATE_CUSTOMER"),
        ];
        for (convert, input, expected) in cases {
            assert_eq!(convert(input), *expected, "{input}");
        }
    }

    #[test]
    fn identifiers_are_recognised() {
        assert!(is_snake_identifier("user_group2"));
        assert!(!is_snake_identifier("UserGroup"));
        assert!(!is_snake_identifier("2fa"));
        assert!(is_pascal_identifier("Identity"));
        assert!(!is_pascal_identifier("identity_type"));
        assert!(is_keyword("type") && is_keyword("Self") && !is_keyword("kind"));
    }
}

/// Names of the types generated for endpoints and nested fields.
///
/// Codegen names every type through these, and the validator uses them to find two
/// types that would share a name in one module.
pub mod types {
    use super::type_name;
    use crate::model::{Endpoint, Field, Group};

    /// The request type: `create_customer` gives `CreateCustomer`.
    pub fn request(endpoint: &Endpoint) -> String {
        type_name(&endpoint.name)
    }

    /// The type of the response's `data`: `CreateCustomerData`.
    pub fn response(endpoint: &Endpoint) -> String {
        format!("{}Data", request(endpoint))
    }

    /// The item type of a bare-array body: its `item_type_name`, else `<Request>Item`.
    pub fn body_item(endpoint: &Endpoint) -> String {
        endpoint
            .body
            .as_ref()
            .and_then(|body| body.item_type_name.clone())
            .unwrap_or_else(|| format!("{}Item", request(endpoint)))
    }

    /// A nested object or enum type: the field's `type_name`, else `<Owner><Field>`.
    pub fn nested(owner: &str, field: &Field) -> String {
        field
            .type_name
            .clone()
            .unwrap_or_else(|| format!("{owner}{}", type_name(&field.name)))
    }

    /// The accessor type of a group: `customer` gives `CustomerApi`.
    pub fn group_api(group: &Group) -> String {
        format!("{}Api", type_name(&group.key))
    }
}

/// Names the generator and the runtime claim for themselves, written once.
///
/// The validator refuses a spec name that would take one of them (a located error), and
/// the emitters spell the generated items with these very constants, so adding a runtime
/// item means adding it here, not discovering a compile error in generated code.
pub mod reserved {
    /// The constructor of every request struct (`CreateCustomer::new`).
    pub const CONSTRUCTOR: &str = "new";
    /// The flattened map of custom attributes on CRM objects.
    pub const CUSTOM_FIELDS: &str = "custom_fields";
    /// The setter that adds one custom attribute.
    pub const CUSTOM_FIELD_SETTER: &str = "custom_field";
    /// The member of a request whose body is a bare JSON array.
    pub const ITEMS: &str = "items";
    /// The variant of an open enum that keeps values the docs do not list.
    pub const OTHER_VARIANT: &str = "Other";
    /// The `webhook::Event` variant of an event nobody listed.
    pub const UNKNOWN_EVENT: &str = "Unknown";
    /// The generated enum of webhook events.
    pub const EVENT_ENUM: &str = "Event";

    /// Members every generated request struct may have besides the spec's own.
    pub const STRUCT_MEMBERS: &[&str] = &[CONSTRUCTOR, CUSTOM_FIELDS, CUSTOM_FIELD_SETTER];

    /// Type names of the `jing_api::webhook` module: the generated enum, the runtime's own
    /// types it re-exports (which a payload shape of the same name would shadow), and the
    /// runtime's generic stream types it names for its `Event`.
    pub const WEBHOOK_TYPES: &[&str] = &[
        EVENT_ENUM,
        "EventEntry",
        "Received",
        "FieldChange",
        "NotJson",
        "WebhookEvent",
        "EventTime",
        "EventStream",
        "EventConsumer",
        "Delivery",
    ];

    /// Modules at the root of `jing_api`, and crates it re-exports there (`redis`); a group
    /// module of the same name would be hidden by them (group modules are re-exported with
    /// a glob).
    pub const CRATE_MODULES: &[&str] = &[
        "answer",
        "auth",
        "base_url",
        "body",
        "catalogue",
        "client",
        "clock",
        "config",
        "endpoint",
        "envelope",
        "error",
        "cli",
        "future",
        "generated",
        "lenient",
        "mock",
        "rate_limit",
        "preview",
        "raw",
        "redact",
        "redis",
        "retry",
        "schema",
        "sealed",
        "spec",
        "store",
        "telemetry",
        "webhook",
        "webhook_runtime",
    ];

    /// Names generated code writes without a path, as the Rust 2024 prelude gives them
    /// (`Option<String>`, `Some(value.into())`, `impl Future`); a generated type of the same
    /// name would shadow them.
    pub const PRELUDE_TYPES: &[&str] = &[
        "Default", "Err", "From", "Into", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
    ];

    /// The visitor each response type declares inside its `Deserialize` impl (jing_api's
    /// `__response_deserialize!`); a member type of the same name would be hidden there.
    pub const RESPONSE_VISITOR: &str = "Visitor";

    /// Crates generated code names by their own name (`serde::Serialize`,
    /// `jing_api::Endpoint`, and in the fixture crate `jing_mock::table`, `jing_cli::table`);
    /// a group module of the same name would shadow them.
    pub const EXTERN_CRATES: &[&str] = &[
        "core",
        "jing_api",
        "jing_cli",
        "jing_mock",
        "serde",
        "serde_json",
        "std",
    ];

    /// Cargo features of jing-api that are not groups; a group's feature is its key.
    pub const CRATE_FEATURES: &[&str] = &["all-groups", "axum", "default", "metrics", "redis"];

    /// Commands of the `jing` program besides the groups'; a group's command is the kebab
    /// case of its key.
    pub const CLI_COMMANDS: &[&str] = &[
        "auth",
        "completions",
        "help",
        "list",
        "mock",
        "raw",
        "webhook",
    ];

    /// Flags every `jing <group> <call>` command has; a member whose flag would be one of
    /// them is given `--member-<name>` instead.
    pub const CLI_FLAGS: &[&str] = &[
        "access-token",
        "app-id",
        "app-secret",
        "base-url",
        "body",
        "dry-run",
        "field",
        "help",
        "max-limit-wait",
        "output",
        "profile",
        "raw",
        "redis",
        "redis-url-file",
        "refresh-margin",
        "refresh-token",
        "renewal-lease",
        "secret-rejected-code",
        "token-rejected-code",
    ];

    /// Headers the HTTP client writes itself from the request it sends (its length, its
    /// framing, its host and connection): a header member of one of these names would send a
    /// value that contradicts the request (`Content-Length` with another body), so the
    /// validator refuses it and the importer holds it out. `Content-Type` is the body's type
    /// (`body.content_type`), refused with its own words.
    pub const CLIENT_HEADERS: &[&str] = &[
        "Connection",
        "Content-Length",
        "Expect",
        "Host",
        "Keep-Alive",
        "Proxy-Connection",
        "TE",
        "Trailer",
        "Transfer-Encoding",
        "Upgrade",
    ];

    /// Whether `name` is one of [`CLIENT_HEADERS`] (any case), as it is written there.
    pub fn client_header(name: &str) -> Option<&'static str> {
        CLIENT_HEADERS
            .iter()
            .copied()
            .find(|header| header.eq_ignore_ascii_case(name.trim()))
    }

    /// The prefix of a member's flag when its own name is taken by [`CLI_FLAGS`].
    pub const CLI_MEMBER_PREFIX: &str = "member-";

    /// Methods of `jing_api::Client`; a group accessor (`client.customer()`) may not take one.
    pub const CLIENT_METHODS: &[&str] = &[
        "app_id",
        "base_url",
        "builder",
        "catalogue",
        "flush_tokens",
        "preview",
        "raw",
        "retrying_writes",
        "send",
        "send_envelope",
        "send_keeping_raw",
        "send_owned",
        "token_scope",
    ];
}
