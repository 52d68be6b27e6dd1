//! `tk ip` against the real kernel: each test builds its own network
//! namespace (veth pairs, known IPv4 and IPv6 addresses, a secondary and a
//! labelled address, a down interface, default routes), runs the tk binary
//! inside it with `ip netns exec`, and compares with `hostname -I`,
//! `ip -j addr` and `ip route get` run in the same namespace. No packet
//! leaves a namespace. Needs root and iproute2 + hostname: without them the
//! tests skip with a message, and fail under CI=true.

mod common;

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const TK: &str = env!("CARGO_BIN_EXE_tk");
/// The route-lookup targets tk uses for --primary (src/ip/route.rs).
const PROBE_V4: &str = "8.8.8.8";
const PROBE_V6: &str = "2001:4860:4860::8888";

/// A network namespace that is deleted when dropped, even after a panic.
struct Netns {
    name: String,
}

impl Netns {
    /// A new empty namespace, or None (after a loud message) when this
    /// machine cannot make one; under CI=true that is a failure instead.
    fn new(tag: &str) -> Option<Netns> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let name = format!("tk-ip-{}-{n}-{tag}", std::process::id());
        match missing_requirement().map_or_else(|| add_netns(&name), Err) {
            Ok(()) => Some(Netns { name }),
            Err(why) => {
                common::skip::skip(format!("tk ip namespace test `{tag}`: {why}"));
                None
            }
        }
    }

    /// `ip -n NS ARGS...`, which must succeed.
    fn ip(&self, args: &str) {
        let mut full = vec!["-n", &self.name];
        full.extend(args.split_whitespace());
        run_ok("ip", &full);
    }

    /// Run a command inside the namespace.
    fn exec(&self, cmd: &[&str]) -> Output {
        let mut args = vec!["netns", "exec", &self.name];
        args.extend(cmd);
        Command::new("ip")
            .args(&args)
            .output()
            .expect("run ip netns exec")
    }

    fn exec_stdout(&self, cmd: &[&str]) -> String {
        let out = self.exec(cmd);
        assert!(out.status.success(), "{cmd:?}: {}", text(&out.stderr));
        text(&out.stdout)
    }

    fn tk(&self, args: &[&str]) -> Output {
        let mut cmd = vec![TK, "ip"];
        cmd.extend(args);
        self.exec(&cmd)
    }

    /// tk ip ARGS, which must succeed; its stdout.
    fn tk_ok(&self, args: &[&str]) -> String {
        let out = self.tk(args);
        assert!(
            out.status.success(),
            "tk ip {args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "tk ip {args:?}: {}",
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// tk ip ARGS, which must fail with status 1, an empty stdout and one
    /// `tk ip:` line on stderr; that line.
    fn tk_err(&self, args: &[&str]) -> String {
        let out = self.tk(args);
        assert_eq!(out.status.code(), Some(1), "tk ip {args:?}");
        assert!(
            out.stdout.is_empty(),
            "tk ip {args:?}: {}",
            text(&out.stdout)
        );
        let err = text(&out.stderr);
        assert!(err.starts_with("tk ip: "), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        err
    }

    fn tk_json(&self, args: &[&str]) -> Value {
        let mut full = args.to_vec();
        full.push("--json");
        serde_json::from_str(&self.tk_ok(&full)).expect("tk ip --json parses")
    }

    /// The `src` of `ip route get DEST`, or None when there is no route.
    fn route_src(&self, dest: &str) -> Option<String> {
        let out = self.exec(&["ip", "route", "get", dest]);
        if !out.status.success() {
            return None;
        }
        let stdout = text(&out.stdout);
        let mut words = stdout.split_whitespace();
        words.find(|w| *w == "src")?;
        words.next().map(String::from)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
    }
}

fn missing_requirement() -> Option<String> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Some("needs root to create network namespaces".into());
    }
    for tool in ["ip", "hostname"] {
        if Command::new(tool).arg("-V").output().is_err() {
            return Some(format!(
                "`{tool}` is not installed (scripts/test installs it)"
            ));
        }
    }
    None
}

