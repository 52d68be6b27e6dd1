//! `tk bmc` when ipmitool misbehaves: it hangs (alone, with children that
//! hold its pipes, or ignoring SIGTERM), is killed by a signal, prints
//! garbage, or exits non-zero after part of its output. ipmitool is
//! replaced (`--ipmitool`) by small shell scripts that do exactly that;
//! they are fault injection for tk's runner, not stand-ins for a BMC (the
//! BMC tests against the real ipmitool and ipmi_sim are in tests/bmc.rs).
//! Each case ends with one `tk bmc:` line (and, for a partial run, the
//! fields) and its documented exit status, in bounded time, with nothing
//! left running.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread;
use std::time::{Duration, Instant};

mod bmc_common;
mod common;
use bmc_common::{assert_error, text, write_executable};

/// The first fields of a `lan print`, as ipmitool prints them.
const HEAD: &str = "Set in Progress         : Set Complete\n\
                    IP Address Source       : Static Address\n\
                    IP Address              : 10.1.2.3\n\
                    Subnet Mask             : 255.255.255.0\n";

/// A fake ipmitool in its own temp dir. `PIDS` in a script stands for a
/// file there, where scripts that start long-lived processes record their
/// pids (one per line) for `assert_nothing_left`.
struct Fake {
    dir: tempfile::TempDir,
    program: PathBuf,
}

impl Fake {
    fn new(script: &str) -> Fake {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("ipmitool");
        let script = script.replace("PIDS", &dir.path().join("pids").display().to_string());
        write_executable(&program, &format!("#!/bin/sh\n{script}\n"));
        Fake { dir, program }
    }

    fn tk(&self, extra: &[&str]) -> (Output, Duration) {
        let started = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_tk"))
            .arg("bmc")
            .arg("--ipmitool")
            .arg(&self.program)
            .args(extra)
            .env_remove("IPMI_PASSWORD")
            .env_remove("TK_IPMITOOL")
            .output()
            .unwrap();
        (out, started.elapsed())
    }

    /// Every pid the script recorded is gone (given a moment to be reaped).
    fn assert_nothing_left(&self) {
        let pids = fs::read_to_string(self.dir.path().join("pids")).unwrap_or_default();
        for pid in pids.split_whitespace() {
            let proc = PathBuf::from(format!("/proc/{pid}"));
            let until = Instant::now() + Duration::from_secs(2);
            while alive(&proc) && Instant::now() < until {
                thread::sleep(Duration::from_millis(20));
            }
            assert!(
                !alive(&proc),
                "process {pid} started by ipmitool still runs"
            );
        }
    }
}

/// A process exists and is not a zombie waiting for its parent.
fn alive(proc: &Path) -> bool {
    fs::read_to_string(proc.join("stat"))
        .map(|stat| {
            !stat
                .rsplit(')')
                .next()
                .unwrap_or("")
                .trim_start()
                .starts_with('Z')
        })
        .unwrap_or(false)
}

#[test]
fn a_hanging_ipmitool_is_stopped_at_the_timeout() {
    let fake = Fake::new("echo $$ >> PIDS\nexec sleep 600");
    let (out, took) = fake.tk(&["--timeout", "1"]);
    assert_error(&out, 8, "did not finish within 1 s and was stopped");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    fake.assert_nothing_left();
}

#[test]
fn a_hanging_ipmitool_that_ignores_sigterm_is_killed() {
    let fake = Fake::new("trap '' TERM\necho $$ >> PIDS\nwhile :; do sleep 1; done");
    let (out, took) = fake.tk(&["--timeout", "1"]);
    assert_error(&out, 8, "was stopped");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    fake.assert_nothing_left();
}

#[test]
fn children_holding_ipmitools_pipes_are_stopped_with_it() {
    // A hang in a grandchild that keeps stdout and stderr open.
    let fake = Fake::new(&format!(
        "printf '{}'\nsleep 600 &\necho $! >> PIDS\nwait",
        HEAD.replace('\n', "\\n")
    ));
    let (out, took) = fake.tk(&["--timeout", "1"]);
    assert_error(&out, 8, "was stopped");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    fake.assert_nothing_left();
    // ipmitool exits at once but leaves a child holding the pipes: its
    // output counts, and the child does not outlive tk.
    let fake = Fake::new(&format!(
        "printf '{}'\nsleep 600 &\necho $! >> PIDS\nexit 0",
        HEAD.replace('\n', "\\n")
    ));
    let (out, took) = fake.tk(&["--field", "ip_address"]);
    assert_eq!(text(&out.stdout), "10.1.2.3\n", "{}", text(&out.stderr));
    assert!(out.status.success());
    assert!(took < Duration::from_secs(5), "took {took:?}");
    fake.assert_nothing_left();
}

#[test]
fn ipmitool_killed_by_a_signal_without_output() {
    let fake = Fake::new("echo 'Segmentation fault in ipmi_lan_print' >&2\nkill -SEGV $$");
    let (out, _) = fake.tk(&[]);
    assert_error(&out, 1, "ipmitool failed (killed by signal 11)");
}

