//! The probe table: one `jing_mock::probe::Probe` per typed endpoint, and a `Sample`
//! request of each, so tests loop over the spec's endpoints instead of naming them. Emitted
//! into jing-mock for jing-api's endpoints and into the fixture crate for its own, so the
//! samples of every construct of the fixture spec are compiled too.
//!
//! A sample is the call's request value worked out in the intermediate form
//! (`Typed::sample`, `ir/sample.rs`), written as tokens: the constructor with a value of
//! every required member (`"x"` for text, 1 for integers, whatever the docs' example; the
//! first documented value of an enum, an empty list or map, a nested object built the same
//! way, and one item for a bare-array body), and the members the spec marks as credentials
//! (the token calls' `app_id`, `app_secret`, `refresh_token`) filled from the mock's.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::Host;
use crate::ir::{
    Api, Empty, Endpoint, FirstValue, Group, SampleObject, SampleValue, Scalar, Setter, Typed,
};

/// Where the probe table's names lead, per host.
struct Paths {
    /// The crate of the request types: `jing_api` from jing-mock, `crate` in the fixture.
    types: TokenStream,
    /// The mock crate: `crate` inside jing-mock, `jing_mock` in the fixture.
    mock: TokenStream,
    /// Inside jing-mock every group of jing-api is there (it depends on all of them), so no
    /// row is behind a feature; in the fixture each is behind its group's feature.
    gated: bool,
}

/// The `probe` module of the generated folder: jing-mock reads its table itself
/// (`jing_mock::probes`), another crate shows it to its tests.
pub(crate) fn probe_table(api: &Api, host: Host) -> TokenStream {
    let typed: Vec<(&Group, &Endpoint, &Typed)> = api.typed().collect();
    let (paths, visibility) = match host {
        Host::External => (
            Paths {
                types: quote!(crate),
                mock: quote!(jing_mock),
                gated: true,
            },
            quote!(pub),
        ),
        Host::Runtime | Host::Mock | Host::Cli => (
            Paths {
                types: quote!(jing_api),
                mock: quote!(crate),
                gated: false,
            },
            quote!(pub(crate)),
        ),
    };
    let mock = &paths.mock;

    // One table row per typed endpoint, behind its group's feature.
    // Each names its request type alone: the probe reads the name from its schema.
    let rows = typed.iter().map(|(group, _, typed)| {
        let gate = feature_gate(&paths, group);
        let request = request_path(&paths.types, group, typed);
        quote! {
            #gate
            #mock::probe::Probe::of::<#request>()
        }
    });

    // The sample request of each.
    let samples = typed
        .iter()
        .map(|(group, _, typed)| sample_impl(&paths, group, typed));

    quote! {
        //! 每个类型化接口的探针，由规格生成，供测试遍历。 The probe of every typed endpoint, generated from the spec, for tests to loop over.

        /// 每个类型化接口的探针，按规格顺序。 The probe of every typed endpoint, in the spec's order.
        #visibility static PROBES: &[#mock::probe::Probe] = &[#(#rows),*];

        #(#samples)*
    }
}

