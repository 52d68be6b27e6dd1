//! The kernel's address dump (RTM_GETADDR, as `ip addr` asks for it):
//! for each address the facts getifaddrs(3) drops: its scope, its flags
//! (permanent or not, IPv6 temporary, deprecated, tentative, dadfailed) and the
//! seconds left of its valid and preferred lifetimes.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::wire::{Answer, attrs, request, u32_at};
use crate::ip::model::{Lifetime, Scope};

const RTM_NEWADDR: u16 = 20;
const RTM_GETADDR: u16 = 22;
const IFADDRMSG: usize = 8;
const IFA_ADDRESS: u16 = 1;
const IFA_LOCAL: u16 = 2;
const IFA_CACHEINFO: u16 = 6;
const IFA_FLAGS: u16 = 8;

/// ifa_flags bits (linux/if_addr.h). 0x01 is IFA_F_SECONDARY for IPv4
/// and IFA_F_TEMPORARY for IPv6, as `ip addr` reads it.
pub(crate) const IFA_F_TEMPORARY: u32 = 0x01;
pub(crate) const IFA_F_DADFAILED: u32 = 0x08;
pub(crate) const IFA_F_DEPRECATED: u32 = 0x20;
pub(crate) const IFA_F_TENTATIVE: u32 = 0x40;
pub(crate) const IFA_F_PERMANENT: u32 = 0x80;

/// One address of the dump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AddrInfo {
    pub index: u32,
    pub ip: IpAddr,
    pub scope: Scope,
    /// ifa_flags, from IFA_FLAGS when present (it holds the bits past 8).
    pub flags: u32,
    /// Seconds left (IFA_CACHEINFO); forever when the kernel sent none.
    pub valid: Lifetime,
    pub preferred: Lifetime,
}

/// Every address of both families, from one RTM_GETADDR dump.
pub(crate) fn address_infos() -> io::Result<Vec<AddrInfo>> {
    let mut found = Vec::new();
    // ifaddrmsg with family AF_UNSPEC: both families.
    request(
        RTM_GETADDR,
        Answer::Dump,
        &[0u8; IFADDRMSG],
        |kind, body| {
            if kind == RTM_NEWADDR {
                found.extend(address(body));
            }
        },
    )?;
    Ok(found)
}

/// ifaddrmsg (family, prefixlen, flags, scope, index) and its attributes.
/// The address is IFA_LOCAL when present: on point-to-point links
/// IFA_ADDRESS is the peer's.
fn address(body: &[u8]) -> Option<AddrInfo> {
    let family = *body.first()?;
    let mut flags = u32::from(*body.get(2)?);
    let scope = scope_of(*body.get(3)?);
    let index = u32_at(body, 4)?;
    let (mut local, mut address) = (None, None);
    let (mut valid, mut preferred) = (Lifetime::Forever, Lifetime::Forever);
    for (kind, data) in attrs(body, IFADDRMSG) {
        match kind {
            IFA_LOCAL => local = ip_from(family, data),
            IFA_ADDRESS => address = ip_from(family, data),
            IFA_FLAGS => flags = u32_at(data, 0).unwrap_or(flags),
            // struct ifa_cacheinfo: ifa_prefered, ifa_valid, cstamp, tstamp.
            IFA_CACHEINFO => {
                preferred = u32_at(data, 0).map_or(preferred, Lifetime::from_kernel);
                valid = u32_at(data, 4).map_or(valid, Lifetime::from_kernel);
            }
            _ => {}
        }
    }
    Some(AddrInfo {
        index,
        ip: local.or(address)?,
        scope,
        flags,
        valid,
        preferred,
    })
}

/// An address attribute's bytes as an address of `family`.
pub(super) fn ip_from(family: u8, data: &[u8]) -> Option<IpAddr> {
    match i32::from(family) {
        libc::AF_INET => Some(IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(data).ok()?))),
        libc::AF_INET6 => Some(IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(data).ok()?))),
        _ => None,
    }
}

