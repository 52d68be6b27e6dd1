//! Helpers shared by the `tk bmc` integration tests.

use std::process::Output;

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A failure as tk bmc reports one: this status, nothing on stdout, and
/// one `tk bmc:` line on stderr holding `contains` (never a panic).
pub fn assert_error(out: &Output, code: i32, contains: &str) {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("tk bmc: "), "{err}");
    assert!(err.contains(contains), "{err:?} lacks {contains:?}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}