#[test]
fn ipmitool_killed_by_a_signal_after_some_fields() {
    let fake = Fake::new(&format!(
        "printf '{}'\nkill -KILL $$",
        HEAD.replace('\n', "\\n")
    ));
    let (out, _) = fake.tk(&["--json"]);
    assert_eq!(out.status.code(), Some(9), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["ip_address"], "10.1.2.3");
    assert_eq!(json["subnet_mask"], "255.255.255.0");
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("tk bmc: warning: ipmitool stopped part-way (killed by signal 9"),
        "{err}"
    );
    assert!(!err.contains("does not support"), "{err}");
    assert!(err.contains("after 4 field(s)"), "{err}");
}

#[test]
fn non_zero_exit_after_partial_output_shows_the_fields_and_warns() {
    // As some ipmitool 1.8.19 builds do at a parameter the BMC lacks.
    let fake = Fake::new(&format!(
        "printf '{}'\necho 'Get LAN Parameter command failed: Invalid data field in request' >&2\nexit 1",
        HEAD.replace('\n', "\\n")
    ));
    let (out, _) = fake.tk(&[]);
    assert_eq!(out.status.code(), Some(9), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let rows: Vec<Vec<&str>> = table
        .lines()
        .map(|l| {
            l.split("  ")
                .filter(|w| !w.is_empty())
                .map(str::trim)
                .collect()
        })
        .collect();
    assert_eq!(rows[0], ["IP Address", "10.1.2.3"], "{table}");
    assert!(
        rows.contains(&vec!["Set in Progress", "Set Complete"]),
        "{table}"
    );
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("(exit status 1, Get LAN Parameter command failed"),
        "{err}"
    );
    assert!(
        err.contains("likely at a setting this BMC does not support"),
        "{err}"
    );
    // --field still answers from what was printed.
    let (out, _) = fake.tk(&["--field", "subnet_mask"]);
    assert_eq!(text(&out.stdout), "255.255.255.0\n");
    assert_eq!(out.status.code(), Some(9));
}

#[test]
fn non_zero_exit_with_only_garbage_is_a_failure_with_its_message() {
    let fake =
        Fake::new("printf '\\377\\376garbage\\000\\n'\necho 'Error: something odd' >&2\nexit 3");
    let (out, _) = fake.tk(&[]);
    assert_error(
        &out,
        1,
        "ipmitool failed (exit status 3): Error: something odd",
    );
}

#[test]
fn garbage_on_success_is_not_lan_print() {
    for (script, says) in [
        (
            "printf '\\377\\376\\000\\001binary\\n\\033[2J'",
            "none of its 2 line(s)",
        ),
        ("exit 0", "the input is empty"),
        (
            "echo 'Error: Unable to establish IPMI v2 / RMCP+ session'",
            "line 1",
        ),
        (
            "head -c 300000 /dev/zero | tr '\\000' 'x'",
            "none of its 1 line(s)",
        ),
    ] {
        let fake = Fake::new(script);
        let (out, _) = fake.tk(&[]);
        assert_error(
            &out,
            1,
            "ipmitool's output is not `ipmitool lan print` output",
        );
        assert!(
            text(&out.stderr).contains(says),
            "{script}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn garbage_between_fields_is_skipped_with_a_warning() {
    let fake = Fake::new(&format!(
        "printf '\\377\\376 junk\\n{}\\033[2J more junk\\n'",
        HEAD.replace('\n', "\\n")
    ));
    let (out, _) = fake.tk(&["--field", "ip_address"]);
    assert_eq!(text(&out.stdout), "10.1.2.3\n");
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert_eq!(
        err,
        "tk bmc: warning: skipped 2 line(s) that are not `Label : value` (line 1, 6)\n"
    );
}

#[test]
fn endless_output_is_capped_and_does_not_hang() {
    // Far more than any lan print: tk keeps the first 4 MiB, drains the
    // rest, and the run ends when ipmitool does.
    let fake = Fake::new(&format!(
        "printf '{}'\nhead -c 20000000 /dev/zero | tr '\\000' 'x'\necho",
        HEAD.replace('\n', "\\n")
    ));
    let (out, took) = fake.tk(&["--field", "ip_address", "--timeout", "60"]);
    assert_eq!(text(&out.stdout), "10.1.2.3\n", "{}", text(&out.stderr));
    assert!(out.status.success());
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn an_ipmitool_that_cannot_run_is_one_message() {
    let dir = tempfile::tempdir().unwrap();
    // Not executable.
    let program = dir.path().join("ipmitool");
    fs::write(&program, "#!/bin/sh\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tk"))
        .args(["bmc", "--ipmitool"])
        .arg(&program)
        .output()
        .unwrap();
    assert_error(&out, 1, "Permission denied");
    // A script whose interpreter does not exist: the script is there, so
    // "ipmitool not found" (status 3) would mislead.
    write_executable(&program, "#!/nonexistent/sh\n");
    let out = Command::new(env!("CARGO_BIN_EXE_tk"))
        .args(["bmc", "--ipmitool"])
        .arg(&program)
        .output()
        .unwrap();
    assert_error(&out, 1, "cannot run");
    assert!(
        !text(&out.stderr).contains("not found"),
        "{}",
        text(&out.stderr)
    );
    // A directory.
    let out = Command::new(env!("CARGO_BIN_EXE_tk"))
        .args(["bmc", "--ipmitool"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_error(&out, 1, "cannot run");
}
