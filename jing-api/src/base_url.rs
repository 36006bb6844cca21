//! The base URL a client sends to, parsed and checked once: credentials go only over
//! https, or to this machine. The client's configuration (`config.rs`) and the naming of
//! a store's scope (`store/seed.rs`) both read it from here.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_https_or_loopback() {
        let cases = [
            ("https://jingopenapi.jingsocial.com", true),
            ("http://127.0.0.1:8080", true),
            ("http://localhost:1", true),
            ("http://[::1]:1", true),
            ("http://jingopenapi.jingsocial.com", false),
            ("ftp://127.0.0.1", false),
            ("not a url", false),
        ];
        for (text, accepted) in cases {
            assert_eq!(parse_base_url(text).is_ok(), accepted, "{text}");
        }
        let nested = parse_base_url("https://proxy.example/jing").map(|url| url.to_string());
        assert_eq!(nested.ok().as_deref(), Some("https://proxy.example/jing/"));
    }
}
