//! The `tk` binary: parse the command line, run one subcommand, turn its
//! result into an exit status. Everything else lives in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    tk::cli::main()
}
