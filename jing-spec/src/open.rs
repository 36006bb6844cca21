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
//! refuse for want of our words, names or addresses.

use crate::error::{SpecError, SpecErrors};
use crate::load::{Sources, parse_file, parse_group};
use crate::model::{Api, Webhooks};
use crate::names;

/// One decision the spec waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open {
    /// The file, as given to the loader.
    pub file: String,
    /// The key path, by position, of the member to write: `doc`, `title`,
    /// `endpoints[3].doc`, `endpoints[3].title`, `endpoints[3].call`, `endpoints[3].name`,
    /// `endpoints[3].doc_url`, `endpoints[3].answer`, `endpoints[3].decisions[0].doc`.
    pub key: String,
    /// The line the validator located it at (the member, or the item that lacks it).
    pub line: usize,
    /// What is needed.
    pub need: Need,
    /// The key of the error the validator reports for it (`endpoints[3].title.zh`), which
    /// tells the open decisions among its errors apart ([`crate::load_pending`]).
    pub(crate) error_key: String,
}

impl Open {
    /// Whether `error` is the validator's report of this decision.
    pub(crate) fn reported_by(&self, error: &SpecError) -> bool {
        self.file == error.file && self.line == error.line && self.error_key == error.key
    }
}

/// What an open decision needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// A doc or title in both languages, in our words: the text as far as written, and the
    /// vendor's own text kept with an imported draft.
    Words {
        /// Our Chinese text so far.
        zh: String,
        /// Our English text so far.
        en: String,
        /// The vendor's text, if the importer kept one.
        vendor: Option<String>,
    },
    /// The method name (`call`) of a typed endpoint: the importer's proposal
    /// (`call_draft`), or the name written that the validator refuses, if any.
    Name {
        /// The name to accept or replace.
        proposed: Option<String>,
    },
    /// The address of the vendor's page of a typed endpoint (`doc_url`).
    Address,
    /// How an answer that is not the Jing envelope says success and where its data is
    /// (`answer`): the importer's reading (`answer_draft`), to confirm or correct.
    Answer {
        /// The importer's reading, on one line (`{code: ret, success: 0, data: result}`).
        proposed: String,
    },
    /// The name of an endpoint whose request type the importer proposed and found poor
    /// (`name_draft: true`; the rules are `crate::quality`'s): accepted as it is, or
    /// replaced.
    TypeName {
        /// The request type the proposed name gives (`CreateAPayment`).
        proposed: String,
        /// Why it reads poorly.
        problem: String,
    },
}

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

/// Why `name` cannot be a method name (`call`) of ours, if it cannot: the rule the
/// validator applies, for tools that take a name before it is written.
pub fn name_problem(name: &str) -> Option<String> {
    if !names::is_snake_identifier(name) {
        Some(format!(
            "`{name}` is not a snake_case identifier ([a-z][a-z0-9_]*)"
        ))
    } else if names::is_keyword(name) {
        Some(format!("`{name}` is a Rust keyword; choose another name"))
    } else {
        None
    }
}
