//! The `jing-mock` binary starts, says where it listens, and answers a plain HTTP request.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn the_binary_serves_plain_http() {
    let mock = spawn(&[]);
    let answer = mock.request("GET", "/v1/customer/creat", &[], "");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        answer.contains("/v1/customer/create"),
        "names the nearest path: {answer}"
    );
}

/// A running `jing-mock` with `args`: the child, its address, its stderr.
struct Running {
    child: std::process::Child,
    address: String,
    _stdout: BufReader<std::process::ChildStdout>,
}

fn spawn(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jing-mock"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("jing-mock starts: {error}"));
    let stdout = child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("stdout is piped"));
    let mut output = BufReader::new(stdout);
    let mut first = String::new();
    let _ = output.read_line(&mut first);
    let address = first
        .trim()
        .strip_prefix("jing-mock listening on http://")
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    Running {
        child,
        address,
        _stdout: output,
    }
}

/// A mock left running by a failed assertion is stopped all the same.
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// One HTTP/1.1 request; the whole answer (status line, headers, body).
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
        let answer = (|| -> std::io::Result<String> {
            let mut stream = TcpStream::connect(&self.address)?;
            let mut head = format!(
                "{method} {path} HTTP/1.1\r\nhost: mock\r\nconnection: close\r\ncontent-length: {}\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            stream.write_all(format!("{head}\r\n{body}").as_bytes())?;
            let mut answer = String::new();
            stream.read_to_string(&mut answer)?;
            Ok(answer)
        })();
        answer.unwrap_or_else(|error| panic!("{method} {path}: {error}"))
    }

    /// Stops the mock; everything it wrote to stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut errors = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut errors);
        }
        let _ = self.child.wait();
        errors
    }
}

const AUTH: [(&str, &str); 3] = [
    ("app_id", "100000000000000000000000001"),
    ("access_token", "mock-access-0"),
    ("content-type", "application/json"),
];

#[test]
fn help_exits_zero_and_lists_every_option() {
    let output = Command::new(env!("CARGO_BIN_EXE_jing-mock"))
        .arg("--help")
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(output.status.success(), "{output:?}");
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--port",
        "--host",
        "--fixtures",
        "--app-id",
        "--app-secret",
        "--refresh-token",
        "--no-rate-limits",
        "--record-limit",
        "--token-lifetime",
        "--rotate-refresh-tokens",
        "--invalidate-on-refresh",
        "--quiet",
    ] {
        assert!(help.contains(option), "{option} in {help}");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_jing-mock"))
        .arg("--prot")
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(output.status.code(), Some(2), "a usage error: {output:?}");
}

#[test]
fn a_fixture_naming_no_endpoint_is_refused() {
    let dir = std::env::temp_dir().join(format!("jing-mock-fixtures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{error}"));
    std::fs::write(dir.join("create_custmer.json"), "{}").unwrap_or_else(|error| panic!("{error}"));
    let output = Command::new(env!("CARGO_BIN_EXE_jing-mock"))
        .args(["--port", "0", "--fixtures"])
        .arg(&dir)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains("create_custmer.json") && errors.contains("create_customer"),
        "names the file and the near names: {errors}"
    );
}

#[test]
fn one_line_per_request_without_credentials_and_quiet_turns_it_off() {
    let mock = spawn(&[]);
    let answer = mock.request(
        "POST",
        "/v1/customer/create",
        &AUTH,
        r#"{"name":"A","business_type":"b"}"#,
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let answer = mock.request("GET", "/_mock/stats", &[], "");
    assert!(answer.contains("\"answered\":1"), "{answer}");
    let errors = mock.stop();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 2, "{errors}");
    assert!(
        lines[0].starts_with("jing-mock POST /v1/customer/create create_customer 200 "),
        "{errors}"
    );
    assert!(lines[0].ends_with("ms"), "the latency: {errors}");
    assert!(!errors.contains("mock-access-0"), "no credential: {errors}");

    let quiet = spawn(&["--quiet"]);
    let answer = quiet.request("POST", "/v1/customer/create", &AUTH, "{}");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert_eq!(quiet.stop(), "");
}

#[test]
fn the_strict_token_flags_reach_the_mock() {
    let mock = spawn(&[
        "--rotate-refresh-tokens",
        "--token-lifetime",
        "30",
        "--quiet",
    ]);
    let body = r#"{"app_id":"100000000000000000000000001","app_secret":"mock-app-secret","refresh_token":"mock-refresh-token"}"#;
    let json = [("content-type", "application/json")];
    let first = mock.request("POST", "/v1/oauth2/token/refresh", &json, body);
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    assert!(first.contains("\"expires_in\":30"), "{first}");
    let again = mock.request("POST", "/v1/oauth2/token/refresh", &json, body);
    assert!(
        again.starts_with("HTTP/1.1 401"),
        "the rotated-away token: {again}"
    );
    let stats = mock.request("GET", "/_mock/stats", &[], "");
    assert!(stats.contains("\"token_calls\":2"), "{stats}");
    mock.stop();
}
