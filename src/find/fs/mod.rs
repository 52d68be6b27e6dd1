//! The file system, as the walk and the tests see it: reading directory
//! entries (`dirent`), reading a directory in batches as fts does
//! (`listing`), one file met by the walk with what is known of it so far
//! (`entry`), and the byte-level pieces of a path (`pathname`). System
//! calls and no policy: what to read ahead, or how many threads walk, is
//! decided above.

pub(crate) mod dirent;
pub mod entry;
pub(crate) mod listing;
pub(crate) mod pathname;
