//! tk find walking on several threads (src/find/parallel/): what it
//! prints, in what order, the diagnostics among the output and the exit
//! status are GNU find's, and one thread's.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::io::{BufReader, Read};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nix::sys::resource::{Resource, getrlimit};

mod common;
use common::skip::{unless_gnu_find, unless_installed, unless_root};

const GNU: &str = "/usr/bin/find";
const TK: &str = env!("CARGO_BIN_EXE_tk");

/// A tree of about 8,000 entries with long names, so that its listing
/// (0.6 MB) is far more than a part of the output holds while it waits
/// (find/parallel/mod.rs, `HELD`): seven directories a level, three levels,
/// twenty files in each directory, some empty directories, and names with
/// a space, a newline and a byte that is not UTF-8.
fn big_tree(root: &Path) {
    for a in 0..7 {
        for b in 0..7 {
            for c in 0..7 {
                let dir = root.join(format!(
                    "project-{a}-alpha/component-{b}-beta/module-{c}-gamma"
                ));
                fs::create_dir_all(&dir).unwrap();
                for f in 0..20 {
                    fs::write(dir.join(format!("source file {f:02}.txt")), b"").unwrap();
                }
            }
            fs::create_dir(root.join(format!("project-{a}-alpha/empty-{b}"))).unwrap();
        }
    }
    let odd = root.join("project-3-alpha/component-4-beta");
    fs::write(odd.join("new\nline"), b"").unwrap();
    fs::write(odd.join(OsStr::from_bytes(b"latin-\xe9")), b"x").unwrap();
}

/// How tk find is run: on 2 or 3 threads, with the output a part of it
/// holds while it waits as set (`HELD` in find/parallel/mod.rs), or cut to 64
/// bytes so that threads wait, and take work up while they wait, all the
/// time; and as on a cold cache (TK_FIND_COLD_BLOCKS=0, see
/// find/parallel/cold.rs): the pool grows to 6 threads in the middle of
/// the walk, and expressions that stat most entries walk on 6 threads.
const SETTINGS: [[(&str, &str); 2]; 6] = [
    [("TK_FIND_THREADS", "2"), ("TK_FIND_HELD", "16384")],
    [("TK_FIND_THREADS", "2"), ("TK_FIND_HELD", "64")],
    [("TK_FIND_THREADS", "3"), ("TK_FIND_HELD", "16384")],
    [("TK_FIND_THREADS", "3"), ("TK_FIND_HELD", "64")],
    [("TK_FIND_COLD_BLOCKS", "0"), ("TK_FIND_HELD", "16384")],
    [("TK_FIND_COLD_BLOCKS", "0"), ("TK_FIND_HELD", "64")],
];

fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(program);
    if program == TK {
        cmd.arg("find");
    }
    cmd.envs(env.iter().copied())
        .args(args)
        .current_dir(dir)
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .expect("run find")
}

/// stderr without the program's name, line by line.
fn messages(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|line| {
            ["/usr/bin/find: ", "tk find: "]
                .iter()
                .find_map(|prefix| line.strip_prefix(prefix))
                .unwrap_or(line)
                .to_string()
        })
        .collect()
}

fn assert_same_as_gnu(case: &str, gnu: &Output, ours: &Output) {
    assert!(gnu.stdout == ours.stdout, "{case}: stdout differs from GNU");
    assert_eq!(gnu.status.code(), ours.status.code(), "{case}: exit status");
    assert_eq!(
        messages(gnu).len(),
        messages(ours).len(),
        "{case}: {:?} against GNU's {:?}",
        messages(ours),
        messages(gnu)
    );
}

#[test]
fn two_and_three_threads_print_what_gnu_find_prints() {
    if unless_gnu_find() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    big_tree(tmp.path());
    let expressions: &[&[&str]] = &[
        &["."],
        &[".", "-depth"],
        &[".", "-print0"],
        &[".", "-name", "*7*", "-prune", "-o", "-print"],
        &[
            ".",
            "-path",
            "*/component-[25]*",
            "-prune",
            "-o",
            "-name",
            "*1?.txt",
        ],
        &[".", "-maxdepth", "2", "-mindepth", "1"],
        &[".", "-mindepth", "3", "-type", "d"],
        &[".", "-empty"],
        &[".", "-depth", "-empty", "-o", "-name", "*gamma"],
        &[".", "-printf", "%d %y %P|%f|%h\\n"],
        &[".", "-regex", ".*/module-[0-3].*[05]\\.txt"],
        &[".", "-name", "*.txt", "-printf", "%p\\0", "-o", "-print"],
        &[
            "project-2-alpha",
            "nope",
            "project-0-alpha/empty-3",
            "project-2-alpha",
        ],
        &[
            "./project-1-alpha/",
            "-name",
            "*beta",
            "-print",
            "-o",
            "-iname",
            "SOURCE*",
        ],
        &[".", "-xdev", "-name", "*[13579].txt"],
        &[".", "-mindepth", "1", "-maxdepth", "1", "-depth"],
    ];
    for args in expressions {
        let gnu = run(tmp.path(), GNU, args, &[]);
        for env in &SETTINGS {
            let ours = run(tmp.path(), TK, args, env);
            assert_same_as_gnu(&format!("{args:?}, {env:?}"), &gnu, &ours);
        }
    }
}

