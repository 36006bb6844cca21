//! The profile file (`JING_CONFIG`, else `jing/profiles.toml` in the user's configuration
//! folder): found, refused when others may read it (it holds secrets, as does a
//! `--redis-url-file`), and a named section read with every key checked. Which setting wins
//! over which (flags, a profile, the `JING_*` variables) is `config.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::failure::Failure;

/// The keys a profile may have; any other is refused (a misspelt `base_url` would send the
/// call to production).
const PROFILE_KEYS: [&str; 11] = [
    "base_url",
    "app_id",
    "access_token",
    "app_secret",
    "refresh_token",
    "redis_url",
    "token_rejected_codes",
    "max_limit_wait",
    "refresh_margin",
    "secret_rejected_codes",
    "renewal_lease",
];

/// The section `name` of the profile file, each key checked and its value as the text the
/// flags would carry.
pub(crate) fn section(name: &str) -> Result<BTreeMap<String, String>, Failure> {
    let path = profile_file().ok_or_else(|| {
        Failure::usage("no configuration folder for the profile file: set JING_CONFIG")
    })?;
    refuse_if_shared(&path)?;
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Failure::usage(format!("{}: {error}", path.display())))?;
    // toml's own message quotes the offending line, which may hold a secret: only
    // the line number and what is wrong are said.
    let table: toml::Table = toml::from_str(&text).map_err(|error: toml::de::Error| {
        let line = error
            .span()
            .and_then(|span| text.get(..span.start))
            .map_or(1, |before| before.matches('\n').count() + 1);
        Failure::usage(format!(
            "{}: not TOML at line {line}: {} (values are strings in quotes)",
            path.display(),
            error.message()
        ))
    })?;
    let section = table
        .get(name)
        .and_then(toml::Value::as_table)
        .ok_or_else(|| {
            let names: Vec<&str> = table
                .iter()
                .filter(|(_, value)| value.is_table())
                .map(|(name, _)| name.as_str())
                .collect();
            let known = if names.is_empty() {
                "it has none".to_owned()
            } else {
                format!("it has [{}]", names.join("], ["))
            };
            Failure::usage(format!("{}: no profile [{name}]; {known}", path.display()))
        })?;
    let mut texts = BTreeMap::new();
    for (key, value) in section {
        if !PROFILE_KEYS.contains(&key.as_str()) {
            return Err(Failure::usage(format!(
                "{}: [{name}] has an unknown key `{key}`; the keys are {}",
                path.display(),
                PROFILE_KEYS.join(", ")
            )));
        }
        let text = profile_text(key, value).map_err(|expected| {
            Failure::usage(format!(
                "{}: [{name}] {key} must be {expected}",
                path.display()
            ))
        })?;
        texts.insert(key.clone(), text);
    }
    Ok(texts)
}

/// A profile value as the text the flags would carry, or what `key` must be: the code list,
/// the wait and the margin may be numbers (`91003`, `[40001, 91003]`, `2.5`), the rest are
/// strings.
fn profile_text(key: &str, value: &toml::Value) -> Result<String, &'static str> {
    use toml::Value;
    match (key, value) {
        (_, Value::String(text)) => Ok(text.clone()),
        ("token_rejected_codes" | "secret_rejected_codes", Value::Integer(code)) => {
            Ok(code.to_string())
        }
        ("token_rejected_codes" | "secret_rejected_codes", Value::Array(codes)) => codes
            .iter()
            .map(|code| match code {
                Value::Integer(code) => Ok(code.to_string()),
                Value::String(code) => Ok(code.clone()),
                _ => Err(()),
            })
            .collect::<Result<Vec<_>, ()>>()
            .map(|codes| codes.join(","))
            .map_err(|()| "a code (91003), a list of codes ([40001, 91003]) or a string (\"40001,91003\")"),
        ("token_rejected_codes" | "secret_rejected_codes", _) => {
            Err("a code (91003), a list of codes ([40001, 91003]) or a string (\"40001,91003\")")
        }
        ("max_limit_wait", Value::Integer(seconds)) => Ok(seconds.to_string()),
        ("max_limit_wait", Value::Float(seconds)) => Ok(seconds.to_string()),
        ("max_limit_wait", _) => Err("a number of seconds (5 or 2.5)"),
        ("refresh_margin" | "renewal_lease", Value::Integer(seconds)) => Ok(seconds.to_string()),
        ("refresh_margin" | "renewal_lease", Value::Float(seconds)) => Ok(seconds.to_string()),
        ("refresh_margin" | "renewal_lease", _) => Err("a duration (\"500ms\", \"2s\") or a number of seconds (0.5)"),
        _ => Err("a string in quotes"),
    }
}

/// The profile file: `JING_CONFIG`, else `jing/profiles.toml` in the configuration folder.
fn profile_file() -> Option<PathBuf> {
    std::env::var_os("JING_CONFIG")
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|dir| dir.join("jing").join("profiles.toml")))
}

/// A file of secrets that others may read is refused, as ssh refuses such keys.
#[cfg(unix)]
pub(crate) fn refuse_if_shared(path: &std::path::Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|error| Failure::usage(format!("{}: {error}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Failure::usage(format!(
            "{} holds secrets and others may read it (mode {:o}): run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn refuse_if_shared(_path: &std::path::Path) -> Result<(), Failure> {
    Ok(())
}
