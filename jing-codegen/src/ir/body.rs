//! What a typed call sends and gets back, in the intermediate form: the request [`Body`]
//! (none, a JSON object, a form, a bare array of items), the [`Response`] data
//! (undocumented, plain, objects), and how the [`Answer`] says success; and their
//! lowering.

use jing_spec::names::types as type_names;
use jing_spec::{ContentType, Shape, TypeRef};

use super::field::{self, Context, CustomFields, Field, ObjectType, RustType};

/// The request body, by how it is encoded.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// No body.
    None,
    /// A JSON object of its members, custom attributes perhaps beside them.
    Json {
        /// Its members, members of the request struct.
        fields: Vec<Field>,
        /// Whether custom attributes stand beside them.
        custom_fields: CustomFields,
    },
    /// A form of flat name=value pairs of scalar members (never custom attributes).
    Form {
        /// Its members, members of the request struct.
        fields: Vec<Field>,
    },
    /// A bare JSON array of items, held by the request's `items` member.
    Array {
        /// The item type.
        item: ObjectType,
    },
}

impl Body {
    /// The members of the body (of each item, for an array).
    pub(crate) fn fields(&self) -> &[Field] {
        match self {
            Body::None => &[],
            Body::Json { fields, .. } | Body::Form { fields } => fields,
            Body::Array { item } => &item.fields,
        }
    }

    /// Whether custom attributes stand beside the members (of each item, for an array).
    pub(crate) fn custom_fields(&self) -> CustomFields {
        match self {
            Body::Json { custom_fields, .. } => *custom_fields,
            Body::Array { item } => item.custom_fields,
            Body::None | Body::Form { .. } => CustomFields::Absent,
        }
    }
}

/// The `data` of an endpoint's answer.
#[derive(Debug, Clone)]
pub(crate) enum Response {
    /// The docs do not show it: any JSON.
    Undocumented,
    /// A type with no members of its own: a scalar, `any`, or a list or map of those.
    Plain {
        /// Its type on the wire.
        ty: TypeRef,
    },
    /// Objects: one, or a list or map of them, each the generated struct `object`.
    Object {
        /// Its type on the wire.
        ty: TypeRef,
        /// The struct (no members: a documented empty object).
        object: ObjectType,
    },
}

impl Response {
    /// The wire type of `data`, when documented.
    pub(crate) fn ty(&self) -> Option<&TypeRef> {
        match self {
            Response::Undocumented => None,
            Response::Plain { ty } | Response::Object { ty, .. } => Some(ty),
        }
    }

    /// The members of the struct; none for data that is not an object.
    pub(crate) fn fields(&self) -> &[Field] {
        match self {
            Response::Object { object, .. } => &object.fields,
            Response::Undocumented | Response::Plain { .. } => &[],
        }
    }
}

/// How an answer says success and where its data is.
#[derive(Debug, Clone)]
pub(crate) enum Answer {
    /// The Jing envelope: `code` 0 on success, the message in `msg`, the data in `data`.
    Envelope,
    /// Another answer, as a maintainer decided it.
    Other(jing_spec::Answer),
}

impl Answer {
    /// The answer an endpoint decided (`answer`), else the Jing envelope; a decided answer
    /// that is the envelope's is the envelope.
    pub(crate) fn of(answer: Option<&jing_spec::Answer>) -> Answer {
        match answer {
            Some(answer) if !answer.is_jing() => Answer::Other(answer.clone()),
            _ => Answer::Envelope,
        }
    }
}

