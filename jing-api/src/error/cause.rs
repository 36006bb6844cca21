//! What an [`Error`](super::Error) keeps of the error under it (its cause): the error
//! itself, for code that walks [`std::error::Error::source`] and downcasts, and whose words
//! a report shows after the crate's own message. A cause is checked where it is kept:
//! one whose words (or those of an error under it) would show a secret is kept as its words
//! with the secret hidden, never as it came. How the transport's cause is told is
//! `transport.rs`.

use std::error::Error as StdError;
use std::fmt;

use crate::redact::REDACTED;

/// An underlying error as the variants of [`Error`](crate::Error) keep it: any error that
/// can cross threads. `std::error::Error::source` hands it out; `downcast_ref` reaches its
/// type (a `redis::RedisError`, a `std::io::Error`, the token call's own
/// [`Error`](crate::Error), …).
///
/// 错误的底层原因：可经 `source()` 取得并按类型向下转换。
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// `cause` as it is, unless one of `secrets` shows in its words, in those of an error
/// under it, or in its `Debug`: then those words, each secret replaced by [`REDACTED`], as a
/// chain of plain errors (the original type is given up rather than the secret). Empty
/// secrets are ignored.
pub(crate) fn hiding(cause: impl Into<BoxError>, secrets: &[&str]) -> BoxError {
    let cause = cause.into();
    let secrets: Vec<&str> = secrets
        .iter()
        .copied()
        .filter(|secret| !secret.is_empty())
        .collect();
    let debug = format!("{cause:?}");
    let shown = words(&*cause)
        .chain([debug])
        .any(|text| secrets.iter().any(|secret| text.contains(secret)));
    if !shown {
        return cause;
    }
    let hidden: Vec<String> = words(&*cause)
        .map(|text| {
            secrets
                .iter()
                .fold(text, |text, secret| text.replace(secret, REDACTED))
        })
        .collect();
    Box::new(Redacted::chain(hidden))
}

/// The words of `error` and of every error under it, outermost first.
fn words<'a>(error: &'a (dyn StdError + 'static)) -> impl Iterator<Item = String> + 'a {
    std::iter::successors(Some(error), |&error| error.source()).map(ToString::to_string)
}

/// The words of an error that would have shown a secret, hidden; and those of the error
/// that was under it.
#[derive(Debug)]
struct Redacted {
    words: String,
    source: Option<Box<Redacted>>,
}

impl Redacted {
    /// One error per entry of `words` (outermost first), each the source of the one before.
    fn chain(words: Vec<String>) -> Redacted {
        let mut under: Option<Box<Redacted>> = None;
        for words in words.into_iter().rev() {
            under = Some(Box::new(Redacted {
                words,
                source: under,
            }));
        }
        under.map_or_else(
            || Redacted {
                words: REDACTED.to_owned(),
                source: None,
            },
            |outer| *outer,
        )
    }
}

impl fmt::Display for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words)
    }
}

impl StdError for Redacted {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that quotes what it was given, over an I/O error that quotes it too.
    #[derive(Debug)]
    struct Quoting {
        text: String,
        io: std::io::Error,
    }

    impl fmt::Display for Quoting {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "cannot use {}", self.text)
        }
    }

    impl StdError for Quoting {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.io)
        }
    }

    fn quoting(text: &str) -> Quoting {
        Quoting {
            text: text.to_owned(),
            io: std::io::Error::other(format!("refused {text}")),
        }
    }

    #[test]
    fn a_cause_without_a_secret_is_kept_as_it_is() {
        let kept = hiding(quoting("redis://cache:6379/"), &["hunter2", ""]);
        assert!(kept.downcast_ref::<Quoting>().is_some(), "{kept:?}");
        assert_eq!(kept.to_string(), "cannot use redis://cache:6379/");
    }

    #[test]
    fn a_cause_that_shows_a_secret_anywhere_in_its_chain_is_kept_hidden() {
        let kept = hiding(quoting("redis://:hunter2@cache:6379/"), &["hunter2"]);
        let chain: Vec<String> = words(&*kept).collect();
        assert_eq!(
            chain,
            [
                "cannot use redis://:[REDACTED]@cache:6379/",
                "refused redis://:[REDACTED]@cache:6379/"
            ]
        );
        assert!(!format!("{kept:?}").contains("hunter2"), "{kept:?}");
    }

    #[test]
    fn a_secret_shown_only_in_debug_is_hidden_too() {
        #[derive(Debug)]
        struct Quiet {
            #[allow(dead_code, reason = "shown by Debug only")]
            password: &'static str,
        }
        impl fmt::Display for Quiet {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("authentication failed")
            }
        }
        impl StdError for Quiet {}
        let kept = hiding(
            Quiet {
                password: "hunter2",
            },
            &["hunter2"],
        );
        assert_eq!(kept.to_string(), "authentication failed");
        assert!(!format!("{kept:?}").contains("hunter2"), "{kept:?}");
    }
}
