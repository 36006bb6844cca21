//! The graph read from scratch crates: every form of naming a module, `#[path]`, a file
//! that does not parse.

use super::*;

/// A crate written to a scratch folder: each `(file, text)` under its `src/`.
fn crate_of(tag: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jing-layout-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in files {
        let path = dir.join("src").join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).expect("a scratch folder");
        std::fs::write(&path, text).expect("a scratch file");
    }
    dir
}

fn arrow_list(graph: &Graph) -> Vec<String> {
    graph
        .arrows()
        .into_iter()
        .flat_map(|(from, targets)| targets.into_keys().map(move |to| format!("{from} -> {to}")))
        .collect()
}

/// Every form of naming a module makes an arrow, a parent's use of its own child and
/// generated code included (unit test modules, `quote!` and paths outside the crate make
/// none),
/// each to the module that defines the item.
#[test]
fn arrows_come_from_every_form_of_path_and_follow_re_exports() {
    let dir = crate_of(
        "forms",
        &[
            (
                "lib.rs",
                "mod a;\nmod b;\nmod generated;\nmod d;\npub use d::Thing;\nfn top() { a::f(); }\n",
            ),
            // A grouped use, a use inside a function body, a path inside a macro.
            (
                "a.rs",
                "use crate::{b::c::{self}, d as _};\npub fn f() { use super::b::Gadget; println!(\"{}\", crate::b::c::NAME); }\nmod tests { fn t() { super::super::Thing::new(); } }\n",
            ),
            (
                "b/mod.rs",
                "pub mod c;\npub use c::Gadget;\npub(in crate::b) fn g() {}\n",
            ),
            (
                "b/c.rs",
                // A unit test module reaching back up makes no arrow.
                "pub struct Gadget;\npub const NAME: &str = \"c\";\nfn uses() { let _ = std::mem::size_of::<u8>(); }\n#[cfg(test)]\nmod unit { fn t() { crate::a::f(); } }\n#[cfg(all(test, feature = \"x\"))]\nmod gated { fn t() { crate::a::f(); } }\n",
            ),
            // A path inside `quote!` is generated code, not an import.
            (
                "d.rs",
                "pub struct Thing;\nfn back() { crate::generated::x(); }\nfn emit() { quote!(crate::a::f()); }\n",
            ),
            ("generated/mod.rs", "fn x() { crate::a::f(); }\n"),
        ],
    );
    let graph = Graph::of_target(&dir.join("src/lib.rs"));
    assert_eq!(graph.problems, Vec::<String>::new());
    assert_eq!(
        arrow_list(&graph),
        [
            " -> a",
            " -> d",
            "a -> b::c",
            "a -> d",
            "b -> b::c",
            "d -> generated",
            "generated -> a"
        ],
        "{graph:#?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A module declared with `#[path]` is read from the file it names, its own children
/// beside that file, and its arrows count like any other's.
#[test]
fn a_path_attribute_names_the_file_read() {
    let dir = crate_of(
        "path",
        &[
            (
                "main.rs",
                "#[path = \"../common/helper/mod.rs\"]\nmod helper;\nmod user;\n",
            ),
            ("user.rs", "fn f() { crate::helper::inner::g(); }\n"),
            ("../common/helper/mod.rs", "pub mod inner;\n"),
            ("../common/helper/inner.rs", "pub fn g() {}\n"),
        ],
    );
    let graph = Graph::of_target(&dir.join("src/main.rs"));
    assert_eq!(graph.problems, Vec::<String>::new());
    assert_eq!(arrow_list(&graph), ["user -> helper::inner"], "{graph:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_that_does_not_parse_is_a_problem_named() {
    let dir = crate_of("broken", &[("lib.rs", "mod a;\n"), ("a.rs", "fn (\n")]);
    let graph = Graph::of_target(&dir.join("src/lib.rs"));
    assert!(
        graph
            .problems
            .iter()
            .any(|problem| problem.contains("a.rs")),
        "{:?}",
        graph.problems
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A child that imports from its parent (or an ancestor) while the parent imports from it
/// is a circle; a parent that only declares its child, or a child that only imports from
/// its parent, is not.
#[test]
fn a_child_and_the_parent_that_uses_it_make_a_circle() {
    let tangled = |tag: &str, files: &[(&str, &str)]| {
        let dir = crate_of(tag, files);
        let graph = Graph::of_target(&dir.join("src/lib.rs"));
        assert_eq!(graph.problems, Vec::<String>::new());
        let arrows: crate::layout::circles::Arrows = graph
            .arrows()
            .into_iter()
            .map(|(from, targets)| (from, targets.into_keys().collect()))
            .collect();
        let _ = std::fs::remove_dir_all(&dir);
        crate::layout::circles::tangles(&arrows)
    };
    // The root re-exports its child's item; the child uses the root's `Failure`.
    let parent = tangled(
        "parent",
        &[
            (
                "lib.rs",
                "mod local;\npub use local::run;\npub struct Failure;\n",
            ),
            (
                "local.rs",
                "pub fn run() -> super::Failure { super::Failure }\n",
            ),
        ],
    );
    assert_eq!(parent.len(), 1, "{parent:?}");
    assert!(parent[0].contains("") && parent[0].contains("local"));
    // A grandchild reaching the root while the root calls into it (through its own
    // child's path, in code).
    let ancestor = tangled(
        "ancestor",
        &[
            (
                "lib.rs",
                "mod a;\nfn top() { a::b::f(); }\nconst LIMIT: u8 = 1;\n",
            ),
            ("a/mod.rs", "pub mod b;\n"),
            ("a/b.rs", "pub fn f() -> u8 { crate::LIMIT }\n"),
        ],
    );
    assert_eq!(ancestor.len(), 1, "{ancestor:?}");
    assert!(ancestor[0].contains("a::b"));
    // One way only: the child uses the root, the root only declares it.
    let one_way = tangled(
        "one-way",
        &[
            ("lib.rs", "mod local;\npub struct Failure;\n"),
            (
                "local.rs",
                "pub fn run() -> crate::Failure { crate::Failure }\n",
            ),
        ],
    );
    assert!(one_way.is_empty(), "{one_way:?}");
    // A parent that gathers its children by globs: a child's own (private) `use` of a
    // sibling's item is not what the glob re-exports, so the item is the sibling's.
    let gathered = tangled(
        "globs",
        &[
            (
                "lib.rs",
                "mod common;\nmod part;\npub use common::*;\npub use part::*;\n",
            ),
            ("common.rs", "pub struct Doc;\n"),
            ("part.rs", "use super::Doc;\npub struct Part(pub Doc);\n"),
        ],
    );
    assert!(gathered.is_empty(), "{gathered:?}");
}

/// A crate that names itself (`extern crate self as me;`) stays inside itself on a path
/// that starts with that name, and a module brought in by a glob re-export is followed
/// into: `crate::inner::X` below names `held::inner`, not `held`.
#[test]
fn the_crates_own_name_and_glob_held_modules_are_followed() {
    let dir = crate_of(
        "self-name",
        &[
            (
                "lib.rs",
                "extern crate self as me;\nmod a;\nmod held;\npub use held::*;\n",
            ),
            ("a.rs", "fn f() { me::held::g(); crate::inner::X; }\n"),
            ("held.rs", "pub mod inner;\npub fn g() {}\n"),
            ("held/inner.rs", "pub struct X;\n"),
        ],
    );
    let graph = Graph::of_target(&dir.join("src/lib.rs"));
    assert_eq!(graph.problems, Vec::<String>::new());
    assert_eq!(
        arrow_list(&graph),
        [" -> held", "a -> held", "a -> held::inner"]
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// `Type::ITEM` names the module of the `impl` block that defines `ITEM`, a trait's item
/// included, however the type is reached (a `use`, a full path, `super::`): `Tables::SPEC`
/// defined by a generated block names the generated module, not the type's (in the crate
/// root's code too); an item the type's own module defines names that module.
#[test]
fn an_associated_item_names_the_module_of_the_impl_block_that_defines_it() {
    let dir = crate_of(
        "associated",
        &[
            (
                "lib.rs",
                "mod generated;\nmod table;\nmod user;\nmod other;\nmod third;\nuse table::Tables;\npub fn spec() -> u8 { Tables::SPEC }\n",
            ),
            (
                "table.rs",
                "pub struct Tables;\nimpl Tables { pub fn here() {} }\n",
            ),
            (
                "generated/mod.rs",
                "impl crate::table::Tables { pub const SPEC: u8 = 0; }\nimpl Default for crate::table::Tables { fn default() -> Self { crate::table::Tables } }\n",
            ),
            (
                "user.rs",
                "use crate::table::Tables;\nfn f() -> u8 { Tables::SPEC }\n",
            ),
            ("other.rs", "fn g() { crate::table::Tables::here(); }\n"),
            (
                "third.rs",
                "fn h() { let _ = super::table::Tables::default(); }\n",
            ),
        ],
    );
    let graph = Graph::of_target(&dir.join("src/lib.rs"));
    assert_eq!(graph.problems, Vec::<String>::new());
    assert_eq!(
        arrow_list(&graph),
        [
            " -> generated",
            " -> table",
            "generated -> table",
            "other -> table",
            "third -> generated",
            "user -> generated",
            "user -> table",
        ],
        "{graph:#?}"
    );
    let found = crate::layout::oneway::into_generated(&graph.arrows_into_generated(), &[]);
    assert_eq!(
        found,
        [
            "third -> generated (super::table::Tables::default)",
            "user -> generated (Tables::SPEC)",
        ]
    );
    // The crate root's code is read apart from its `mod` and `use` declarations.
    assert_eq!(graph.root_code_into_generated(), ["Tables::SPEC"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A path into another crate of the workspace, written out or through a `use`, resolves in
/// that crate's graph: `api::catalogue::ENDPOINTS`, `api::SPEC` (its root's `pub use
/// generated::*`) and `Client::builder()` (a generated `impl`) name its generated code,
/// `Client::base_url` its hand-written `client`.
/// An API crate with generated code: a catalogue, a `SPEC`, a generated `impl` of its
/// hand-written `Client`, and a generated module re-exporting a runtime one.
fn cross_api() -> PathBuf {
    crate_of(
        "cross-api",
        &[
            (
                "lib.rs",
                "extern crate self as api;\nmod client;\nmod generated;\nmod runtime;\npub use client::Client;\npub use generated::*;\n",
            ),
            (
                "generated/mod.rs",
                "pub mod catalogue;\npub mod hooks;\npub static SPEC: u8 = 0;\nimpl api::Client { pub fn builder() {} }\n",
            ),
            ("generated/hooks.rs", "pub use crate::runtime::*;\n"),
            ("runtime.rs", "pub struct Item;\n"),
            (
                "generated/catalogue.rs",
                "pub static ENDPOINTS: &[u8] = &[];\n",
            ),
            (
                "client.rs",
                "pub struct Client;\nimpl Client { pub fn base_url(&self) {} }\n",
            ),
        ],
    )
}

#[test]
fn a_path_into_another_crate_resolves_in_its_graph() {
    let api = cross_api();
    let user = crate_of(
        "cross-user",
        &[
            (
                "lib.rs",
                "mod list;\nmod fine;\nmod through;\npub fn spec() -> &'static u8 { &api::SPEC }\n",
            ),
            (
                "list.rs",
                "use api::Client;\nfn f() { let _ = api::catalogue::ENDPOINTS; Client::builder(); }\n",
            ),
            (
                "fine.rs",
                "fn g(client: &api::Client) { api::Client::base_url(client); }\n",
            ),
            (
                "through.rs",
                "fn h() -> api::runtime::Item { api::hooks::Item }\n",
            ),
        ],
    );
    let other = Graph::of_target(&api.join("src/lib.rs"));
    let graph = Graph::of_target(&user.join("src/lib.rs"));
    assert_eq!(graph.problems, Vec::<String>::new());
    let resolved: Vec<String> = graph
        .paths_into("api")
        .into_iter()
        .map(|(from, path)| {
            let to = other.resolve_from_outside(&path).unwrap_or_default();
            format!("{from}: {} -> {to}", path.join("::"))
        })
        .collect();
    assert_eq!(
        resolved,
        [
            ": SPEC -> generated",
            "fine: Client -> client",
            "fine: Client::base_url -> client",
            "list: Client -> client",
            "list: Client::builder -> generated",
            "list: catalogue::ENDPOINTS -> generated::catalogue",
            "through: hooks::Item -> runtime",
            "through: runtime::Item -> runtime",
        ],
        "{graph:#?}"
    );
    assert_eq!(
        crate::layout::oneway::into_generated_of(&graph, "api", &other),
        [
            "(the crate root) -> api::generated (api::SPEC)",
            "list -> api::generated (api::Client::builder)",
            "list -> api::generated::catalogue (api::catalogue::ENDPOINTS)",
            "through -> api::generated::hooks (api::hooks::Item)",
        ]
    );
    let _ = std::fs::remove_dir_all(&api);
    let _ = std::fs::remove_dir_all(&user);
}
