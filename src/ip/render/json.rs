//! The JSON documents of `tk ip --json`. Keys keep the order written here
//! (serde_json's preserve_order), which the docs show.

use std::net::IpAddr;

use serde_json::{Value, json};

use super::fmt::fmt_ip;
use super::table::fmt_mac;
use crate::ip::model::{Addr, Family, Gateway, Iface, Lifetime};
use crate::ip::resolv::{Dns, Resolv};

fn json_ip(ip: &Option<IpAddr>) -> Value {
    ip.as_ref()
        .map_or(Value::Null, |ip| Value::from(fmt_ip(ip)))
}

/// Seconds left, or null for forever.
fn json_lifetime(lifetime: Lifetime) -> Value {
    match lifetime {
        Lifetime::Forever => Value::Null,
        Lifetime::Seconds(n) => Value::from(n),
    }
}

fn family_name(family: Family) -> String {
    family.name().to_lowercase()
}

fn json_addr(a: &Addr) -> Value {
    json!({
        "ip": fmt_ip(&a.ip),
        "prefix": a.prefix,
        "netmask": a.netmask().map(|m| m.to_string()),
        "family": family_name(a.family()),
        "scope": a.scope.to_string(),
        "dynamic": a.state.dynamic,
        "valid_lft": json_lifetime(a.state.valid),
        "preferred_lft": json_lifetime(a.state.preferred),
        "temporary": a.state.temporary,
        "deprecated": a.state.deprecated,
        "tentative": a.state.tentative,
        "dadfailed": a.state.dadfailed,
    })
}

fn json_gw(gw: &Gateway) -> Value {
    json!({"ip": json_ip(&gw.ip), "family": family_name(gw.family), "metric": gw.metric})
}

fn json_iface(iface: &Iface, filter: Option<Family>) -> Value {
    let addrs: Vec<Value> = iface
        .addrs
        .iter()
        .filter(|a| a.family().allowed_by(filter))
        .map(json_addr)
        .collect();
    let gateways: Vec<Value> = iface
        .gateways
        .iter()
        .filter(|g| g.family.allowed_by(filter))
        .map(json_gw)
        .collect();
    json!({
        "name": iface.name,
        "index": iface.index,
        "up": iface.up,
        "loopback": iface.loopback,
        "mac": fmt_mac(&iface.mac),
        "mtu": iface.mtu,
        "addrs": addrs,
        "gateways": gateways,
    })
}

fn json_resolv(resolv: &Resolv, filter: Option<Family>) -> (Vec<&str>, &[String]) {
    (resolv.servers_of(filter).collect(), &resolv.search)
}

/// `{"servers", "search", "upstream"}`: /etc/resolv.conf's servers and
/// search list; `upstream` is systemd-resolved's servers when that file
/// points at its stub, else null.
fn json_dns_object(dns: &Dns, filter: Option<Family>) -> Value {
    let (servers, search) = json_resolv(&dns.conf, filter);
    let upstream = dns.upstream.as_ref().map(|up| {
        let (servers, search) = json_resolv(up, filter);
        json!({"servers": servers, "search": search})
    });
    json!({"servers": servers, "search": search, "upstream": upstream})
}

/// `--json` for the table: every shown interface, the primary address
/// and the DNS configuration.
pub(crate) fn json_table<'a>(
    host: &str,
    ifaces: impl Iterator<Item = &'a Iface>,
    filter: Option<Family>,
    primary: Option<IpAddr>,
    dns: &Dns,
) -> Value {
    let list: Vec<Value> = ifaces.map(|i| json_iface(i, filter)).collect();
    json!({
        "hostname": host,
        "interfaces": list,
        "primary": json_ip(&primary),
        "dns": json_dns_object(dns, filter),
    })
}

/// `--short --json`: the `hostname -I` addresses as an array.
pub(crate) fn json_short(host: &str, addrs: &[IpAddr]) -> Value {
    let list: Vec<String> = addrs.iter().map(fmt_ip).collect();
    json!({"hostname": host, "addresses": list})
}

/// `IFACE --json`.
pub(crate) fn json_iface_addr(host: &str, iface: &str, ip: &IpAddr) -> Value {
    json!({"hostname": host, "interface": iface, "address": fmt_ip(ip)})
}

/// `--primary --json`.
pub(crate) fn json_primary(host: &str, ip: &IpAddr) -> Value {
    json!({"hostname": host, "primary": fmt_ip(ip)})
}

/// `--gateway --json`: the next hop, the route's family and the interface
/// it leaves by.
pub(crate) fn json_gateway(host: &str, gateway: &IpAddr, family: Family, iface: &str) -> Value {
    json!({
        "hostname": host,
        "gateway": fmt_ip(gateway),
        "family": family_name(family),
        "interface": iface,
    })
}

