//! Linux only: the scope the kernel keeps for each address.
//!
//! getifaddrs(3) reads the kernel's address dump but drops each address's
//! scope, and an IPv4 address can be given any scope (`ip addr add
//! 169.254.1.1/16 dev eth0 scope link`, as link-local address daemons do).
//! This module asks for the same dump (RTM_GETADDR over NETLINK_ROUTE, as
//! `ip addr` does) and keeps (interface index, address, scope). The socket
//! code is a few calls; the parsing is a pure function over the bytes.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::AsRawFd;

use nix::sys::socket::{
    AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, bind, recv, send,
    socket,
};

use super::model::Scope;

/// One address of the dump: interface index, address, kernel scope.
pub type Scoped = (u32, IpAddr, Scope);

const NLMSG_HDR: usize = 16;
const IFADDRMSG: usize = 8;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const RTM_NEWADDR: u16 = 20;
const RTM_GETADDR: u16 = 22;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_DUMP: u16 = 0x300;
const IFA_ADDRESS: u16 = 1;
const IFA_LOCAL: u16 = 2;

/// Every address's scope, from one RTM_GETADDR dump of both families.
pub fn address_scopes() -> io::Result<Vec<Scoped>> {
    let fd = socket(
        AddressFamily::Netlink,
        SockType::Raw,
        SockFlag::SOCK_CLOEXEC,
        SockProtocol::NetlinkRoute,
    )?;
    bind(fd.as_raw_fd(), &NetlinkAddr::new(0, 0))?;
    send(fd.as_raw_fd(), &dump_request(), MsgFlags::empty())?;
    let mut found = Vec::new();
    // A dump part never exceeds 32 KiB (netlink_dump's allocation cap).
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let len = recv(fd.as_raw_fd(), &mut buf, MsgFlags::empty())?;
        if len == 0 || parse(&buf[..len], &mut found)? {
            return Ok(found);
        }
    }
}

/// nlmsghdr + ifaddrmsg asking for every address of every family.
fn dump_request() -> Vec<u8> {
    let len = (NLMSG_HDR + IFADDRMSG) as u32;
    let mut req = Vec::with_capacity(len as usize);
    req.extend_from_slice(&len.to_ne_bytes());
    req.extend_from_slice(&RTM_GETADDR.to_ne_bytes());
    req.extend_from_slice(&(NLM_F_REQUEST | NLM_F_DUMP).to_ne_bytes());
    req.extend_from_slice(&1u32.to_ne_bytes()); // sequence number
    req.extend_from_slice(&0u32.to_ne_bytes()); // port id: the kernel picks
    req.extend_from_slice(&[0u8; IFADDRMSG]); // family AF_UNSPEC: both
    req
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("netlink: {what}"))
}

/// Add the addresses in one received buffer; true once NLMSG_DONE is seen.
fn parse(mut buf: &[u8], found: &mut Vec<Scoped>) -> io::Result<bool> {
    while buf.len() >= NLMSG_HDR {
        let len = u32_at(buf, 0).ok_or_else(|| bad("short header"))? as usize;
        let kind = u16_at(buf, 4).ok_or_else(|| bad("short header"))?;
        if len < NLMSG_HDR || len > buf.len() {
            return Err(bad("message length out of range"));
        }
        let body = &buf[NLMSG_HDR..len];
        match kind {
            NLMSG_DONE => return Ok(true),
            NLMSG_ERROR => {
                let code = u32_at(body, 0).ok_or_else(|| bad("short error"))? as i32;
                return Err(io::Error::from_raw_os_error(-code));
            }
            RTM_NEWADDR => found.extend(address(body)),
            _ => {}
        }
        buf = &buf[align4(len).min(buf.len())..];
    }
    Ok(false)
}