/// As nobody, with a directory in nine that cannot be read: the errors
/// come where one thread writes them among the output (stdout and stderr
/// into one pipe), and they are GNU's.
#[test]
fn diagnostics_come_among_the_output_where_one_thread_writes_them() {
    if unless_gnu_find() || unless_root("running as nobody") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let tree = tmp.path().join("tree");
    big_tree(&tree);
    let dirs = run(&tree, GNU, &[".", "-mindepth", "2", "-type", "d"], &[]);
    for (i, dir) in dirs.stdout.split(|&b| b == b'\n').enumerate() {
        if i % 9 == 4 {
            let dir = tree.join(OsStr::from_bytes(dir));
            fs::set_permissions(dir, fs::Permissions::from_mode(0o311)).unwrap();
        }
    }
    // A copy nobody can run (the build directory may be closed to it).
    let tk = tmp.path().join("tk");
    fs::copy(TK, &tk).unwrap();
    fs::set_permissions(&tk, fs::Permissions::from_mode(0o755)).unwrap();
    let as_nobody = |program: &Path, env: &[(&str, &str)], args: &[&str], merged: bool| {
        let redirect = if merged { " 2>&1" } else { "" };
        let script = format!("exec \"$@\"{redirect}");
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .args(["sh", "-c", &script, "sh"])
            .arg(program);
        if program == tk {
            cmd.arg("find");
        }
        cmd.args(args)
            .envs(env.iter().copied())
            .env("LC_ALL", "C")
            .current_dir(&tree)
            .output()
            .expect("run setpriv")
    };
    for args in [&["."][..], &[".", "-depth", "-name", "*1*"]] {
        let gnu = as_nobody(Path::new(GNU), &[], args, false);
        assert!(!gnu.stderr.is_empty(), "no directory was unreadable");
        let one = as_nobody(&tk, &[("TK_FIND_THREADS", "1")], args, true);
        for env in &SETTINGS {
            let case = format!("{args:?}, {env:?}");
            let ours = as_nobody(&tk, env, args, false);
            assert_same_as_gnu(&case, &gnu, &ours);
            assert_eq!(messages(&gnu), messages(&ours), "{case}");
            let merged = as_nobody(&tk, env, args, true);
            assert!(
                merged.stdout == one.stdout,
                "{case}: output and errors interleave otherwise than on one thread"
            );
        }
    }
}

/// Where stdout is a pipe and the expression only prints, the walk takes
/// a second thread by default on a machine with two cores or more (and
/// stays on one thread on one core, or under an open-file limit below
/// 1,024).
#[test]
fn a_listing_into_a_pipe_walks_on_two_threads() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (limit, _) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    let expected = if cores >= 2 && limit >= 1024 { 2 } else { 1 };
    let (threads, listing) = threads_of_big_listing(&["."], &[], expected, Duration::from_secs(10));
    assert_eq!(threads, expected, "{cores} cores, open-file limit {limit}");
    // The top, 7 projects, 49 components and 49 empty directories, 343
    // modules of 20 files each, 2 odd names, one of them with a newline.
    let lines = listing.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, 1 + 7 + 49 * 2 + 343 * 21 + 2 + 1, "every entry once");
}

/// On a cold cache (forced here: TK_FIND_COLD_BLOCKS=0) a listing grows
/// to eight threads, and a walk that stats most entries takes six (each
/// thread's memory counts: see parallel/policy.rs); one thread under an
/// open-file limit below 1,024, and the listing on one core.
#[test]
fn a_cold_walk_takes_eight_threads_and_six_where_it_stats_most_entries() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (limit, _) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    let many = limit >= 1024;
    let cold = [("TK_FIND_COLD_BLOCKS", "0")];
    let expected = if many && cores >= 2 { 8 } else { 1 };
    let patience = Duration::from_secs(10);
    let (threads, listing) = threads_of_big_listing(&["."], &cold, expected, patience);
    assert_eq!(threads, expected, "{cores} cores, open-file limit {limit}");
    let lines = listing.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, 1 + 7 + 49 * 2 + 343 * 21 + 2 + 1, "every entry once");
    let statting = [".", "-type", "f", "-size", "-1M"];
    let expected = if many { 6 } else { 1 };
    // One more never comes: two seconds show the number stays.
    let patience = Duration::from_secs(2);
    let (threads, listing) = threads_of_big_listing(&statting, &cold, expected + 1, patience);
    assert_eq!(threads, expected, "open-file limit {limit}");
    let files = listing.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(files, 343 * 20 + 2, "every file once");
}

