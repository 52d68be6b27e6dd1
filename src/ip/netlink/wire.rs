//! Netlink on the wire: one request on a fresh NETLINK_ROUTE socket, the
//! answer's messages cut out of the received buffers, each message's
//! attributes walked. `addr` and `route` give the messages their meaning.

use std::io;
use std::os::fd::AsRawFd;

use nix::sys::socket::{
    AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, bind, recv, send,
    socket,
};

pub(super) const NLMSG_HDR: usize = 16;
pub(super) const NLMSG_ERROR: u16 = 2;
pub(super) const NLMSG_DONE: u16 = 3;
pub(super) const NLM_F_REQUEST: u16 = 0x1;
pub(super) const NLM_F_DUMP: u16 = 0x300;
/// The flag bits of an attribute's type (NLA_F_NESTED, NLA_F_NET_BYTEORDER).
pub(super) const NLA_TYPE_MASK: u16 = 0x3fff;

/// How a request is answered: a dump is many messages closed by
/// NLMSG_DONE; a plain request is one message (or an error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Answer {
    Dump,
    One,
}

/// Send one request (`kind`, its fixed header and attributes in `body`)
/// and hand every message of the answer to `each(kind, body)`. An
/// NLMSG_ERROR answer is the error it carries.
pub(super) fn request(
    kind: u16,
    answer: Answer,
    body: &[u8],
    mut each: impl FnMut(u16, &[u8]),
) -> io::Result<()> {
    let fd = socket(
        AddressFamily::Netlink,
        SockType::Raw,
        SockFlag::SOCK_CLOEXEC,
        SockProtocol::NetlinkRoute,
    )?;
    bind(fd.as_raw_fd(), &NetlinkAddr::new(0, 0))?;
    send(
        fd.as_raw_fd(),
        &message(kind, answer, body),
        MsgFlags::empty(),
    )?;
    // A dump part never exceeds 32 KiB (netlink_dump's allocation cap).
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let len = recv(fd.as_raw_fd(), &mut buf, MsgFlags::empty())?;
        if len == 0 || parse(&buf[..len], answer, &mut each)? {
            return Ok(());
        }
    }
}

/// nlmsghdr + body: a request, or with `Answer::Dump` a dump request.
pub(super) fn message(kind: u16, answer: Answer, body: &[u8]) -> Vec<u8> {
    let len = (NLMSG_HDR + body.len()) as u32;
    let flags = match answer {
        Answer::Dump => NLM_F_REQUEST | NLM_F_DUMP,
        Answer::One => NLM_F_REQUEST,
    };
    let mut req = Vec::with_capacity(len as usize);
    req.extend_from_slice(&len.to_ne_bytes());
    req.extend_from_slice(&kind.to_ne_bytes());
    req.extend_from_slice(&flags.to_ne_bytes());
    req.extend_from_slice(&1u32.to_ne_bytes()); // sequence number
    req.extend_from_slice(&0u32.to_ne_bytes()); // port id: the kernel picks
    req.extend_from_slice(body);
    req
}

/// One attribute (rtattr / nlattr): its type and payload, padded to 4.
pub(super) fn attr(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut a = ((4 + data.len()) as u16).to_ne_bytes().to_vec();
    a.extend_from_slice(&kind.to_ne_bytes());
    a.extend_from_slice(data);
    a.resize(align4(a.len()), 0);
    a
}

pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_ne_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_ne_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

pub(super) fn align4(n: usize) -> usize {
    (n + 3) & !3
}

pub(super) fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("netlink: {what}"))
}

/// Hand each message in one received buffer to `each`; true once the
/// answer is complete (NLMSG_DONE, or the one message of a plain request).
pub(super) fn parse(
    mut buf: &[u8],
    answer: Answer,
    each: &mut impl FnMut(u16, &[u8]),
) -> io::Result<bool> {
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
            _ => {
                each(kind, body);
                if answer == Answer::One {
                    return Ok(true);
                }
            }
        }
        buf = &buf[align4(len).min(buf.len())..];
    }
    Ok(false)
}

