//! Fuzz -printf formats: `tk::find::action::print::Format::parse` on any bytes,
//! then `render` of the parsed format for the files of a small fixed tree
//! (a regular file, a directory, a symlink, a dangling symlink, a name
//! that is not UTF-8), with and without following links.
//!
//! A width or precision between 1,000,000 and INT_MAX is a real request
//! for that many bytes (GNU find prints them too), so such inputs are
//! skipped: they would only measure the allocator. Larger values must be
//! refused by tk itself and are fuzzed.

#![no_main]

use std::ffi::CString;
use std::fs::File;
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tk::find::fs::entry::Entry;
use tk::find::action::print::{Format, FormatCtx};

/// Names in the tree, each printed as `tree/NAME`.
const NAMES: &[&[u8]] = &[b"file", b"dir", b"link", b"dangling", b"caf\xe9\xff"];

fn tree() -> &'static PathBuf {
    static TREE: OnceLock<PathBuf> = OnceLock::new();
    TREE.get_or_init(|| {
        use std::os::unix::ffi::OsStrExt;
        let dir = std::env::temp_dir().join(format!("tk-fuzz-printf-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("dir")).unwrap();
        std::fs::write(dir.join("file"), b"0123456789").unwrap();
        std::os::unix::fs::symlink("file", dir.join("link")).unwrap();
        std::os::unix::fs::symlink("missing", dir.join("dangling")).unwrap();
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9\xff")), b"").unwrap();
        dir
    })
}

/// Whether a run of digits asks for between 1e6 and INT_MAX bytes.
fn asks_for_gigabytes(data: &[u8]) -> bool {
    data.split(|b| !b.is_ascii_digit()).any(|run| {
        let n = run.iter().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        n > 1_000_000 && n <= i32::MAX as u64
    })
}

fn render_all(format: &Format) {
    use std::os::unix::ffi::OsStrExt;
    let root = tree();
    let dir = File::open(root).unwrap();
    let root_bytes = root.as_os_str().as_bytes();
    let mut ctx = FormatCtx::new(1_700_000_000);
    let mut out = Vec::new();
    for follow in [false, true] {
        for name in NAMES {
            let mut path = root_bytes.to_vec();
            path.push(b'/');
            path.extend_from_slice(name);
            let at_name = CString::new(*name).unwrap();
            let entry = Entry::new(&path, root_bytes, 1, dir.as_fd(), &at_name, follow, None);
            let _ = format.render(&entry, &mut ctx, &mut out);
            for issue in ctx.take_issues() {
                assert!(!issue.message.is_empty());
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if asks_for_gigabytes(data) {
        return;
    }
    match Format::parse(data) {
        Ok(format) => {
            let _ = format.warnings();
            render_all(&format);
        }
        Err(message) => assert!(message.starts_with("error: ")),
    }
});
