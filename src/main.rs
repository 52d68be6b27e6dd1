//! The `tk` binary: parse the command line, run one subcommand, turn its
//! result into an exit status. Everything else lives in the library.

use std::process::ExitCode;

/// Runs before Rust's runtime start-up, which would quietly point a
/// closed stdout or stderr at /dev/null (see
/// `tk::out::guard_closed_output`).
#[used]
#[unsafe(link_section = ".init_array")]
static GUARD_CLOSED_OUTPUT: extern "C" fn() = guard_closed_output;

extern "C" fn guard_closed_output() {
    tk::out::guard_closed_output();
}

/// glibc's malloc with small requests rounded to powers of two, which
/// holds a many-threaded `tk find`'s memory down (see size_classes.rs).
#[global_allocator]
static ALLOCATOR: tk::size_classes::SizeClasses = tk::size_classes::SizeClasses;

fn main() -> ExitCode {
    tk::cli::main()
}
