//! The example in the docs of every typed endpoint's accessor method: the request built
//! (required members as constructor arguments, one optional setter), sent, and a member of
//! the answer read. It is a doctest that runs against the in-process mock (feature `mock`;
//! without it the example is shown and not run).
//!
//! Values come from the docs' request example where it has the member, else from the
//! member's type (text is the member's name); credentials of the token calls come from the
//! mock.

use std::collections::BTreeSet;

use jing_spec::names::{self, types};
use jing_spec::{Credential, Endpoint, Field, Group, Param, Shape, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::types::has_nested_type;

/// The `# Example` section of the accessor method of `endpoint`, as doc attributes.
pub(crate) fn example_doc(group: &Group, endpoint: &Endpoint) -> TokenStream {
    let lines = example_lines(group, endpoint);
    let lines = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote! {
        #[doc = ""]
        #[doc = " # Example"]
        #[doc = ""]
        #[doc = " 构建请求、发送、读取响应成员（doctest 在内置模拟服务器上运行）。 Build the request, send it, read a member of the answer (the doctest runs against the in-process mock)."]
        #[doc = ""]
        #[cfg_attr(feature = "mock", doc = " ```")]
        #[cfg_attr(not(feature = "mock"), doc = " ```ignore")]
        #(#lines)*
        #[doc = " ```"]
    }
}

/// The lines of the example's code, hidden set-up lines starting with `# `.
fn example_lines(group: &Group, endpoint: &Endpoint) -> Vec<String> {
    let module = names::field_name(&group.key);
    let call = names::field_name(endpoint.call.as_deref().unwrap_or(&endpoint.name));
    let mut example = Example::new(endpoint);
    let request = example.request(endpoint);
    let read = read_line(endpoint);
    let imports: Vec<&str> = example.imports.iter().map(String::as_str).collect();
    let import = match imports.as_slice() {
        [one] => format!("use jing_api::{module}::{one};"),
        many => format!("use jing_api::{module}::{{{}}};", many.join(", ")),
    };
    let mut lines = vec![
        "# async fn example() -> Result<(), jing_api::Error> {".to_owned(),
        "# let mock = jing_api::mock::MockServer::start().await?;".to_owned(),
        "# let client = mock.client_builder().build()?;".to_owned(),
    ];
    if example.credentials {
        lines.push("# let credentials = mock.credentials().clone();".to_owned());
    }
    lines.extend([
        import,
        String::new(),
        format!("let request = {request};"),
        format!("let data = client.{module}().{call}(request).await?;"),
        read,
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "# let runtime = tokio::runtime::Runtime::new().expect(\"a runtime\");".to_owned(),
        "# runtime.block_on(example()).expect(\"the example runs against the mock\");".to_owned(),
    ]);
    lines
}

/// How a member of the answer is read.
fn read_line(endpoint: &Endpoint) -> String {
    let Some(response) = &endpoint.response else {
        return "println!(\"{data:?}\");".to_owned();
    };
    // A member that carries a credential is never what an example prints.
    let shown = response
        .fields
        .iter()
        .find(|field| field.credential.is_none());
    match (&response.ty, shown) {
        (TypeRef::Object, Some(field)) => {
            let member = names::field_name(&field.name);
            format!("println!(\"{{:?}}\", data.{member});")
        }
        (TypeRef::Array(_), _) => "println!(\"{} items\", data.len());".to_owned(),
        _ => "println!(\"{data:?}\");".to_owned(),
    }
}

/// What an example needs while its request is written.
struct Example {
    /// The docs' request example: the object of the body, or of its first item.
    sample: Option<Value>,
    /// Type names to import from the group's module.
    imports: BTreeSet<String>,
    /// Whether the mock's credentials are used.
    credentials: bool,
}

impl Example {
    fn new(endpoint: &Endpoint) -> Self {
        let sample = endpoint
            .examples
            .as_ref()
            .and_then(|examples| examples.request.as_deref())
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .map(|value| match value {
                Value::Array(items) => items.into_iter().next().unwrap_or(Value::Null),
                other => other,
            });
        Example {
            sample,
            imports: BTreeSet::new(),
            credentials: false,
        }
    }

    /// The request expression: the constructor with its arguments and one setter.
    fn request(&mut self, endpoint: &Endpoint) -> String {
        let name = types::request(endpoint);
        self.imports.insert(name.clone());
        let sample = self.sample.clone();
        let mut arguments = self.params(&endpoint.path_params);
        let mut setters = Vec::new();
        match &endpoint.body {
            Some(body) if body.shape == Shape::Array => {
                let item = types::body_item(endpoint);
                let item = self.object(&item, &body.fields, sample.as_ref());
                arguments.push(format!("vec![{item}]"));
            }
            Some(body) => {
                for field in &body.fields {
                    let credential = field.credential.and_then(|c| self.credential(c));
                    match (field.required.is_required(), credential) {
                        (true, Some(value)) => arguments.push(value),
                        (true, None) => arguments.push(self.field(&name, field, sample.as_ref())),
                        (false, Some(value)) => setters.push(setter(&field.name, &value)),
                        (false, None) => {}
                    }
                }
                if setters.is_empty() {
                    setters.extend(self.optional_setter(&body.fields, sample.as_ref()));
                }
            }
            None => {}
        }
        arguments.extend(self.params(&endpoint.query));
        let headers: Vec<Param> = endpoint
            .headers
            .iter()
            .filter(|param| !param.auth)
            .cloned()
            .collect();
        arguments.extend(self.params(&headers));
        if setters.is_empty() {
            let optional_query = endpoint
                .query
                .iter()
                .find(|param| !param.required.is_required() && is_plain(&param.ty));
            if let Some(param) = optional_query {
                setters.push(setter(&param.name, &scalar(&param.ty, &param.name, None)));
            }
        }
        format!("{name}::new({}){}", arguments.join(", "), setters.join(""))
    }

    /// The mock's credential a member carries, when a request can carry it.
    fn credential(&mut self, credential: Credential) -> Option<String> {
        let member = match credential {
            Credential::AppId => "app_id",
            Credential::AppSecret => "app_secret",
            Credential::AccessToken => "access_token",
            Credential::RefreshToken => "refresh_token",
            Credential::ExpiresIn => return None,
        };
        self.credentials = true;
        Some(format!("&credentials.{member}"))
    }

    /// Values of the required parameters among `params`.
    fn params(&self, params: &[Param]) -> Vec<String> {
        params
            .iter()
            .filter(|param| param.required.is_required())
            .map(|param| match param.values.first() {
                Some(value) => enum_value(&param.ty, &value.value),
                None => scalar(&param.ty, &param.name, None),
            })
            .collect()
    }

    /// `Name::new(..)` with a value of every required member of `fields`.
    fn object(&mut self, name: &str, fields: &[Field], sample: Option<&Value>) -> String {
        self.imports.insert(name.to_owned());
        let arguments: Vec<String> = fields
            .iter()
            .filter(|field| field.required.is_required())
            .map(|field| self.field(name, field, sample))
            .collect();
        format!("{name}::new({})", arguments.join(", "))
    }

    /// A value of `field` of the type named `owner`.
    fn field(&mut self, owner: &str, field: &Field, sample: Option<&Value>) -> String {
        let member = sample.and_then(|sample| sample.get(&field.name));
        if matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_)) || !has_nested_type(field) {
            return scalar(&field.ty, &field.name, member);
        }
        match field.values.first() {
            Some(value) => enum_value(&field.ty, &value.value),
            None => self.object(&types::nested(owner, field), &field.fields, member),
        }
    }

    /// One optional plain member of the body, set from the docs' example.
    fn optional_setter(&self, fields: &[Field], sample: Option<&Value>) -> Option<String> {
        let field = fields.iter().find(|field| {
            !field.required.is_required()
                && field.credential.is_none()
                && is_plain(&field.ty)
                && field.values.is_empty()
                && field.fields.is_empty()
        })?;
        let member = sample.and_then(|sample| sample.get(&field.name));
        Some(setter(&field.name, &scalar(&field.ty, &field.name, member)))
    }
}

