//! `tk bmc` end to end: the real tk binary, the real ipmitool talking
//! lanplus to OpenIPMI's BMC simulator `ipmi_sim` on 127.0.0.1 (a free
//! port and a temp dir per test), and golden files for the parser under
//! tests/fixtures/bmc/. Tests that need ipmitool or ipmi_sim skip with a
//! loud message when they are missing, and fail instead under CI=true.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

mod bmc_common;
mod common;
use bmc_common::sim::{LAN, Lan, PASSWORD, Sim, USER, need, tk};
use bmc_common::{assert_error, text};

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "tk failed: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn sim_values_from_lan_config_program() {
    let Some(sim) = Sim::start(&LAN) else { return };
    let v = json(&sim.tk(PASSWORD, &["--channel", "1", "--json"]));
    assert_eq!(v["channel"], 1);
    assert_eq!(v["ip_address"], LAN.ip);
    assert_eq!(v["ip_source"], "static");
    assert_eq!(v["subnet_mask"], LAN.mask);
    assert_eq!(v["mac_address"], LAN.mac);
    assert_eq!(v["default_gateway_ip"], LAN.gw_ip);
    assert_eq!(v["default_gateway_mac"], LAN.gw_mac);
    assert_eq!(v["backup_gateway_ip"], LAN.bgw_ip);
    assert_eq!(v["backup_gateway_mac"], LAN.bgw_mac);
    assert_eq!(v["vlan_id"], serde_json::Value::Null);
    assert_eq!(v["fields"]["802.1q VLAN ID"], "Disabled");
    assert!(v["fields"]["Auth Type Enable"].as_array().unwrap().len() >= 4);

    // The table starts with the fields people look for.
    let out = sim.tk(PASSWORD, &["--channel", "1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let first: Vec<&str> = table.lines().take(3).collect();
    assert!(
        first[0].starts_with("Channel") && first[0].ends_with(" 1"),
        "{table}"
    );
    assert!(
        first[1].starts_with("IP Address ") && first[1].ends_with(LAN.ip),
        "{table}"
    );
    assert!(first[2].starts_with("IP Address Source") && first[2].ends_with("Static Address"));
    // ipmitool's stderr noise is not an error and is not shown.
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn sim_ip_sources() {
    for (source, want) in [("dhcp", "dhcp"), ("bios", "bios"), ("other", "other")] {
        let lan = Lan { source, ..LAN };
        let Some(sim) = Sim::start(&lan) else { return };
        let out = sim.tk(PASSWORD, &["--field", "ip_source"]);
        assert_eq!(
            text(&out.stdout),
            format!("{want}\n"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn sim_vlan_set_with_ipmitool() {
    let Some(sim) = Sim::start(&LAN) else { return };
    let set = sim.ipmitool(&["lan", "set", "1", "vlan", "id", "123"]);
    assert!(set.status.success(), "{}", text(&set.stderr));
    let set = sim.ipmitool(&["lan", "set", "1", "vlan", "priority", "5"]);
    assert!(set.status.success(), "{}", text(&set.stderr));
    let v = json(&sim.tk(PASSWORD, &["--channel", "1", "--json"]));
    assert_eq!(v["vlan_id"], 123);
    assert_eq!(v["vlan_priority"], 5);
    let out = sim.tk(PASSWORD, &["--field", "vlan_id"]);
    assert_eq!(text(&out.stdout), "123\n");
    let out = sim.tk(PASSWORD, &["--field", "802.1q vlan id"]);
    assert_eq!(text(&out.stdout), "123\n");
}

/// The process whose pid the wrapper wrote is gone (or a zombie, dead
/// and waiting for init to reap it), within 2 s of a SIGKILL.
fn assert_gone(pidfile: &Path) {
    let pid = fs::read_to_string(pidfile).unwrap();
    let stat = format!("/proc/{}/stat", pid.trim());
    let until = Instant::now() + Duration::from_secs(2);
    loop {
        let alive = fs::read_to_string(&stat)
            .map(|s| {
                s.rsplit(')')
                    .next()
                    .is_some_and(|rest| !rest.trim_start().starts_with('Z'))
            })
            .unwrap_or(false);
        if !alive {
            return;
        }
        assert!(Instant::now() < until, "pid {} still runs", pid.trim());
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sim_wrong_password_hits_the_timeout_and_ipmitool_is_stopped() {
    let Some(sim) = Sim::start(&LAN) else { return };
    // A wrapper that records its pid, then becomes ipmitool.
    let pidfile = sim.dir.path().join("ipmitool.pid");
    let wrapper = sim.wrapper(&format!("echo $$ > '{}'", pidfile.display()));
    let started = Instant::now();
    let wrapper_arg = wrapper.to_str().unwrap();
    // Without --cipher-suite, ipmitool waits 10 s for the list before it
    // even tries the password: long past the limit.
    let out = sim
        .tk_cmd(
            "wrong-password",
            &["--timeout", "2", "--ipmitool", wrapper_arg],
        )
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_error(&out, 8, "did not finish within 2 s");
    assert!(took < Duration::from_secs(6), "took {took:?}");
    assert_gone(&pidfile);
}

#[test]
fn sim_interrupt_stops_ipmitool() {
    let Some(sim) = Sim::start(&LAN) else { return };
    let pidfile = sim.dir.path().join("ipmitool.pid");
    let wrapper = sim.wrapper(&format!("echo $$ > '{}'", pidfile.display()));
    let wrapper_arg = wrapper.to_str().unwrap();
    // Without --cipher-suite ipmitool sits 10 s on the simulator.
    let child = sim
        .tk_cmd(PASSWORD, &["--ipmitool", wrapper_arg])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(5);
    while !pidfile.exists() && Instant::now() < until {
        thread::sleep(Duration::from_millis(20));
    }
    thread::sleep(Duration::from_millis(200));
    let tk_pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap());
    nix::sys::signal::kill(tk_pid, nix::sys::signal::Signal::SIGINT).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_error(&out, 130, "interrupted; ipmitool was stopped");
    assert_gone(&pidfile);
}

#[test]
fn sim_a_process_left_holding_the_pipes_is_stopped() {
    let Some(sim) = Sim::start(&LAN) else { return };
    // Something ipmitool's process group leaves behind, holding stdout.
    let pidfile = sim.dir.path().join("straggler.pid");
    let wrapper = sim.wrapper(&format!("sleep 30 & echo $! > '{}'", pidfile.display()));
    let started = Instant::now();
    let out = sim.tk(
        PASSWORD,
        &[
            "--field",
            "ip_address",
            "--ipmitool",
            wrapper.to_str().unwrap(),
        ],
    );
    assert_eq!(
        text(&out.stdout),
        format!("{}\n", LAN.ip),
        "{}",
        text(&out.stderr)
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    thread::sleep(Duration::from_millis(100));
    assert_gone(&pidfile);
}

#[test]
fn sim_wrong_password_is_refused() {
    let Some(sim) = Sim::start(&LAN) else { return };
    let out = sim.tk("wrong-password", &["--timeout", "60"]);
    assert_error(&out, 6, "refused the session");
    assert!(!text(&out.stderr).contains("wrong-password"));
    assert!(!text(&out.stdout).contains("wrong-password"));
}

#[test]
fn sim_bad_channel() {
    let Some(sim) = Sim::start(&LAN) else { return };
    let out = sim.tk(PASSWORD, &["--channel", "5"]);
    assert_error(&out, 7, "channel 5 is not a LAN channel");
}

#[test]
fn sim_password_never_in_argv_or_output() {
    let Some(sim) = Sim::start(&LAN) else { return };
    let record = sim.dir.path().join("argv");
    let wrapper = sim.wrapper(&format!(
        "for a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{0}'; echo --- >> '{0}'",
        record.display()
    ));
    let wrapper_arg = wrapper.to_str().unwrap();
    // Through IPMI_PASSWORD (-E), and through TK_IPMITOOL this time.
    let mut cmd = tk();
    let out = cmd
        .args([
            "bmc",
            "--host",
            "127.0.0.1",
            "--port",
            &sim.port.to_string(),
            "--user",
            USER,
            "--cipher-suite",
            "3",
            "--json",
        ])
        .env("IPMI_PASSWORD", PASSWORD)
        .env("TK_IPMITOOL", wrapper_arg)
        .output()
        .unwrap();
    assert_eq!(json(&out)["ip_address"], LAN.ip);
    // Through --password-file (-f).
    let pwfile = sim.dir.path().join("pw");
    fs::write(&pwfile, format!("{PASSWORD}\n")).unwrap();
    let out = tk()
        .args([
            "bmc",
            "--host",
            "127.0.0.1",
            "--port",
            &sim.port.to_string(),
            "--user",
            USER,
        ])
        .arg("--password-file")
        .arg(&pwfile)
        .args([
            "--ipmitool",
            wrapper_arg,
            "--cipher-suite",
            "3",
            "--field",
            "ip_address",
        ])
        .output()
        .unwrap();
    assert_eq!(
        text(&out.stdout),
        format!("{}\n", LAN.ip),
        "{}",
        text(&out.stderr)
    );
    let argv = fs::read_to_string(&record).unwrap();
    assert!(!argv.contains(PASSWORD), "password in argv:\n{argv}");
    let runs: Vec<&str> = argv.split("---\n").filter(|s| !s.is_empty()).collect();
    assert_eq!(runs.len(), 2, "{argv}");
    assert!(runs[0].lines().any(|a| a == "-E"), "{argv}");
    assert!(runs[1].lines().any(|a| a == "-f"), "{argv}");
    assert!(!runs[1].lines().any(|a| a == "-E"), "{argv}");
}

#[test]
fn missing_password_file_is_reported_before_running() {
    let out = tk()
        .args([
            "bmc",
            "--host",
            "127.0.0.1",
            "--password-file",
            "/nonexistent/pw",
        ])
        .output()
        .unwrap();
    assert_error(&out, 1, "cannot read /nonexistent/pw");
}

#[test]
fn path_without_ipmitool() {
    let empty = tempfile::tempdir().unwrap();
    let out = tk().arg("bmc").env("PATH", empty.path()).output().unwrap();
    assert_error(&out, 3, "ipmitool not found");
    assert!(text(&out.stderr).contains("apt-get install ipmitool"));
    let out = tk()
        .args(["bmc", "--ipmitool", "/nonexistent/ipmitool"])
        .output()
        .unwrap();
    assert_error(&out, 3, "/nonexistent/ipmitool");
}

#[test]
fn in_band_without_dev_ipmi0() {
    let Some(programs) = need(&["ipmitool", "unshare"]) else {
        return;
    };
    let has_device = ["/dev/ipmi0", "/dev/ipmi/0", "/dev/ipmidev/0"]
        .iter()
        .any(|p| Path::new(p).exists());
    let out = if has_device {
        // This host has a BMC device: hide it behind an empty tmpfs /dev
        // in a private mount namespace (the host's /dev is untouched).
        if common::skip::unless_root("hiding this host's BMC device in a mount namespace") {
            return;
        }
        Command::new(&programs[1])
            .args(["--mount", "--propagation", "private", "sh", "-c"])
            .arg("mount -t tmpfs tk-test-dev /dev && exec \"$@\"")
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_tk"))
            .args(["bmc", "--ipmitool"])
            .arg(&programs[0])
            .env_remove("IPMI_PASSWORD")
            .env_remove("TK_IPMITOOL")
            .output()
            .unwrap()
    } else {
        tk().arg("bmc").output().unwrap()
    };
    assert_error(&out, 4, "/dev/ipmi0 is missing");
    assert!(text(&out.stderr).contains("modprobe ipmi_si ipmi_devintf"));
}

/// A /dev/ipmi0 that is there but not the user's: ipmitool tries it
/// (EACCES), then /dev/ipmi/0 and /dev/ipmidev/0, and reports the last
/// error, "No such file or directory". tk must still say "permission
/// denied" (status 5), not send the user off to load drivers. The device
/// is a node in a tmpfs /dev of a private mount namespace (so the host's
/// /dev is untouched), and tk runs as nobody with the real ipmitool.
#[test]
fn in_band_device_not_ours_is_permission_denied() {
    let Some(programs) = need(&["ipmitool", "unshare", "setpriv"]) else {
        return;
    };
    if common::skip::unless_root("a mount namespace with its own /dev") {
        return;
    }
    // A copy of tk that nobody can run (the build tree may be private).
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let tk_copy = dir.path().join("tk");
    let installed = Command::new("install")
        .arg("-m755")
        .arg(env!("CARGO_BIN_EXE_tk"))
        .arg(&tk_copy)
        .status()
        .unwrap();
    assert!(installed.success());
    // No /dev/null either: tk needs none to run ipmitool.
    let script = "mount -t tmpfs tk-test-dev /dev \
                  && mknod -m 600 /dev/ipmi0 c 239 0 \
                  && exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$@\"";
    let out = Command::new(&programs[1])
        .args([
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            script,
            "sh",
        ])
        .arg(&tk_copy)
        .args(["bmc", "--ipmitool"])
        .arg(&programs[0])
        .env_remove("IPMI_PASSWORD")
        .env_remove("TK_IPMITOOL")
        .output()
        .unwrap();
    assert_error(&out, 5, "permission denied");
}

// ---- --from and the golden files ----

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bmc")
}

/// Compare with the expected file, or write it under TK_BLESS=1.
fn golden(expected: &Path, actual: &str) {
    if std::env::var_os("TK_BLESS").is_some() {
        fs::write(expected, actual).unwrap();
        return;
    }
    let want = fs::read_to_string(expected)
        .unwrap_or_else(|e| panic!("{}: {e} (TK_BLESS=1 writes it)", expected.display()));
    assert_eq!(actual, want, "{} differs", expected.display());
}

fn captures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "fixtures missing: {files:?}");
    files
}

#[test]
fn golden_json_for_every_capture() {
    for capture in captures() {
        let out = tk()
            .arg("bmc")
            .arg("--from")
            .arg(&capture)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            capture.display(),
            text(&out.stderr)
        );
        golden(&capture.with_extension("json"), &text(&out.stdout));
    }
}

/// What a capture says, read off its text by a person, not by tk: the
/// golden files must agree with these, so a bless (TK_BLESS=1) cannot
/// make a wrong parse the expected one.
struct Facts {
    capture: &'static str,
    ip_source: &'static str,
    ip_address: &'static str,
    subnet_mask: &'static str,
    /// Lower-case, as tk prints every MAC.
    mac_address: &'static str,
    default_gateway_ip: Option<&'static str>,
    /// None where the capture says "Disabled" or has no VLAN line.
    vlan_id: Option<u64>,
    cipher_suites: &'static [u64],
}

const FACTS: &[Facts] = &[
    Facts {
        capture: "ipmi-sim-dhcp-novlan",
        ip_source: "dhcp",
        ip_address: "192.168.77.20",
        subnet_mask: "255.255.255.0",
        mac_address: "52:54:00:12:34:56",
        default_gateway_ip: Some("192.168.77.1"),
        vlan_id: None,
        cipher_suites: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    },
    Facts {
        capture: "ipmi-sim-dhcp-vlan100-with-stderr",
        ip_source: "dhcp",
        ip_address: "192.168.77.20",
        subnet_mask: "255.255.255.0",
        mac_address: "52:54:00:12:34:56",
        default_gateway_ip: Some("192.168.77.1"),
        vlan_id: Some(100),
        cipher_suites: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    },
    Facts {
        capture: "ipmi-sim-static-vlan42",
        ip_source: "static",
        ip_address: "10.1.2.3",
        subnet_mask: "255.255.255.0",
        mac_address: "52:54:00:12:34:56",
        default_gateway_ip: Some("10.1.2.1"),
        vlan_id: Some(42),
        cipher_suites: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    },
    Facts {
        capture: "shape-dell-like",
        ip_source: "static",
        ip_address: "10.20.30.40",
        subnet_mask: "255.255.254.0",
        mac_address: "d0:94:66:1a:2b:3c",
        default_gateway_ip: Some("10.20.30.1"),
        vlan_id: Some(20),
        cipher_suites: &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
    },
    Facts {
        capture: "shape-hpe-like",
        ip_source: "dhcp",
        ip_address: "172.16.5.23",
        subnet_mask: "255.255.255.0",
        mac_address: "94:18:82:0a:bc:de",
        default_gateway_ip: Some("172.16.5.1"),
        vlan_id: None,
        cipher_suites: &[1, 2, 3],
    },
    Facts {
        capture: "shape-partial-1.8.19",
        ip_source: "static",
        ip_address: "10.9.8.7",
        subnet_mask: "255.255.255.0",
        mac_address: "a0:36:9f:01:02:03",
        default_gateway_ip: None,
        vlan_id: None,
        cipher_suites: &[],
    },
    Facts {
        capture: "shape-supermicro-like-crlf",
        ip_source: "dhcp",
        ip_address: "10.0.8.17",
        subnet_mask: "255.255.0.0",
        mac_address: "0c:c4:7a:ab:cd:ef",
        default_gateway_ip: Some("10.0.0.1"),
        vlan_id: None,
        cipher_suites: &[1, 2, 3, 6, 7, 8, 11, 12],
    },
    Facts {
        capture: "shape-unconfigured",
        ip_source: "unspecified",
        ip_address: "0.0.0.0",
        subnet_mask: "0.0.0.0",
        mac_address: "00:25:90:11:22:33",
        default_gateway_ip: Some("0.0.0.0"),
        vlan_id: None,
        cipher_suites: &[],
    },
];

#[test]
fn golden_json_agrees_with_facts_read_by_hand() {
    let captures = captures();
    assert_eq!(captures.len(), FACTS.len(), "a capture without facts");
    for facts in FACTS {
        let golden = fixtures().join(format!("{}.json", facts.capture));
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&golden).unwrap()).unwrap();
        let name = golden.display();
        assert_eq!(json["ip_source"], facts.ip_source, "{name}");
        assert_eq!(json["ip_address"], facts.ip_address, "{name}");
        assert_eq!(json["subnet_mask"], facts.subnet_mask, "{name}");
        assert_eq!(json["mac_address"], facts.mac_address, "{name}");
        assert_eq!(
            json["default_gateway_ip"].as_str(),
            facts.default_gateway_ip,
            "{name}"
        );
        assert_eq!(json["vlan_id"].as_u64(), facts.vlan_id, "{name}");
        let suites: Vec<u64> = json["cipher_suites"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no cipher_suites"))
            .iter()
            .map(|n| n.as_u64().unwrap())
            .collect();
        assert_eq!(suites, facts.cipher_suites, "{name}");
    }
}

#[test]
fn golden_tables() {
    for name in [
        "ipmi-sim-static-vlan42",
        "shape-partial-1.8.19",
        "shape-supermicro-like-crlf",
    ] {
        let capture = fixtures().join(format!("{name}.txt"));
        let out = tk()
            .arg("bmc")
            .arg("--from")
            .arg(&capture)
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        golden(&capture.with_extension("table"), &text(&out.stdout));
    }
}

#[test]
fn from_stdin_and_noise_warning() {
    let capture = fs::read(fixtures().join("ipmi-sim-dhcp-vlan100-with-stderr.txt")).unwrap();
    let mut child = tk()
        .args(["bmc", "--from", "-", "--field", "vlan_id"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&capture).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "100\n");
    let err = text(&out.stderr);
    assert_eq!(
        err,
        "tk bmc: warning: skipped 1 line(s) that are not `Label : value` (line 1)\n"
    );
}

#[test]
fn from_errors() {
    let out = tk()
        .args(["bmc", "--from", "/nonexistent/capture"])
        .output()
        .unwrap();
    assert_error(&out, 1, "cannot read /nonexistent/capture");
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.txt");
    fs::write(
        &junk,
        "Unable to Get Channel Cipher Suites\nError: Unable to establish IPMI v2 / RMCP+ session\n",
    )
    .unwrap();
    let out = tk().arg("bmc").arg("--from").arg(&junk).output().unwrap();
    assert_error(&out, 1, "is not `ipmitool lan print` output");
    fs::write(&junk, "").unwrap();
    let out = tk().arg("bmc").arg("--from").arg(&junk).output().unwrap();
    assert_error(&out, 1, "the input is empty");
    fs::write(&junk, [0xff, 0xfe, b'\n', 0]).unwrap();
    let out = tk().arg("bmc").arg("--from").arg(&junk).output().unwrap();
    assert_error(&out, 1, "not `ipmitool lan print` output");
    let capture = fixtures().join("shape-hpe-like.txt");
    let out = tk()
        .arg("bmc")
        .arg("--from")
        .arg(&capture)
        .args(["--field", "No Such"])
        .output()
        .unwrap();
    assert_error(&out, 1, "no field \"No Such\"");
}