/// ifaddrmsg (family, prefixlen, flags, scope, index) and its attributes.
/// The address is IFA_LOCAL when present: on point-to-point links
/// IFA_ADDRESS is the peer's.
fn address(body: &[u8]) -> Option<Scoped> {
    let family = *body.first()?;
    let scope = scope_of(*body.get(3)?);
    let index = u32_at(body, 4)?;
    let (mut local, mut address) = (None, None);
    let mut attrs = body.get(IFADDRMSG..)?;
    while attrs.len() >= 4 {
        let len = usize::from(u16_at(attrs, 0)?);
        let kind = u16_at(attrs, 2)?;
        let data = attrs.get(4..len)?;
        match kind {
            IFA_LOCAL => local = ip_from(family, data),
            IFA_ADDRESS => address = ip_from(family, data),
            _ => {}
        }
        attrs = &attrs[align4(len).min(attrs.len())..];
    }
    Some((index, local.or(address)?, scope))
}

fn ip_from(family: u8, data: &[u8]) -> Option<IpAddr> {
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
    use super::*;

    fn attr(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut a = ((4 + data.len()) as u16).to_ne_bytes().to_vec();
        a.extend_from_slice(&kind.to_ne_bytes());
        a.extend_from_slice(data);
        a.resize(align4(a.len()), 0);
        a
    }

    fn message(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut m = ((NLMSG_HDR + body.len()) as u32).to_ne_bytes().to_vec();
        m.extend_from_slice(&kind.to_ne_bytes());
        m.extend_from_slice(&[0; 10]);
        m.extend_from_slice(body);
        m
    }

    fn newaddr(family: u8, scope: u8, index: u32, attrs: &[Vec<u8>]) -> Vec<u8> {
        let mut body = vec![family, 24, 0, scope];
        body.extend_from_slice(&index.to_ne_bytes());
        body.extend(attrs.concat());
        message(RTM_NEWADDR, &body)
    }

    #[test]
    fn parses_a_dump_with_local_peer_ipv6_and_done() {
        let ptp = newaddr(
            libc::AF_INET as u8,
            253,
            7,
            &[
                attr(IFA_ADDRESS, &[10, 0, 0, 2]),
                attr(IFA_LOCAL, &[10, 0, 0, 1]),
                attr(3, b"ppp0\0"),
            ],
        );
        let v6 = newaddr(
            libc::AF_INET6 as u8,
            0,
            2,
            &[attr(
                IFA_ADDRESS,
                &"fd00::2".parse::<Ipv6Addr>().unwrap().octets(),
            )],
        );
        let mut buf = [ptp, v6].concat();
        let mut found = Vec::new();
        assert!(!parse(&buf, &mut found).unwrap());
        assert_eq!(
            found,
            [
                (7, "10.0.0.1".parse().unwrap(), Scope::Link),
                (2, "fd00::2".parse().unwrap(), Scope::Global),
            ]
        );
        buf.extend(message(NLMSG_DONE, &[0; 4]));
        assert!(parse(&buf, &mut Vec::new()).unwrap());
    }

    #[test]
    fn error_message_and_garbage_are_errors() {
        let err = message(NLMSG_ERROR, &(-libc::EPERM).to_ne_bytes());
        let got = parse(&err, &mut Vec::new()).unwrap_err();
        assert_eq!(got.raw_os_error(), Some(libc::EPERM));
        let mut cut = message(RTM_NEWADDR, &[0; 8]);
        cut.truncate(20);
        assert!(parse(&cut, &mut Vec::new()).is_err());
    }

    #[test]
    fn request_is_a_dump_of_both_families() {
        let req = dump_request();
        assert_eq!(req.len(), 24);
        assert_eq!(u16_at(&req, 4), Some(RTM_GETADDR));
        assert_eq!(u16_at(&req, 6), Some(NLM_F_REQUEST | NLM_F_DUMP));
        assert_eq!(req[16], 0);
    }

    #[test]
    fn scope_numbers() {
        assert_eq!(scope_of(0), Scope::Global);
        assert_eq!(scope_of(254), Scope::Host);
        assert_eq!(scope_of(100), Scope::Other(100));
    }
}
