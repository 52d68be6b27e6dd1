//! Pure renderers for `tk ip`: interfaces, gateways and DNS in, text or
//! JSON out. Nothing here asks the system anything, so every format is
//! unit-tested on hand-built values. The table is in `table`, the JSON
//! documents in `json`; the one-answer forms are here.

mod fmt;
mod json;
mod table;

use std::io::{self, Write};
use std::net::IpAddr;

pub(super) use fmt::fmt_ip;
pub(super) use json::{
    json_dns, json_gateway, json_iface_addr, json_primary, json_short, json_table,
};
pub(super) use table::table;

use super::model::Family;
use super::resolv::{Dns, is_stub};

/// The `--short` line, byte for byte what `hostname -I` prints: each
/// address followed by a space, then a newline (a lone newline when there
/// is none).
pub(super) fn short(out: &mut impl Write, addrs: &[IpAddr]) -> io::Result<()> {
    for ip in addrs {
        write!(out, "{} ", fmt_ip(ip))?;
    }
    writeln!(out)
}

/// The answer to `tk ip IFACE`, `--primary` or `--gateway`: the address
/// alone.
pub(super) fn single(out: &mut impl Write, ip: &IpAddr) -> io::Result<()> {
    writeln!(out, "{}", fmt_ip(ip))
}

/// `--dns`: one server a line, /etc/resolv.conf's first. Where that file
/// points at systemd-resolved, the stub and the upstream servers (which
/// resolved asks) say which they are after the address.
pub(super) fn dns(out: &mut impl Write, dns: &Dns, filter: Option<Family>) -> io::Result<()> {
    let Some(upstream) = &dns.upstream else {
        for server in dns.conf.servers_of(filter) {
            writeln!(out, "{server}")?;
        }
        return Ok(());
    };
    for server in dns.conf.servers_of(filter) {
        if is_stub(server) {
            writeln!(out, "{server} (systemd-resolved stub)")?;
        } else {
            writeln!(out, "{server}")?;
        }
    }
    for server in upstream.servers_of(filter) {
        writeln!(out, "{server} (systemd-resolved upstream)")?;
    }
    Ok(())
}

/// Pretty JSON and a final newline.
pub(super) fn write_json(out: &mut impl Write, value: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::fmt::fmt_lifetime;
    use super::*;
    use crate::ip::model::tests::host;
    use crate::ip::model::{Lifetime, short_addrs};
    use crate::ip::resolv::parse;

    pub(crate) fn text(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut buf = Vec::new();
        f(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    /// A plain resolv.conf, and one that points at systemd-resolved.
    pub(crate) fn plain_dns() -> Dns {
        Dns {
            conf: parse("nameserver 192.0.2.53\nnameserver fd00::53\nsearch example.com lan\n"),
            upstream: None,
        }
    }

    pub(crate) fn stub_dns() -> Dns {
        Dns {
            conf: parse("nameserver 127.0.0.53\nsearch lan\n"),
            upstream: Some(parse(
                "nameserver 192.0.2.1\nnameserver fd00::1\nsearch lan\n",
            )),
        }
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
    fn single_address_line() {
        let ip: IpAddr = "::1.2.3.4".parse().unwrap();
        assert_eq!(text(|o| single(o, &ip)), "::1.2.3.4\n");
    }

    #[test]
    fn dns_one_server_a_line_and_the_stub_case_says_which_is_which() {
        assert_eq!(
            text(|o| dns(o, &plain_dns(), None)),
            "192.0.2.53\nfd00::53\n"
        );
        assert_eq!(
            text(|o| dns(o, &plain_dns(), Some(Family::V6))),
            "fd00::53\n"
        );
        assert_eq!(
            text(|o| dns(o, &stub_dns(), None)),
            "127.0.0.53 (systemd-resolved stub)\n\
             192.0.2.1 (systemd-resolved upstream)\n\
             fd00::1 (systemd-resolved upstream)\n"
        );
        assert_eq!(
            text(|o| dns(o, &stub_dns(), Some(Family::V6))),
            "fd00::1 (systemd-resolved upstream)\n"
        );
        assert_eq!(text(|o| dns(o, &Dns::default(), None)), "");
    }

    #[test]
    fn lifetimes_in_two_units() {
        let f = |n| fmt_lifetime(Lifetime::Seconds(n));
        assert_eq!(f(0), "0s");
        assert_eq!(f(59), "59s");
        assert_eq!(f(299), "4m59s");
        assert_eq!(f(3600), "1h0m");
        assert_eq!(f(86399), "23h59m");
        assert_eq!(f(604799), "6d23h");
        assert_eq!(fmt_lifetime(Lifetime::Forever), "forever");
    }
}
