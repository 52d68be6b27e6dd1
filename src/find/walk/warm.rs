//! Warming the directories a walk will read next, while its output waits
//! its turn (`Asked::Warm`, from whoever shares the work): each is
//! opened, read to its end and closed, and what was read is thrown away.
//! The kernel keeps the directory's blocks and inode in its cache, so
//! that the walk, once its turn comes, reads them from memory.
//!
//! On a cold cache a walk on several threads prints in GNU find's order
//! only by holding each thread's output until the output before it is
//! written, and a thread whose held output is full waits (see the
//! parallel layer). Its wait is spent here instead, keeping the disk
//! busy: it costs a second read of each directory from the cache, and no
//! memory but a list of names for each level being warmed.
//!
//! Only directories the walk will enter are warmed: those of the
//! directories it is in that it has not reached yet, and what is below
//! them, in the walk's order, within -maxdepth. The caller allows it only
//! where the walk opens directories before their visit anyway
//! (`Walker::open_dirs_early`: nothing in the expression keeps the walk
//! out of a directory or changes the tree).

use std::ffi::{CStr, CString};
use std::os::fd::{AsFd, BorrowedFd};

use super::visitor::Visitor;
use super::walker::{Frame, Walker};
use crate::find::fs::listing::open_dir;
use crate::find::types::Kind;

/// The most directories one wait warms. A wait on the 1M-entry tree
/// lasted 8 to 130 ms mostly, a few up to 2 s; one cold directory takes
/// 0.3-1 ms to read there. Beyond some hundreds, what is warmed may be
/// out of the cache again before the walk gets to it, on a tree larger
/// than memory.
const WARM_MOST: usize = 256;

/// How many levels below the walk's deepest directory warming goes: each
/// holds a descriptor open while the ones below it are warmed.
const WARM_DEPTH: usize = 8;

/// What one wait may still warm, and whether to go on.
struct Budget<'a> {
    left: usize,
    go_on: &'a dyn Fn() -> bool,
    max_depth: Option<usize>,
}

impl Budget<'_> {
    /// Whether a directory at `depth` may be warmed now.
    fn allows(&self, depth: usize) -> bool {
        self.left > 0 && self.max_depth.is_none_or(|max| depth < max) && (self.go_on)()
    }
}

impl<'v, V: Visitor> Walker<'v, V> {
    /// Warm the directories the walk will enter after the current entry
    /// (`frames`, the deepest last), in its order, while its output still
    /// waits its turn.
    pub(super) fn warm_while_waiting(&self, frames: &[Frame]) {
        let Some(sharing) = &self.sharing else {
            return;
        };
        let mut budget = Budget {
            left: WARM_MOST,
            go_on: &|| sharing.share.still_waiting(),
            max_depth: self.opts.max_depth,
        };
        for frame in frames.iter().rev() {
            let Some(fd) = &self.levels[frame.depth].fd else {
                continue;
            };
            let upcoming = frame.batch.children[frame.next..]
                .iter()
                .filter(|child| child.dtype == Some(Kind::Dir))
                .map(|child| frame.batch.name(child));
            for name in upcoming {
                if !budget.allows(frame.depth + 1) {
                    return;
                }
                warm_dir(fd.as_fd(), name, frame.depth + 1, WARM_DEPTH, &mut budget);
            }
        }
    }
}

/// Read the directory `name` under `parent` (at `depth`) to its end, then
/// what is below it, `levels` deep at most.
fn warm_dir(parent: BorrowedFd<'_>, name: &CStr, depth: usize, levels: usize, budget: &mut Budget) {
    budget.left -= 1;
    let Ok(mut dir) = open_dir(parent, name, false, false) else {
        // The walk meets the same error and reports it.
        return;
    };
    let mut subdirs = Vec::new();
    while let Some(Ok(entry)) = dir.reader.next_entry() {
        if entry.kind == Some(Kind::Dir) && levels > 1 && subdirs.len() < budget.left {
            subdirs.push(CString::from(entry.name));
        }
    }
    for name in &subdirs {
        if !budget.allows(depth + 1) {
            return;
        }
        warm_dir(dir.reader.fd().as_fd(), name, depth + 1, levels - 1, budget);
    }
}
