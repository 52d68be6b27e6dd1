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
