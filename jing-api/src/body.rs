//! What both readers of a response body share, the Jing envelope (`envelope.rs`) and the
//! other answers (`answer.rs`): the start of a body that errors quote, credentials hidden;
//! the located decode error; and `data` read with the leniency of `lenient::Coerce`.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::Error;
use crate::lenient::Coerce;

/// How much of a body an error quotes.
const BODY_START_CHARS: usize = 200;

/// The first characters of a body, for error messages, credentials hidden.
pub(crate) fn body_start(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    // Hidden before the cut, so a secret's value never survives half shown.
    crate::redact::redact_text(&text)
        .chars()
        .take(BODY_START_CHARS)
        .collect()
}

/// The raw `data` an error keeps, credentials hidden (still valid JSON).
fn redacted_raw(raw: Box<RawValue>) -> Box<RawValue> {
    let shown = crate::redact::redact_text(raw.get());
    if shown == raw.get() {
        return raw;
    }
    RawValue::from_string(shown.clone())
        .or_else(|_| serde_json::value::to_raw_value(&shown))
        .unwrap_or(raw)
}

/// `data` as `T`. An absent or `null` `data` is read as `null`, and, when `T` does not take
/// `null`, as an empty object: a response type with no required members decodes from it,
/// one with required members still fails at `data`.
pub(crate) fn data_of<T: DeserializeOwned>(
    data: &RawValue,
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    // Scalars are read in the form each member asks for (`"3"` for 3): see `lenient::Coerce`.
    let read = |text: &str| {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(Coerce::new(&mut deserializer))
    };
    let text = data.get().trim();
    match read(text) {
        Err(error) if text == "null" => read("{}").map_err(|_| error),
        other => other,
    }
}

/// What an [`Error::Decode`] says of a value that does not fit its type (what the parser
/// says of it is the error's source).
pub(crate) const MISFIT: &str = "the value does not fit its type";

/// An [`Error::Decode`] at `path`, quoting the start of `body`.
pub(crate) fn decode_error(
    body: &[u8],
    path: &str,
    message: String,
    request_id: Option<String>,
    raw_data: Option<Box<RawValue>>,
    source: Option<serde_json::Error>,
) -> Error {
    Error::Decode {
        path: path.to_owned(),
        message,
        body_start: body_start(body),
        request_id,
        raw_data: raw_data.map(redacted_raw),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_start_is_cut_on_a_character_boundary() {
        let long = "客".repeat(500);
        assert_eq!(
            body_start(long.as_bytes()).chars().count(),
            BODY_START_CHARS
        );
    }
}
