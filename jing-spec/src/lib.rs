//! The Jing Open Platform API V1, as a hand-kept YAML transcription of the vendor's docs.
//!
//! The YAML lives in `jing-spec/api/`: `api.yaml` for what is global, one file per API
//! group, named `NN-key.yaml` (the number orders the groups as the docs do; the key names
//! the generated module), and `webhooks.yaml` for the webhook events. [`load`] is the one
//! entry point: it parses and validates [`Sources`] (read from a folder with
//! [`Sources::dir`], or built from texts) and returns a [`Valid`] spec, or every problem
//! found, each located by file, line, column and key. It never panics on bad input.
//! A `Valid` reads as the [`Spec`] model it holds and hands out the views of the
//! validator's promises without failing; only `load` makes one, so the type says the spec
//! passed. `load_pending` (hidden, for the maintainer tools) loads a plain `Spec` for
//! comparison while a maintainer's decisions (drafts, proposed method names, empty
//! languages) are still open, and lists them; it is not a `Valid`, so it cannot reach
//! `jing_codegen::generate`.
//!
//! ```no_run
//! let spec: jing_spec::Valid = jing_spec::load(&jing_spec::Sources::dir("jing-spec/api".as_ref()))?;
//! println!("{} groups", spec.groups.len());
//! # Ok::<(), jing_spec::SpecErrors>(())
//! ```
//!
//! - `model`: the serde types of the YAML.
//! - `source`: one file's text; `load`: gathering files, parsing, and reporting in file
//!   order; `locate`: where every key sits.
//! - `validate`: the rules across nodes and files (duplicates, collisions, consistency).
//! - `open`: the open decisions (our words, method names, type names the importer found
//!   poor, vendor page addresses still to supply, answers outside the Jing envelope to
//!   confirm), the one list both the validator refuses for and the drafts sheet shows;
//!   `decision`: what one such decision is, which the loader and validator record.
//! - `fact`: what a fact of an endpoint is and its key, for the importer's count, the
//!   `overrides` that keep a fact ours, and `decisions`.
//! - `names`: the one place that turns spec names into Rust names, and the names the
//!   generator and runtime reserve.
//! - `quality`: when a proposed type name or an English title reads poorly, and why (the
//!   rules behind the `name_draft` and title decisions).
//! - `view`: typed views of the validator's promises (the default environment, a typed
//!   endpoint's call name and docs, integer enum values, a token call's credentials, a
//!   payload's way to the common shape), which the generator reads instead of `Option`s;
//!   `valid`: [`Valid`], the spec that passed, with those views built once.

#![warn(missing_docs)]

mod decision;
mod error;
pub mod fact;
mod load;
mod locate;
pub mod model;
pub mod names;
mod open;
pub mod quality;
mod source;
pub mod valid;
mod validate;
pub mod view;

pub use decision::{Need, Open};
pub use error::{SpecError, SpecErrors};
pub use fact::{FactKey, MemberFact, Part};
pub use load::{
    API_FILE, MAX_DEPTH, MAX_FILE_BYTES, Pending, Sources, WEBHOOKS_FILE, group_key, load,
    load_pending, spec_files,
};
pub use locate::key_positions;
pub use model::*;
pub use names::name_problem;
pub use open::open_decisions;
pub use source::Source;
pub use valid::Valid;
