//! Decoding the `{request_id, code, msg, data}` envelope that wraps every response.
//!
//! The envelope is read once, here: a non-zero `code` becomes [`Error::Api`], and only
//! `data` is handed to the endpoint's response type; an answer without `data` (a delete,
//! say) reads as an empty object, so a documented empty response decodes from it. Unknown
//! top-level members (the docs show a stray `timestamp`) are ignored. An endpoint whose
//! answer is not the envelope ([`crate::Answer`]) is read by `answer.rs`. Sending requests
//! is `client.rs`.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::body::{body_start, data_of, decode_error};
use crate::{Answer, Error, lenient};

/// The envelope members the runtime reads, each in whichever JSON form the server chose
/// (`"code": "0"`, a numeric `request_id`); an unreadable one is `None`.
#[derive(Deserialize)]
struct RawEnvelope<'a> {
    #[serde(default, deserialize_with = "lenient::string")]
    request_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::integer")]
    code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    msg: Option<String>,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

/// A response's `data` decoded, with the JSON it was decoded from.
///
/// 解码后的 `data`，以及原始 JSON。
///
/// What [`crate::Client::send_keeping_raw`] returns: for members the docs do not list, or
/// to log exactly what the server sent. The raw text is a copy of the bytes already read;
/// nothing is parsed twice.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Decoded<T> {
    /// The typed `data`.
    pub data: T,
    /// `data` as the server sent it (`null` when it was absent).
    pub raw: Box<RawValue>,
    /// The envelope's `request_id`, when it had one.
    pub request_id: Option<String>,
}

/// Decodes a response body with HTTP status `status` into `T`, the way the client decodes
/// every answer: the envelope read once, a non-zero `code` as [`Error::Api`], `data` into
/// `T` with the same leniency and the same located errors.
///
/// 按客户端的方式解码一个已保存的响应体。 For bodies saved elsewhere (a log, a queue, a
/// test fixture).
///
/// ```
/// use jing_api::customer::CreateCustomerData;
///
/// let body = br#"{"request_id":"r1","code":"0","msg":"ok","data":{"jing_uuid":42}}"#;
/// let data: CreateCustomerData = jing_api::decode_response(200, body)?;
/// assert_eq!(data.jing_uuid, "42");
/// # Ok::<(), jing_api::Error>(())
/// ```
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    decode(&Answer::JING, status, body)
}

/// As [`decode_response`], for an answer of the shape `answer` (an endpoint's
/// [`crate::Endpoint::ANSWER`]).
///
/// 按指定的应答形状解码已保存的响应体。
///
/// ```
/// use jing_api::{Answer, Success};
///
/// let answer = Answer { code: Some("ret"), success: Success::Integer(0), message: None, data: Some("result") };
/// let count: i64 = jing_api::decode_answer(&answer, 200, br#"{"ret":0,"result":3}"#)?;
/// assert_eq!(count, 3);
/// # Ok::<(), jing_api::Error>(())
/// ```
pub fn decode_answer<T: DeserializeOwned>(
    answer: &Answer,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    decode(answer, status, body)
}

/// Decodes a response body with HTTP status `status` into the endpoint's `data` type.
pub(crate) fn decode<T: DeserializeOwned>(
    answer: &Answer,
    status: u16,
    body: &[u8],
) -> Result<T, Error> {
    decode_with(answer, status, body, |data, _| data)
}

/// As [`decode`], keeping the raw `data` beside the typed one.
pub(crate) fn decode_keeping_raw<T: DeserializeOwned>(
    answer: &Answer,
    status: u16,
    body: &[u8],
) -> Result<Decoded<T>, Error> {
    decode_with(answer, status, body, |data, (raw, request_id)| Decoded {
        data,
        raw: raw.to_owned(),
        request_id: request_id.map(str::to_owned),
    })
}

/// The envelope read once; `finish` gets the typed data, the raw data and the request id.
fn decode_with<T: DeserializeOwned, R>(
    answer: &Answer,
    status: u16,
    body: &[u8],
    finish: impl FnOnce(T, (&RawValue, Option<&str>)) -> R,
) -> Result<R, Error> {
    if *answer != Answer::JING {
        return crate::answer::decode_other(answer, status, body, finish);
    }
    let success = (200..300).contains(&status);
    let http = || Error::Http {
        status,
        body_start: body_start(body),
    };
    // A UTF-8 byte order mark is not JSON, but some servers send one.
    let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let envelope: RawEnvelope<'_> = match serde_json::from_slice(json) {
        Ok(envelope) => envelope,
        Err(_) if !success => return Err(http()),
        Err(error) => return Err(not_json(body, json, error)),
    };
    let Some(code) = envelope.code else {
        if !success {
            return Err(http());
        }
        let message =
            "the body is JSON but has no numeric `code`, so it is not the Jing envelope".to_owned();
        return Err(decode_error(
            body,
            "code",
            message,
            envelope.request_id,
            None,
            None,
        ));
    };
    let request_id = envelope.request_id;
    if code != 0 {
        return Err(Error::Api {
            status,
            code,
            // A server may echo what it was sent: credentials in its message are hidden.
            msg: crate::redact::redact_text(&envelope.msg.unwrap_or_default()),
            request_id: request_id.unwrap_or_default(),
        });
    }
    let data = envelope.data.unwrap_or(RawValue::NULL);
    match data_of::<T>(data) {
        Ok(typed) => Ok(finish(typed, (data, request_id.as_deref()))),
        Err(error) => {
            let path = match error.path().to_string() {
                dot if dot == "." => "data".to_owned(),
                inner => format!("data.{inner}"),
            };
            let inner = error.into_inner();
            let raw = Some(data.to_owned());
            Err(decode_error(
                body,
                &path,
                crate::body::MISFIT.to_owned(),
                request_id,
                raw,
                Some(inner),
            ))
        }
    }
}

