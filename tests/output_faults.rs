//! Every tk command when its output cannot be written: stdout closed by
//! the caller (`>&-`) or on a full disk (/dev/full). Each must end with
//! one `tk CMD: ...` line naming the error and exit status 1: no panic,
//! and never exit 0 with the output silently lost (Rust would point a
//! closed stdout at /dev/null and take EBADF for success; see
//! `tk::out::guard_closed_output`). The same for stderr: a message that
//! cannot be written is no abort, and no exit 0.

use std::path::Path;
use std::process::{Command, Output};

mod common;

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

/// Run tk through sh so that its stdout or stderr can be closed or
/// redirected (`redirect` is the shell redirection).
fn run_redirected(args: &[String], redirect: &str) -> Output {
    run_program_redirected(TK, args, redirect)
}

fn run_program_redirected(program: &str, args: &[String], redirect: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirect}"))
        .arg(program)
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
        let out = run_redirected(&args, ">&-");
        assert_one_error(&out, prefix, "Bad file descriptor");
    }
}

#[test]
fn a_full_disk_is_a_write_error_for_every_command() {
    for (prefix, args) in commands() {
        let out = run_redirected(&args, ">/dev/full");
        assert_one_error(&out, prefix, "No space left on device");
    }
}

#[test]
fn a_closed_stdout_with_nothing_to_print_is_no_error() {
    // As GNU find: nothing was lost, so nothing to report.
    let args: Vec<String> = ["find", "/", "-maxdepth", "0", "-name", "no-such-name"]
        .map(String::from)
        .to_vec();
    let out = run_redirected(&args, ">&-");
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
    let out = run_redirected(&args, ">&-");
    assert_one_error(&out, "tk find", "Bad file descriptor");
    let written = std::fs::read_to_string(&list).unwrap();
    assert_eq!(written, format!("{}\n", tmp.path().display()));
}

/// Ways stderr can fail: closed, or on a full disk.
const BROKEN_STDERR: [&str; 2] = ["2>&-", "2>/dev/full"];

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

#[test]
fn a_broken_stderr_keeps_each_commands_exit_status() {
    // Each command meets bad input and says so on stderr, which fails.
    // `eprintln!` panicked there, and tk (built to abort on a panic)
    // died of SIGABRT: no exit status at all.
    let cases: [(&[&str], i32); 6] = [
        (&["find", "/no/such/dir"], 1),
        (&["find", "/", "-maxdepth", "0", "-nosuchtest"], 1),
        (&["explain", "no-such-topic"], 2),
        (&["bmc", "--channel", "99"], 2),
        (&["ip", "--no-such-flag"], 2),
        (&["man", "no-such-command"], 2),
    ];
    for (args, status) in cases {
        for redirect in BROKEN_STDERR {
            let out = run_redirected(&words(args), &format!(">/dev/null {redirect}"));
            assert_eq!(out.status.code(), Some(status), "tk {args:?} {redirect}");
        }
    }
}

#[test]
fn a_warning_that_cannot_be_written_makes_find_fail_as_gnu_find() {
    // The run itself succeeds, but the user never saw the warning: GNU
    // find exits 1, and so does tk.
    let args = ["find", "/", "-maxdepth", "0", "-printf", "%Q"];
    lost_stderr_is_exit_1_as_in_gnu_find(&args);
}

#[test]
fn fprint_to_a_broken_stderr_is_exit_1_as_in_gnu_find() {
    lost_stderr_is_exit_1_as_in_gnu_find(&[
        "find",
        "/",
        "-maxdepth",
        "0",
        "-fprint",
        "/dev/stderr",
    ]);
}

#[test]
fn an_ok_prompt_nobody_saw_is_exit_1_as_in_gnu_find() {
    // stdin is /dev/null: the answer is no, and the run would succeed.
    lost_stderr_is_exit_1_as_in_gnu_find(&[
        "find",
        "/",
        "-maxdepth",
        "0",
        "-ok",
        "true",
        "{}",
        ";",
    ]);
}

fn lost_stderr_is_exit_1_as_in_gnu_find(args: &[&str]) {
    if common::skip::unless_gnu_find() {
        return;
    }
    for redirect in BROKEN_STDERR {
        let redirect = format!(">/dev/null {redirect}");
        let out = run_redirected(&words(args), &redirect);
        assert_eq!(out.status.code(), Some(1), "{args:?} {redirect}");
        let gnu = run_program_redirected("/usr/bin/find", &words(&args[1..]), &redirect);
        assert_eq!(gnu.status.code(), Some(1), "GNU find {args:?} {redirect}");
    }
    let out = run_redirected(&words(args), ">/dev/null 2>/dev/null");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn stdout_and_stderr_both_failing_is_exit_1() {
    let args = words(&["find", "/", "-maxdepth", "0"]);
    for redirect in [">/dev/full 2>/dev/full", ">&- 2>&-"] {
        let out = run_redirected(&args, redirect);
        assert_eq!(out.status.code(), Some(1), "{redirect}");
    }
}
