//! The table `tk ip` prints: a line naming the host, one row per address
//! and per default gateway under each interface, and the DNS servers
//! under the table, which is what `ipconfig /all` answers per adapter.

use std::io::{self, Write};

use super::fmt::{fmt_ip, fmt_lifetime};
use crate::ip::model::{Addr, Family, Gateway, Iface, Lifetime, State};
use crate::ip::resolv::{Dns, is_stub};

const COLUMNS: [&str; 7] = [
    "IFACE", "STATE", "MAC", "MTU", "ADDRESS", "SCOPE", "DETAILS",
];

type Row = [String; 7];

/// The table: a header line naming the host, then one line per address
/// and per gateway, the interface's columns filled on its first line
/// only; then the DNS lines.
pub(crate) fn table<'a>(
    out: &mut impl Write,
    host: &str,
    ifaces: impl Iterator<Item = &'a Iface>,
    filter: Option<Family>,
    dns: &Dns,
) -> io::Result<()> {
    let mut rows = vec![COLUMNS.map(String::from)];
    for iface in ifaces {
        let mut cells = [
            iface.name.clone(),
            state_name(iface.state()).to_string(),
            fmt_mac(&iface.mac).unwrap_or_else(|| "-".into()),
            iface.mtu.map_or_else(|| "-".into(), |m| m.to_string()),
        ];
        let mut row = |address: String, scope: String, details: String| {
            let [a, b, c, d] = std::mem::take(&mut cells);
            [a, b, c, d, address, scope, details]
        };
        let addrs: Vec<&Addr> = iface
            .addrs
            .iter()
            .filter(|a| a.family().allowed_by(filter))
            .collect();
        if addrs.is_empty() {
            rows.push(row("-".into(), String::new(), String::new()));
        }
        for addr in addrs {
            let ip = format!("{}/{}", fmt_ip(&addr.ip), addr.prefix);
            rows.push(row(ip, fmt_scope(addr), addr_details(addr)));
        }
        for gw in iface
            .gateways
            .iter()
            .filter(|g| g.family.allowed_by(filter))
        {
            let (address, details) = gateway_cells(gw);
            rows.push(row(address, String::new(), details));
        }
    }
    writeln!(out, "host: {host}")?;
    write_columns(out, &rows)?;
    dns_lines(out, dns, filter)
}

pub(super) fn state_name(state: State) -> &'static str {
    match state {
        State::Up => "up",
        State::NoCarrier => "no-carrier",
        State::Down => "down",
    }
}

pub(super) fn fmt_mac(mac: &Option<[u8; 6]>) -> Option<String> {
    mac.map(|m| {
        let hex: Vec<String> = m.iter().map(|b| format!("{b:02x}")).collect();
        hex.join(":")
    })
}

fn fmt_scope(addr: &Addr) -> String {
    if addr.is_ipv6_link_local() {
        format!("{} (IPv6 link-local)", addr.scope)
    } else {
        addr.scope.to_string()
    }
}

/// The netmask (IPv4), the flags `ip addr` prints (`dynamic`,
/// `temporary`, `deprecated`, `dadfailed`, `tentative`) and, when not
/// forever, the lifetimes left.
fn addr_details(addr: &Addr) -> String {
    let mut parts = Vec::new();
    if let Some(mask) = addr.netmask() {
        parts.push(format!("netmask {mask}"));
    }
    let state = &addr.state;
    for (on, flag) in [
        (state.dynamic, "dynamic"),
        (state.temporary, "temporary"),
        (state.deprecated, "deprecated"),
        (state.dadfailed, "dadfailed"),
        (state.tentative, "tentative"),
    ] {
        if on {
            parts.push(flag.to_string());
        }
    }
    if state.valid != Lifetime::Forever || state.preferred != Lifetime::Forever {
        parts.push(format!("valid {}", fmt_lifetime(state.valid)));
        parts.push(format!("preferred {}", fmt_lifetime(state.preferred)));
    }
    parts.join(", ")
}

/// `gateway ADDR` and its metric; a route without a next hop says so.
fn gateway_cells(gw: &Gateway) -> (String, String) {
    let mut details = format!("metric {}", gw.metric);
    let address = match &gw.ip {
        Some(ip) => {
            if Family::of(ip) != gw.family {
                details.push_str(&format!(", for {}", gw.family.name()));
            }
            format!("gateway {}", fmt_ip(ip))
        }
        None => {
            details.push_str(", on-link: no next hop");
            format!("gateway none ({})", gw.family.name())
        }
    };
    (address, details)
}

