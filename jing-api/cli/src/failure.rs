//! Why the program stops: [`Failure`], a message and the exit status it maps to, from the
//! library's [`Error`] or from the program's own checks; every command returns it, and
//! the crate root prints it and exits with its status.

use jing_api::Error;

/// Exit status of a usage error (a missing or malformed flag).
pub const EXIT_USAGE: u8 = 2;
/// Exit status of an answer that is not a success: a non-zero `code`, a spent rate limit,
/// an HTTP error status, a body that does not decode, or a webhook receiver's non-2xx
/// answer to `jing webhook send`.
pub const EXIT_API: u8 = 3;
/// Exit status of a transport error or a timeout.
pub const EXIT_TRANSPORT: u8 = 4;
/// Exit status of an authentication problem (credentials refused, HTTP 401).
pub const EXIT_AUTH: u8 = 5;

/// Why the program stops, and its exit status.
#[derive(Debug)]
pub(crate) struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    /// Says why the program stops, on standard error, and gives its exit status.
    pub(crate) fn report(self) -> u8 {
        eprintln!("error: {}", self.message);
        self.status
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure {
            status: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// The other side answered, but not with a success (exit status 3).
    pub(crate) fn api(message: impl Into<String>) -> Self {
        Failure {
            status: EXIT_API,
            message: message.into(),
        }
    }

    pub(crate) fn other(message: impl Into<String>) -> Self {
        Failure {
            status: 1,
            message: message.into(),
        }
    }

    /// The error of a request the program makes itself (`jing webhook send`): a usage
    /// error when the request cannot be made (a header or the URL not valid), else a
    /// transport error; the URL it quotes is already without credentials.
    pub(crate) fn of_post(error: jing_api::TransportError) -> Self {
        let status = if error.is_request() {
            EXIT_USAGE
        } else {
            EXIT_TRANSPORT
        };
        let message = jing_api::ErrorReport::new(&error).to_string();
        Failure { status, message }
    }

    /// What the program says before it exits.
    #[cfg(feature = "redis")]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// Adds a line of advice to the message.
    #[cfg(feature = "redis")]
    pub(crate) fn add_hint(&mut self, hint: &str) {
        self.message.push('\n');
        self.message.push_str(hint);
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let status = match &error {
            Error::Auth { .. } | Error::RefreshTokenRejected { .. } => EXIT_AUTH,
            _ if error.status() == Some(401) => EXIT_AUTH,
            Error::Api { .. }
            | Error::RateLimited { .. }
            | Error::LimitWaitTooLong { .. }
            | Error::Http { .. }
            | Error::Decode { .. }
            | Error::ResponseTooLarge { .. } => EXIT_API,
            Error::Transport(_) | Error::Store { .. } => EXIT_TRANSPORT,
            Error::Config { .. } | Error::Encode(_) => EXIT_USAGE,
            // A kind of error newer than this program.
            _ => 1,
        };
        // The library's errors say only their own words: the report adds those of every
        // error under them (`connection refused`, the redis error), each once.
        let mut message = error.report().to_string();
        if let Some(id) = error.request_id().filter(|id| !message.contains(*id)) {
            message.push_str(&format!(" (request_id {id})"));
        }
        if matches!(error, Error::RefreshTokenRejected { .. }) {
            message.push_str(
                "\nhint: `jing auth seed` writes a new refresh token (from --refresh-token-file FILE or standard input, never the command line) into the token cache, or into Redis with --redis URL; for this run alone give one with --refresh-token (or JING_REFRESH_TOKEN)",
            );
        } else if status == EXIT_AUTH && message.contains("refused the app secret") {
            message.push_str(
                "\nhint: the refresh token is fine and was not marked refused; give the right app secret with --app-secret (or JING_APP_SECRET, or the profile's app_secret)",
            );
        } else if status == EXIT_AUTH {
            // In the program's terms: which flags and variables carry credentials.
            message.push_str(
                "\nhint: give a new refresh token with --refresh-token (or JING_REFRESH_TOKEN), \
                 or an access token with --access-token (or JING_ACCESS_TOKEN)",
            );
        }
        Failure { status, message }
    }
}
