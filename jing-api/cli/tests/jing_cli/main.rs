//! The `jing` program run as a process against the mock on 127.0.0.1: every typed call
//! with its required flags, usage errors, type checks, dry runs, profiles, raw calls, the
//! catalogue, webhooks listened to and sent (`webhooks.rs`), and shell completions; dry
//! runs in `dry_runs.rs`, profiles in `profiles.rs`, what is printed of answers in
//! `answers.rs`, `--body` read into the typed request in `bodies.rs`; the token cache that
//! runs share in `token_cache.rs`; `jing mock`'s options beside `jing-mock`'s in
//! `mock_options.rs`.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};

use jing_mock::MockServer;
use serde_json::{Value, json};

mod answers;
mod bodies;
mod dry_runs;
mod mock_options;
mod profiles;
mod token_cache;
mod webhooks;

/// Every endpoint command of the program's tables (jing-api's), each required flag with
/// the value of its endpoint's probe.
fn calls() -> Vec<jing_cli::testing::Call> {
    jing_cli::testing::calls_of(jing_cli::table::Tables::SPEC.endpoints, jing_mock::probes())
}

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
        "JING_SECRET_REJECTED_CODES",
        "JING_RENEWAL_LEASE",
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
fn sample_arguments(call: &jing_cli::testing::Call, mock: &MockServer) -> Vec<OsString> {
    let probes = jing_mock::probes();
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
    let calls = calls();
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
    call: &jing_cli::testing::Call,
    mock: &MockServer,
    client: &jing_api::Client,
) -> Result<(), String> {
    let name = call.endpoint;
    let probes = jing_mock::probes();
    let probe = probes.iter().find(|probe| probe.name == name);
    let probe = probe.ok_or("no probe: run `cargo xtask regenerate`")?;
    mock.clear_received();
    let read = (probe.call)(client, mock.credentials())
        .await
        .map_err(|error| format!("the typed call: {error}"))?;
    let typed = mock
        .received()
        .pop()
        .ok_or("the typed call was not received")?;
    mock.clear_received();
    // The answer the typed call read is the fixture: the program must print it as read.
    mock.respond(name, read.clone())
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
    // Token calls issue tokens; the others answer the fixture, read as the typed call reads it.
    if answer == read || answer.get("access_token").is_some() {
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
