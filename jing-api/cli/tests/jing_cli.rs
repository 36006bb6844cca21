//! The `jing` program run as a process against the mock on 127.0.0.1: every typed call
//! with its required flags, usage errors, type checks, dry runs, profiles, raw calls, the
//! catalogue, webhooks listened to and sent, and shell completions.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

use jing_mock::MockServer;
use serde_json::{Value, json};

fn jing() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jing"));
    for variable in [
        "JING_BASE_URL",
        "JING_APP_ID",
        "JING_ACCESS_TOKEN",
        "JING_APP_SECRET",
        "JING_REFRESH_TOKEN",
        "JING_PROFILE",
        "JING_CONFIG",
        "JING_REDIS_URL",
        "JING_TOKEN_REJECTED_CODES",
        "JING_REFRESH_MARGIN",
    ] {
        command.env_remove(variable);
    }
    // Nothing outside the repository: no token cache in the user's folder.
    command.env("JING_TOKEN_CACHE", "off");
    command
}

async fn mock() -> MockServer {
    MockServer::start()
        .await
        .unwrap_or_else(|error| panic!("{error}"))
}

/// `jing` set up for `mock` through the environment.
fn against(mock: &MockServer) -> Command {
    let credentials = mock.credentials();
    let mut command = jing();
    command
        .env("JING_BASE_URL", mock.base_url())
        .env("JING_APP_ID", &credentials.app_id)
        .env("JING_ACCESS_TOKEN", &credentials.access_token)
        .env("JING_APP_SECRET", &credentials.app_secret)
        .env("JING_REFRESH_TOKEN", &credentials.refresh_token);
    command
}

/// Runs `command` off the async runtime, so the in-process mock keeps serving.
async fn run(mut command: Command) -> Output {
    tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap_or_else(|error| panic!("{error}"))
        .unwrap_or_else(|error| panic!("jing runs: {error}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("jing-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap_or_else(|error| panic!("{error}"));
    path
}

/// A profile file only its owner may read, as `jing` requires.
fn profile_file(name: &str, contents: &str) -> std::path::PathBuf {
    let path = temp_file(name, contents);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .unwrap_or_else(|error| panic!("{error}"));
    }
    path
}

/// The `jing` arguments of `call` with the values of the endpoint's sample request (the
/// one the typed probe sends): its body as `--body`, and its required flags (but those of
/// body members whose value is a list or an object, which the body carries).
fn sample_arguments(call: &jing_cli::Call, mock: &MockServer) -> Vec<OsString> {
    let probes = jing_mock::probe::probes();
    let probe = probes.iter().find(|probe| probe.name == call.endpoint);
    let probe = probe.unwrap_or_else(|| panic!("no probe for {}", call.endpoint));
    let sample = (probe.request)(mock.credentials());
    let mut arguments: Vec<OsString> = vec![call.group.into(), call.command.into()];
    for ((flag, _), wire) in call.required.iter().zip(&call.required_wire) {
        if let Some(value) = sample.flag_value(wire) {
            arguments.extend([flag.into(), value.into()]);
        }
    }
    if let Some(body) = &sample.body {
        let file = temp_file(&format!("{}.json", call.endpoint), &body.to_string());
        arguments.extend(["--body".into(), file.into()]);
    }
    arguments
}

/// Every typed endpoint as `jing <group> <call>` with its required flags, against the mock:
/// the call succeeds, and the mock received what the typed client sends for the same
/// request. Driven by the catalogue: an endpoint typed tomorrow is run here too. Every
/// endpoint is run, and the test fails once listing each that failed with its vendor page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_typed_call_with_its_required_flags_gets_the_mock_answer() {
    let mock = mock().await;
    let client = mock
        .client_builder()
        .rate_limits(false)
        .build()
        .unwrap_or_else(|error| panic!("{error}"));
    let calls = jing_cli::calls();
    // One call per typed endpoint of the catalogue, so every endpoint the spec types is run.
    let typed: Vec<&jing_api::CatalogueEntry> = jing_api::catalogue::ENDPOINTS
        .iter()
        .filter(|entry| entry.path.is_some() && entry.method.is_some())
        .collect();
    let mut endpoints: Vec<&str> = calls.iter().map(|call| call.endpoint).collect();
    endpoints.sort_unstable();
    let mut expected: Vec<&str> = typed.iter().map(|entry| entry.name).collect();
    expected.sort_unstable();
    assert_eq!(endpoints, expected);
    assert!(!calls.is_empty());
    let mut failures = jing_mock::failures::Failures::default();
    for call in &calls {
        let page = typed
            .iter()
            .find(|entry| entry.name == call.endpoint)
            .and_then(|entry| entry.doc_url);
        if let Err(what) = cli_call_is_the_typed_call(call, &mock, &client).await {
            failures.push(call.endpoint, "`jing` call = typed call", what, page);
        }
    }
    failures.assert_none(calls.len());
}