fn write_columns(out: &mut impl Write, rows: &[Row]) -> io::Result<()> {
    let mut widths = [0usize; 7];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(&format!("{cell:<width$}", width = widths[i]));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// `dns: SERVERS` (or `none`), with systemd-resolved's stub marked and its
/// upstream servers on a `dns upstream:` line, then `search: DOMAINS`.
fn dns_lines(out: &mut impl Write, dns: &Dns, filter: Option<Family>) -> io::Result<()> {
    let servers: Vec<String> = dns
        .conf
        .servers_of(filter)
        .map(|s| match is_stub(s) {
            true => format!("{s} (systemd-resolved stub)"),
            false => s.to_string(),
        })
        .collect();
    writeln!(out, "dns: {}", or_none(&servers))?;
    if let Some(upstream) = &dns.upstream {
        let servers: Vec<String> = upstream.servers_of(filter).map(String::from).collect();
        writeln!(out, "dns upstream: {}", or_none(&servers))?;
    }
    if !dns.conf.search.is_empty() {
        writeln!(out, "search: {}", dns.conf.search.join(" "))?;
    }
    Ok(())
}

fn or_none(list: &[String]) -> String {
    if list.is_empty() {
        "none".into()
    } else {
        list.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{plain_dns, stub_dns, text};
    use super::*;
    use crate::ip::model::tests::{host, iface};
    use crate::ip::model::{AddrState, shown};

    fn gw(ip: &str, family: Family, metric: u32) -> Gateway {
        Gateway {
            ip: ip.parse().ok(),
            family,
            metric,
        }
    }

    #[test]
    fn table_of_up_interfaces_with_gateways_and_dns() {
        let mut ifaces = host();
        ifaces[1].gateways = vec![
            gw("192.0.2.1", Family::V4, 100),
            gw("fe80::1", Family::V6, 1024),
        ];
        ifaces[1].addrs[1].state = AddrState {
            dynamic: true,
            valid: Lifetime::Seconds(86399),
            preferred: Lifetime::Seconds(299),
            ..AddrState::default()
        };
        ifaces[1].addrs[2].state = AddrState {
            dynamic: true,
            temporary: true,
            deprecated: true,
            tentative: true,
            dadfailed: true,
            valid: Lifetime::Seconds(600),
            preferred: Lifetime::Seconds(0),
        };
        ifaces[3].gateways = vec![gw("", Family::V4, 0)];
        let got = text(|o| table(o, "box", shown(&ifaces, false), None, &plain_dns()));
        let want = "\
host: box
IFACE  STATE  MAC                MTU   ADDRESS              SCOPE                   DETAILS
eth0   up     02:00:00:00:00:02  1500  192.0.2.2/24         global                  netmask 255.255.255.0
                                       192.0.2.9/24         global                  netmask 255.255.255.0, dynamic, valid 23h59m, preferred 4m59s
                                       fd00::2/64           global                  dynamic, temporary, deprecated, dadfailed, tentative, valid 10m0s, preferred 0s
                                       fe80::1/64           link (IPv6 link-local)
                                       gateway 192.0.2.1                            metric 100
                                       gateway fe80::1                              metric 1024
eth2   up     02:00:00:00:00:04  1500  203.0.113.5/25       global                  netmask 255.255.255.128
                                       2001:db8::5/64       global
                                       gateway none (IPv4)                          metric 0, on-link: no next hop
dns: 192.0.2.53 fd00::53
search: example.com lan
";
        assert_eq!(got, want);
    }

    #[test]
    fn table_all_ipv4_shows_down_loopback_and_empty_interfaces() {
        let mut ifaces = host();
        ifaces.push(iface("dummy0", 5, false, &[]));
        ifaces[1].running = false;
        ifaces[1].mtu = None;
        ifaces[1].gateways = vec![gw("fe80::1", Family::V6, 1024)];
        ifaces[4].gateways = vec![gw("198.51.100.9", Family::V4, 5)];
        let dns = Dns::default();
        let got = text(|o| table(o, "box", shown(&ifaces, true), Some(Family::V4), &dns));
        let want = "\
host: box
IFACE   STATE       MAC                MTU    ADDRESS               SCOPE   DETAILS
lo      up          -                  65536  127.0.0.1/8           host    netmask 255.0.0.0
eth0    no-carrier  02:00:00:00:00:02  -      192.0.2.2/24          global  netmask 255.255.255.0
                                              192.0.2.9/24          global  netmask 255.255.255.0
eth1    down        02:00:00:00:00:03  1500   198.51.100.1/24       global  netmask 255.255.255.0
eth2    up          02:00:00:00:00:04  1500   203.0.113.5/25        global  netmask 255.255.255.128
dummy0  down        02:00:00:00:00:05  1500   -
                                              gateway 198.51.100.9          metric 5
dns: none
";
        assert_eq!(got, want);
    }

    #[test]
    fn an_ipv6_next_hop_of_an_ipv4_route_names_the_family() {
        let (address, details) = gateway_cells(&gw("fe80::9", Family::V4, 0));
        assert_eq!(address, "gateway fe80::9");
        assert_eq!(details, "metric 0, for IPv4");
    }

    #[test]
    fn dns_lines_mark_the_stub_and_its_upstream() {
        let got = text(|o| dns_lines(o, &stub_dns(), None));
        assert_eq!(
            got,
            "dns: 127.0.0.53 (systemd-resolved stub)\n\
             dns upstream: 192.0.2.1 fd00::1\nsearch: lan\n"
        );
        let got = text(|o| dns_lines(o, &stub_dns(), Some(Family::V6)));
        assert_eq!(got, "dns: none\ndns upstream: fd00::1\nsearch: lan\n");
    }
}
