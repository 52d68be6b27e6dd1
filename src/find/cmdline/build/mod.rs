//! The builders of the primaries: what each row of the table in
//! `primaries` calls to read its arguments and make its test, action or
//! option. One file per family, named as the `pred/` or `action/` module
//! the family builds for, so a primary's reader sits beside its kin and
//! the grammar (`grammar`, `parser`) knows no primary by name. Each
//! reader gives GNU find's words when it refuses an argument.

pub(super) mod delete;
pub(super) mod exec;
pub(super) mod kind;
pub(super) mod name;
pub(super) mod number;
pub(super) mod option;
pub(super) mod owner;
pub(super) mod perm;
pub(super) mod print;
pub(super) mod reference;
pub(super) mod regex;
pub(super) mod size;
pub(super) mod time;
