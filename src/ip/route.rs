//! The primary address: the source address the kernel picks for traffic
//! toward the default route, which is what `ip route get` reports.
//!
//! Connecting a UDP socket runs the kernel's route lookup and source
//! address selection (RFC 6724 for IPv6) without sending a packet; the
//! socket's local address is then the answer. With no route the connect
//! fails with ENETUNREACH. This works the same on Linux and macOS and needs
//! no netlink code.

use std::io;
use std::net::{IpAddr, SocketAddr, UdpSocket};

use super::model::Family;

/// Public addresses used only as route-lookup targets: nothing is sent.
pub const PROBE_V4: &str = "8.8.8.8";
pub const PROBE_V6: &str = "2001:4860:4860::8888";

/// The primary address of one family, or None when that family has no
/// route toward the probe address (no default route).
pub fn primary_of(family: Family) -> io::Result<Option<IpAddr>> {
    let (bind, probe) = match family {
        Family::V4 => ("0.0.0.0:0", PROBE_V4),
        Family::V6 => ("[::]:0", PROBE_V6),
    };
    let socket = match UdpSocket::bind(bind) {
        Ok(s) => s,
        // No IPv6 in this kernel or namespace: no IPv6 route either.
        Err(e) if is_no_family(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    let probe: IpAddr = probe.parse().expect("probe address literal");
    match socket.connect(SocketAddr::new(probe, 53)) {
        Ok(()) => Ok(Some(socket.local_addr()?.ip())),
        Err(e) if is_unreachable(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// IPv4 when it has a route, else IPv6; `filter` keeps one family only.
pub fn primary(filter: Option<Family>) -> io::Result<Option<IpAddr>> {
    for family in [Family::V4, Family::V6] {
        if family.allowed_by(filter) {
            if let Some(ip) = primary_of(family)? {
                return Ok(Some(ip));
            }
        }
    }
    Ok(None)
}

fn is_unreachable(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::ENETUNREACH | libc::EHOSTUNREACH | libc::EADDRNOTAVAIL)
    )
}

fn is_no_family(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EAFNOSUPPORT | libc::EADDRNOTAVAIL)
    )
}
