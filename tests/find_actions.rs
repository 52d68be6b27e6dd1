//! `tk find` actions with real children and real deletions: what runs,
//! in which directory, in what order, and what survives.

use std::fs;
use std::io::Write;
use std::os::unix::fs::symlink;
use std::process::{Command, Stdio};

mod common;
use common::tk_find;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("d/e")).unwrap();
    fs::write(tmp.path().join("a.tmp"), b"a").unwrap();
    fs::write(tmp.path().join("d/b.tmp"), b"b").unwrap();
    fs::write(tmp.path().join("d/keep.txt"), b"k").unwrap();
    tmp
}

#[test]
fn exec_replaces_braces_inside_words_and_runs_without_a_shell() {
    let tmp = tree();
    let out = tk_find(
        tmp.path(),
        &[
            ".",
            "-name",
            "a.tmp",
            "-exec",
            "echo",
            "pre{}post",
            "$HOME",
            "{}",
            ";",
        ],
    );
    assert_eq!(text(&out.stdout), "pre./a.tmppost $HOME ./a.tmp\n");
    assert!(out.status.success());
}

#[test]
fn exec_is_true_only_when_the_command_succeeds() {
    let tmp = tree();
    let out = tk_find(
        tmp.path(),
        &[
            ".", "-type", "f", "-exec", "test", "-s", "{}", ";", "-name", "*.tmp", "-print",
        ],
    );
    let mut lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    lines.sort();
    assert_eq!(lines, ["./a.tmp", "./d/b.tmp"]);
    let out = tk_find(tmp.path(), &[".", "-exec", "false", ";"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a false -exec ; is not an error"
    );
}

#[test]
fn exec_plus_batches_and_a_failing_batch_sets_status_1() {
    let tmp = tree();
    let out = tk_find(
        tmp.path(),
        &[".", "-name", "*.tmp", "-exec", "echo", "{}", "+"],
    );
    let line = text(&out.stdout);
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("./a.tmp") && line.contains("./d/b.tmp"));
    assert!(out.status.success());
    let out = tk_find(
        tmp.path(),
        &[".", "-exec", "sh", "-c", "exit 3", "sh", "{}", "+"],
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn exec_plus_splits_long_argument_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "x".repeat(200);
    for i in 0..1500 {
        fs::write(tmp.path().join(format!("{long}{i:04}")), b"").unwrap();
    }
    // 1500 names of ~203 bytes (~300 KiB) cannot go in one 128 KiB batch.
    let out = tk_find(
        tmp.path(),
        &[
            ".", "-type", "f", "-exec", "sh", "-c", "echo $#", "sh", "{}", "+",
        ],
    );
    let counts: Vec<usize> = text(&out.stdout)
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert!(counts.len() >= 3, "{counts:?}");
    assert_eq!(counts.iter().sum::<usize>(), 1500);
}

#[test]
fn our_output_comes_before_the_childs() {
    let tmp = tree();
    let out = tk_find(
        tmp.path(),
        &[
            ".", "-name", "a.tmp", "-print", "-exec", "echo", "child", ";", "-print",
        ],
    );
    assert_eq!(text(&out.stdout), "./a.tmp\nchild\n./a.tmp\n");
}

#[test]
fn execdir_runs_in_the_files_directory() {
    let tmp = tree();
    let out = tk_find(tmp.path(), &["d", "-name", "b.tmp", "-execdir", "pwd", ";"]);
    let pwd = text(&out.stdout);
    assert!(pwd.trim_end().ends_with("/d"), "{pwd}");
    let out = tk_find(
        tmp.path(),
        &["d", "-name", "b.tmp", "-execdir", "echo", "{}", ";"],
    );
    assert_eq!(text(&out.stdout), "./b.tmp\n");
}

#[test]
fn execdir_refuses_a_relative_path_entry() {
    let tmp = tree();
    let out = Command::new(env!("CARGO_BIN_EXE_tk"))
        .args(["find", ".", "-execdir", "true", ";"])
        .env("PATH", format!("bin:{}", std::env::var("PATH").unwrap()))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("The relative path") && err.contains("bin"),
        "{err}"
    );
}

