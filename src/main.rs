//! The `tk` binary: parse the command line, run one subcommand, turn its
//! result into an exit status. Everything else lives in the library.

use std::process::ExitCode;

/// Runs before Rust's runtime start-up, which would quietly point a
/// closed stdout at /dev/null (see `tk::out::guard_closed_stdout`).
#[used]
#[unsafe(link_section = ".init_array")]
static GUARD_CLOSED_STDOUT: extern "C" fn() = guard_closed_stdout;

extern "C" fn guard_closed_stdout() {
    tk::out::guard_closed_stdout();
}

fn main() -> ExitCode {
    tk::cli::main()
}
