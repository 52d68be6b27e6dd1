//! Leaf tests of a find expression, one family per module.

pub(crate) mod date;
pub(crate) mod fstype;
pub(crate) mod kind;
pub(crate) mod name;
pub(crate) mod number;
pub(crate) mod owner;
pub(crate) mod perm;
pub(crate) mod regex;
pub(crate) mod size;
pub(crate) mod time;
