//! The find command line, read into a `Plan` before anything is walked:
//! the parser with its grammar (`parser`), the table of primaries it
//! dispatches through (`primaries`), and the errors it reports with the
//! offending word marked (`error`).

pub mod error;
pub mod parser;
pub mod primaries;
