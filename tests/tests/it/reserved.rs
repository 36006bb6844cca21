//! The names the runtime claims are listed in `jing_spec::names::reserved`, so the
//! validator refuses a spec that would take one (a located error) instead of the
//! generated code failing to compile. Read from the runtime's own source with syn.

use std::collections::BTreeSet;

use jing_spec::names::reserved;
use jing_spec::{Source, Sources, load};

fn runtime_file(path: &str) -> syn::File {
    let full = xtask::workspace_root().join("jing-api/src").join(path);
    let text = std::fs::read_to_string(&full)
        .unwrap_or_else(|error| panic!("{}: {error}", full.display()));
    syn::parse_file(&text).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

fn is_public(visibility: &syn::Visibility) -> bool {
    matches!(visibility, syn::Visibility::Public(_))
}

#[test]
fn every_module_at_the_crate_root_is_reserved() {
    let modules: BTreeSet<String> = runtime_file("lib.rs")
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(module) => Some(module.ident.to_string()),
            // A crate re-exported whole (`pub use redis;`) takes its name at the root too.
            syn::Item::Use(syn::ItemUse {
                tree: syn::UseTree::Name(name),
                ..
            }) => Some(name.ident.to_string()),
            _ => None,
        })
        .collect();
    assert!(modules.contains("generated"), "{modules:?}");
    assert!(modules.contains("redis"), "{modules:?}");
    for module in &modules {
        assert!(
            reserved::CRATE_MODULES.contains(&module.as_str()),
            "jing_api::{module} is not in reserved::CRATE_MODULES"
        );
    }
}

#[test]
fn the_response_macro_declares_the_reserved_visitor() {
    // The macro's body is tokens to syn: find the item it declares inside each impl.
    let file = runtime_file("lenient/object.rs");
    let body = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Macro(item) if item.ident.is_some() => Some(item.mac.tokens.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("lenient/object.rs defines the response macro"));
    let declared = format!("struct {} ;", reserved::RESPONSE_VISITOR);
    assert!(
        body.contains(&declared),
        "the response macro no longer declares `{declared}`: update reserved::RESPONSE_VISITOR"
    );
}

#[test]
fn every_public_type_of_the_webhook_module_is_reserved() {
    let mut types = Vec::new();
    let items = ["webhook_runtime/mod.rs", "webhook_runtime/entry.rs"]
        .into_iter()
        .flat_map(|file| runtime_file(file).items);
    for item in items {
        let (ident, visibility) = match item {
            syn::Item::Struct(item) => (item.ident, item.vis),
            syn::Item::Enum(item) => (item.ident, item.vis),
            syn::Item::Trait(item) => (item.ident, item.vis),
            syn::Item::Type(item) => (item.ident, item.vis),
            _ => continue,
        };
        if is_public(&visibility) {
            types.push(ident.to_string());
        }
    }
    assert!(types.len() >= 4, "{types:?}");
    for name in types
        .iter()
        .map(String::as_str)
        .chain([reserved::EVENT_ENUM])
    {
        assert!(
            reserved::WEBHOOK_TYPES.contains(&name),
            "webhook::{name} is not in reserved::WEBHOOK_TYPES"
        );
    }
}

#[test]
fn every_public_method_of_client_is_reserved() {
    let mut methods = Vec::new();
    for file in ["client.rs", "raw.rs", "config.rs", "auth.rs", "endpoint.rs"] {
        for item in runtime_file(file).items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(self_type) = &*block.self_ty else {
                continue;
            };
            if block.trait_.is_some() || !self_type.path.is_ident("Client") {
                continue;
            }
            for inner in block.items {
                if let syn::ImplItem::Fn(function) = inner {
                    if is_public(&function.vis) {
                        methods.push(function.sig.ident.to_string());
                    }
                }
            }
        }
    }
    assert!(methods.contains(&"send".to_owned()), "{methods:?}");
    for method in &methods {
        assert!(
            reserved::CLIENT_METHODS.contains(&method.as_str()),
            "Client::{method} is not in reserved::CLIENT_METHODS"
        );
    }
}

#[test]
fn a_group_named_like_the_runtime_is_a_located_error() {
    let api = std::fs::read_to_string(crate::fixtures("spec").join("api.yaml"))
        .unwrap_or_else(|error| panic!("{error}"));
    let group = "title: {zh: 甲, en: A}\ndoc: {zh: 甲, en: A}\nendpoints: []\n";
    for (file, claimed) in [
        ("03-webhook.yaml", "module"),
        ("04-builder.yaml", "method"),
        ("05-axum.yaml", "cargo feature"),
        ("06-serde.yaml", "crate that generated code names"),
    ] {
        let sources = Sources::new(Source::new("spec/api.yaml", api.clone()))
            .group(Source::new(format!("spec/{file}"), group));
        let errors = match load(&sources) {
            Ok(_) => panic!("{file} must be refused"),
            Err(errors) => errors.to_string(),
        };
        assert!(
            errors.contains(&format!("spec/{file}:1:1: `(file name)`")) && errors.contains(claimed),
            "{errors}"
        );
    }
}

/// The flags every call of the `jing` program has are the ones the generator keeps member
/// flags away from, and its own commands are the ones a group may not be named.
#[test]
fn the_cli_claims_the_flags_and_commands_the_spec_reserves() {
    let root = jing_cli::command();
    let own: Vec<String> = root
        .get_subcommands()
        .map(|command| command.get_name().to_owned())
        .filter(|name| {
            !jing_cli::testing::calls_of(
                jing_cli::table::Tables::SPEC.endpoints,
                jing_mock::probes(),
            )
            .iter()
            .any(|call| call.group == name)
        })
        .collect();
    let mut own_sorted = own.clone();
    own_sorted.sort();
    let mut reserved_commands: Vec<&str> = reserved::CLI_COMMANDS.to_vec();
    reserved_commands.retain(|name| *name != "help");
    assert_eq!(own_sorted, reserved_commands);
    // `raw` has no member flags: its flags are the program's own, bar `--query` (raw's
    // alone) and with `--field` (the calls' alone).
    let mut root = root;
    root.build();
    let raw = root
        .find_subcommand("raw")
        .unwrap_or_else(|| panic!("the raw command"));
    let mut flags: Vec<&str> = raw
        .get_arguments()
        .filter_map(|arg| arg.get_long())
        .filter(|flag| *flag != "query")
        .chain(["field", "help"])
        .collect();
    flags.sort();
    flags.dedup();
    assert_eq!(flags, reserved::CLI_FLAGS);
}