/// `#[cfg(feature = "<group>")]` where rows are gated, else nothing.
fn feature_gate(paths: &Paths, group: &Group) -> TokenStream {
    let feature = &group.feature;
    if paths.gated {
        quote!(#[cfg(feature = #feature)])
    } else {
        TokenStream::new()
    }
}

/// `<types>::<group>::<Request>`.
fn request_path(types: &TokenStream, group: &Group, typed: &Typed) -> TokenStream {
    let module = format_ident!("{}", group.module);
    let request = format_ident!("{}", typed.request_type);
    quote!(#types::#module::#request)
}

/// `impl Sample for <Request>`: the call's sample (`Typed::sample`) as tokens, with
/// placeholders for its literals, and without the setter only the docs' example shows.
fn sample_impl(paths: &Paths, group: &Group, typed: &Typed) -> TokenStream {
    let types = &paths.types;
    let module = format_ident!("{}", group.module);
    let module = quote!(#types::#module);
    let request = request_path(types, group, typed);
    let sample = typed.sample();

    // The constructor's arguments, in its order.
    let arguments = (sample.arguments.iter()).map(|value| value_tokens(&module, value));
    // The optional members that carry a credential, set from the mock's.
    let setters = sample.setters.iter().map(|Setter { ident, value }| {
        let setter = format_ident!("{ident}");
        let value = value_tokens(&module, value);
        quote!(.#setter(#value))
    });
    let credentials = if sample.needs_credentials() {
        format_ident!("credentials")
    } else {
        format_ident!("_credentials")
    };

    let gate = feature_gate(paths, group);
    let mock = &paths.mock;
    quote! {
        #gate
        impl #mock::probe::Sample for #request {
            fn sample(#credentials: &#mock::MockCredentials) -> Self {
                #request::new(#(#arguments),*) #(#setters)*
            }
        }
    }
}

/// A value, of its member's exact type or one that converts into it (the constructors and
/// setters take `impl Into<T>`); nested types are named in `module`.
fn value_tokens(module: &TokenStream, value: &SampleValue) -> TokenStream {
    match value {
        SampleValue::Credential(member) => {
            let member = format_ident!("{member}");
            quote!(credentials.#member.clone())
        }
        SampleValue::Literal { scalar, .. } => placeholder(scalar),
        // An open enum converts from its wire value, text or integer.
        SampleValue::Enum(FirstValue::Text(wire)) => quote!(String::from(#wire)),
        SampleValue::Enum(FirstValue::Integer(number)) => {
            let literal = Literal::i64_suffixed(*number);
            quote!(#literal)
        }
        SampleValue::Object(object) => object_tokens(module, object),
        SampleValue::Items(item) => {
            let item = object_tokens(module, item);
            quote!(Vec::from([#item]))
        }
        SampleValue::Empty(Empty::List) => quote!(Vec::new()),
        SampleValue::Empty(Empty::Map) => quote!(std::collections::BTreeMap::new()),
        SampleValue::Empty(Empty::Json) => {
            quote!(serde_json::Value::Object(serde_json::Map::new()))
        }
    }
}

/// `<module>::<name>::new(..)`.
fn object_tokens(module: &TokenStream, object: &SampleObject) -> TokenStream {
    let ident = format_ident!("{}", object.name);
    let arguments = (object.arguments.iter()).map(|value| value_tokens(module, value));
    quote!(#module::#ident::new(#(#arguments),*))
}

/// The placeholder of a plain type, whatever the docs' example: text `"x"`, the figure 1.
fn placeholder(scalar: &Scalar) -> TokenStream {
    match scalar {
        Scalar::Text(_) => quote!(String::from("x")),
        Scalar::Integer(_) => quote!(1i64),
        Scalar::U64(_) => quote!(1u64),
        Scalar::Number(_) => quote!(1.5f64),
        Scalar::Boolean(_) => quote!(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_passes_every_required_member_in_constructor_order() {
        let api = crate::testing::leads();
        let (group, typed) = crate::testing::typed(&api, "move_lead");
        let paths = Paths {
            types: quote!(crate),
            mock: quote!(jing_mock),
            gated: true,
        };
        let sample = sample_impl(&paths, group, typed).to_string();
        let arguments = [
            "1i64",
            "String :: from (\"won\")",
            "- 2i64",
            "crate :: lead :: MoveLeadOwner :: new (1.5f64)",
            "Vec :: new ()",
            "std :: collections :: BTreeMap :: new ()",
            "String :: from (\"x\")",
        ]
        .join(" , ");
        let expected = format!("crate :: lead :: MoveLead :: new ({arguments})");
        assert!(sample.contains(&expected), "{sample}");
        assert!(sample.contains("_credentials"), "{sample}");
        // The optional member the docs' example shows is not set.
        assert!(!sample.contains("memo"), "{sample}");
        let table = crate::render::print(
            &crate::render::parse(probe_table(&api, Host::External)),
            "01-lead.yaml",
        );
        // The row names the request type alone; its name is read from its schema.
        assert!(
            table.contains("jing_mock::probe::Probe::of::<crate::lead::MoveLead>()"),
            "{table}"
        );
        assert!(!table.contains("move_lead"), "{table}");
        assert!(table.contains("-2i64,"), "{table}");
    }

    #[test]
    fn plain_samples_are_placeholders_that_convert_into_their_types() {
        let module = quote!(crate::lead);
        let cases = [
            (
                Scalar::Text(Some("docs".to_owned())),
                "String :: from (\"x\")",
            ),
            (Scalar::Integer(Some(7)), "1i64"),
            (Scalar::U64(None), "1u64"),
            (Scalar::Boolean(Some(false)), "true"),
        ];
        for (scalar, expected) in cases {
            let wire = "member".to_owned();
            let value = SampleValue::Literal { wire, scalar };
            assert_eq!(value_tokens(&module, &value).to_string(), expected);
        }
        let empty = [
            (Empty::List, "Vec :: new ()"),
            (Empty::Map, "std :: collections :: BTreeMap :: new ()"),
        ];
        for (empty, expected) in empty {
            let value = SampleValue::Empty(empty);
            assert_eq!(value_tokens(&module, &value).to_string(), expected);
        }
    }
}
