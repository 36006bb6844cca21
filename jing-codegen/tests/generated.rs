//! Small snapshots of the code generated from the synthetic fixture spec
//! (`tests/fixtures/spec` of the workspace), one per construct, each readable on one screen
//! in `cargo insta review`; files land in `tests/snapshots/`. The whole output is kept
//! once, as the compiled crate `jing-fixture-api` (its `src/generated/` is checked by
//! `cargo xtask check`); these views pick the items that show one construct each. Also:
//! the output is deterministic, every file carries the `@generated` marker, and every item
//! jing-api's checked-in generated code documents opens with a bilingual line.
//!
//! They live beside the generator, not in the workspace's integration binary, so they
//! build with jing-spec and jing-codegen alone (`cargo test -p jing-codegen`).

use std::path::PathBuf;

use jing_codegen::{GeneratedFile, Host, Target, generate};

/// A folder of the workspace, from this crate's folder as cargo names it when it runs the
/// test (so a binary built in another copy of the repository reads this one).
fn workspace_path(path: &str) -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .join("..")
        .join(path)
}

fn fixture_files() -> Vec<GeneratedFile> {
    let sources = jing_spec::Sources::dir(&workspace_path("tests/fixtures/spec"));
    let spec = match jing_spec::load(&sources) {
        Ok(spec) => spec,
        Err(errors) => panic!("the fixture spec must load:\n{errors}"),
    };
    let target = Target {
        host: Host::External,
        spec_dir: "tests/fixtures/spec".to_owned(),
    };
    generate(&spec, &target)
}

/// The name an item is picked by: `Type` for a type, static or const, `mod name` for a
/// module, `impl Type` for an inherent impl, `impl Trait for Type` for a trait impl (last
/// path segments only), `macro! Type` for a macro call whose first token is a type name.
fn item_name(item: &syn::Item) -> Option<String> {
    let last = |path: &syn::Path| {
        path.segments
            .last()
            .map(|segment| segment.ident.to_string())
    };
    match item {
        syn::Item::Struct(item) => Some(item.ident.to_string()),
        syn::Item::Enum(item) => Some(item.ident.to_string()),
        syn::Item::Static(item) => Some(item.ident.to_string()),
        syn::Item::Const(item) => Some(item.ident.to_string()),
        syn::Item::Mod(item) => Some(format!("mod {}", item.ident)),
        syn::Item::Impl(block) => {
            let syn::Type::Path(self_type) = &*block.self_ty else {
                return None;
            };
            let self_name = last(&self_type.path)?;
            Some(match &block.trait_ {
                Some((_, path, _)) => format!("impl {} for {self_name}", last(path)?),
                None => format!("impl {self_name}"),
            })
        }
        syn::Item::Macro(call) => {
            let first = call.mac.tokens.clone().into_iter().next()?;
            Some(format!("{}! {first}", last(&call.mac.path)?))
        }
        _ => None,
    }
}

/// The items of generated file `file` named by `picks`, printed as they are in the file;
/// `//!` picks the file's module docs. Every pick must match.
fn view(file: &str, picks: &[&str]) -> String {
    let files = fixture_files();
    let contents = &files
        .iter()
        .find(|generated| generated.path == file)
        .unwrap_or_else(|| panic!("{file} is generated"))
        .contents;
    let mut parsed = syn::parse_file(contents).unwrap_or_else(|error| panic!("{file}: {error}"));
    for pick in picks.iter().filter(|pick| **pick != "//!") {
        assert!(
            parsed
                .items
                .iter()
                .any(|item| item_name(item).as_deref() == Some(pick)),
            "{file} has no item `{pick}`"
        );
    }
    let attrs = if picks.contains(&"//!") {
        std::mem::take(&mut parsed.attrs)
    } else {
        Vec::new()
    };
    let items = parsed
        .items
        .into_iter()
        .filter(|item| item_name(item).is_some_and(|name| picks.contains(&name.as_str())))
        .collect();
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs,
        items,
    })
}

