//! Where `jing` finds its credentials and base URL: flags first, then a profile when one is
//! named (`--profile NAME` or `JING_PROFILE`; the `JING_*` variables are then not mixed in),
//! else the `JING_*` environment variables. The profile file is `JING_CONFIG`, else
//! `jing/profiles.toml` in the user's configuration folder. The file holds secrets, so it is
//! refused when others may read it. Secrets are never printed.
//!
//! ```toml
//! [staging]
//! base_url = "https://jingopenapi.jingsocial.com"
//! app_id = "100000000000000000000000001"
//! app_secret = "…"
//! refresh_token = "…"
//! ```
//!
//! The keys are `base_url`, `app_id`, `access_token`, `app_secret`, `refresh_token`,
//! `redis_url`, `token_rejected_codes` (`"40001,40002"`, `91003` or `[40001, 91003]`),
//! `secret_rejected_codes` (as the former), `max_limit_wait` (seconds: `5`, `2.5` or `"5"`),
//! `refresh_margin` and `renewal_lease` (`"500ms"`, `"2s"`, or seconds: `0.5`); the others
//! are strings. Any other key is refused, naming these. The settings that are no
//! credentials (`redis_url`, the code lists, `max_limit_wait`, `refresh_margin`,
//! `renewal_lease`) fall back to their `JING_*` variable when the named profile does not
//! set them; credentials and the base URL never do.
//!
//! Finding, checking and reading the profile file is `profile.rs`.

use clap::{Arg, ArgMatches};
use secrecy::{ExposeSecret, SecretString};

use super::shared::{Sharing, Tokens};
use crate::failure::Failure;
use jing_api::{ApiSpec, Client, ClientBuilder};

/// What a call without credentials is told.
pub(crate) const NO_CREDENTIALS: &str = "no credentials: give --access-token (or JING_ACCESS_TOKEN), or --app-secret with --refresh-token (JING_APP_SECRET, JING_REFRESH_TOKEN), or a --profile that has them";

/// The settings of a profile, or of flags and variables together.
#[derive(Default)]
pub(crate) struct Settings {
    pub(crate) base_url: Option<String>,
    pub(crate) app_id: Option<String>,
    access_token: Option<SecretString>,
    app_secret: Option<SecretString>,
    refresh_token: Option<SecretString>,
    /// Shares tokens and limits on this Redis server (see `shared.rs`).
    redis_url: Option<SecretString>,
    /// The codes meaning "token rejected", as given (`40001,40002`).
    token_rejected_codes: Option<String>,
    /// The longest a call waits for a per-second limit, in seconds, as given.
    max_limit_wait: Option<String>,
    /// How early to renew at most, as given (`500ms`, `2s`).
    refresh_margin: Option<String>,
    /// The codes meaning "app secret refused", as given.
    secret_rejected_codes: Option<String>,
    /// The renewal lock's lease, as given (`6s`).
    renewal_lease: Option<String>,
}

/// (flag, environment variable, help, secret).
const SOURCES: [(&str, &str, &str, bool); 5] = [
    (
        "base-url",
        "JING_BASE_URL",
        "接口基础地址。 The API's base URL (default: the production one).",
        false,
    ),
    ("app-id", "JING_APP_ID", "应用 ID。 The app id.", false),
    (
        "access-token",
        "JING_ACCESS_TOKEN",
        "访问令牌。 An access token.",
        true,
    ),
    (
        "app-secret",
        "JING_APP_SECRET",
        "应用密钥（用于刷新令牌）。 The app secret, to renew tokens.",
        true,
    ),
    (
        "refresh-token",
        "JING_REFRESH_TOKEN",
        "刷新令牌。 The refresh token, to renew tokens.",
        true,
    ),
];

/// Where the credential flags are listed in the help.
const HEADING: &str = "凭据 Credentials";

/// The credential flags, on every command.
pub(crate) fn credential_args() -> Vec<Arg> {
    let mut args: Vec<Arg> = SOURCES
        .iter()
        .map(|(flag, variable, help, _)| {
            Arg::new(*flag)
                .long(*flag)
                .global(true)
                .help_heading(HEADING)
                .help(format!("{help} [env: {variable}]"))
        })
        .collect();
    args.push(
        Arg::new("profile")
            .long("profile")
            .value_name("NAME")
            .global(true)
            .help_heading(HEADING)
            .help("配置文件中的档案（JING_CONFIG，或用户配置目录下的 jing/profiles.toml）。 A profile of the profile file (JING_CONFIG, or jing/profiles.toml in your configuration folder). [env: JING_PROFILE]"),
    );
    args.extend(super::shared::args(HEADING));
    args
}

