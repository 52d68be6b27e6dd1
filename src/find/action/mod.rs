//! What actions do besides deciding: run commands (`exec`, for -exec,
//! -execdir, -ok, -okdir), hold the files -fprint and its kin write to
//! (`sink`), format -printf and -ls lines (`print`), and keep names safe
//! for a terminal (`termsafe`). The evaluator calls them; they know
//! nothing of the expression around them.

pub(crate) mod exec;
// Not yet held to `unreachable_pub` (lib.rs), being changed by other
// work in flight: the modules marked #[allow(unreachable_pub)].
#[allow(unreachable_pub)]
pub mod print;
pub(crate) mod sink;
pub(crate) mod termsafe;