/// `jing <group> <call>` with the sample's flags gets the mock's answer, and the mock
/// received what the typed client sends for the same request; else what differs.
async fn cli_call_is_the_typed_call(
    call: &jing_cli::Call,
    mock: &MockServer,
    client: &jing_api::Client,
) -> Result<(), String> {
    let name = call.endpoint;
    let probes = jing_mock::probe::probes();
    let probe = probes.iter().find(|probe| probe.name == name);
    let probe = probe.ok_or("no probe: run `cargo xtask regenerate`")?;
    mock.clear_received();
    (probe.call)(client, mock.credentials())
        .await
        .map_err(|error| format!("the typed call: {error}"))?;
    let typed = mock
        .received()
        .pop()
        .ok_or("the typed call was not received")?;
    mock.clear_received();
    mock.respond(name, json!({"probe": name}))
        .map_err(|error| error.to_string())?;
    let mut command = against(mock);
    command.args(sample_arguments(call, mock));
    let output = run(command).await;
    let stdout = text(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "`jing {} {}` failed: {}",
            call.group,
            call.command,
            text(&output.stderr)
        ));
    }
    let answer: Value =
        serde_json::from_str(&stdout).map_err(|error| format!("{error}: {stdout}"))?;
    let received = mock.received();
    let [sent] = received.as_slice() else {
        return Err(format!(
            "the mock received {} requests, not one",
            received.len()
        ));
    };
    if sent.endpoint != Some(name) {
        return Err(format!("the mock took it for {:?}", sent.endpoint));
    }
    let program = (&sent.method, &sent.path, &sent.query, sent.json());
    let library = (&typed.method, &typed.path, &typed.query, typed.json());
    if program != library {
        return Err(format!(
            "the program sends {program:?}, the typed client {library:?}"
        ));
    }
    // Token calls issue tokens; the others answer the fixture.
    if answer == json!({"probe": name}) || answer.get("access_token").is_some() {
        Ok(())
    } else {
        Err(format!("the program printed {answer}"))
    }
}

