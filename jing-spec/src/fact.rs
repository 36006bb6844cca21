//! What a fact of an endpoint is, and its key: the one definition the importer counts by
//! (`facts: N matched, N changed, N dropped`), the `overrides` of an endpoint name, and a
//! `decisions` item is about.
//!
//! A fact is one thing a page states that the spec can hold: the method, the path, each
//! rate limit, the title in each language, the body's shape and content type, the type of
//! the answer's data, each example, how the answer says success ([`Answer`]), each
//! alternative answer and each security scheme (and, for decisions only, what the spec has
//! no place for: `page.cookie.sid`); and of each member (path, header or
//! query parameter, body or response field, at any depth) its presence, type, required
//! flag, `nullable`, each enum value and each value's label, its example, default and
//! limits.
//!
//! Keys read `SCOPE` or `MEMBER:FACT`: `method`, `rate_limit.per_day`, `body:content_type`,
//! `examples.response`, `examples.response.失败` (another example), `answers.x-200:失败`,
//! `headers.X-Trace-Id` (the member, wholly), `body.owner.id:required`,
//! `response.state:enum.2`, `query.page:maximum`.
//!
//! [`Answer`]: crate::Answer

use std::fmt;
use std::str::FromStr;

/// Where a member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// A path parameter.
    PathParams,
    /// A header parameter.
    Headers,
    /// A query parameter.
    Query,
    /// A member of the request body.
    Body,
    /// A member of the answer's data.
    Response,
}

impl Part {
    /// Every part, in the order an endpoint lists them.
    pub const ALL: [Part; 5] = [
        Part::PathParams,
        Part::Headers,
        Part::Query,
        Part::Body,
        Part::Response,
    ];

    /// The spelling in keys: `path_params`, `headers`, `query`, `body`, `response`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::PathParams => "path_params",
            Part::Headers => "headers",
            Part::Query => "query",
            Part::Body => "body",
            Part::Response => "response",
        }
    }
}

/// One fact of a member.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemberFact {
    /// Its type.
    Type,
    /// Its required flag.
    Required,
    /// That it may be `null`.
    Nullable,
    /// A documented value (`None`: all of them, in an override).
    Enum(Option<String>),
    /// The label of a documented value.
    Label(String),
    /// Its example value.
    Example,
    /// Its default value.
    Default,
    /// The least number.
    Minimum,
    /// The greatest number.
    Maximum,
    /// The fewest characters.
    MinLength,
    /// The most characters.
    MaxLength,
}

impl fmt::Display for MemberFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemberFact::Type => f.write_str("type"),
            MemberFact::Required => f.write_str("required"),
            MemberFact::Nullable => f.write_str("nullable"),
            MemberFact::Enum(None) => f.write_str("enum"),
            MemberFact::Enum(Some(value)) => write!(f, "enum.{value}"),
            MemberFact::Label(value) => write!(f, "label.{value}"),
            MemberFact::Example => f.write_str("example"),
            MemberFact::Default => f.write_str("default"),
            MemberFact::Minimum => f.write_str("minimum"),
            MemberFact::Maximum => f.write_str("maximum"),
            MemberFact::MinLength => f.write_str("min_length"),
            MemberFact::MaxLength => f.write_str("max_length"),
        }
    }
}

impl FromStr for MemberFact {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if let Some(value) = text.strip_prefix("enum.") {
            return Ok(MemberFact::Enum(Some(value.to_owned())));
        }
        if let Some(value) = text.strip_prefix("label.") {
            return Ok(MemberFact::Label(value.to_owned()));
        }
        Ok(match text {
            "type" => MemberFact::Type,
            "required" => MemberFact::Required,
            "nullable" => MemberFact::Nullable,
            "enum" => MemberFact::Enum(None),
            "example" => MemberFact::Example,
            "default" => MemberFact::Default,
            "minimum" => MemberFact::Minimum,
            "maximum" => MemberFact::Maximum,
            "min_length" => MemberFact::MinLength,
            "max_length" => MemberFact::MaxLength,
            other => {
                return Err(format!(
                    "`{other}` is not a fact of a member (type, required, nullable, enum, enum.VALUE, label.VALUE, example, default, minimum, maximum, min_length, max_length)"
                ));
            }
        })
    }
}

