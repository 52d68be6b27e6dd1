//! The find examples of the sysadmin notes (issue 18), as the Examples
//! section of `tk explain find` gives them in both languages: each one is
//! there, each runs with the same output, status and effect on the tree as
//! GNU find, and what the section says where the notes were wrong (sizes
//! round up, -perm MODE is exact, -perm /111 is any x bit) is what both
//! finds do on files made to sit on each side of the line.

mod common;

#[path = "explain/fixture.rs"]
mod fixture;

use std::fs::{self, File, FileTimes};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use tk::explain::{examples, topic};

const TK: &str = env!("CARGO_BIN_EXE_tk");
const GNU_FIND: &str = "/usr/bin/find";

/// The notes' commands, in the notes' order, as the docs write them.
const NOTES: &[&str] = &[
    r#"tk find . -name "filename""#,
    r#"tk find . -name "*.txt""#,
    r#"tk find . -iname "*.txt""#,
    "tk find . -type d",
    "tk find . -type f",
    "tk find . -type l",
    "tk find . -size +100M",
    "tk find . -size -10k",
    "tk find . -size 1G",
    "tk find . -mtime -7",
    "tk find . -mmin -30",
    "tk find . -atime -7",
    "tk find . -amin -30",
    "tk find . -perm 755",
    "tk find . -perm /111",
    r#"tk find . -user "$(id -un)""#,
    r#"tk find . -group "$(id -gn)""#,
    r#"tk find . -name "*.tmp" -delete"#,
    r#"tk find . -name "*.txt" -exec ls -l {} \;"#,
    r#"tk find . -name "*.tmp" -exec rm -f {} \;"#,
    r#"tk find . \( -name "*.txt" -o -name "*.log" \)"#,
    "tk find . -size +100M -and -mtime -7",
    r#"tk find . -path ./node_modules -prune -o -name "*.txt" -print"#,
    "tk find . -type f -empty",
    "tk find . -type d -empty",
    r"tk find . -type f -printf '%T+ %p\n' | sort -r",
];

/// The markdown of the find page's section headed `heading`.
fn section(body: &str, heading: &str) -> String {
    let start = body
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("no section '{heading}'"));
    let rest = &body[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 4);
    rest[..end].to_string()
}

fn section_commands(lang_body: &str, heading: &str) -> Vec<String> {
    examples(&section(lang_body, heading))
        .into_iter()
        .map(|e| e.command)
        .collect()
}

#[test]
fn every_example_of_the_notes_is_in_both_languages_in_order() {
    let find = topic("find").unwrap();
    let en = section_commands(find.en.body, "Examples");
    let zh = section_commands(find.zh.body, "示例");
    assert_eq!(en, NOTES, "docs/en/find.md, section Examples");
    assert_eq!(zh, NOTES, "docs/zh/find.md, section 示例");
}