impl Settings {
    /// Flags first, member by member; then the profile when one is named (`--profile` or
    /// `JING_PROFILE`), whose members are never mixed with `JING_*` variables (a token
    /// exported for one server must not travel to a profile's other one); else the
    /// variables.
    /// The base URL none is given is `api`'s default.
    pub(crate) fn resolve(api: &ApiSpec, matches: &ArgMatches) -> Result<Settings, Failure> {
        let flag = |flag: &str| matches.try_get_one::<String>(flag).ok().flatten().cloned();
        let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let profile_name = flag("profile").or_else(|| variable("JING_PROFILE"));
        let profile = match &profile_name {
            Some(name) => Settings::profile(name)?,
            None => Settings::default(),
        };
        let given = |name: &str, from_environment: &str| {
            flag(name).or_else(|| {
                profile_name
                    .is_none()
                    .then(|| variable(from_environment))
                    .flatten()
            })
        };
        // Settings that are no credentials: the flag, else the profile's, else the variable
        // (a Redis server or a code list exported for every profile is meant for them all).
        let setting = |name: &str, from_profile: Option<String>, from_environment: &str| {
            flag(name)
                .or(from_profile)
                .or_else(|| variable(from_environment))
        };
        let [base_url, app_id, access_token, app_secret, refresh_token] =
            SOURCES.map(|(flag, variable, ..)| given(flag, variable));
        let secret = |value: Option<String>, fallback: Option<SecretString>| {
            value.map(SecretString::from).or(fallback)
        };
        Ok(Settings {
            base_url: Some(
                base_url
                    .or(profile.base_url)
                    .unwrap_or_else(|| api.default_base_url.to_owned()),
            ),
            app_id: app_id.or(profile.app_id),
            access_token: secret(access_token, profile.access_token),
            app_secret: secret(app_secret, profile.app_secret),
            refresh_token: secret(refresh_token, profile.refresh_token),
            redis_url: match flag("redis-url-file") {
                Some(file) if flag("redis").is_none() => Some(read_redis_url_file(&file)?),
                _ => setting(
                    "redis",
                    profile.redis_url.map(|url| url.expose_secret().to_owned()),
                    "JING_REDIS_URL",
                ),
            }
            .map(SecretString::from),
            token_rejected_codes: setting(
                "token-rejected-code",
                profile.token_rejected_codes,
                "JING_TOKEN_REJECTED_CODES",
            ),
            max_limit_wait: setting(
                "max-limit-wait",
                profile.max_limit_wait,
                "JING_MAX_LIMIT_WAIT",
            ),
            refresh_margin: setting(
                "refresh-margin",
                profile.refresh_margin,
                "JING_REFRESH_MARGIN",
            ),
            secret_rejected_codes: setting(
                "secret-rejected-code",
                profile.secret_rejected_codes,
                "JING_SECRET_REJECTED_CODES",
            ),
            renewal_lease: setting("renewal-lease", profile.renewal_lease, "JING_RENEWAL_LEASE"),
        })
    }

    /// The profile `name` of the profile file.
    fn profile(name: &str) -> Result<Settings, Failure> {
        let section = crate::profile::section(name)?;
        let text = |key: &str| section.get(key).cloned();
        Ok(Settings {
            base_url: text("base_url"),
            app_id: text("app_id"),
            access_token: text("access_token").map(SecretString::from),
            app_secret: text("app_secret").map(SecretString::from),
            refresh_token: text("refresh_token").map(SecretString::from),
            redis_url: text("redis_url").map(SecretString::from),
            token_rejected_codes: text("token_rejected_codes"),
            max_limit_wait: text("max_limit_wait"),
            refresh_margin: text("refresh_margin"),
            secret_rejected_codes: text("secret_rejected_codes"),
            renewal_lease: text("renewal_lease"),
        })
    }

    /// The value of a credential, when the settings have it.
    pub(crate) fn credential(&self, credential: jing_api::schema::Credential) -> Option<String> {
        use jing_api::schema::Credential;
        let secret = |value: &Option<SecretString>| {
            value.as_ref().map(|value| value.expose_secret().to_owned())
        };
        match credential {
            Credential::AppId => self.app_id.clone(),
            Credential::AppSecret => secret(&self.app_secret),
            Credential::AccessToken => secret(&self.access_token),
            Credential::RefreshToken => secret(&self.refresh_token),
            // A lifetime is read from a token call's answer, never sent.
            _ => None,
        }
    }

    /// Whether the settings can put an access token on a call: one given, or the app
    /// secret and a refresh token to obtain one.
    pub(crate) fn can_authenticate(&self) -> bool {
        self.access_token.is_some() || (self.app_secret.is_some() && self.refresh_token.is_some())
    }

