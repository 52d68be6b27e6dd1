//! Test helpers: a tree with every kind of file and odd timestamps, GNU
//! find's output per file, and our rendering of the same files.

use std::ffi::CString;
use std::fs::{self, File, FileTimes};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nix::errno::Errno;
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

use super::FormatCtx;
use crate::find::fs::entry::Entry;

/// /usr/bin/find when it is GNU find; None when it is not, after the one
/// skip rule (`crate::skip`: a loud message, a failure under CI=true).
pub(super) fn gnu_find() -> Option<String> {
    let find = "/usr/bin/find".to_string();
    let version = Command::new(&find).arg("--version").output();
    let gnu = version.is_ok_and(|v| String::from_utf8_lossy(&v.stdout).contains("GNU findutils"));
    let skipped = crate::skip::skip_if(
        (!gnu).then_some("GNU find is not at /usr/bin/find, so -printf and -ls are not compared"),
    );
    (!skipped).then_some(find)
}

fn at(secs: i64, nanos: u32) -> SystemTime {
    if secs >= 0 {
        UNIX_EPOCH + Duration::new(secs.unsigned_abs(), nanos)
    } else {
        UNIX_EPOCH - Duration::new(secs.unsigned_abs(), 0) + Duration::new(0, nanos)
    }
}

fn file_at(path: &Path, mtime: SystemTime, atime: SystemTime) {
    let file = File::options()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    file.set_times(FileTimes::new().set_modified(mtime).set_accessed(atime))
        .unwrap();
}

/// Regular files with assorted sizes, modes and times, directories,
/// links (good, dangling, looping), a fifo, a socket and a hard link.
pub(super) fn sample_tree() -> tempfile::TempDir {
    let tree = tempfile::tempdir().unwrap();
    let p = |name: &str| tree.path().join(name);
    fs::write(p("f"), b"hello\n").unwrap();
    file_at(
        &p("f"),
        at(1_709_622_489, 123_456_789),
        at(1_709_600_000, 5),
    );
    fs::hard_link(p("f"), p("f2")).unwrap();
    file_at(&p("old"), at(631_152_000, 0), at(631_152_000, 999_999_999));
    file_at(&p("neg"), at(-2, 500_000_000), at(-86_400 * 400, 0));
    file_at(&p("future"), at(2_208_988_800, 1), at(2_208_988_800, 1));
    file_at(
        &p("we ird\"\\\u{e9}"),
        at(1_000_000_000, 0),
        at(1_000_000_000, 0),
    );
    File::create(p("sparse"))
        .unwrap()
        .set_len(10 << 20)
        .unwrap();
    fs::write(p("setuid"), b"#!/bin/sh\n").unwrap();
    fs::set_permissions(p("setuid"), fs::Permissions::from_mode(0o4755)).unwrap();
    fs::write(p("sgid"), b"").unwrap();
    fs::set_permissions(p("sgid"), fs::Permissions::from_mode(0o2644)).unwrap();
    fs::create_dir_all(p("sub/deeper")).unwrap();
    fs::write(p("sub/deeper/leaf"), vec![b'x'; 5000]).unwrap();
    fs::create_dir(p("sticky")).unwrap();
    fs::set_permissions(p("sticky"), fs::Permissions::from_mode(0o1777)).unwrap();
    symlink("f", p("link")).unwrap();
    symlink("nowhere", p("dangling")).unwrap();
    symlink("loop", p("loop")).unwrap();
    symlink("sub", p("dirlink")).unwrap();
    nix::unistd::mkfifo(&p("fifo"), Mode::from_bits_truncate(0o640)).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(p("sock")).unwrap();
    if nix::unistd::geteuid().is_root() {
        fs::write(p("nobody"), b"").unwrap();
        let (uid, gid) = (Some(4_242.into()), Some(4_343.into()));
        nix::unistd::chown(&p("nobody"), uid, gid).unwrap();
    }
    tree
}

/// GNU find's output of `action` for each file under `root`, with its path.
pub(super) fn gnu_records(
    find: &str,
    root: &Path,
    follow: bool,
    action: &[&str],
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut cmd = Command::new(find);
    if follow {
        cmd.arg("-L");
    }
    cmd.arg(root).args(["-printf", "%p\x1f"]).args(action);
    let output = cmd.args(["-printf", "\x1e"]).output().unwrap();
    output
        .stdout
        .split(|&b| b == 0x1e)
        .filter(|r| !r.is_empty())
        .map(|record| {
            let sep = record.iter().position(|&b| b == 0x1f).unwrap();
            (record[..sep].to_vec(), record[sep + 1..].to_vec())
        })
        .collect()
}

type RenderFn<'f> = dyn FnMut(&Entry<'_>, &mut FormatCtx, &mut Vec<u8>) -> Result<(), Errno> + 'f;

/// Our output for each path GNU listed, with one context for the whole run.
pub(super) fn render_each(
    records: &[(Vec<u8>, Vec<u8>)],
    root: &Path,
    follow: bool,
    mut render: impl FnMut(&Entry<'_>, &mut FormatCtx, &mut Vec<u8>) -> Result<(), Errno>,
) -> Vec<Vec<u8>> {
    let render: &mut RenderFn<'_> = &mut render;
    let mut ctx = FormatCtx::default();
    let root = root.as_os_str().as_bytes();
    records
        .iter()
        .map(|(path, _)| {
            let mut out = Vec::new();
            with_entry(path, root, follow, |entry| {
                render(entry, &mut ctx, &mut out).unwrap();
            });
            out
        })
        .collect()
}

/// Build the Entry the walk would build for `path` under `root`.
pub(super) fn with_entry(path: &[u8], root: &[u8], follow: bool, f: impl FnOnce(&Entry<'_>)) {
    let rest = &path[root.len()..];
    let depth = rest.iter().filter(|&&b| b == b'/').count();
    if depth == 0 {
        let name = CString::new(path).unwrap();
        // SAFETY: AT_FDCWD is a valid "descriptor" for the *at calls.
        let cwd = unsafe { BorrowedFd::borrow_raw(libc::AT_FDCWD) };
        return f(&Entry::new(path, root, 0, cwd, &name, follow, None));
    }
    let slash = path.iter().rposition(|&b| b == b'/').unwrap();
    let dir: OwnedFd = open(
        std::ffi::OsStr::from_bytes(&path[..slash]),
        OFlag::O_RDONLY | OFlag::O_DIRECTORY,
        Mode::empty(),
    )
    .unwrap();
    let name = CString::new(&path[slash + 1..]).unwrap();
    f(&Entry::new(
        path,
        root,
        depth,
        dir.as_fd(),
        &name,
        follow,
        None,
    ));
}
