//! The third stage of an import, write (`--write` only): every file the comparison changed
//! put together through the YAML editor (each group file a page landed in, and
//! `webhooks.yaml`), the whole spec loaded with them before any is written (only the
//! decisions left to a maintainer may be open in it), then each file whose text changed
//! written. A file that comes out as it was is not touched, so a second run writes nothing.

pub(super) mod entry;
pub(super) mod example_diff;
pub(super) mod group_file;
pub(super) mod key_order;
pub(super) mod propose;
#[cfg(test)]
mod propose_tests;
pub(super) mod report;
pub mod webhooks_file;

use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;

use super::compare::Comparison;

/// What a write did: the files written, and the decisions the spec now waits for.
pub(super) struct Written {
    pub(super) files: Vec<String>,
    pub(super) open: Vec<jing_spec::SpecError>,
}

/// Writes every file `comparison` changed into the spec folder `spec_dir`.
pub(super) fn write(spec_dir: &Path, comparison: &Comparison<'_>) -> anyhow::Result<Written> {
    let rendered = render(comparison)?;
    // The merged files are checked before any is written: only the decisions left to a
    // maintainer may be open in them.
    let sources = rendered.iter().fold(
        jing_spec::Sources::dir(spec_dir),
        |sources, (path, text)| sources.replaced(path, text.clone()),
    );
    let pending = jing_spec::load_pending(&sources)
        .map_err(|errors| anyhow::anyhow!("{errors}"))
        .context("nothing was written: the merged files would leave the spec refused for more than the decisions left to a maintainer")?;
    let mut files = Vec::new();
    for (path, text) in rendered {
        // A file whose text comes out as it was is not touched.
        if std::fs::read_to_string(&path).is_ok_and(|before| before == text) {
            continue;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {path}"))?;
        files.push(path);
    }
    Ok(Written {
        files,
        open: pending.open,
    })
}

/// How the line of a page whose merge the spec would refuse begins (after its file): the
/// page was read, unlike a file that could not be.
pub(super) const REFUSED: &str = "read, but refused: the spec would not hold it merged";

/// The count line under the files not read and the pages refused merged (`files`, each
/// a line saying why): a page refused was read, so the two are counted apart.
pub(super) fn unread_summary(files: &[String]) -> String {
    let refused = files.iter().filter(|why| why.contains(REFUSED)).count();
    let mut counts = Vec::new();
    if files.len() > refused {
        counts.push(format!("{} file(s) not read", files.len() - refused));
    }
    if refused > 0 {
        counts.push(format!(
            "{refused} page(s) read but not imported (the spec would refuse them merged)"
        ));
    }
    format!(
        "{}: each says why; the other pages go on",
        counts.join(", ")
    )
}

/// The pages whose merge the spec would refuse for more than the decisions left to a
/// maintainer, each (its file name) with the validator's words, so the run leaves them
/// out and goes on with the others; the preview asks this as `--write` does. A problem
/// that is no page's (in `api.yaml`, say) refuses the whole run, located.
pub(super) fn refused_pages(
    spec_dir: &Path,
    comparison: &Comparison<'_>,
) -> anyhow::Result<Vec<(String, String)>> {
    let rendered = render(comparison)?;
    let sources = rendered.iter().fold(
        jing_spec::Sources::dir(spec_dir),
        |sources, (path, text)| sources.replaced(path, text.clone()),
    );
    let Err(errors) = jing_spec::load_pending(&sources) else {
        return Ok(Vec::new());
    };
    let mut refused: Vec<(String, String)> = Vec::new();
    for error in errors.iter() {
        let index = error
            .key
            .strip_prefix("endpoints[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(index, _)| index.parse::<usize>().ok());
        let page = comparison
            .endpoints
            .iter()
            .find(|page| page.target.group.file == error.file && Some(page.merged.index) == index);
        let Some(page) = page else {
            return Err(anyhow::anyhow!("{errors}")).context(
                "nothing was written: the merged files would leave the spec refused for more than the decisions left to a maintainer",
            );
        };
        // The validator's line is one of the merged text, which is on no disk: the entry
        // and its key say where instead.
        let file = Path::new(&error.file).file_name().map_or_else(
            || error.file.clone(),
            |name| name.to_string_lossy().into_owned(),
        );
        let entry = match page.target.endpoint {
            Some(endpoint) => format!("the entry `{}`", endpoint.name),
            None => "the new entry".to_owned(),
        };
        let member = error
            .key
            .split_once("].")
            .map_or(String::new(), |(_, member)| format!(" at `{member}`"));
        let why = format!(
            "{}: {REFUSED} as {entry} of {file}{member}: {} (fix the page, or the entry by hand)",
            page.file, error.message
        );
        refused.push((page.file.clone(), why));
    }
    Ok(refused)
}

/// The text of every file that changed (group files on every core), by path.
fn render(comparison: &Comparison<'_>) -> anyhow::Result<Vec<(String, String)>> {
    let mut rendered: Vec<(String, String)> = comparison
        .group_files
        .par_iter()
        .filter(|(_, group_file)| group_file.is_changed())
        .map(|(path, group_file)| {
            let text = group_file
                .render()
                .map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
            Ok(((*path).to_owned(), text))
        })
        .collect::<anyhow::Result<_>>()?;
    if let Some((path, file)) = &comparison.webhooks {
        if file.is_changed() {
            let text = file
                .render()
                .map_err(|message| anyhow::anyhow!("{path}: {message}"))?;
            rendered.push((path.clone(), text));
        }
    }
    Ok(rendered)
}
