//! The `jing-mock` binary starts, says where it listens, and answers a plain HTTP request.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn the_binary_serves_plain_http() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jing-mock"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("jing-mock starts: {error}"));
    let stdout = child
        .stdout
        .take()
        .unwrap_or_else(|| panic!("stdout is piped"));
    // The reader stays alive until the end, so the mock can keep printing.
    let mut output = BufReader::new(stdout);
    let mut first = String::new();
    let _ = output.read_line(&mut first);
    let address = first
        .trim()
        .strip_prefix("jing-mock listening on http://")
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    let answer = (|| -> std::io::Result<String> {
        let mut stream = TcpStream::connect(&address)?;
        stream.write_all(
            b"GET /v1/customer/creat HTTP/1.1\r\nhost: mock\r\nconnection: close\r\n\r\n",
        )?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    })();
    let _ = child.kill();
    let _ = child.wait();
    drop(output);
    let answer = answer.unwrap_or_else(|error| panic!("{error}"));
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        answer.contains("/v1/customer/create"),
        "names the nearest path: {answer}"
    );
}
