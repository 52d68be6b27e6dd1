//! `tk find` through the real binary on real temporary trees: output
//! bytes, exit status and messages for the cases the differential test
//! against GNU find does not cover well (closed pipes, full disks, deep
//! trees, huge directories, error rendering).

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Stdio};

mod common;
use common::tk_find;

fn os<'a>(words: &[&'a str]) -> Vec<&'a OsStr> {
    words.iter().map(|w| OsStr::new(*w)).collect()
}

#[test]
fn non_utf8_names_are_matched_and_printed_exactly() {
    let tmp = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"caf\xe9-\xff.txt");
    fs::write(tmp.path().join(name), b"x").unwrap();
    fs::write(tmp.path().join("plain.txt"), b"x").unwrap();
    let pattern = OsStr::from_bytes(b"*\xff*");
    let out = tk_find(tmp.path(), &[OsStr::new("."), OsStr::new("-name"), pattern]);
    assert_eq!(out.stdout, b"./caf\xe9-\xff.txt\n");
    assert!(out.status.success());
}

#[test]
fn a_missing_starting_point_is_reported_and_the_rest_still_walked() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("here")).unwrap();
    // GNU's quotation marks follow the locale's character set.
    for (locale, quoted) in [("C", "'nope'"), ("C.UTF-8", "\u{2018}nope\u{2019}")] {
        let out = Command::new(env!("CARGO_BIN_EXE_tk"))
            .args(["find", "nope", "here"])
            .env("LC_ALL", locale)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_eq!(out.stdout, b"here\n");
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            err,
            format!("tk find: {quoted}: No such file or directory\n")
        );
    }
}

#[test]
fn a_bad_expression_stops_before_the_walk_and_points_at_the_word() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tk_find(tmp.path(), &os(&[".", "-type", "f", "-nmae", "*.txt"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "tk find: unknown predicate `-nmae'");
    assert_eq!(lines[1], "  tk find . -type f -nmae '*.txt'");
    assert_eq!(lines[2], "                    ^^^^^ did you mean '-name'?");
}

#[test]
fn a_closed_pipe_ends_tk_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..5000 {
        fs::write(tmp.path().join(format!("file-{i:05}")), b"").unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_tk"))
        .args(["find", "."])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, ".\n");
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_full_disk_on_stdout_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    for i in 0..2000 {
        fs::write(tmp.path().join(format!("file-{i:05}")), b"").unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_tk"))
        .args(["find", "."])
        .current_dir(tmp.path())
        .stdout(fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("tk find: error writing to standard output"),
        "{err}"
    );
}

#[test]
fn quit_prune_and_depth_limits() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("a/b/c")).unwrap();
    fs::create_dir_all(tmp.path().join("skip/inner")).unwrap();
    let out = tk_find(tmp.path(), &os(&[".", "-name", "b", "-print", "-quit"]));
    assert_eq!(out.stdout, b"./a/b\n");
    let out = tk_find(
        tmp.path(),
        &os(&[".", "-name", "skip", "-prune", "-o", "-type", "d", "-print"]),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("inner") && text.contains("./a/b/c\n"),
        "{text}"
    );
    let out = tk_find(tmp.path(), &os(&["a", "-mindepth", "1", "-maxdepth", "1"]));
    assert_eq!(out.stdout, b"a/b\n");
    let out = tk_find(tmp.path(), &os(&["a", "-depth"]));
    assert_eq!(out.stdout, b"a/b/c\na/b\na\n");
}

#[test]
fn trees_deeper_than_path_max_are_walked() {
    let tmp = tempfile::tempdir().unwrap();
    // 1500 levels of "dir/" make a path of 6000 bytes, past PATH_MAX (4096).
    common::deep_dirs(tmp.path(), 1500);
    let out = tk_find(tmp.path(), &os(&[".", "-type", "d"]));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 1501);
    assert!(out.stdout.len() > 4096 * 100);
}

#[test]
fn huge_directories_come_out_in_gnu_finds_order() {
    if common::skip::unless_gnu_find() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("big");
    fs::create_dir(&dir).unwrap();
    // More than fts's 10,000-entry threshold for visiting in inode order.
    for i in 0..12_000 {
        fs::write(dir.join(format!("{:x}", i * 7919 % 12_000)), b"").unwrap();
    }
    let ours = tk_find(tmp.path(), &os(&["big"]));
    let gnu = Command::new("/usr/bin/find")
        .arg("big")
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(ours.stdout.len(), gnu.stdout.len());
    assert!(ours.stdout == gnu.stdout, "order differs from GNU find");
}

