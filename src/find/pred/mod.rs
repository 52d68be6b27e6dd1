//! Leaf tests of a find expression, one family per module.

pub mod date;
pub mod fstype;
pub mod kind;
pub mod name;
pub mod number;
pub mod owner;
pub mod perm;
pub mod regex;
pub mod size;
pub mod time;
