//! tk: a sysadmin helper. `tk find` (GNU find compatible), `tk ip` (host
//! addresses), `tk bmc` (BMC network settings through ipmitool) and
//! `tk explain` (built-in docs). The binary is a thin shell over this
//! library. What is `pub` here is what the binary, the tests and the fuzz
//! targets use (the command line, the parsers they feed, the docs'
//! tables); the rest is `pub(crate)`. docs/dev/architecture.md draws the
//! layers.

// `pub` means exported, and the compiler holds to it: anything else is
// pub(crate), so that a reader (and the dead code lint) can tell the
// library's surface from its insides.
#![warn(unreachable_pub)]

pub mod bmc;
pub mod cli;
pub mod explain;
pub mod find;
pub(crate) mod ip;
pub mod out;
pub mod size_classes;
pub(crate) mod suggest;

/// `eprintln!` that cannot panic, as `crate::errln!` (see out.rs).
pub(crate) use out::errln;

/// The one rule for a test that cannot run here (tests/common/skip.rs),
/// for the unit tests too: the same file, not a copy.
#[cfg(test)]
#[path = "../tests/common/skip.rs"]
#[allow(dead_code, unreachable_pub)]
pub(crate) mod skip;
