//! Pure renderers for `tk ip`: interfaces in, text or JSON out. Nothing
//! here asks the system anything, so every format is unit-tested on
//! hand-built interfaces.

use std::io::{self, Write};
use std::net::IpAddr;

use serde_json::{Value, json};

use super::model::{Addr, Family, Iface, State};

/// An address as glibc's inet_ntop(3) writes it, which is what
/// `hostname -I` and `ip` print. Rust's `Display` agrees except for
/// IPv4-compatible IPv6 addresses, which glibc writes as `::1.2.3.4`.
pub fn fmt_ip(ip: &IpAddr) -> String {
    if let IpAddr::V6(v6) = ip {
        let s = v6.segments();
        if s[..6] == [0; 6] && s[6] != 0 {
            let [a, b, c, d] = v6.octets()[12..] else {
                unreachable!()
            };
            return format!("::{a}.{b}.{c}.{d}");
        }
    }
    ip.to_string()
}

/// The `--short` line, byte for byte what `hostname -I` prints: each
/// address followed by a space, then a newline (a lone newline when there
/// is none).
pub fn short(out: &mut impl Write, addrs: &[IpAddr]) -> io::Result<()> {
    for ip in addrs {
        write!(out, "{} ", fmt_ip(ip))?;
    }
    writeln!(out)
}

/// The answer to `tk ip IFACE` or `tk ip --primary`: the address alone.
pub fn single(out: &mut impl Write, ip: &IpAddr) -> io::Result<()> {
    writeln!(out, "{}", fmt_ip(ip))
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Up => "up",
        State::NoCarrier => "no-carrier",
        State::Down => "down",
    }
}

fn fmt_mac(mac: &Option<[u8; 6]>) -> Option<String> {
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

/// The table: a header line naming the host, then one line per address,
/// the interface's columns filled on its first line only.
pub fn table<'a>(
    out: &mut impl Write,
    host: &str,
    ifaces: impl Iterator<Item = &'a Iface>,
    filter: Option<Family>,
) -> io::Result<()> {
    let mut rows = vec![["IFACE", "STATE", "MAC", "MTU", "ADDRESS", "SCOPE"].map(String::from)];
    for iface in ifaces {
        let mut cells = [
            iface.name.clone(),
            state_name(iface.state()).to_string(),
            fmt_mac(&iface.mac).unwrap_or_else(|| "-".into()),
            iface.mtu.map_or_else(|| "-".into(), |m| m.to_string()),
        ];
        let addrs: Vec<&Addr> = iface
            .addrs
            .iter()
            .filter(|a| a.family().allowed_by(filter))
            .collect();
        if addrs.is_empty() {
            let [a, b, c, d] = std::mem::take(&mut cells);
            rows.push([a, b, c, d, "-".into(), String::new()]);
        }
        for addr in addrs {
            let [a, b, c, d] = std::mem::take(&mut cells);
            let ip = format!("{}/{}", fmt_ip(&addr.ip), addr.prefix);
            rows.push([a, b, c, d, ip, fmt_scope(addr)]);
        }
    }
    writeln!(out, "host: {host}")?;
    write_columns(out, &rows)
}

fn write_columns(out: &mut impl Write, rows: &[[String; 6]]) -> io::Result<()> {
    let mut widths = [0usize; 6];
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

fn json_ip(ip: &Option<IpAddr>) -> Value {
    ip.as_ref()
        .map_or(Value::Null, |ip| Value::from(fmt_ip(ip)))
}

fn json_iface(iface: &Iface, filter: Option<Family>) -> Value {
    let addrs: Vec<Value> = iface
        .addrs
        .iter()
        .filter(|a| a.family().allowed_by(filter))
        .map(|a| {
            json!({
                "ip": fmt_ip(&a.ip),
                "prefix": a.prefix,
                "family": a.family().name().to_lowercase(),
                "scope": a.scope.to_string(),
            })
        })
        .collect();
    json!({
        "name": iface.name,
        "index": iface.index,
        "up": iface.up,
        "loopback": iface.loopback,
        "mac": fmt_mac(&iface.mac),
        "mtu": iface.mtu,
        "addrs": addrs,
    })
}

/// `--json` for the table: every shown interface and the primary address.
pub fn json_table<'a>(
    host: &str,
    ifaces: impl Iterator<Item = &'a Iface>,
    filter: Option<Family>,
    primary: Option<IpAddr>,
) -> Value {
    let list: Vec<Value> = ifaces.map(|i| json_iface(i, filter)).collect();
    json!({"hostname": host, "interfaces": list, "primary": json_ip(&primary)})
}

/// `--short --json`: the `hostname -I` addresses as an array.
pub fn json_short(host: &str, addrs: &[IpAddr]) -> Value {
    let list: Vec<String> = addrs.iter().map(fmt_ip).collect();
    json!({"hostname": host, "addresses": list})
}