/// Exit status 2, and standard error names `flag`.
fn assert_usage_error(output: &Output, flag: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(flag), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_are_exit_2_and_nothing_is_sent() {
    let mock = mock().await;
    let mut missing = against(&mock);
    missing.args(["customer", "create", "--name", "Acme"]);
    assert_usage_error(&run(missing).await, "--business-type");

    let mut wrong_type = against(&mock);
    wrong_type.args(["user", "create", "--return-full", "maybe", "--body", "-"]);
    assert_usage_error(&run(wrong_type).await, "--return-full");
    assert!(mock.received().is_empty(), "nothing was sent");
}

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
    for call in jing_cli::calls() {
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
            assert!(shown.contains("[REDACTED]"), "{}: {shown}", call.endpoint);
        }
    }
    // A token call's credentials travel in the body: hidden there too.
    let refresh = jing_cli::calls()
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_inline_from_a_file_and_credentials_only_where_calls_go() {
    let mock = mock().await;
    let file = temp_file(
        "inline.json",
        r#"{"name":"From file","business_type":"bt"}"#,
    );
    let bodies = [
        r#"{"name":"Inline","business_type":"bt"}"#.to_owned(),
        "name: Yaml\nbusiness_type: bt".to_owned(),
        format!("@{}", file.display()),
    ];
    for body in &bodies {
        mock.clear_received();
        let mut command = against(&mock);
        command.args(["customer", "create", "--body", body]);
        let output = run(command).await;
        assert!(output.status.success(), "{body}: {}", text(&output.stderr));
        assert_eq!(mock.received().len(), 1, "{body}");
    }
    // Credentials are options of the calls only.
    for command in [
        &["list", "--app-id", "x"][..],
        &["completions", "bash", "--profile", "p"],
    ] {
        let mut program = jing();
        program.args(command);
        let output = run(program).await;
        assert_eq!(output.status.code(), Some(2), "{command:?}");
    }
    let mut help = jing();
    help.args(["list", "--help"]);
    assert!(!text(&run(help).await.stdout).contains("--access-token"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_refresh_token_is_told_in_the_programs_terms() {
    let mock = mock().await;
    let credentials = mock.credentials();
    let mut command = jing();
    command
        .env("JING_BASE_URL", mock.base_url())
        .env("JING_APP_ID", &credentials.app_id)
        .env("JING_APP_SECRET", &credentials.app_secret)
        .env("JING_REFRESH_TOKEN", "not-the-refresh-token")
        .args(["customer", "create", "--name", "A", "--business-type", "b"]);
    let output = run(command).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("--refresh-token") && stderr.contains("JING_REFRESH_TOKEN"),
        "{stderr}"
    );
    assert!(stderr.contains("jing auth seed"), "{stderr}");
    assert!(!stderr.contains("not-the-refresh-token"), "{stderr}");
    for internal in [".refresh_token(", ".access_token(", "transcribed"] {
        assert!(!stderr.contains(internal), "{internal}: {stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_calls_and_the_catalogue() {
    let mock = mock().await;
    mock.respond("create_customer", json!({"jing_uuid": "raw-1"}))
        .unwrap_or_else(|error| panic!("{error}"));
    let body = temp_file("raw.yaml", "name: Acme\nbusiness_type: bt\n");
    let mut raw = against(&mock);
    raw.args(["raw", "POST", "/v1/customer/create", "--raw", "--body"])
        .arg(&body);
    let output = run(raw).await;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let envelope: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert_eq!(envelope["code"], 0);
    assert_eq!(envelope["data"]["jing_uuid"], "raw-1");

    let mut list = jing();
    list.arg("list");
    let table = text(&run(list).await.stdout);
    assert!(
        table
            .lines()
            .any(|line| line.contains("客户创建") && line.contains("/v1/customer/create")),
        "{table}"
    );
    let mut list = jing();
    list.args(["list", "--json"]);
    let entries: Value = serde_json::from_slice(&run(list).await.stdout).unwrap_or_default();
    assert_eq!(
        entries.as_array().map(Vec::len),
        Some(jing_api::catalogue::ENDPOINTS.len())
    );

    // An API error is exit 3, with its request id.
    let mut refused = against(&mock);
    refused
        .args(["raw", "POST", "/v1/customer/create", "--body"])
        .arg(temp_file("bad.json", "{\"name\": 1}"));
    let output = run(refused).await;
    assert_eq!(output.status.code(), Some(3), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("request_id"),
        "{}",
        text(&output.stderr)
    );
}

/// `jing webhook listen` on a free port with `extra` arguments, once it is listening.
fn listener(
    extra: &[&str],
) -> (
    std::process::Child,
    String,
    BufReader<std::process::ChildStderr>,
) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|error| panic!("{error}"));
    let mut child = jing()
        .env("JING_WEBHOOK_SECRET", "hook-secret-1")
        .args(["webhook", "listen", "--addr", &format!("127.0.0.1:{port}")])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{error}"));
    let mut stderr = BufReader::new(child.stderr.take().unwrap_or_else(|| panic!("stderr")));
    let mut ready = String::new();
    let _ = stderr.read_line(&mut ready);
    assert!(ready.starts_with("listening on"), "{ready}");
    (child, format!("http://127.0.0.1:{port}/"), stderr)
}

fn send(url: &str, title: &str, extra: &[&str]) -> Output {
    jing()
        .env("HOOK_SECRET", "hook-secret-1")
        .args(["webhook", "send", url, "--sample", title])
        .args(extra)
        .output()
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_webhook_sent_is_listened_to() {
    let title = MockServer::webhook_sample_titles()
        .find(|title| MockServer::webhook_sample(title).is_some())
        .unwrap_or_else(|| panic!("the docs have a whole sample"));
    let (child, url, mut stderr) =
        listener(&["--count", "1", "--check-secret-header", "x-hook-secret"]);
    // Without the header: refused with a JSON reason, exit 3, and the listener says so.
    let refused = send(&url, title, &[]);
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused.stderr));
    assert!(text(&refused.stdout).starts_with("403"));
    assert!(
        text(&refused.stderr).contains("\"reason\":\"forbidden\""),
        "{}",
        text(&refused.stderr)
    );
    let mut said = String::new();
    let _ = stderr.read_line(&mut said);
    assert!(said.starts_with("refused: 403 forbidden"), "{said}");
    // With the header, its value from a variable: the event, answered before listen exits.
    let sent = send(&url, title, &["--header", "x-hook-secret:@HOOK_SECRET"]);
    assert!(sent.status.success(), "{}", text(&sent.stderr));
    assert!(text(&sent.stdout).starts_with("200"));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(output.status.success());
    let line: Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    assert!(
        line["variant"]
            .as_str()
            .is_some_and(|variant| variant != "Unknown"),
        "{line}"
    );
    assert!(line["raw"].is_object(), "{line}");
}

#[test]
fn webhook_secrets_stay_off_the_command_line_and_samples_are_listed() {
    let mut missing = jing();
    missing.args([
        "webhook",
        "listen",
        "--check-secret-header",
        "x-hook-secret",
    ]);
    let output = missing.output().unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("JING_WEBHOOK_SECRET"),
        "{}",
        text(&output.stderr)
    );
    let listed = jing()
        .args(["webhook", "samples"])
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(listed.status.success());
    let titles = text(&listed.stdout);
    for title in MockServer::webhook_sample_titles()
        .filter(|title| MockServer::webhook_sample(title).is_some())
    {
        assert!(
            titles.lines().any(|line| line == title),
            "{title} in {titles}"
        );
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = jing()
            .args(["completions", shell])
            .output()
            .unwrap_or_else(|error| panic!("{error}"));
        assert!(output.status.success(), "{shell}");
        let script = text(&output.stdout);
        assert!(
            script.contains("jing") && script.contains("customer"),
            "{shell}"
        );
    }
}

