//! The clap definitions of the `tk` command line: the top level and each
//! subcommand. Subcommands that own their arguments (ip, bmc, explain)
//! define them beside their code; this file only names them.
//!
//! `tk find` takes its arguments raw: GNU find's expression language
//! (`-name`, `!`, `(`, `-o`, `,`) is not getopt-shaped, so clap hands the
//! words over untouched and `find::parse` owns them.

use std::ffi::OsString;

use clap::{Args, Parser, Subcommand};

use crate::explain::{ExplainArgs, Lang};

/// A sysadmin helper: GNU-compatible find, host IPs, BMC settings, built-in docs.
#[derive(Debug, Parser)]
#[command(name = "tk", version, about, long_about = None, help_expected = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Search for files in a directory hierarchy (GNU find compatible).
    #[command(
        disable_help_flag = true,
        override_usage = "tk find [-H] [-L] [-P] [-D debugopts] [-Olevel] [starting-point...] [expression]"
    )]
    Find {
        /// Starting points and the expression, exactly as GNU find takes them.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
        args: Vec<OsString>,
    },
    /// Show the host's network setup: addresses, gateways, DNS servers;
    /// or `hostname -I`, one interface's address, the primary source
    /// address, the gateway.
    Ip(crate::ip::IpArgs),
    /// Show the BMC's network settings (ipmitool lan print, or Redfish).
    Bmc(crate::bmc::BmcArgs),
    /// Built-in docs: list the topics, show one, or one entry of it.
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, ...).
    Completions(CompletionsArgs),
    /// Print the man page of tk, or of one command, as roff.
    Man(ManArgs),
}

/// `tk completions SHELL`
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `tk man [--lang en|zh] [PAGE]`, `tk man [--lang en|zh] --dir DIR`
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  tk man find | man -l -\n  \
                        tk man --dir ~/.local/share/man")]
pub(crate) struct ManArgs {
    /// Language of the pages [default: from LC_ALL, LC_MESSAGES or LANG;
    /// zh... gives Chinese, anything else English].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Write every page into DIR/man1 (tk.1, tk-find.1 ...) instead of
    /// printing one.
    #[arg(long, value_name = "DIR", conflicts_with = "page")]
    pub dir: Option<std::path::PathBuf>,
    /// The page to print: find, ip, bmc or explain (tk-PAGE(1)); without
    /// it, tk(1).
    pub page: Option<String>,
}
