//! `tk ip`'s default gateways against the real kernel: a network namespace
//! with default routes over a veth pair (IPv4 and IPv6, two metrics each),
//! an IPv6 route with two next hops, a default route without a gateway on
//! a third link, and one in another table; tk's table and JSON are checked
//! against `ip -j route show default`, and `tk ip --gateway` against
//! `ip -j route get`, as routes are taken away one by one. No packet
//! leaves the namespace. Needs root and iproute2; without them the tests
//! skip with a message, and fail under CI=true.

mod common;
mod ip_common;

use std::collections::BTreeMap;

use ip_common::{Netns, PROBE_V4, PROBE_V6};
use serde_json::{Value, json};

/// The namespace of these tests:
///   va  up, 10.20.0.2/24, fd20::2/64; its peer
///   vb  up, 10.30.0.1/24, fd30::1/64
///   vp  up, 10.60.0.1/24 (its peer vq up, without an address)
/// and the default routes of the main table:
///   IPv4  via 10.20.0.1 dev va metric 100, via 10.30.0.2 dev vb metric
///         200, dev vp metric 300 (no gateway)
///   IPv6  via fd20::1 dev va metric 100, via fd30::2 dev vb metric 200,
///         metric 400 over both (ECMP)
/// plus a default route in table 100, which is not the main table's.
fn gateway_lab(tag: &str) -> Option<Netns> {
    let ns = Netns::new(tag)?;
    for cmd in [
        "link set lo up",
        "link add va type veth peer name vb",
        "link add vp type veth peer name vq",
        "addr add 10.20.0.2/24 dev va",
        "addr add fd20::2/64 dev va nodad",
        "addr add 10.30.0.1/24 dev vb",
        "addr add fd30::1/64 dev vb nodad",
        "addr add 10.60.0.1/24 dev vp",
        "link set va up",
        "link set vb up",
        "link set vp up",
        "link set vq up",
        "route add default via 10.30.0.2 dev vb metric 200",
        "route add default via 10.20.0.1 dev va metric 100",
        "route add default dev vp metric 300",
        "route add default via 10.20.0.9 dev va table 100",
        "-6 route add default via fd20::1 dev va metric 100",
        "-6 route add default via fd30::2 dev vb metric 200",
        "-6 route add default metric 400 nexthop via fd20::1 dev va nexthop via fd30::2 dev vb",
    ] {
        ns.ip(cmd);
    }
    Some(ns)
}

/// Each interface's default gateways by `ip -j route show default` (main
/// table) for both families, one per next hop, in the order tk lists
/// them: IPv4 first, then by metric.
fn ip_gateways(ns: &Netns) -> BTreeMap<String, Vec<Value>> {
    let mut hops: Vec<(String, Value)> = Vec::new();
    for (flag, family) in [("-4", "ipv4"), ("-6", "ipv6")] {
        let routes = ns.ip_json(&format!("{flag} route show default"));
        for route in routes.as_array().unwrap() {
            // ip leaves out an IPv4 metric of 0.
            let metric = route["metric"].as_u64().unwrap_or(0);
            let nexthops = match route["nexthops"].as_array() {
                Some(list) => list.clone(),
                None => vec![route.clone()],
            };
            for hop in nexthops {
                let gateway = json!({"ip": hop["gateway"], "family": family, "metric": metric});
                hops.push((hop["dev"].as_str().unwrap().to_string(), gateway));
            }
        }
    }
    hops.sort_by_key(|(_, g)| (g["family"] != "ipv4", g["metric"].as_u64()));
    let mut by_dev: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (dev, gateway) in hops {
        by_dev.entry(dev).or_default().push(gateway);
    }
    by_dev
}

/// tk's gateways in `tk ip --all --json ARGS`, by interface (those with
/// none left out).
fn tk_gateways(ns: &Netns, args: &[&str]) -> BTreeMap<String, Vec<Value>> {
    let mut full = vec!["--all"];
    full.extend(args);
    let tk = ns.tk_json(&full);
    let mut by_dev = BTreeMap::new();
    for iface in tk["interfaces"].as_array().unwrap() {
        let gateways = iface["gateways"].as_array().unwrap();
        if !gateways.is_empty() {
            by_dev.insert(
                iface["name"].as_str().unwrap().to_string(),
                gateways.clone(),
            );
        }
    }
    by_dev
}

