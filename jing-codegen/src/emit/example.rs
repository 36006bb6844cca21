//! The example in the docs of every typed endpoint's accessor method: the request built
//! (required members as constructor arguments, one optional setter), sent, and a member of
//! the answer read. It is a doctest that runs against the in-process mock (jing-mock, a
//! dev-dependency of jing-api).
//!
//! The request is the call's sample (`ir/sample.rs`), written as text: a value the docs'
//! request example gives where it has the member, else one of the member's type (text is
//! the member's name); credentials of the token calls come from the mock. The example shows
//! the sample's setters, and the one optional member it picks to show.

use std::collections::BTreeSet;

use jing_spec::TypeRef;
use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{
    Empty, FirstValue, Group, Response, SampleObject, SampleRequest, SampleValue, Scalar, Setter,
    Typed,
};

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
    let sample = typed.sample();
    let mut imports = Imports::default();
    let request = imports.request(&typed.request_type, &sample);
    let read = read_line(&typed.response);
    let imports: Vec<&str> = imports.names.iter().map(String::as_str).collect();
    let import = match imports.as_slice() {
        [one] => format!("use jing_api::{module}::{one};"),
        many => format!("use jing_api::{module}::{{{}}};", many.join(", ")),
    };
    let mut lines = vec![
        "# async fn example() -> Result<(), jing_api::Error> {".to_owned(),
        "# let mock = jing_mock::MockServer::start().await?;".to_owned(),
        "# let client = mock.client_builder().build()?;".to_owned(),
    ];
    if sample.needs_credentials() {
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

/// The type names an example imports from the group's module, gathered while its request
/// is written.
#[derive(Default)]
struct Imports {
    names: BTreeSet<String>,
}

impl Imports {
    /// The request expression: the constructor with the sample's arguments, its setters,
    /// and the optional member it shows.
    fn request(&mut self, name: &str, sample: &SampleRequest) -> String {
        self.names.insert(name.to_owned());
        let arguments: Vec<String> = (sample.arguments.iter())
            .map(|value| self.value(value))
            .collect();
        let setters: String = (sample.setters.iter().chain(&sample.shown))
            .map(|Setter { ident, value }| format!(".{ident}({})", self.value(value)))
            .collect();
        format!("{name}::new({}){setters}", arguments.join(", "))
    }

    /// A value as text.
    fn value(&mut self, value: &SampleValue) -> String {
        match value {
            SampleValue::Credential(member) => format!("&credentials.{member}"),
            SampleValue::Literal { wire, scalar } => literal(wire, scalar),
            // An open enum converts from its wire value, text or an `i64`.
            SampleValue::Enum(FirstValue::Text(wire)) => format!("{wire:?}"),
            SampleValue::Enum(FirstValue::Integer(number)) => format!("{number}i64"),
            SampleValue::Object(object) => self.object(object),
            SampleValue::Items(item) => format!("Vec::from([{}])", self.object(item)),
            SampleValue::Empty(Empty::List) => "Vec::new()".to_owned(),
            SampleValue::Empty(Empty::Map) => "std::collections::BTreeMap::new()".to_owned(),
            SampleValue::Empty(Empty::Json) => "serde_json::json!({})".to_owned(),
        }
    }

    /// `Name::new(..)`, the name imported.
    fn object(&mut self, object: &SampleObject) -> String {
        self.names.insert(object.name.clone());
        let arguments: Vec<String> = (object.arguments.iter())
            .map(|value| self.value(value))
            .collect();
        format!("{}::new({})", object.name, arguments.join(", "))
    }
}

/// A literal of a plain type: the docs' example value, else the member's name for text and
/// a figure of the type for the others.
fn literal(wire: &str, scalar: &Scalar) -> String {
    match scalar {
        Scalar::Text(Some(text)) => format!("{text:?}"),
        Scalar::Text(None) => format!("{wire:?}"),
        Scalar::Integer(example) => format!("{}i64", example.unwrap_or(1)),
        Scalar::U64(example) => format!("{}u64", example.unwrap_or(1)),
        Scalar::Number(Some(number)) => format!("{number}f64"),
        Scalar::Number(None) => "1.5f64".to_owned(),
        Scalar::Boolean(example) => example.unwrap_or(true).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_prefers_the_docs_values_and_shows_one_setter() {
        let api = crate::testing::leads();
        let (_, typed) = crate::testing::typed(&api, "move_lead");
        let mut imports = Imports::default();
        let request = imports.request(&typed.request_type, &typed.sample());
        // The path and query parameters have no docs' value: an integer's figure, the
        // member's name; an enum keeps its first documented value.
        let expected = concat!(
            r#"MoveLead::new(1i64, "won", -2i64, MoveLeadOwner::new(7f64), Vec::new(), "#,
            r#"std::collections::BTreeMap::new(), "page").memo("Call back")"#,
        );
        assert_eq!(request, expected);
        assert_eq!(
            imports.names.into_iter().collect::<Vec<_>>(),
            ["MoveLead", "MoveLeadOwner"]
        );
    }
}
