//! What the walk asks of whoever looks at the files it meets (the
//! evaluator): a decision per entry, and the errors met on the way.

use nix::errno::Errno;

use crate::find::fs::entry::Entry;

/// What the expression decided for an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    /// Do not descend into this directory (-prune).
    Prune,
    /// Stop the whole walk (-quit).
    Quit,
}

/// Problems met while walking, reported without stopping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WalkError {
    /// A system call failed on this path.
    Io(Errno),
    /// Under -L, a directory that is its own ancestor; the second path is
    /// the ancestor's.
    Loop(Vec<u8>),
    /// A directory closed to save descriptors was no longer where the
    /// walk left it when it came back; the rest of it is skipped.
    Moved,
}

/// The evaluator, seen from the walk.
pub(crate) trait Visitor {
    fn visit(&mut self, entry: &Entry<'_>) -> Flow;
    fn error(&mut self, path: &[u8], error: WalkError);

    /// The walk as GNU find's fts sees it, for -execdir's batches: `None`
    /// when a starting point begins, then `Some(depth)` before each entry
    /// the walk meets (visited or not: under -mindepth, or missing) and
    /// when it leaves a directory it read, at that directory's depth.
    fn step(&mut self, _depth: Option<usize>) {}
}
