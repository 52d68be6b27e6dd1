//! The command line of `tk bmc` (clap derive; the doc comments are the
//! help text). Kept beside the module so `src/cli.rs` only names it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Show the BMC's network settings (`ipmitool lan print`) as a table, JSON
/// or one field.
///
/// Without --host, asks the local BMC through /dev/ipmi0 (as root). With
/// --host, asks a BMC over the network; the password comes from the
/// environment variable IPMI_PASSWORD or from --password-file, and never
/// appears on a command line. Exit statuses: 0 ok, 1 other failure,
/// 2 usage, 3 ipmitool missing, 4 no /dev/ipmi0, 5 permission denied,
/// 6 session or credentials refused, 7 bad channel, 8 timeout,
/// 9 partial output (shown, with a warning), 130 interrupted.
#[derive(Debug, Clone, Args)]
#[command(help_expected = true)]
pub struct BmcArgs {
    /// LAN channel to print (ipmitool picks the first LAN channel without it).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=15))]
    pub channel: Option<u8>,

    /// Ask the BMC at this address over the network instead of /dev/ipmi0.
    #[arg(long, short = 'H', value_name = "HOST")]
    pub host: Option<String>,

    /// UDP port of the remote BMC.
    #[arg(long, value_name = "PORT", default_value_t = 623, requires = "host")]
    pub port: u16,

    /// User name on the remote BMC.
    #[arg(long, short = 'U', value_name = "USER", requires = "host")]
    pub user: Option<String>,

    /// IPMI interface for the remote BMC: lanplus (IPMI 2.0) or lan (1.5).
    #[arg(long, value_enum, value_name = "IF", default_value_t = Interface::Lanplus, requires = "host")]
    pub interface: Interface,

    /// RMCP+ cipher suite for lanplus (ipmitool -C); without it ipmitool
    /// asks the BMC, which some BMCs answer slowly or never.
    #[arg(long, value_name = "N", requires = "host")]
    pub cipher_suite: Option<u8>,

    /// File whose first line is the remote BMC's password (else
    /// IPMI_PASSWORD is used, else an empty password).
    #[arg(long, value_name = "FILE", requires = "host")]
    pub password_file: Option<PathBuf>,

    /// The ipmitool program to run [env: TK_IPMITOOL] [default: ipmitool].
    #[arg(long, value_name = "PATH")]
    pub ipmitool: Option<PathBuf>,

    /// Stop ipmitool after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,

    /// Parse a saved `ipmitool lan print` capture instead (- for stdin).
    #[arg(long, value_name = "FILE",
          conflicts_with_all = ["host", "channel", "ipmitool", "timeout"])]
    pub from: Option<PathBuf>,

    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Print one value: a --json key (ip_address, vlan_id...) or a label
    /// as ipmitool prints it ("Auth Type Enable").
    #[arg(long, value_name = "NAME", conflicts_with = "json")]
    pub field: Option<String>,
}

/// How ipmitool talks to a remote BMC (`ipmitool -I`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Interface {
    /// IPMI 2.0 RMCP+ (what current BMCs speak).
    Lanplus,
    /// IPMI 1.5 RMCP.
    Lan,
}

impl Interface {
    pub fn as_str(self) -> &'static str {
        match self {
            Interface::Lanplus => "lanplus",
            Interface::Lan => "lan",
        }
    }
}
