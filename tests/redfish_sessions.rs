//! Redfish sessions, faults, timeouts and signals, against
//! tests/redfish_server.py over real HTTPS on 127.0.0.1: a small service
//! that serves the mockups of tests/fixtures/redfish with real sessions
//! (POST to Sessions gives X-Auth-Token and Location; DELETE ends one),
//! HTTP Basic, 401s, and faults chosen per test (slow or wrong answers,
//! dead links, documents that are not JSON). It logs every session made
//! and deleted, so each test checks that tk deleted every session it
//! made, after an error, at the timeout and on SIGINT or SIGTERM too.

mod common;
mod redfish_common;

use std::fs;
use std::net::TcpListener;
use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use redfish_common::*;

const ETH0: &str = "/redfish/v1/Managers/bmc/EthernetInterfaces/eth0";

fn setup() -> Option<(tempfile::TempDir, Certs)> {
    if missing_tools(false) {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let certs = Certs::new(dir.path());
    Some((dir, certs))
}

fn login_args(certs: &Certs) -> Vec<String> {
    vec![
        "--cacert".into(),
        certs.ca.to_str().unwrap().into(),
        "--user".into(),
        USER.into(),
    ]
}

fn run(
    server: &Server,
    certs: &Certs,
    password: Option<&str>,
    extra: &[&str],
) -> std::process::Output {
    let mut args = login_args(certs);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    tk(server.port, password, &args)
}

#[test]
fn a_session_is_made_used_and_deleted() {
    let Some((dir, certs)) = setup() else { return };
    let server = test_server(dir.path(), &certs, "openbmc", &[]);
    let out = run(&server, &certs, Some(PASSWORD), &["--field", "ip_address"]);
    assert_eq!(text(&out.stdout), "192.0.2.21\n", "{}", text(&out.stderr));
    assert_eq!(server.sessions(), ["create 1", "delete 1"]);
    // The same with the password from a file, and links with slashes.
    let server = test_server(dir.path(), &certs, "ilo5", &[]);
    let file = dir.path().join("password");
    fs::write(&file, format!("{PASSWORD}\nsecond line\n")).unwrap();
    let out = run(
        &server,
        &certs,
        None,
        &["--password-file", file.to_str().unwrap(), "--json"],
    );
    assert_eq!(json(&out)["ip_address"], "198.51.100.40");
    assert_eq!(server.sessions(), ["create 1", "delete 1"]);
}

#[test]
fn a_session_without_location_is_deleted_at_its_odata_id() {
    let Some((dir, certs)) = setup() else { return };
    let server = test_server(dir.path(), &certs, "megarac", &["--no-location"]);
    let out = run(&server, &certs, Some(PASSWORD), &["--field", "vlan_id"]);
    assert_eq!(text(&out.stdout), "120\n", "{}", text(&out.stderr));
    assert_eq!(server.sessions(), ["create 1", "delete 1"]);
}

#[test]
fn a_wrong_password_is_status_6_and_leaves_no_session() {
    let Some((dir, certs)) = setup() else { return };
    let server = test_server(dir.path(), &certs, "openbmc", &[]);
    let out = run(&server, &certs, Some("not-it"), &[]);
    assert_error(
        &out,
        6,
        &[
            "refused the credentials",
            "HTTP 401",
            "/redfish/v1/SessionService/Sessions",
            "--user (admin)",
        ],
    );
    assert!(server.sessions().is_empty(), "{:?}", server.sessions());
}

#[test]
fn without_sessions_http_basic_is_used() {
    let Some((dir, certs)) = setup() else { return };
    let server = test_server(dir.path(), &certs, "idrac-chassis", &["--no-sessions"]);
    let out = run(
        &server,
        &certs,
        Some(PASSWORD),
        &["--field", "interface_id"],
    );
    assert_eq!(text(&out.stdout), "NIC.1\n", "{}", text(&out.stderr));
    assert!(server.sessions().is_empty());
    let out = run(&server, &certs, Some("not-it"), &[]);
    assert_error(&out, 6, &["HTTP 401", "/redfish/v1/Managers"]);
}

#[test]
fn a_document_that_is_not_json_is_named_and_the_session_deleted() {
    let Some((dir, certs)) = setup() else { return };
    let garbage = dir.path().join("garbage");
    fs::write(&garbage, "{\"Id\": \"eth0\", \"IPv4Addresses\": [").unwrap();
    let body = format!("{ETH0}={}", garbage.display());
    let server = test_server(dir.path(), &certs, "openbmc", &["--body", &body]);
    let out = run(&server, &certs, Some(PASSWORD), &[]);
    assert_error(
        &out,
        1,
        &[
            &format!("the Redfish document at {ETH0} is not valid"),
            "not JSON",
        ],
    );
    server.assert_all_sessions_deleted();
    // A document of the wrong shape is named the same way.
    fs::write(&garbage, "[1, 2]").unwrap();
    let server = test_server(dir.path(), &certs, "openbmc", &["--body", &body]);
    let out = run(&server, &certs, Some(PASSWORD), &[]);
    assert_error(&out, 1, &[ETH0, "not an object"]);
    server.assert_all_sessions_deleted();
    let collection = format!("/redfish/v1/Managers={}", garbage.display());
    fs::write(&garbage, "{\"Members\": [{\"@odata.id\": 7}]}").unwrap();
    let server = test_server(dir.path(), &certs, "openbmc", &["--body", &collection]);
    let out = run(&server, &certs, Some(PASSWORD), &[]);
    assert_error(
        &out,
        1,
        &["/redfish/v1/Managers", "member 1 has no @odata.id link"],
    );
    server.assert_all_sessions_deleted();
}

#[test]
fn a_link_that_leads_nowhere_is_named() {
    let Some((dir, certs)) = setup() else { return };
    let status = format!("{ETH0}=404");
    let server = test_server(dir.path(), &certs, "openbmc", &["--status", &status]);
    let out = run(&server, &certs, Some(PASSWORD), &[]);
    assert_error(
        &out,
        1,
        &[
            &format!("the link to {ETH0}"),
            "in /redfish/v1/Managers/bmc/EthernetInterfaces",
            "HTTP 404",
        ],
    );
    server.assert_all_sessions_deleted();
    // Any other failure answer gives the service's own message.
    let server = test_server(
        dir.path(),
        &certs,
        "openbmc",
        &["--status", "/redfish/v1/Managers=503"],
    );
    let out = run(&server, &certs, Some(PASSWORD), &[]);
    assert_error(
        &out,
        1,
        &[
            "/redfish/v1/Managers answered HTTP 503",
            "fault for the test",
        ],
    );
    server.assert_all_sessions_deleted();
}

#[test]
fn redirects_are_followed_on_the_same_service_only() {
    let Some((dir, certs)) = setup() else { return };
    // A service that moves /redfish/v1 to /redfish/v1/, as some do, and
    // a collection to a whole URL of itself: both are followed.
    for redirect in [
        "/redfish/v1=/redfish/v1/",
        "/redfish/v1/Managers=https://127.0.0.1:{port}/redfish/v1/Managers/",
    ] {
        let server = test_server(dir.path(), &certs, "openbmc", &["--redirect", redirect]);
        let out = run(&server, &certs, Some(PASSWORD), &["--field", "ip_address"]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "192.0.2.21\n",
            "{redirect}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success());
        server.assert_all_sessions_deleted();
    }
    // To another host: refused and named; a loop ends after a few hops;
    // the session is deleted either way.
    let foreign = "https://203.0.113.9/redfish/v1/Managers";
    for (redirect, words) in [
        (
            format!("/redfish/v1/Managers={foreign}"),
            [foreign, "not a path on this service"],
        ),
        (
            "/redfish/v1/Managers=/redfish/v1/Managers".to_string(),
            ["/redfish/v1/Managers", "redirects"],
        ),
    ] {
        let server = test_server(dir.path(), &certs, "openbmc", &["--redirect", &redirect]);
        let out = run(&server, &certs, Some(PASSWORD), &[]);
        assert_error(&out, 1, &words);
        server.assert_all_sessions_deleted();
    }
}

#[test]
fn not_a_redfish_service_is_status_1() {
    let Some((dir, certs)) = setup() else { return };
    let html = dir.path().join("index.html");
    fs::write(&html, "<html><body>Printer status</body></html>\n").unwrap();
    let body = format!("/redfish/v1={}", html.display());
    for extra in [
        vec!["--body", body.as_str()],
        vec!["--status", "/redfish/v1=404"],
    ] {
        let server = test_server(dir.path(), &certs, "openbmc", &extra);
        let out = run(&server, &certs, Some(PASSWORD), &[]);
        let target = format!("127.0.0.1:{}", server.port);
        assert_error(&out, 1, &[&target, "is not a Redfish service"]);
        assert!(server.sessions().is_empty());
    }
    let json = dir.path().join("other.json");
    fs::write(&json, "{\"name\": \"some other API\"}").unwrap();
    let body = format!("/redfish/v1={}", json.display());
    let server = test_server(dir.path(), &certs, "openbmc", &["--body", &body]);
    let out = run(&server, &certs, Some(PASSWORD), &[]);
    assert_error(&out, 1, &["is not a Redfish service", "no RedfishVersion"]);
}

#[test]
fn a_slow_service_times_out_at_the_limit_and_the_session_is_deleted() {
    let Some((dir, certs)) = setup() else { return };
    let slow = format!("{ETH0}=20");
    let server = test_server(dir.path(), &certs, "openbmc", &["--slow", &slow]);
    let started = Instant::now();
    let out = run(&server, &certs, Some(PASSWORD), &["--timeout", "2"]);
    let took = started.elapsed();
    let target = format!("127.0.0.1:{}", server.port);
    assert_error(
        &out,
        8,
        &[&target, "did not answer within 2 s", "--timeout"],
    );
    assert!(took >= Duration::from_secs(2), "{took:?}");
    // The limit, plus at most the 2 s the session's deletion may take.
    assert!(took < Duration::from_millis(4500), "{took:?}");
    server.assert_all_sessions_deleted();
}

#[test]
fn a_silent_service_times_out() {
    if missing_tools(false) {
        return;
    }
    // Accepts connections (the kernel does) and never says a word.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let started = Instant::now();
    let out = tk(port, None, &["--insecure", "--timeout", "1"]);
    let took = started.elapsed();
    assert_error(
        &out,
        8,
        &[&format!("127.0.0.1:{port} did not answer within 1 s")],
    );
    assert!(took < Duration::from_millis(2500), "{took:?}");
    drop(listener);
    // Nothing listening at all: refused at once.
    let out = tk(port, None, &["--insecure", "--timeout", "5"]);
    assert_error(&out, 1, &["cannot connect to", "--port"]);
}

/// Start tk against a service that is slow on eth0, wait for its session,
/// check that no process's argv holds the password, send `signal`, and
/// check tk ends with 130 at once, having deleted its session.
fn signal_during_the_walk(signal: Signal) {
    let Some((dir, certs)) = setup() else { return };
    let slow = format!("{ETH0}=20");
    let server = test_server(dir.path(), &certs, "openbmc", &["--slow", &slow]);
    let file = dir.path().join("password");
    fs::write(&file, PASSWORD).unwrap();
    let mut args = login_args(&certs);
    args.extend(["--password-file".into(), file.to_str().unwrap().into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let child = tk_cmd(server.port, None, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(
        server.wait_for("create 1", Duration::from_secs(10)),
        "{:?}",
        server.sessions()
    );
    assert_no_argv_holds_the_password();
    std::thread::sleep(Duration::from_millis(200));
    let sent = Instant::now();
    kill(Pid::from_raw(i32::try_from(child.id()).unwrap()), signal).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        sent.elapsed() < Duration::from_secs(3),
        "{:?}",
        sent.elapsed()
    );
    assert_no_password(&out);
    assert_error(&out, 130, &["interrupted", "session was closed"]);
    server.assert_all_sessions_deleted();
}

#[test]
fn sigint_deletes_the_session() {
    signal_during_the_walk(Signal::SIGINT);
}

#[test]
fn sigterm_deletes_the_session() {
    signal_during_the_walk(Signal::SIGTERM);
}

/// No process on the machine has the password in its command line.
fn assert_no_argv_holds_the_password() {
    let mut seen = 0;
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(argv) = fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        seen += 1;
        let argv = String::from_utf8_lossy(&argv);
        assert!(
            !argv.contains(PASSWORD),
            "{}: {argv:?}",
            entry.path().display()
        );
    }
    assert!(seen > 3, "read {seen} command lines");
}

#[test]
fn the_password_is_in_no_argv_while_tk_runs_with_ipmi_password() {
    let Some((dir, certs)) = setup() else { return };
    let slow = format!("{ETH0}=1");
    let server = test_server(dir.path(), &certs, "openbmc", &["--slow", &slow]);
    let args = login_args(&certs);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let child = tk_cmd(server.port, Some(PASSWORD), &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(server.wait_for("create 1", Duration::from_secs(10)));
    assert_no_argv_holds_the_password();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_no_password(&out);
    server.assert_all_sessions_deleted();
}

#[test]
fn many_bmcs_over_redfish_one_session_each_in_order() {
    let Some((dir, certs)) = setup() else { return };
    let first = test_server(dir.path(), &certs, "openbmc", &[]);
    let second = test_server(dir.path(), &certs, "megarac", &[]);
    let nobody = free_port();
    let hosts: Vec<String> = [first.port, nobody, second.port]
        .iter()
        .map(|p| format!("127.0.0.1:{p}"))
        .collect();
    let mut cmd = std::process::Command::new(TK);
    cmd.args(["bmc", "--redfish", "--json", "--user", USER, "--cacert"])
        .arg(&certs.ca)
        .env("IPMI_PASSWORD", PASSWORD);
    for host in &hosts {
        cmd.args(["--host", host]);
    }
    let out = cmd.output().unwrap();
    assert_no_password(&out);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3, "{}", text(&out.stdout));
    for (row, host) in rows.iter().zip(&hosts) {
        assert_eq!(&row["host"], host);
    }
    assert_eq!(
        (&rows[0]["ok"], &rows[0]["ip_address"]),
        (&true.into(), &"192.0.2.21".into())
    );
    assert_eq!(rows[0]["protocol"], "redfish");
    assert_eq!(rows[1]["ok"], false);
    assert_eq!(rows[1]["error"]["status"], 1);
    assert!(
        rows[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("cannot connect")
    );
    assert_eq!(
        (&rows[2]["ok"], &rows[2]["vlan_id"]),
        (&true.into(), &120.into())
    );
    assert!(
        text(&out.stderr).contains("3 hosts: 2 answered, 1 failed"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(first.sessions(), ["create 1", "delete 1"]);
    assert_eq!(second.sessions(), ["create 1", "delete 1"]);
}
