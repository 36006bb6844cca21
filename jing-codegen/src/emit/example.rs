//! The example in the docs of every typed endpoint's accessor method: the request built
//! (required members as constructor arguments, one optional setter), sent, and a member of
//! the answer read. It is a doctest that runs against the in-process mock (jing-mock, a
//! dev-dependency of jing-api).
//!
//! Values come from the docs' request example where it has the member, else from the
//! member's type (text is the member's name); credentials of the token calls come from the
//! mock.

use std::collections::BTreeSet;

use jing_spec::{Credential, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::ir::{Body, Field, Group, Nested, Place, RequestMember, Response, Typed, Variants};

/// The `# Example` section of the accessor method of a typed call, as doc attributes.
pub(crate) fn example_doc(group: &Group, typed: &Typed) -> TokenStream {
    let lines = example_lines(group, typed);
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
        #[doc = " ```"]
        #(#lines)*
        #[doc = " ```"]
    }
}

/// The lines of the example's code, hidden set-up lines starting with `# `.
fn example_lines(group: &Group, typed: &Typed) -> Vec<String> {
    let (module, call) = (&group.accessor, &typed.method_name);
    let mut example = Example::new(typed);
    let request = example.request(typed);
    let read = read_line(&typed.response);
    let imports: Vec<&str> = example.imports.iter().map(String::as_str).collect();
    let import = match imports.as_slice() {
        [one] => format!("use jing_api::{module}::{one};"),
        many => format!("use jing_api::{module}::{{{}}};", many.join(", ")),
    };
    let mut lines = vec![
        "# async fn example() -> Result<(), jing_api::Error> {".to_owned(),
        "# let mock = jing_mock::MockServer::start().await?;".to_owned(),
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
fn read_line(response: &Response) -> String {
    let Some(ty) = response.ty() else {
        return "println!(\"{data:?}\");".to_owned();
    };
    // A member that carries a credential is never what an example prints.
    let shown = response
        .fields()
        .iter()
        .find(|field| field.credential.is_none());
    match (ty, shown) {
        (TypeRef::Object, Some(field)) => {
            let member = &field.ident;
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
    fn new(typed: &Typed) -> Self {
        let sample = typed
            .request_example
            .as_deref()
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

    /// The request expression: the constructor with its arguments (in its order, as
    /// `Typed::arguments` gives them) and one setter.
    fn request(&mut self, typed: &Typed) -> String {
        let name = &typed.request_type;
        self.imports.insert(name.clone());
        let sample = self.sample.clone();
        let arguments: Vec<String> = (typed.arguments())
            .map(|member| match member {
                RequestMember::Items(item) => {
                    let item = self.object(&item.name, &item.fields, sample.as_ref());
                    format!("vec![{item}]")
                }
                RequestMember::Set { field, place, .. } => {
                    match (field.credential.and_then(|c| self.credential(c)), place) {
                        (Some(value), _) => value,
                        (None, Place::Body) => self.field(field, sample.as_ref()),
                        (None, Place::Path | Place::Query | Place::Header) => param_value(field),
                    }
                }
            })
            .collect();
        // An optional member that carries a credential is set from the mock's; else one
        // optional plain member of the body, else of the query, shows a setter.
        let mut setters: Vec<String> = (typed.optional_members())
            .filter_map(|(_, field)| {
                let value = field.credential.and_then(|c| self.credential(c))?;
                Some(setter(field, &value))
            })
            .collect();
        if setters.is_empty() {
            setters.extend(self.optional_setter(&typed.body, sample.as_ref()));
        }
        if setters.is_empty() {
            let optional_query = typed
                .query
                .iter()
                .find(|param| !param.is_required() && is_plain(&param.ty));
            if let Some(param) = optional_query {
                setters.push(setter(param, &scalar(&param.ty, &param.wire, None)));
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

    /// `Name::new(..)` with a value of every required member of `fields`.
    fn object(&mut self, name: &str, fields: &[Field], sample: Option<&Value>) -> String {
        self.imports.insert(name.to_owned());
        let arguments: Vec<String> = fields
            .iter()
            .filter(|field| field.is_required())
            .map(|field| self.field(field, sample))
            .collect();
        format!("{name}::new({})", arguments.join(", "))
    }

    /// A value of `field`.
    fn field(&mut self, field: &Field, sample: Option<&Value>) -> String {
        let member = sample.and_then(|sample| sample.get(&field.wire));
        if matches!(field.ty, TypeRef::Array(_) | TypeRef::Map(_)) {
            return scalar(&field.ty, &field.wire, member);
        }
        match &field.nested {
            Some(Nested::Enum(enumeration)) => enum_value(&enumeration.variants),
            Some(Nested::Object(object)) => self.object(&object.name, &object.fields, member),
            Some(Nested::Shape(_)) | None => scalar(&field.ty, &field.wire, member),
        }
    }

    /// One optional plain member of an object or form body, set from the docs' example.
    fn optional_setter(&self, body: &Body, sample: Option<&Value>) -> Option<String> {
        let fields = match body {
            Body::Json { fields, .. } | Body::Form { fields } => fields,
            Body::Array { .. } | Body::None => return None,
        };
        let field = fields.iter().find(|field| {
            !field.is_required()
                && field.credential.is_none()
                && is_plain(&field.ty)
                && field.nested.is_none()
        })?;
        let member = sample.and_then(|sample| sample.get(&field.wire));
        Some(setter(field, &scalar(&field.ty, &field.wire, member)))
    }
}

/// The value of a required parameter: an open enum's first value, else a plain one.
fn param_value(param: &Field) -> String {
    match &param.nested {
        Some(Nested::Enum(enumeration)) => enum_value(&enumeration.variants),
        _ => scalar(&param.ty, &param.wire, None),
    }
}

/// `.member(value)`.
fn setter(field: &Field, value: &str) -> String {
    format!(".{}({value})", field.ident)
}

/// Whether a value of this type is written as a literal.
fn is_plain(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String | TypeRef::Integer | TypeRef::U64 | TypeRef::Number | TypeRef::Boolean
    )
}

/// An open enum's first value, which it converts from: text or an `i64`.
fn enum_value(variants: &Variants) -> String {
    match variants {
        Variants::Integer(numbered) => format!("{}i64", numbered.first.variant.wire),
        Variants::Text(variants) => format!("{:?}", variants.first.wire),
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
