//! The `tk` command line: parse it (clap definitions in `args`), run one
//! subcommand, turn its result into an exit status. Shell completions
//! (`completions`) answer from the same definitions and find's table of
//! primaries, so they cannot disagree with what `tk` accepts; the man
//! pages (`man`) are the docs pages `tk explain` shows.

mod args;
mod completions;
mod man;

use std::process::ExitCode;

use clap::Parser;

pub(crate) use args::{Cli, Command};

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
    match raw.nth(1) {
        Some(word) if word == "find" => return crate::find::main(raw.collect()),
        // What the completion scripts ask at each Tab; not for people.
        Some(word) if word == "__complete" => return completions::main(raw.collect()),
        _ => {}
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
            completions::completions(args.shell, out)
        }),
        Command::Man(args) => man(&args),
    }
}

/// `tk man`: one page on stdout, or every page into a folder.
fn man(args: &args::ManArgs) -> ExitCode {
    let lang = args.lang.unwrap_or_else(crate::explain::Lang::from_env);
    if let Some(dir) = &args.dir {
        return match man::write_all(dir, lang) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                crate::errln!("tk man: {e}");
                ExitCode::from(1)
            }
        };
    }
    match man::render(args.page.as_deref(), lang) {
        Ok(roff) => crate::out::print_document("tk man", |out| out.write_all(roff.as_bytes())),
        Err(e) => {
            crate::errln!("tk man: {e}");
            ExitCode::from(2)
        }
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
