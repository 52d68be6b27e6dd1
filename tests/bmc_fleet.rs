//! `tk bmc` across many BMCs. Real parts: several OpenIPMI `ipmi_sim`
//! instances on 127.0.0.1 with different LAN settings, one with another
//! password, and a port where nothing listens, asked through the real
//! ipmitool as one host list. Fake ipmitools (shell scripts named by
//! --ipmitool) only where a BMC cannot show it: how many run at once
//! (the fake counts its live copies and fails past the bound), and what
//! Ctrl-C leaves behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

mod bmc_common;
mod common;
use bmc_common::sim::{LAN, Lan, PASSWORD, Sim, USER, free_udp_port, tk};
use bmc_common::{assert_error, text, write_executable};

fn json_lines(out: &Output) -> Vec<Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The hosts of a list, as `tk bmc` against the simulators sees them:
/// three answering with their own settings, one refusing the password,
/// one port with nothing behind it.
#[test]
fn sims_in_one_host_list_each_row_right_and_in_order() {
    let lans = [
        Lan { ..LAN },
        Lan {
            source: "dhcp",
            ip: "192.168.7.21",
            mask: "255.255.255.0",
            mac: "52:54:00:00:07:21",
            gw_ip: "192.168.7.1",
            ..LAN
        },
        Lan {
            source: "bios",
            ip: "172.16.30.4",
            mask: "255.255.0.0",
            mac: "52:54:00:00:30:04",
            gw_ip: "172.16.0.1",
            ..LAN
        },
    ];
    let mut sims = Vec::new();
    for lan in &lans {
        let Some(sim) = Sim::start(lan) else { return };
        sims.push(sim);
    }
    // The second BMC has a VLAN, set the way an admin would.
    let set = sims[1].ipmitool(&["lan", "set", "1", "vlan", "id", "42"]);
    assert!(set.status.success(), "{}", text(&set.stderr));
    let Some(refusing) = Sim::start(&Lan {
        password: "another-password",
        ..LAN
    }) else {
        return;
    };
    let silent = free_udp_port();
    let ports = [
        sims[0].port,
        silent,
        sims[1].port,
        refusing.port,
        sims[2].port,
    ];
    let list = format!("127.0.0.1:[{}]", ports.map(|p| p.to_string()).join(","));
    let names: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    let timeout = 4;
    let run = |format: &[&str]| {
        let started = Instant::now();
        let out = tk()
            .args([
                "bmc",
                "--host",
                &list,
                "--user",
                USER,
                "--cipher-suite",
                "3",
            ])
            .args(["--timeout", &timeout.to_string()])
            .args(format)
            .env("IPMI_PASSWORD", PASSWORD)
            .output()
            .unwrap();
        let took = started.elapsed();
        // Every host at once: the run takes about one timeout, not five.
        assert!(
            took < Duration::from_secs(timeout + 3),
            "took {took:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).ends_with("tk bmc: 5 hosts: 3 answered, 2 failed\n"),
            "{}",
            text(&out.stderr)
        );
        assert!(!text(&out.stdout).contains(PASSWORD));
        out
    };

    let out = run(&["--json"]);
    assert_eq!(text(&out.stderr).lines().count(), 1);
    let rows = json_lines(&out);
    let hosts: Vec<&str> = rows.iter().map(|r| r["host"].as_str().unwrap()).collect();
    assert_eq!(hosts, names);
    let answered = [
        (0, &lans[0], None),
        (2, &lans[1], Some(42)),
        (4, &lans[2], None),
    ];
    for (row, lan, vlan) in answered {
        let r = &rows[row];
        assert_eq!(
            (&r["ok"], &r["error"]),
            (&Value::Bool(true), &Value::Null),
            "{r}"
        );
        assert_eq!(r["ip_address"], lan.ip, "{r}");
        assert_eq!(r["ip_source"], lan.source, "{r}");
        assert_eq!(r["subnet_mask"], lan.mask, "{r}");
        assert_eq!(r["mac_address"], lan.mac, "{r}");
        assert_eq!(r["default_gateway_ip"], lan.gw_ip, "{r}");
        assert_eq!(r["vlan_id"], vlan.map_or(Value::Null, Value::from), "{r}");
        assert_eq!(r["fields"]["IP Address"], lan.ip, "{r}");
    }
    // Nothing listens: ipmitool waits until tk stops it at the timeout.
    assert_eq!(rows[1]["ok"], false);
    assert_eq!(rows[1]["error"]["status"], 8, "{}", rows[1]);
    assert!(rows[1].get("ip_address").is_none());
    // The password is refused: the status tk bmc gives that alone.
    assert_eq!(rows[3]["ok"], false);
    assert_eq!(rows[3]["error"]["status"], 6, "{}", rows[3]);
    let refused = rows[3]["error"]["message"].as_str().unwrap();
    assert!(
        refused.contains(&format!("127.0.0.1:{}", refusing.port)),
        "{refused}"
    );

    let out = run(&[]);
    assert_eq!(text(&out.stderr).lines().count(), 1);
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 6, "{table}");
    let header: Vec<&str> = lines[0]
        .split("  ")
        .filter(|s| !s.is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(
        header,
        [
            "HOST",
            "IP ADDRESS",
            "SOURCE",
            "NETMASK",
            "MAC",
            "GATEWAY",
            "VLAN"
        ]
    );
    for (line, name) in lines[1..].iter().zip(&names) {
        assert!(line.starts_with(&format!("{name}  ")), "{table}");
    }
    for (row, lan, vlan) in answered {
        let cells: Vec<&str> = lines[row + 1].split_whitespace().collect();
        let vlan = vlan.map_or("-".to_string(), |v| v.to_string());
        assert_eq!(
            cells,
            [
                &names[row],
                lan.ip,
                lan.source,
                lan.mask,
                lan.mac,
                lan.gw_ip,
                vlan.as_str()
            ],
            "{table}"
        );
    }
    assert!(
        lines[2].contains("  error 8: ipmitool did not finish within 4 s"),
        "{table}"
    );
    assert!(lines[4].contains("  error 6: the BMC at "), "{table}");

    let out = run(&["--field", "ip_address"]);
    let want: String = answered
        .iter()
        .map(|(row, lan, _)| format!("{} {}\n", names[*row], lan.ip))
        .collect();
    assert_eq!(text(&out.stdout), want);
    // Lines of `--field` are data: the errors are on stderr, in order.
    let err = text(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with(&format!("tk bmc: {}: error 8: ", names[1])),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!("tk bmc: {}: error 6: ", names[3])),
        "{err}"
    );
}