#[test]
fn help_and_version_print_and_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tk_find(tmp.path(), &os(&["-help"]));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Usage: tk find"));
    let out = tk_find(tmp.path(), &os(&["-version"]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("GNU findutils 4.9 compatible"));
}

#[test]
fn reading_ahead_on_a_second_thread_changes_nothing() {
    if common::skip::unless_gnu_find() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    // Enough directories that the reading thread runs well ahead.
    for a in 0..30 {
        for b in 0..20 {
            let dir = tmp.path().join(format!("d{a}/s{b}"));
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("f.txt"), b"x").unwrap();
            fs::write(dir.join(format!("g{b}.log")), b"").unwrap();
        }
    }
    let expressions: &[&[&str]] = &[
        &["."],
        &[".", "-name", "s1*", "-prune", "-o", "-print"],
        &[
            ".", "-path", "./d2*", "-prune", "-o", "-name", "*.log", "-print",
        ],
        &[".", "-maxdepth", "2", "-mindepth", "1"],
        &[".", "-depth", "-name", "f.txt"],
        &[".", "-name", "g7.log", "-print", "-quit"],
        &["d3", "d1/s4", "nope", "d3", "-empty"],
        // Expressions that stat: the thread stats ahead too.
        &[".", "-type", "f", "-mmin", "-60", "-size", "-1k"],
        &[".", "-printf", "%y %m %s %n %i %P\n"],
        &[".", "-name", "s1*", "-prune", "-o", "-size", "+0", "-print"],
    ];
    for args in expressions {
        let gnu = Command::new("/usr/bin/find")
            .args(*args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        // 1: no read-ahead; 2: one reading thread; 3: two lanes.
        for threads in ["1", "2", "3"] {
            let ours = Command::new(env!("CARGO_BIN_EXE_tk"))
                .arg("find")
                .args(*args)
                .env("TK_FIND_THREADS", threads)
                .current_dir(tmp.path())
                .output()
                .unwrap();
            assert!(
                ours.stdout == gnu.stdout,
                "{args:?} with {threads} threads: differs from GNU"
            );
            assert_eq!(ours.status.code(), gnu.status.code(), "{args:?}");
        }
    }
}

/// With nothing reading ahead and the walk not shared (here -exec keeps
/// it to one thread), tk find is one thread, so that the kernel takes its
/// single-threaded fast paths for descriptors; a command line nested
/// deeper than the main stack holds moves to a thread of its own.
#[test]
fn the_walk_is_one_thread_unless_something_reads_ahead_or_shares_it() {
    let tmp = tempfile::tempdir().unwrap();
    let threads_of_tk = ["sh", "-c", "grep '^Threads:' /proc/$PPID/status", ";"];
    let mut args = vec![".", "-maxdepth", "0", "-exec"];
    args.extend(threads_of_tk);
    let out = tk_find(tmp.path(), &args);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Threads:\t1\n");

    let depth = 50_000;
    let mut nested = vec!["."; 1];
    nested.extend(std::iter::repeat_n("(", depth));
    nested.push("-true");
    nested.extend(std::iter::repeat_n(")", depth));
    let out = tk_find(tmp.path(), &nested);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b".\n");
}

/// Whether the kernel reports a birth time for `path` (statx's
/// STATX_BTIME in the returned mask), asked directly by the test.
fn birth_time_recorded(path: &Path) -> bool {
    let path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: statx writes into a zeroed struct the call owns; the path
    // is a NUL-terminated string that outlives the call.
    unsafe {
        let mut stx: libc::statx = std::mem::zeroed();
        let rc = libc::statx(
            libc::AT_FDCWD,
            path.as_ptr(),
            0,
            libc::STATX_BTIME,
            &raw mut stx,
        );
        assert_eq!(rc, 0, "statx {path:?}: {}", std::io::Error::last_os_error());
        stx.stx_mask & libc::STATX_BTIME != 0
    }
}

