//! `tk ip`: the host's IP addresses. A table of interfaces, the line
//! `hostname -I` prints, one interface's address (macOS `ipconfig
//! getifaddr`), or the primary source address (`ip route get`), as text or
//! JSON. This module is glue: arguments -> `Plan`, then collect
//! (`collect`, `route`), choose (`model`) and render (`render`).

mod collect;
mod model;
#[cfg(target_os = "linux")]
mod netlink;
mod render;
mod route;

use std::fmt;
use std::io::{self, Write};
use std::net::IpAddr;
use std::process::ExitCode;

use crate::out::{Out, is_broken_pipe};
use model::{Family, Iface};

/// Show the host's IP addresses.
#[derive(Debug, clap::Args)]
pub struct IpArgs {
    /// Print only this interface's first IPv4 address (with -6: its first
    /// global IPv6 address), like macOS `ipconfig getifaddr IFACE`.
    #[arg(value_name = "IFACE", conflicts_with_all = ["all", "short", "primary"])]
    pub iface: Option<String>,

    /// Also list interfaces that are down, and loopback.
    #[arg(long = "all", conflicts_with_all = ["short", "primary"])]
    pub all: bool,

    /// Print one line, exactly what `hostname -I` prints: the addresses of
    /// interfaces that are up, without loopback and IPv6 link-local ones.
    #[arg(long = "short", conflicts_with = "primary")]
    pub short: bool,

    /// Print the source address the kernel picks toward the default route
    /// (what `ip route get` reports). IPv4 first, else IPv6.
    #[arg(long = "primary")]
    pub primary: bool,

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
}

#[derive(Debug)]
struct Plan {
    query: Query,
    filter: Option<Family>,
    json: bool,
}

impl Plan {
    fn from_args(args: IpArgs) -> Plan {
        let query = match (args.iface, args.short, args.primary) {
            (Some(name), _, _) => Query::Iface(name),
            (None, true, _) => Query::Short,
            (None, false, true) => Query::Primary,
            (None, false, false) => Query::Table { all: args.all },
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
            IpError::System { what, err } => write!(f, "{what}: {err}"),
            IpError::Output(err) => write!(f, "writing output: {}", crate::out::strerror(err)),
        }
    }
}

fn system(what: &'static str) -> impl FnOnce(io::Error) -> IpError {
    move |err| IpError::System { what, err }
}

/// Run `tk ip`; errors become `tk ip: ...` on stderr and status 1.
pub fn main(args: IpArgs) -> ExitCode {
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
    let ifaces = collect::interfaces().map_err(system("listing interfaces"))?;
    let written = match &plan.query {
        Query::Table { all } => table(plan, out, &host, &ifaces, *all),
        Query::Short => {
            let addrs = model::short_addrs(&ifaces, plan.filter);
            if plan.json {
                render::write_json(out, &render::json_short(&host, &addrs))
            } else {
                render::short(out, &addrs)
            }
        }
        Query::Iface(name) => {
            let ip = iface_addr(&ifaces, name, plan.filter)?;
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
    if plan.json {
        // The table's JSON carries the primary address too; none is null.
        let primary = route::primary(plan.filter).unwrap_or(None);
        render::write_json(out, &render::json_table(host, shown, plan.filter, primary))
    } else {
        render::table(out, host, shown, plan.filter)
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
