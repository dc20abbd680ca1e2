//! `serve` as a process: where it listens, the warning off loopback, and a graceful stop
//! on SIGTERM and Ctrl-C (SIGINT).

// A failed `expect` in a test is the test's failure, with its reason.
#![allow(clippy::expect_used)]

use crate::common;

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;

/// Starts `serve` with `args`, returns it with the lines it wrote before listening.
// The child is returned, and `stop` waits for it; a failed test ends the process anyway.
#[allow(clippy::zombie_processes)]
fn start(
    args: &[&str],
) -> (
    std::process::Child,
    BufReader<std::process::ChildStderr>,
    Vec<String>,
) {
    let mut child = common::advisor_process()
        .arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the service starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("its standard error"));
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap_or(0) == 0 {
            let _ = child.wait();
            panic!("the service ended early: {lines:?}");
        }
        let done = line.contains("Serving the advisor at http://");
        lines.push(line.trim_end().to_string());
        if done {
            return (child, stderr, lines);
        }
    }
}

/// Sends `signal` to the service and returns its exit code and what it wrote after.
fn stop(
    mut child: std::process::Child,
    mut stderr: BufReader<std::process::ChildStderr>,
    signal: &str,
) -> (i32, String) {
    let status = common::process("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("kill runs");
    assert!(status.success());
    let mut rest = String::new();
    stderr
        .read_to_string(&mut rest)
        .expect("the rest of its output");
    let code = child.wait().expect("it ends").code().expect("an exit code");
    (code, rest)
}

#[test]
fn on_loopback_it_says_where_and_stops_gracefully_on_sigterm() {
    let (child, stderr, lines) = start(&["--port", "0"]);
    assert_eq!(lines.len(), 1, "no warning on loopback: {lines:?}");
    assert!(
        lines[0].starts_with("Serving the advisor at http://127.0.0.1:"),
        "{lines:?}"
    );
    let (code, rest) = stop(child, stderr, "TERM");
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Stopped"), "{rest}");
}

#[test]
fn ctrl_c_stops_it_gracefully_too() {
    let (child, stderr, _) = start(&["--port", "0"]);
    let (code, rest) = stop(child, stderr, "INT");
    assert_eq!(code, 0, "{rest}");
    assert!(rest.contains("Stopped"), "{rest}");
}

#[test]
fn another_address_is_served_with_a_warning_that_there_is_no_login() {
    let (child, stderr, lines) = start(&["--bind", "0.0.0.0", "--port", "0"]);
    assert!(
        lines[0].starts_with("warning: listening on 0.0.0.0: ") && lines[0].contains("no login"),
        "{lines:?}"
    );
    let (code, _) = stop(child, stderr, "TERM");
    assert_eq!(code, 0);
}

#[test]
fn a_port_in_use_is_a_usage_error_naming_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("its address").port().to_string();
    let mut command = common::advisor();
    command.args(["serve", "--port", &port]);
    let (code, _, stderr) = common::run(&mut command);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("port {port} is in use")),
        "{stderr}"
    );
}
