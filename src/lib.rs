//! tk: a sysadmin helper. `tk find` (GNU find compatible), `tk ip` (host
//! addresses), `tk bmc` (BMC network settings through ipmitool) and
//! `tk explain` (built-in docs). The binary is a thin shell over this
//! library so that tests and benchmarks can reach every part.

pub mod bmc;
pub mod cli;
pub mod explain;
pub mod find;
pub mod ip;
pub mod out;
pub mod suggest;