/// A fact of an endpoint, by key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FactKey {
    /// `method`
    Method,
    /// `path`
    Path,
    /// `rate_limit.per_second`
    PerSecond,
    /// `rate_limit.per_day`
    PerDay,
    /// `title.zh`
    TitleZh,
    /// `title.en`
    TitleEn,
    /// `body`: the whole body (in an override).
    Body,
    /// `body:shape`
    BodyShape,
    /// `body:content_type`
    ContentType,
    /// `response`: the whole answer's data (in an override).
    Response,
    /// `response:type`
    ResponseType,
    /// `examples.request`
    RequestExample,
    /// `examples.response`
    ResponseExample,
    /// `examples.request.NAME` / `examples.response.NAME`: another example of the docs,
    /// after the first of its part (`examples.more` of the entry).
    MoreExample(String),
    /// `answer`: how the answer says success and where its data is.
    Answer,
    /// `auth`: how the call authenticates (`headers`, the spec's auth headers; `none`, a
    /// credential of the page's own the caller passes).
    Auth,
    /// `answers.NAME`: an alternative answer the page shows (`x-200:失败`, `400`).
    Alternative(String),
    /// `security.NAME`: a security scheme of the page.
    Security(String),
    /// `page.WHAT`: a fact of the page the spec has no place for (`page.cookie.sid`, a
    /// parameter in a cookie), only ever a decision.
    Unplaced(String),
    /// `PART.NAME(.NAME)*` (the member, wholly), or `…:FACT`.
    Member {
        /// Where the member is.
        part: Part,
        /// Its name, and its parents' outermost first.
        path: Vec<String>,
        /// The fact of it, or `None` for the member itself.
        fact: Option<MemberFact>,
    },
}

impl FactKey {
    /// The key of the member at `path` of `part`, or of one of its facts.
    pub fn member(part: Part, path: &[&str], fact: Option<MemberFact>) -> Self {
        FactKey::Member {
            part,
            path: path.iter().map(|name| (*name).to_owned()).collect(),
            fact,
        }
    }

    /// The member key this one is about (itself for a member, without its fact).
    pub fn member_key(&self) -> Option<FactKey> {
        match self {
            FactKey::Member { part, path, .. } => Some(FactKey::Member {
                part: *part,
                path: path.clone(),
                fact: None,
            }),
            _ => None,
        }
    }

    /// Whether `self` (an override, say) covers `other`: the same key, a member and any
    /// fact of it or of its members, all values for one value, the whole body for its
    /// members and facts.
    pub fn covers(&self, other: &FactKey) -> bool {
        match (self, other) {
            _ if self == other => true,
            (FactKey::Body, FactKey::BodyShape | FactKey::ContentType) => true,
            (FactKey::Body, FactKey::Member { part, .. }) => *part == Part::Body,
            (FactKey::Response, FactKey::ResponseType) => true,
            (FactKey::Response, FactKey::Member { part, .. }) => *part == Part::Response,
            (
                FactKey::Member {
                    part,
                    path,
                    fact: None,
                },
                FactKey::Member {
                    part: other_part,
                    path: other_path,
                    ..
                },
            ) => part == other_part && other_path.starts_with(path),
            (
                FactKey::Member {
                    part,
                    path,
                    fact: Some(MemberFact::Enum(None)),
                },
                FactKey::Member {
                    part: other_part,
                    path: other_path,
                    fact: Some(MemberFact::Enum(Some(_)) | MemberFact::Label(_)),
                },
            ) => part == other_part && path == other_path,
            _ => false,
        }
    }
}