/// Run `command` with `sh -c` in `dir`, with `tk` and `find` first in PATH
/// as the given programs: (status, stdout, stderr).
fn sh(command: &str, dir: &Path) -> (i32, Vec<u8>, String) {
    let bin = Path::new(TK).parent().unwrap();
    let out = Command::new("/bin/sh")
        .args(["-c", command])
        .current_dir(dir)
        .env(
            "PATH",
            format!("{}:/usr/bin:/bin:/usr/sbin:/sbin", bin.display()),
        )
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every path below `root` with its size and mode, sorted: what a run
/// left of the tree.
fn listing(root: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.path().symlink_metadata().unwrap();
            format!(
                "{} {} {:o}",
                e.path().strip_prefix(root).unwrap().display(),
                meta.len(),
                meta.permissions().mode()
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn each_notes_example_does_what_gnu_find_does() {
    if common::skip::unless_installed(GNU_FIND, "findutils") {
        return;
    }
    let base = tempfile::tempdir().unwrap();
    let original = base.path().join("original");
    fs::create_dir(&original).unwrap();
    fixture::build(&original);
    let mut failures = Vec::new();
    for command in NOTES {
        // A copy each, times and links kept, for each of the two finds.
        let copy = |name: &str| {
            let dir = base.path().join(name);
            let status = Command::new("cp")
                .arg("-a")
                .arg(&original)
                .arg(&dir)
                .status()
                .unwrap();
            assert!(status.success());
            dir
        };
        let (tk_dir, gnu_dir) = (copy("tk"), copy("gnu"));
        let tk_run = sh(command, &tk_dir);
        let gnu_command = command.replacen("tk find", GNU_FIND, 1);
        let gnu_run = sh(&gnu_command, &gnu_dir);
        let tk_out = String::from_utf8_lossy(&tk_run.1).replace("/tk/", "/DIR/");
        let gnu_out = String::from_utf8_lossy(&gnu_run.1).replace("/gnu/", "/DIR/");
        if (tk_run.0, &tk_out) != (gnu_run.0, &gnu_out) {
            failures.push(format!(
                "{command}\n  tk:  {} {tk_out:?} {}\n  GNU: {} {gnu_out:?} {}",
                tk_run.0, tk_run.2, gnu_run.0, gnu_run.2
            ));
        } else if listing(&tk_dir) != listing(&gnu_dir) {
            failures.push(format!("{command}: the trees differ afterwards"));
        }
        assert_eq!(tk_run.0, 0, "{command}: {}", tk_run.2);
        fs::remove_dir_all(&tk_dir).unwrap();
        fs::remove_dir_all(&gnu_dir).unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The names of the files `tk find . -type f EXPR` prints in `dir`,
/// sorted; GNU find must print the same.
fn names(dir: &Path, expr: &str) -> Vec<String> {
    let run = |program: &str| {
        let (status, out, err) = sh(
            &format!("{program} . -type f {expr} -printf '%f\\n' | sort"),
            dir,
        );
        assert_eq!(status, 0, "{program} {expr}: {err}");
        String::from_utf8(out).unwrap()
    };
    let tk = run("tk find");
    assert_eq!(tk, run(GNU_FIND), "tk find and GNU find differ on {expr}");
    tk.lines().map(str::to_string).collect()
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;
const GIB: u64 = 1024 * MIB;

#[test]
fn sizes_round_up_as_the_examples_say() {
    if common::skip::unless_installed(GNU_FIND, "findutils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sizes = [
        ("empty", 0),
        ("1-byte", 1),
        ("9-kib", 9 * KIB),
        ("9-kib-and-1", 9 * KIB + 1),
        ("10-kib", 10 * KIB),
        ("100-mib", 100 * MIB),
        ("100-mib-and-1", 100 * MIB + 1),
        ("1-gib", GIB),
        ("1-gib-and-1", GIB + 1),
    ];
    for (name, len) in sizes {
        // Sparse: no disk space is used.
        File::create(dir.path().join(name))
            .unwrap()
            .set_len(len)
            .unwrap();
    }
    // "smaller than 10KB": at most 9 KiB.
    assert_eq!(
        names(dir.path(), "-size -10k"),
        ["1-byte", "9-kib", "empty"]
    );
    // "exactly 1GB": any size from 1 byte to 1 GiB.
    assert_eq!(
        names(dir.path(), "-size 1G"),
        [
            "1-byte",
            "1-gib",
            "10-kib",
            "100-mib",
            "100-mib-and-1",
            "9-kib",
            "9-kib-and-1"
        ]
    );
    assert_eq!(names(dir.path(), "-size 1073741824c"), ["1-gib"]);
    // "bigger than 100MB": more than 100 MiB.
    assert_eq!(
        names(dir.path(), "-size +100M"),
        ["1-gib", "1-gib-and-1", "100-mib-and-1"]
    );
}

#[test]
fn perm_755_is_exact_and_perm_slash_111_is_any_x_bit() {
    if common::skip::unless_installed(GNU_FIND, "findutils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o755, 0o775, 0o4755, 0o644, 0o100, 0o010, 0o001, 0o600] {
        let path = dir.path().join(format!("{mode:o}"));
        File::create(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    }
    assert_eq!(names(dir.path(), "-perm 755"), ["755"]);
    assert_eq!(
        names(dir.path(), "-perm /111"),
        ["1", "10", "100", "4755", "755", "775"]
    );
}

#[test]
fn day_and_minute_ages_are_less_than_as_the_examples_say() {
    if common::skip::unless_installed(GNU_FIND, "findutils") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let now = SystemTime::now();
    let ages = [
        ("29-min", 29 * 60 + 30),
        ("31-min", 30 * 60 + 30),
        ("6-days", 6 * 86_400 + 82_800),
        ("8-days", 7 * 86_400 + 3600),
    ];
    for (name, seconds) in ages {
        let when = now - Duration::from_secs(seconds);
        File::create(dir.path().join(name))
            .unwrap()
            .set_times(FileTimes::new().set_modified(when).set_accessed(when))
            .unwrap();
    }
    assert_eq!(names(dir.path(), "-mmin -30"), ["29-min"]);
    assert_eq!(names(dir.path(), "-amin -30"), ["29-min"]);
    assert_eq!(
        names(dir.path(), "-mtime -7"),
        ["29-min", "31-min", "6-days"]
    );
    assert_eq!(
        names(dir.path(), "-atime -7"),
        ["29-min", "31-min", "6-days"]
    );
}