/// rtnetlink's rt_scope_t values, named as `ip` names them.
fn scope_of(raw: u8) -> Scope {
    match raw {
        0 => Scope::Global,
        200 => Scope::Site,
        253 => Scope::Link,
        254 => Scope::Host,
        255 => Scope::Nowhere,
        n => Scope::Other(n),
    }
}

#[cfg(test)]
mod tests {
    use super::super::wire::attr;
    use super::super::wire::tests::reply;
    use super::*;

    fn newaddr(family: u8, flags: u8, scope: u8, index: u32, attrs: &[Vec<u8>]) -> Vec<u8> {
        let mut body = vec![family, 24, flags, scope];
        body.extend_from_slice(&index.to_ne_bytes());
        body.extend(attrs.concat());
        body
    }

    fn cacheinfo(preferred: u32, valid: u32) -> Vec<u8> {
        let words = [preferred, valid, 100, 200];
        attr(IFA_CACHEINFO, &words.map(u32::to_ne_bytes).concat())
    }

    #[test]
    fn local_beats_peer_and_scope_is_the_kernels() {
        let ptp = newaddr(
            libc::AF_INET as u8,
            IFA_F_PERMANENT as u8,
            253,
            7,
            &[
                attr(IFA_ADDRESS, &[10, 0, 0, 2]),
                attr(IFA_LOCAL, &[10, 0, 0, 1]),
                attr(3, b"ppp0\0"),
            ],
        );
        let got = address(&ptp).unwrap();
        assert_eq!(got.index, 7);
        assert_eq!(got.ip, "10.0.0.1".parse::<IpAddr>().unwrap());
        assert_eq!(got.scope, Scope::Link);
        assert_eq!(got.flags, IFA_F_PERMANENT);
        assert_eq!(
            (got.valid, got.preferred),
            (Lifetime::Forever, Lifetime::Forever)
        );
    }

    #[test]
    fn flags_attribute_and_lifetimes() {
        let v6 = "fd00::2".parse::<Ipv6Addr>().unwrap().octets();
        let body = newaddr(
            libc::AF_INET6 as u8,
            0xff,
            0,
            2,
            &[
                attr(IFA_ADDRESS, &v6),
                cacheinfo(200, 300),
                attr(IFA_FLAGS, &(IFA_F_TEMPORARY | 0x100).to_ne_bytes()),
            ],
        );
        let got = address(&body).unwrap();
        assert_eq!(got.ip, "fd00::2".parse::<IpAddr>().unwrap());
        assert_eq!(got.scope, Scope::Global);
        assert_eq!(got.flags, IFA_F_TEMPORARY | 0x100);
        assert_eq!(got.valid, Lifetime::Seconds(300));
        assert_eq!(got.preferred, Lifetime::Seconds(200));
        let forever = newaddr(
            libc::AF_INET6 as u8,
            0,
            0,
            2,
            &[attr(IFA_ADDRESS, &v6), cacheinfo(u32::MAX, u32::MAX)],
        );
        assert_eq!(address(&forever).unwrap().valid, Lifetime::Forever);
    }

    #[test]
    fn a_dump_of_two_messages() {
        let a = newaddr(
            libc::AF_INET as u8,
            0,
            0,
            3,
            &[attr(IFA_LOCAL, &[192, 0, 2, 1])],
        );
        let b = newaddr(99, 0, 0, 3, &[attr(IFA_LOCAL, &[1, 2])]);
        let buf = [reply(RTM_NEWADDR, &a), reply(RTM_NEWADDR, &b)].concat();
        let mut found = Vec::new();
        super::super::wire::parse(&buf, Answer::Dump, &mut |kind, body| {
            if kind == RTM_NEWADDR {
                found.extend(address(body));
            }
        })
        .unwrap();
        // The unknown family has no address to give, so it is left out.
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].ip, "192.0.2.1".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn scope_numbers() {
        assert_eq!(scope_of(0), Scope::Global);
        assert_eq!(scope_of(254), Scope::Host);
        assert_eq!(scope_of(100), Scope::Other(100));
    }
}
