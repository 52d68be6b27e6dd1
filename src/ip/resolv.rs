//! The DNS servers and search domains this host's programs use, from
//! /etc/resolv.conf, read as glibc's resolver reads it (resolv.conf(5)).
//!
//! When that file names systemd-resolved's local stub (127.0.0.53, or
//! 127.0.0.54 for its proxy stub), every query goes through resolved, and
//! the servers it asks are in /run/systemd/resolve/resolv.conf, which
//! resolved writes for exactly this: those are read too, as the upstream
//! servers, kept apart from the stub. A file that cannot be read is an
//! empty list and a warning, never a failure.

use std::io;
use std::net::{IpAddr, Ipv6Addr};
use std::path::Path;

use super::model::Family;

/// The resolver configuration programs read.
pub(super) const RESOLV_CONF: &str = "/etc/resolv.conf";
/// systemd-resolved's list of the servers it forwards to.
pub(super) const RESOLVED_UPSTREAM: &str = "/run/systemd/resolve/resolv.conf";
/// systemd-resolved's stub listeners.
const STUBS: [IpAddr; 2] = [
    IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 53)),
    IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 54)),
];

/// What one resolv.conf file says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Resolv {
    /// `nameserver` addresses in file order, as written (an IPv6 one may
    /// carry a `%interface` zone).
    pub servers: Vec<String>,
    /// The `search` (or `domain`) list; the last such line wins.
    pub search: Vec<String>,
}

impl Resolv {
    /// The servers of one family, or all of them.
    pub(super) fn servers_of(&self, filter: Option<Family>) -> impl Iterator<Item = &str> {
        let family = |s: &str| {
            if s.contains(':') {
                Family::V6
            } else {
                Family::V4
            }
        };
        self.servers
            .iter()
            .map(String::as_str)
            .filter(move |s| family(s).allowed_by(filter))
    }

    /// True when a server is systemd-resolved's stub.
    fn points_at_stub(&self) -> bool {
        self.servers.iter().any(|s| is_stub(s))
    }
}

/// True for systemd-resolved's stub addresses.
pub(super) fn is_stub(server: &str) -> bool {
    server.parse().is_ok_and(|ip: IpAddr| STUBS.contains(&ip))
}

/// The host's DNS configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Dns {
    /// /etc/resolv.conf.
    pub conf: Resolv,
    /// systemd-resolved's upstream servers, when /etc/resolv.conf points
    /// at its stub; None otherwise.
    pub upstream: Option<Resolv>,
}

/// Read /etc/resolv.conf, and resolved's upstream list when it points at
/// the stub. The second value holds one warning per file that could not
/// be read.
pub(super) fn read() -> (Dns, Vec<String>) {
    read_from(Path::new(RESOLV_CONF), Path::new(RESOLVED_UPSTREAM))
}

fn read_from(conf_path: &Path, upstream_path: &Path) -> (Dns, Vec<String>) {
    let mut warnings = Vec::new();
    let mut read_one = |path: &Path, why: &str| match std::fs::read(path) {
        Ok(bytes) => parse(&String::from_utf8_lossy(&bytes)),
        Err(err) => {
            warnings.push(unreadable(path, &err, why));
            Resolv::default()
        }
    };
    let conf = read_one(conf_path, "no DNS servers to show");
    let upstream = conf.points_at_stub().then(|| {
        read_one(
            upstream_path,
            "it lists systemd-resolved's upstream servers, so none are shown",
        )
    });
    (Dns { conf, upstream }, warnings)
}

fn unreadable(path: &Path, err: &io::Error, why: &str) -> String {
    let err = crate::out::strerror(err);
    format!("cannot read {}: {err}; {why}", path.display())
}

