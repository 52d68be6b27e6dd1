//! rtnetlink by hand: one request on a fresh NETLINK_ROUTE socket, the
//! answer's messages cut out of the received buffers, and each message's
//! attributes walked. `addr` and `route` give the messages their meaning.
//!
//! Why by hand and not netlink-packet-route + netlink-sys: tk reads three
//! messages (RTM_NEWADDR, RTM_NEWROUTE and the error) and a dozen
//! attributes of them, a few hundred lines with unit tests over bytes.
//! The crates model all of rtnetlink (links, tc, neighbours, rules ...);
//! a release program that only dumps routes and addresses with them is
//! 0.75 MiB larger than one without (lto, panic=abort, stripped), on a
//! binary that tk find shares, and brings five more crates.

#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    reason = "netlink's wire format fixes each field's width (u8, u16, u32), and the values tk puts in them or reads out fit"
)]

mod addr;
mod route;
mod wire;

pub(super) use addr::{
    AddrInfo, IFA_F_DADFAILED, IFA_F_DEPRECATED, IFA_F_PERMANENT, IFA_F_TEMPORARY, IFA_F_TENTATIVE,
    address_infos,
};
pub(super) use route::{RouteTo, default_routes, is_no_route, route_to};
