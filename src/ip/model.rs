//! What `tk ip` knows about the host: interfaces, their addresses and
//! default gateways as plain values, and the pure choices made over them
//! (which addresses `--short` prints, which one `tk ip IFACE` answers).
//! Collection fills these in; the renderers and the unit tests build them
//! by hand.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address family, as chosen with `-4` / `-6`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    V4,
    V6,
}

impl Family {
    pub(super) fn of(ip: &IpAddr) -> Family {
        match ip {
            IpAddr::V4(_) => Family::V4,
            IpAddr::V6(_) => Family::V6,
        }
    }

    /// The name used in messages ("IPv4") and in JSON ("ipv4").
    pub(super) fn name(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }

    /// True when `filter` (None = both families) lets this family through.
    pub(super) fn allowed_by(self, filter: Option<Family>) -> bool {
        filter.is_none_or(|f| f == self)
    }
}

/// An address scope, named as `ip addr` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    Host,
    Link,
    Site,
    Global,
    Nowhere,
    /// A number with no name (ip prints it as a number too).
    Other(u8),
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Host => f.write_str("host"),
            Scope::Link => f.write_str("link"),
            Scope::Site => f.write_str("site"),
            Scope::Global => f.write_str("global"),
            Scope::Nowhere => f.write_str("nowhere"),
            Scope::Other(n) => write!(f, "{n}"),
        }
    }
}

/// Seconds an address has left, as the kernel counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Lifetime {
    #[default]
    Forever,
    Seconds(u32),
}

impl Lifetime {
    /// The kernel's count, where 0xffffffff (INFINITY_LIFE_TIME) is forever.
    pub(super) fn from_kernel(seconds: u32) -> Lifetime {
        match seconds {
            u32::MAX => Lifetime::Forever,
            n => Lifetime::Seconds(n),
        }
    }
}

/// How an address was added and where it stands, as `ip addr` shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct AddrState {
    /// Not permanent (no IFA_F_PERMANENT): added with a lifetime, as DHCP
    /// clients and IPv6 autoconfiguration add them. `ip addr` says `dynamic`.
    pub dynamic: bool,
    /// IPv6 privacy address (RFC 8981), made and replaced by the kernel.
    pub temporary: bool,
    /// Its preferred lifetime is over: kept, but not chosen for new traffic.
    pub deprecated: bool,
    /// IPv6 duplicate address detection has not finished: not usable yet.
    pub tentative: bool,
    /// IPv6 duplicate address detection found another host with this
    /// address: it stays tentative and is never used.
    pub dadfailed: bool,
    pub valid: Lifetime,
    pub preferred: Lifetime,
}

/// One address of an interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Addr {
    pub ip: IpAddr,
    /// Prefix length, from the netmask.
    pub prefix: u8,
    /// The kernel's scope where it could be read, else `default_scope`.
    pub scope: Scope,
    pub state: AddrState,
}

impl Addr {
    /// A permanent address with the scope the kernel gives it by default.
    pub(super) fn new(ip: IpAddr, prefix: u8) -> Addr {
        let scope = default_scope(&ip);
        let state = AddrState::default();
        Addr {
            ip,
            prefix,
            scope,
            state,
        }
    }

    pub(super) fn family(&self) -> Family {
        Family::of(&self.ip)
    }

    /// The IPv4 netmask the prefix stands for (/24 is 255.255.255.0).
    pub(super) fn netmask(&self) -> Option<Ipv4Addr> {
        let bits = u32::MAX.checked_shl(32 - u32::from(self.prefix.min(32)));
        self.ip.is_ipv4().then(|| Ipv4Addr::from(bits.unwrap_or(0)))
    }

    /// fe80::/10: never printed by `hostname -I`, marked in the table.
    pub(super) fn is_ipv6_link_local(&self) -> bool {
        matches!(self.ip, IpAddr::V6(v6) if is_v6_link_local(&v6))
    }
}

