//! `tk explain`, `tk completions` and `tk man` through the real binary,
//! and every example command of the docs run on a fixture tree.

mod common;
#[path = "explain/fixture.rs"]
mod fixture;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use tk::explain::{Expect, TOPICS, examples};

const TK: &str = env!("CARGO_BIN_EXE_tk");

fn tk(args: &[&str]) -> Command {
    let mut cmd = Command::new(TK);
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn no_topic_lists_every_topic() {
    let (status, out, err) = run(&mut tk(&["explain"]));
    assert_eq!((status, err.as_str()), (0, ""));
    for t in TOPICS {
        assert!(
            out.contains(&format!("{}: {}", t.name, t.en.summary)),
            "{out}"
        );
    }
}

#[test]
fn a_topic_renders_plain_when_piped() {
    let (status, out, _) = run(&mut tk(&["explain", "find"]));
    assert_eq!(status, 0);
    assert!(
        out.starts_with("tk find: search a directory tree\n====="),
        "{out}"
    );
    assert!(!out.contains('\x1b'));
    assert!(!out.contains("```"));
}

/// Run tk on a pseudo-terminal (util-linux `script`), for colour tests.
fn on_a_terminal(args: &str, no_color: Option<&str>) -> Option<String> {
    if common::skip::unless_installed("/usr/bin/script", "bsdutils") {
        return None;
    }
    let mut cmd = Command::new("/usr/bin/script");
    cmd.args(["-qec", &format!("{TK} {args}"), "/dev/null"])
        .env_remove("LC_ALL")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let (status, out, err) = run(&mut cmd);
    assert_eq!(status, 0, "{err}");
    Some(out)
}

#[test]
fn colour_on_a_terminal_unless_no_color() {
    let Some(styled) = on_a_terminal("explain find -mtime", None) else {
        return;
    };
    assert!(styled.contains("\x1b[1;33m-mtime N\x1b[0m"), "{styled:?}");
    let plain = on_a_terminal("explain find -mtime", Some("1")).unwrap();
    assert!(!plain.contains('\x1b'), "{plain:?}");
    let empty = on_a_terminal("explain find -mtime", Some("")).unwrap();
    assert!(
        empty.contains('\x1b'),
        "an empty NO_COLOR does not count: {empty:?}"
    );
}

#[test]
fn raw_prints_the_markdown_itself() {
    let (status, out, _) = run(&mut tk(&["explain", "--raw", "ip"]));
    assert_eq!(status, 0);
    assert_eq!(out, tk::explain::topic("ip").unwrap().en.body);
}

#[test]
fn an_entry_prints_only_that_entry() {
    let (status, out, _) = run(&mut tk(&["explain", "find", "-mtime"]));
    assert_eq!(status, 0);
    assert!(out.starts_with("-mtime N\n\n"), "{out}");
    assert!(out.contains("tk find logs -mtime +30"), "{out}");
    assert!(!out.contains("-atime N"), "{out}");
    let (status, out, _) = run(&mut tk(&["explain", "ip", "--short", "--raw"]));
    assert_eq!(status, 0);
    assert!(out.starts_with("### --short\n"), "{out}");
}

#[test]
fn language_comes_from_the_option_or_the_locale() {
    let (_, zh, _) = run(&mut tk(&["explain", "--lang", "zh", "find", "-size"]));
    assert!(zh.contains("向上取整"), "{zh}");
    let (_, env_zh, _) = run(tk(&["explain", "find", "-size"]).env("LANG", "zh_CN.UTF-8"));
    assert_eq!(env_zh, zh);
    let (_, all_en, _) = run(tk(&["explain", "find", "-size"])
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "en_US.UTF-8"));
    assert!(all_en.contains("rounded up"), "{all_en}");
}

#[test]
fn unknown_topic_is_an_error_listing_the_topics() {
    let (status, out, err) = run(&mut tk(&["explain", "fnid"]));
    assert_eq!(status, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "tk explain: unknown topic 'fnid'; topics: find, ip, bmc, explain, exit-status\n"
    );
}

