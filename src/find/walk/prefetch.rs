//! Reading directories ahead of the walk on a second thread, so that one
//! core opens and reads directories while the other stats, tests and
//! prints. The reader walks the same tree in the same order as the walk
//! and sends, for each directory the walk will enter, a `Dir` message,
//! its batches of entries, and the sub-directories' messages nested in
//! between, then `End`.
//!
//! For expressions that read files' metadata, the thread also stats the
//! entries of the directories it reads (see `STAT_AHEAD`), but only while
//! the walk is behind it: each thread then does about half of the work.
//!
//! It is used only where reading early cannot change the answer: no
//! -exec, -ok or -delete (which may change the tree while it is walked),
//! and links not followed. The walk checks every `Dir` message against
//! the directory it wants and reads a directory itself whenever the two
//! disagree, so the output never depends on the thread keeping up.

use std::ffi::{CStr, CString, OsString};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use nix::errno::Errno;
use nix::fcntl::AT_FDCWD;

use super::opts::WalkOpts;
use crate::find::fs::entry::stat_at;
use crate::find::fs::listing::{Batch, open_dir, read_batch};
use crate::find::types::Kind;

/// Chunks of messages in flight at most. Messages travel in chunks so
/// that the threads meet once per chunk, not once per directory: with one
/// message at a time, a bare listing of 1M entries made 654,000 futex
/// calls and doubled the system time.
const QUEUE: usize = 2;

/// A chunk is sent when it has this many messages, directories (each
/// holds a descriptor open) or entries. Four directories rather than
/// eight: the batches in flight were 90 KiB of peak memory, and the
/// futex calls for the 1M-entry tree are still about 3,200.
const CHUNK_MESSAGES: usize = 256;
const CHUNK_DIRS: usize = 4;
const CHUNK_ENTRIES: usize = 256;

/// How deep the thread reads. Deeper directories are read by the walk,
/// which keeps its descriptors within a budget; the thread keeps one per
/// level.
const DEPTH: usize = 64;

/// The largest batch the thread stats ahead: a bigger one, from a huge
/// directory, would hold its entries' metadata in memory (144 bytes
/// each) until the walk reached it, so the walk stats those itself.
const STAT_AHEAD: usize = 256;

/// A directory opened by the reading thread.
pub(super) struct Opened {
    pub fd: Arc<OwnedFd>,
    pub dev: u64,
}

pub(super) enum Msg {
    Dir {
        depth: usize,
        name: CString,
        opened: Result<Opened, Errno>,
    },
    Batch(Batch),
    End,
}

/// The walk's end of the reading thread.
pub(super) struct Prefetch {
    rx: Option<Receiver<Vec<Msg>>>,
    /// Chunks sent and not yet taken (see `Outbox::stats_ahead`).
    backlog: Arc<AtomicUsize>,
    /// The chunk being taken apart.
    inbox: std::vec::IntoIter<Msg>,
    peeked: Option<Msg>,
    thread: Option<JoinHandle<()>>,
}

impl Prefetch {
    /// Start reading ahead. With one lane the thread reads everything;
    /// with several, lane k reads the sub-directories of each starting
    /// point whose position (among those the walk enters) is k modulo the
    /// number of lanes, and the walk reads the starting points themselves.
    /// With `stat_ahead`, the thread also stats entries while the walk
    /// lags behind.
    pub(super) fn start(
        roots: &[OsString],
        opts: &WalkOpts,
        stat_ahead: bool,
        lane: usize,
        lanes: usize,
    ) -> Prefetch {
        let (tx, rx) = sync_channel(QUEUE);
        let backlog = Arc::new(AtomicUsize::new(0));
        let out = Outbox::new(tx, Arc::clone(&backlog), stat_ahead);
        let roots = roots.to_vec();
        let opts = opts.clone();
        let thread = std::thread::Builder::new()
            .name(format!("tk-find-read-{lane}"))
            .stack_size(super::opts::WALK_STACK)
            .spawn(move || produce(out, &roots, &opts, lane, lanes))
            .ok();
        Prefetch {
            rx: thread.is_some().then_some(rx),
            backlog,
            inbox: Vec::new().into_iter(),
            peeked: None,
            thread,
        }
    }

    fn peek(&mut self) -> Option<&Msg> {
        while self.peeked.is_none() {
            self.peeked = self.inbox.next();
            if self.peeked.is_none() {
                self.inbox = self.rx.as_ref()?.recv().ok()?.into_iter();
                self.backlog.fetch_sub(1, Ordering::Relaxed);
            }
        }
        self.peeked.as_ref()
    }

    /// The next message, None once the thread has finished.
    pub(super) fn take(&mut self) -> Option<Msg> {
        self.peek();
        self.peeked.take()
    }

