//! The intermediate form between the validated spec and the emitters: the spec lowered once
//! into plain data in which every Rust name, type, feature and doc line is worked out.
//!
//! [`lower`] turns a `jing_spec::Valid` spec into an [`Api`]. What the spec keeps as an `Option`
//! that validation fills is a type here: an endpoint's `Route` is typed only with its
//! method and path, a [`Body`] is JSON, a form or a bare array, a [`Response`] is
//! undocumented, plain or objects, an enum's [`Variants`] are text or numbered and never
//! empty, a member's [`Nested`] type carries its final name.
//!
//! What only the validator promises is read through the views a `jing_spec::Valid` spec
//! hands out (`jing_spec::valid`), never by an `expect`, and none of them fails: the
//! default environment (`Valid::default_environment`), a typed endpoint's call name and
//! docs and a token call's members paired with their credentials (`EndpointView`), and
//! each event's way to the common shape (`EventView`). An integer enum's numbers are jing-spec's
//! `EnumValue::integer` (an integer member whose values are not all integers, which the
//! validator refuses, would be read as text). So [`lower`] cannot fail, and the lowering
//! and the emitters hold no `Result`, `expect` or `unreachable!`.
//!
//! Emitters (`crate::emit`) read this form and map it to tokens; they never derive a name
//! or look a node up by name. The form holds no tokens (they are not `Sync`), so every
//! generated file is made from it on its own core.
//!
//! - `api.rs`: [`Api`], [`Group`], the token calls by role, and [`lower`].
//! - `endpoint.rs`: [`Endpoint`], [`Typed`] and its parameters; `body.rs`: [`Body`],
//!   [`Response`], [`Answer`]; `token.rs`: a token call's [`TokenRole`].
//! - `field.rs`: [`Field`], [`RustType`], nested objects, and the walk over nested types;
//!   `enums.rs`: open enums and their [`Variants`].
//! - `members.rs`: a typed call's request members in the struct's order, and so its
//!   constructor's arguments ([`Typed::arguments`]), which every emitter calls it with.
//! - `params.rs`: a typed call's parameters in the schema's order (`Placed`), the one
//!   walk the schema and the flags share; `flags.rs`: the `jing` command's [`Flag`]s.
//! - `sample.rs`: a request value of a typed call ([`SampleRequest`], `Typed::sample`),
//!   which the docs' example and the probe's sample both render.
//! - `webhook.rs`: payload shapes, event variants and pages.

mod api;
mod body;
mod endpoint;
mod enums;
mod field;
mod flags;
mod members;
mod params;
mod sample;
mod token;
mod webhook;

pub(crate) use api::{Api, Group, TokenCall, lower};
pub(crate) use body::{Answer, Body, Response};
pub(crate) use endpoint::{Endpoint, Typed};
pub(crate) use enums::{EnumType, NonEmpty, Numbered, Variant, Variants};
pub(crate) use field::{
    CustomFields, Field, Nested, NestedRef, ObjectType, RustType, nested_types,
};
pub(crate) use flags::Flag;
pub(crate) use members::RequestMember;
pub(crate) use params::{Filled, Place};
pub(crate) use sample::{
    Empty, FirstValue, SampleObject, SampleRequest, SampleValue, Scalar, Setter,
};
pub(crate) use token::{Issued, TokenRole};
pub(crate) use webhook::{Base, EventPage, EventVariant, Shape, Webhooks};