/// `--dns --json`.
pub(crate) fn json_dns(host: &str, dns: &Dns, filter: Option<Family>) -> Value {
    json!({"hostname": host, "dns": json_dns_object(dns, filter)})
}

#[cfg(test)]
mod tests {
    use super::super::tests::{plain_dns, stub_dns, text};
    use super::super::write_json;
    use super::*;
    use crate::ip::model::short_addrs;
    use crate::ip::model::tests::host;
    use crate::ip::model::{AddrState, shown};

    #[test]
    fn json_table_follows_the_schema() {
        let mut ifaces = host();
        ifaces[1].addrs[2].state = AddrState {
            dynamic: true,
            temporary: true,
            valid: Lifetime::Seconds(300),
            preferred: Lifetime::Seconds(200),
            ..AddrState::default()
        };
        ifaces[1].gateways = vec![
            Gateway {
                ip: "192.0.2.1".parse().ok(),
                family: Family::V4,
                metric: 100,
            },
            Gateway {
                ip: None,
                family: Family::V6,
                metric: 1024,
            },
        ];
        let primary = "192.0.2.2".parse().ok();
        let shown_ifaces = shown(&ifaces, false);
        let value = json_table("box", shown_ifaces, Some(Family::V6), primary, &plain_dns());
        let v6 = |ip: &str, scope: &str, state: (bool, Value, Value, bool)| {
            json!({"ip": ip, "prefix": 64, "netmask": null, "family": "ipv6", "scope": scope,
                   "dynamic": state.0, "valid_lft": state.1, "preferred_lft": state.2,
                   "temporary": state.3, "deprecated": false, "tentative": false,
                   "dadfailed": false})
        };
        let permanent = (false, Value::Null, Value::Null, false);
        let want = json!({
            "hostname": "box",
            "interfaces": [
                {"name": "eth0", "index": 2, "up": true, "loopback": false,
                 "mac": "02:00:00:00:00:02", "mtu": 1500, "addrs": [
                    v6("fd00::2", "global", (true, json!(300), json!(200), true)),
                    v6("fe80::1", "link", permanent.clone())],
                 "gateways": [{"ip": null, "family": "ipv6", "metric": 1024}]},
                {"name": "eth2", "index": 4, "up": true, "loopback": false,
                 "mac": "02:00:00:00:00:04", "mtu": 1500, "addrs": [
                    v6("2001:db8::5", "global", permanent)],
                 "gateways": []},
            ],
            "primary": "192.0.2.2",
            "dns": {"servers": ["fd00::53"], "search": ["example.com", "lan"], "upstream": null},
        });
        assert_eq!(value, want);

        let all = json_table("box", shown(&ifaces, true), None, None, &stub_dns());
        assert_eq!(all["interfaces"][0]["mac"], Value::Null);
        assert_eq!(all["interfaces"][0]["loopback"], true);
        assert_eq!(all["interfaces"][1]["addrs"][0]["netmask"], "255.255.255.0");
        assert_eq!(
            all["interfaces"][1]["gateways"][0],
            json!({"ip": "192.0.2.1", "family": "ipv4", "metric": 100})
        );
        assert_eq!(all["primary"], Value::Null);
        assert_eq!(
            all["dns"],
            json!({"servers": ["127.0.0.53"], "search": ["lan"],
                   "upstream": {"servers": ["192.0.2.1", "fd00::1"], "search": ["lan"]}})
        );
    }

    #[test]
    fn json_answers_and_key_order() {
        let ip: IpAddr = "192.0.2.2".parse().unwrap();
        let got = text(|o| write_json(o, &json_iface_addr("box", "eth0", &ip)));
        assert_eq!(
            got,
            "{\n  \"hostname\": \"box\",\n  \"interface\": \"eth0\",\n  \"address\": \"192.0.2.2\"\n}\n"
        );
        assert_eq!(
            json_primary("box", &ip),
            json!({"hostname": "box", "primary": "192.0.2.2"})
        );
        let addrs = short_addrs(&host(), Some(Family::V4));
        assert_eq!(
            json_short("box", &addrs)["addresses"],
            json!(["192.0.2.2", "192.0.2.9", "203.0.113.5"])
        );
        let gw: IpAddr = "fe80::1".parse().unwrap();
        assert_eq!(
            json_gateway("box", &gw, Family::V6, "eth0"),
            json!({"hostname": "box", "gateway": "fe80::1", "family": "ipv6", "interface": "eth0"})
        );
        assert_eq!(
            json_dns("box", &stub_dns(), Some(Family::V4)),
            json!({"hostname": "box", "dns": {"servers": ["127.0.0.53"], "search": ["lan"],
                   "upstream": {"servers": ["192.0.2.1"], "search": ["lan"]}}})
        );
    }
}
