//! Decoding the `{request_id, code, msg, data}` envelope that wraps every response.
//!
//! The envelope is read once, here: a non-zero `code` becomes [`Error::Api`], and only
//! `data` is handed to the endpoint's response type. Unknown top-level members (the docs
//! show a stray `timestamp`) are ignored. Sending requests is `client.rs`.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::Error;

/// How much of a body an error quotes.
const BODY_START_CHARS: usize = 200;

/// The envelope members the runtime reads; `code` may come as a number or a numeric string.
#[derive(Deserialize)]
struct RawEnvelope<'a> {
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    code: Option<Code>,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Code {
    Number(i64),
    Text(String),
}

impl Code {
    fn value(&self) -> Option<i64> {
        match self {
            Code::Number(number) => Some(*number),
            Code::Text(text) => text.trim().parse().ok(),
        }
    }
}

/// The first characters of a body, for error messages.
pub(crate) fn body_start(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(BODY_START_CHARS)
        .collect()
}

/// Decodes a response body with HTTP status `status` into the endpoint's `data` type.
pub(crate) fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    let success = (200..300).contains(&status);
    let decode_error =
        |path: String, message: String, request_id: Option<String>, source| Error::Decode {
            path,
            message,
            body_start: body_start(body),
            request_id,
            source,
        };
    let envelope: RawEnvelope<'_> = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(_) if !success => {
            return Err(Error::Http {
                status,
                body_start: body_start(body),
            });
        }
        Err(error) => {
            let message = if body.is_empty() {
                "the body is empty".to_owned()
            } else {
                error.to_string()
            };
            return Err(decode_error(
                "(body)".to_owned(),
                message,
                None,
                Some(error),
            ));
        }
    };
    let Some(code) = envelope.code.as_ref().and_then(Code::value) else {
        if !success {
            return Err(Error::Http {
                status,
                body_start: body_start(body),
            });
        }
        let message =
            "the body is JSON but has no numeric `code`, so it is not the Jing envelope".to_owned();
        return Err(decode_error(
            "code".to_owned(),
            message,
            envelope.request_id,
            None,
        ));
    };
    let request_id = envelope.request_id;
    if code != 0 {
        return Err(Error::Api {
            code,
            msg: envelope.msg.unwrap_or_default(),
            request_id: request_id.unwrap_or_default(),
        });
    }
    let data = envelope.data.map_or("null", RawValue::get);
    let mut deserializer = serde_json::Deserializer::from_str(data);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = match error.path().to_string() {
            dot if dot == "." => "data".to_owned(),
            inner => format!("data.{inner}"),
        };
        let inner = error.into_inner();
        decode_error(path, inner.to_string(), request_id, Some(inner))
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
            decode::<Data>(200, ok).ok(),
            Some(Data { id: "x".to_owned() })
        );

        let failed = br#"{"request_id":"r2","code":"40001","msg":"bad token"}"#;
        match decode::<Data>(200, failed) {
            Err(Error::Api {
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

        let wrong = br#"{"request_id":"r3","code":0,"msg":"success","data":{"id":7}}"#;
        match decode::<Data>(200, wrong) {
            Err(error @ Error::Decode { .. }) => {
                assert_eq!(error.request_id(), Some("r3"));
                assert!(error.to_string().contains("`data.id`"), "{error}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }

        match decode::<Data>(502, b"<html>Bad Gateway</html>") {
            Err(Error::Http { status, body_start }) => assert_eq!(
                (status, body_start.as_str()),
                (502, "<html>Bad Gateway</html>")
            ),
            other => panic!("expected an HTTP error, got {other:?}"),
        }

        match decode::<Data>(200, b"") {
            Err(Error::Decode { message, .. }) => assert_eq!(message, "the body is empty"),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn body_start_is_cut_on_a_character_boundary() {
        let long = "客".repeat(500);
        assert_eq!(
            body_start(long.as_bytes()).chars().count(),
            BODY_START_CHARS
        );
    }
}
