//! Every tk command when its output cannot be written: stdout closed by
//! the caller (`>&-`) or on a full disk (/dev/full). Each must end with
//! one `tk CMD: ...` line naming the error and exit status 1: no panic,
//! and never exit 0 with the output silently lost (Rust would point a
//! closed stdout at /dev/null and take EBADF for success; see
//! `tk::out::guard_closed_stdout`).

use std::path::Path;
use std::process::{Command, Output};

const TK: &str = env!("CARGO_BIN_EXE_tk");

/// Commands that print something wherever they run.
fn commands() -> Vec<(&'static str, Vec<String>)> {
    let capture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bmc/shape-dell-like.txt")
        .display()
        .to_string();
    vec![
        (
            "tk find",
            vec!["find".into(), "/".into(), "-maxdepth".into(), "0".into()],
        ),
        ("tk ip", vec!["ip".into(), "--all".into()]),
        ("tk bmc", vec!["bmc".into(), "--from".into(), capture]),
        ("tk explain", vec!["explain".into(), "find".into()]),
        ("tk man", vec!["man".into()]),
        ("tk completions", vec!["completions".into(), "bash".into()]),
        ("tk", vec!["--help".into()]),
        ("tk", vec!["--version".into()]),
        ("tk", vec!["ip".into(), "--help".into()]),
    ]
}

/// Run tk through sh so that its stdout can be closed or redirected.
fn run_with_stdout(args: &[String], redirect: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirect}"))
        .arg(TK)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .unwrap()
}

fn assert_one_error(out: &Output, prefix: &str, cause: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{prefix}: {err}");
    assert_eq!(err.lines().count(), 1, "{prefix}: {err}");
    assert!(err.starts_with(&format!("{prefix}: ")), "{err}");
    assert!(err.trim_end().ends_with(cause), "{prefix}: {err}");
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn a_closed_stdout_is_a_write_error_for_every_command() {
    for (prefix, args) in commands() {
        let out = run_with_stdout(&args, ">&-");
        assert_one_error(&out, prefix, "Bad file descriptor");
    }
}

#[test]
fn a_full_disk_is_a_write_error_for_every_command() {
    for (prefix, args) in commands() {
        let out = run_with_stdout(&args, ">/dev/full");
        assert_one_error(&out, prefix, "No space left on device");
    }
}

#[test]
fn a_closed_stdout_with_nothing_to_print_is_no_error() {
    // As GNU find: nothing was lost, so nothing to report.
    let args: Vec<String> = ["find", "/", "-maxdepth", "0", "-name", "no-such-name"]
        .map(String::from)
        .to_vec();
    let out = run_with_stdout(&args, ">&-");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn a_closed_stdout_is_not_reused_for_files_tk_opens() {
    // With fd 1 closed, the first file tk opened would get descriptor 1
    // and receive the output meant for stdout; -fprint's file must hold
    // exactly its own lines.
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("list");
    let args: Vec<String> = vec![
        "find".into(),
        tmp.path().display().to_string(),
        "-maxdepth".into(),
        "0".into(),
        "-fprint".into(),
        list.display().to_string(),
        "-print".into(),
    ];
    let out = run_with_stdout(&args, ">&-");
    assert_one_error(&out, "tk find", "Bad file descriptor");
    let written = std::fs::read_to_string(&list).unwrap();
    assert_eq!(written, format!("{}\n", tmp.path().display()));
}
