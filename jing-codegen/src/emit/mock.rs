//! The mock server's tables (in jing-mock): for every typed endpoint its schema (method,
//! path, auth, limits, token role, parameters, body and answer members: `emit/schema.rs`)
//! and what only the mock needs, the docs' response example; and the docs' webhook
//! samples, each beside its page's row of the webhook catalogue (`webhook::EVENTS`). A row names the schema and adds the example: it calls no constructor of
//! jing-api, so jing-mock needs none of jing-api's `test-util`.
//! `jing_mock` validates and answers from these, so the mock follows the spec with no
//! hand-kept copy.

use proc_macro2::TokenStream;
use quote::quote;

use super::optional_str;
use super::schema::schema_ref;
use crate::Host;
use crate::ir::{Api, Typed};

/// The `mock` module of the generated folder.
pub(crate) fn mock_tables(api: &Api, host: Host) -> TokenStream {
    // Inside jing-mock the tables are the crate's own; the fixture crate names them by path
    // and makes them public, for its tests to hand to the mock.
    // Inside jing-mock every group of jing-api is there; in the fixture each row is behind
    // its group's feature.
    let (t, types, visibility, gated) = match host {
        Host::External => (quote!(jing_mock::table), quote!(crate), quote!(pub), true),
        Host::Runtime | Host::Mock | Host::Cli => (
            quote!(crate::table),
            quote!(jing_api),
            quote!(pub(crate)),
            false,
        ),
    };
    let t = &t;
    let endpoints = api.typed().map(|(group, _, typed)| {
        let feature = &group.feature;
        let gate = gated.then(|| quote!(#[cfg(feature = #feature)]));
        let entry = endpoint_entry(t, &types, typed);
        quote!(#gate #entry)
    });
    // Each sample points at its page's row of the webhook catalogue (`EVENTS`, in the
    // pages' order), so a page renamed or moved takes its sample along.
    let samples = api
        .webhooks
        .iter()
        .flat_map(|webhooks| webhooks.pages.iter().enumerate())
        .filter_map(|(index, event)| {
            let sample = event.example.as_deref()?;
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            Some(quote!((&#types::webhook::EVENTS[#index], #sample)))
        });
    // In the fixture crate the tables travel as one value, with its spec and probes, for
    // its tests to hand to `MockBuilder::tables`; jing-mock's own `mod.rs` writes its own.
    let tables = (host == Host::External).then(|| {
        quote! {
            /// 本规格的模拟服务器接口表（测试用）：规格、接口、示例与探针一起。 This spec's tables for a mock, for the tests: its spec, endpoints, webhook samples and probes together (`MockBuilder::tables`).
            pub const TABLES: jing_mock::table::Tables = jing_mock::table::Tables {
                api: &crate::SPEC,
                endpoints: ENDPOINTS,
                event_samples: EVENT_SAMPLES,
                probes: crate::probe::PROBES,
            };
        }
    });
    quote! {
        //! 模拟服务器的接口表，由规格生成。 The mock server's tables, generated from the spec.

        /// 每个类型化接口的校验与应答信息。 What the mock checks and answers, per typed endpoint.
        #visibility static ENDPOINTS: &[#t::MockEndpoint] = &[#(#endpoints),*];

        /// 文档中的 webhook 示例（事件目录中的页面，原文）。 The docs' webhook samples: the page's row of the event catalogue, and the sample verbatim.
        #visibility static EVENT_SAMPLES: &[(&jing_api::webhook_runtime::EventEntry, &str)] = &[#(#samples),*];

        #tables
    }
}

/// One endpoint's row of the table: its schema, and the docs' example.
fn endpoint_entry(t: &TokenStream, types: &TokenStream, typed: &Typed) -> TokenStream {
    let schema = schema_ref(types, typed);
    let example = optional_str(typed.response_example.as_deref());
    quote! {
        #t::MockEndpoint {
            schema: &#schema,
            response_example: #example,
        }
    }
}
