//! Dry runs (`--dry-run`): nothing is sent, and no secret shows in any output mode, in any
//! spelling of a credential, nor in an error or a note.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_sends_nothing_and_hides_the_token() {
    let mock = mock().await;
    let mut command = against(&mock);
    command.args([
        "customer",
        "create",
        "--name",
        "Acme",
        "--business-type",
        "bt",
        "--field",
        "my_code=42",
        "--dry-run",
    ]);
    let output = run(command).await;
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        stdout.starts_with(&format!("POST {}/v1/customer/create\n", mock.base_url())),
        "{stdout}"
    );
    assert!(stdout.contains("access_token: [REDACTED]"), "{stdout}");
    assert!(
        !stdout.contains(&mock.credentials().access_token),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"my_code\":42"),
        "the body as sent: {stdout}"
    );
    assert!(mock.received().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dry_run_in_every_output_mode_hides_every_secret() {
    let mock = mock().await;
    let credentials = mock.credentials();
    let secrets = [
        credentials.access_token.as_str(),
        credentials.app_secret.as_str(),
        credentials.refresh_token.as_str(),
    ];
    let array = temp_file("dry-array.json", "[{}]");
    let modes: [&[&str]; 3] = [&[], &["--output", "yaml"], &["--raw"]];
    for call in crate::calls() {
        for mode in modes {
            let mut command = against(&mock);
            command
                .args([call.group, call.command, "--dry-run"])
                .args(mode);
            for (flag, value) in &call.required {
                command.args([flag, value]);
            }
            if call.array_body {
                command.arg("--body").arg(&array);
            }
            let output = run(command).await;
            let shown = format!("{}{}", text(&output.stdout), text(&output.stderr));
            assert!(
                output.status.success(),
                "{} {}: {shown}",
                call.group,
                call.command
            );
            for secret in secrets {
                assert!(
                    !shown.contains(secret),
                    "{} {mode:?} shows a secret: {shown}",
                    call.endpoint
                );
            }
            // What a dry run hides shows as the mark, in a URL's query percent-encoded; an
            // endpoint of `auth: none` whose own credentials are optional has none to hide.
            let marked = shown.contains("[REDACTED]") || shown.contains("%5BREDACTED%5D");
            assert_eq!(
                marked, call.holds_secret,
                "{}: a secret hidden iff the call holds one: {shown}",
                call.endpoint
            );
        }
    }
    // A token call's credentials travel in the body: hidden there too.
    let refresh = crate::calls()
        .into_iter()
        .find(|call| call.endpoint == "refresh_token")
        .unwrap_or_else(|| panic!("the refresh call has a command"));
    let mut command = against(&mock);
    command.args([refresh.group, refresh.command, "--dry-run"]);
    let output = run(command).await;
    let stdout = text(&output.stdout);
    assert!(stdout.contains("\"app_secret\":\"[REDACTED]\""), "{stdout}");
    assert!(
        stdout.contains("\"refresh_token\":\"[REDACTED]\""),
        "{stdout}"
    );
    assert!(
        stdout.contains(&credentials.app_id),
        "the app id is no secret: {stdout}"
    );
    assert!(mock.received().is_empty(), "a dry run sends nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_without_credentials_says_it_could_not_be_sent() {
    let mock = mock().await;
    let mut command = jing();
    command
        .env("JING_BASE_URL", mock.base_url())
        .env("JING_APP_ID", &mock.credentials().app_id)
        .args([
            "customer",
            "create",
            "--name",
            "Acme",
            "--business-type",
            "bt",
            "--dry-run",
        ]);
    let output = run(command).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("could not be sent"), "{stderr}");
    assert!(
        stderr.contains("--access-token"),
        "names the flag: {stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_in_a_query_never_reach_an_error_or_a_note() {
    // Nothing listens on port 1: the transport error quotes the URL.
    let mut command = jing();
    command.args([
        "raw",
        "GET",
        "/v1/x?refresh_token=LEAK-IN-PATH",
        "--query",
        "access_token=LEAK-IN-QUERY",
        "--base-url",
        "http://127.0.0.1:1",
        "--app-id",
        "1",
        "--access-token",
        "LEAK-IN-HEADER",
    ]);
    let output = run(command).await;
    let shown = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(4), "{shown}");
    for secret in ["LEAK-IN-PATH", "LEAK-IN-QUERY", "LEAK-IN-HEADER"] {
        assert!(!shown.contains(secret), "{secret}: {shown}");
    }
}

/// Every spelling of a credential the issue met in clear, in a raw call's body (at any
/// depth), query and path: hidden in the dry run, and in the note and error of a call that
/// fails in transport.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_spelling_of_a_credential_is_hidden_in_dry_runs_and_errors() {
    let body = r#"{"appSecret":"LEAK-1","AppSecret":"LEAK-2","token":"LEAK-3","secret":"LEAK-4","password":"LEAK-5","outer":{"list":[{"clientSecret":"LEAK-6"}]},"api-key":"LEAK-7","name":"kept"}"#;
    let raw = |extra: &[&str]| {
        let mut command = jing();
        command
            .args([
                "raw",
                "POST",
                "/v1/not/listed?appSecret=LEAK-8&token=LEAK-9",
                "--query",
                "AppSecret=LEAK-10",
                "--query",
                "password=LEAK-11",
                "--body",
                body,
                "--app-id",
                "1",
                "--access-token",
                "LEAK-12",
            ])
            .args(extra);
        command
    };
    let leaks: Vec<String> = (1..=12).map(|n| format!("LEAK-{n}")).collect();
    let dry = run(raw(&["--dry-run", "--base-url", "http://127.0.0.1:9"])).await;
    let shown = format!("{}{}", text(&dry.stdout), text(&dry.stderr));
    assert!(dry.status.success(), "{shown}");
    assert!(
        shown.contains("kept") && shown.contains("[REDACTED]"),
        "{shown}"
    );
    // Nothing listens on port 1: the error quotes the URL, and says why it failed.
    let failed = run(raw(&["--base-url", "http://127.0.0.1:1"])).await;
    let error = format!("{}{}", text(&failed.stdout), text(&failed.stderr));
    assert_eq!(failed.status.code(), Some(4), "{error}");
    for leak in &leaks {
        assert!(
            !shown.contains(leak.as_str()),
            "{leak} in the dry run: {shown}"
        );
        assert!(
            !error.contains(leak.as_str()),
            "{leak} in the error: {error}"
        );
    }
}

/// The loops over every command (the dry runs above) fill each required flag with the
/// value of the probe's sample request, which the per-endpoint checks send: a list or an
/// object as its JSON (with its own required members), a scalar as its text. So an
/// endpoint the importer writes with a required object of required members runs here too.
/// (The real spec may hold no such flag; the fixture spec does, and
/// `tests/tests/it/fixture_endpoints.rs` asserts it there through `calls_of`.)
#[test]
fn every_required_flag_takes_the_value_of_the_probes_sample() {
    let calls = crate::calls();
    let sampled = jing_cli::testing::sampled_flags(&calls, jing_mock::probes());
    for flag in &sampled {
        assert_eq!(flag.value, flag.sample, "{} {}", flag.endpoint, flag.flag);
    }
    assert!(!sampled.is_empty(), "no required flag has a sample value");
}