/// The body of the request named `request_type`.
pub(crate) fn body(endpoint: &jing_spec::Endpoint, request_type: &str) -> Body {
    let Some(body) = &endpoint.body else {
        return Body::None;
    };
    match (body.shape, body.content_type) {
        (Shape::Array, _) => {
            let name = type_names::body_item(endpoint);
            let fields = field::fields(&name, &body.fields, Context::Member);
            Body::Array {
                item: ObjectType {
                    name,
                    doc: vec!["批量请求中的一条记录。 One record of the batch request.".to_owned()],
                    fields,
                    custom_fields: CustomFields::from_spec(body.custom_fields),
                },
            }
        }
        (Shape::Object, ContentType::Form) => Body::Form {
            fields: field::fields(request_type, &body.fields, Context::Member),
        },
        (Shape::Object, ContentType::Json) => Body::Json {
            fields: field::fields(request_type, &body.fields, Context::Member),
            custom_fields: CustomFields::from_spec(body.custom_fields),
        },
    }
}

/// The `data` of the answer, and its Rust type. A documented empty object (`fields: []`)
/// is an empty struct that reads any object, ignoring its members.
pub(crate) fn response(endpoint: &jing_spec::Endpoint) -> (Response, RustType) {
    let Some(response) = &endpoint.response else {
        return (Response::Undocumented, RustType::Json);
    };
    let ty = response.ty.clone();
    if *ty.innermost() != TypeRef::Object {
        let rust = RustType::of(&ty, None);
        return (Response::Plain { ty }, rust);
    }
    let name = type_names::response(endpoint);
    let doc = if response.is_empty_object() {
        vec![
            "成功时响应 `data` 的内容：文档写明为空对象，收到的成员一概忽略。 What the".to_owned(),
            "response's `data` holds on success: an object the docs give no members, whose"
                .to_owned(),
            "members, if any come, are ignored.".to_owned(),
        ]
    } else {
        vec!["成功时响应 `data` 的内容。 What the response's `data` holds on success.".to_owned()]
    };
    let rust = RustType::of(&ty, Some(&name));
    let object = ObjectType {
        fields: field::fields(&name, &response.fields, Context::Member),
        name,
        doc,
        custom_fields: CustomFields::from_spec(response.custom_fields),
    };
    (Response::Object { ty, object }, rust)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_and_responses_are_what_their_encoding_and_type_make_them() {
        let api = crate::testing::leads();
        let typed = ["update_leads", "tag_lead", "get_lead"]
            .map(|name| crate::testing::typed(&api, name).1);

        // A bare array of items named by `item_type_name`, custom attributes on each.
        let Body::Array { item } = &typed[0].body else {
            panic!("an array body: {:?}", typed[0].body);
        };
        assert_eq!(item.name, "LeadChange");
        assert_eq!(typed[0].body.custom_fields(), CustomFields::Flattened);
        assert_eq!(typed[0].body.fields()[0].ident, "id");
        assert!(matches!(typed[0].response, Response::Plain { .. }));
        assert_eq!(
            typed[0].response_type,
            RustType::Vec(Box::new(RustType::String))
        );

        // A form, never with custom attributes; no documented `data`: any JSON.
        assert!(matches!(&typed[1].body, Body::Form { fields } if fields[0].wire == "tag"));
        assert_eq!(typed[1].body.custom_fields(), CustomFields::Absent);
        assert!(typed[1].response.ty().is_none() && typed[1].response.fields().is_empty());
        assert_eq!(typed[1].response_type, RustType::Json);

        // A map of objects: the struct `<Request>Data`, its members, another answer.
        let Response::Object { object, .. } = &typed[2].response else {
            panic!("an object response: {:?}", typed[2].response);
        };
        assert_eq!(object.name, "GetLeadData");
        assert_eq!(object.custom_fields, CustomFields::Flattened);
        assert_eq!(
            typed[2].response_type,
            RustType::Map(Box::new(RustType::Named("GetLeadData".to_owned())))
        );
        assert!(
            matches!(&typed[2].answer, Answer::Other(answer) if answer.data.as_deref() == Some("result"))
        );
        assert!(matches!(typed[2].body, Body::None));
    }

    #[test]
    fn a_decided_answer_that_is_the_envelope_is_the_envelope() {
        assert!(matches!(Answer::of(None), Answer::Envelope));
        assert!(matches!(
            Answer::of(Some(&jing_spec::Answer::jing())),
            Answer::Envelope
        ));
    }
}
