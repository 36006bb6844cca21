//! The probe table: one `jing_mock::probe::Probe` per typed endpoint, and a `Sample`
//! request of each, so tests loop over the spec's endpoints instead of naming them. Emitted
//! into jing-mock for jing-api's endpoints and into the fixture crate for its own, so the
//! samples of every construct of the fixture spec are compiled too.
//!
//! A sample calls the request's constructor with a sample value of every required member:
//! `"x"` for text, 1 for integers, the first documented value of an enum, an empty list or
//! map, a nested object built the same way, and one sample item for a bare-array body.
//! Body members the spec marks as credentials (the token calls' `app_id`, `app_secret`,
//! `refresh_token`) are filled from the mock's credentials. The arguments are the
//! constructor's, in its order, as the intermediate form gives them (`Typed::arguments`).

use jing_spec::{Credential, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::Host;
use crate::ir::{Api, Endpoint, Field, Group, Nested, Place, RequestMember, Typed, Variants};

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

/// `impl Sample for <Request>`.
fn sample_impl(paths: &Paths, group: &Group, typed: &Typed) -> TokenStream {
    let types = &paths.types;
    let module = format_ident!("{}", group.module);
    let module = quote!(#types::#module);
    let request = request_path(types, group, typed);

    // The constructor's arguments, in its order: a credential from the mock's, a body
    // member's sample, a parameter's plain sample.
    let arguments = typed.arguments().map(|member| match member {
        RequestMember::Items(item) => {
            let item_sample = object_sample(&module, &item.name, &item.fields);
            quote!(Vec::from([#item_sample]))
        }
        RequestMember::Set { field, place, .. } => {
            match (field.credential.and_then(credential_value), place) {
                (Some(value), _) => value,
                (None, Place::Body) => field_sample(&module, field),
                (None, Place::Path | Place::Query | Place::Header) => scalar_sample(&field.ty),
            }
        }
    });
    // An optional member that carries a credential is set from the mock's too.
    let credential_setters: Vec<TokenStream> = (typed.optional_members())
        .filter_map(|(_, field)| {
            let value = field.credential.and_then(credential_value)?;
            let setter = format_ident!("{}", field.ident);
            Some(quote!(.#setter(#value)))
        })
        .collect();
    let credentials = if credential_setters.is_empty() {
        format_ident!("_credentials")
    } else {
        format_ident!("credentials")
    };

    let gate = feature_gate(paths, group);
    let mock = &paths.mock;
    quote! {
        #gate
        impl #mock::probe::Sample for #request {
            fn sample(#credentials: &#mock::MockCredentials) -> Self {
                #request::new(#(#arguments),*) #(#credential_setters)*
            }
        }
    }
}

/// The mock's credential a member carries, when a request can carry it.
fn credential_value(credential: Credential) -> Option<TokenStream> {
    let member = match credential {
        Credential::AppId => quote!(app_id),
        Credential::AppSecret => quote!(app_secret),
        Credential::AccessToken => quote!(access_token),
        Credential::RefreshToken => quote!(refresh_token),
        Credential::ExpiresIn => return None,
    };
    Some(quote!(credentials.#member.clone()))
}

/// `<module>::<name>::new(..)` with a sample of every required member of `fields`.
fn object_sample(module: &TokenStream, name: &str, fields: &[Field]) -> TokenStream {
    let ident = format_ident!("{name}");
    let arguments = fields
        .iter()
        .filter(|field| field.is_required())
        .map(|field| field_sample(module, field));
    quote!(#module::#ident::new(#(#arguments),*))
}

/// A sample value of `field`, of its exact type or one that converts into it (the
/// constructors take `impl Into<T>`).
fn field_sample(module: &TokenStream, field: &Field) -> TokenStream {
    if matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_)) {
        return scalar_sample(&field.ty);
    }
    match &field.nested {
        // An open enum converts from its wire value, text or integer.
        Some(Nested::Enum(enumeration)) => match &enumeration.variants {
            Variants::Integer(numbered) => {
                let literal = Literal::i64_suffixed(numbered.first.number);
                quote!(#literal)
            }
            Variants::Text(variants) => {
                let text = &variants.first.wire;
                quote!(String::from(#text))
            }
        },
        Some(Nested::Object(object)) => object_sample(module, &object.name, &object.fields),
        Some(Nested::Shape(_)) | None => scalar_sample(&field.ty),
    }
}

/// A sample value of a plain type: lists and maps are empty.
fn scalar_sample(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String::from("x")),
        TypeRef::Integer => quote!(1i64),
        TypeRef::U64 => quote!(1u64),
        TypeRef::Number => quote!(1.5f64),
        TypeRef::Boolean => quote!(true),
        TypeRef::Any | TypeRef::Object => quote!(serde_json::Value::Object(serde_json::Map::new())),
        TypeRef::Array(_) => quote!(Vec::new()),
        TypeRef::Map(_) => quote!(std::collections::BTreeMap::new()),
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
    fn plain_samples_convert_into_their_types() {
        let cases = [
            ("string", "String :: from (\"x\")"),
            ("integer", "1i64"),
            ("array<object>", "Vec :: new ()"),
            ("map<any>", "std :: collections :: BTreeMap :: new ()"),
        ];
        for (spec, expected) in cases {
            let ty: TypeRef = spec.parse().expect("valid type");
            assert_eq!(scalar_sample(&ty).to_string(), expected, "{spec}");
        }
    }
}