    /// The `Dir` message for the directory `name` at `depth`, skipping the
    /// messages of directories the walk did not enter. None when the
    /// thread did not read it (the walk then reads it itself).
    pub(super) fn open(&mut self, depth: usize, name: &CStr) -> Option<Result<Opened, Errno>> {
        loop {
            let Some(Msg::Dir {
                depth: d, name: n, ..
            }) = self.peek()
            else {
                return None;
            };
            if *d == depth && n.as_c_str() == name {
                let Some(Msg::Dir { opened, .. }) = self.take() else {
                    unreachable!("peeked a Dir message");
                };
                return Some(opened);
            }
            if *d < depth {
                return None;
            }
            self.skip_dir();
        }
    }

    /// Drop the next `Dir` message and everything up to its `End`.
    fn skip_dir(&mut self) {
        self.take();
        self.skip_rest_of_dir();
    }

    /// Drop the messages of a directory whose `Dir` was taken, up to and
    /// including its `End`.
    pub(super) fn skip_rest_of_dir(&mut self) {
        let mut open = 1usize;
        while let Some(msg) = self.take() {
            match msg {
                Msg::Dir { .. } => open += 1,
                Msg::End => {
                    open -= 1;
                    if open == 0 {
                        return;
                    }
                }
                Msg::Batch(_) => {}
            }
        }
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        // Hanging up makes the thread's next send fail, and it returns.
        self.rx = None;
        self.peeked = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The reading thread: every starting point that is a directory, or
/// this lane's share of their sub-directories.
fn produce(mut out: Outbox, roots: &[OsString], opts: &WalkOpts, lane: usize, lanes: usize) {
    if opts.max_depth == Some(0) {
        return;
    }
    for root in roots {
        let Ok(name) = CString::new(root.as_bytes()) else {
            continue;
        };
        let Ok(st) = stat_at(AT_FDCWD, &name, false) else {
            continue;
        };
        if Kind::from_mode(st.st_mode) != Kind::Dir {
            continue;
        }
        let sent = if lanes == 1 {
            read_dir(&mut out, AT_FDCWD, &name, 0, st.st_dev, opts)
        } else {
            read_share(&mut out, &name, st.st_dev, opts, lane, lanes)
        };
        if sent.is_err() {
            return;
        }
    }
    let _ = out.flush();
}

/// Lane `lane`'s sub-directories of the starting point `name`.
fn read_share(
    out: &mut Outbox,
    name: &CStr,
    root_dev: u64,
    opts: &WalkOpts,
    lane: usize,
    lanes: usize,
) -> Result<(), Gone> {
    if opts.max_depth.is_some_and(|max| max <= 1) {
        return Ok(());
    }
    let Ok(mut dir) = open_dir(AT_FDCWD, name, false, false) else {
        return Ok(());
    };
    let mut position = 0;
    loop {
        let mut batch = Batch::default();
        let more = read_batch(&mut dir.reader, &mut batch);
        for sub in sub_dirs(&batch, dir.reader.fd().as_fd()) {
            if position % lanes == lane {
                read_dir(out, dir.reader.fd().as_fd(), &sub, 1, root_dev, opts)?;
            }
            position += 1;
        }
        if !more {
            return Ok(());
        }
    }
}

/// The walk has hung up.
struct Gone;

/// The reading thread's end: messages gathered into chunks.
struct Outbox {
    tx: SyncSender<Vec<Msg>>,
    /// Chunks sent and not yet taken by the walk.
    backlog: Arc<AtomicUsize>,
    /// Whether to stat entries while the walk lags.
    stat_ahead: bool,
    chunk: Vec<Msg>,
    dirs: usize,
    entries: usize,
}

impl Outbox {
    fn new(tx: SyncSender<Vec<Msg>>, backlog: Arc<AtomicUsize>, stat_ahead: bool) -> Outbox {
        Outbox {
            tx,
            backlog,
            stat_ahead,
            chunk: Vec::new(),
            dirs: 0,
            entries: 0,
        }
    }

    /// Whether to stat the entries of a batch ahead: only small batches,
    /// and only while the walk has a chunk waiting, so that the thread
    /// takes work off the walk when the walk is the slower one, and does
    /// not fall behind it otherwise.
    fn stats_ahead(&self, batch: &Batch) -> bool {
        self.stat_ahead
            && batch.children.len() <= STAT_AHEAD
            && self.backlog.load(Ordering::Relaxed) > 0
    }

    fn flush(&mut self) -> Result<(), Gone> {
        self.dirs = 0;
        self.entries = 0;
        if self.chunk.is_empty() {
            return Ok(());
        }
        // Not `with_capacity(CHUNK_MESSAGES)`: most chunks end at
        // CHUNK_DIRS with a few dozen messages, and three chunks of 256
        // unused slots were 100 KiB of peak memory.
        let chunk = std::mem::take(&mut self.chunk);
        self.backlog.fetch_add(1, Ordering::Relaxed);
        self.tx.send(chunk).map_err(|_| Gone)
    }
}

fn send(out: &mut Outbox, msg: Msg) -> Result<(), Gone> {
    match &msg {
        Msg::Dir { .. } => out.dirs += 1,
        Msg::Batch(batch) => out.entries += batch.children.len(),
        Msg::End => {}
    }
    out.chunk.push(msg);
    let full =
        out.chunk.len() >= CHUNK_MESSAGES || out.dirs >= CHUNK_DIRS || out.entries >= CHUNK_ENTRIES;
    if full { out.flush() } else { Ok(()) }
}

/// Send one directory's messages, its sub-directories' nested inside.
fn read_dir(
    out: &mut Outbox,
    parent: BorrowedFd<'_>,
    name: &CStr,
    depth: usize,
    root_dev: u64,
    opts: &WalkOpts,
) -> Result<(), Gone> {
    let dir = open_dir(parent, name, false, opts.same_file_system);
    let dir = match dir {
        Ok(dir) => dir,
        Err(e) => {
            send(out, dir_msg(depth, name, Err(e)))?;
            return send(out, Msg::End);
        }
    };
    let opened = Opened {
        fd: dir.reader.shared_fd(),
        dev: dir.dev,
    };
    send(out, dir_msg(depth, name, Ok(opened)))?;
    if opts.same_file_system && dir.dev != root_dev {
        return send(out, Msg::End);
    }
    let descend = depth < DEPTH && opts.max_depth.is_none_or(|max| depth + 1 < max);
    let fd = dir.reader.shared_fd();
    let mut reader = Some(dir.reader);
    while let Some(dir) = &mut reader {
        let mut batch = Batch::default();
        if !read_batch(dir, &mut batch) {
            // Read to the end: give the buffer back before going deeper.
            reader = None;
        }
        if out.stats_ahead(&batch) {
            batch.stat_all(fd.as_fd());
        }
        let subdirs: Vec<CString> = if descend {
            sub_dirs(&batch, fd.as_fd())
        } else {
            Vec::new()
        };
        send(out, Msg::Batch(batch))?;
        for sub in &subdirs {
            read_dir(out, fd.as_fd(), sub, depth + 1, root_dev, opts)?;
        }
    }
    send(out, Msg::End)
}

fn dir_msg(depth: usize, name: &CStr, opened: Result<Opened, Errno>) -> Msg {
    Msg::Dir {
        depth,
        name: name.to_owned(),
        opened,
    }
}

/// The entries of a batch the walk will descend into, in order.
fn sub_dirs(batch: &Batch, dir: BorrowedFd<'_>) -> Vec<CString> {
    batch
        .children
        .iter()
        .filter(|child| {
            let kind = match child.dtype {
                Some(kind) => Some(kind),
                None => stat_at(dir, batch.name(child), false)
                    .ok()
                    .map(|st| Kind::from_mode(st.st_mode)),
            };
            kind == Some(Kind::Dir)
        })
        .map(|child| batch.name(child).to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;
    use std::path::PathBuf;
    use std::time::{Duration, Instant};

    /// While the walk takes nothing, chunks pile up and the thread stats
    /// ahead; each stat it sends is the entry's own lstat.
    #[test]
    fn the_thread_stats_ahead_while_the_walk_lags() {
        let tmp = tempfile::tempdir().unwrap();
        for d in 0..40 {
            let dir = tmp.path().join(format!("d{d}"));
            std::fs::create_dir(&dir).unwrap();
            for f in 0..4 {
                std::fs::write(dir.join(format!("f{f}")), vec![b'x'; d * 10 + f]).unwrap();
            }
            std::os::unix::fs::symlink("nowhere", dir.join("link")).unwrap();
        }
        let root = tmp.path().as_os_str().to_owned();
        let mut prefetch = Prefetch::start(&[root], &WalkOpts::default(), true, 0, 1);
        let deadline = Instant::now() + Duration::from_secs(10);
        while prefetch.backlog.load(Ordering::Relaxed) < QUEUE && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }

        let mut dirs: Vec<PathBuf> = Vec::new();
        let (mut statted, mut entries) = (0, 0);
        while let Some(msg) = prefetch.take() {
            match msg {
                Msg::Dir { name, opened, .. } => {
                    assert!(opened.is_ok());
                    let name = std::ffi::OsStr::from_bytes(name.to_bytes());
                    let path = match dirs.last() {
                        Some(up) => up.join(name),
                        None => PathBuf::from(name),
                    };
                    dirs.push(path);
                }
                Msg::End => {
                    dirs.pop();
                }
                Msg::Batch(batch) => {
                    for (i, child) in batch.children.iter().enumerate() {
                        entries += 1;
                        let Some(stat) = batch.stat(i) else { continue };
                        statted += 1;
                        let name = std::ffi::OsStr::from_bytes(batch.name(child).to_bytes());
                        let path = dirs.last().unwrap().join(name);
                        let meta = std::fs::symlink_metadata(&path).unwrap();
                        assert_eq!(stat.st_ino, meta.ino(), "{path:?}");
                        assert_eq!(
                            u64::try_from(stat.st_size).unwrap(),
                            meta.size(),
                            "{path:?}"
                        );
                        assert_eq!(stat.st_mode, meta.mode(), "{path:?}");
                    }
                }
            }
        }
        assert_eq!(entries, 40 * 6);
        assert!(statted > 0, "nothing was stat'ed ahead");
    }
}
