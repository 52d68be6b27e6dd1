//! The directory walk: `Walker` visits the files under each starting
//! point in GNU find's order and hands each to a `Visitor` (the
//! evaluator). It knows nothing of who shares its work: threads that take
//! part of it do so through the `Share` trait, which the parallel layer
//! implements (`share`, `give`); directories may be read ahead of it on
//! other threads (`prefetch`), or warmed while its output waits its turn
//! (`warm`). Whether to do either is decided above, in
//! the parallel layer's policy.
//!
//! The walk, in GNU find's order: depth first, each directory's
//! entries in the order the file system returns them, a directory before
//! its contents (after them with -depth).
//!
//! Directories are opened with openat(2) relative to their parent and
//! entries are stat'ed with fstatat(2) relative to the open directory, so a
//! path is never looked up again from the root and trees deeper than
//! PATH_MAX work. Like gnulib's fts (which GNU find uses), entries are read
//! in batches of at most 100,000, and a batch of more than 10,000 entries
//! is visited in inode order except on tmpfs, NFS and CIFS, where that
//! sort does not pay; matching that keeps our output order equal to GNU's.
//!
//! One path buffer is shared down the walk, and at most a budget of
//! directories is kept open: past it the shallowest open ancestor is
//! closed and, on the way back up, opened again through ".." and checked
//! to be the same directory (device and inode), as fts does. So a tree
//! 20,000 levels deep needs neither 20,000 descriptors nor 20,000 copies
//! of its path.
//!
//! When the expression cannot change the tree, other threads may read
//! directories ahead of the walk (see `prefetch`); the walk checks what
//! they send and reads a directory itself whenever it does not match.
//!
//! walkdir, the crate first chosen for this, could not give GNU's
//! behaviour: under -L it turns a dangling symlink into an error instead of
//! an entry, it stats through whole paths, and it cannot order huge
//! directories as fts does.

mod give;
mod opts;
mod prefetch;
mod share;
mod visitor;
mod walker;
mod warm;

pub(crate) use opts::{Follow, WALK_STACK, WalkOpts};
pub(crate) use share::{Asked, Share, Task};
pub(crate) use visitor::{Flow, Visitor, WalkError};
pub(crate) use walker::{Walker, open_file_limit};
