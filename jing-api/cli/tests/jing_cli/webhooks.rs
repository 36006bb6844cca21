//! `jing webhook listen` and `jing webhook send`: an event sent is listened to, the
//! secrets stay off the command line, the samples are listed.

use super::*;

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
fn a_webhook_post_that_cannot_be_made_or_answered_says_which() {
    let title = MockServer::webhook_sample_titles()
        .find(|title| MockServer::webhook_sample(title).is_some())
        .unwrap_or_else(|| panic!("the docs have a whole sample"));
    // A header name that is not valid: the request cannot be made, a usage error.
    let bad_header = send("http://127.0.0.1:9/", title, &["--header", "bad name:v"]);
    assert_eq!(
        bad_header.status.code(),
        Some(i32::from(jing_cli::EXIT_USAGE)),
        "{}",
        text(&bad_header.stderr)
    );
    // No receiver on the port: nothing answered, a transport error naming the URL without
    // its credentials.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .unwrap_or_else(|error| panic!("{error}"));
    let unanswered = send(&format!("http://me:pw@127.0.0.1:{port}/"), title, &[]);
    assert_eq!(
        unanswered.status.code(),
        Some(i32::from(jing_cli::EXIT_TRANSPORT)),
        "{}",
        text(&unanswered.stderr)
    );
    let said = text(&unanswered.stderr);
    assert!(!said.contains("pw"), "{said}");
}

#[test]
fn a_receiver_that_never_answers_is_given_up_after_the_timeout() {
    let title = MockServer::webhook_sample_titles()
        .find(|title| MockServer::webhook_sample(title).is_some())
        .unwrap_or_else(|| panic!("the docs have a whole sample"));
    // Accepts and reads, never answers (not waited for: the connection closes when the
    // program exits).
    let silent =
        std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|error| panic!("{error}"));
    let url = format!(
        "http://127.0.0.1:{}/",
        silent
            .local_addr()
            .unwrap_or_else(|error| panic!("{error}"))
            .port()
    );
    std::thread::spawn(move || {
        if let Ok((mut connection, _)) = silent.accept() {
            let mut sink = Vec::new();
            let _ = std::io::Read::read_to_end(&mut connection, &mut sink);
        }
    });
    let waited = send(&url, title, &["--timeout", "200ms"]);
    assert_eq!(
        waited.status.code(),
        Some(i32::from(jing_cli::EXIT_TRANSPORT)),
        "{}",
        text(&waited.stderr)
    );
    let said = text(&waited.stderr);
    assert!(
        said.contains(&format!("timed out waiting for {url}")),
        "{said}"
    );
    // A time limit that is no time is refused before anything is sent.
    let zero = send(&url, title, &["--timeout", "0"]);
    assert_eq!(
        zero.status.code(),
        Some(i32::from(jing_cli::EXIT_USAGE)),
        "{}",
        text(&zero.stderr)
    );
    assert!(
        text(&zero.stderr).contains("--timeout"),
        "{}",
        text(&zero.stderr)
    );
}