/// A -regex that glibc's engine matches (here a back-reference) keeps the
/// walk on one thread: glibc allocates on every match, and two threads
/// contend for tk's one malloc arena (slower than one, see
/// parallel/policy.rs).
#[test]
fn a_regex_for_glibc_walks_on_one_thread() {
    // `\1*` may repeat nothing, and `.` takes any byte in ERE in the C
    // locale: every path matches, far more than a pipe holds.
    let regex = [".", "-regextype", "posix-extended", "-regex", ".*(.)\\1*"];
    let (threads, listing) = threads_of_big_listing(&regex, &[], 2, Duration::from_secs(1));
    assert_eq!(threads, 1);
    let lines = listing.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, 1 + 7 + 49 * 2 + 343 * 21 + 2 + 1, "every entry once");
}

/// A thread whose output waits its turn, on a cold walk, reads the
/// directories its walk will enter next into the cache meanwhile
/// (find/walk/warm.rs), and no other: none below -maxdepth, and none at
/// all under -xdev or -prune, which are how users keep find out of
/// automount points and hung network mounts. Forced cold, into a pipe
/// read only after a while, so that the thread at the head of the output
/// waits on the pipe and the others wait their turn (holding 64 bytes);
/// strace shows the directories opened, which the walk alone opens once
/// each.
#[test]
fn waiting_threads_warm_only_directories_the_walk_enters() {
    if unless_gnu_find() || unless_installed("strace", "strace") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    big_tree(tmp.path());
    let traces = tempfile::tempdir().unwrap();
    let trace = traces.path().join("trace");
    // The paths of the directories tk opened, each with how many times.
    let opened = |dir: &Path, args: &[&str]| -> HashMap<String, usize> {
        let mut traced = Command::new("strace")
            .args(["-ff", "-qq", "-y", "-e", "trace=openat", "-o"])
            .arg(&trace)
            .args([TK, "find"])
            .args(args)
            .current_dir(dir)
            .env("TK_FIND_COLD_BLOCKS", "0")
            .env("TK_FIND_HELD", "64")
            .env("LC_ALL", "C")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(500));
        let mut listing = Vec::new();
        let stdout = traced.stdout.take().unwrap();
        BufReader::new(stdout).read_to_end(&mut listing).unwrap();
        assert!(traced.wait().unwrap().success(), "{args:?}");
        let gnu = run(dir, GNU, args, &[]);
        assert!(listing == gnu.stdout, "{args:?}: stdout differs from GNU");
        // One file a thread (`-ff`: TRACE.TID), whose calls are never
        // split by another thread's.
        let mut opens = HashMap::new();
        for file in fs::read_dir(traces.path()).unwrap() {
            let file = file.unwrap().path();
            let calls = fs::read_to_string(&file).unwrap();
            fs::remove_file(&file).unwrap();
            // `openat(...O_DIRECTORY) = 5</tmp/x/project-1-alpha>`.
            let opened = calls.lines().filter(|line| line.contains("O_DIRECTORY"));
            for path in opened.filter_map(|line| line.split_once(") = ")?.1.split_once('<')) {
                *opens
                    .entry(path.1.trim_end_matches('>').to_string())
                    .or_default() += 1;
            }
        }
        opens
    };
    let twice = |opens: &HashMap<String, usize>| opens.values().filter(|&&n| n > 1).count();
    let all = opened(tmp.path(), &["."]);
    assert!(twice(&all) > 0, "no directory warmed: {all:?}");
    let kept_out: [(&[&str], usize); 2] = [
        (&[".", "-xdev"], 1 + 7 + 49 * 2 + 343),
        (
            &[".", "-name", "empty-*", "-prune", "-o", "-print"],
            1 + 7 + 49 + 343,
        ),
    ];
    for (args, directories) in kept_out {
        let opens = opened(tmp.path(), args);
        assert_eq!(twice(&opens), 0, "{args:?}: a directory was warmed");
        assert_eq!(opens.len(), directories, "{args:?}");
    }
    // A directory in each module, too deep for the walk to enter: a
    // thread that waits in a module warms it only without the check of
    // -maxdepth.
    let deeper = tempfile::tempdir().unwrap();
    big_tree(deeper.path());
    for module in fs::read_dir(deeper.path()).unwrap().flat_map(|project| {
        let project = project.unwrap().path();
        fs::read_dir(project).unwrap().flat_map(|component| {
            let component = component.unwrap().path();
            fs::read_dir(component).into_iter().flatten()
        })
    }) {
        let module = module.unwrap().path();
        if module.is_dir() {
            fs::create_dir(module.join("deeper")).unwrap();
        }
    }
    let shallow = opened(deeper.path(), &[".", "-maxdepth", "4"]);
    assert!(twice(&shallow) > 0, "no directory warmed: {shallow:?}");
    let below = shallow.keys().filter(|path| path.ends_with("/deeper"));
    assert_eq!(below.count(), 0, "a directory below -maxdepth 4 was opened");
}

