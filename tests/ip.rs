//! `tk ip`'s addresses against the real kernel: each test builds its own
//! network namespace (veth pairs, known IPv4 and IPv6 addresses, a
//! secondary and a labelled address, a down interface, addresses with
//! lifetimes, IPv6 temporary, deprecated and tentative ones, default
//! routes), runs the tk binary inside it with `ip netns exec`, and compares
//! with `hostname -I`, `ip -j addr` and `ip route get` run in the same
//! namespace. No packet leaves a namespace. Gateways are in
//! tests/ip_routes.rs, DNS in tests/ip_dns.rs. Needs root, iproute2 and
//! hostname: without them the tests skip with a message, and fail under
//! CI=true.

mod common;
mod ip_common;

use std::process::Command;

use ip_common::{Netns, PROBE_V4, PROBE_V6, TK};
use serde_json::{Value, json};

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
    assert_eq!(ns.tk_json(&["--short"])["addresses"], json!(words));
}

/// `tk ip --all --json` agrees with `ip -j addr` on every interface.
#[test]
fn json_matches_ip_addr() {
    let Some(ns) = lab("json") else { return };
    let tk = matches_ip_addr(&ns);
    let host = ns.exec_stdout(&["hostname"]);
    assert_eq!(tk["hostname"], host.trim_end());
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

/// Run `ip -j addr`, `tk ip --all --json`, `ip -j addr` again, and check
/// that every interface and address of tk's is ip's, field by field. What
/// may change between the runs (lifetimes count down; DAD ends) must lie
/// between ip's two answers. Returns tk's JSON.
fn matches_ip_addr(ns: &Netns) -> Value {
    let before = ns.ip_json("addr");
    let tk = ns.tk_json(&["--all"]);
    let after = ns.ip_json("addr");
    let ip_links = before.as_array().unwrap();
    let tk_links = tk["interfaces"].as_array().unwrap();
    assert_eq!(tk_links.len(), ip_links.len());
    for (i, (want, got)) in ip_links.iter().zip(tk_links).enumerate() {
        let flags = want["flags"].as_array().unwrap();
        assert_eq!(got["name"], want["ifname"]);
        assert_eq!(got["index"], want["ifindex"]);
        assert_eq!(got["mtu"], want["mtu"]);
        assert_eq!(got["mac"], want["address"]);
        assert_eq!(got["up"], flags.contains(&"UP".into()));
        assert_eq!(got["loopback"], flags.contains(&"LOOPBACK".into()));
        let want_addrs = want["addr_info"].as_array().unwrap();
        let later_addrs = after[i]["addr_info"].as_array().unwrap();
        let got_addrs = got["addrs"].as_array().unwrap();
        let ips = |list: &[Value], key: &str| -> Vec<Value> {
            list.iter().map(|a| a[key].clone()).collect()
        };
        assert_eq!(
            ips(got_addrs, "ip"),
            ips(want_addrs, "local"),
            "{}",
            got["name"]
        );
        for ((a, later), g) in want_addrs.iter().zip(later_addrs).zip(got_addrs) {
            assert_address(a, later, g);
        }
    }
    tk
}

/// One address: tk's `got` against ip's answers `a` (before) and `later`.
fn assert_address(a: &Value, later: &Value, got: &Value) {
    let name = &got["ip"];
    assert_eq!(later["local"], a["local"], "ip's order changed");
    let family = if a["family"] == "inet" {
        "ipv4"
    } else {
        "ipv6"
    };
    let prefix = u32::try_from(a["prefixlen"].as_u64().unwrap()).unwrap();
    let netmask = (family == "ipv4")
        .then(|| std::net::Ipv4Addr::from(u32::MAX.checked_shl(32 - prefix).unwrap_or(0)));
    let fixed = json!({"ip": a["local"], "prefix": a["prefixlen"],
                       "netmask": netmask.map(|m| m.to_string()),
                       "family": family, "scope": a["scope"]});
    for (key, want) in fixed.as_object().unwrap() {
        assert_eq!(&got[key], want, "{name} {key}");
    }
    // ip -j prints a flag only when it is set.
    for flag in [
        "dynamic",
        "temporary",
        "deprecated",
        "tentative",
        "dadfailed",
    ] {
        let was = a[flag].as_bool().unwrap_or(false);
        let is = later[flag].as_bool().unwrap_or(false);
        let tk = got[flag].as_bool().expect("a boolean");
        assert!(
            tk == was || tk == is,
            "{name} {flag}: tk {tk}, ip {was} then {is}"
        );
    }
    // Seconds left, or 4294967295 (forever) where tk says null.
    for (tk_key, ip_key) in [
        ("valid_lft", "valid_life_time"),
        ("preferred_lft", "preferred_life_time"),
    ] {
        let (was, is) = (a[ip_key].as_u64().unwrap(), later[ip_key].as_u64().unwrap());
        match got[tk_key].as_u64() {
            None => {
                assert!(got[tk_key].is_null(), "{name} {tk_key}");
                assert_eq!(
                    (was, is),
                    (u64::from(u32::MAX), u64::from(u32::MAX)),
                    "{name}"
                );
            }
            Some(tk) => assert!(
                is <= tk && tk <= was,
                "{name} {tk_key}: {is} <= {tk} <= {was}"
            ),
        }
    }
}

/// Addresses as DHCP clients and IPv6 autoconfiguration leave them:
///   va  (carrier) 10.20.0.2/24 static, 10.20.0.5/24 valid 300 preferred
///       200 (dynamic), fd20::2 nodad static, fd20::5 nodad valid 300
///       preferred 200, fd20::7 nodad preferred 0 (deprecated), fd20::9
///       mngtmpaddr with use_tempaddr=2, from which the kernel makes a
///       temporary (privacy) address
///   vc  (no carrier, so DAD waits) fd40::6 without nodad (tentative),
///       fd40::7 with nodad (not tentative)
///   vb  (va's peer) fd50::1 nodad, then the same address on va without
///       nodad: va's duplicate address detection hears vb and fails it
///       (dadfailed), which the lab waits for
fn lifetimes_lab(tag: &str) -> Option<Netns> {
    let ns = Netns::new(tag)?;
    for cmd in [
        "link set lo up",
        "link add va type veth peer name vb",
        "link add vc type veth peer name vd",
        "link set va up",
        "link set vb up",
        "link set vc up",
    ] {
        ns.ip(cmd);
    }
    ns.sysctl("net.ipv6.conf.va.use_tempaddr", "2");
    for cmd in [
        "addr add 10.20.0.2/24 dev va",
        "addr add 10.20.0.5/24 dev va valid_lft 300 preferred_lft 200",
        "addr add fd20::2/64 dev va nodad",
        "addr add fd20::5/64 dev va nodad valid_lft 300 preferred_lft 200",
        "addr add fd20::7/64 dev va nodad valid_lft 300 preferred_lft 0",
        "addr add fd20::9/64 dev va nodad mngtmpaddr valid_lft 600 preferred_lft 500",
        "addr add fd40::6/64 dev vc",
        "addr add fd40::7/64 dev vc nodad",
        "addr add fd50::1/64 dev vb nodad",
        "addr add fd50::1/64 dev va",
    ] {
        ns.ip(cmd);
    }
    // DAD sends one probe and waits a second for an answer.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while ip_addr_of(&ns, "va", "fd50::1")["dadfailed"] != true {
        assert!(
            std::time::Instant::now() < deadline,
            "va's fd50::1 never failed DAD"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Some(ns)
}

/// The address `ip -j addr` lists as `local`, on interface `dev`.
fn ip_addr_of(ns: &Netns, dev: &str, local: &str) -> Value {
    let links = ns.ip_json(&format!("addr show dev {dev}"));
    let addrs = links[0]["addr_info"].as_array().unwrap();
    let found = addrs.iter().find(|a| a["local"] == local);
    found
        .unwrap_or_else(|| panic!("{local} not on {dev}"))
        .clone()
}

#[test]
fn lifetimes_and_flags_match_ip_addr() {
    let Some(ns) = lifetimes_lab("lifetimes") else {
        return;
    };
    // The setup did what it says, by ip's account.
    assert_eq!(ip_addr_of(&ns, "va", "10.20.0.5")["dynamic"], true);
    assert_eq!(ip_addr_of(&ns, "va", "10.20.0.2")["dynamic"], Value::Null);
    assert_eq!(ip_addr_of(&ns, "va", "fd20::7")["deprecated"], true);
    assert_eq!(ip_addr_of(&ns, "vc", "fd40::6")["tentative"], true);
    assert_eq!(ip_addr_of(&ns, "vc", "fd40::7")["tentative"], Value::Null);
    let va = ns.ip_json("addr show dev va");
    let temporary: Vec<&Value> = va[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["temporary"] == true)
        .collect();
    assert_eq!(temporary.len(), 1, "{va}");
    let temporary = temporary[0]["local"].as_str().unwrap().to_string();

    let tk = matches_ip_addr(&ns);
    let addr = |dev: &str, ip: &str| -> Value {
        let iface = tk["interfaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == dev);
        let addrs = iface.unwrap()["addrs"].as_array().unwrap();
        addrs.iter().find(|a| a["ip"] == ip).unwrap().clone()
    };
    assert_eq!(addr("va", "10.20.0.5")["dynamic"], true);
    assert_eq!(addr("va", "10.20.0.5")["netmask"], "255.255.255.0");
    assert_eq!(addr("va", "10.20.0.2")["valid_lft"], Value::Null);
    assert_eq!(addr("va", &temporary)["temporary"], true);
    assert_eq!(addr("vc", "fd40::6")["tentative"], true);
    assert_eq!(addr("vc", "fd40::7")["tentative"], false);
    assert_eq!(addr("va", "fd50::1")["dadfailed"], true);
    assert_eq!(addr("vb", "fd50::1")["dadfailed"], false);

    // The table's DETAILS column says the same.
    let table = ns.tk_ok(&["--all"]);
    let row = |ip: &str| -> String {
        let found = table
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == ip));
        found
            .unwrap_or_else(|| panic!("no {ip} in\n{table}"))
            .to_string()
    };
    // Set to 300 and 200 seconds moments ago.
    let dynamic = row("10.20.0.5/24");
    let details = dynamic.split("global").nth(1).unwrap().trim();
    let (valid, preferred) = lifetimes(details, "netmask 255.255.255.0, dynamic, ");
    assert!((280..=300).contains(&valid), "{dynamic}");
    assert!((180..=200).contains(&preferred), "{dynamic}");
    assert!(
        row("10.20.0.2/24").ends_with("netmask 255.255.255.0"),
        "{table}"
    );
    assert!(row("fd20::2/64").ends_with("global"), "{table}");
    let deprecated = row("fd20::7/64");
    let details = deprecated.split("global").nth(1).unwrap().trim();
    let (valid, preferred) = lifetimes(details, "dynamic, deprecated, ");
    assert!((280..=300).contains(&valid), "{deprecated}");
    assert_eq!(preferred, 0, "{deprecated}");
    assert!(
        row(&format!("{temporary}/64")).contains("dynamic, temporary, "),
        "{table}"
    );
    assert!(row("fd40::6/64").ends_with("tentative"), "{table}");
    assert!(row("fd40::7/64").ends_with("global"), "{table}");
    // fd50::1 twice: vb's own, and va's duplicate.
    let mut dup: Vec<&str> = table
        .lines()
        .filter(|l| l.contains(" fd50::1/64 "))
        .collect();
    dup.sort_unstable_by_key(|l| l.ends_with("global"));
    assert_eq!(dup.len(), 2, "{table}");
    assert!(dup[0].ends_with(" dadfailed, tentative"), "{table}");
    assert!(dup[1].ends_with("global"), "{table}");
}

/// `FLAGS, valid XmYs, preferred XmYs` after `flags`: both in seconds.
fn lifetimes(details: &str, flags: &str) -> (u32, u32) {
    let rest = details
        .strip_prefix(flags)
        .unwrap_or_else(|| panic!("{details}"));
    let seconds = |s: &str| -> u32 {
        let s = s.strip_suffix('s').unwrap_or_else(|| panic!("{details}"));
        match s.split_once('m') {
            Some((m, s)) => m.parse::<u32>().unwrap() * 60 + s.parse::<u32>().unwrap(),
            None => s.parse().unwrap(),
        }
    };
    let (valid, preferred) = rest.split_once(", ").unwrap();
    let valid = valid.strip_prefix("valid ").unwrap();
    let preferred = preferred.strip_prefix("preferred ").unwrap();
    (seconds(valid), seconds(preferred))
}

#[test]
fn table_shows_up_interfaces_and_all_adds_the_rest() {
    let Some(ns) = lab("table") else { return };
    let host = ns.exec_stdout(&["hostname"]);
    let table = ns.tk_ok(&[]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], format!("host: {}", host.trim_end()));
    assert!(lines[1].starts_with("IFACE"), "{table}");
    // Interface names start a line; rows under one are indented, and the
    // DNS lines follow the table.
    let names: Vec<&str> = lines[2..]
        .iter()
        .take_while(|l| !l.starts_with("dns:"))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, ["vb", "va", "vc"], "{table}");
    assert!(table.contains("10.20.0.77/24"), "{table}");
    assert!(table.contains("no-carrier"), "{table}");
    let link_local = lines.iter().find(|l| l.contains("fe80::")).unwrap();
    assert!(link_local.contains(" link (IPv6 link-local)"), "{table}");
    // The default routes of lab(), under va.
    let gateways: Vec<&str> = lines
        .iter()
        .filter(|l| l.contains("gateway"))
        .copied()
        .collect();
    assert_eq!(gateways.len(), 2, "{table}");
    assert!(
        gateways[0].trim_start().starts_with("gateway 10.20.0.1 "),
        "{table}"
    );
    assert!(gateways[0].ends_with("metric 0"), "{table}");
    assert!(
        gateways[1].trim_start().starts_with("gateway fd20::1 "),
        "{table}"
    );
    assert!(gateways[1].ends_with("metric 1024"), "{table}");

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
    ns.write_resolv_conf("nameserver 192.0.2.53\n");
    for lo_up in [false, true] {
        if lo_up {
            ns.ip("link set lo up");
        }
        assert_eq!(ns.exec_stdout(&["hostname", "-I"]), "\n");
        assert_eq!(ns.tk_ok(&["--short"]), "\n");
        assert_eq!(ns.tk_json(&["--short"])["addresses"], json!([]));
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
        assert_eq!(
            ns.tk_err(&["--gateway"]),
            "tk ip: no default route (IPv4 or IPv6)\n"
        );
        assert_eq!(
            ns.tk_err(&["--gateway", "-4"]),
            "tk ip: no IPv4 default route\n"
        );
        let table = ns.tk_ok(&[]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3, "{table}");
        assert!(lines[1].starts_with("IFACE"), "{table}");
        assert_eq!(lines[2], "dns: 192.0.2.53");
    }
    assert_eq!(ns.tk_ok(&["lo"]), "127.0.0.1\n");
    assert_eq!(
        ns.tk_err(&["-6", "lo"]),
        "tk ip: lo has no global IPv6 address\n"
    );
}

