//! Leaf tests of a find expression, one family per module.

pub(crate) mod date;
pub(crate) mod fstype;
pub(crate) mod kind;
// Not yet held to `unreachable_pub` (lib.rs), being changed by other
// work in flight: the modules marked #[allow(unreachable_pub)].
#[allow(unreachable_pub)]
pub(crate) mod name;
#[allow(unreachable_pub)]
pub(crate) mod number;
pub(crate) mod owner;
pub(crate) mod perm;
#[allow(unreachable_pub)]
pub(crate) mod regex;
pub(crate) mod size;
pub(crate) mod time;
