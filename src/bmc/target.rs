//! A BMC to ask over the network: one name from `--host`, a host list or
//! a hosts file, as the user wrote it (`bmc01`, `127.0.0.1:6230`), split
//! into the address and, when it carries one, the port.

/// One remote BMC. A fleet holds one per host, so the address is kept
/// as a part of the name rather than a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The name as given: what output rows are labelled with.
    pub name: String,
    /// How much of `name` is the address (before `:port`).
    host_len: usize,
    /// The port after `host:`, if any; else the caller's default (--port).
    pub port: Option<u16>,
}

impl Target {
    /// `host`, `host:port`, or an IPv6 address (more than one `:`), which
    /// is taken whole: its port comes from `--port`.
    pub(crate) fn parse(name: impl Into<String>) -> Result<Target, String> {
        let name = name.into();
        let (host, port) = match name.split_once(':') {
            Some((host, port)) if !port.contains(':') => (host, Some(port)),
            _ => (name.as_str(), None),
        };
        if host.is_empty() {
            return Err(format!("'{name}' has no host name"));
        }
        let port = match port {
            None => None,
            Some(text) => match text.parse::<u16>() {
                Ok(p) if p > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Some(p),
                _ => return Err(format!("'{text}' in '{name}' is not a port (1 to 65535)")),
            },
        };
        Ok(Target {
            host_len: host.len(),
            name,
            port,
        })
    }

    /// The address or host name handed to the client (ipmitool -H).
    pub(crate) fn host(&self) -> &str {
        &self.name[..self.host_len]
    }

    /// The port to use: this target's own, else `default`.
    pub(crate) fn port_or(&self, default: u16) -> u16 {
        self.port.unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_ports_and_ipv6() {
        let t = Target::parse("bmc01").unwrap();
        assert_eq!((t.host(), t.port), ("bmc01", None));
        assert_eq!(t.port_or(623), 623);
        let t = Target::parse("127.0.0.1:6230").unwrap();
        assert_eq!(
            (t.host(), t.port, t.name.as_str()),
            ("127.0.0.1", Some(6230), "127.0.0.1:6230")
        );
        assert_eq!(t.port_or(623), 6230);
        let t = Target::parse("fe80::1").unwrap();
        assert_eq!((t.host(), t.port), ("fe80::1", None));
        for bad in ["h:", "h:0", "h:65536", "h:x", "h:+1", ":623"] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Target::parse("h:99999").unwrap_err(),
            "'99999' in 'h:99999' is not a port (1 to 65535)"
        );
    }
}
