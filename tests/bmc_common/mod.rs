//! Helpers shared by the `tk bmc` integration tests.

pub mod sim;

use std::path::Path;
use std::process::{Command, Output};

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

/// Make `path` an executable holding `text`. The text is written to a
/// side file and installed by another process: had this process written
/// the program, a child forked meanwhile by a test on another thread
/// could still hold it open for writing when it is run, and exec would
/// fail with ETXTBSY ("Text file busy").
pub fn write_executable(path: &Path, text: &str) {
    let mut source = path.as_os_str().to_owned();
    source.push(".source");
    std::fs::write(&source, text).unwrap();
    let installed = Command::new("install")
        .arg("-m755")
        .arg(&source)
        .arg(path)
        .status()
        .unwrap();
    assert!(installed.success(), "install {}", path.display());
}
