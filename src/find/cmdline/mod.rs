//! The find command line, read into a `Plan` before anything is walked:
//! the grammar (`grammar`), the table of primaries it dispatches through
//! (`primaries`) and the builders its rows call, one file per family
//! (`build/`), the tree built as GNU builds it (`tree`), the parser's
//! state and its cursor over the words (`parser`), the errors, with the
//! offending word marked (`error`), and the starting points -files0-from
//! reads (`files0`).

mod build;
pub mod error;
pub(crate) mod files0;
pub(crate) mod grammar;
mod parser;
pub mod primaries;
mod tree;

pub use grammar::{Plan, parse};
pub(crate) use parser::DEBUG_FLAGS;
