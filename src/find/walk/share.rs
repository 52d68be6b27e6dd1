//! How the walk shares its work, without knowing with whom: it offers
//! `Task`s through the `Share` trait, which the parallel layer implements
//! (threads, the order of their output). `Sharing` is the part of a
//! `Walker` that exists only while its work is shared.

use std::os::fd::OwnedFd;
use std::sync::Arc;

use crate::find::fs::listing::Batch;

/// Work given away: the entries of one directory from some point on.
pub(crate) struct Task {
    /// The starting point the directory is under, and its device.
    pub root: Vec<u8>,
    pub root_dev: u64,
    /// The directory's path and a slash; `path_len` is without the slash.
    pub path: Vec<u8>,
    pub path_len: usize,
    pub depth: usize,
    /// The open directory and what the giver knew of its identity.
    pub fd: Arc<OwnedFd>,
    pub dev: u64,
    pub ino: u64,
    pub identity: bool,
    /// The entries to walk: those of `batch` from `next` on.
    pub batch: Batch,
    pub next: usize,
}

/// What whoever shares the work asks of the walk, once per entry.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Asked {
    Nothing,
    /// Some thread waits for work: give some away if there is any.
    Work,
    /// The walk's output will wait its turn: meanwhile, read the
    /// directories it will enter next into the cache (see warm.rs), as
    /// long as `Share::still_waiting` says.
    Warm,
}

/// Whoever shares the walk's work (the parallel layer). Places in the
/// output are its own tokens: the walk only hands them back.
pub(crate) trait Share<V> {
    /// What the walk should do before its next entry.
    fn asks(&self) -> Asked;
    /// Whether the walk's output still waits its turn (see `Asked::Warm`).
    fn still_waiting(&self) -> bool;
    /// Take `task` for another thread. What the walk visits once it is
    /// back up from the task's directory goes to the place returned.
    fn give(&mut self, task: Task) -> usize;
    /// What `visitor` is given from now on goes to `place`; None: this
    /// walk's share is done for now.
    fn move_to(&mut self, place: Option<usize>, visitor: &mut V);
}

/// The part of a walker that exists while its work is shared.
pub(super) struct Sharing<'s, V> {
    pub(super) share: Box<dyn Share<V> + 's>,
    /// The depth of the directory a task given by another thread starts
    /// in: the levels above it are not this walk's.
    pub(super) floor: usize,
    /// Entries to walk before looking for work to give away again, after
    /// a look that found none (see `Walker::offer_work`).
    pub(super) give_backoff: usize,
}