#[test]
fn ok_asks_on_stderr_and_reads_the_answer() {
    let tmp = tree();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tk"))
        .args(["find", ".", "-name", "*.tmp", "-ok", "rm", "{}", ";"])
        .current_dir(tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Yes to the first question, no to the second (order is the walk's).
    child.stdin.take().unwrap().write_all(b"y\nno\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let prompts = text(&out.stderr);
    assert_eq!(prompts.matches("< rm ... ./").count(), 2, "{prompts}");
    let left = ["a.tmp", "d/b.tmp"]
        .iter()
        .filter(|p| tmp.path().join(p).exists())
        .count();
    assert_eq!(left, 1);
}

#[test]
fn ok_prompts_with_the_names_bytes_as_gnu_find_does() {
    if common::skip::unless_gnu_find() {
        return;
    }
    // A name that is not UTF-8 appears in the prompt byte for byte, not
    // with U+FFFD in place of the 0xff.
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(OsStr::from_bytes(b"d\xffe")), b"").unwrap();
    let prompt = |program: &str, args: &[&str]| {
        let out = Command::new(program)
            .args(args)
            .args([".", "-name", "d*", "-ok", "echo", "{}", ";"])
            .current_dir(tmp.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        out.stderr
    };
    let ours = prompt(env!("CARGO_BIN_EXE_tk"), &["find"]);
    assert_eq!(ours, b"< echo ... ./d\xffe > ? ");
    assert_eq!(ours, prompt("/usr/bin/find", &[]), "GNU find's prompt");
}

#[test]
fn fprint_to_dev_stderr_writes_the_records_gnu_find_writes() {
    if common::skip::unless_gnu_find() {
        return;
    }
    // Each record is its path and terminator, written together; the
    // find_gnu_diff rows for /dev/stderr compare only whether stderr is
    // empty.
    let tmp = tree();
    let stderr_of = |program: &str, args: &[&str]| {
        let out = Command::new(program)
            .args(args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{program} {args:?}");
        assert!(out.stdout.is_empty(), "{program} {args:?}");
        out.stderr
    };
    for action in ["-fprint", "-fprint0"] {
        let ours = stderr_of(
            env!("CARGO_BIN_EXE_tk"),
            &["find", ".", action, "/dev/stderr"],
        );
        let gnu = stderr_of("/usr/bin/find", &[".", action, "/dev/stderr"]);
        assert_eq!(text(&ours), text(&gnu), "{action}");
        assert_eq!(ours.iter().filter(|&&b| b == b'\n' || b == 0).count(), 6);
    }
}

#[test]
fn delete_removes_matches_and_reports_non_empty_directories() {
    let tmp = tree();
    let out = tk_find(tmp.path(), &[".", "-name", "*.tmp", "-delete"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!tmp.path().join("a.tmp").exists());
    assert!(!tmp.path().join("d/b.tmp").exists());
    assert!(tmp.path().join("d/keep.txt").exists());
    let out = tk_find(tmp.path(), &[".", "-name", "d", "-delete"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot delete") && err.contains("./d"),
        "{err}"
    );
    assert!(err.ends_with(": Directory not empty\n"), "{err}");
    assert!(tmp.path().join("d/keep.txt").exists());
    // Empty directories go, deepest first (-delete implies -depth).
    let out = tk_find(tmp.path(), &[".", "-type", "d", "-empty", "-delete"]);
    assert!(out.status.success());
    assert!(!tmp.path().join("d/e").exists());
}

#[test]
fn delete_never_follows_links_out_of_the_tree() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("precious"), b"p").unwrap();
    let tmp = tree();
    symlink(outside.path(), tmp.path().join("link-to-outside")).unwrap();
    symlink(
        outside.path().join("precious"),
        tmp.path().join("d/link-file"),
    )
    .unwrap();
    for follow in ["-P", "-L"] {
        let out = tk_find(tmp.path(), &[follow, ".", "-name", "*", "-delete"]);
        let _ = out;
        assert!(outside.path().join("precious").exists(), "{follow}");
    }
    assert!(!tmp.path().join("link-to-outside").exists());
    assert!(!tmp.path().join("d/link-file").exists());
}

#[test]
fn delete_with_prune_is_refused_before_anything_is_deleted() {
    let tmp = tree();
    let out = tk_find(tmp.path(), &[".", "-name", "e", "-prune", "-o", "-delete"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("-prune"));
    assert!(tmp.path().join("a.tmp").exists());
}

#[test]
fn fprint_writes_files_once_and_shares_a_name() {
    let tmp = tree();
    let list = tmp.path().join("list");
    fs::write(&list, b"old content that must go\n").unwrap();
    let list_arg = list.to_str().unwrap();
    let out = tk_find(
        tmp.path(),
        &[
            "d", "-name", "*.tmp", "-fprint", list_arg, "-fprint0", list_arg,
        ],
    );
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert_eq!(fs::read(&list).unwrap(), b"d/b.tmp\nd/b.tmp\0");
    let out = tk_find(
        tmp.path(),
        &["d", "-name", "*.tmp", "-fprint", "/dev/stdout"],
    );
    assert_eq!(text(&out.stdout), "d/b.tmp\n");
    let out = tk_find(tmp.path(), &["d", "-fprint", "/no/such/dir/list"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("/no/such/dir/list") && err.contains("No such file"),
        "{err}"
    );
}

#[test]
fn the_notes_examples_work_as_written() {
    let tmp = tree();
    let out = tk_find(
        tmp.path(),
        &[".", "-name", "*.txt", "-exec", "ls", "-l", "{}", ";"],
    );
    assert!(text(&out.stdout).contains("keep.txt"));
    let out = tk_find(
        tmp.path(),
        &[".", "-name", "*.tmp", "-exec", "rm", "-f", "{}", ";"],
    );
    assert!(out.status.success());
    assert!(!tmp.path().join("a.tmp").exists());
}

/// docs/en/find.md, Environment: under POSIXLY_CORRECT, -ls counts
/// 512-byte blocks, as GNU find does; without it, KiB.
#[test]
fn ls_counts_512_byte_blocks_under_posixly_correct() {
    if common::skip::unless_installed("/usr/bin/find", "findutils") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("f"), vec![b'x'; 5000]).unwrap();
    let ls = |program: &str, posix: bool| {
        let mut cmd = Command::new(program);
        if program == env!("CARGO_BIN_EXE_tk") {
            cmd.arg("find");
        }
        cmd.args(["f", "-ls"]).current_dir(tmp.path());
        if posix {
            cmd.env("POSIXLY_CORRECT", "1");
        } else {
            cmd.env_remove("POSIXLY_CORRECT");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        // The second column: the size in blocks.
        text(&out.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    };
    let tk = env!("CARGO_BIN_EXE_tk");
    let (kib, blocks) = (ls(tk, false), ls(tk, true));
    assert_eq!(
        kib.parse::<u64>().unwrap() * 2,
        blocks.parse::<u64>().unwrap()
    );
    assert_eq!(
        (kib, blocks),
        (ls("/usr/bin/find", false), ls("/usr/bin/find", true))
    );
}

/// Runs `find ARGS` (GNU's when `gnu`, else tk's) in `dir` with `input`
/// on stdin, under a shell that first sets `ulimit -Sn 64`.
fn find_in_shell(
    gnu: bool,
    dir: &std::path::Path,
    args: &[&str],
    input: &[u8],
) -> std::process::Output {
    let program = if gnu {
        "/usr/bin/find"
    } else {
        env!("CARGO_BIN_EXE_tk")
    };
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(r#"ulimit -Sn 64 && p=$1 && shift && if [ "$p" = /usr/bin/find ]; then exec "$p" "$@"; else exec "$p" find "$@"; fi"#)
        .arg("sh")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// -execdir and -okdir start the command in the file's directory through
/// its open descriptor (fchdir), so they work far below PATH_MAX, where a
/// chdir by path fails with "File name too long"; GNU find does the same.
#[test]
fn execdir_and_okdir_work_below_path_max() {
    if common::skip::unless_installed("/usr/bin/find", "findutils") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bottom = common::deep_dirs(tmp.path(), 1500);
    {
        use std::os::fd::AsFd;
        let mode = nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR;
        let flags = nix::fcntl::OFlag::O_CREAT | nix::fcntl::OFlag::O_WRONLY;
        drop(nix::fcntl::openat(bottom.as_fd(), "leaf", flags, mode).unwrap());
    }
    let pwd_length = ["sh", "-c", "pwd | wc -c", "sh"];
    for (action, end, input) in [
        ("-execdir", ";", &b""[..]),
        ("-execdir", "+", b""),
        ("-okdir", ";", b"y\n"),
    ] {
        let mut args = vec![".", "-name", "leaf", action];
        args.extend(pwd_length);
        args.extend(["{}", end]);
        let gnu = find_in_shell(true, tmp.path(), &args, input);
        let tk = find_in_shell(false, tmp.path(), &args, input);
        let length: usize = text(&tk.stdout).trim().parse().unwrap_or(0);
        assert!(length > 6000, "{action} {end}: {tk:?}");
        assert_eq!(tk.status.code(), Some(0), "{action} {end}: {tk:?}");
        assert_eq!(gnu.stdout, tk.stdout, "{action} {end}");
    }
}

/// tk find raises its own open-file limit under -L; the commands it runs
/// get the limit the user set (`ulimit -Sn 64` here), as under GNU find.
#[test]
fn children_get_the_users_open_file_limit() {
    if common::skip::unless_installed("/usr/bin/find", "findutils") {
        return;
    }
    let tmp = tree();
    for args in [
        &[
            "-L",
            ".",
            "-maxdepth",
            "0",
            "-execdir",
            "sh",
            "-c",
            "ulimit -Sn",
            ";",
        ][..],
        &[
            "-L",
            "d",
            "-mindepth",
            "1",
            "-execdir",
            "sh",
            "-c",
            "ulimit -Sn",
            "sh",
            "{}",
            "+",
        ],
        &[
            "-L",
            ".",
            "-maxdepth",
            "0",
            "-exec",
            "sh",
            "-c",
            "ulimit -Sn",
            ";",
        ],
    ] {
        let gnu = find_in_shell(true, tmp.path(), args, b"");
        let tk = find_in_shell(false, tmp.path(), args, b"");
        assert_eq!(text(&tk.stdout).trim(), "64", "{args:?}: {tk:?}");
        assert_eq!(gnu.stdout, tk.stdout, "{args:?}");
    }
}
