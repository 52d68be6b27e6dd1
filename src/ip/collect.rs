//! Reads the host's interfaces into `Vec<Iface>`.
//!
//! The source is getifaddrs(3) (through `nix::ifaddrs`), the same call
//! `hostname -I` makes, so `tk ip --short` sees the same entries in the same
//! order. glibc builds the list from the kernel's link dump (one AF_PACKET
//! entry per interface: flags, index, MAC) followed by its address dump,
//! which is also where `ip addr` gets its data. The MTU is not in that
//! list; it comes from the SIOCGIFMTU ioctl, which, unlike /sys/class/net,
//! answers for the caller's network namespace even when sysfs was not
//! remounted (`nsenter --net`). What getifaddrs drops (each address's
//! scope, flags and lifetimes) and the default routes come from netlink
//! (`netlink/`), read in the same network namespace.

use std::io;
use std::net::IpAddr;

use nix::ifaddrs::{InterfaceAddress, getifaddrs};
use nix::net::if_::InterfaceFlags;
use nix::sys::socket::SockaddrStorage;

use super::model::{Addr, AddrState, Iface};
use super::netlink::{self, AddrInfo};

/// Every interface, in the system's order, with its addresses.
pub(super) fn interfaces() -> io::Result<Vec<Iface>> {
    let entries: Vec<InterfaceAddress> = getifaddrs().map_err(io::Error::from)?.collect();
    let mut ifaces: Vec<Iface> = Vec::new();
    // Link entries first, so a link's place does not depend on its addresses.
    for entry in &entries {
        if let Some(link) = entry.address.as_ref().and_then(|a| a.as_link_addr()) {
            let mut iface = new_iface(entry);
            iface.index = u32::try_from(link.ifindex()).unwrap_or(0);
            iface.mac = mac_of(link);
            ifaces.push(iface);
        }
    }
    for entry in &entries {
        let Some(addr) = ip_addr(entry) else { continue };
        let pos = match owner(&ifaces, &entry.interface_name) {
            Some(pos) => pos,
            None => {
                ifaces.push(new_iface(entry));
                ifaces.len() - 1
            }
        };
        ifaces[pos].addrs.push(addr);
    }
    for iface in &mut ifaces {
        if iface.index == 0 {
            iface.index = nix::net::if_::if_nametoindex(iface.name.as_str()).unwrap_or(0);
        }
        iface.mtu = mtu(&iface.name);
    }
    add_kernel_facts(&mut ifaces, &netlink::address_infos()?);
    Ok(ifaces)
}

/// Each address's scope, flags and lifetimes from the kernel's address
/// dump. (glibc's getifaddrs reads the same dump over netlink, so where it
/// answered, netlink answers too.)
fn add_kernel_facts(ifaces: &mut [Iface], infos: &[AddrInfo]) {
    for iface in ifaces {
        for addr in &mut iface.addrs {
            let same = |info: &&AddrInfo| info.index == iface.index && info.ip == addr.ip;
            if let Some(info) = infos.iter().find(same) {
                addr.scope = info.scope;
                addr.state = state_of(info);
            }
        }
    }
}

/// The flags `ip addr` prints, read as it reads them: 0x01 is
/// `temporary` only on IPv6 (on IPv4 it means secondary).
fn state_of(info: &AddrInfo) -> AddrState {
    let has = |flag: u32| info.flags & flag != 0;
    AddrState {
        dynamic: !has(netlink::IFA_F_PERMANENT),
        temporary: info.ip.is_ipv6() && has(netlink::IFA_F_TEMPORARY),
        deprecated: has(netlink::IFA_F_DEPRECATED),
        tentative: has(netlink::IFA_F_TENTATIVE),
        dadfailed: has(netlink::IFA_F_DADFAILED),
        valid: info.valid,
        preferred: info.preferred,
    }
}

