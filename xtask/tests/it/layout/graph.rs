//! The module import graph of one crate target, read from its hand-written sources with
//! `syn`: the module tree follows the `mod` declarations from the target's root file
//! (generated code included, as cargo-modules reads it: a circle through `generated/` is a
//! circle), and a module imports another when it names it in a path that starts with
//! `crate::`, `super::`, `self::` or the crate's own name (`extern crate self as
//! jing_api`), in a `use` (grouped or not, wherever it stands) or in
//! code (macro arguments included, but for `quote!`'s, which write generated code). A path that names an item is followed to the module
//! that defines it, through the `use` declarations (re-exports, globs) of the modules it
//! passes, and `Type::ITEM` to the module of the `impl` block that defines `ITEM`
//! (`items.rs`, which also reads the paths into another crate of the workspace). A name
//! used from a module's own children (`mod x;` and then `x::f()` or `pub
//! use x::Thing`) is an import like any other: a child that imports from its parent (or an
//! ancestor) while the parent imports from it is a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

/// A module path inside its crate: `validate::endpoint`, or empty for the crate root.
pub type ModulePath = String;

/// What one module holds that the graph needs.
#[derive(Debug, Default)]
struct Module {
    /// The names it defines (items and child modules).
    defines: BTreeSet<String>,
    /// The names its `use` declarations bring in, each with the path it names.
    uses: BTreeMap<String, Vec<String>>,
    /// Those of [`Module::uses`] its `pub use` declarations re-export (what a glob import
    /// of it sees, beside what it defines).
    public: BTreeSet<String>,
    /// The paths its glob imports (`use a::*`) name.
    globs: Vec<Vec<String>>,
    /// Every path of it that starts with `crate`, `super` or `self`, or with any other
    /// name (which makes an arrow only where that name is one of its child modules).
    paths: Vec<Vec<String>>,
    /// The module of the file it is written in: itself, or for an inline module (`mod
    /// tests { … }`) the module of its file, which its arrows are counted for.
    file: ModulePath,
    /// Its `impl` blocks: each one's type as written and the names its items define.
    impls: Vec<(Vec<String>, BTreeSet<String>)>,
    /// Those of [`Module::paths`] written in code, not in a `use` declaration.
    code_paths: Vec<Vec<String>>,
}

/// The modules of one crate target and the arrows between them.
#[derive(Debug, Default)]
pub struct Graph {
    modules: BTreeMap<ModulePath, Module>,
    /// The name the crate gives itself (`extern crate self as jing_api;`): a path that
    /// starts with it stays in the crate, as one that starts with `crate` does.
    self_name: Option<String>,
    /// The `#[macro_export]` macros, each with the module it is written in: the crate root
    /// shows them (`crate::__macro!`), the module that writes them is what a user needs.
    exported_macros: BTreeMap<String, ModulePath>,
    /// The `impl` blocks by the type they are for (`items.rs`).
    impl_index: items::ImplIndex,
    /// The files that could not be read or parsed, each with why.
    pub problems: Vec<String>,
}

fn child(parent: &str, name: &str) -> ModulePath {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}::{name}")
    }
}

fn parent(module: &str) -> Option<ModulePath> {
    if module.is_empty() {
        return None;
    }
    Some(module.rsplit_once("::").map_or("", |(up, _)| up).to_owned())
}

