//! The serde model of the spec: what `api.yaml`, each group file and `webhooks.yaml` may
//! contain.
//!
//! Only types and their (de)serialization live here: the global part and the group here,
//! the small types every part uses (`Doc`, `Status`, `HttpMethod`, …) in `common.rs`,
//! endpoints in `endpoint.rs`, their members in `field.rs`, answers outside the Jing envelope and a maintainer's decisions in `answer.rs`, webhook events in `webhooks.rs`, the type
//! expressions (`array<object>`, …) in `types.rs`. Reading files and locating nodes is
//! `load.rs`; rules that span several nodes are `validate/`. Every struct denies unknown
//! keys, so a misspelt key is an error with a line and column rather than a silently
//! ignored value.

mod answer;
mod common;
mod endpoint;
mod field;
mod types;
mod webhooks;

pub use answer::*;
pub use common::*;
pub use endpoint::*;
pub use field::*;
pub use types::TypeRef;
pub use webhooks::*;

use std::collections::BTreeSet;

use serde::Deserialize;

/// A validated spec: the global part plus every API group in file order.
///
/// Only [`crate::load`] produces one, so holding a `Spec` means it passed validation.
#[derive(Debug, Clone)]
pub struct Spec {
    /// What `api.yaml` says.
    pub api: Api,
    /// The API groups, ordered by file name (the docs' order).
    pub groups: Vec<Group>,
    /// The webhook events (`webhooks.yaml`), when the folder has them.
    pub webhooks: Option<Webhooks>,
}

impl Spec {
    /// Every endpoint of every group, in spec order, with its group.
    pub fn endpoints(&self) -> impl Iterator<Item = (&Group, &Endpoint)> {
        self.groups.iter().flat_map(|group| {
            group
                .endpoints
                .iter()
                .map(move |endpoint| (group, endpoint))
        })
    }
}

/// The contents of `api.yaml`: what applies to every call.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Api {
    /// The API's name.
    pub title: Doc,
    /// What the API is, in our words.
    pub doc: Doc,
    /// Where the vendor's documentation starts.
    pub docs_home: String,
    /// Places the API is served from.
    pub environments: Vec<Environment>,
    /// How calls authenticate.
    pub auth: Auth,
    /// The members of every response body.
    pub envelope: Envelope,
    /// Documented global error codes (empty while the vendor page is not transcribed).
    pub error_codes: Vec<ErrorCode>,
    /// Facts that fit nowhere else, and gaps in the docs.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One place the API is served from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Identifier used in code (snake_case).
    pub name: String,
    /// The docs' name of the environment.
    pub title: Doc,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Whether a client uses it when none is chosen.
    #[serde(default)]
    pub default: bool,
}

/// How calls authenticate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// Headers the client adds to every call whose `auth` is `headers`.
    pub headers: Vec<Param>,
    /// Facts about tokens and their lifetimes.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Auth {
    /// The names of the auth headers: an endpoint that lists one of them as its own
    /// header repeats what the client already sends.
    pub fn header_names(&self) -> BTreeSet<String> {
        self.headers
            .iter()
            .map(|param| param.name.clone())
            .collect()
    }
}

/// The response envelope shared by every endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Members of the envelope; `data` carries the endpoint's own response.
    pub fields: Vec<Field>,
    /// Deviations seen in the docs.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A documented global error code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The numeric `code` of the envelope.
    pub code: i64,
    /// Identifier used in code (snake_case).
    pub name: String,
    /// What the code means.
    pub doc: Doc,
}

/// An API group: one file under `jing-spec/api/`, one module of generated code.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group key: the file stem without its ordering prefix (`14-customer.yaml` gives `customer`).
    pub key: String,
    /// The file the group was read from, as given to the loader.
    pub file: String,
    /// The group's contents.
    pub body: GroupFile,
}

impl std::ops::Deref for Group {
    type Target = GroupFile;
    fn deref(&self) -> &GroupFile {
        &self.body
    }
}

/// The contents of a group file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    /// The docs' title of the group.
    pub title: Doc,
    /// What the group is for, in our words.
    pub doc: Doc,
    /// Every endpoint the docs list in this group, in the docs' order.
    pub endpoints: Vec<Endpoint>,
    /// Facts about the group as a whole.
    #[serde(default)]
    pub notes: Vec<String>,
}
