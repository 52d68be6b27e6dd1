//! `tk ip`: the host's network setup, what `ipconfig /all` answers. A
//! table of interfaces (addresses, netmasks, lifetimes, default gateways)
//! and the DNS servers, the line `hostname -I` prints, one interface's
//! address (macOS `ipconfig getifaddr`), or the primary source address or
//! the gateway (`ip route get`), as text or JSON. Linux only: it reads the
//! kernel over netlink. This module is glue: arguments -> `Plan`, then
//! collect (`collect`, `route`, `resolv`), choose (`model`) and render
//! (`render`).

mod collect;
mod model;
mod netlink;
mod render;
mod resolv;
mod route;

use std::fmt;
use std::io::{self, Write};
use std::net::IpAddr;
use std::process::ExitCode;

use crate::out::{Out, is_broken_pipe};
use model::{Family, Iface};

/// Show the host's IP addresses, gateways and DNS servers.
#[derive(Debug, clap::Args)]
pub(crate) struct IpArgs {
    /// Print only this interface's first IPv4 address (with -6: its first
    /// global IPv6 address), like macOS `ipconfig getifaddr IFACE`.
    #[arg(value_name = "IFACE", conflicts_with_all = ["all", "short", "primary", "gateway", "dns"])]
    pub iface: Option<String>,

    /// Also list interfaces that are down, and loopback.
    #[arg(long = "all", conflicts_with_all = ["short", "primary", "gateway", "dns"])]
    pub all: bool,

    /// Print one line, exactly what `hostname -I` prints: the addresses of
    /// interfaces that are up, without loopback and IPv6 link-local ones.
    #[arg(long = "short", conflicts_with_all = ["primary", "gateway", "dns"])]
    pub short: bool,

    /// Print the source address the kernel picks toward the default route
    /// (what `ip route get` reports). IPv4 first, else IPv6.
    #[arg(long = "primary", conflicts_with_all = ["gateway", "dns"])]
    pub primary: bool,

    /// Print the gateway of the route the kernel picks toward the internet
    /// (what `ip route get` reports). IPv4 first, else IPv6.
    #[arg(long = "gateway", conflicts_with = "dns")]
    pub gateway: bool,

    /// Print the DNS servers from /etc/resolv.conf, one a line, and
    /// systemd-resolved's upstream servers when it points at its stub.
    #[arg(long = "dns")]
    pub dns: bool,

    /// Only IPv4 addresses.
    #[arg(short = '4', conflicts_with = "ipv6")]
    pub ipv4: bool,

    /// Only IPv6 addresses.
    #[arg(short = '6')]
    pub ipv6: bool,

    /// Print JSON instead of text.
    #[arg(long = "json")]
    pub json: bool,
}

/// What the user asked for, once the flags are read.
#[derive(Debug)]
enum Query {
    Table { all: bool },
    Short,
    Iface(String),
    Primary,
    Gateway,
    Dns,
}

#[derive(Debug)]
struct Plan {
    query: Query,
    filter: Option<Family>,
    json: bool,
}

impl Plan {
    fn from_args(args: IpArgs) -> Plan {
        // clap lets at most one of these through (conflicts_with).
        let query = if let Some(name) = args.iface {
            Query::Iface(name)
        } else if args.short {
            Query::Short
        } else if args.primary {
            Query::Primary
        } else if args.gateway {
            Query::Gateway
        } else if args.dns {
            Query::Dns
        } else {
            Query::Table { all: args.all }
        };
        let filter = match (args.ipv4, args.ipv6) {
            (true, _) => Some(Family::V4),
            (false, true) => Some(Family::V6),
            (false, false) => None,
        };
        Plan {
            query,
            filter,
            json: args.json,
        }
    }
}

/// Why `tk ip` failed; each is one line on stderr and exit status 1.
#[derive(Debug)]
enum IpError {
    NoSuchInterface(String),
    NoAddress { iface: String, family: Family },
    NoRoute(Option<Family>),
    NoGateway { family: Family, iface: String },
    System { what: &'static str, err: io::Error },
    Output(io::Error),
}

impl fmt::Display for IpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpError::NoSuchInterface(name) => write!(f, "no such interface: {name}"),
            IpError::NoAddress { iface, family } => match family {
                Family::V4 => write!(f, "{iface} has no IPv4 address"),
                Family::V6 => write!(f, "{iface} has no global IPv6 address"),
            },
            IpError::NoRoute(None) => write!(f, "no default route (IPv4 or IPv6)"),
            IpError::NoRoute(Some(family)) => write!(f, "no {} default route", family.name()),
            IpError::NoGateway { family, iface } => write!(
                f,
                "the {} default route has no gateway: it goes straight out of {iface}",
                family.name()
            ),
            IpError::System { what, err } => {
                write!(f, "{what}: {}", crate::out::strerror(err))
            }
            IpError::Output(err) => write!(f, "writing output: {}", crate::out::strerror(err)),
        }
    }
}