/// Each snapshot: its name, the generated file, and the items it picks.
const CASES: &[(&str, &str, &[&str])] = &[
    // A nested request object: a required member is a `new` argument, an optional one a setter.
    (
        "request_required_and_optional",
        "widgets.rs",
        &["CreateWidgetOwner", "impl CreateWidgetOwner"],
    ),
    // An array of objects named by `type_name`.
    (
        "request_nested_type_name",
        "widgets.rs",
        &["Part", "impl Part"],
    ),
    // Custom attributes flattened beside the members; required flags unknown.
    (
        "request_custom_fields",
        "widgets.rs",
        &["UpdateWidgetsItem", "impl UpdateWidgetsItem"],
    ),
    // A bare-array body, with a query parameter and its `Endpoint` impl.
    (
        "bare_array_body",
        "widgets.rs",
        &[
            "UpdateWidgets",
            "impl UpdateWidgets",
            "impl Endpoint for UpdateWidgets",
        ],
    ),
    // Query parameters on a GET, and an array of objects back.
    (
        "query_parameters",
        "widgets.rs",
        &["GetWidget", "impl GetWidget", "impl Endpoint for GetWidget"],
    ),
    // Rate limits, a caller header, and the typed response.
    (
        "endpoint_impl_with_limits_and_header",
        "widgets.rs",
        &["impl Endpoint for CreateWidget"],
    ),
    // No auth headers, no body, a scalar response.
    (
        "no_auth_scalar_response",
        "widgets.rs",
        &[
            "DeleteWidget",
            "impl DeleteWidget",
            "impl Endpoint for DeleteWidget",
        ],
    ),
    // Path parameters: constructor arguments first, skipped by serde, handed to the
    // client by `path_params` to fill the path.
    (
        "path_parameters",
        "widgets.rs",
        &["MovePart", "impl MovePart", "impl Endpoint for MovePart"],
    ),
    // The response's `data`: required and optional members, custom attributes (read by
    // the serde derive, beside a flattened map).
    ("response_struct", "widgets.rs", &["CreateWidgetData"]),
    // A response type without custom attributes: its `Deserialize` impl is one line per
    // member through the runtime's macro.
    (
        "response_deserialize",
        "widgets.rs",
        &["GetWidgetData", "__response_deserialize! GetWidgetData"],
    ),
    // An open enum: documented values plus `Other`, with its conversions.
    (
        "open_enum",
        "widgets.rs",
        &[
            "CreateWidgetDataState",
            "impl CreateWidgetDataState",
            "impl Display for CreateWidgetDataState",
            "impl From for CreateWidgetDataState",
            "impl FromStr for CreateWidgetDataState",
            "impl Serialize for CreateWidgetDataState",
            "impl Deserialize for CreateWidgetDataState",
        ],
    ),
    // The group accessor and the group module's docs: the catalogue linked, the typed calls.
    (
        "group_module",
        "widgets.rs",
        &["//!", "WidgetsApi", "impl WidgetsApi"],
    ),
    // The catalogue of every endpoint, typed or not.
    // A form body: the content type said by the Endpoint impl; parameters with values
    // are open enums (integer-coded on the path, text in the query), filled by wire value.
    (
        "form_body_and_parameter_enums",
        "widgets.rs",
        &[
            "PaintWidget",
            "impl Endpoint for PaintWidget",
            "PaintWidgetBoothId",
        ],
    ),
    ("catalogue", "catalogue.rs", &["//!", "ENDPOINTS"]),
    // Each typed endpoint's schema, in the catalogue: method, path, docs, body, every
    // parameter (path, query, caller and auth headers, body members, nested members) with
    // its place, kind, required flag, values and credential; limits, auth, answer.
    (
        "endpoint_schemas",
        "catalogue.rs",
        &[
            "SCHEMAS",
            "CREATE_WIDGET",
            "GET_WIDGET",
            "UPDATE_WIDGETS",
            "DELETE_WIDGET",
            "MOVE_PART",
            "PAINT_WIDGET",
        ],
    ),
    // `mod.rs` outside jing-api: no accessors on `Client`.
    (
        "root_module",
        "mod.rs",
        &[
            "//!",
            "DEFAULT_BASE_URL",
            "SPEC",
            "mod catalogue",
            "mod webhook",
            "mod widgets",
        ],
    ),
    // Webhook payloads: a lenient common shape and one that flattens it in.
    ("webhook_payload", "webhook.rs", &["Common", "WidgetEvent"]),
    // The event enum: a variant shared by two pages, an unnamed page, the page table.
    ("webhook_event_enum", "webhook.rs", &["Event"]),
    // The decoder: event_type and object_name to a variant, anything else `Unknown`.
    ("webhook_event_decoder", "webhook.rs", &["impl Event"]),
];

