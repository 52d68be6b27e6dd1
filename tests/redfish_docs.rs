//! The Redfish examples of `tk explain bmc` (docs/en/bmc.md and
//! docs/zh/bmc.md, blocks marked `sh service=redfish`), run as the docs
//! write them against tests/redfish_server.py over HTTPS: the docs' host
//! `bmc.example.com` stands for the test server (`--host 127.0.0.1
//! --port N`), `bmc-ca.pem` is the test CA and `bmc-password` holds the
//! password. Each must end with the status its block promises, print no
//! password, and leave no session open.

mod common;
mod redfish_common;

use std::fs;
use std::process::Command;

use redfish_common::*;
use tk::explain::{Expect, Lang, examples, topic};

#[test]
fn the_redfish_examples_of_tk_explain_bmc_run() {
    if missing_tools(false) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let certs = Certs::new(dir.path());
    let work = dir.path().join("work");
    fs::create_dir(&work).unwrap();
    fs::copy(&certs.ca, work.join("bmc-ca.pem")).unwrap();
    fs::write(work.join("bmc-password"), format!("{PASSWORD}\n")).unwrap();
    let page = topic("bmc").unwrap();
    let mut ran = 0;
    for lang in [Lang::En, Lang::Zh] {
        let server = test_server(dir.path(), &certs, "megarac", &[]);
        let local = format!("--host 127.0.0.1 --port {}", server.port);
        for example in examples(page.page(lang).body) {
            if example.service.as_deref() != Some("redfish") {
                continue;
            }
            assert!(
                example.command.contains("--host bmc.example.com"),
                "{}",
                example.command
            );
            let command = example.command.replace("--host bmc.example.com", &local);
            let out = Command::new("/bin/sh")
                .args(["-c", &command])
                .current_dir(&work)
                .env(
                    "PATH",
                    format!(
                        "{}:/usr/bin:/bin",
                        std::path::Path::new(TK).parent().unwrap().display()
                    ),
                )
                .env_remove("IPMI_PASSWORD")
                .env_remove("SSL_CERT_FILE")
                .env_remove("SSL_CERT_DIR")
                .output()
                .unwrap();
            assert_no_password(&out);
            let status = out.status.code().unwrap_or(-1);
            let Expect::Status(codes) = &example.expect else {
                panic!(
                    "{}: a Redfish example says which status it ends with",
                    example.command
                );
            };
            assert!(
                codes.contains(&status),
                "{}: status {status}, expected {codes:?}; stderr: {}",
                example.command,
                text(&out.stderr)
            );
            if status == 0 {
                assert!(!out.stdout.is_empty(), "{}", example.command);
            }
            ran += 1;
        }
        let lines = server.sessions();
        let made = lines.iter().filter(|l| l.starts_with("create ")).count();
        let deleted = lines.iter().filter(|l| l.starts_with("delete ")).count();
        assert_eq!(made, deleted, "{lines:?}");
        assert!(made >= 3, "{lines:?}");
    }
    // Five examples in each language.
    assert_eq!(ran, 10);
}