fn system(what: &'static str) -> impl FnOnce(io::Error) -> IpError {
    move |err| IpError::System { what, err }
}

/// Run `tk ip`; errors become `tk ip: ...` on stderr and status 1.
pub(crate) fn main(args: IpArgs) -> ExitCode {
    let plan = Plan::from_args(args);
    let mut out = Out::stdout();
    let result = run(&plan, &mut out).and_then(|()| out.flush().map_err(IpError::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(IpError::Output(err)) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            crate::errln!("tk ip: {err}");
            ExitCode::from(1)
        }
    }
}

/// Everything is gathered and chosen before the first byte is written, so
/// a failing query leaves stdout empty.
fn run(plan: &Plan, out: &mut impl Write) -> Result<(), IpError> {
    let host = collect::hostname().map_err(system("reading the host name"))?;
    let interfaces = || collect::interfaces().map_err(system("listing interfaces"));
    let written = match &plan.query {
        Query::Table { all } => {
            let mut ifaces = interfaces()?;
            collect::add_gateways(&mut ifaces).map_err(system("listing routes"))?;
            table(plan, out, &host, &ifaces, *all)
        }
        Query::Short => {
            let addrs = model::short_addrs(&interfaces()?, plan.filter);
            if plan.json {
                render::write_json(out, &render::json_short(&host, &addrs))
            } else {
                render::short(out, &addrs)
            }
        }
        Query::Iface(name) => {
            let ip = iface_addr(&interfaces()?, name, plan.filter)?;
            if plan.json {
                render::write_json(out, &render::json_iface_addr(&host, name, &ip))
            } else {
                render::single(out, &ip)
            }
        }
        Query::Primary => {
            let ip = route::primary(plan.filter)
                .map_err(system("looking up the default route"))?
                .ok_or(IpError::NoRoute(plan.filter))?;
            if plan.json {
                render::write_json(out, &render::json_primary(&host, &ip))
            } else {
                render::single(out, &ip)
            }
        }
        Query::Gateway => {
            let (family, iface, ip) = gateway(plan.filter)?;
            if plan.json {
                render::write_json(out, &render::json_gateway(&host, &ip, family, &iface))
            } else {
                render::single(out, &ip)
            }
        }
        Query::Dns => {
            let dns = read_dns();
            if plan.json {
                render::write_json(out, &render::json_dns(&host, &dns, plan.filter))
            } else {
                render::dns(out, &dns, plan.filter)
            }
        }
    };
    written.map_err(IpError::Output)
}

fn table(
    plan: &Plan,
    out: &mut impl Write,
    host: &str,
    ifaces: &[Iface],
    all: bool,
) -> io::Result<()> {
    let shown = model::shown(ifaces, all);
    let dns = read_dns();
    if plan.json {
        // The table's JSON carries the primary address too; none is null.
        let primary = route::primary(plan.filter).unwrap_or(None);
        let value = render::json_table(host, shown, plan.filter, primary, &dns);
        render::write_json(out, &value)
    } else {
        render::table(out, host, shown, plan.filter, &dns)
    }
}

/// The DNS configuration; a file that cannot be read is a warning.
fn read_dns() -> resolv::Dns {
    let (dns, warnings) = resolv::read();
    for warning in warnings {
        crate::errln!("tk ip: warning: {warning}");
    }
    dns
}

/// The gateway of the route the kernel picks toward the internet: its
/// family, the interface it leaves by and the next hop.
fn gateway(filter: Option<Family>) -> Result<(Family, String, IpAddr), IpError> {
    let (family, route) = route::default_route(filter)
        .map_err(system("looking up the default route"))?
        .ok_or(IpError::NoRoute(filter))?;
    let iface = nix::net::if_::if_indextoname(route.index)
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|_| format!("interface {}", route.index));
    match route.gateway {
        Some(ip) => Ok((family, iface, ip)),
        None => Err(IpError::NoGateway { family, iface }),
    }
}

fn iface_addr(ifaces: &[Iface], name: &str, filter: Option<Family>) -> Result<IpAddr, IpError> {
    let iface = ifaces
        .iter()
        .find(|i| i.name == name)
        .ok_or_else(|| IpError::NoSuchInterface(name.to_string()))?;
    let family = filter.unwrap_or(Family::V4);
    iface.first_addr(family).ok_or(IpError::NoAddress {
        iface: name.to_string(),
        family,
    })
}