#[test]
fn each_construct_is_snapshotted_on_its_own() {
    for (name, file, picks) in CASES {
        insta::assert_snapshot!(*name, view(file, picks));
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(fixture_files(), fixture_files());
}

#[test]
fn every_file_starts_with_the_generated_marker() {
    let files = fixture_files();
    let names: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "mod.rs",
            "catalogue.rs",
            "mock.rs",
            "cli.rs",
            "probe.rs",
            "webhook.rs",
            "widgets.rs",
            "pallets.rs"
        ]
    );
    for file in &files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("// @generated by `cargo xtask regenerate` from tests/fixtures/spec"),
            "{}: {first}",
            file.path
        );
    }
}

/// The first paragraph of a doc comment: its lines up to the first blank one.
fn first_paragraph(attrs: &[syn::Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .collect();
    let paragraph: Vec<&str> = lines
        .iter()
        .map(|line| line.trim())
        .take_while(|line| !line.is_empty())
        .collect();
    (!lines.is_empty()).then(|| paragraph.join(" "))
}

/// Every documented item, member and method of a generated file, with its first paragraph.
fn documented(file: &syn::File) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut note = |what: String, attrs: &[syn::Attribute]| {
        if let Some(paragraph) = first_paragraph(attrs) {
            found.push((what, paragraph));
        }
    };
    for item in &file.items {
        let name = item_name(item).unwrap_or_default();
        match item {
            syn::Item::Struct(item) => {
                note(name.clone(), &item.attrs);
                for field in &item.fields {
                    let member = field.ident.as_ref().map(ToString::to_string);
                    note(
                        format!("{name}.{}", member.unwrap_or_default()),
                        &field.attrs,
                    );
                }
            }
            syn::Item::Enum(item) => {
                note(name.clone(), &item.attrs);
                for variant in &item.variants {
                    note(format!("{name}::{}", variant.ident), &variant.attrs);
                }
            }
            syn::Item::Impl(block) => {
                for inner in &block.items {
                    if let syn::ImplItem::Fn(function) = inner {
                        note(format!("{name}::{}", function.sig.ident), &function.attrs);
                    }
                }
            }
            syn::Item::Static(item) => note(name, &item.attrs),
            syn::Item::Const(item) => note(name, &item.attrs),
            _ => {}
        }
    }
    found
}

/// rustdoc shows only an item's first paragraph in module pages and search results, so
/// that paragraph carries both languages on every generated item of the real crate.
#[test]
fn every_generated_item_opens_with_a_bilingual_line() {
    let dir = workspace_path("jing-api/src/generated");
    let mut checked = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let file = syn::parse_file(&text).unwrap_or_else(|error| panic!("{error}"));
        for (what, paragraph) in documented(&file) {
            let chinese = paragraph
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let english = paragraph
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|word| word.len() >= 3);
            assert!(
                chinese && english,
                "{}: {what}: the first paragraph is not bilingual: {paragraph}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} documented items");
}
