//! The command line of `tk bmc` (clap derive; the doc comments are the
//! help text). Kept beside the module so `src/cli/args.rs` only names it.

use std::path::PathBuf;

use clap::{ArgGroup, Args, ValueEnum};

/// The end of `tk bmc --help` (and of `tk man bmc`).
const AFTER_HELP: &str = "\
Without --host, tk bmc asks the local BMC through /dev/ipmi0 (as root).
With --host it asks a BMC over the network with IPMI, or with --redfish
over HTTPS from its Redfish API (the certificate is checked against the
system's trust store, or --cacert FILE). The password comes from the
environment variable IPMI_PASSWORD or --password-file, never from a
command line.

--host more than once, a host list (bmc[01-64].dc1, 10.0.0.[5-9,12]) or
--hosts-file asks many BMCs at once (--fanout at a time), one row each,
in the order given; so does --from with several capture files.

Examples:
  sudo tk bmc
  IPMI_PASSWORD=secret tk bmc --host 10.0.0.50 --user admin --json
  IPMI_PASSWORD=secret tk bmc --host 'bmc[01-64].dc1' --user admin --timeout 10
  IPMI_PASSWORD=secret tk bmc --redfish --host 10.0.0.50 --user admin --cacert bmc.pem
  tk bmc --from lan-print.txt --field ip_address

Exit status: 0 ok; 1 other failure; 2 usage; 3 ipmitool not installed;
4 no /dev/ipmi0; 5 permission denied on /dev/ipmi0; 6 the BMC refused
the session or credentials (or never answered); 7 invalid or non-LAN
channel; 8 --timeout ran out; 9 ipmitool stopped part-way (what it printed
is shown, with a warning); 10 the BMC's HTTPS certificate is not trusted
(--redfish); 130 interrupted. With many hosts: 0 when every host
answered, 1 when any failed (each host's status is in its row), 2 usage,
130 interrupted.";

/// `tk bmc`: the BMC's network settings (`ipmitool lan print`) as a
/// table, JSON or one field; the variant's doc in `cli/args.rs` is the summary.
#[derive(Debug, Clone, Args)]
#[command(help_expected = true, after_long_help = AFTER_HELP,
          group(ArgGroup::new("remote").args(["host", "hosts_file"]).multiple(true)))]
pub(crate) struct BmcArgs {
    /// LAN channel to print (ipmitool picks the first LAN channel without it).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=15))]
    pub channel: Option<u8>,

    /// Ask the BMC at this address (HOST or HOST:PORT) over the network
    /// instead of /dev/ipmi0. Give it more than once, or a host list
    /// (bmc[01-64].dc1, 10.0.0.[5-9,12]), to ask many BMCs.
    #[arg(long, short = 'H', value_name = "HOST")]
    pub host: Vec<String>,

    /// Ask the BMCs named in FILE (- for standard input): one host, HOST:PORT
    /// or host list a line; blank lines and # comments are skipped.
    #[arg(long, value_name = "FILE")]
    pub hosts_file: Option<PathBuf>,

    /// With many hosts, ask at most N at once.
    #[arg(long, value_name = "N", default_value_t = 32,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub fanout: u16,

    /// Port of the remote BMC [default: 623 (UDP) for IPMI, 443 (HTTPS)
    /// with --redfish].
    #[arg(long, value_name = "PORT", requires = "remote")]
    pub port: Option<u16>,

    /// Read the settings from the BMC's Redfish API over HTTPS instead of
    /// IPMI (needs --host or --hosts-file).
    #[arg(long, requires = "remote",
          conflicts_with_all = ["channel", "interface", "cipher_suite", "ipmitool", "from"])]
    pub redfish: bool,

    /// With --redfish: trust the certificate authority (or the BMC's own
    /// self-signed certificate) in this PEM file instead of the system's.
    #[arg(
        long,
        value_name = "FILE",
        requires = "redfish",
        conflicts_with = "insecure"
    )]
    pub cacert: Option<PathBuf>,

    /// With --redfish: do not check the BMC's certificate at all (anyone
    /// on the path can then read the password).
    #[arg(long, requires = "redfish")]
    pub insecure: bool,

    /// User name on the remote BMC.
    #[arg(long, short = 'U', value_name = "USER", requires = "remote")]
    pub user: Option<String>,

    /// IPMI interface for the remote BMC: lanplus (IPMI 2.0) or lan (1.5).
    #[arg(long, value_enum, value_name = "IF", default_value_t = Interface::Lanplus, requires = "remote")]
    pub interface: Interface,

    /// RMCP+ cipher suite for lanplus (ipmitool -C); without it ipmitool
    /// asks the BMC, which some BMCs answer slowly or never.
    #[arg(long, value_name = "N", requires = "remote")]
    pub cipher_suite: Option<u8>,

    /// File whose first line is the remote BMC's password (else
    /// IPMI_PASSWORD is used, else an empty password).
    #[arg(long, value_name = "FILE", requires = "remote")]
    pub password_file: Option<PathBuf>,

    /// The ipmitool program to run [env: TK_IPMITOOL] [default: ipmitool].
    #[arg(long, value_name = "PATH")]
    pub ipmitool: Option<PathBuf>,

    /// Stop ipmitool (or the Redfish exchange) after this many seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,

    /// Parse a saved `ipmitool lan print` capture instead (- for stdin);
    /// several files give one row each, named by the file.
    #[arg(long, value_name = "FILE", num_args = 1..,
          conflicts_with_all = ["remote", "channel", "ipmitool", "timeout"])]
    pub from: Vec<PathBuf>,

    /// Print JSON instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Print one value: a --json key (ip_address, vlan_id...) or a label
    /// as ipmitool prints it ("Auth Type Enable").
    #[arg(long, value_name = "NAME", conflicts_with = "json")]
    pub field: Option<String>,
}

impl BmcArgs {
    /// The remote port: `--port`, else the protocol's own.
    pub(crate) fn port(&self) -> u16 {
        self.port.unwrap_or(if self.redfish { 443 } else { 623 })
    }
}

/// How ipmitool talks to a remote BMC (`ipmitool -I`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Interface {
    /// IPMI 2.0 RMCP+ (what current BMCs speak).
    Lanplus,
    /// IPMI 1.5 RMCP.
    Lan,
}

impl Interface {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Interface::Lanplus => "lanplus",
            Interface::Lan => "lan",
        }
    }
}
