//! Routes from the kernel: the default routes of the main table (a dump,
//! as `ip route show default` asks for it), and the route the kernel picks
//! toward one address (a lookup, what `ip route get ADDR` asks).

use std::io;
use std::net::IpAddr;

use super::addr::ip_from;
use super::wire::{Answer, attr, attrs, request, u16_at, u32_at};
use crate::ip::model::{Family, Gateway};

const RTM_NEWROUTE: u16 = 24;
const RTM_GETROUTE: u16 = 26;
const RTMSG: usize = 12;
const RTNEXTHOP: usize = 8;
const RTA_DST: u16 = 1;
const RTA_OIF: u16 = 4;
const RTA_GATEWAY: u16 = 5;
const RTA_PRIORITY: u16 = 6;
const RTA_MULTIPATH: u16 = 9;
const RTA_TABLE: u16 = 15;
const RTA_VIA: u16 = 18;
const RT_TABLE_MAIN: u32 = 254;
const RTN_UNICAST: u8 = 1;

/// One way out of a route: the interface and the next hop, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Hop {
    index: u32,
    gateway: Option<IpAddr>,
}

/// What a RTM_NEWROUTE message says, as far as tk reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Route {
    family: Family,
    dst_len: u8,
    table: u32,
    kind: u8,
    metric: u32,
    /// One hop, or one per RTA_MULTIPATH entry (ECMP).
    hops: Vec<Hop>,
}

/// The default routes of the main table, one per hop, with the index of
/// the interface each leaves by.
pub(crate) fn default_routes() -> io::Result<Vec<(u32, Gateway)>> {
    let mut found = Vec::new();
    // rtmsg with family AF_UNSPEC: every family; kept are IPv4 and IPv6.
    request(RTM_GETROUTE, Answer::Dump, &[0u8; RTMSG], |kind, body| {
        if kind == RTM_NEWROUTE {
            found.extend(route(body).map(default_hops).unwrap_or_default());
        }
    })?;
    Ok(found)
}

/// A unicast default route of the main table as (interface, gateway)
/// pairs; anything else (unreachable, blackhole, other tables) as none.
fn default_hops(route: Route) -> Vec<(u32, Gateway)> {
    if route.dst_len != 0 || route.table != RT_TABLE_MAIN || route.kind != RTN_UNICAST {
        return Vec::new();
    }
    let gateway = |hop: &Hop| Gateway {
        ip: hop.gateway,
        family: route.family,
        metric: route.metric,
    };
    route.hops.iter().map(|h| (h.index, gateway(h))).collect()
}

/// The route the kernel picks toward one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RouteTo {
    /// The outgoing interface's index.
    pub index: u32,
    pub gateway: Option<IpAddr>,
}

/// `ip route get DEST`: the kernel's choice, or None when it has no route
/// (unreachable, prohibited, blackholed, or no such family here).
pub(crate) fn route_to(dest: IpAddr) -> io::Result<Option<RouteTo>> {
    let mut found = None;
    match request(
        RTM_GETROUTE,
        Answer::One,
        &lookup_request(dest),
        |kind, body| {
            if kind == RTM_NEWROUTE {
                found = route(body);
            }
        },
    ) {
        Ok(()) => {}
        Err(e) if is_no_route(&e) => return Ok(None),
        Err(e) => return Err(e),
    }
    Ok(found
        .and_then(|r| r.hops.first().copied())
        .map(|hop| RouteTo {
            index: hop.index,
            gateway: hop.gateway,
        }))
}

/// rtmsg for a lookup of one full-length destination, and RTA_DST.
fn lookup_request(dest: IpAddr) -> Vec<u8> {
    let (family, octets) = match dest {
        IpAddr::V4(v4) => (libc::AF_INET, v4.octets().to_vec()),
        IpAddr::V6(v6) => (libc::AF_INET6, v6.octets().to_vec()),
    };
    let mut body = vec![0u8; RTMSG];
    body[0] = family as u8;
    body[1] = (octets.len() * 8) as u8;
    body.extend(attr(RTA_DST, &octets));
    body
}

