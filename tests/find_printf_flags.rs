//! -printf flags against GNU find 4.9, live: every directive with every
//! combination of the flags `#`, `0`, `-`, `+` and space, with no width,
//! a small and a large width, and no, a zero and a small precision. One
//! -printf per directive holds all its combinations, so a difference
//! shows the directive and the combination at once.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const GNU_FIND: &str = "/usr/bin/find";

/// Every -printf directive letter, and the time letters after %A.
const DIRECTIVES: &[&str] = &[
    "p", "f", "h", "P", "H", "d", "D", "s", "k", "b", "m", "M", "l", "y", "Y", "i", "n", "u", "U",
    "g", "G", "t", "a", "c", "S", "F", "%", "A@", "Aa", "AA", "Ab", "AB", "Ac", "Ad", "AD", "AF",
    "Ag", "AG", "Ah", "AH", "AI", "Aj", "Ak", "Al", "Am", "AM", "Ap", "Ar", "AS", "As", "AT", "At",
    "Au", "AU", "AV", "Aw", "AW", "Ax", "AX", "Ay", "AY", "AZ", "A+", "T@", "C@",
];

fn format_for(directive: &str) -> String {
    let flags = ['#', '0', '-', '+', ' '];
    let mut format = String::new();
    for set in 0..32u32 {
        let chosen: String = flags
            .iter()
            .enumerate()
            .filter(|(i, _)| set & (1 << i) != 0)
            .map(|(_, f)| *f)
            .collect();
        for width in ["", "1", "9"] {
            for precision in ["", ".0", ".3"] {
                format.push_str(&format!("[%{chosen}{width}{precision}{directive}]"));
            }
        }
        format.push('\n');
    }
    format
}

fn run(program: &str, prefix: &[&str], dir: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(prefix)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LC_ALL", "C")
        .env("TZ", "UTC")
        .output()
        .expect("run find")
}

#[test]
fn every_directive_takes_every_flag_as_gnu_find_does() {
    if common::skip::unless_installed(GNU_FIND, "findutils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/file"), vec![b'x'; 3000]).unwrap();
    std::os::unix::fs::symlink("file", root.join("sub/link")).unwrap();
    let tk = env!("CARGO_BIN_EXE_tk");
    let mut failures = Vec::new();
    for directive in DIRECTIVES {
        let format = format_for(directive);
        let args = ["sub", "-printf", format.as_str()];
        let gnu = run(GNU_FIND, &[], root, &args);
        let ours = run(tk, &["find"], root, &args);
        if gnu.stdout == ours.stdout && gnu.status.code() == ours.status.code() {
            continue;
        }
        let gnu_out = String::from_utf8_lossy(&gnu.stdout).into_owned();
        let tk_out = String::from_utf8_lossy(&ours.stdout).into_owned();
        let first = gnu_out
            .split(']')
            .zip(tk_out.split(']'))
            .zip(format.split(']').cycle())
            .find(|((g, t), _)| g != t)
            .map(|((g, t), f)| format!("{}]: GNU {g:?}] tk {t:?}]", f.trim_start()))
            .unwrap_or_else(|| "outputs differ in length".to_string());
        failures.push(format!(
            "%{directive}: first difference at {first} (status GNU {:?} tk {:?})",
            gnu.status.code(),
            ours.status.code()
        ));
    }
    assert!(
        failures.is_empty(),
        "{} directives differ from GNU find:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
