//! Profiles (`--profile`, `~/.config/jing`): read, refused when others may read them,
//! their mistakes named, never mixed with `JING_*` variables, answer codes as numbers.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_are_read_and_refused_when_others_may_read_them() {
    let mock = mock().await;
    let credentials = mock.credentials();
    let file = temp_file(
        "profiles.toml",
        &format!(
            "[sandbox]\nbase_url = \"{}\"\napp_id = \"{}\"\naccess_token = \"{}\"\n",
            mock.base_url(),
            credentials.app_id,
            credentials.access_token
        ),
    );
    let set_mode = |mode: u32| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode))
                .unwrap_or_else(|error| panic!("{error}"));
        }
        let _ = mode;
    };
    let call = |file: &std::path::Path| {
        let mut command = jing();
        command.env("JING_CONFIG", file).args([
            "customer",
            "create",
            "--profile",
            "sandbox",
            "--name",
            "Acme",
            "--business-type",
            "bt",
        ]);
        command
    };
    set_mode(0o644);
    let refused = run(call(&file)).await;
    if cfg!(unix) {
        assert_eq!(refused.status.code(), Some(2));
        assert!(
            text(&refused.stderr).contains("chmod 600"),
            "{}",
            text(&refused.stderr)
        );
        assert!(!text(&refused.stderr).contains(&credentials.access_token));
        assert!(mock.received().is_empty());
    }
    set_mode(0o600);
    let accepted = run(call(&file)).await;
    assert!(accepted.status.success(), "{}", text(&accepted.stderr));
    assert_eq!(mock.received().len(), 1);
    let _ = std::fs::remove_file(&file);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profile_mistakes_are_named_not_ignored() {
    let mock = mock().await;
    let cases = [
        // A misspelt base_url would send the call to production: refused, keys named.
        (
            "[sandbox]\nbaseurl = \"http://127.0.0.1:1\"\naccess_token = \"t\"\n",
            "sandbox",
            "unknown key `baseurl`",
        ),
        (
            "[sandbox]\napp_id = 42\n",
            "sandbox",
            "app_id must be a string",
        ),
        (
            "[alpha]\napp_id = \"a\"\n[beta]\napp_id = \"b\"\n",
            "nope",
            "no profile [nope]; it has [alpha], [beta]",
        ),
        (
            "[sandbox]\napp_id = \"a\"\naccess_token = \"t\"\nrefresh_margin = \"soon\"\n",
            "sandbox",
            "`soon` is not a duration",
        ),
        // A typo's message never quotes the line, which may hold a secret.
        (
            "[sandbox]\napp_id = \"a\"\naccess_token = SECRET-UNQUOTED\n",
            "sandbox",
            "not TOML at line 3",
        ),
    ];
    for (index, (contents, profile, expected)) in cases.into_iter().enumerate() {
        let file = profile_file(&format!("bad-profile-{index}.toml"), contents);
        let mut command = jing();
        command.env("JING_CONFIG", &file).args([
            "customer",
            "create",
            "--profile",
            profile,
            "--name",
            "A",
            "--business-type",
            "b",
        ]);
        let output = run(command).await;
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{expected} in {stderr}");
        assert!(!stderr.contains("SECRET-UNQUOTED"), "{stderr}");
        if expected.contains("baseurl") {
            assert!(
                stderr.contains("base_url, app_id, access_token")
                    && stderr.contains("max_limit_wait, refresh_margin"),
                "{stderr}"
            );
        }
        let _ = std::fs::remove_file(&file);
    }
    assert!(mock.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_named_profile_is_never_mixed_with_jing_variables() {
    let mock = mock().await;
    let credentials = mock.credentials();
    let file = profile_file(
        "unmixed.toml",
        &format!(
            "[dev]\nbase_url = \"{}\"\napp_id = \"{}\"\naccess_token = \"{}\"\n",
            mock.base_url(),
            credentials.app_id,
            credentials.access_token
        ),
    );
    let mut command = jing();
    command
        .env("JING_CONFIG", &file)
        .env("JING_ACCESS_TOKEN", "PROD-TOKEN-FROM-ENV")
        .env("JING_BASE_URL", "http://127.0.0.1:1")
        .args([
            "customer",
            "create",
            "--profile",
            "dev",
            "--name",
            "A",
            "--business-type",
            "b",
        ]);
    let output = run(command).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let received = mock.received();
    assert_eq!(
        received.len(),
        1,
        "the profile's base URL, not the variable's"
    );
    let sent = format!("{:?}", received[0]);
    assert!(!sent.contains("PROD-TOKEN-FROM-ENV"), "{sent}");
    let _ = std::fs::remove_file(&file);
}

/// A profile's answer codes may be numbers, as TOML writes them: with `91003` (the mock's
/// token-expired code) a call whose token expired is renewed and succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_takes_token_rejected_codes_as_numbers() {
    for codes in ["91003", "[40001, 91003]", "\"91003\""] {
        let mock = mock().await;
        let credentials = mock.credentials();
        let file = profile_file(
            "codes.toml",
            &format!(
                "[p]\nbase_url = \"{}\"\napp_id = \"{}\"\naccess_token = \"{}\"\napp_secret = \"{}\"\nrefresh_token = \"{}\"\ntoken_rejected_codes = {codes}\nmax_limit_wait = 2.5\n",
                mock.base_url(),
                credentials.app_id,
                credentials.access_token,
                credentials.app_secret,
                credentials.refresh_token,
            ),
        );
        mock.expire_tokens();
        let mut command = jing();
        command.env("JING_CONFIG", &file).args([
            "customer",
            "create",
            "--profile",
            "p",
            "--name",
            "Acme",
            "--business-type",
            "bt",
        ]);
        let output = run(command).await;
        assert!(output.status.success(), "{codes}: {}", text(&output.stderr));
        let paths: Vec<String> = mock.received().iter().map(|r| r.path.clone()).collect();
        assert!(
            paths.iter().any(|path| path.contains("token/refresh")),
            "{codes}: renewed after the code: {paths:?}"
        );
        let _ = std::fs::remove_file(&file);
    }
    // A code that is not a number is named, with what is expected.
    let file = profile_file(
        "bad-codes.toml",
        "[p]\napp_id = \"a\"\ntoken_rejected_codes = 9.5\n",
    );
    let mut command = jing();
    command
        .env("JING_CONFIG", &file)
        .args(["raw", "GET", "/v1/x", "--profile", "p", "--dry-run"]);
    let output = run(command).await;
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("token_rejected_codes must be a code"));
    let _ = std::fs::remove_file(&file);
}