/// `IFACE --json`.
pub fn json_iface_addr(host: &str, iface: &str, ip: &IpAddr) -> Value {
    json!({"hostname": host, "interface": iface, "address": fmt_ip(ip)})
}

/// `--primary --json`.
pub fn json_primary(host: &str, ip: &IpAddr) -> Value {
    json!({"hostname": host, "primary": fmt_ip(ip)})
}

/// Pretty JSON and a final newline.
pub fn write_json(out: &mut impl Write, value: &Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ip::model::tests::{host, iface};
    use crate::ip::model::{short_addrs, shown};

    fn text(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut buf = Vec::new();
        f(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn fmt_ip_matches_glibc_inet_ntop() {
        for (input, want) in [
            ("::1.2.3.4", "::1.2.3.4"),
            ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
            ("::2", "::2"),
            ("::0.0.1.2", "::102"),
            ("64:ff9b::1.2.3.4", "64:ff9b::102:304"),
            ("1:0:0:1:0:0:0:1", "1:0:0:1::1"),
            ("fe80::fc:ff:fe00:1", "fe80::fc:ff:fe00:1"),
            ("192.0.2.1", "192.0.2.1"),
        ] {
            assert_eq!(fmt_ip(&input.parse().unwrap()), want, "{input}");
        }
    }

    #[test]
    fn short_line_is_hostname_dash_i_bytes() {
        let addrs = short_addrs(&host(), None);
        let got = text(|o| short(o, &addrs));
        assert_eq!(
            got,
            "192.0.2.2 192.0.2.9 203.0.113.5 fd00::2 2001:db8::5 \n"
        );
        assert_eq!(text(|o| short(o, &[])), "\n");
    }

    #[test]
    fn table_of_up_interfaces() {
        let ifaces = host();
        let got = text(|o| table(o, "box", shown(&ifaces, false), None));
        let want = "\
host: box
IFACE  STATE  MAC                MTU   ADDRESS         SCOPE
eth0   up     02:00:00:00:00:02  1500  192.0.2.2/24    global
                                       192.0.2.9/24    global
                                       fd00::2/64      global
                                       fe80::1/64      link (IPv6 link-local)
eth2   up     02:00:00:00:00:04  1500  203.0.113.5/25  global
                                       2001:db8::5/64  global
";
        assert_eq!(got, want);
    }

    #[test]
    fn table_all_ipv4_shows_down_loopback_and_empty_interfaces() {
        let mut ifaces = host();
        ifaces.push(iface("dummy0", 5, false, &[]));
        ifaces[1].running = false;
        ifaces[1].mtu = None;
        let got = text(|o| table(o, "box", shown(&ifaces, true), Some(Family::V4)));
        let want = "\
host: box
IFACE   STATE       MAC                MTU    ADDRESS          SCOPE
lo      up          -                  65536  127.0.0.1/8      host
eth0    no-carrier  02:00:00:00:00:02  -      192.0.2.2/24     global
                                              192.0.2.9/24     global
eth1    down        02:00:00:00:00:03  1500   198.51.100.1/24  global
eth2    up          02:00:00:00:00:04  1500   203.0.113.5/25   global
dummy0  down        02:00:00:00:00:05  1500   -
";
        assert_eq!(got, want);
    }

    #[test]
    fn json_table_follows_the_schema() {
        let ifaces = host();
        let primary = "192.0.2.2".parse().ok();
        let value = json_table("box", shown(&ifaces, false), Some(Family::V6), primary);
        let want = json!({
            "hostname": "box",
            "interfaces": [
                {"name": "eth0", "index": 2, "up": true, "loopback": false,
                 "mac": "02:00:00:00:00:02", "mtu": 1500, "addrs": [
                    {"ip": "fd00::2", "prefix": 64, "family": "ipv6", "scope": "global"},
                    {"ip": "fe80::1", "prefix": 64, "family": "ipv6", "scope": "link"}]},
                {"name": "eth2", "index": 4, "up": true, "loopback": false,
                 "mac": "02:00:00:00:00:04", "mtu": 1500, "addrs": [
                    {"ip": "2001:db8::5", "prefix": 64, "family": "ipv6", "scope": "global"}]},
            ],
            "primary": "192.0.2.2",
        });
        assert_eq!(value, want);
        let lo = json_table("box", shown(&ifaces[..1], true), None, None);
        assert_eq!(lo["interfaces"][0]["mac"], Value::Null);
        assert_eq!(lo["interfaces"][0]["loopback"], true);
        assert_eq!(lo["primary"], Value::Null);
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
    }

    #[test]
    fn single_address_line() {
        let ip: IpAddr = "::1.2.3.4".parse().unwrap();
        assert_eq!(text(|o| single(o, &ip)), "::1.2.3.4\n");
    }
}
