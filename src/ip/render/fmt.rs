//! One address or one lifetime as text, the way `ip` and `hostname -I`
//! write them; the table and the JSON documents both use these.

use std::net::IpAddr;

use crate::ip::model::Lifetime;

/// An address as glibc's inet_ntop(3) writes it, which is what
/// `hostname -I` and `ip` print. Rust's `Display` agrees except for
/// IPv4-compatible IPv6 addresses, which glibc writes as `::1.2.3.4`.
pub(crate) fn fmt_ip(ip: &IpAddr) -> String {
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

/// Seconds left, in the largest two units: `45s`, `4m59s`, `23h59m`,
/// `6d23h`.
pub(super) fn fmt_lifetime(lifetime: Lifetime) -> String {
    let Lifetime::Seconds(n) = lifetime else {
        return "forever".into();
    };
    let (d, h, m, s) = (n / 86400, n / 3600 % 24, n / 60 % 60, n % 60);
    match n {
        0..60 => format!("{s}s"),
        60..3600 => format!("{m}m{s}s"),
        3600..86400 => format!("{h}h{m}m"),
        _ => format!("{d}d{h}h"),
    }
}