/// The errors fib lookups answer with when there is no usable route:
/// none (ENETUNREACH), `unreachable` (EHOSTUNREACH), `prohibit` (EACCES),
/// `blackhole` (EINVAL), or no IPv6 in this kernel (EAFNOSUPPORT).
pub(crate) fn is_no_route(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(
            libc::ENETUNREACH
                | libc::EHOSTUNREACH
                | libc::EACCES
                | libc::EINVAL
                | libc::EAFNOSUPPORT
        )
    )
}

/// rtmsg (family, dst_len, src_len, tos, table, protocol, scope, type,
/// flags) and the attributes tk reads. None for families other than IPv4
/// and IPv6.
fn route(body: &[u8]) -> Option<Route> {
    let raw_family = *body.first()?;
    let family = match i32::from(raw_family) {
        libc::AF_INET => Family::V4,
        libc::AF_INET6 => Family::V6,
        _ => return None,
    };
    let mut route = Route {
        family,
        dst_len: *body.get(1)?,
        table: u32::from(*body.get(4)?),
        kind: *body.get(7)?,
        metric: 0,
        hops: Vec::new(),
    };
    let mut single = Hop {
        index: 0,
        gateway: None,
    };
    for (kind, data) in attrs(body, RTMSG) {
        match kind {
            RTA_TABLE => route.table = u32_at(data, 0).unwrap_or(route.table),
            RTA_PRIORITY => route.metric = u32_at(data, 0).unwrap_or(0),
            RTA_OIF => single.index = u32_at(data, 0).unwrap_or(0),
            RTA_GATEWAY | RTA_VIA => single.gateway = gateway(raw_family, kind, data),
            RTA_MULTIPATH => route.hops = nexthops(raw_family, data),
            _ => {}
        }
    }
    if route.hops.is_empty() {
        route.hops.push(single);
    }
    Some(route)
}

/// RTA_GATEWAY (an address of the route's family) or RTA_VIA (struct
/// rtvia: its own family, then the address; an IPv6 next hop of an IPv4
/// route).
fn gateway(family: u8, kind: u16, data: &[u8]) -> Option<IpAddr> {
    if kind == RTA_VIA {
        let via_family = u8::try_from(u16_at(data, 0)?).ok()?;
        ip_from(via_family, data.get(2..)?)
    } else {
        ip_from(family, data)
    }
}

