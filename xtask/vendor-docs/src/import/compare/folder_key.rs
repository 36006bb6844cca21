//! A key for the new group of a docs folder whose title gives none (a folder named in
//! Chinese only: no snake_case key can be made from `群管理接口`), from what its pages
//! say: the last path segment every page of the folder shares before its own last one
//! (`/finder/v2/api/group/getChatroomQrCode` gives `group`), skipping versions (`v2`),
//! `api` and placeholders, in snake_case, when it is a key a new group can take (the
//! validator's rules, no group's already). `import` proposes `group add` with it, so the
//! proposal can be pasted as it is; the keys proposed in one run are distinct (a folder's
//! English title first, then paths: `File/Upload` keeps `upload`, and a folder whose paths
//! are `/alibaba/upload/…` is proposed `alibaba`).

use std::collections::{BTreeMap, HashMap};

use heck::ToSnakeCase;
use jing_spec::Spec;
use jing_spec::names::{command_name, field_name, reserved};

use crate::import::facts::Facts;
use crate::import::read::title::split_title;

/// For each folder of `pages` (as the page names it) that names no group of `spec`, the
/// key proposed for its new group, distinct within the run: its English title's key
/// first, else the last of its paths' shared segments no other folder took; `None` when
/// none is left (the command then says to type one).
pub(super) fn proposals<'f>(
    spec: &Spec,
    pages: impl IntoIterator<Item = &'f Facts>,
) -> HashMap<String, Option<String>> {
    let mut paths: BTreeMap<&str, Vec<Vec<&str>>> = BTreeMap::new();
    for facts in pages {
        let Some(folder) = facts.folder.as_deref() else {
            continue;
        };
        if folder_group(spec, folder).is_some() {
            continue;
        }
        let segments = facts.path.as_deref().map(|path| {
            let segments = path.split('/').filter(|part| !part.is_empty());
            segments.collect::<Vec<&str>>()
        });
        paths
            .entry(folder)
            .or_default()
            .extend(segments.filter(|segments| !segments.is_empty()));
    }
    let mut taken: Vec<String> = spec.groups.iter().map(|group| group.key.clone()).collect();
    let mut chosen: HashMap<String, Option<String>> = HashMap::new();
    // A folder's own title names its group before another folder's paths do.
    for folder in paths.keys() {
        let (_, en) = last_part(folder);
        let groups: Vec<&str> = taken.iter().map(String::as_str).collect();
        let key =
            crate::group::proposed_key(en.as_deref()).filter(|key| new_group_key(&groups, key));
        if let Some(key) = key {
            taken.push(key.clone());
            chosen.insert((*folder).to_owned(), Some(key));
        }
    }
    for (folder, paths) in &paths {
        if chosen.contains_key(*folder) {
            continue;
        }
        let groups: Vec<&str> = taken.iter().map(String::as_str).collect();
        let key = key_of(&groups, paths);
        taken.extend(key.clone());
        chosen.insert((*folder).to_owned(), key);
    }
    chosen
}

/// The last part of a nested folder (`核心 API/群管理`), as titles: the one `group add` is
/// proposed with.
pub(super) fn last_part(folder: &str) -> (String, Option<String>) {
    split_title(folder.rsplit('/').next().unwrap_or(folder).trim())
}

/// The group a page's folder names: one titled as the whole folder or its last part (an
/// empty title is matched by nothing, and an empty folder names no group).
pub(super) fn folder_group<'a>(spec: &'a Spec, folder: &str) -> Option<&'a jing_spec::Group> {
    [split_title(folder), last_part(folder)]
        .into_iter()
        .find_map(|(zh, en)| {
            spec.groups.iter().find(|group| {
                (!zh.is_empty() && group.title.zh == zh)
                    || en
                        .as_deref()
                        .is_some_and(|en| !en.is_empty() && group.title.en == en)
            })
        })
}

/// The key the shared segments of `paths` give: the last one that makes a key a new group
/// beside `groups` (their keys) can take.
fn key_of(groups: &[&str], paths: &[Vec<&str>]) -> Option<String> {
    let first = paths.first()?;
    // Every path's segments but its last (the call's own name).
    let shared = paths
        .iter()
        .fold(first.len().saturating_sub(1), |len, path| {
            let own = path.len().saturating_sub(1);
            first[..len.min(own)]
                .iter()
                .zip(path)
                .take_while(|(a, b)| a == b)
                .count()
        });
    first[..shared]
        .iter()
        .rev()
        .filter(|segment| telling(segment))
        .map(|segment| segment.to_snake_case())
        .find(|key| new_group_key(groups, key))
}

/// Whether a word of a path names no thing: a version (`v2`) or `api` (`apis`,
/// `openapi`, `open`); group keys and method names do without it.
pub(crate) fn api_or_version(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let version = lower.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    });
    version || ["api", "apis", "openapi", "open"].contains(&lower.as_str())
}

/// Whether a path segment may name a group: no version (`v2`), no `api`, no placeholder
/// (`{id}`, `BASE_URL`, `:id`) and no file name (`list.json`).
fn telling(segment: &str) -> bool {
    let placeholder = segment.contains(['{', '}', '$', '<', ':', '.'])
        || (segment.chars().any(|c| c.is_ascii_uppercase())
            && segment
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'));
    !api_or_version(segment) && !placeholder
}

/// Whether `key` is one a new group can take beside `groups` (their keys): a snake_case
/// name no keyword, module, crate, feature, client method or command of the crate has, no
/// group's key, no placeholder.
pub(crate) fn new_group_key(groups: &[&str], key: &str) -> bool {
    let module = field_name(key);
    jing_spec::name_problem(key).is_none()
        && module == key
        && !reserved::CRATE_MODULES.contains(&key)
        && !reserved::EXTERN_CRATES.contains(&key)
        && !reserved::CRATE_FEATURES.contains(&key)
        && !reserved::CLIENT_METHODS.contains(&key)
        && !reserved::CLI_COMMANDS.contains(&command_name(key).as_str())
        && !crate::group::is_placeholder_key(key)
        && !groups.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(paths: &[&str]) -> Option<String> {
        let paths: Vec<Vec<&str>> = paths
            .iter()
            .map(|path| path.split('/').filter(|part| !part.is_empty()).collect())
            .collect();
        key_of(&["shelf"], &paths)
    }

    #[test]
    fn the_last_shared_segment_names_the_folder() {
        assert_eq!(
            key(&["/shelf/v2/api/rack/getRackCode"]),
            Some("rack".into())
        );
        assert_eq!(
            key(&["/v1/rack/list", "/v1/rack/{rackId}/count"]),
            Some("rack".into())
        );
        assert_eq!(
            key(&["/hub/rack/list", "/hub/bin/list"]),
            Some("hub".into())
        );
        assert_eq!(key(&["/open/v1/boxTrack/get"]), Some("box_track".into()));
        // Nothing shared that can name a group: no proposal.
        assert_eq!(key(&["/v1/rack/list", "/v2/bin/list"]), None);
        assert_eq!(key(&["/BASE_URL/v1/list"]), None);
        assert_eq!(key(&["/list"]), None);
        // A module of the crate, or a group's key already, is no new group's key.
        assert_eq!(key(&["/config/list"]), None);
        assert_eq!(key(&["/shelf/list"]), None);
    }
}
