//! What the graph reads beside the module tree: the items an `impl` block defines, so that
//! `Tables::SPEC` names the module of the block that defines `SPEC` (a generated one) and
//! not the module that declares `Tables`; and the paths into another crate of the
//! workspace (`jing_api::catalogue::ENDPOINTS`, or `Client::builder()` after `use
//! jing_api::Client`), resolved against that crate's own graph; the arrows into generated
//! code, by every prefix of a path. And where a package's targets start (`target_roots`),
//! which the graphs are read from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::{Graph, ModulePath};

/// The `impl` blocks by the type they are for, as (the module that declares the type, its
/// name): each block's module and the names its items define.
pub(super) type ImplIndex = BTreeMap<(ModulePath, String), Vec<(ModulePath, BTreeSet<String>)>>;

/// The type an `impl` block is for, as written (`crate::table::Tables`), and the names its
/// items define (inherent or of a trait: `SPEC`, `builder`, `default`); `None` for a type
/// that is no path (`impl Trait for &T`).
pub(super) fn impl_block(block: &syn::ItemImpl) -> Option<(Vec<String>, BTreeSet<String>)> {
    let syn::Type::Path(written) = &*block.self_ty else {
        return None;
    };
    if written.qself.is_some() {
        return None;
    }
    let path = written
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    let names = block
        .items
        .iter()
        .filter_map(|item| match item {
            syn::ImplItem::Const(item) => Some(item.ident.to_string()),
            syn::ImplItem::Fn(item) => Some(item.sig.ident.to_string()),
            syn::ImplItem::Type(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    Some((path, names))
}

/// The name an item defines, if it has one.
pub(super) fn defined_name(item: &syn::Item) -> Option<String> {
    let ident = match item {
        syn::Item::Const(item) => &item.ident,
        syn::Item::Enum(item) => &item.ident,
        syn::Item::ExternCrate(item) => item.rename.as_ref().map_or(&item.ident, |(_, name)| name),
        syn::Item::Fn(item) => &item.sig.ident,
        syn::Item::Macro(item) => item.ident.as_ref()?,
        syn::Item::Static(item) => &item.ident,
        syn::Item::Struct(item) => &item.ident,
        syn::Item::Trait(item) => &item.ident,
        syn::Item::TraitAlias(item) => &item.ident,
        syn::Item::Type(item) => &item.ident,
        syn::Item::Union(item) => &item.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

/// The root files of a package's library and binaries, from `cargo metadata`'s targets.
pub fn target_roots(package: &serde_json::Value) -> Vec<(String, PathBuf)> {
    let targets = package["targets"].as_array().map_or(&[][..], Vec::as_slice);
    targets
        .iter()
        .filter(|target| {
            target["kind"].as_array().is_some_and(|kinds| {
                kinds
                    .iter()
                    .any(|kind| ["lib", "bin", "proc-macro"].contains(&kind.as_str().unwrap_or("")))
            })
        })
        .filter_map(|target| {
            let name = target["name"].as_str()?.to_owned();
            Some((name, PathBuf::from(target["src_path"].as_str()?)))
        })
        .collect()
}

impl Graph {
    /// Every `impl` block by the module that declares its type (a type outside the crate
    /// is left out), read once the whole tree is known.
    pub(super) fn index_impls(&self) -> ImplIndex {
        let mut index = ImplIndex::new();
        for (name, module) in &self.modules {
            for (written, items) in &module.impls {
                let Some(type_name) = written.last() else {
                    continue;
                };
                let Some(declared) = self.resolve(name, written, 0) else {
                    continue;
                };
                index
                    .entry((declared, type_name.clone()))
                    .or_default()
                    .push((name.clone(), items.clone()));
            }
        }
        index
    }

    /// The module of the `impl` block that defines `item` on the type `type_name` that
    /// `declared` declares, when a block does.
    pub(super) fn associated(
        &self,
        declared: &str,
        type_name: &str,
        item: &str,
    ) -> Option<ModulePath> {
        self.impl_index
            .get(&(declared.to_owned(), type_name.to_owned()))?
            .iter()
            .find(|(_, items)| items.contains(item))
            .map(|(module, _)| module.clone())
    }

    /// Every path written in this crate that goes into the crate named `krate`, directly
    /// (`jing_api::SPEC`) or through a `use` of the module it is written in (`use
    /// jing_api::Client;` and then `Client::builder()`): the module of its file, and the
    /// path after the crate's name.
    pub fn paths_into(&self, krate: &str) -> Vec<(ModulePath, Vec<String>)> {
        let mut found = Vec::new();
        for module in self.modules.values() {
            for written in &module.paths {
                let mut path = written.clone();
                for _ in 0..4 {
                    let Some(used) = path.first().and_then(|first| module.uses.get(first)) else {
                        break;
                    };
                    if used.first() == path.first() {
                        break;
                    }
                    path = used.iter().chain(&path[1..]).cloned().collect();
                }
                if path.len() > 1 && path[0] == krate {
                    found.push((module.file.clone(), path[1..].to_vec()));
                }
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// The module (of its file) that `path`, written in another crate after this crate's
    /// name, names: `catalogue::ENDPOINTS` names `generated::catalogue` in jing-api, and
    /// `SPEC` names `generated` through the root's `pub use generated::*`.
    pub fn resolve_from_outside(&self, path: &[String]) -> Option<ModulePath> {
        let full: Vec<String> = std::iter::once("crate".to_owned())
            .chain(path.iter().cloned())
            .collect();
        let target = self.resolve("", &full, 0)?;
        Some(
            self.modules
                .get(&target)
                .map_or(target, |found| found.file.clone()),
        )
    }

    /// Each path the code of the crate root (not its `mod` and `use` declarations) writes
    /// into generated code, by any way of naming it (`Tables::SPEC` after `use
    /// tree::Tables`, `generated::probe::PROBES`).
    pub fn root_code_into_generated(&self) -> Vec<String> {
        let Some(root) = self.modules.get("") else {
            return Vec::new();
        };
        root.code_paths
            .iter()
            .filter(|path| self.first_generated("", path).is_some())
            .map(|path| path.join("::"))
            .collect()
    }

    /// The arrows into generated code: each module (of its file) and the generated modules
    /// (of their files) its paths name, each with the first path that does. A path counts
    /// when any prefix of it names generated code, so one that only goes *through* a
    /// generated module (`crate::webhook::EventEntry`, a runtime item the generated
    /// `webhook` module re-exports) is caught, as `oneway::into_generated_of` does for
    /// paths from another crate. [`Graph::arrows`] resolves whole paths only: the circles
    /// are about where an item is defined, this about how it is named.
    pub fn arrows_into_generated(&self) -> BTreeMap<ModulePath, BTreeMap<ModulePath, String>> {
        let mut arrows: BTreeMap<ModulePath, BTreeMap<ModulePath, String>> = BTreeMap::new();
        for (name, module) in &self.modules {
            let from = arrows.entry(module.file.clone()).or_default();
            for path in &module.paths {
                let Some(target) = self.first_generated(name, path) else {
                    continue;
                };
                if target != module.file {
                    from.entry(target).or_insert_with(|| path.join("::"));
                }
            }
        }
        arrows
    }

    /// The generated module (of its file) that `path`, written in `module`, names: the
    /// whole path's when it is one (`generated::catalogue` for
    /// `crate::generated::catalogue::X`), else the shortest prefix's that is one.
    fn first_generated(&self, module: &str, path: &[String]) -> Option<ModulePath> {
        std::iter::once(path.len())
            .chain(1..path.len())
            .filter_map(|end| self.resolve(module, &path[..end], 0))
            .map(|target| {
                self.modules
                    .get(&target)
                    .map_or(target, |found| found.file.clone())
            })
            .find(|target| target == "generated" || target.starts_with("generated::"))
    }
}