#[test]
fn the_help_of_a_call_is_bilingual_and_generated() {
    let output = jing()
        .args(["customer", "create", "--help"])
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(output.status.success());
    insta::assert_snapshot!("customer_create_help", text(&output.stdout));
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_attribute_never_overrides_a_preset_member() {
    let mock = mock().await;
    let mut command = against(&mock);
    command.args([
        "customer",
        "create",
        "--name",
        "A",
        "--business-type",
        "b",
        "--field",
        "name=Evil",
    ]);
    let output = run(command).await;
    assert_usage_error(&output, "--name");
    assert!(mock.received().is_empty());
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

/// A transport error says what lies under it: here, that the connection was refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transport_error_says_its_cause() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap_or_else(|error| panic!("{error}"));
    let mut command = jing();
    command.args([
        "raw",
        "GET",
        "/v1/x",
        "--base-url",
        &format!("http://{closed}"),
        "--app-id",
        "1",
        "--access-token",
        "t",
    ]);
    let output = run(command).await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.to_lowercase().contains("connection refused"),
        "{stderr}"
    );
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

/// A Redis URL that cannot work is a setting to fix (exit 2), said even by a dry run,
/// whether a profile, a flag or `JING_REDIS_URL` gives it; with `--profile`, the variable
/// is read when the profile names no server, as `--help` says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_redis_url_is_refused_even_in_a_dry_run() {
    let file = profile_file(
        "redis.toml",
        "[bad]\napp_id = \"a\"\naccess_token = \"t\"\nredis_url = \"localhost:6379\"\n[plain]\napp_id = \"a\"\naccess_token = \"t\"\n",
    );
    let dry_run = |profile: &str| {
        let mut command = jing();
        command.env("JING_CONFIG", &file).args([
            "raw",
            "GET",
            "/v1/x",
            "--profile",
            profile,
            "--dry-run",
        ]);
        command
    };
    let from_profile = run(dry_run("bad")).await;
    let mut from_variable = dry_run("plain");
    from_variable.env("JING_REDIS_URL", "redis://:hunter2@");
    let from_variable = run(from_variable).await;
    let mut from_flag = dry_run("plain");
    from_flag.args(["--redis", "http://127.0.0.1:6379/"]);
    let from_flag = run(from_flag).await;
    for (output, why) in [
        (&from_profile, "not a URL"),
        (&from_variable, "names no host"),
        (&from_flag, "scheme `http`"),
    ] {
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("the Redis URL") && stderr.contains(why),
            "{why}: {stderr}"
        );
        assert!(!stderr.contains("hunter2"), "{stderr}");
        assert!(
            output.stdout.is_empty(),
            "nothing shown as if it would be sent"
        );
    }
    let fine = run(dry_run("plain")).await;
    assert!(fine.status.success(), "{}", text(&fine.stderr));
    let _ = std::fs::remove_file(&file);
}
