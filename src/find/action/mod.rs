//! What actions do besides deciding: run commands (`exec`, for -exec,
//! -execdir, -ok, -okdir), hold the files -fprint and its kin write to
//! (`sink`), format -printf and -ls lines (`print`), and keep names safe
//! for a terminal (`termsafe`). The evaluator calls them; they know
//! nothing of the expression around them.

pub(crate) mod exec;
pub mod print;
pub(crate) mod sink;
pub(crate) mod termsafe;