/// The scope an address gets when none is given: iproute2's
/// `default_scope` makes 127.0.0.0/8 host scope and every other IPv4
/// address global; IPv6 scope follows from the address (kernel
/// `ipv6_addr_scope`: ::1 host, fe80::/10 link, fec0::/10 site). Used
/// where the kernel's own scope cannot be read (getifaddrs(3) drops it).
pub(super) fn default_scope(ip: &IpAddr) -> Scope {
    match ip {
        IpAddr::V4(v4) if v4.is_loopback() => Scope::Host,
        IpAddr::V4(_) => Scope::Global,
        IpAddr::V6(v6) if v6.is_loopback() => Scope::Host,
        IpAddr::V6(v6) if is_v6_link_local(v6) => Scope::Link,
        IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfec0 => Scope::Site,
        IpAddr::V6(_) => Scope::Global,
    }
}

fn is_v6_link_local(ip: &Ipv6Addr) -> bool {
    ip.segments()[0] & 0xffc0 == 0xfe80
}

/// The state column: administratively down, up without carrier, or up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    Down,
    NoCarrier,
    Up,
}

/// A default route of the main table, on the interface it leaves by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Gateway {
    /// None for a route straight onto the link (a point-to-point default
    /// such as `ip route add default dev ppp0`).
    pub ip: Option<IpAddr>,
    /// The route's family; an IPv4 route may name an IPv6 next hop.
    pub family: Family,
    /// Lower is preferred; the kernel's default is 0 for IPv4, 1024 for IPv6.
    pub metric: u32,
}

/// One network interface, in the order the system lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Iface {
    pub name: String,
    pub index: u32,
    /// IFF_UP: configured up (`ip link set X up`).
    pub up: bool,
    /// IFF_RUNNING: up and has carrier.
    pub running: bool,
    pub loopback: bool,
    /// The 6-byte hardware address, when the link has one.
    pub mac: Option<[u8; 6]>,
    /// None where the platform gives no cheap way to read it.
    pub mtu: Option<u32>,
    /// In the system's order: IPv4 before IPv6, primary before secondary.
    pub addrs: Vec<Addr>,
    /// Default routes leaving by this interface: IPv4 first, each family
    /// by metric.
    pub gateways: Vec<Gateway>,
}

impl Iface {
    pub(super) fn state(&self) -> State {
        match (self.up, self.running) {
            (false, _) => State::Down,
            (true, false) => State::NoCarrier,
            (true, true) => State::Up,
        }
    }

    /// The answer to `tk ip IFACE`: the first IPv4 address, or with `-6`
    /// the first global IPv6 address.
    pub(super) fn first_addr(&self, family: Family) -> Option<IpAddr> {
        self.addrs
            .iter()
            .find(|a| a.family() == family && (family == Family::V4 || a.scope == Scope::Global))
            .map(|a| a.ip)
    }
}

/// The addresses `hostname -I` prints, in its order.
///
/// hostname(1) walks getifaddrs(3) and skips entries without an address,
/// on loopback interfaces (IFF_LOOPBACK), on interfaces not IFF_UP, of
/// families other than IPv4/IPv6, and IPv6 link-local ones. The kernel's
/// address dump, which getifaddrs returns as is, lists every IPv4 address
/// before any IPv6 one, each family in interface order; so this is IPv4
/// over the interfaces, then IPv6 over the interfaces.
pub(super) fn short_addrs(ifaces: &[Iface], filter: Option<Family>) -> Vec<IpAddr> {
    let mut out = Vec::new();
    for family in [Family::V4, Family::V6] {
        if !family.allowed_by(filter) {
            continue;
        }
        for iface in ifaces.iter().filter(|i| i.up && !i.loopback) {
            let picked = iface
                .addrs
                .iter()
                .filter(|a| a.family() == family && !a.is_ipv6_link_local());
            out.extend(picked.map(|a| a.ip));
        }
    }
    out
}

