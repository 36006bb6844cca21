//! The base URL: parsed once (credentials go only over https, or to this machine), and the
//! paths joined below it (never leaving its host).
//!
//! 基础地址：解析（凭据只经 https 或本机发送）与路径拼接（不离开其主机）。

use url::Url;

use crate::Error;

/// Parses the base URL; credentials go only over https, or to this machine.
pub(crate) fn parse_base_url(text: &str) -> Result<Url, Error> {
    // A base URL may carry a user and password: messages show it without them.
    let shown = || crate::redact::redact_url_text(text);
    let mut url = Url::parse(text)
        .map_err(|error| Error::config_because(format!("invalid base URL {:?}", shown()), error))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    };
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(Error::config(format!(
            "refusing to send credentials to {:?}: the base URL must be https (plain http only on loopback)",
            shown()
        )));
    }
    // Paths are joined below the base, so it must end with a slash.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The URL of `path` under `base`, which must stay on the base URL's host.
pub(crate) fn join_path(base: &Url, path: &str) -> Result<Url, Error> {
    // The path may carry a query, and the query a credential.
    let shown = || crate::redact::redact_text(path);
    let url = base.join(path.trim_start_matches('/')).map_err(|error| {
        Error::config_because(
            format!("cannot join path {:?} to the base URL", shown()),
            error,
        )
    })?;
    if url.origin() != base.origin() || !url.path().starts_with(base.path()) {
        return Err(Error::config(format!(
            "path {:?} leaves the base URL; credentials are only sent to {}",
            shown(),
            crate::redact::redact_url_text(base.as_str())
        )));
    }
    Ok(url)
}
