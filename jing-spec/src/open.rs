//! The open decisions: what the spec still waits for from a maintainer — our words (a doc
//! or a title in Chinese and English, an English title that is only a name, and our word on
//! a fact the spec holds otherwise than the page), a method name, a type name the importer
//! found poor, the address of the vendor's page, how an answer that is not the Jing
//! envelope says success and where its data is.
//!
//! There is one definition. The validator reports each open decision through
//! `Checker::open` (in `validate/`), which both refuses the spec (so [`crate::load`] and
//! `cargo xtask regenerate` fail) and records it here; [`open_decisions`] runs the same
//! validator and returns that record, which `cargo xtask docs todo` turns into the rows of
//! the drafts sheet. So the sheet is empty exactly when the validator has nothing to
//! refuse for want of our words, names or addresses. What a decision is ([`Open`],
//! [`crate::Need`]) lives in `decision.rs`, which the loader and the validator import
//! without importing this module back.

use crate::decision::Open;
use crate::error::{SpecError, SpecErrors};
use crate::load::{Sources, parse_file, parse_group};
use crate::model::{Api, Webhooks};

/// Every open decision of `sources`, by file (api, groups, webhooks) and line; or the
/// problems that keep a file from being read or parsed, since its decisions cannot be
/// listed then. Problems of other kinds are not reported here: [`crate::load`] does.
pub fn open_decisions(sources: &Sources) -> Result<Vec<Open>, SpecErrors> {
    let (api, groups, webhooks, unread) = sources.parts();
    let mut errors: Vec<SpecError> = unread.to_vec();
    let api = api
        .map(parse_file::<Api>)
        .and_then(|parsed| keep(parsed, &mut errors));
    let groups: Vec<_> = groups
        .iter()
        .map(parse_group)
        .filter_map(|parsed| keep(parsed, &mut errors))
        .collect();
    let webhooks = webhooks
        .map(parse_file::<Webhooks>)
        .and_then(|parsed| keep(parsed, &mut errors));
    if !errors.is_empty() {
        return Err(SpecErrors(errors));
    }
    let mut open = Vec::new();
    crate::validate::spec_and_open(
        api.as_ref(),
        &groups,
        webhooks.as_ref(),
        &mut Vec::new(),
        &mut open,
    );
    // One decision per member, where the validator may say two things (both languages
    // empty); in file order, then top to bottom.
    let order: Vec<&str> = sources.parts_in_order();
    let rank = |file: &str| order.iter().position(|path| *path == file);
    let mut seen = std::collections::BTreeSet::new();
    open.retain(|item| seen.insert((item.file.clone(), item.key.clone())));
    open.sort_by_key(|item| (rank(&item.file), item.line));
    Ok(open)
}

fn keep<T>(parsed: Result<T, SpecError>, errors: &mut Vec<SpecError>) -> Option<T> {
    parsed.map_err(|error| errors.push(error)).ok()
}
