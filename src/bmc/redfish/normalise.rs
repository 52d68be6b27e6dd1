//! Real BMCs' values made uniform, pure functions: MACs with dashes or
//! in upper case, IPv6 addresses in any spelling, address origins in
//! Redfish's words. A placeholder (`""`, `0.0.0.0`, `::`, an all-zero
//! MAC) is no value at all.

use std::net::{Ipv4Addr, Ipv6Addr};

/// `A4-BF-01-28-90-AC`, `a4:bf:01:28:90:ac`, `a4bf.0128.90ac` or
/// `A4BF012890AC` -> `a4:bf:01:28:90:ac`; None for anything else or an
/// all-zero MAC.
pub(crate) fn mac(value: &str) -> Option<String> {
    let value = value.trim();
    let hex: String = if value.contains([':', '-']) {
        let octets: Vec<&str> = value.split([':', '-']).collect();
        if octets.len() != 6 || octets.iter().any(|o| o.len() != 2) {
            return None;
        }
        octets.concat()
    } else {
        value.replace('.', "")
    };
    let ok = hex.len() == 12 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    if !ok || hex.bytes().all(|b| b == b'0') {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    let octets: Vec<&str> = (0..6).map(|i| &hex[2 * i..2 * i + 2]).collect();
    Some(octets.join(":"))
}

/// A dotted IPv4 address; None for `0.0.0.0`, empty or malformed text.
pub(crate) fn ipv4(value: &str) -> Option<Ipv4Addr> {
    value
        .trim()
        .parse::<Ipv4Addr>()
        .ok()
        .filter(|a| !a.is_unspecified())
}

/// An address a BMC can be reached at: not 169.254/16 (link-local).
pub(crate) fn routable_ipv4(addr: Ipv4Addr) -> bool {
    !addr.is_link_local()
}

/// An IPv6 address in any spelling (upper case, uncompressed, in
/// brackets, with a `%zone` or a `/prefix`), lower case and compressed,
/// with the prefix when the text carried one. None for `::` and junk.
pub(crate) fn ipv6(value: &str) -> Option<(String, Option<u8>)> {
    let value = value.trim();
    let value = value
        .strip_prefix('[')
        .and_then(|v| v.strip_suffix(']'))
        .unwrap_or(value);
    let (addr, prefix) = match value.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix.parse::<u8>().ok().filter(|p| *p <= 128)?)),
        None => (value, None),
    };
    let addr = addr.split_once('%').map_or(addr, |(a, _zone)| a);
    let addr: Ipv6Addr = addr.parse().ok()?;
    (!addr.is_unspecified()).then(|| (addr.to_string(), prefix))
}

/// Redfish's `AddressOrigin` in tk's lower-case words: `static`, `dhcp`,
/// `bootp`, `linklocal` (IPv4LinkLocal and IPv6's LinkLocal), `dhcpv6`,
/// `slaac`; any other word lower-cased.
pub(crate) fn origin(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let word = match v.to_ascii_lowercase().as_str() {
        "ipv4linklocal" | "linklocal" => "linklocal".to_string(),
        other => other.to_string(),
    };
    Some(word)
}

/// A name server: an address normalised, a name as it is; None for a
/// placeholder.
pub(crate) fn name_server(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v == "0.0.0.0" || v == "::" {
        return None;
    }
    if let Ok(addr) = v.parse::<Ipv4Addr>() {
        return (!addr.is_unspecified()).then(|| addr.to_string());
    }
    match ipv6(v) {
        Some((addr, _)) => Some(addr),
        None if v.parse::<Ipv6Addr>().is_ok() => None,
        None => Some(v.to_string()),
    }
}

/// Text that says something: trimmed, None when empty.
pub(crate) fn text(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs() {
        for (given, want) in [
            ("A4-BF-01-28-90-AC", Some("a4:bf:01:28:90:ac")),
            ("a4:bf:01:28:90:ac", Some("a4:bf:01:28:90:ac")),
            (" A4:BF:01:28:90:AC ", Some("a4:bf:01:28:90:ac")),
            ("a4bf.0128.90ac", Some("a4:bf:01:28:90:ac")),
            ("A4BF012890AC", Some("a4:bf:01:28:90:ac")),
            ("00:00:00:00:00:00", None),
            ("", None),
            ("a4:bf:01:28:90", None),
            ("a4:bf:01:28:90:ag", None),
            ("a4:bf:1:28:90:ac:", None),
            ("a4-bf-01-28-90-ac-00", None),
            ("é4:bf:01:28:90:ac", None),
        ] {
            assert_eq!(mac(given).as_deref(), want, "{given:?}");
        }
    }

    #[test]
    fn ipv4_placeholders_are_none() {
        assert_eq!(ipv4("10.0.0.5"), Some(Ipv4Addr::new(10, 0, 0, 5)));
        assert_eq!(ipv4(" 10.0.0.5 "), Some(Ipv4Addr::new(10, 0, 0, 5)));
        assert_eq!(ipv4("0.0.0.0"), None);
        assert_eq!(ipv4(""), None);
        assert_eq!(ipv4("010.0.0.5"), None);
        assert_eq!(ipv4("10.0.0.5/24"), None);
        assert!(!routable_ipv4(Ipv4Addr::new(169, 254, 3, 1)));
        assert!(routable_ipv4(Ipv4Addr::new(169, 255, 3, 1)));
    }

    #[test]
    fn ipv6_spellings() {
        let one = |s: &str| ipv6(s);
        assert_eq!(
            one("2001:0DB8:0000:0000:0000:0000:0000:0005"),
            Some(("2001:db8::5".into(), None))
        );
        assert_eq!(
            one("FE80::A6BF:1FF:FE28:90AC%eth0"),
            Some(("fe80::a6bf:1ff:fe28:90ac".into(), None))
        );
        assert_eq!(one("[2001:db8::5]"), Some(("2001:db8::5".into(), None)));
        assert_eq!(
            one("2001:db8::5/64"),
            Some(("2001:db8::5".into(), Some(64)))
        );
        assert_eq!(one("2001:db8::5/129"), None);
        assert_eq!(one("::"), None);
        assert_eq!(one("0:0:0:0:0:0:0:0"), None);
        assert_eq!(one(""), None);
        assert_eq!(one("10.0.0.1"), None);
    }

    #[test]
    fn origins_and_servers() {
        assert_eq!(origin("DHCP").as_deref(), Some("dhcp"));
        assert_eq!(origin("IPv4LinkLocal").as_deref(), Some("linklocal"));
        assert_eq!(origin("LinkLocal").as_deref(), Some("linklocal"));
        assert_eq!(origin("SLAAC").as_deref(), Some("slaac"));
        assert_eq!(origin("DHCPv6").as_deref(), Some("dhcpv6"));
        assert_eq!(origin("BOOTP").as_deref(), Some("bootp"));
        assert_eq!(origin(" "), None);
        assert_eq!(name_server("0.0.0.0"), None);
        assert_eq!(name_server("::"), None);
        assert_eq!(name_server("0:0::0"), None);
        assert_eq!(name_server(""), None);
        assert_eq!(name_server("2001:DB8::53").as_deref(), Some("2001:db8::53"));
        assert_eq!(name_server("10.0.0.53").as_deref(), Some("10.0.0.53"));
        assert_eq!(
            name_server("dns.example.com").as_deref(),
            Some("dns.example.com")
        );
    }
}
