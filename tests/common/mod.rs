//! Helpers shared by the integration tests: running tk, and the one skip
//! rule (`skip`). Each test file uses only some of them.
#![allow(dead_code)]

pub mod skip;

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

/// Run `tk find ARGS...` in `dir` and collect everything it did.
pub fn tk_find<A: AsRef<OsStr>>(dir: &Path, args: &[A]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tk"))
        .arg("find")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run tk")
}

/// Make `levels` nested directories named `dir` below `root`, each made
/// relative to its open parent (no single path may name the bottom one
/// past PATH_MAX), and return the deepest, open.
pub fn deep_dirs(root: &Path, levels: usize) -> std::fs::File {
    use std::os::fd::AsFd;
    let mut current = std::fs::File::open(root).unwrap();
    for _ in 0..levels {
        nix::sys::stat::mkdirat(current.as_fd(), "dir", nix::sys::stat::Mode::S_IRWXU).unwrap();
        let next = nix::fcntl::openat(
            current.as_fd(),
            "dir",
            nix::fcntl::OFlag::O_RDONLY | nix::fcntl::OFlag::O_DIRECTORY,
            nix::sys::stat::Mode::empty(),
        )
        .unwrap();
        current = std::fs::File::from(next);
    }
    current
}