/// The lines glibc's resolver reads: `nameserver ADDR`, `search DOMAIN...`
/// and `domain DOMAIN` (the last search or domain line wins). A line
/// starting with `#` or `;` is a comment; other keywords (`options`,
/// `sortlist`) and addresses that are not IP addresses are left out, as
/// the resolver leaves them out.
pub(super) fn parse(text: &str) -> Resolv {
    let mut found = Resolv::default();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match words.next() {
            Some("nameserver") => {
                if let Some(server) = words.next().filter(|w| is_server(w)) {
                    found.servers.push(server.to_string());
                }
            }
            Some("search") => found.search = words.map(String::from).collect(),
            Some("domain") => found.search = words.take(1).map(String::from).collect(),
            _ => {}
        }
    }
    found
}

/// An IPv4 or IPv6 address, the latter with an optional `%zone`.
fn is_server(word: &str) -> bool {
    if word.parse::<IpAddr>().is_ok() {
        return true;
    }
    word.split_once('%')
        .is_some_and(|(ip, zone)| !zone.is_empty() && ip.parse::<Ipv6Addr>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nameservers_search_and_comments() {
        let got = parse(
            "# generated\n; also a comment\nnameserver 192.0.2.53\n\
             nameserver\tfd00::53\nnameserver fe80::1%eth0\nnameserver bogus\n\
             nameserver 300.1.1.1\noptions edns0 trust-ad\ndomain old.example\n\
             search example.com lan\n#nameserver 192.0.2.99\n nameserver 192.0.2.54\n",
        );
        assert_eq!(
            got.servers,
            ["192.0.2.53", "fd00::53", "fe80::1%eth0", "192.0.2.54"]
        );
        assert_eq!(got.search, ["example.com", "lan"]);
        let v4: Vec<&str> = got.servers_of(Some(Family::V4)).collect();
        assert_eq!(v4, ["192.0.2.53", "192.0.2.54"]);
        let v6: Vec<&str> = got.servers_of(Some(Family::V6)).collect();
        assert_eq!(v6, ["fd00::53", "fe80::1%eth0"]);
    }

    #[test]
    fn the_last_search_or_domain_line_wins() {
        assert_eq!(parse("search a b\ndomain c d\n").search, ["c"]);
        assert_eq!(parse("domain c\nsearch a b\n").search, ["a", "b"]);
        assert_eq!(parse(""), Resolv::default());
    }

    #[test]
    fn the_stub_addresses() {
        assert!(parse("nameserver 127.0.0.53\n").points_at_stub());
        assert!(parse("nameserver 127.0.0.54\n").points_at_stub());
        assert!(!parse("nameserver 127.0.0.1\n").points_at_stub());
    }

    #[test]
    fn files_stub_upstream_and_missing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let conf = dir.path().join("resolv.conf");
        let upstream = dir.path().join("upstream.conf");
        let missing = dir.path().join("missing");

        std::fs::write(&conf, "nameserver 192.0.2.1\nsearch lan\n").unwrap();
        let (dns, warnings) = read_from(&conf, &missing);
        assert_eq!(dns.conf.servers, ["192.0.2.1"]);
        assert_eq!(dns.upstream, None);
        assert!(warnings.is_empty());

        std::fs::write(&conf, "nameserver 127.0.0.53\nsearch lan\n").unwrap();
        std::fs::write(&upstream, "nameserver 192.0.2.7\nnameserver fd00::7\n").unwrap();
        let (dns, warnings) = read_from(&conf, &upstream);
        assert_eq!(dns.conf.servers, ["127.0.0.53"]);
        assert_eq!(dns.upstream.unwrap().servers, ["192.0.2.7", "fd00::7"]);
        assert!(warnings.is_empty());

        let (dns, warnings) = read_from(&conf, &missing);
        assert_eq!(dns.upstream, Some(Resolv::default()));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("No such file or directory"),
            "{warnings:?}"
        );

        let (dns, warnings) = read_from(&missing, &upstream);
        assert_eq!(dns, Dns::default());
        assert_eq!(
            warnings,
            [format!(
                "cannot read {}: No such file or directory; no DNS servers to show",
                missing.display()
            )]
        );
    }
}