fn add_netns(name: &str) -> Result<(), String> {
    // A name left over by a killed run of the same pid: start clean.
    let _ = Command::new("ip").args(["netns", "del", name]).output();
    let out = Command::new("ip").args(["netns", "add", name]).output();
    match out {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(format!(
            "`ip netns add` failed: {}",
            text(&out.stderr).trim_end()
        )),
        Err(err) => Err(format!("cannot run `ip netns add`: {err}")),
    }
}

fn run_ok(cmd: &str, args: &[&str]) {
    let out = Command::new(cmd).args(args).output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        text(&out.stderr)
    );
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The namespace most tests use. Interface indexes do not follow names:
/// vb (index 2) comes before va (3), and hostname -I follows the kernel.
///   lo      up
///   va      up, 10.20.0.2/24 + secondaries 10.20.0.9 and 10.20.0.77
///           (label va:sec), fd20::2 and fd20::99, default routes
///   vb      up, 10.30.0.1/24, fd30::1/64 (va's peer)
///   vc      up without carrier (its peer vd is down), 10.40.0.1/24 and
///           169.254.5.5/16 with scope link, 10.50.0.1/32 with scope host
///   vd      down, no address
fn lab(tag: &str) -> Option<Netns> {
    let ns = Netns::new(tag)?;
    for cmd in [
        "link set lo up",
        "link add va type veth peer name vb",
        "link add vc type veth peer name vd",
        "addr add 10.20.0.2/24 dev va",
        "addr add 10.20.0.9/24 dev va",
        "addr add 10.20.0.77/24 dev va label va:sec",
        "addr add fd20::2/64 dev va nodad",
        "addr add fd20::99/64 dev va nodad",
        "addr add 10.30.0.1/24 dev vb",
        "addr add fd30::1/64 dev vb nodad",
        "addr add 10.40.0.1/24 dev vc",
        "addr add 169.254.5.5/16 dev vc scope link",
        "addr add 10.50.0.1/32 dev vc scope host",
        "link set va up",
        "link set vb up",
        "link set vc up",
        "route add default via 10.20.0.1 dev va",
        "-6 route add default via fd20::1 dev va",
    ] {
        ns.ip(cmd);
    }
    Some(ns)
}

#[test]
fn short_prints_what_hostname_dash_i_prints() {
    let Some(ns) = lab("short") else { return };
    let hostname_i = ns.exec_stdout(&["hostname", "-I"]);
    assert_eq!(ns.tk_ok(&["--short"]), hostname_i);

    // What that line holds (its order is the kernel's: vb before va, the
    // newest IPv6 address first), and IPv4 before IPv6.
    let words: Vec<&str> = hostname_i.split_whitespace().collect();
    let mut sorted = words.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "10.20.0.2",
            "10.20.0.77",
            "10.20.0.9",
            "10.30.0.1",
            "10.40.0.1",
            "10.50.0.1",
            "169.254.5.5",
        ]
        .into_iter()
        .chain(["fd20::2", "fd20::99", "fd30::1"])
        .collect::<Vec<_>>()
    );
    let first_v6 = words.iter().position(|w| w.contains(':')).unwrap();
    assert!(
        words[first_v6..].iter().all(|w| w.contains(':')),
        "{hostname_i}"
    );
    let v4: Vec<&str> = words.iter().copied().filter(|w| !w.contains(':')).collect();
    let v6: Vec<&str> = words.iter().copied().filter(|w| w.contains(':')).collect();
    assert_eq!(ns.tk_ok(&["--short", "-4"]), format!("{} \n", v4.join(" ")));
    assert_eq!(ns.tk_ok(&["--short", "-6"]), format!("{} \n", v6.join(" ")));
    assert_eq!(
        ns.tk_json(&["--short"])["addresses"],
        serde_json::json!(words)
    );
}

