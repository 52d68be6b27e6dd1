//! The route toward the internet, as `ip route get` reports it: the
//! primary address (the source address the kernel picks) and the gateway
//! (the next hop of the route it picks), IPv4 first.
//!
//! For the primary address, connecting a UDP socket runs the kernel's
//! route lookup and source address selection (RFC 6724 for IPv6) without
//! sending a packet; the socket's local address is then the answer. With
//! no route the connect fails with ENETUNREACH. The gateway is the
//! kernel's answer to a route lookup (RTM_GETROUTE) toward the same
//! address, which is what `ip route get` sends.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

use super::model::Family;
use super::netlink::{self, RouteTo};

/// Public addresses used only as route-lookup targets: nothing is sent.
pub(super) const PROBE_V4: Ipv4Addr = Ipv4Addr::new(8, 8, 8, 8);
pub(super) const PROBE_V6: Ipv6Addr = Ipv6Addr::new(0x2001, 0x4860, 0x4860, 0, 0, 0, 0, 0x8888);

fn probe(family: Family) -> IpAddr {
    match family {
        Family::V4 => IpAddr::V4(PROBE_V4),
        Family::V6 => IpAddr::V6(PROBE_V6),
    }
}

/// The primary address of one family, or None when that family has no
/// route toward the probe address (no default route).
pub(super) fn primary_of(family: Family) -> io::Result<Option<IpAddr>> {
    let bind = match family {
        Family::V4 => "0.0.0.0:0",
        Family::V6 => "[::]:0",
    };
    let socket = match UdpSocket::bind(bind) {
        Ok(s) => s,
        // No IPv6 in this kernel or namespace: no IPv6 route either.
        Err(e) if is_no_family(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    match socket.connect(SocketAddr::new(probe(family), 53)) {
        Ok(()) => Ok(Some(socket.local_addr()?.ip())),
        Err(e) if is_unreachable(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// IPv4 when it has a route, else IPv6; `filter` keeps one family only.
pub(super) fn primary(filter: Option<Family>) -> io::Result<Option<IpAddr>> {
    for family in [Family::V4, Family::V6] {
        if family.allowed_by(filter) {
            if let Some(ip) = primary_of(family)? {
                return Ok(Some(ip));
            }
        }
    }
    Ok(None)
}

/// The route the kernel picks toward the internet: IPv4 when it has one,
/// else IPv6; `filter` keeps one family only. None when neither has one.
pub(super) fn default_route(filter: Option<Family>) -> io::Result<Option<(Family, RouteTo)>> {
    for family in [Family::V4, Family::V6] {
        if family.allowed_by(filter) {
            if let Some(route) = netlink::route_to(probe(family))? {
                return Ok(Some((family, route)));
            }
        }
    }
    Ok(None)
}

/// No usable route, as a route lookup says it (`netlink::is_no_route`:
/// none, `unreachable`, `prohibit`, `blackhole`), or no source address.
fn is_unreachable(e: &io::Error) -> bool {
    netlink::is_no_route(e) || e.raw_os_error() == Some(libc::EADDRNOTAVAIL)
}

fn is_no_family(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EAFNOSUPPORT | libc::EADDRNOTAVAIL)
    )
}