/// The interfaces the table shows: up and not loopback, or all with `--all`.
pub(super) fn shown(ifaces: &[Iface], all: bool) -> impl Iterator<Item = &Iface> {
    ifaces.iter().filter(move |i| all || (i.up && !i.loopback))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn addr(s: &str) -> Addr {
        let (ip, prefix) = s.split_once('/').unwrap();
        Addr::new(ip.parse().unwrap(), prefix.parse().unwrap())
    }

    pub(crate) fn iface(name: &str, index: u32, up: bool, addrs: &[&str]) -> Iface {
        Iface {
            name: name.to_string(),
            index,
            up,
            running: up,
            loopback: name == "lo",
            mac: (name != "lo").then_some([2, 0, 0, 0, 0, u8::try_from(index).unwrap_or(u8::MAX)]),
            mtu: Some(if name == "lo" { 65536 } else { 1500 }),
            addrs: addrs.iter().map(|a| addr(a)).collect(),
            gateways: Vec::new(),
        }
    }

    /// lo, eth0 (up, v4 + secondary + v6 + link-local), eth1 (down), eth2 (up).
    pub(crate) fn host() -> Vec<Iface> {
        vec![
            iface("lo", 1, true, &["127.0.0.1/8", "::1/128"]),
            iface(
                "eth0",
                2,
                true,
                &["192.0.2.2/24", "192.0.2.9/24", "fd00::2/64", "fe80::1/64"],
            ),
            iface("eth1", 3, false, &["198.51.100.1/24"]),
            iface("eth2", 4, true, &["203.0.113.5/25", "2001:db8::5/64"]),
        ]
    }

    #[test]
    fn scopes_follow_the_kernel_defaults() {
        assert_eq!(addr("127.0.0.1/8").scope, Scope::Host);
        assert_eq!(addr("10.1.2.3/8").scope, Scope::Global);
        assert_eq!(addr("169.254.1.1/16").scope, Scope::Global);
        assert_eq!(addr("::1/128").scope, Scope::Host);
        assert_eq!(addr("fe80::1/64").scope, Scope::Link);
        assert_eq!(addr("febf::1/64").scope, Scope::Link);
        assert_eq!(addr("fec0::1/64").scope, Scope::Site);
        assert_eq!(addr("fd00::1/64").scope, Scope::Global);
        assert_eq!(Scope::Other(7).to_string(), "7");
        assert!(addr("fe80::1/64").is_ipv6_link_local());
        assert!(!addr("fec0::1/64").is_ipv6_link_local());
    }

    #[test]
    fn short_is_ipv4_first_in_interface_order_without_lo_down_or_link_local() {
        let got: Vec<String> = short_addrs(&host(), None)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            got,
            [
                "192.0.2.2",
                "192.0.2.9",
                "203.0.113.5",
                "fd00::2",
                "2001:db8::5"
            ]
        );
    }

    #[test]
    fn short_restricted_to_one_family() {
        let v6 = short_addrs(&host(), Some(Family::V6));
        assert_eq!(v6.len(), 2);
        assert!(v6.iter().all(|ip| ip.is_ipv6()));
        assert_eq!(short_addrs(&host(), Some(Family::V4)).len(), 3);
    }

    #[test]
    fn first_addr_takes_primary_ipv4_or_first_global_ipv6() {
        let eth0 = &host()[1];
        assert_eq!(eth0.first_addr(Family::V4), "192.0.2.2".parse().ok());
        assert_eq!(eth0.first_addr(Family::V6), "fd00::2".parse().ok());
        let only_link_local = iface("eth9", 9, true, &["fe80::9/64"]);
        assert_eq!(only_link_local.first_addr(Family::V6), None);
        assert_eq!(only_link_local.first_addr(Family::V4), None);
    }

    #[test]
    fn netmask_of_ipv4_prefixes_only() {
        let mask = |s| addr(s).netmask().map(|m| m.to_string());
        assert_eq!(mask("192.0.2.2/24").as_deref(), Some("255.255.255.0"));
        assert_eq!(mask("10.0.0.1/8").as_deref(), Some("255.0.0.0"));
        assert_eq!(mask("203.0.113.5/25").as_deref(), Some("255.255.255.128"));
        assert_eq!(mask("10.50.0.1/32").as_deref(), Some("255.255.255.255"));
        assert_eq!(mask("0.0.0.0/0").as_deref(), Some("0.0.0.0"));
        assert_eq!(mask("fd00::1/64"), None);
    }

    #[test]
    fn kernel_lifetimes() {
        assert_eq!(Lifetime::from_kernel(u32::MAX), Lifetime::Forever);
        assert_eq!(Lifetime::from_kernel(300), Lifetime::Seconds(300));
        assert_eq!(Lifetime::from_kernel(0), Lifetime::Seconds(0));
    }

    #[test]
    fn state_from_flags() {
        let mut i = iface("eth0", 2, true, &[]);
        assert_eq!(i.state(), State::Up);
        i.running = false;
        assert_eq!(i.state(), State::NoCarrier);
        i.up = false;
        assert_eq!(i.state(), State::Down);
    }
}
