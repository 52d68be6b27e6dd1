//! The `tk` command line: clap definitions for the top level and each
//! subcommand, and the dispatch from a parsed command to its `run`.
//!
//! `tk find` takes its arguments raw: GNU find's expression language
//! (`-name`, `!`, `(`, `-o`, `,`) is not getopt-shaped, so clap hands the
//! words over untouched and `find::parse` owns them.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// A sysadmin helper: GNU-compatible find, host IPs, BMC settings, built-in docs.
#[derive(Debug, Parser)]
#[command(name = "tk", version, about, long_about = None, help_expected = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the host's IP addresses: interfaces, `hostname -I`, one
    /// interface's address, or the primary source address.
    Ip(crate::ip::IpArgs),
}

/// Parse `std::env::args_os`, run the chosen subcommand, return its status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Ip(args) => crate::ip::main(args),
    }
}
