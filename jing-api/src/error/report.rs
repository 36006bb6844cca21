//! The whole story of an error on one line, for people: [`ErrorReport`] joins the words of
//! an error and of every error under it (its `source()` chain), because each error's own
//! `Display` says only its own part. The causes are kept in `cause.rs`; how a transport
//! failure is told in plain words is `transport.rs`.

use std::error::Error as StdError;
use std::fmt;

use super::transport::TransportError;

/// An error and every error under it, shown as one line: the words of each, outermost
/// first, joined by `: `, each said once (words that an outer error already said are not
/// repeated). Under a [`TransportError`] the HTTP library's chain is told in a few plain
/// words (`connection refused`, or its deepest error's words) rather than in its own
/// wrappers. What [`Error::report`](crate::Error::report) gives; it works for any error.
///
/// Every error of this crate says only its own part in `Display` and hands the error under
/// it out through [`source()`](std::error::Error::source), so a reporter that walks the
/// chain (anyhow, eyre, this one) prints each cause once.
///
/// 错误及其全部底层原因，合成一行供人阅读；每个原因只出现一次。
///
/// ```
/// let cause = std::io::Error::other("permission denied");
/// let error = jing_api::Error::config_because("cannot read the fixtures", cause);
/// assert_eq!(error.to_string(), "invalid client configuration: cannot read the fixtures");
/// assert_eq!(
///     error.report().to_string(),
///     "invalid client configuration: cannot read the fixtures: permission denied"
/// );
/// ```
#[derive(Clone, Copy)]
pub struct ErrorReport<'a>(&'a (dyn StdError + 'static));

impl<'a> ErrorReport<'a> {
    /// The report of `error` and of the errors under it.
    pub fn new(error: &'a (dyn StdError + 'static)) -> Self {
        ErrorReport(error)
    }
}

impl fmt::Display for ErrorReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut said = self.0.to_string();
        let mut next = self.0;
        loop {
            if let Some(transport) = next.downcast_ref::<TransportError>() {
                if let Some(why) = transport.why() {
                    push_once(&mut said, &why.to_string());
                }
                break;
            }
            let Some(under) = next.source() else { break };
            push_once(&mut said, &under.to_string());
            next = under;
        }
        f.write_str(&said)
    }
}

impl fmt::Debug for ErrorReport<'_> {
    /// The same line as `Display`, so `{:?}` in a log or an `expect` reads as well.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Adds `: words` to `said`, unless the words are empty or already said.
fn push_once(said: &mut String, words: &str) {
    if words.is_empty() || said.contains(words) {
        return;
    }
    said.push_str(": ");
    said.push_str(words);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error with words of its own over an optional error under it.
    #[derive(Debug)]
    struct Layer {
        words: &'static str,
        under: Option<Box<Layer>>,
    }

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.words)
        }
    }

    impl StdError for Layer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.under.as_deref().map(|under| under as _)
        }
    }

    fn chain(words: &[&'static str]) -> Layer {
        let mut under = None;
        for words in words.iter().rev() {
            under = Some(Box::new(Layer { words, under }));
        }
        under.map_or_else(
            || Layer {
                words: "",
                under: None,
            },
            |outer| *outer,
        )
    }

    #[test]
    fn every_cause_is_said_once_outermost_first() {
        let cases: [(&[&'static str], &str); 4] = [
            (&["the store failed"], "the store failed"),
            (
                &["the store failed", "cannot lock", "permission denied"],
                "the store failed: cannot lock: permission denied",
            ),
            // A wrapper that repeats the words under it does not repeat them here.
            (
                &["the store failed", "io: refused", "refused"],
                "the store failed: io: refused",
            ),
            (&["outer", "", "deepest"], "outer: deepest"),
        ];
        for (words, shown) in cases {
            let error = chain(words);
            assert_eq!(ErrorReport::new(&error).to_string(), shown, "{words:?}");
            assert_eq!(format!("{:?}", ErrorReport::new(&error)), shown);
        }
    }
}