/// The file a `#[path = "…"]` attribute names, if the module has one.
fn path_attribute(attributes: &[syn::Attribute]) -> Option<String> {
    attributes
        .iter()
        .filter(|attribute| attribute.path().is_ident("path"))
        .find_map(|attribute| match &attribute.meta {
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
}

/// Whether `attributes` hold `#[cfg(test)]` or `#[cfg(all(test, …))]`.
fn is_test_only(attributes: &[syn::Attribute]) -> bool {
    attributes.iter().any(|attribute| {
        if !attribute.path().is_ident("cfg") {
            return false;
        }
        let Ok(args) = attribute.parse_args::<TokenStream>() else {
            return false;
        };
        let tokens: Vec<TokenTree> = args.into_iter().collect();
        match tokens.as_slice() {
            [TokenTree::Ident(ident)] => ident == "test",
            [TokenTree::Ident(all), TokenTree::Group(group)] if all == "all" => group
                .stream()
                .into_iter()
                .any(|token| matches!(token, TokenTree::Ident(ident) if ident == "test")),
            _ => false,
        }
    })
}

/// Whether `attributes` hold `#[macro_export]`.
fn is_exported_macro(attributes: &[syn::Attribute]) -> bool {
    attributes
        .iter()
        .any(|attribute| attribute.path().is_ident("macro_export"))
}

impl Graph {
    /// The graph of the target whose root file is `root` (`src/lib.rs`, `src/main.rs`).
    pub fn of_target(root: &Path) -> Graph {
        let mut graph = Graph::default();
        let dir = root.parent().unwrap_or(Path::new(".")).to_path_buf();
        graph.read_file(String::new(), root, &dir);
        graph.impl_index = graph.index_impls();
        graph
    }

    /// Reads the module `module` from `file`; its `mod x;` children are looked for in `dir`.
    fn read_file(&mut self, module: ModulePath, file: &Path, dir: &Path) {
        self.modules.entry(module.clone()).or_default().file = module.clone();
        let parsed = std::fs::read_to_string(file)
            .map_err(|error| error.to_string())
            .and_then(|text| syn::parse_file(&text).map_err(|error| error.to_string()));
        match parsed {
            Ok(parsed) => self.read_items(&module, &parsed.items, dir),
            Err(error) => self.problems.push(format!("{}: {error}", file.display())),
        }
    }

    fn read_items(&mut self, module: &str, items: &[syn::Item], dir: &Path) {
        for item in items {
            match item {
                // Unit tests sit at the bottom of the module they test and may reach the
                // crate through its front door; the arrows that make the design are the
                // code's, so a `#[cfg(test)]` module is not read.
                syn::Item::Mod(declared) if is_test_only(&declared.attrs) => {}
                syn::Item::Mod(declared) => self.read_mod(module, declared, dir),
                syn::Item::Use(used) => {
                    let public = !matches!(used.vis, syn::Visibility::Inherited);
                    self.read_use(module, &[], &used.tree, public);
                }
                syn::Item::ExternCrate(named) if named.ident == "self" => {
                    if let Some((_, name)) = &named.rename {
                        self.self_name = Some(name.to_string());
                    }
                }
                syn::Item::Macro(declared) if is_exported_macro(&declared.attrs) => {
                    if let Some(name) = &declared.ident {
                        let name = name.to_string();
                        self.exported_macros.insert(name.clone(), module.to_owned());
                        self.module(module).defines.insert(name);
                    }
                    self.scan(module, declared.to_token_stream());
                }
                syn::Item::Impl(block) if !is_test_only(&block.attrs) => {
                    if let Some(found) = items::impl_block(block) {
                        self.module(module).impls.push(found);
                    }
                    self.scan(module, block.to_token_stream());
                }
                other => {
                    if let Some(name) = items::defined_name(other) {
                        self.module(module).defines.insert(name);
                    }
                    self.scan(module, other.to_token_stream());
                }
            }
        }
    }

    fn read_mod(&mut self, module: &str, declared: &syn::ItemMod, dir: &Path) {
        let name = declared.ident.to_string();
        self.module(module).defines.insert(name.clone());
        let inner = child(module, &name);
        match &declared.content {
            Some((_, items)) => {
                let file = self.module(module).file.clone();
                self.modules.entry(inner.clone()).or_default().file = file;
                self.read_items(&inner, items, &dir.join(&name));
            }
            None if path_attribute(&declared.attrs).is_some() => {
                // `#[path = "…"]`: the file it names, read relative to `dir` (where the
                // declaring crate root or `mod.rs` lies, the only places it is used here).
                let file = dir.join(path_attribute(&declared.attrs).unwrap_or_default());
                let children = if file.file_name().is_some_and(|name| name == "mod.rs") {
                    file.parent().map(Path::to_path_buf).unwrap_or_default()
                } else {
                    file.with_extension("")
                };
                self.read_file(inner, &file, &children);
            }
            None => {
                let flat = dir.join(format!("{name}.rs"));
                let file = if flat.is_file() {
                    flat
                } else {
                    dir.join(&name).join("mod.rs")
                };
                self.read_file(inner, &file, &dir.join(&name));
            }
        }
    }

    fn module(&mut self, module: &str) -> &mut Module {
        self.modules.entry(module.to_owned()).or_default()
    }

    /// Records what a `use` tree brings in under `prefix`.
    fn read_use(&mut self, module: &str, prefix: &[String], tree: &syn::UseTree, public: bool) {
        let mut path = prefix.to_vec();
        match tree {
            syn::UseTree::Path(step) => {
                path.push(step.ident.to_string());
                self.read_use(module, &path, &step.tree, public);
            }
            syn::UseTree::Name(name) => {
                let name = name.ident.to_string();
                // `use a::b::{self}` names `b`.
                let binding = if name == "self" {
                    path.last().cloned().unwrap_or_default()
                } else {
                    path.push(name.clone());
                    name
                };
                self.bring(module, binding, path, public);
            }
            syn::UseTree::Rename(rename) => {
                if rename.ident != "self" {
                    path.push(rename.ident.to_string());
                }
                self.bring(module, rename.rename.to_string(), path, public);
            }
            syn::UseTree::Glob(_) => {
                self.note_path(module, &path);
                self.module(module).globs.push(path);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.read_use(module, &path, tree, public);
                }
            }
        }
    }

    fn bring(&mut self, module: &str, binding: String, path: Vec<String>, public: bool) {
        self.note_path(module, &path);
        if public {
            self.module(module).public.insert(binding.clone());
        }
        self.module(module).uses.insert(binding, path);
    }

    /// Keeps a path to resolve later (when every child module is known): one that leaves
    /// the crate resolves to nothing and makes no arrow.
    fn note_path(&mut self, module: &str, path: &[String]) {
        if !path.is_empty() {
            self.module(module).paths.push(path.to_vec());
        }
    }

    /// Every path in `tokens` of two names or more (`crate::a::B`, `child::f`), and every
    /// `use` among them (inside a function body, say), parsed as one.
    fn scan(&mut self, module: &str, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let mut at = 0;
        while at < tokens.len() {
            match &tokens[at] {
                TokenTree::Group(group) => {
                    // `pub(in crate::x)` restricts who sees an item; it imports nothing.
                    let restriction = group.delimiter() == Delimiter::Parenthesis
                        && at > 0
                        && matches!(&tokens[at - 1], TokenTree::Ident(ident) if ident == "pub");
                    if !restriction {
                        self.scan(module, group.stream());
                    }
                    at += 1;
                }
                // `quote!(crate::table::Row)` writes generated code; it imports nothing.
                TokenTree::Ident(ident)
                    if (ident == "quote" || ident == "quote_spanned")
                        && matches!(tokens.get(at + 1), Some(TokenTree::Punct(punct)) if punct.as_char() == '!') =>
                {
                    at += 3;
                }
                TokenTree::Ident(ident) if ident == "use" => {
                    let end = (at..tokens.len())
                        .find(|&end| matches!(&tokens[end], TokenTree::Punct(punct) if punct.as_char() == ';'))
                        .unwrap_or(tokens.len() - 1);
                    let statement: TokenStream = tokens[at..=end].iter().cloned().collect();
                    match syn::parse2::<syn::ItemUse>(statement) {
                        Ok(used) => self.read_use(module, &[], &used.tree, false),
                        Err(_) => self.scan(module, tokens[at + 1..=end].iter().cloned().collect()),
                    }
                    at = end + 1;
                }
                // A path starts at a name that does not follow `::` (the tail of a
                // longer path, `<T as U>::f`) or `.` (a field or method); one after a
                // single `:` (`field: crate::a::B`, `x: crate::T`) starts a path.
                TokenTree::Ident(_) if at == 0 || !follows_path_or_dot(&tokens, at) => {
                    let (path, next) = path_at(&tokens, at);
                    if path.len() > 1 {
                        self.note_path(module, &path);
                        self.module(module).code_paths.push(path);
                    }
                    at = next;
                }
                _ => at += 1,
            }
        }
    }

    /// The arrows of the graph between the modules of files: each module and the modules
    /// it imports (itself left out), each with the first path that makes the arrow.
    pub fn arrows(&self) -> BTreeMap<ModulePath, BTreeMap<ModulePath, String>> {
        let mut arrows: BTreeMap<ModulePath, BTreeMap<ModulePath, String>> = BTreeMap::new();
        for (name, module) in &self.modules {
            let from = arrows.entry(module.file.clone()).or_default();
            for path in &module.paths {
                let Some(target) = self.resolve(name, path, 0) else {
                    continue;
                };
                let target = self
                    .modules
                    .get(&target)
                    .map_or(target, |found| found.file.clone());
                if target != module.file {
                    from.entry(target).or_insert_with(|| path.join("::"));
                }
            }
        }
        arrows
    }

    /// The module a path written in `module` names (the module that defines the item it
    /// ends in); `None` for a path that leaves the crate.
    fn resolve(&self, module: &str, path: &[String], depth: usize) -> Option<ModulePath> {
        let (mut current, rest) = match path.first().map(String::as_str) {
            Some("crate") => (String::new(), &path[1..]),
            Some(first) if self.self_name.as_deref() == Some(first) => (String::new(), &path[1..]),
            Some("self") => (module.to_owned(), &path[1..]),
            Some("super") => {
                let mut current = module.to_owned();
                let mut rest = path;
                while rest.first().is_some_and(|segment| segment == "super") {
                    current = parent(&current)?;
                    rest = &rest[1..];
                }
                (current, rest)
            }
            // A path relative to `module`: one of its children, an item it defines
            // (`Tables::SPEC`), one its `use` declarations bring in (followed), or outside
            // the crate.
            Some(first) if self.modules.contains_key(&child(module, first)) => {
                (module.to_owned(), path)
            }
            Some(first) if path.len() > 1 && depth < 16 => {
                let found = self.modules.get(module)?;
                if let Some(used) = found.uses.get(first).filter(|used| used.len() > 1) {
                    let followed: Vec<String> = used.iter().chain(&path[1..]).cloned().collect();
                    return self.resolve(module, &followed, depth + 1);
                }
                if !found.defines.contains(first) {
                    return None;
                }
                (module.to_owned(), path)
            }
            _ => return None,
        };
        for (at, segment) in rest.iter().enumerate() {
            let inner = child(&current, segment);
            if self.modules.contains_key(&inner) {
                current = inner;
                continue;
            }
            // A module brought in by a `use` or a glob (`pub use generated::*` and then
            // `crate::catalogue::X`): the path goes on inside it.
            let holder = self.defining(&current, segment, depth);
            let named = child(&holder, segment);
            if holder == *segment || holder.ends_with(&format!("::{segment}")) {
                current = holder;
            } else if holder != current && self.modules.contains_key(&named) {
                current = named;
            } else {
                // `Type::ITEM`: the module of the `impl` block that defines `ITEM`, which
                // may be another than the type's (a generated one).
                let item = rest.get(at + 1);
                let block = item.and_then(|item| self.associated(&holder, segment, item));
                return Some(block.unwrap_or(holder));
            }
        }
        Some(current)
    }

    /// The module that defines `name` as `module` sees it: its own, or where its `use`
    /// declarations (named or glob) bring it from.
    fn defining(&self, module: &str, name: &str, depth: usize) -> ModulePath {
        let Some(found) = self.modules.get(module).filter(|_| depth < 16) else {
            return module.to_owned();
        };
        if found.defines.contains(name) {
            return module.to_owned();
        }
        if let Some(written) = self.exported_macros.get(name).filter(|_| module.is_empty()) {
            return written.clone();
        }
        if let Some(path) = found.uses.get(name) {
            return self
                .resolve(module, path, depth + 1)
                .unwrap_or_else(|| module.to_owned());
        }
        for glob in &found.globs {
            let Some(from) = self.resolve(module, glob, depth + 1) else {
                continue;
            };
            let holder = self.modules.get(&from);
            if holder
                .is_some_and(|holder| holder.defines.contains(name) || holder.public.contains(name))
            {
                return self.defining(&from, name, depth + 1);
            }
        }
        module.to_owned()
    }
}

/// Whether `tokens[at]` follows `::` or `.`, so it continues a path or names a field or
/// method rather than starting a path.
fn follows_path_or_dot(tokens: &[TokenTree], at: usize) -> bool {
    let punct = |index: usize| match tokens.get(index) {
        Some(TokenTree::Punct(punct)) => Some((punct.as_char(), punct.spacing())),
        _ => None,
    };
    match at.checked_sub(1).and_then(punct) {
        Some(('.', _)) => true,
        Some((':', _)) => at
            .checked_sub(2)
            .and_then(punct)
            .is_some_and(|(char, spacing)| char == ':' && spacing == proc_macro2::Spacing::Joint),
        _ => false,
    }
}

/// The path that starts at `tokens[at]` (`crate :: a :: B`) and the index after it.
fn path_at(tokens: &[TokenTree], at: usize) -> (Vec<String>, usize) {
    let mut path = vec![tokens[at].to_string()];
    let mut next = at + 1;
    loop {
        let colons = matches!(
            (tokens.get(next), tokens.get(next + 1)),
            (Some(TokenTree::Punct(first)), Some(TokenTree::Punct(second)))
                if first.as_char() == ':' && second.as_char() == ':'
        );
        match tokens.get(next + 2) {
            Some(TokenTree::Ident(ident)) if colons => {
                path.push(ident.to_string());
                next += 3;
            }
            _ => return (path, next),
        }
    }
}

mod items;
pub use items::target_roots;
#[cfg(test)]
mod tests;