/// Attach each default route of the main table to the interface it leaves
/// by: IPv4 first, each family by metric (the kernel's order of choice).
pub(super) fn add_gateways(ifaces: &mut [Iface]) -> io::Result<()> {
    let mut routes = netlink::default_routes()?;
    routes.sort_by_key(|(_, gw)| (gw.family != super::model::Family::V4, gw.metric));
    for (index, gateway) in routes {
        if let Some(iface) = ifaces.iter_mut().find(|i| i.index == index) {
            iface.gateways.push(gateway);
        }
    }
    Ok(())
}

/// The host name, as gethostname(2) returns it.
pub(super) fn hostname() -> io::Result<String> {
    let name = nix::unistd::gethostname().map_err(io::Error::from)?;
    Ok(name.to_string_lossy().into_owned())
}

fn new_iface(entry: &InterfaceAddress) -> Iface {
    Iface {
        name: entry.interface_name.clone(),
        index: 0,
        up: entry.flags.contains(InterfaceFlags::IFF_UP),
        running: entry.flags.contains(InterfaceFlags::IFF_RUNNING),
        loopback: entry.flags.contains(InterfaceFlags::IFF_LOOPBACK),
        mac: None,
        mtu: None,
        addrs: Vec::new(),
        gateways: Vec::new(),
    }
}

/// The interface an address entry belongs to. glibc names an IPv4 address
/// entry after its label when it has one (`ip addr add ... label eth0:1`),
/// and a label starts with its interface's name followed by ':'.
fn owner(ifaces: &[Iface], name: &str) -> Option<usize> {
    let exact = ifaces.iter().position(|i| i.name == name);
    exact.or_else(|| {
        let (base, _) = name.split_once(':')?;
        ifaces.iter().position(|i| i.name == base)
    })
}

fn ip_addr(entry: &InterfaceAddress) -> Option<Addr> {
    let address = entry.address.as_ref()?;
    let ip = if let Some(v4) = address.as_sockaddr_in() {
        IpAddr::V4(v4.ip())
    } else {
        IpAddr::V6(address.as_sockaddr_in6()?.ip())
    };
    let prefix = entry.netmask.as_ref().map_or(0, prefix_len);
    Some(Addr::new(ip, prefix))
}

fn prefix_len(mask: &SockaddrStorage) -> u8 {
    let ones = if let Some(v4) = mask.as_sockaddr_in() {
        v4.ip().to_bits().count_ones()
    } else if let Some(v6) = mask.as_sockaddr_in6() {
        v6.ip().to_bits().count_ones()
    } else {
        0
    };
    u8::try_from(ones).unwrap_or(0)
}

fn mac_of(link: &nix::sys::socket::LinkAddr) -> Option<[u8; 6]> {
    // Only Ethernet-style 6-byte addresses; tunnels have none or others.
    if link.halen() == 6 { link.addr() } else { None }
}

fn mtu(name: &str) -> Option<u32> {
    use std::os::fd::AsRawFd;

    let socket = std::net::UdpSocket::bind("0.0.0.0:0")
        .or_else(|_| std::net::UdpSocket::bind("[::]:0"))
        .ok()?;
    // SAFETY: ifreq is plain old data, so all zeroes is a valid value.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    let bytes = name.as_bytes();
    if bytes.len() >= req.ifr_name.len() {
        return None;
    }
    for (dst, src) in req.ifr_name.iter_mut().zip(bytes) {
        *dst = libc::c_char::from_ne_bytes([*src]);
    }
    // SAFETY: SIOCGIFMTU reads ifr_name (NUL-terminated above, as the rest
    // is zero) and writes ifr_mtu inside `req`, which outlives the call.
    let rc = unsafe { libc::ioctl(socket.as_raw_fd(), libc::SIOCGIFMTU, &mut req) };
    if rc != 0 {
        return None;
    }
    // SAFETY: on success the kernel filled the union's ifru_mtu member.
    let mtu = unsafe { req.ifr_ifru.ifru_mtu };
    u32::try_from(mtu).ok()
}
