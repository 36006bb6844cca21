//! Which spec endpoint a page is about: by method and path, else by its Chinese title
//! (catalogued endpoints have one; a page titled in English only, by its English title),
//! else it is new to a group: the one named by `--group`, or the one whose title is the
//! page's folder. The spec is indexed once ([`Matcher`]), so matching a page costs the same
//! however many endpoints the spec has.

use std::collections::HashMap;

use jing_spec::{Endpoint, Group, Spec};

use crate::import::facts::Facts;

/// Where a page's facts belong in the spec.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The group file.
    pub group: &'a Group,
    /// The endpoint, or `None` for an endpoint new to the group.
    pub endpoint: Option<&'a Endpoint>,
}

/// Finds where `facts` belong; `group` is `--group` when given. For many pages, build a
/// [`Matcher`] once instead.
pub fn find<'a>(spec: &'a Spec, facts: &Facts, group: Option<&str>) -> Result<Target<'a>, String> {
    Matcher::new(spec).find(facts, group)
}

/// The spec's endpoints indexed by route and by Chinese title, so that matching a page
/// costs the same however many endpoints the spec has.
#[derive(Debug)]
pub struct Matcher<'a> {
    spec: &'a Spec,
    by_route: HashMap<(&'static str, &'a str), Target<'a>>,
    by_title: HashMap<String, Target<'a>>,
    by_title_en: HashMap<String, Target<'a>>,
    /// The key proposed for each folder from its pages' paths (`folder_key.rs`), for a
    /// folder whose title gives none.
    folder_keys: HashMap<String, Option<String>>,
}

/// A title without white space, as titles are compared.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

impl<'a> Matcher<'a> {
    /// Indexes `spec` (the first endpoint of a route or title wins, in spec order).
    pub fn new(spec: &'a Spec) -> Self {
        let mut by_route = HashMap::new();
        let mut by_title = HashMap::new();
        let mut by_title_en = HashMap::new();
        for (group, endpoint) in spec.endpoints() {
            let target = Target {
                group,
                endpoint: Some(endpoint),
            };
            if let (Some(method), Some(path)) = (endpoint.method, endpoint.path.as_deref()) {
                by_route.entry((method.as_str(), path)).or_insert(target);
            }
            by_title
                .entry(squeeze(&endpoint.title.zh))
                .or_insert(target);
            by_title_en
                .entry(squeeze(&endpoint.title.en).to_lowercase())
                .or_insert(target);
        }
        Matcher {
            spec,
            by_route,
            by_title,
            by_title_en,
            folder_keys: HashMap::new(),
        }
    }

    /// The matcher proposing `keys` (by folder, as pages name it) for new groups whose
    /// folder's title gives no key.
    pub fn with_folder_keys(mut self, keys: HashMap<String, Option<String>>) -> Self {
        self.folder_keys = keys;
        self
    }

    /// Where `facts` belong: by method and path, else by Chinese title (English, when the page
    /// has only that), else new to the group `--group` names (`group`) or the one the page's
    /// folder names.
    pub fn find(&self, facts: &Facts, group: Option<&str>) -> Result<Target<'a>, String> {
        let by_route = facts
            .method
            .zip(facts.path.as_deref())
            .and_then(|(method, path)| self.by_route.get(&(method.as_str(), path)));
        // A page with no Chinese title (an English-only one) is matched by its English one.
        let by_title = || {
            let (index, title) = match squeeze(&facts.title_zh) {
                zh if !zh.is_empty() => (&self.by_title, zh),
                _ => (
                    &self.by_title_en,
                    squeeze(facts.title_en.as_deref().unwrap_or_default()).to_lowercase(),
                ),
            };
            (!title.is_empty()).then(|| index.get(&title)).flatten()
        };
        if let Some(target) = by_route.or_else(by_title) {
            return Ok(*target);
        }
        let spec = self.spec;
        // `--group` places every new endpoint, whatever its folder; without it, the page's
        // folder names its group when a group has that title (an empty title is matched by
        // nothing, and an empty folder names no group).
        // A nested folder (`核心 API/群管理`) names its group by its whole path or by its
        // last part, the title `group add` is proposed with.
        let folder = facts.folder.as_deref().map(super::folder_key::last_part);
        let by_folder = facts
            .folder
            .as_deref()
            .and_then(|folder| super::folder_key::folder_group(spec, folder));
        if let Some(key) = group {
            return spec
                .groups
                .iter()
                .find(|group| group.key == key)
                .map(|group| Target {
                    group,
                    endpoint: None,
                })
                .ok_or_else(|| {
                    let keys: Vec<&str> =
                        spec.groups.iter().map(|group| group.key.as_str()).collect();
                    let (zh, en) = folder.clone().unwrap_or_default();
                    format!(
                        "--group `{key}` is not a group of the spec; the groups are {}; to add it: `{}`",
                        keys.join(", "),
                        crate::group::add_command(Some(key), Some(&zh), en.as_deref())
                    )
                });
        }
        by_folder
            .map(|group| Target {
                group,
                endpoint: None,
            })
            .ok_or_else(|| self.needs_group(facts, folder))
    }

    /// What a page new to the spec whose folder names no group needs: `--group`, or the
    /// `group add` of its folder, with the key its title or its folder's paths give (or
    /// saying which part to type).
    fn needs_group(&self, facts: &Facts, folder: Option<(String, Option<String>)>) -> String {
        let spec = self.spec;
        let (zh, en) = folder.unwrap_or_default();
        let groups: Vec<&str> = spec.groups.iter().map(|group| group.key.as_str()).collect();
        // The run's proposals are distinct (`folder_key.rs`); a matcher without them
        // proposes the title's key.
        let proposed = facts
            .folder
            .as_deref()
            .and_then(|folder| self.folder_keys.get(folder));
        let key = match proposed {
            Some(key) => key.clone(),
            None => crate::group::proposed_key(en.as_deref())
                .filter(|key| super::folder_key::new_group_key(&groups, key)),
        };
        let type_key = if facts.folder.is_none() {
            " (type the group's own snake_case key, its module `jing_api::…`, in place of KEY, and its titles in place of the quoted ones)"
        } else if key.is_none() {
            " (no key can be made from the folder's title or its pages' paths: type the group's own snake_case key, its module `jing_api::…`, in place of KEY)"
        } else {
            ""
        };
        // A page without a folder (apifox's root) has no title to propose: the command
        // says where the group's titles go.
        let (folder, command) = match facts.folder.as_deref() {
            Some(folder) => (
                format!("its folder `{folder}` names no group"),
                crate::group::add_command(key.as_deref(), Some(&zh), en.as_deref()),
            ),
            None => (
                "the page names no folder".to_owned(),
                format!(
                    "{} --zh '中文标题' --en 'English title'",
                    crate::group::add_command(key.as_deref(), None, None)
                ),
            ),
        };
        format!(
            "needs --group KEY: `{}` ({} {}) is new to the spec, and {folder}; for a group of its own: `{command}`{type_key}",
            facts.title(),
            facts.method.map_or("?", |method| method.as_str()),
            facts.path.as_deref().unwrap_or("?"),
        )
    }
}
