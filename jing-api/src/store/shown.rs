//! How a Redis deployment shows in errors (feature `redis`): its address without
//! credentials, and the causes the redis crate gives, checked where they are kept so that
//! no password of the address and no quoted reply (a stored token) shows; refused
//! credentials are a configuration error. Which connection is open is `connection.rs`.

use redis::{ErrorKind, RedisError};
use secrecy::{ExposeSecret, SecretString};

use super::address::{secrets_of, without_credentials};
use crate::Error;
use crate::error::BoxError;

/// A deployment as errors name it, with the secrets they must not show.
pub(super) struct Shown {
    /// `redis ADDRESS`, the address without its credentials.
    pub(super) name: String,
    secrets: Vec<SecretString>,
}

impl Shown {
    /// The deployment an address names, the password in it kept to be hidden.
    pub(super) fn of_address(url: &str) -> Shown {
        Shown {
            name: format!("redis {}", without_credentials(url)),
            secrets: secrets_of(url)
                .into_iter()
                .map(SecretString::from)
                .collect(),
        }
    }

    /// A deployment named `name`, whose password (when it has one) is `secrets`.
    pub(super) fn with_secrets(name: String, secrets: impl Iterator<Item = SecretString>) -> Shown {
        Shown {
            name,
            secrets: secrets.collect(),
        }
    }

    /// A deployment handed in: its secrets are not known here.
    pub(super) fn named(name: &str) -> Shown {
        Shown {
            name: name.to_owned(),
            secrets: Vec::new(),
        }
    }

    /// `error` as an [`Error::Store`] of this deployment: `step` says which. Credentials
    /// the server refused (`WRONGPASS`, `NOAUTH`) are a configuration error instead: no
    /// retry mends them.
    pub(super) fn failed(&self, step: &str, error: RedisError) -> Error {
        if refused_credentials(&error) {
            return Error::config_because(
                format!(
                    "{}: the server refused the credentials of the address (check the user name and password in the Redis URL)",
                    self.name
                ),
                redis_cause(error, &self.secrets),
            );
        }
        Error::store_because(&*self.name, step, redis_cause(error, &self.secrets))
    }
}

/// `error` as the cause of a store error, checked where it is kept: a type error keeps its
/// kind but not its detail, which quotes the reply (a stored token, say); nothing of it
/// may show one of `secrets` (the address's password).
fn redis_cause(error: RedisError, secrets: &[SecretString]) -> BoxError {
    let error = if error.kind() == ErrorKind::TypeError && error.detail().is_some() {
        RedisError::from((
            ErrorKind::TypeError,
            "Response was of incompatible type",
            "the reply is not shown: it may hold a token".to_owned(),
        ))
    } else {
        error
    };
    let secrets: Vec<&str> = secrets.iter().map(ExposeSecret::expose_secret).collect();
    crate::error::hiding(error, &secrets)
}

/// Whether `error` says the server refused the credentials (or wants some).
fn refused_credentials(error: &RedisError) -> bool {
    error.kind() == ErrorKind::AuthenticationFailed
        || matches!(error.code(), Some("WRONGPASS" | "NOAUTH"))
}

/// Whether `error` says the connection broke (rather than the command failed).
pub(super) fn is_broken(error: &RedisError) -> bool {
    error.is_io_error() || error.is_connection_dropped() || error.is_unrecoverable_error()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `error` and of every error under it, and its `Debug`.
    fn everything_shown(error: &Error) -> String {
        let mut shown = format!("{error:?}");
        let mut under: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(error) = under {
            shown.push('\n');
            shown.push_str(&error.to_string());
            under = error.source();
        }
        shown
    }

    fn redis_error_under(error: &Error) -> Option<&RedisError> {
        std::error::Error::source(error).and_then(|source| source.downcast_ref())
    }

    #[test]
    fn a_type_error_keeps_its_kind_but_not_the_reply_it_quotes() {
        let shown = Shown::named("redis redis://cache:6379/");
        let quoting = RedisError::from((
            ErrorKind::TypeError,
            "Response was of incompatible type",
            "\"Response type not string compatible.\" (response was bulk-string(\"access-token-never-shown\"))".to_owned(),
        ));
        let error = shown.failed("a command failed", quoting);
        let text = everything_shown(&error);
        assert!(!text.contains("never-shown"), "{text}");
        assert!(
            error.report().to_string().starts_with("the redis redis://cache:6379/ store failed: a command failed: Response was of incompatible type"),
            "{text}"
        );
        let redis = redis_error_under(&error);
        assert_eq!(redis.map(RedisError::kind), Some(ErrorKind::TypeError));
    }

    #[test]
    fn an_error_that_quotes_the_password_of_the_address_never_shows_it() {
        let url = "redis://jing:p%40ss-never-shown@cache:6379/";
        let shown = Shown::of_address(url);
        // As if the redis crate quoted the address, decoded, in a message.
        let quoting = RedisError::from((
            ErrorKind::InvalidClientConfig,
            "Cannot use the address",
            "redis://jing:p@ss-never-shown@cache:6379/".to_owned(),
        ));
        let error = shown.failed("the address cannot be used", quoting);
        let text = everything_shown(&error);
        assert!(!text.contains("never-shown"), "{text}");
        assert!(text.contains("redis redis://cache:6379/"), "{text}");
        // Words without a secret keep the redis crate's error itself.
        let plain = RedisError::from(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        let error = shown.failed("cannot connect", plain);
        assert!(
            redis_error_under(&error).is_some_and(RedisError::is_io_error),
            "{error:?}"
        );
    }
}