/// `tk ip --all --json` agrees with `ip -j addr` on every interface.
#[test]
fn json_matches_ip_addr() {
    let Some(ns) = lab("json") else { return };
    let ip: Value = serde_json::from_str(&ns.exec_stdout(&["ip", "-j", "addr"])).unwrap();
    let tk = ns.tk_json(&["--all"]);
    let host = ns.exec_stdout(&["hostname"]);
    assert_eq!(tk["hostname"], host.trim_end());
    let ip_links = ip.as_array().unwrap();
    let tk_links = tk["interfaces"].as_array().unwrap();
    assert_eq!(tk_links.len(), ip_links.len());
    for (want, got) in ip_links.iter().zip(tk_links) {
        let flags = want["flags"].as_array().unwrap();
        assert_eq!(got["name"], want["ifname"]);
        assert_eq!(got["index"], want["ifindex"]);
        assert_eq!(got["mtu"], want["mtu"]);
        assert_eq!(got["mac"], want["address"]);
        assert_eq!(got["up"], flags.contains(&"UP".into()));
        assert_eq!(got["loopback"], flags.contains(&"LOOPBACK".into()));
        let want_addrs: Vec<Value> = want["addr_info"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let family = if a["family"] == "inet" {
                    "ipv4"
                } else {
                    "ipv6"
                };
                serde_json::json!({"ip": a["local"], "prefix": a["prefixlen"],
                                   "family": family, "scope": a["scope"]})
            })
            .collect();
        assert_eq!(got["addrs"], Value::Array(want_addrs), "{}", got["name"]);
    }
    assert_eq!(tk["primary"], "10.20.0.2");

    // Without --all: the interfaces that are up, loopback left out.
    let shown = ns.tk_json(&[]);
    let up: Vec<&str> = shown["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(up, ["vb", "va", "vc"]);
}

#[test]
fn table_shows_up_interfaces_and_all_adds_the_rest() {
    let Some(ns) = lab("table") else { return };
    let host = ns.exec_stdout(&["hostname"]);
    let table = ns.tk_ok(&[]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], format!("host: {}", host.trim_end()));
    assert!(lines[1].starts_with("IFACE"), "{table}");
    let names: Vec<&str> = lines[2..]
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| !w.contains('/'))
        .collect();
    assert_eq!(names, ["vb", "va", "vc"], "{table}");
    assert!(table.contains("10.20.0.77/24"), "{table}");
    assert!(table.contains("no-carrier"), "{table}");
    let link_local = lines.iter().find(|l| l.contains("fe80::")).unwrap();
    assert!(link_local.ends_with("link (IPv6 link-local)"), "{table}");

    let all = ns.tk_ok(&["--all"]);
    let vd = all.lines().find(|l| l.starts_with("vd ")).unwrap();
    assert!(vd.contains(" down "), "{all}");
    assert!(all.lines().any(|l| l.starts_with("lo ")), "{all}");

    let v4 = ns.tk_ok(&["-4"]);
    assert!(!v4.contains("fd20::"), "{v4}");
    assert!(v4.contains("10.30.0.1/24"), "{v4}");
}