#[test]
fn unknown_entry_is_an_error_naming_it() {
    let (status, out, err) = run(&mut tk(&["explain", "find", "-nmae"]));
    assert_eq!(status, 2);
    assert_eq!(out, "");
    assert!(
        err.starts_with("tk explain: topic 'find' has no entry '-nmae' (did you mean '-name'?)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn a_find_command_line_is_explained_piece_by_piece() {
    let (status, out, err) = run(&mut tk(&[
        "explain", "find", "--", ".", "-name", "*.c", "-o", "-name", "*.h", "-print",
    ]));
    assert_eq!((status, err.as_str()), (0, ""));
    assert!(
        out.contains("-name '*.c' -o ( -name '*.h' -a -print )"),
        "{out}"
    );
    assert!(
        out.contains("`-print` belongs to the right side of `-o` only"),
        "{out}"
    );
    let (_, zh, _) = run(&mut tk(&[
        "explain", "--lang", "zh", "find", "--", ".", "-size", "-1M",
    ]));
    assert!(zh.contains("`-size -1M` 只匹配空文件"), "{zh}");
}

#[test]
fn a_rejected_find_command_line_gets_tk_finds_error_and_status() {
    let bad = [".", "-name", "x", "-o"];
    let mut args = vec!["explain", "find", "--"];
    args.extend(bad);
    let (status, out, err) = run(&mut tk(&args));
    assert_eq!(status, 1);
    assert_eq!(out, "");
    assert!(err.starts_with("tk find: "), "{err}");
    let mut find = vec!["find"];
    find.extend(bad);
    let (find_status, _, find_err) = run(&mut tk(&find));
    assert_eq!((status, err), (find_status, find_err));
}

#[test]
fn only_find_explains_a_command_line() {
    let (status, _, err) = run(&mut tk(&["explain", "ip", "--", "-4"]));
    assert_eq!(status, 2);
    assert_eq!(
        err,
        "tk explain: only 'tk explain find -- ARGS...' explains a command line, not 'ip'\n"
    );
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef tk"),
        ("fish", "complete -c tk"),
    ] {
        let (status, out, err) = run(&mut tk(&["completions", shell]));
        assert_eq!((status, err.as_str()), (0, ""), "{shell}");
        assert!(out.contains(marker), "{shell}: {out}");
        assert!(out.contains(" __complete "), "{shell}");
    }
    let (status, _, err) = run(&mut tk(&["completions", "tcsh"]));
    assert_eq!(status, 2, "{err}");
}

#[test]
fn bash_accepts_the_completion_script() {
    if common::skip::unless_installed("/bin/bash", "bash") {
        return;
    }
    let (_, script, _) = run(&mut tk(&["completions", "bash"]));
    let check = format!("{script}\ncomplete -p tk");
    let (status, out, err) = run(Command::new("/bin/bash").args(["-c", &check]));
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("tk"), "{out}");
}

/// The subcommands `tk --help` lists.
fn subcommands() -> BTreeSet<String> {
    let (_, help, _) = run(&mut tk(&["--help"]));
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Run one example with `sh -c` in a fresh fixture tree, tk first in PATH.
fn run_example(command: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    fixture::build(dir.path());
    let bin_dir = Path::new(TK).parent().unwrap();
    let path = format!(
        "{}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        bin_dir.display()
    );
    let mut child = Command::new("/bin/sh")
        .args(["-c", command])
        .current_dir(dir.path())
        .env("PATH", path)
        .env_remove("LC_ALL")
        .env_remove("LANG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut out = Output {
        status: child.wait().unwrap(),
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut out.stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut out.stderr)
        .unwrap();
    out
}

/// Why an example's run does not match what its block promises.
fn check(expect: &Expect, out: &Output) -> Option<String> {
    let status = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ok = match expect {
        Expect::Status(codes) => codes.contains(&status),
        Expect::Any => !(status == 2 && stderr.contains("Usage:")),
    };
    (!ok).then(|| format!("exit status {status}, expected {expect:?}; stderr: {stderr}"))
}

#[test]
fn every_example_in_the_docs_runs() {
    let known = subcommands();
    let mut failures = Vec::new();
    let mut ran = 0;
    for topic in TOPICS {
        // Both languages have the same examples (a unit test checks it).
        for example in examples(topic.en.body) {
            let sub = example.command.split_whitespace().nth(1).unwrap_or("");
            if !known.contains(sub) {
                failures.push(format!(
                    "[{}] {}\n    `tk --help` has no `{sub}`",
                    topic.name, example.command
                ));
                continue;
            }
            if example.service.is_some() {
                // It needs a live service: tests/redfish_docs.rs runs it
                // against its own Redfish test server.
                continue;
            }
            ran += 1;
            let out = run_example(&example.command);
            if let Some(why) = check(&example.expect, &out) {
                failures.push(format!("[{}] {}\n    {why}", topic.name, example.command));
            }
        }
    }
    eprintln!("ran {ran} doc examples");
    assert!(
        failures.is_empty(),
        "{} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
