//! The Jing Open Platform API V1, as a hand-kept YAML transcription of the vendor's docs.
//!
//! The YAML lives in `jing-spec/api/`: `api.yaml` for what is global, and one file per API
//! group, named `NN-key.yaml` (the number orders the groups as the docs do; the key names
//! the generated module). [`load`] reads a folder, [`load_sources`] reads texts; both parse,
//! validate and return a [`Spec`], or every problem found, each located by file, line,
//! column and key. Neither ever panics on bad input.
//!
//! - `model`: the serde types of the YAML.
//! - `load`: parsing, and the index of where every key sits.
//! - `validate`: the rules across nodes (duplicates, collisions, consistency).
//! - `names`: the one place that turns spec names into Rust names.

#![warn(missing_docs)]

mod error;
mod load;
pub mod model;
pub mod names;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use error::{SpecError, SpecErrors};
pub use load::Source;
pub use model::*;

use load::{Locations, parse};
use validate::Checker;

/// The name of the global file in a spec folder.
pub const API_FILE: &str = "api.yaml";

/// The name of the webhook events file in a spec folder (optional).
pub const WEBHOOKS_FILE: &str = "webhooks.yaml";

/// Reads, parses and validates the spec folder `dir` (`api.yaml` plus every other `*.yaml`).
pub fn load(dir: &Path) -> Result<Spec, SpecErrors> {
    let entries = std::fs::read_dir(dir).map_err(|error| {
        SpecErrors(vec![SpecError {
            file: dir.display().to_string(),
            line: 1,
            column: 1,
            key: "(folder)".to_owned(),
            message: format!("cannot read the spec folder: {error}"),
        }])
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    let mut errors = Vec::new();
    let mut api = None;
    let mut webhooks = None;
    let mut groups = Vec::new();
    for path in paths {
        let named = |wanted: &str| path.file_name().is_some_and(|name| name == wanted);
        match Source::read(&path) {
            Ok(source) if named(API_FILE) => api = Some(source),
            Ok(source) if named(WEBHOOKS_FILE) => webhooks = Some(source),
            Ok(source) => groups.push(source),
            Err(error) => errors.push(error),
        }
    }
    let Some(api) = api else {
        errors.push(SpecError {
            file: dir.join(API_FILE).display().to_string(),
            line: 1,
            column: 1,
            key: "(file)".to_owned(),
            message: "the spec folder has no api.yaml".to_owned(),
        });
        return Err(SpecErrors(errors));
    };
    match load_all(&api, &groups, webhooks.as_ref()) {
        Ok(spec) if errors.is_empty() => Ok(spec),
        Ok(_) => Err(SpecErrors(errors)),
        Err(SpecErrors(more)) => {
            errors.extend(more);
            Err(SpecErrors(errors))
        }
    }
}

/// Parses and validates `api` (the global file) and `groups` (one source per group, in
/// order; the key comes from the file stem without its `NN-` prefix).
pub fn load_sources(api: &Source, groups: &[Source]) -> Result<Spec, SpecErrors> {
    load_all(api, groups, None)
}

/// As [`load_sources`], plus `webhooks` (the text of `webhooks.yaml`).
pub fn load_sources_with_webhooks(
    api: &Source,
    groups: &[Source],
    webhooks: &Source,
) -> Result<Spec, SpecErrors> {
    load_all(api, groups, Some(webhooks))
}

fn load_all(
    api: &Source,
    groups: &[Source],
    webhooks: Option<&Source>,
) -> Result<Spec, SpecErrors> {
    let mut errors = Vec::new();
    let parsed_api = parse::<Api>(api).map_err(|error| errors.push(error)).ok();
    if let Some(parsed) = &parsed_api {
        validate::api(
            parsed,
            &mut Checker::new(&Locations::index(api), &mut errors),
        );
    }
    let auth_headers: BTreeSet<String> = parsed_api
        .iter()
        .flat_map(|api| api.auth.headers.iter().map(|param| param.name.clone()))
        .collect();
    let mut parsed_groups = Vec::new();
    let mut keys = BTreeMap::new();
    let mut endpoint_names = BTreeMap::new();
    let mut roles = BTreeMap::new();
    for source in groups {
        let Ok(body) = parse(source).map_err(|error| errors.push(error)) else {
            continue;
        };
        let group = Group {
            key: group_key(&source.path),
            file: source.path.clone(),
            body,
        };
        let locations = Locations::index(source);
        let mut check = Checker::new(&locations, &mut errors);
        validate::group(&group, &auth_headers, &mut check);
        // Rules across files: group keys, endpoint names and roles are unique in the spec.
        let here = |key: &str| format!("{}: {key}", source.path);
        if let Some(first) = keys.insert(group.key.clone(), here("(file name)")) {
            errors.push(locations.error(
                "(file name)",
                format!("group key `{}` is already used by {first}", group.key),
            ));
        }
        for (index, endpoint) in group.endpoints.iter().enumerate() {
            let key = format!("endpoints[{index}]");
            if let Some(first) = endpoint_names.insert(endpoint.name.clone(), here(&key)) {
                errors.push(locations.error(
                    &format!("{key}.name"),
                    format!("endpoint `{}` is already defined at {first}", endpoint.name),
                ));
            }
            if let Some(role) = endpoint.role {
                if let Some(first) = roles.insert(role.as_str(), here(&key)) {
                    errors.push(locations.error(
                        &format!("{key}.role"),
                        format!("role `{}` is already taken by {first}", role.as_str()),
                    ));
                }
            }
        }
        parsed_groups.push(group);
    }
    let parsed_webhooks = webhooks.and_then(|source| {
        let parsed = parse::<Webhooks>(source)
            .map_err(|error| errors.push(error))
            .ok()?;
        let locations = Locations::index(source);
        validate::webhooks(&parsed, &mut Checker::new(&locations, &mut errors));
        Some(parsed)
    });
    match parsed_api {
        Some(api) if errors.is_empty() => Ok(Spec {
            api,
            groups: parsed_groups,
            webhooks: parsed_webhooks,
        }),
        _ => {
            // Files in the order given, and within a file top to bottom.
            let order: Vec<&str> = std::iter::once(api)
                .chain(groups)
                .chain(webhooks)
                .map(|source| source.path.as_str())
                .collect();
            let rank = |file: &str| {
                order
                    .iter()
                    .position(|path| *path == file)
                    .unwrap_or(order.len())
            };
            errors.sort_by_key(|error| (rank(&error.file), error.line, error.column));
            Err(SpecErrors(errors))
        }
    }
}

/// `api/14-customer.yaml` gives `customer`.
fn group_key(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.split_once('-') {
        Some((order, key)) if order.chars().all(|c| c.is_ascii_digit()) => key.to_owned(),
        _ => stem,
    }
}