    /// A client of these settings for the API of `api`; one that renews its own tokens
    /// shares them when `share` (not for a dry run, which must not reach Redis; see
    /// `shared.rs`).
    pub(crate) async fn client(
        &self,
        api: &'static ApiSpec,
        share: bool,
    ) -> Result<Client, Failure> {
        let app_id = self.app_id()?.to_owned();
        if self.refresh_token.is_some() && self.app_secret.is_none() {
            return Err(Failure::usage(
                "a refresh token needs the app secret: give --app-secret (or JING_APP_SECRET)",
            ));
        }
        if self.access_token.is_none() && self.app_secret.is_none() {
            return Err(Failure::usage(NO_CREDENTIALS));
        }
        let mut builder = ClientBuilder::for_spec(api)
            .app_id(app_id)
            .base_url(self.base_url());
        if let Some(token) = &self.access_token {
            builder = builder.access_token(token.expose_secret());
        }
        if let Some(secret) = &self.app_secret {
            builder = builder.app_secret(secret.expose_secret());
        }
        if let Some(token) = &self.refresh_token {
            builder = builder.refresh_token(token.expose_secret());
        }
        if let Some(codes) = &self.token_rejected_codes {
            builder = builder.token_rejected_codes(super::shared::parse_codes(codes)?);
        }
        if let Some(margin) = &self.refresh_margin {
            builder = builder.refresh_margin(super::shared::parse_margin(margin)?);
        }
        if let Some(codes) = &self.secret_rejected_codes {
            builder = builder.secret_rejected_codes(super::shared::parse_codes(codes)?);
        }
        if let Some(lease) = &self.renewal_lease {
            builder = builder.renewal_lease(super::shared::parse_lease(lease)?);
        }
        if let Some(seconds) = &self.max_limit_wait {
            builder = builder.max_limit_wait(super::shared::parse_seconds(seconds)?);
        }
        // A Redis URL that cannot work is a setting to fix, said before anything is sent,
        // on a dry run too (which does not connect).
        if let Some(url) = &self.redis_url {
            super::shared::check_redis_url(url.expose_secret())?;
        }
        if share {
            // Limits are shared on Redis whatever the credentials; tokens only when this
            // client renews its own.
            let tokens = if self.app_secret.is_some() {
                Tokens::Renewed
            } else {
                Tokens::Given
            };
            let scope = self.scope()?;
            let sharing = Sharing {
                scope: &scope,
                base_url: self.base_url(),
                redis_url: self.redis_url(),
            };
            builder = super::shared::share(builder, &sharing, tokens).await?;
        }
        Ok(builder.build()?)
    }

    /// The app id, which every command that calls or stores needs.
    pub(crate) fn app_id(&self) -> Result<&str, Failure> {
        self.app_id
            .as_deref()
            .ok_or_else(|| Failure::usage("no app id: give --app-id, JING_APP_ID or a --profile"))
    }

    /// The app id at the server, as the stores key it.
    pub(crate) fn scope(&self) -> Result<String, Failure> {
        Ok(jing_api::store::scope(self.base_url(), self.app_id()?)?)
    }

    /// The server's base URL: the one given, else the default of the API's spec, which
    /// [`Settings::resolve`] fills in.
    pub(crate) fn base_url(&self) -> &str {
        self.base_url.as_deref().unwrap_or_default()
    }

    /// The Redis URL, when one is given.
    pub(crate) fn redis_url(&self) -> Option<&str> {
        self.redis_url.as_ref().map(|url| url.expose_secret())
    }

    /// The app secret and the refresh token, when given.
    pub(crate) fn renewal_credentials(&self) -> (Option<&SecretString>, Option<&SecretString>) {
        (self.app_secret.as_ref(), self.refresh_token.as_ref())
    }
}

/// The first line of the `--redis-url-file` FILE, refused when others may read the file.
fn read_redis_url_file(file: &str) -> Result<String, Failure> {
    crate::profile::refuse_if_shared(std::path::Path::new(file))?;
    let text = std::fs::read_to_string(file)
        .map_err(|error| Failure::usage(format!("--redis-url-file {file}: {error}")))?;
    let url = text.lines().next().unwrap_or_default().trim().to_owned();
    if url.is_empty() {
        return Err(Failure::usage(format!(
            "--redis-url-file {file}: the first line is empty"
        )));
    }
    Ok(url)
}

/// The Redis URL of `webhook listen` and `webhook work`: `--redis`, else
/// `--redis-url-file`, else `JING_REDIS_URL`; checked as every Redis URL is.
pub(crate) fn relay_redis_url(args: &clap::ArgMatches) -> Result<Option<String>, Failure> {
    let flag = |name: &str| args.try_get_one::<String>(name).ok().flatten().cloned();
    let url = match (flag("redis"), flag("redis-url-file")) {
        (Some(url), _) => Some(url),
        (None, Some(file)) => Some(read_redis_url_file(&file)?),
        (None, None) => std::env::var("JING_REDIS_URL")
            .ok()
            .filter(|url| !url.is_empty()),
    };
    if let Some(url) = &url {
        super::shared::check_redis_url(url)?;
    }
    Ok(url)
}