#[test]
fn birth_times_compare_through_statx() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("first"), b"").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(tmp.path().join("second"), b"").unwrap();
    let out = tk_find(tmp.path(), &[".", "-type", "f", "-newerBB", "first"]);
    let err = String::from_utf8_lossy(&out.stderr);
    // Whether there are birth times is asked of the kernel here, not
    // read from what tk printed.
    if !birth_time_recorded(&tmp.path().join("first")) {
        assert!(err.contains("does not record birth times"), "{err}");
        common::skip::skip("the temporary directory's file system records no birth times");
        return;
    }
    assert_eq!(out.stdout, b"./second\n", "{err}");
    let out = tk_find(tmp.path(), &[".", "-type", "f", "-newerBt", "@0"]);
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 2);
}

#[test]
fn names_on_a_terminal_show_unprintable_characters_as_question_marks() {
    if common::skip::unless_gnu_find() {
        return;
    }
    // util-linux `script` gives the command a pseudo-terminal.
    if common::skip::unless_installed("script", "bsdutils") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        &b"a\x01b"[..],
        b"esc\x1b[31mred",
        b"tab\there",
        b"bad\xffx",
        "école".as_bytes(),
    ] {
        fs::write(tmp.path().join(OsStr::from_bytes(name)), b"").unwrap();
    }
    let on_terminal = |program: &str, locale: &str, expr: &str| {
        let out = Command::new("script")
            .args(["-qec", &format!("{program} . {expr}"), "/dev/null"])
            .env("LC_ALL", locale)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        out.stdout
    };
    let tk = format!("{} find", env!("CARGO_BIN_EXE_tk"));
    for locale in ["C.UTF-8", "C"] {
        for expr in ["-print", "-printf '%p|%f|%h|%P\\n'", "-print0"] {
            let ours = on_terminal(&tk, locale, expr);
            let gnu = on_terminal("/usr/bin/find", locale, expr);
            assert!(ours == gnu, "{locale} {expr}: {ours:?} != {gnu:?}");
        }
    }
    // Into a pipe the names stay byte for byte.
    let piped = tk_find(tmp.path(), &[".", "-name", "esc*"]);
    assert_eq!(piped.stdout, b"./esc\x1b[31mred\n");
}

/// How many times `dir` itself was opened while `run` ran (inotify's
/// IN_OPEN on a watched directory).
fn opens_of(dir: &Path, run: impl FnOnce()) -> usize {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).unwrap();
    // SAFETY: plain system calls on a descriptor this function owns and
    // closes; the buffer outlives the read.
    unsafe {
        let fd = libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC);
        assert!(fd >= 0);
        assert!(libc::inotify_add_watch(fd, path.as_ptr(), libc::IN_OPEN) >= 0);
        run();
        let mut buf = [0u8; 4096];
        let mut opens = 0;
        loop {
            let n = libc::read(fd, buf.as_mut_ptr().cast(), buf.len());
            let Ok(n @ 1..) = usize::try_from(n) else {
                break;
            };
            let mut at = 0;
            while at < n {
                let event = buf
                    .as_ptr()
                    .add(at)
                    .cast::<libc::inotify_event>()
                    .read_unaligned();
                if event.mask & libc::IN_OPEN != 0 {
                    opens += 1;
                }
                at += std::mem::size_of::<libc::inotify_event>() + event.len as usize;
            }
        }
        libc::close(fd);
        opens
    }
}

/// tk find opens a sub-directory before visiting it (one stat less), but
/// never one the expression could keep it out of: -prune is how users
/// keep find away from hung network mounts, which an open would wait on.
#[test]
fn a_pruned_directory_is_never_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let skip = tmp.path().join("top/skip");
    fs::create_dir_all(skip.join("inner")).unwrap();
    fs::write(tmp.path().join("top/file"), "").unwrap();
    let walked = opens_of(&skip, || {
        assert!(tk_find(tmp.path(), &["top"]).status.success());
    });
    assert!(walked > 0, "the walk should open top/skip");
    let pruned = opens_of(&skip, || {
        let out = tk_find(
            tmp.path(),
            &["top", "-name", "skip", "-prune", "-o", "-print"],
        );
        assert!(out.status.success());
        assert_eq!(out.stdout, b"top\ntop/file\n");
    });
    assert_eq!(pruned, 0, "top/skip was opened although pruned");
}
