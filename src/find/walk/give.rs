//! The walk's side of sharing work (the other side is `Share`, which
//! the parallel layer implements): taking up a directory's entries that
//! another walk gave away, giving some of its own, and saying where in
//! the output what it visits goes.

use super::share::{Share, Sharing, Task};
use super::visitor::Visitor;
use super::walker::{Frame, Level, Walker, frame_stack};
use crate::find::types::Kind;

impl<'v, V: Visitor> Walker<'v, V> {
    /// Share the work with `threads` walks (this one included) through
    /// `share`; each keeps its share of the descriptor budget.
    pub(crate) fn share_work(&mut self, share: Box<dyn Share<V> + 'v>, threads: usize) {
        self.sharing = Some(Sharing {
            share,
            floor: 0,
            give_backoff: 0,
        });
        self.fd_budget = (self.fd_budget / threads.max(1)).max(8);
    }

    /// What is visited from here on goes to `place` in the output (a
    /// token of the `Share`); None: this walk's share is done for now.
    pub(crate) fn output_at(&mut self, place: Option<usize>) {
        if let Some(sharing) = &mut self.sharing {
            sharing.share.move_to(place, self.visitor);
        }
    }

    /// Walk the entries another walk gave away, and what is below them;
    /// what they print goes to `place`.
    pub(crate) fn walk_task(&mut self, task: Task, place: usize) {
        self.output_at(Some(place));
        self.root_dev = task.root_dev;
        // The levels above the task's directory are the giver's: this
        // walk never goes up into them.
        let above = || Level {
            fd: None,
            dev: 0,
            ino: 0,
            identity: false,
            path_len: 0,
            reading: false,
            via_link: false,
        };
        self.levels.clear();
        self.levels.resize_with(task.depth, above);
        self.levels.push(Level {
            fd: Some(task.fd),
            dev: task.dev,
            ino: task.ino,
            identity: task.identity,
            path_len: task.path_len,
            ..above()
        });
        self.open_fds = 1;
        self.close_next = task.depth;
        self.set_floor(task.depth);
        let mut path = task.path;
        let frame = Frame {
            reader: None,
            prefetched: false,
            batch: task.batch,
            next: task.next,
            depth: task.depth,
            path_len: task.path_len,
            base_len: path.len(),
            after: None,
            resume_in: None,
        };
        let mut frames = frame_stack();
        frames.push(frame);
        self.walk_frames(frames, &mut path, &task.root, c"");
        self.set_floor(0);
    }

    fn set_floor(&mut self, depth: usize) {
        if let Some(sharing) = &mut self.sharing {
            sharing.floor = depth;
        }
    }

    /// Another thread waits for work: give it some, if there is any. A
    /// look goes through every directory the walk is in, so after one
    /// that found nothing the walk goes as many entries on before the
    /// next: in a chain of 20,000 directories, looking at each entry made
    /// the walk quadratic.
    pub(super) fn offer_work(&mut self, frames: &mut [Frame], path: &[u8], root: &[u8]) {
        let Some(sharing) = &mut self.sharing else {
            return;
        };
        if sharing.give_backoff > 0 {
            sharing.give_backoff -= 1;
        } else if !self.give_away(frames, path, root) {
            if let Some(sharing) = &mut self.sharing {
                sharing.give_backoff = frames.len();
            }
        }
    }

    /// Give part of this walk to a thread that waits for work: the rest
    /// of the deepest directory (when it is the one being walked, the
    /// second half of the rest) that has sub-directories left and whose
    /// entries are all read. The deepest, because its output comes soon
    /// after this thread's: the taker's output is held in memory until
    /// then (see the parallel layer). Only directories deeper than one already
    /// given from qualify, so that the output's parts stay in order.
    fn give_away(&mut self, frames: &mut [Frame], path: &[u8], root: &[u8]) -> bool {
        let first = frames
            .iter()
            .rposition(|f| f.resume_in.is_some())
            .map_or(0, |i| i + 1);
        let top = frames.len().saturating_sub(1);
        for (i, frame) in frames.iter_mut().enumerate().skip(first).rev() {
            if frame.reader.is_some() || frame.prefetched {
                continue;
            }
            let left = frame.batch.children.len() - frame.next;
            let from = if i == top {
                frame.next + left / 2
            } else {
                frame.next
            };
            let subdirs = frame.batch.children[from..]
                .iter()
                .any(|c| matches!(c.dtype, Some(Kind::Dir) | None));
            if left < 2 && i == top || !subdirs {
                continue;
            }
            let level = &self.levels[frame.depth];
            let Some(fd) = level.fd.clone() else { continue };
            let (batch, next) = if i == top {
                // Half of a huge directory would be copied: keep it.
                if !frame.batch.is_small() {
                    continue;
                }
                (frame.batch.split_off(from), 0)
            } else {
                // The walk is below the entry before `next`, and needs its
                // name on the way back up; the rest of the batch goes
                // as it is.
                let walked = frame.batch.copy(frame.next - 1..frame.next);
                let batch = std::mem::replace(&mut frame.batch, walked);
                (batch, std::mem::replace(&mut frame.next, 1))
            };
            let task = Task {
                root: root.to_vec(),
                root_dev: self.root_dev,
                path: path_buffer(&path[..frame.base_len]),
                path_len: frame.path_len,
                depth: frame.depth,
                fd,
                dev: level.dev,
                ino: level.ino,
                identity: level.identity,
                batch,
                next,
            };
            let Some(sharing) = &mut self.sharing else {
                return false;
            };
            frame.resume_in = Some(sharing.share.give(task));
            return true;
        }
        false
    }
}

/// A copy of `path` for the taker's walk to grow, with room for a usual
/// path's depth (see `Batch::make_room` for why not a bare copy).
fn path_buffer(path: &[u8]) -> Vec<u8> {
    let mut buffer = Vec::with_capacity(path.len().max(4096));
    buffer.extend_from_slice(path);
    buffer
}