#[test]
fn gateways_are_the_main_tables_default_routes() {
    let Some(ns) = gateway_lab("gateways") else {
        return;
    };
    let want = ip_gateways(&ns);
    // The setup is what the lab says, by ip's account.
    let g = |ip: Value, family: &str, metric: u32| json!({"ip": ip, "family": family, "metric": metric});
    assert_eq!(
        want["va"],
        [
            g(json!("10.20.0.1"), "ipv4", 100),
            g(json!("fd20::1"), "ipv6", 100),
            g(json!("fd20::1"), "ipv6", 400)
        ]
    );
    assert_eq!(want["vp"], [g(Value::Null, "ipv4", 300)]);
    assert_eq!(tk_gateways(&ns, &[]), want);

    // -4 and -6 keep one family.
    let v6 = tk_gateways(&ns, &["-6"]);
    assert!(!v6.contains_key("vp"), "{v6:?}");
    assert_eq!(
        v6["vb"],
        [
            g(json!("fd30::2"), "ipv6", 200),
            g(json!("fd30::2"), "ipv6", 400)
        ]
    );
    assert_eq!(
        tk_gateways(&ns, &["-4"])["vb"],
        [g(json!("10.30.0.2"), "ipv4", 200)]
    );

    // In the table, under each interface's addresses.
    let table = ns.tk_ok(&[]);
    let block = |name: &str| -> Vec<String> {
        let mut lines = table
            .lines()
            .skip_while(|l| !l.starts_with(&format!("{name} ")));
        let first = lines
            .next()
            .unwrap_or_else(|| panic!("no {name} in\n{table}"));
        let rest = lines.take_while(|l| l.starts_with(' '));
        std::iter::once(first)
            .chain(rest)
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let va = block("va");
    let rows: Vec<&str> = va
        .iter()
        .filter(|l| l.starts_with("gateway"))
        .map(String::as_str)
        .collect();
    assert_eq!(
        rows,
        [
            "gateway 10.20.0.1 metric 100",
            "gateway fd20::1 metric 100",
            "gateway fd20::1 metric 400"
        ],
        "{table}"
    );
    assert!(va[0].contains("10.20.0.2/24"), "{table}");
    let vp = block("vp");
    assert_eq!(
        vp.last().unwrap(),
        "gateway none (IPv4) metric 300, on-link: no next hop",
        "{table}"
    );
}

/// `ip -j route get DEST`'s gateway and device, or None without a route.
fn route_get(ns: &Netns, dest: &str) -> Option<(Option<String>, String)> {
    let route = ns.route_get(dest)?;
    let gateway = route["gateway"].as_str().map(String::from);
    Some((gateway, route["dev"].as_str().unwrap().to_string()))
}

/// `tk ip --gateway ARGS` agrees with `ip route get PROBE` (text and JSON).
fn assert_gateway(ns: &Netns, args: &[&str], probe: &str, family: &str) {
    let (gateway, dev) = route_get(ns, probe).expect("a route");
    let gateway = gateway.expect("a gateway");
    let mut full = vec!["--gateway"];
    full.extend(args);
    assert_eq!(ns.tk_ok(&full), format!("{gateway}\n"), "{full:?}");
    let json = ns.tk_json(&full);
    assert_eq!(json["gateway"], gateway.as_str());
    assert_eq!(json["family"], family);
    assert_eq!(json["interface"], dev.as_str());
}

#[test]
fn gateway_is_what_ip_route_get_reports() {
    let Some(ns) = gateway_lab("route-get") else {
        return;
    };
    assert_eq!(
        route_get(&ns, PROBE_V4),
        Some((Some("10.20.0.1".into()), "va".into()))
    );
    assert_gateway(&ns, &[], PROBE_V4, "ipv4");
    assert_gateway(&ns, &["-4"], PROBE_V4, "ipv4");
    assert_gateway(&ns, &["-6"], PROBE_V6, "ipv6");

    // The next metric takes over, on another interface.
    ns.ip("route del default via 10.20.0.1 dev va metric 100");
    assert_eq!(
        route_get(&ns, PROBE_V4),
        Some((Some("10.30.0.2".into()), "vb".into()))
    );
    assert_gateway(&ns, &[], PROBE_V4, "ipv4");

    // A default route without a gateway: ip names only the device.
    ns.ip("route del default via 10.30.0.2 dev vb metric 200");
    assert_eq!(route_get(&ns, PROBE_V4), Some((None, "vp".into())));
    let no_gateway = "tk ip: the IPv4 default route has no gateway: it goes straight out of vp\n";
    assert_eq!(ns.tk_err(&["--gateway"]), no_gateway);
    assert_eq!(ns.tk_err(&["--gateway", "--json"]), no_gateway);
    assert_gateway(&ns, &["-6"], PROBE_V6, "ipv6");

    // No IPv4 route at all: IPv6 answers.
    ns.ip("route del default dev vp metric 300");
    assert_eq!(route_get(&ns, PROBE_V4), None);
    assert_gateway(&ns, &[], PROBE_V6, "ipv6");
    assert_eq!(
        ns.tk_err(&["--gateway", "-4"]),
        "tk ip: no IPv4 default route\n"
    );

    // The ECMP route is left: the kernel picks one of its hops.
    ns.ip("-6 route del default via fd20::1 dev va metric 100");
    ns.ip("-6 route del default via fd30::2 dev vb metric 200");
    assert_gateway(&ns, &[], PROBE_V6, "ipv6");

    ns.ip("-6 route del default metric 400");
    assert_eq!(route_get(&ns, PROBE_V6), None);
    assert_eq!(
        ns.tk_err(&["--gateway"]),
        "tk ip: no default route (IPv4 or IPv6)\n"
    );
    assert_eq!(tk_gateways(&ns, &[]), BTreeMap::new());
}

/// A default route that refuses traffic is no way out: `ip route get`
/// fails, and so do --gateway and --primary, with the no-route message.
#[test]
fn a_default_route_that_refuses_traffic_is_no_route() {
    let Some(ns) = gateway_lab("refused") else {
        return;
    };
    ns.ip("route del default via 10.20.0.1 dev va metric 100");
    ns.ip("route del default via 10.30.0.2 dev vb metric 200");
    ns.ip("route del default dev vp metric 300");
    for kind in ["blackhole", "prohibit", "unreachable"] {
        ns.ip(&format!("route replace {kind} default"));
        assert_eq!(route_get(&ns, PROBE_V4), None, "{kind}");
        for query in ["--gateway", "--primary"] {
            assert_eq!(
                ns.tk_err(&[query, "-4"]),
                "tk ip: no IPv4 default route\n",
                "{kind} {query}"
            );
        }
        // IPv6 still has its routes, so it answers.
        assert_gateway(&ns, &[], PROBE_V6, "ipv6");
        let src = ns.route_src(PROBE_V6).expect("an IPv6 source address");
        assert_eq!(ns.tk_ok(&["--primary"]), format!("{src}\n"), "{kind}");
        // Not a gateway of the table either: only unicast routes are.
        assert_eq!(tk_gateways(&ns, &["-4"]), BTreeMap::new(), "{kind}");
    }
}
