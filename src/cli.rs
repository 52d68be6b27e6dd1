//! The `tk` command line: clap definitions for the top level and each
//! subcommand, and the dispatch from a parsed command to its `run`.
//!
//! `tk find` takes its arguments raw: GNU find's expression language
//! (`-name`, `!`, `(`, `-o`, `,`) is not getopt-shaped, so clap hands the
//! words over untouched and `find::parse` owns them.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::explain::Lang;

/// A sysadmin helper: GNU-compatible find, host IPs, BMC settings, built-in docs.
#[derive(Debug, Parser)]
#[command(name = "tk", version, about, long_about = None, help_expected = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Show the host's IP addresses: interfaces, `hostname -I`, one
    /// interface's address, or the primary source address.
    Ip(crate::ip::IpArgs),
    /// Show the BMC's network settings (ipmitool lan print).
    Bmc(crate::bmc::BmcArgs),
    /// Built-in docs: list the topics, show one, or one entry of it.
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, ...).
    Completions(CompletionsArgs),
    /// Print the man page of tk, or of one subcommand, as roff.
    Man(ManArgs),
}

/// `tk explain [--lang en|zh] [--raw] [TOPIC [ENTRY]]`
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  tk explain\n  tk explain find\n  \
                        tk explain find -mtime\n  tk explain --lang zh ip\n  \
                        tk explain find -- . -name '*.txt' -mtime -7")]
pub struct ExplainArgs {
    /// Language of the docs [default: from LC_ALL, LC_MESSAGES or LANG;
    /// zh... gives Chinese, anything else English].
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Print the markdown source instead of rendering it.
    #[arg(long)]
    pub raw: bool,
    /// The topic to show (find, ip, bmc, exit-status); without it, list the topics.
    pub topic: Option<String>,
    /// One entry of the topic, such as -mtime or -prune.
    #[arg(allow_hyphen_values = true)]
    pub entry: Option<String>,
    /// After `tk explain find --`: a whole find command line to explain.
    #[arg(last = true, value_name = "FIND-ARGS")]
    pub find_args: Vec<OsString>,
}

/// `tk completions SHELL`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `tk man [SUBCOMMAND]`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand whose own page to print (named tk-SUBCOMMAND).
    pub subcommand: Option<String>,
}

/// Parse `std::env::args_os`, run the chosen subcommand, return its status.
pub fn main() -> ExitCode {
    let status = run();
    if status == ExitCode::SUCCESS && crate::out::stderr_failed() {
        return ExitCode::from(1);
    }
    status
}

fn run() -> ExitCode {
    // `tk find` owns its whole command line, so it needs nothing from
    // clap: going straight there keeps clap's code out of memory for the
    // command that runs most (peak memory is measured against GNU find).
    let mut raw = std::env::args_os();
    if raw.nth(1).is_some_and(|word| word == "find") {
        return crate::find::main(raw.collect());
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_exit(&err),
    };
    match cli.command {
        Command::Find { args } => crate::find::main(args),
        Command::Ip(args) => crate::ip::main(args),
        Command::Bmc(args) => crate::bmc::main(args),
        Command::Explain(args) => crate::explain::run(&args),
        Command::Completions(args) => crate::out::print_document("tk completions", |out| {
            crate::generate::completions(args.shell, out)
        }),
        Command::Man(args) => match crate::generate::man_command(args.subcommand.as_deref()) {
            Ok(cmd) => {
                crate::out::print_document("tk man", |out| crate::generate::man_page(cmd, out))
            }
            Err(e) => {
                crate::errln!("tk man: {e}");
                ExitCode::from(2)
            }
        },
    }
}

/// What clap's own exit does, except that --help and --version written
/// to a closed stdout or a full disk is an error (exit status 1), as in
/// GNU tools: clap ignores the failed write and exits 0.
fn clap_exit(err: &clap::Error) -> ExitCode {
    use std::io::IsTerminal;
    if err.use_stderr() || std::io::stdout().is_terminal() {
        // Usage errors go to stderr; a terminal gets clap's colours.
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    crate::out::print_document("tk", |out| write!(out, "{}", err.render()))
}
