//! The formatting half of find's output actions: `-printf`/`-fprintf`
//! formats (parsed once, rendered per file) and `-ls`/`-fls` lines, both
//! byte for byte as GNU findutils 4.9 writes them. Pure: they append to a
//! `Vec<u8>` and leave writing and error reporting to the caller.

mod clock;
mod ctx;
mod directive;
pub mod format;
mod localized;
pub mod ls;
mod mode;
mod pad;
mod render;
mod strftime;
#[cfg(test)]
mod testutil;
mod widths;

pub use ctx::{FormatCtx, Issue};
pub use format::Format;
pub use ls::render_ls;
