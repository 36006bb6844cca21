//! Generated code is data and types, the runtime is behaviour, and the arrows between them
//! run one way: generated code names the runtime, a hand-written module never names a
//! generated one (issue #29). The generated side hands its tables in (jing-api's `SPEC`,
//! given to `ClientBuilder::for_spec` by the generated `Client::builder()`), as progenitor's
//! generated `Client::new` does and its runtime never names a generated item. Read from
//! the import graph (`graph.rs`), so every way of naming counts: `crate::generated::X`, a
//! relative `generated::X`, and an item reached through the crate root's `pub use
//! generated::*` (`crate::SPEC`), and an associated item a generated `impl` block defines
//! (`Tables::SPEC`), and a path that only goes *through* a generated module, inside the
//! crate or from another (`crate::webhook::EventEntry`): every prefix of a path is
//! resolved. The crate root declares and re-exports the generated modules; that,
//! and what a crate's `REEXPORTS` entry allows, are the only arrows in. The crates around
//! jing-api name no generated code of jing-api either (`jing_api::catalogue::…`,
//! `jing_api::SPEC`, `Client::builder()`): they are handed the `ApiSpec` too.

use std::collections::BTreeMap;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

use crate::layout::graph::{Graph, ModulePath};

/// Whether `module` is generated code: the `generated` module or one inside it.
pub fn is_generated(module: &str) -> bool {
    module == "generated" || module.starts_with("generated::")
}

/// Each arrow from a hand-written module into generated code (`from -> to (path)`), but
/// from the crate root and the modules `allowed` names (which re-export generated ones).
/// `arrows` is [`Graph::arrows_into_generated`], which counts a path that only goes through
/// generated code (`crate::webhook::EventEntry`) as well.
pub fn into_generated(
    arrows: &BTreeMap<ModulePath, BTreeMap<ModulePath, String>>,
    allowed: &[&str],
) -> Vec<String> {
    arrows
        .iter()
        .filter(|(from, _)| {
            !from.is_empty() && !is_generated(from) && !allowed.contains(&from.as_str())
        })
        .flat_map(|(from, targets)| {
            targets
                .iter()
                .filter(|(to, _)| is_generated(to))
                .map(move |(to, path)| format!("{from} -> {to} ({path})"))
        })
        .collect()
}

/// Each path of the crate of `graph`, from any hand-written module (the root's code and
/// `use`s included), into the generated code of the workspace crate named `krate`, whose graph
/// is `other`: `jing_api::catalogue::ENDPOINTS`, `jing_api::SPEC` (the root's `pub use
/// generated::*`) or `Client::builder()` after `use jing_api::Client` (a generated
/// `impl`), each as `from -> krate::to (path)`. A path that only goes *through* generated
/// code counts too (`jing_api::webhook::EventEntry`, a runtime item re-exported by the
/// generated `webhook` module): every prefix of the path is resolved, not only its end.
///
/// Out of reach, by how the graph is read: method calls (`client.customer()`, a generated
/// accessor), `Self::…` in a hand-written `impl` of a type whose generated `impl` defines
/// the item, and a crate's bin targets, which are users of their own library.
pub fn into_generated_of(graph: &Graph, krate: &str, other: &Graph) -> Vec<String> {
    graph
        .paths_into(krate)
        .into_iter()
        .filter(|(from, _)| !is_generated(from))
        .filter_map(|(from, path)| {
            let to = (1..=path.len())
                .filter_map(|end| other.resolve_from_outside(&path[..end]))
                .find(|to| is_generated(to))?;
            let from = if from.is_empty() {
                "(the crate root)".to_owned()
            } else {
                from
            };
            Some(format!(
                "{from} -> {krate}::{to} ({krate}::{})",
                path.join("::")
            ))
        })
        .collect()
}

/// Each path into generated code (`generated::probe::PROBES`) that the code of a crate
/// root's file names, its `mod` and `use` declarations (the declaring and re-exporting a
/// root is for) and inline modules aside: the graph counts the root as one module, so its
/// code is read here.
pub fn root_code_naming_generated(text: &str) -> Result<Vec<String>, syn::Error> {
    let file = syn::parse_file(text)?;
    let mut found = Vec::new();
    for item in &file.items {
        if !matches!(item, syn::Item::Use(_) | syn::Item::Mod(_)) {
            generated_paths(item.to_token_stream(), &mut found);
        }
    }
    Ok(found)
}

