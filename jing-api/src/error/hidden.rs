//! An error of a known call, its quoted texts hidden by that call's own secret marks.
//!
//! Decoding hides secrets by the name families alone, since it does not know the call;
//! the client, which does, hides again by what the call's schema marks `secret`
//! ([`Secrets`]), so a header or member of another spelling (`X-Widget-Pass`) is hidden too.

use serde_json::value::RawValue;

use super::Error;
use crate::redact::Secrets;

impl Error {
    /// This error with every text it quotes (the envelope's `msg`, the start of the body,
    /// the raw `data`, the URL of a transport error) hidden by `secrets`.
    pub(crate) fn hiding(mut self, secrets: &Secrets) -> Error {
        match &mut self {
            Error::Api { msg, .. } => *msg = secrets.text(msg),
            Error::Http { body_start, .. } => *body_start = secrets.text(body_start),
            Error::Decode {
                body_start,
                raw_data,
                ..
            } => {
                *body_start = secrets.text(body_start);
                if let Some(raw) = raw_data.take() {
                    *raw_data = Some(hidden_raw(raw, secrets));
                }
            }
            Error::Transport(transport) => transport.hide_url(secrets),
            _ => {}
        }
        self
    }
}

/// `raw` with its secrets hidden, still valid JSON.
fn hidden_raw(raw: Box<RawValue>, secrets: &Secrets) -> Box<RawValue> {
    let shown = secrets.text(raw.get());
    if shown == raw.get() {
        return raw;
    }
    RawValue::from_string(shown.clone())
        .or_else(|_| serde_json::value::to_raw_value(&shown))
        .unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_names_are_hidden_in_every_quoted_text() {
        let secrets = Secrets::marking(["X-Widget-Pass", "pin"]);
        let error = Error::Api {
            status: 200,
            code: 1,
            msg: "refused: pin=1234".to_owned(),
            request_id: "r".to_owned(),
        }
        .hiding(&secrets);
        assert!(!error.to_string().contains("1234"), "{error}");
        let raw = RawValue::from_string(r#"{"PIN":"5678","n":1}"#.to_owned())
            .unwrap_or_else(|error| panic!("{error}"));
        let error = Error::Decode {
            path: "data".to_owned(),
            message: "m".to_owned(),
            body_start: r#"{"x-widget-pass":"9999"}"#.to_owned(),
            request_id: None,
            raw_data: Some(raw),
            source: None,
        }
        .hiding(&secrets);
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("9999") && !shown.contains("5678"),
            "{shown}"
        );
        assert!(shown.contains("[REDACTED]"), "{shown}");
        // Without the marks, only the families count.
        assert_eq!(Secrets::default().text(r#"{"pin":"1"}"#), r#"{"pin":"1"}"#);
    }
}