#[test]
fn bad_usage_is_status_2() {
    for args in [
        &["--short", "--primary"][..],
        &["-4", "-6"],
        &["eth0", "--all"],
        &["--gateway", "--dns"],
        &["--gateway", "--primary"],
        &["--dns", "--short"],
        &["eth0", "--gateway"],
        &["--all", "--dns"],
    ] {
        let out = Command::new(TK).arg("ip").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "tk ip {args:?}");
        assert!(out.stdout.is_empty(), "tk ip {args:?}");
    }
}

/// Every example of `tk explain ip` (the same in both languages, a unit
/// test says) exits 0, with nothing on stderr, in a namespace that has
/// what each asks about: addresses, default routes, a resolv.conf.
#[test]
fn explain_ip_examples_answer_in_a_namespace() {
    let Some(ns) = lab("explain") else { return };
    ns.write_resolv_conf("nameserver 192.0.2.53\nsearch example.com\n");
    let page = tk::explain::topic("ip").unwrap();
    let examples = tk::explain::examples(page.en.body);
    assert!(examples.len() >= 10, "{examples:?}");
    let bin_dir = std::path::Path::new(TK)
        .parent()
        .unwrap()
        .display()
        .to_string();
    for example in examples {
        let script = format!("PATH={bin_dir}:$PATH; {}", example.command);
        let out = ns.exec(&["sh", "-c", &script]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            example.command,
            ip_common::text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{}", example.command);
        assert!(!out.stdout.is_empty(), "{}", example.command);
    }
}