#[test]
fn iface_prints_its_first_address() {
    let Some(ns) = lab("iface") else { return };
    assert_eq!(ns.tk_ok(&["va"]), "10.20.0.2\n");
    assert_eq!(ns.tk_ok(&["-4", "vb"]), "10.30.0.1\n");
    // The first global IPv6 address in ip's order (the newest comes first).
    let ip: Value =
        serde_json::from_str(&ns.exec_stdout(&["ip", "-j", "-6", "addr", "show", "dev", "va"]))
            .unwrap();
    let first_global = ip[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["scope"] == "global")
        .unwrap()["local"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(ns.tk_ok(&["-6", "va"]), format!("{first_global}\n"));
    let json = ns.tk_json(&["va"]);
    assert_eq!(json["interface"], "va");
    assert_eq!(json["address"], "10.20.0.2");

    assert_eq!(
        ns.tk_err(&["nosuch0"]),
        "tk ip: no such interface: nosuch0\n"
    );
    assert_eq!(ns.tk_err(&["vd"]), "tk ip: vd has no IPv4 address\n");
    assert_eq!(
        ns.tk_err(&["-6", "vc"]),
        "tk ip: vc has no global IPv6 address\n"
    );
    assert_eq!(
        ns.tk_err(&["nosuch0", "--json"]),
        "tk ip: no such interface: nosuch0\n"
    );
}

#[test]
fn primary_is_what_ip_route_get_reports() {
    let Some(ns) = lab("primary") else { return };
    let v4 = ns.route_src(PROBE_V4).expect("IPv4 default route");
    let v6 = ns.route_src(PROBE_V6).expect("IPv6 default route");
    assert_eq!(v4, "10.20.0.2");
    assert_eq!(ns.tk_ok(&["--primary"]), format!("{v4}\n"));
    assert_eq!(ns.tk_ok(&["--primary", "-4"]), format!("{v4}\n"));
    assert_eq!(ns.tk_ok(&["--primary", "-6"]), format!("{v6}\n"));
    assert_eq!(ns.tk_json(&["--primary"])["primary"], v4.as_str());

    // The kernel's choice, not the first address: a src hint wins.
    ns.ip("route replace default via 10.20.0.1 dev va src 10.20.0.9");
    ns.ip("-6 route replace default via fd20::1 dev va src fd20::2");
    assert_eq!(ns.route_src(PROBE_V4).as_deref(), Some("10.20.0.9"));
    assert_eq!(ns.route_src(PROBE_V6).as_deref(), Some("fd20::2"));
    assert_eq!(ns.tk_ok(&["--primary"]), "10.20.0.9\n");
    assert_eq!(ns.tk_ok(&["--primary", "-6"]), "fd20::2\n");

    // Without an IPv4 default route, IPv6 answers; without either, error.
    ns.ip("route del default");
    assert_eq!(ns.route_src(PROBE_V4), None);
    assert_eq!(ns.tk_ok(&["--primary"]), "fd20::2\n");
    assert_eq!(
        ns.tk_err(&["--primary", "-4"]),
        "tk ip: no IPv4 default route\n"
    );
    ns.ip("-6 route del default");
    assert_eq!(
        ns.tk_err(&["--primary"]),
        "tk ip: no default route (IPv4 or IPv6)\n"
    );
    assert_eq!(ns.tk_json(&["--all"])["primary"], Value::Null);
}

/// A namespace with nothing but loopback.
#[test]
fn loopback_only_namespace() {
    let Some(ns) = Netns::new("bare") else { return };
    for lo_up in [false, true] {
        if lo_up {
            ns.ip("link set lo up");
        }
        assert_eq!(ns.exec_stdout(&["hostname", "-I"]), "\n");
        assert_eq!(ns.tk_ok(&["--short"]), "\n");
        assert_eq!(ns.tk_json(&["--short"])["addresses"], serde_json::json!([]));
        assert_eq!(ns.route_src(PROBE_V4), None);
        assert_eq!(ns.route_src(PROBE_V6), None);
        assert_eq!(
            ns.tk_err(&["--primary"]),
            "tk ip: no default route (IPv4 or IPv6)\n"
        );
        assert_eq!(
            ns.tk_err(&["--primary", "-6"]),
            "tk ip: no IPv6 default route\n"
        );
        assert_eq!(ns.tk_ok(&[]).lines().count(), 2, "header lines only");
    }
    assert_eq!(ns.tk_ok(&["lo"]), "127.0.0.1\n");
    assert_eq!(
        ns.tk_err(&["-6", "lo"]),
        "tk ip: lo has no global IPv6 address\n"
    );
}

#[test]
fn bad_usage_is_status_2() {
    let out = Command::new(TK)
        .args(["ip", "--short", "--primary"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(TK).args(["ip", "-4", "-6"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(TK)
        .args(["ip", "eth0", "--all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