/// Every path in `tokens` that goes through a name `generated` (`crate::generated::a::B`,
/// `generated::a::B`), from that name on.
fn generated_paths(tokens: TokenStream, found: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => generated_paths(group.stream(), found),
            TokenTree::Ident(ident) if ident == "generated" => {
                let mut path = vec![ident.to_string()];
                let mut next = at + 1;
                while let (
                    Some(TokenTree::Punct(first)),
                    Some(TokenTree::Punct(second)),
                    Some(TokenTree::Ident(name)),
                ) = (tokens.get(next), tokens.get(next + 1), tokens.get(next + 2))
                {
                    if first.as_char() != ':' || second.as_char() != ':' {
                        break;
                    }
                    path.push(name.to_string());
                    next += 3;
                }
                if path.len() > 1 {
                    found.push(path.join("::"));
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate written to a scratch folder of its own (`name`): each `(file, text)` under
    /// its `src/`.
    fn scratch_crate(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("jing-layout-oneway-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (file, text) in files {
            let path = dir.join("src").join(file);
            std::fs::create_dir_all(path.parent().unwrap_or(&dir)).expect("a scratch folder");
            std::fs::write(&path, text).expect("a scratch file");
        }
        dir
    }

    /// A runtime module that names generated code by any path is caught, with the path; the
    /// crate root's re-export, an allowed re-exporting module, generated code naming the
    /// runtime and a unit test reaching the tables are not.
    #[test]
    fn runtime_modules_naming_generated_code_are_caught_by_any_path() {
        let dir = scratch_crate(
            "any-path",
            &[
                (
                    "lib.rs",
                    "mod generated;\nmod config;\nmod raw;\nmod schema;\nmod tables;\nmod hooks;\nmod fine;\npub use generated::*;\npub struct Client;\n",
                ),
                (
                    "generated/mod.rs",
                    "pub mod catalogue;\npub static SPEC: crate::fine::Spec = crate::fine::Spec;\nimpl crate::Client { fn builder() { crate::fine::for_spec(&SPEC); } }\n",
                ),
                (
                    "generated/catalogue.rs",
                    "pub static ENDPOINTS: &[u8] = &[];\n",
                ),
                // The three ways of naming generated code from the runtime.
                (
                    "config.rs",
                    "fn build() { let _ = crate::generated::catalogue::ENDPOINTS; }\n",
                ),
                (
                    "raw.rs",
                    "use crate::SPEC;\nfn known() { let _ = &SPEC; }\n",
                ),
                (
                    "schema.rs",
                    "pub static ALL: &[u8] = super::generated::catalogue::ENDPOINTS;\n",
                ),
                // After a single colon: a member's value.
                (
                    "tables.rs",
                    "pub struct Tables { all: &'static [u8] }\nconst T: Tables = Tables { all: crate::generated::catalogue::ENDPOINTS };\n",
                ),
                // A re-export allowed by name; a unit test may read the tables.
                ("hooks.rs", "pub use crate::generated::catalogue::*;\n"),
                (
                    "fine.rs",
                    "pub struct Spec;\npub fn for_spec(_: &Spec) {}\n#[cfg(test)]\nmod tests { fn t() { let _ = &crate::SPEC; } }\n",
                ),
            ],
        );
        let graph = Graph::of_target(&dir.join("src/lib.rs"));
        assert_eq!(graph.problems, Vec::<String>::new());
        let found = into_generated(&graph.arrows_into_generated(), &["hooks"]);
        assert_eq!(
            found,
            [
                "config -> generated::catalogue (crate::generated::catalogue::ENDPOINTS)",
                "raw -> generated (crate::SPEC)",
                "schema -> generated::catalogue (super::generated::catalogue::ENDPOINTS)",
                "tables -> generated::catalogue (crate::generated::catalogue::ENDPOINTS)",
            ],
            "{graph:#?}"
        );
        let without_allowance = into_generated(&graph.arrows_into_generated(), &[]);
        assert!(
            without_allowance
                .iter()
                .any(|arrow| arrow.starts_with("hooks -> generated::catalogue")),
            "{without_allowance:?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A path inside the crate that only goes *through* a generated module is caught: the
    /// runtime's `Item`, reached as `crate::hooks::Item` through the generated `hooks`
    /// module that re-exports the runtime (the whole path resolves to `runtime`). The
    /// runtime's own path to it is not.
    #[test]
    fn a_path_through_a_generated_module_is_caught_inside_the_crate() {
        let dir = scratch_crate(
            "through",
            &[
                (
                    "lib.rs",
                    "mod generated;\nmod runtime;\nmod user;\nmod direct;\npub use generated::*;\n",
                ),
                ("generated/mod.rs", "pub mod hooks;\n"),
                ("generated/hooks.rs", "pub use crate::runtime::*;\n"),
                ("runtime.rs", "pub struct Item;\n"),
                (
                    "user.rs",
                    "pub fn probe() -> Option<&'static crate::hooks::Item> { None }\n",
                ),
                (
                    "direct.rs",
                    "pub fn fine() -> Option<&'static crate::runtime::Item> { None }\n",
                ),
            ],
        );
        let graph = Graph::of_target(&dir.join("src/lib.rs"));
        assert_eq!(graph.problems, Vec::<String>::new());
        let whole = graph.arrows();
        assert_eq!(
            whole.get("user").map(|to| to.keys().collect::<Vec<_>>()),
            Some(vec![&"runtime".to_owned()]),
            "the whole path names the runtime: {whole:?}"
        );
        assert_eq!(
            into_generated(&graph.arrows_into_generated(), &[]),
            ["user -> generated::hooks (crate::hooks::Item)"],
            "{graph:#?}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A crate root may declare and re-export generated modules; its code may not read them.
    #[test]
    fn a_crate_roots_code_naming_generated_code_is_caught() {
        let root = "mod generated;\npub use generated::*;\npub use crate::generated::mock::{A, B};\n\
            pub fn probes() -> &'static [u8] { generated::probe::PROBES }\n\
            impl Default for X { fn default() -> Self { X { all: crate::generated::mock::ENDPOINTS } } }\n\
            pub fn fine() { let generated = 1; let _ = generated; }\n";
        let found = root_code_naming_generated(root).expect("the example parses");
        assert_eq!(
            found,
            ["generated::probe::PROBES", "generated::mock::ENDPOINTS"]
        );
        assert_eq!(
            root_code_naming_generated("mod generated;\npub use generated::*;\n").ok(),
            Some(Vec::new())
        );
    }
}