/// A fake ipmitool that answers for `-H HOST` after a while, and counts
/// its own copies alive: past `bound` at once it fails the host.
struct Fake {
    dir: tempfile::TempDir,
    program: PathBuf,
}

impl Fake {
    /// `act` is shell run after the counting, with $host set; it ends by
    /// printing a `lan print` or failing.
    fn new(bound: usize, act: &str) -> Fake {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("ipmitool");
        let script = format!(
            r#"#!/bin/sh
d='{dir}'
while [ $# -gt 0 ]; do [ "$1" = -H ] && host=$2; shift; done
touch "$d/running.$$"
n=$(ls "$d" | grep -c '^running\.')
echo "$n" >> "$d/counts"
if [ "$n" -gt {bound} ]; then
  echo "fake ipmitool: $n copies at once, more than {bound}" >&2
  rm -f "$d/running.$$"
  exit 1
fi
{act}
rm -f "$d/running.$$"
echo "IP Address              : 10.0.0.$(echo "$host" | tr -dc 0-9 | sed 's/^0*//')"
echo "IP Address Source       : Static Address"
"#,
            dir = dir.path().display()
        );
        write_executable(&program, &script);
        Fake { dir, program }
    }

    fn tk(&self, args: &[&str]) -> Command {
        let mut cmd = tk();
        cmd.arg("bmc")
            .args(args)
            .arg("--ipmitool")
            .arg(&self.program);
        cmd
    }

    fn most_at_once(&self) -> usize {
        let counts = fs::read_to_string(self.dir.path().join("counts")).unwrap();
        counts
            .lines()
            .map(|l| l.trim().parse::<usize>().unwrap())
            .max()
            .unwrap()
    }
}

#[test]
fn never_more_than_fanout_at_once_and_rows_in_order() {
    // Hosts finish out of order: some take three times as long.
    let fake = Fake::new(4, r#"case $host in *[05]) sleep 0.6;; *) sleep 0.2;; esac"#);
    let out = fake
        .tk(&[
            "--host",
            "h[01-24]",
            "--fanout",
            "4",
            "--field",
            "ip_address",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let want: String = (1..=24).map(|i| format!("h{i:02} 10.0.0.{i}\n")).collect();
    assert_eq!(text(&out.stdout), want);
    assert_eq!(
        text(&out.stderr),
        "tk bmc: 24 hosts: 24 answered, 0 failed\n"
    );
    // The bound was reached, never passed (the fake fails past it).
    assert_eq!(fake.most_at_once(), 4);

    // The default fan-out is 32.
    let fake = Fake::new(32, "sleep 0.5");
    let out = fake.tk(&["--host", "h[1-40]", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(json_lines(&out).len(), 40);
    assert_eq!(fake.most_at_once(), 32);
}

/// The process whose pid is in `pidfile` is gone (or a zombie).
fn assert_gone(pidfile: &Path) {
    let pid = fs::read_to_string(pidfile).unwrap();
    let stat = format!("/proc/{}/stat", pid.trim());
    let until = Instant::now() + Duration::from_secs(2);
    loop {
        let alive = fs::read_to_string(&stat).is_ok_and(|s| {
            s.rsplit(')')
                .next()
                .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
        });
        if !alive {
            return;
        }
        assert!(Instant::now() < until, "pid {} still runs", pid.trim());
        thread::sleep(Duration::from_millis(20));
    }
}

fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !ready() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_signal_stops_every_ipmitool_and_prints_the_hosts_done() {
    for signal in [
        nix::sys::signal::Signal::SIGINT,
        nix::sys::signal::Signal::SIGTERM,
        nix::sys::signal::Signal::SIGHUP,
    ] {
        // slow* hosts hang (recording their pid); the others answer.
        let fake = Fake::new(
            100,
            r#"case $host in slow*) echo $$ > "$d/pid.$host"; exec sleep 60;; esac"#,
        );
        let child: Child = fake
            .tk(&["--host", "fast1,slow1,fast[2-3],slow[2-3]", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let pidfiles: Vec<PathBuf> = (1..=3)
            .map(|i| fake.dir.path().join(format!("pid.slow{i}")))
            .collect();
        wait_for("the slow hosts to start", || {
            pidfiles.iter().all(|p| p.exists())
        });
        thread::sleep(Duration::from_millis(300));
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
        let sent = Instant::now();
        nix::sys::signal::kill(pid, signal).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            sent.elapsed() < Duration::from_secs(3),
            "{:?}",
            sent.elapsed()
        );
        assert_eq!(
            out.status.code(),
            Some(130),
            "{signal}: {}",
            text(&out.stderr)
        );
        // The hosts done, in order, even those behind a host that hung.
        let hosts: Vec<String> = json_lines(&out)
            .iter()
            .map(|r| r["host"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(hosts, ["fast1", "fast2", "fast3"], "{signal}");
        assert_eq!(
            text(&out.stderr),
            "tk bmc: interrupted after 3 of 6 hosts; the reads in flight were stopped\n"
        );
        for pidfile in &pidfiles {
            assert_gone(pidfile);
        }
    }
}

#[test]
fn hosts_file_from_stdin_with_comments_and_a_host_named_twice() {
    let fake = Fake::new(100, "");
    let mut child = fake
        .tk(&["--host", "h7", "--hosts-file", "-", "--field", "ip_address"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# rack 1\n\nh[1-2]  # two\n  h3:6230\n\t\nH7\n#h9\nh2\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "h7 10.0.0.7\nh1 10.0.0.1\nh2 10.0.0.2\nh3:6230 10.0.0.3\n"
    );
    assert_eq!(
        text(&out.stderr),
        "tk bmc: warning: 2 host(s) named more than once, asked once each: \
         h7 (2 times), h2 (2 times)\ntk bmc: 4 hosts: 4 answered, 0 failed\n"
    );
}

#[test]
fn a_bad_host_list_is_a_usage_error_that_shows_where() {
    let out = tk()
        .args(["bmc", "--host", "a", "--host", "bmc[01-64.dc1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "tk bmc: --host: bad host list 'bmc[01-64.dc1': '[' is never closed\n  bmc[01-64.dc1\n     ^\n"
    );
    assert!(out.stdout.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hosts");
    fs::write(&file, "ok1\nn[3-1]\n").unwrap();
    let out = tk()
        .args(["bmc", "--hosts-file"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!(
            "tk bmc: --hosts-file: bad host list {} line 2: range '3-1' runs backwards\n  n[3-1]\n    ^^^\n",
            file.display()
        )
    );
}

#[test]
fn no_ipmitool_is_one_error_not_a_row_per_host() {
    let out = tk()
        .args([
            "bmc",
            "--json",
            "--host",
            "h[1-50]",
            "--ipmitool",
            "/nonexistent/ipmitool",
        ])
        .output()
        .unwrap();
    assert_error(&out, 3, "ipmitool not found");
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bmc")
        .join(name)
}

/// The value of `label` in a capture, read with a plain split.
fn capture_value(path: &Path, label: &str) -> String {
    let text = fs::read_to_string(path).unwrap();
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(l, _)| l.trim() == label)
        .map(|(_, v)| v.trim().to_string())
        .unwrap()
}

#[test]
fn several_captures_give_one_row_per_file() {
    let a = fixture("ipmi-sim-static-vlan42.txt");
    let b = fixture("shape-supermicro-like-crlf.txt");
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.txt");
    fs::write(
        &junk,
        "Error: Unable to establish IPMI v2 / RMCP+ session\n",
    )
    .unwrap();
    let out = tk()
        .args(["bmc", "--json", "--from"])
        .args([&a, &junk, &b])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let rows = json_lines(&out);
    let hosts: Vec<&str> = rows.iter().map(|r| r["host"].as_str().unwrap()).collect();
    let names = [&a, &junk, &b].map(|p| p.display().to_string());
    assert_eq!(hosts, names);
    assert_eq!(rows[0]["ip_address"], capture_value(&a, "IP Address"));
    assert_eq!(rows[2]["ip_address"], capture_value(&b, "IP Address"));
    assert_eq!(rows[0]["vlan_id"], 42);
    assert_eq!(rows[1]["error"]["status"], 1);
    assert!(
        rows[1]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not `ipmitool lan print` output")
    );
    assert_eq!(text(&out.stderr), "tk bmc: 3 files: 2 read, 1 failed\n");
}

#[test]
fn the_output_closed_early_ends_the_run_quietly() {
    if common::skip::unless_installed("bash", "bash") {
        return;
    }
    let fake = Fake::new(100, "sleep 0.1");
    let errors = fake.dir.path().join("stderr");
    let script = format!(
        "'{}' bmc --ipmitool '{}' --host 'h[1-400]' --fanout 4 --field ip_address 2>'{}' | head -n 1; \
         echo \"tk exit ${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_tk"),
        fake.program.display(),
        errors.display()
    );
    let started = Instant::now();
    let out = Command::new("bash").arg("-c").arg(script).output().unwrap();
    // 400 hosts 4 at a time would take 10 s; tk stops at the closed pipe.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(text(&out.stdout), "h1 10.0.0.1\ntk exit 0\n");
    assert_eq!(fs::read_to_string(&errors).unwrap(), "");
}

/// On a terminal (a pty from `script`), a progress bar is drawn while
/// hosts are in flight and cleared at the end; the rows and the summary
/// still come out. (Off a terminal nothing is drawn: the other tests
/// compare stderr whole.)
#[test]
fn a_progress_bar_on_a_terminal_only() {
    if common::skip::unless_installed("script", "bsdutils") {
        return;
    }
    let fake = Fake::new(100, "sleep 0.4");
    let command = format!(
        "'{}' bmc --ipmitool '{}' --host 'h[1-6]' --fanout 2 --field ip_address",
        env!("CARGO_BIN_EXE_tk"),
        fake.program.display()
    );
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let screen = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{screen}");
    let bar = screen
        .rfind("in flight")
        .unwrap_or_else(|| panic!("no bar: {screen:?}"));
    assert!(screen.contains("/6 done"), "{screen:?}");
    // Cleared: the line is erased after the bar's last drawing.
    assert!(screen[bar..].contains("\u{1b}[2K"), "{screen:?}");
    for i in 1..=6 {
        assert!(
            screen.contains(&format!("h{i} 10.0.0.{i}\r\n")),
            "{screen:?}"
        );
    }
    assert!(
        screen
            .trim_end()
            .ends_with("tk bmc: 6 hosts: 6 answered, 0 failed"),
        "{screen:?}"
    );
}