/// RTA_MULTIPATH: struct rtnexthop (len, flags, hops, ifindex) entries,
/// each followed by its own attributes.
fn nexthops(family: u8, mut data: &[u8]) -> Vec<Hop> {
    let mut hops = Vec::new();
    while let Some(len) = u16_at(data, 0).map(usize::from) {
        let (Some(index), Some(entry)) = (u32_at(data, 4), data.get(..len)) else {
            break;
        };
        if len < RTNEXTHOP {
            break;
        }
        let mut hop = Hop {
            index,
            gateway: None,
        };
        for (kind, attr_data) in attrs(entry, RTNEXTHOP) {
            if kind == RTA_GATEWAY || kind == RTA_VIA {
                hop.gateway = gateway(family, kind, attr_data);
            }
        }
        hops.push(hop);
        data = &data[super::wire::align4(len).min(data.len())..];
    }
    hops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rtmsg(family: i32, dst_len: u8, table: u8, kind: u8, attrs: &[Vec<u8>]) -> Vec<u8> {
        let mut body = vec![family as u8, dst_len, 0, 0, table, 3, 0, kind, 0, 0, 0, 0];
        body.extend(attrs.concat());
        body
    }

    fn u32_attr(kind: u16, n: u32) -> Vec<u8> {
        attr(kind, &n.to_ne_bytes())
    }

    fn v6(s: &str) -> Vec<u8> {
        s.parse::<std::net::Ipv6Addr>().unwrap().octets().to_vec()
    }

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn an_ipv4_default_route_with_gateway_and_metric() {
        let body = rtmsg(
            libc::AF_INET,
            0,
            254,
            RTN_UNICAST,
            &[
                u32_attr(RTA_TABLE, 254),
                u32_attr(RTA_PRIORITY, 100),
                attr(RTA_GATEWAY, &[10, 20, 0, 1]),
                u32_attr(RTA_OIF, 3),
            ],
        );
        let got = default_hops(route(&body).unwrap());
        let want = Gateway {
            ip: ip("10.20.0.1"),
            family: Family::V4,
            metric: 100,
        };
        assert_eq!(got, [(3, want)]);
    }

    #[test]
    fn an_on_link_default_route_has_no_gateway_and_metric_zero() {
        let body = rtmsg(libc::AF_INET, 0, 254, RTN_UNICAST, &[u32_attr(RTA_OIF, 9)]);
        let got = default_hops(route(&body).unwrap());
        let want = Gateway {
            ip: None,
            family: Family::V4,
            metric: 0,
        };
        assert_eq!(got, [(9, want)]);
    }

    #[test]
    fn other_tables_prefixes_and_types_are_not_default_gateways() {
        let gw = attr(RTA_GATEWAY, &[10, 0, 0, 1]);
        for body in [
            rtmsg(
                libc::AF_INET,
                24,
                254,
                RTN_UNICAST,
                std::slice::from_ref(&gw),
            ),
            rtmsg(
                libc::AF_INET,
                0,
                255,
                RTN_UNICAST,
                std::slice::from_ref(&gw),
            ),
            // The table number past 255 lives only in RTA_TABLE.
            rtmsg(
                libc::AF_INET,
                0,
                252,
                RTN_UNICAST,
                &[u32_attr(RTA_TABLE, 1000)],
            ),
            rtmsg(libc::AF_INET, 0, 254, 7, &[]), // unreachable
        ] {
            assert_eq!(default_hops(route(&body).unwrap()), []);
        }
        assert_eq!(route(&rtmsg(28, 0, 254, RTN_UNICAST, &[])), None); // MPLS
    }

    #[test]
    fn multipath_gives_one_gateway_per_hop_and_via_an_ipv6_next_hop() {
        let mut hop_a = vec![0u8; RTNEXTHOP];
        hop_a[4..8].copy_from_slice(&3u32.to_ne_bytes());
        hop_a.extend(attr(RTA_GATEWAY, &v6("fe80::1")));
        let mut hop_b = vec![0u8; RTNEXTHOP];
        hop_b[4..8].copy_from_slice(&4u32.to_ne_bytes());
        hop_b.extend(attr(RTA_GATEWAY, &v6("fd30::1")));
        for hop in [&mut hop_a, &mut hop_b] {
            let len = hop.len() as u16;
            hop[..2].copy_from_slice(&len.to_ne_bytes());
        }
        let body = rtmsg(
            libc::AF_INET6,
            0,
            254,
            RTN_UNICAST,
            &[
                u32_attr(RTA_PRIORITY, 1024),
                attr(RTA_MULTIPATH, &[hop_a, hop_b].concat()),
            ],
        );
        let got = default_hops(route(&body).unwrap());
        let gw = |s| Gateway {
            ip: ip(s),
            family: Family::V6,
            metric: 1024,
        };
        assert_eq!(got, [(3, gw("fe80::1")), (4, gw("fd30::1"))]);

        let mut via = (libc::AF_INET6 as u16).to_ne_bytes().to_vec();
        via.extend(v6("fe80::9"));
        let body = rtmsg(
            libc::AF_INET,
            0,
            254,
            RTN_UNICAST,
            &[attr(RTA_VIA, &via), u32_attr(RTA_OIF, 5)],
        );
        let got = default_hops(route(&body).unwrap());
        assert_eq!(got[0].1.ip, ip("fe80::9"));
        assert_eq!(got[0].1.family, Family::V4);
    }

    #[test]
    fn lookup_request_names_the_destination() {
        let req = lookup_request("8.8.8.8".parse().unwrap());
        assert_eq!(req[..2], [libc::AF_INET as u8, 32]);
        assert_eq!(req[RTMSG..], attr(RTA_DST, &[8, 8, 8, 8])[..]);
        let req = lookup_request("2001:db8::1".parse().unwrap());
        assert_eq!(req[..2], [libc::AF_INET6 as u8, 128]);
        assert_eq!(req.len(), RTMSG + 4 + 16);
    }

    #[test]
    fn no_route_errors() {
        for code in [
            libc::ENETUNREACH,
            libc::EHOSTUNREACH,
            libc::EACCES,
            libc::EINVAL,
        ] {
            assert!(is_no_route(&io::Error::from_raw_os_error(code)));
        }
        assert!(!is_no_route(&io::Error::from_raw_os_error(libc::EPERM)));
    }
}
