//! `cargo xtask changes`: what a regeneration does to the generated public API, against the
//! spec at a git revision (`HEAD` by default): every changed spec item with its Rust
//! consequence and its class (breaking, additive, behaviour, docs), and a last line with
//! the counts. `--changelog` writes the report under "Unreleased" in
//! `jing-api/CHANGELOG.md`.

mod compare;
mod webhooks;

use std::path::Path;
use std::process::Command;

use anyhow::Context;

pub use compare::{ApiChange, Class, compare, summary};

/// The spec of `spec_dir` (relative to the repository at `root`) as it was at `revision`,
/// read with `git show`; `None` outside a git checkout.
pub fn spec_at(
    root: &Path,
    spec_dir: &str,
    revision: &str,
) -> anyhow::Result<Option<jing_spec::Spec>> {
    let git = |args: &[&str]| Command::new("git").current_dir(root).args(args).output();
    let inside = git(&["rev-parse", "--is-inside-work-tree"]);
    if !inside.is_ok_and(|output| output.status.success()) {
        return Ok(None);
    }
    let listing = git(&["ls-tree", "--name-only", revision, &format!("{spec_dir}/")])
        .context("running git ls-tree")?;
    if !listing.status.success() {
        anyhow::bail!(
            "git does not know the revision `{revision}`: {}",
            String::from_utf8_lossy(&listing.stderr).trim()
        );
    }
    let names = String::from_utf8_lossy(&listing.stdout).into_owned();
    let mut api = None;
    let mut groups = Vec::new();
    let mut webhooks = None;
    for path in names.lines().filter(|path| path.ends_with(".yaml")) {
        let shown = git(&["show", &format!("{revision}:{path}")]).context("running git show")?;
        let text = String::from_utf8(shown.stdout)
            .with_context(|| format!("{revision}:{path} is not UTF-8"))?;
        let file = path.rsplit('/').next().unwrap_or(path);
        let source = jing_spec::Source::new(format!("{revision}:{path}"), text);
        match file {
            jing_spec::API_FILE => api = Some(source),
            jing_spec::WEBHOOKS_FILE => webhooks = Some(source),
            _ => groups.push(source),
        }
    }
    let api =
        api.with_context(|| format!("{spec_dir}/{} is not in {revision}", jing_spec::API_FILE))?;
    let mut sources = jing_spec::Sources::new(api);
    for group in groups {
        sources = sources.group(group);
    }
    if let Some(webhooks) = webhooks {
        sources = sources.webhooks(webhooks);
    }
    let spec = jing_spec::load(&sources)
        .map_err(|errors| anyhow::anyhow!("the spec at {revision} does not load:\n{errors}"))?;
    Ok(Some(spec))
}

/// The report: one line per change, then the counts.
pub fn report(changes: &[ApiChange]) -> String {
    let mut lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
    lines.push(summary(changes));
    lines.join("\n")
}

/// `changelog` with `changes` written under its "Unreleased" heading, each class in a
/// section of its own; lines already there are not written twice.
pub fn changelog(changelog: &str, changes: &[ApiChange]) -> anyhow::Result<String> {
    const UNRELEASED: &str = "## [Unreleased]";
    let start = changelog
        .find(UNRELEASED)
        .context("the changelog has no `## [Unreleased]` heading")?
        + UNRELEASED.len();
    let end = changelog[start..]
        .find("\n## ")
        .map_or(changelog.len(), |at| start + at + 1);
    let mut section = changelog[start..end].to_owned();
    let headings = [
        (Class::Breaking, "### Breaking (generated API)"),
        (Class::Additive, "### Added (generated API)"),
        (Class::Behaviour, "### Changed behaviour (generated API)"),
        (Class::Docs, "### Documentation (generated API)"),
    ];
    for (class, heading) in headings {
        let lines: Vec<String> = changes
            .iter()
            .filter(|change| change.class == class)
            .map(|change| format!("- `{}`: {}", change.item, change.what))
            .filter(|line| !section.contains(line.as_str()))
            .collect();
        if lines.is_empty() {
            continue;
        }
        let block = lines.join("\n");
        match section.find(heading) {
            Some(at) => {
                let after = at + heading.len();
                section.insert_str(after, &format!("\n\n{block}"));
            }
            None => {
                let trimmed = section.trim_end().len();
                section.truncate(trimmed);
                section.push_str(&format!("\n\n{heading}\n\n{block}\n\n"));
            }
        }
    }
    Ok(format!(
        "{}{}{}",
        &changelog[..start],
        section,
        &changelog[end..]
    ))
}