/// Runs `tk find ARGS` over `big_tree` into a pipe that is not read until
/// the process has `enough` threads or `patience` has passed (tk waits on
/// the full pipe meanwhile, its threads started); returns the most
/// threads seen and the listing.
fn threads_of_big_listing(
    args: &[&str],
    env: &[(&str, &str)],
    enough: usize,
    patience: Duration,
) -> (usize, Vec<u8>) {
    let tmp = tempfile::tempdir().unwrap();
    big_tree(tmp.path());
    let mut child = Command::new(TK)
        .arg("find")
        .args(args)
        .current_dir(tmp.path())
        .env_remove("TK_FIND_THREADS")
        .env("LC_ALL", "C")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let deadline = Instant::now() + patience;
    let mut most = 0;
    while Instant::now() < deadline && most < enough {
        let text = fs::read_to_string(&status).unwrap_or_default();
        let threads = text
            .lines()
            .find_map(|line| line.strip_prefix("Threads:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0);
        most = most.max(threads);
        std::thread::sleep(Duration::from_millis(5));
    }
    let mut listing = Vec::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut listing)
        .unwrap();
    assert!(child.wait().unwrap().success());
    (most, listing)
}

/// With few descriptors (`ulimit -n 20`) the walk stays on one thread,
/// whatever TK_FIND_THREADS says, and closes ancestors to make room as
/// GNU find does: with three threads, a thread could run out while the
/// others held the descriptors ("Too many open files", once in 15 runs).
/// Twenty runs each, as the failure came and went with the timing.
#[test]
fn few_descriptors_keep_the_walk_on_one_thread_and_match_gnu() {
    if unless_gnu_find() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for branch in 0..6 {
        let chain = vec!["level"; 30].join("/");
        let deep = tmp.path().join(format!("b{branch}")).join(chain);
        fs::create_dir_all(&deep).unwrap();
        fs::write(deep.join("leaf"), b"").unwrap();
        for side in 0..30 {
            fs::create_dir(tmp.path().join(format!("b{branch}/side{side}"))).unwrap();
        }
    }
    let gnu = run(tmp.path(), GNU, &["."], &[]);
    for env in SETTINGS.iter().flat_map(|env| std::iter::repeat_n(env, 20)) {
        let ours = Command::new("sh")
            .args(["-c", "ulimit -n 20 && exec \"$@\" find .", "sh", TK])
            .envs(env.iter().copied())
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_same_as_gnu(&format!("ulimit -n 20, {env:?}"), &gnu, &ours);
    }
}

/// Stdout on a full disk: the thread whose write fails stops the others
/// (waiting or walking), the error is reported once, and the exit status
/// is GNU find's. A thread left waiting would hang the run: `timeout`
/// ends it.
#[test]
fn a_failed_write_stops_every_thread_and_is_reported_once() {
    if unless_gnu_find() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    big_tree(tmp.path());
    let full = || {
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let gnu = Command::new(GNU)
        .arg(".")
        .current_dir(tmp.path())
        .stdout(full())
        .output()
        .unwrap();
    for env in &SETTINGS {
        let ours = Command::new("timeout")
            .args(["60", TK, "find", "."])
            .envs(env.iter().copied())
            .env("LC_ALL", "C")
            .current_dir(tmp.path())
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(ours.status.code(), gnu.status.code(), "{env:?}");
        let said = messages(&ours);
        assert_eq!(said.len(), 1, "{env:?}: {said:?}");
        assert!(
            said[0].ends_with("No space left on device"),
            "{env:?}: {said:?}"
        );
    }
}
