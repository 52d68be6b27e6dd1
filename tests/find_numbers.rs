//! Numeric arguments against GNU find 4.9, live: every numeric primary
//! with every spelling that tells GNU's readers apart (a second sign,
//! space, leading zeros, exponents, hex, `inf`, overflow, the locale's
//! decimal point), under C and de_DE.UTF-8, on a small tree whose times
//! sit on the edges that rounding decides. Exit status, stdout and
//! whether stderr is empty must match GNU's. (GNU aborts on `nan`, so
//! that spelling is left out.)

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

const GNU_FIND: &str = "/usr/bin/find";

const PRIMARIES: &[&str] = &[
    "-uid",
    "-gid",
    "-links",
    "-inum",
    "-size",
    "-mtime",
    "-atime",
    "-ctime",
    "-mmin",
    "-amin",
    "-used",
    "-maxdepth",
    "-mindepth",
];

const SPELLINGS: &[&str] = &[
    "1",
    "+1",
    "-1",
    "0",
    "-0",
    "+0",
    "-+1",
    "+-1",
    "--1",
    "++1",
    " 1",
    "+ 1",
    "1 ",
    "01",
    "00",
    "0x1",
    "0x1p1",
    "1e1",
    "-1e1",
    "1.5",
    "-1.5",
    "1,5",
    "+1,5",
    "-0,5",
    ".5",
    "5.",
    "inf",
    "-inf",
    "",
    "-",
    "+",
    "x",
    "18446744073709551615",
    "18446744073709551616",
    "2147483647",
    "2147483648",
    "1e300",
    "-1e300",
    "--1e300",
    "1e400",
    "1k",
    "+1k",
    "-+1k",
    "1 k",
    "1kk",
];

fn run(program: &str, prefix: &[&str], locale: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(prefix)
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("LC_ALL", locale)
        .output()
        .expect("run find")
}

/// Sets `path`'s access and modification times to `now - age` seconds.
fn age(path: &Path, now: f64, atime_age: f64, mtime_age: f64) {
    #[allow(
        clippy::cast_possible_truncation,
        reason = "times of today, in seconds and nanoseconds"
    )]
    let spec = |age: f64| {
        let t = now - age;
        libc::timespec {
            tv_sec: t.floor() as libc::time_t,
            tv_nsec: ((t - t.floor()) * 1e9) as libc::c_long,
        }
    };
    let times = [spec(atime_age), spec(mtime_age)];
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid path and a two-element timespec array.
    let rc = unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times.as_ptr(), 0) };
    assert_eq!(rc, 0, "utimensat {path:?}");
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("big"), vec![b'x'; 5000]).unwrap();
    std::fs::write(root.join("empty"), b"").unwrap();
    std::fs::write(root.join("edge"), b"e").unwrap();
    std::fs::write(root.join("old"), b"o").unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/deeper"), b"d").unwrap();
    dir
}

fn stamp(root: &Path) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    // One day and a third of a second old: GNU's `-mtime -1` still
    // counts it (it reaches one second past the day), `-mtime 1` too.
    age(&root.join("edge"), now, 3600.0, 86_400.3);
    age(&root.join("old"), now, 90.0, 3.5 * 86_400.0);
    age(&root.join("big"), now, 30.0, 150.0);
}

#[test]
fn numeric_arguments_read_as_gnu_reads_them() {
    if common::skip::unless_installed(GNU_FIND, "findutils") {
        return;
    }
    let locales: &[&str] = &["C", "de_DE.UTF-8"];
    if common::skip::unless_locales(locales) {
        return;
    }
    let dir = tree();
    let tk = env!("CARGO_BIN_EXE_tk");
    let mut failures = Vec::new();
    let mut rows = 0;
    for locale in locales {
        for primary in PRIMARIES {
            for spelling in SPELLINGS {
                let args = [".", *primary, spelling];
                stamp(dir.path());
                let gnu = run(GNU_FIND, &[], locale, dir.path(), &args);
                let ours = run(tk, &["find"], locale, dir.path(), &args);
                rows += 1;
                // Which files -used matches is issue 17's item 3; here
                // only how its argument is read.
                let compare_output = *primary != "-used";
                if gnu.status.code() != ours.status.code()
                    || compare_output && gnu.stdout != ours.stdout
                    || gnu.stderr.is_empty() != ours.stderr.is_empty()
                {
                    failures.push(format!(
                        "LC_ALL={locale} find . {primary} '{spelling}': GNU {:?} {:?} {:?}, tk {:?} {:?} {:?}",
                        gnu.status.code(),
                        String::from_utf8_lossy(&gnu.stdout),
                        String::from_utf8_lossy(&gnu.stderr),
                        ours.status.code(),
                        String::from_utf8_lossy(&ours.stdout),
                        String::from_utf8_lossy(&ours.stderr),
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {rows} rows differ from GNU find:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
