//! Which names carry a secret: the rule by name families.
//!
//! A name is cut into words at separators (`_`, `-`, `.`, spaces, brackets, any character
//! that is not a letter or digit) and at case changes (`appSecret`, `AppSecret`,
//! `APISecret`), each word lowercased. It carries a secret when one of its words belongs to
//! a credential family ([`SECRET_WORDS`]: secret, password, token, key, credential,
//! authorization, signature, in the singular or plural, and a few run-together spellings
//! such as `appsecret` or `apikey`), unless a word after the last such one says the member
//! is only about the secret ([`DESCRIPTOR_WORDS`]: `token_type`, `key_id`,
//! `token_expires_in`). Whole words only, so `keyword`, `monkey` and `tokenizer` are no
//! secrets. The rule fails closed: a name it is unsure of (`not_a_token`) is hidden, which
//! costs a reader a value and never leaks one. Beside it, a typed call hides every name its
//! own schema marks secret, whatever its spelling ([`Secrets`](super::Secrets)).

/// The credential families: a name with one of these words carries a secret.
pub const SECRET_WORDS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "token",
    "key",
    "credential",
    "authorization",
    "signature",
    "sig",
];

/// Family words that also count at the end of a run-together word (`appsecret`,
/// `accesstoken`, `userpassword`). `key` is not one (`monkey`, `turkey`): see
/// [`KEY_COMPOUNDS`].
const RUN_TOGETHER_ENDINGS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "passphrase",
    "token",
    "credential",
    "authorization",
    "signature",
];

/// The run-together words ending in `key` that name a key (`apikey`, `appkey`, …).
const KEY_COMPOUNDS: &[&str] = &[
    "api",
    "app",
    "access",
    "secret",
    "private",
    "sign",
    "signing",
    "auth",
    "session",
    "master",
    "encryption",
    "client",
    "subscription",
    "license",
];

/// Words that, after the family word, make the member a fact about the secret rather than
/// the secret: its type, id, name, lifetime, length, where it is used.
const DESCRIPTOR_WORDS: &[&str] = &[
    "type",
    "kind",
    "id",
    "name",
    "expires",
    "expire",
    "expiry",
    "expiration",
    "ttl",
    "issued",
    "created",
    "updated",
    "length",
    "count",
    "url",
    "uri",
    "endpoint",
    "hint",
    "status",
    "version",
    "format",
    "scope",
    "policy",
];

/// Whether a header, parameter or member of this name carries a secret by its name alone
/// (a typed call also hides what its schema marks: [`Secrets`](super::Secrets)).
pub fn is_secret(name: &str) -> bool {
    let words = words(name);
    let Some(last_secret) = words.iter().rposition(|word| secret_word(word)) else {
        return false;
    };
    !words[last_secret + 1..]
        .iter()
        .any(|word| DESCRIPTOR_WORDS.contains(&singular(word)))
}

/// The words of `name`, lowercased: cut at every character that is not a letter or digit,
/// before an upper-case letter that follows a lower-case one or a digit, and before the
/// last capital of a run followed by a lower-case letter (`APISecret` is `api`, `secret`).
fn words(name: &str) -> Vec<String> {
    let characters: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (at, &character) in characters.iter().enumerate() {
        if !character.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        if character.is_uppercase() && !current.is_empty() {
            let previous = characters[at - 1];
            let next_is_lower = characters
                .get(at + 1)
                .is_some_and(|next| next.is_lowercase());
            if previous.is_lowercase()
                || previous.is_numeric()
                || (previous.is_uppercase() && next_is_lower)
            {
                words.push(std::mem::take(&mut current));
            }
        }
        current.extend(character.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `word` without a plural `s` (`tokens`, `keys`, `ids`); `status` stays as it is.
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.ends_with('u') && stem.len() > 1 => stem,
        _ => word,
    }
}

/// Whether one word belongs to a credential family.
fn secret_word(word: &str) -> bool {
    let word = singular(word);
    SECRET_WORDS.contains(&word)
        || RUN_TOGETHER_ENDINGS
            .iter()
            .any(|ending| word.len() > ending.len() && word.ends_with(ending))
        || word
            .strip_suffix("key")
            .is_some_and(|stem| KEY_COMPOUNDS.contains(&stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_at_separators_and_case_changes() {
        let cases = [
            ("appSecret", vec!["app", "secret"]),
            ("AppSecret", vec!["app", "secret"]),
            ("APISecret", vec!["api", "secret"]),
            ("x-api-key", vec!["x", "api", "key"]),
            ("client.secret", vec!["client", "secret"]),
            ("user[password]", vec!["user", "password"]),
            ("HTTP_AUTHORIZATION", vec!["http", "authorization"]),
            ("oauth2Token", vec!["oauth2", "token"]),
        ];
        for (name, expected) in cases {
            assert_eq!(words(name), expected, "{name}");
        }
    }

    /// One side of the rule: each spelling of a secret.
    #[test]
    fn secrets_by_family_in_any_case_and_separator() {
        let secret = [
            "appSecret",
            "AppSecret",
            "app_secret",
            "app-secret",
            "APP_SECRET",
            "appsecret",
            "APPSECRET",
            "app.secret",
            "token",
            "Token",
            "secret",
            "password",
            "Password",
            "passwd",
            "pwd",
            "clientSecret",
            "client_secret",
            "access_token",
            "accessToken",
            "AccessToken",
            "refresh_token",
            "csrftoken",
            "id_token",
            "api_key",
            "apiKey",
            "apikey",
            "X-API-KEY",
            "x-api-key",
            "Ocp-Apim-Subscription-Key",
            "secret_key",
            "private_key",
            "keys",
            "credentials",
            "aws.credentials",
            "Authorization",
            "Proxy-Authorization",
            "signature",
            "X-Signature",
            "sig",
            "tokens",
            "secret_value",
            "not_a_token",
            "user[password]",
        ];
        for name in secret {
            assert!(is_secret(name), "`{name}` carries a secret");
        }
    }

    /// The other side of the rule: names that look like a secret's and are not.
    #[test]
    fn look_alikes_of_secrets_are_not_secrets() {
        let not_secret = [
            "app_id",
            "appId",
            "token_type",
            "tokenType",
            "key_id",
            "keyId",
            "access_token_kind",
            "expires_in",
            "token_expires_in",
            "tokenExpiresAt",
            "secret_name",
            "password_hint",
            "keyword",
            "keywords",
            "action_keyword",
            "monkey",
            "turkey",
            "hockey",
            "tokenizer",
            "tokenize",
            "passport",
            "signal",
            "signup",
            "author",
            "authority",
            "status",
            "request_id",
            "name",
            "",
        ];
        for name in not_secret {
            assert!(!is_secret(name), "`{name}` is no secret");
        }
    }
}
