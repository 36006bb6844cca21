//! The `cargo xtask import` command: arguments, and one pass over the files given.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::{Value, json};

use super::diff::{self, Target};
use super::facts::Facts;
use super::write;

/// What to do with the facts read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Print each endpoint as the spec would hold it, and its fact diff.
    Show,
    /// Fail when any fact differs from the spec.
    Check,
    /// Merge the facts into the group files.
    Write,
}

/// The arguments of `cargo xtask import`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The saved pages or exports.
    pub files: Vec<PathBuf>,
    /// The group of endpoints new to the spec, when their folder names none.
    pub group: Option<String>,
    /// Show, check or write.
    pub action: Action,
    /// Print `{"endpoints": [...]}` instead of text.
    pub json: bool,
    /// Another spec folder than `jing-spec/api` (the synthetic fixture's, say).
    pub spec: Option<PathBuf>,
}

impl Options {
    /// Reads `FILE... [--group KEY] [--write | --check] [--json] [--spec DIR]`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Options {
            files: Vec::new(),
            group: None,
            action: Action::Show,
            json: false,
            spec: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--group" => {
                    let key = args.next().ok_or("--group needs a group key")?;
                    options.group = Some(key.clone());
                }
                "--write" | "--check" if options.action != Action::Show => {
                    return Err("--write and --check exclude each other".to_owned());
                }
                "--write" => options.action = Action::Write,
                "--check" => options.action = Action::Check,
                "--json" => options.json = true,
                "--spec" => {
                    let dir = args.next().ok_or("--spec needs a spec folder")?;
                    options.spec = Some(PathBuf::from(dir));
                }
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
                file => options.files.push(PathBuf::from(file)),
            }
        }
        if options.files.is_empty() {
            return Err("name at least one saved page or export".to_owned());
        }
        Ok(options)
    }
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The text (or JSON) to print.
    pub output: String,
    /// How many facts differ from the spec, over every endpoint read.
    pub differences: usize,
    /// The group files written.
    pub written: Vec<String>,
}

/// Imports `options.files` against the spec folder `spec_dir`.
pub fn run(spec_dir: &Path, options: &Options) -> anyhow::Result<Outcome> {
    let spec = jing_spec::load(&jing_spec::Sources::dir(spec_dir))
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .context("the spec must load before pages are compared with it")?;
    let auth_headers = spec.api.auth.header_names();
    let mut outcome = Outcome::default();
    let mut entries = Vec::new();
    // Group files as merged so far, so several pages can land in one file.
    let mut pending: BTreeMap<String, String> = BTreeMap::new();
    for file in &options.files {
        let name = file.display().to_string();
        let text = std::fs::read(file)
            .with_context(|| format!("{name}: cannot read the file"))
            .and_then(|bytes| {
                String::from_utf8(bytes)
                    .map_err(|_| anyhow::anyhow!("{name}: (file): not UTF-8 text"))
            })?;
        let (format, pages) = super::read(&name, &text)?;
        for facts in pages {
            let target = diff::find(&spec, &facts, options.group.as_deref())
                .map_err(|message| anyhow::anyhow!("{name}: {message}"))?;
            let ours = target.endpoint.map(Facts::of_spec);
            let changes = diff::changes(ours.as_ref().unwrap_or(&Facts::titled("")), &facts);
            outcome.differences += changes.len();
            let group_file = target.group.file.clone();
            let current = match pending.get(&group_file) {
                Some(text) => text.clone(),
                None => std::fs::read_to_string(&group_file)
                    .with_context(|| format!("cannot read {group_file}"))?,
            };
            let (merged, yaml) = write::merge(&current, &target, &facts, &auth_headers)
                .map_err(|message| anyhow::anyhow!("{name}: {group_file}: {message}"))?;
            pending.insert(group_file, merged);
            if options.json {
                entries.push(entry_json(&facts, &target));
            } else {
                report(
                    &mut outcome.output,
                    &name,
                    format.as_str(),
                    &facts,
                    &target,
                    &changes,
                    &yaml,
                );
            }
        }
    }
    if options.action == Action::Write {
        for (path, text) in &pending {
            std::fs::write(path, text).with_context(|| format!("cannot write {path}"))?;
            outcome.written.push(path.clone());
            let _ = writeln!(outcome.output, "wrote {path}");
        }
        if let Err(errors) = jing_spec::load(&jing_spec::Sources::dir(spec_dir)) {
            let _ = writeln!(
                outcome.output,
                "the spec now needs our words where the page's were drafted in:\n{errors}"
            );
        }
    }
    if options.json {
        outcome.output = format!("{:#}", json!({"endpoints": entries}));
    }
    Ok(outcome)
}

fn entry_json(facts: &Facts, target: &Target<'_>) -> Value {
    let status = if facts.has_tables {
        "documented"
    } else {
        "partial"
    };
    facts.to_json(
        Some(&target.group.key),
        target.endpoint.map(|endpoint| endpoint.name.as_str()),
        status,
    )
}

fn report(
    out: &mut String,
    file: &str,
    format: &str,
    facts: &Facts,
    target: &Target<'_>,
    changes: &[diff::Change],
    yaml: &str,
) {
    let _ = writeln!(out, "{file} ({format}): {}", diff::describe(facts, target));
    for note in &facts.notes {
        let _ = writeln!(out, "  note: {note}");
    }
    if changes.is_empty() {
        let _ = writeln!(out, "  the facts equal the spec's");
    } else {
        let _ = writeln!(out, "  {} fact(s) differ from the spec:", changes.len());
        for change in changes {
            let _ = writeln!(out, "    {change}");
        }
    }
    let _ = writeln!(out, "  as the spec would hold it:");
    for line in yaml.lines() {
        let _ = writeln!(out, "    {line}");
    }
}