/// The error of a successful answer whose body is not JSON: empty, or not JSON (what the
/// parser says of it is the error's source).
fn not_json(body: &[u8], json: &[u8], error: serde_json::Error) -> Error {
    let message = if json.iter().all(u8::is_ascii_whitespace) {
        "the body is empty".to_owned()
    } else {
        "the body is not JSON".to_owned()
    };
    decode_error(body, "(body)", message, None, None, Some(error))
}

/// The whole answer as sent (`request_id`, `code`, `msg`, `data` of the Jing envelope, or
/// another answer's members), once it is known to be a success: a failure is the error
/// [`decode`] gives.
pub(crate) fn whole_answer(
    answer: &Answer,
    status: u16,
    body: &[u8],
) -> Result<serde_json::Value, Error> {
    decode::<serde_json::Value>(answer, status, body)?;
    let json = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    serde_json::from_slice(json).map_err(|error| Error::Decode {
        path: "(body)".to_owned(),
        message: "the body is not JSON".to_owned(),
        body_start: body_start(body),
        request_id: None,
        raw_data: None,
        source: Some(error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Data {
        id: String,
    }

    #[test]
    fn envelopes_decode_to_data_or_typed_errors() {
        let ok = br#"{"request_id":"r1","code":0,"msg":"success","data":{"id":"x"},"timestamp":1}"#;
        assert_eq!(
            decode::<Data>(&Answer::JING, 200, ok).ok(),
            Some(Data { id: "x".to_owned() })
        );

        let failed = br#"{"request_id":"r2","code":"40001","msg":"bad token"}"#;
        match decode::<Data>(&Answer::JING, 200, failed) {
            Err(Error::Api {
                status: 200,
                code,
                msg,
                request_id,
            }) => {
                assert_eq!(
                    (code, msg.as_str(), request_id.as_str()),
                    (40001, "bad token", "r2")
                );
            }
            other => panic!("expected an API error, got {other:?}"),
        }

        let wrong = br#"{"request_id":"r3","code":0,"msg":"success","data":{"id":{"n":7}}}"#;
        match decode::<Data>(&Answer::JING, 200, wrong) {
            Err(error @ Error::Decode { .. }) => {
                assert_eq!(error.request_id(), Some("r3"));
                assert!(error.to_string().contains("`data.id`"), "{error}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }

        match decode::<Data>(&Answer::JING, 502, b"<html>Bad Gateway</html>") {
            Err(Error::Http { status, body_start }) => assert_eq!(
                (status, body_start.as_str()),
                (502, "<html>Bad Gateway</html>")
            ),
            other => panic!("expected an HTTP error, got {other:?}"),
        }

        match decode::<Data>(&Answer::JING, 200, b"") {
            Err(Error::Decode { message, .. }) => assert_eq!(message, "the body is empty"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    /// A decode error says what went wrong in its own words; the parser's words are its
    /// source's, which the report adds once.
    #[test]
    fn a_decode_error_leaves_the_parsers_words_to_its_source() {
        use std::error::Error as _;
        let missing = br#"{"request_id":"r","code":0,"msg":"ok","data":{}}"#;
        let not_json = b"{oops";
        for (body, own) in [
            (&missing[..], crate::body::MISFIT),
            (&not_json[..], "the body is not JSON"),
        ] {
            let error = decode::<Data>(&Answer::JING, 200, body).expect_err("does not decode");
            let cause = error.source().map(ToString::to_string).unwrap_or_default();
            assert!(!cause.is_empty(), "{error:?}");
            let shown = error.to_string();
            assert!(shown.contains(own), "{shown}");
            assert!(!shown.contains(&cause), "{shown} repeats {cause}");
            let report = error.report().to_string();
            assert_eq!(report.matches(&cause).count(), 1, "{report}");
        }
    }

    #[test]
    fn errors_never_show_a_credential() {
        // A token answer whose data does not fit, and one that is not an envelope.
        let misfit = br#"{"request_id":"r","code":0,"msg":"ok","data":{"id":{"a":[1]},"access_token":"tok-1","refresh_token":"ref-1"}}"#;
        let cut = br#"<html>{"app_secret":"sec-1","access_token":"tok-2"#;
        let errors = [
            decode::<Data>(&Answer::JING, 200, misfit).err(),
            decode::<Data>(&Answer::JING, 502, cut).err(),
        ];
        for error in errors
            .into_iter()
            .map(|error| error.unwrap_or_else(|| panic!("an error")))
        {
            let shown = format!("{error} {error:?} {:?}", error.raw_data());
            for secret in ["tok-1", "ref-1", "sec-1", "tok-2"] {
                assert!(!shown.contains(secret), "{shown}");
            }
            assert!(shown.contains(crate::redact::REDACTED), "{shown}");
        }
    }
}