impl fmt::Display for FactKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactKey::Method => f.write_str("method"),
            FactKey::Path => f.write_str("path"),
            FactKey::PerSecond => f.write_str("rate_limit.per_second"),
            FactKey::PerDay => f.write_str("rate_limit.per_day"),
            FactKey::TitleZh => f.write_str("title.zh"),
            FactKey::TitleEn => f.write_str("title.en"),
            FactKey::Body => f.write_str("body"),
            FactKey::BodyShape => f.write_str("body:shape"),
            FactKey::ContentType => f.write_str("body:content_type"),
            FactKey::Response => f.write_str("response"),
            FactKey::ResponseType => f.write_str("response:type"),
            FactKey::RequestExample => f.write_str("examples.request"),
            FactKey::ResponseExample => f.write_str("examples.response"),
            FactKey::MoreExample(name) => write!(f, "examples.{name}"),
            FactKey::Answer => f.write_str("answer"),
            FactKey::Auth => f.write_str("auth"),
            FactKey::Alternative(name) => write!(f, "answers.{name}"),
            FactKey::Security(name) => write!(f, "security.{name}"),
            FactKey::Unplaced(what) => write!(f, "page.{what}"),
            FactKey::Member { part, path, fact } => {
                write!(f, "{}.{}", part.as_str(), path.join("."))?;
                match fact {
                    Some(fact) => write!(f, ":{fact}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl FromStr for FactKey {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let simple = match text {
            "method" => Some(FactKey::Method),
            "path" => Some(FactKey::Path),
            "rate_limit.per_second" => Some(FactKey::PerSecond),
            "rate_limit.per_day" => Some(FactKey::PerDay),
            "title.zh" => Some(FactKey::TitleZh),
            "title.en" => Some(FactKey::TitleEn),
            "body" => Some(FactKey::Body),
            "body:shape" => Some(FactKey::BodyShape),
            "body:content_type" => Some(FactKey::ContentType),
            "response" => Some(FactKey::Response),
            "response:type" => Some(FactKey::ResponseType),
            "examples.request" => Some(FactKey::RequestExample),
            "examples.response" => Some(FactKey::ResponseExample),
            "answer" => Some(FactKey::Answer),
            "auth" => Some(FactKey::Auth),
            _ => None,
        };
        if let Some(key) = simple {
            return Ok(key);
        }
        let named = |prefix: &str| {
            text.strip_prefix(prefix)
                .filter(|name| !name.is_empty())
                .map(str::to_owned)
        };
        if let Some(name) = named("examples.") {
            return Ok(FactKey::MoreExample(name));
        }
        if let Some(name) = named("answers.") {
            return Ok(FactKey::Alternative(name));
        }
        if let Some(name) = named("security.") {
            return Ok(FactKey::Security(name));
        }
        if let Some(what) = named("page.") {
            return Ok(FactKey::Unplaced(what));
        }
        let (member, fact) = match text.split_once(':') {
            Some((member, fact)) => (member, Some(fact.parse::<MemberFact>()?)),
            None => (text, None),
        };
        let (part, path) = member.split_once('.').ok_or_else(|| unknown(text))?;
        let part = Part::ALL
            .into_iter()
            .find(|known| known.as_str() == part)
            .ok_or_else(|| unknown(text))?;
        let path: Vec<String> = path.split('.').map(str::to_owned).collect();
        if path.iter().any(String::is_empty) {
            return Err(format!("`{text}` names a member with an empty name"));
        }
        Ok(FactKey::Member { part, path, fact })
    }
}

fn unknown(text: &str) -> String {
    format!(
        "`{text}` is not a fact key: `method`, `path`, `rate_limit.per_second`, `rate_limit.per_day`, `title.zh`, `title.en`, `body`, `body:shape`, `body:content_type`, `response`, `response:type`, `examples.request`, `examples.response`, `answer`, `answers.NAME`, `security.NAME`, `page.WHAT`, or a member (`headers.NAME`, `query.NAME`, `path_params.NAME`, `body.NAME.NAME`, `response.NAME`) with an optional `:FACT`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_as_written() {
        for text in [
            "method",
            "rate_limit.per_day",
            "body:content_type",
            "examples.response",
            "answers.x-200:失败",
            "security.bearer",
            "page.cookie.sid",
            "headers.X-Trace-Id",
            "body.owner.id:required",
            "response.state:enum.2",
            "response.state:label.2",
            "query.page:max_length",
        ] {
            let key: FactKey = text.parse().unwrap_or_else(|error| panic!("{error}"));
            assert_eq!(key.to_string(), text);
        }
        for bad in ["", "method:type", "cookies.a", "body..a", "body.a:colour"] {
            assert!(bad.parse::<FactKey>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_member_covers_its_facts_and_members() {
        let key = |text: &str| {
            text.parse::<FactKey>()
                .unwrap_or_else(|error| panic!("{error}"))
        };
        assert!(key("body.owner").covers(&key("body.owner.id:type")));
        assert!(key("body").covers(&key("body:content_type")));
        assert!(key("body.a:enum").covers(&key("body.a:label.1")));
        assert!(!key("body.owner").covers(&key("body.ownerId")));
        assert!(!key("body.owner:type").covers(&key("body.owner.id:type")));
        assert!(!key("response").covers(&key("body.a")));
    }
}