/// The attributes that follow a message's fixed header of `fixed` bytes:
/// (type without its flag bits, payload). A cut attribute ends the walk.
pub(super) fn attrs(body: &[u8], fixed: usize) -> Attrs<'_> {
    Attrs(body.get(fixed..).unwrap_or(&[]))
}

pub(super) struct Attrs<'a>(&'a [u8]);

impl<'a> Iterator for Attrs<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<(u16, &'a [u8])> {
        let rest = self.0;
        let len = usize::from(u16_at(rest, 0)?);
        let kind = u16_at(rest, 2)? & NLA_TYPE_MASK;
        let Some(data) = rest.get(4..len.max(4)) else {
            self.0 = &[];
            return None;
        };
        self.0 = &rest[align4(len.max(4)).min(rest.len())..];
        Some((kind, data))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A message as the kernel sends it: header (type `kind`) and body.
    pub(in crate::ip::netlink) fn reply(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut m = ((NLMSG_HDR + body.len()) as u32).to_ne_bytes().to_vec();
        m.extend_from_slice(&kind.to_ne_bytes());
        m.extend_from_slice(&[0; 10]);
        m.extend_from_slice(body);
        m.resize(align4(m.len()), 0);
        m
    }

    fn kinds(buf: &[u8], answer: Answer) -> io::Result<(bool, Vec<u16>)> {
        let mut seen = Vec::new();
        let done = parse(buf, answer, &mut |kind, _| seen.push(kind))?;
        Ok((done, seen))
    }

    #[test]
    fn a_dump_ends_at_done_and_a_plain_request_at_its_message() {
        let two = [reply(20, &[0; 8]), reply(24, &[0; 12])].concat();
        assert_eq!(kinds(&two, Answer::Dump).unwrap(), (false, vec![20, 24]));
        assert_eq!(kinds(&two, Answer::One).unwrap(), (true, vec![20]));
        let done = [two, reply(NLMSG_DONE, &[0; 4])].concat();
        assert_eq!(kinds(&done, Answer::Dump).unwrap(), (true, vec![20, 24]));
    }

    #[test]
    fn error_message_and_garbage_are_errors() {
        let err = reply(NLMSG_ERROR, &(-libc::ENETUNREACH).to_ne_bytes());
        let got = kinds(&err, Answer::One).unwrap_err();
        assert_eq!(got.raw_os_error(), Some(libc::ENETUNREACH));
        let mut cut = reply(20, &[0; 8]);
        cut.truncate(20);
        assert!(kinds(&cut, Answer::Dump).is_err());
    }

    #[test]
    fn requests_carry_their_flags_and_body() {
        let dump = message(22, Answer::Dump, &[0; 8]);
        assert_eq!(dump.len(), 24);
        assert_eq!(u32_at(&dump, 0), Some(24));
        assert_eq!(u16_at(&dump, 4), Some(22));
        assert_eq!(u16_at(&dump, 6), Some(NLM_F_REQUEST | NLM_F_DUMP));
        let one = message(26, Answer::One, &[7; 12]);
        assert_eq!(u16_at(&one, 6), Some(NLM_F_REQUEST));
        assert_eq!(&one[16..], &[7; 12]);
    }

    #[test]
    fn attributes_are_walked_with_flag_bits_masked_and_padding_skipped() {
        let nested = 0x8000 | 9;
        let body = [
            vec![0; 4],
            attr(3, b"va\0"),
            attr(nested, &[1, 2, 3, 4]),
            attr(6, &100u32.to_ne_bytes()),
        ]
        .concat();
        let got: Vec<(u16, Vec<u8>)> = attrs(&body, 4).map(|(k, d)| (k, d.to_vec())).collect();
        assert_eq!(
            got,
            [
                (3, b"va\0".to_vec()),
                (9, vec![1, 2, 3, 4]),
                (6, 100u32.to_ne_bytes().to_vec())
            ]
        );
        // A length past the end stops the walk instead of reading on.
        let mut cut = attr(3, b"abcdefgh");
        cut.truncate(8);
        assert_eq!(attrs(&cut, 0).count(), 0);
        assert_eq!(attrs(&[1, 2], 4).count(), 0);
    }
}
