//! 参数、请求体成员与应答成员。 The members of an endpoint's schema: each parameter or
//! member of the body or of the answer's data ([`Param`]), where it goes ([`Place`]), what
//! its value is ([`Kind`]), the credential it carries ([`Credential`]), and the answer's
//! data as a whole ([`Response`]). Built by the same `const fn` constructors as the rest
//! of the schema, public only with the `test-util` feature.

/// 应答数据的形状。 What the answer's data holds: a value of [`kind`](Self::kind), and the
/// members of its objects, each a [`Param`] in the body's place (its name, kind, required
/// flag, documented values, credential, secrecy and nullability).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Response {
    /// What the data is (an object, a list of objects, a scalar...).
    pub kind: Kind,
    /// The members of its objects (of each object of a list), in the spec's order.
    pub fields: &'static [Param],
}

impl Response {
    test_util_const_fn! {
        /// Data of `kind` whose objects have these members.
        fn new(kind: Kind, fields: &'static [Param]) -> Response {
            Response { kind, fields }
        }
    }
}

/// 接口的一个参数或请求体成员。 One parameter, or member of the body, of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// Where it goes.
    pub place: Place,
    /// What its value is.
    pub kind: Kind,
    /// Whether the docs say it is required; `None` where they do not say.
    pub required: Option<bool>,
    /// The documented values (the enums are open: others are accepted).
    pub values: &'static [&'static str],
    /// The credential a token call's member carries, if any.
    pub credential: Option<Credential>,
    /// A secret (a parameter the spec marks so; an app secret, access or refresh token):
    /// never shown in logs or previews.
    pub secret: bool,
    /// It may be `null` where it is present.
    pub nullable: bool,
    /// An auth header the client fills from its credentials, not the caller.
    pub filled_by_client: bool,
    /// The members of an object (or of each object of a list), in the spec's order.
    pub fields: &'static [Param],
}

impl Param {
    test_util_const_fn! {
        /// A parameter named `name` on the wire, in `place`, of `kind`; optional unless said.
        fn new(name: &'static str, place: Place, kind: Kind) -> Param {
            Param {
                name,
                place,
                kind,
                required: None,
                values: &[],
                credential: None,
                secret: false,
                nullable: false,
                filled_by_client: false,
                fields: &[],
            }
        }

        /// With what the docs say of whether it is required.
        fn with_required(mut self, required: bool) -> Param {
            self.required = Some(required);
            self
        }

        /// With the documented values.
        fn with_values(mut self, values: &'static [&'static str]) -> Param {
            self.values = values;
            self
        }

        /// Carrying `credential`.
        fn with_credential(mut self, credential: Credential) -> Param {
            self.credential = Some(credential);
            self
        }

        /// A secret: a parameter the spec marks so, or a member carrying a secret credential.
        fn secret(mut self) -> Param {
            self.secret = true;
            self
        }

        /// May be `null`.
        fn nullable(mut self) -> Param {
            self.nullable = true;
            self
        }

        /// An auth header the client fills.
        fn filled_by_client(mut self) -> Param {
            self.filled_by_client = true;
            self
        }

        /// With the members of its objects.
        fn with_fields(mut self, fields: &'static [Param]) -> Param {
            self.fields = fields;
            self
        }
    }

    /// Whether the docs say it is required.
    pub fn is_required(&self) -> bool {
        self.required == Some(true)
    }

    /// The kind of each item, when it is a list of scalars (a flag that repeats).
    pub fn list_of(&self) -> Option<Kind> {
        match self.kind {
            Kind::Array(item) if item.is_scalar() => Some(*item),
            _ => None,
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Place {
    /// A `{name}` of the path.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A member of the body (of each item, for an array body).
    Body,
}

/// What a value is, as the spec types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// Text.
    String,
    /// A signed integer.
    Integer,
    /// An unsigned integer beyond `i64` (ids).
    Unsigned,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// An object (its members in [`Param::fields`]).
    Object,
    /// Any JSON value.
    Any,
    /// A list of values of this kind.
    Array(&'static Kind),
    /// An object keyed by text, of values of this kind.
    Map(&'static Kind),
}

impl Kind {
    /// Text, a number or a boolean.
    pub fn is_scalar(self) -> bool {
        matches!(
            self,
            Kind::String | Kind::Integer | Kind::Unsigned | Kind::Number | Kind::Boolean
        )
    }
}

/// A credential a token call's member carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Credential {
    /// The app id.
    AppId,
    /// The app secret.
    AppSecret,
    /// An access token.
    AccessToken,
    /// A refresh token.
    RefreshToken,
    /// The lifetime of an issued access token, in seconds.
    ExpiresIn,
}