/// `.member(value)`.
fn setter(wire: &str, value: &str) -> String {
    format!(".{}({value})", names::field_name(wire))
}

/// Whether a value of this type is written as a literal.
fn is_plain(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String | TypeRef::Integer | TypeRef::U64 | TypeRef::Number | TypeRef::Boolean
    )
}

/// An open enum's value, which it converts from: text or an `i64`.
fn enum_value(ty: &TypeRef, value: &str) -> String {
    if *ty == TypeRef::Integer {
        format!("{value}i64")
    } else {
        format!("{value:?}")
    }
}

/// A literal of a plain type (the docs' example value when it fits, else the member's name
/// for text), or an empty value of the others.
fn scalar(ty: &TypeRef, name: &str, example: Option<&Value>) -> String {
    match (ty, example) {
        // Apifox writes "string" where the vendor gave no value.
        (TypeRef::String, Some(Value::String(text))) if !text.is_empty() && text != "string" => {
            format!("{text:?}")
        }
        (TypeRef::String, _) => format!("{name:?}"),
        (TypeRef::Integer, Some(Value::Number(number))) if number.is_i64() => {
            format!("{number}i64")
        }
        (TypeRef::Integer, _) => "1i64".to_owned(),
        (TypeRef::U64, Some(Value::Number(number))) if number.is_u64() => {
            format!("{number}u64")
        }
        (TypeRef::U64, _) => "1u64".to_owned(),
        (TypeRef::Number, Some(Value::Number(number))) => format!("{number}f64"),
        (TypeRef::Number, _) => "1.5f64".to_owned(),
        (TypeRef::Boolean, Some(Value::Bool(flag))) => flag.to_string(),
        (TypeRef::Boolean, _) => "true".to_owned(),
        (TypeRef::Any | TypeRef::Object, _) => "serde_json::json!({})".to_owned(),
        (TypeRef::Array(_), _) => "Vec::new()".to_owned(),
        (TypeRef::Map(_), _) => "std::collections::BTreeMap::new()".to_owned(),
    }
}
