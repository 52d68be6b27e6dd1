//! The directory walk, in GNU find's order: depth first, each directory's
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
//! When the expression cannot change the tree, other threads may read
//! directories ahead of the walk (see `prefetch`); the walk checks what
//! they send and reads a directory itself whenever it does not match.
//!
//! walkdir, the crate first chosen for this, could not give GNU's
//! behaviour: under -L it turns a dangling symlink into an error instead of
//! an entry, it stats through whole paths, and it cannot order huge
//! directories as fts does.

use std::ffi::{CString, OsStr, OsString};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;
use nix::fcntl::AT_FDCWD;

use super::entry::{Entry, stat_at};
use super::expr::Kind;
use super::listing::{Batch, Child, open_dir, read_batch};
use super::prefetch::{Msg, Prefetch};

/// How symbolic links are treated (-P, -H, -L).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Follow {
    #[default]
    Never,
    /// Only for the starting points (-H).
    Roots,
    Always,
}

/// The options that shape the walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOpts {
    pub follow: Follow,
    /// -depth: a directory after its contents.
    pub contents_first: bool,
    pub min_depth: usize,
    pub max_depth: Option<usize>,
    /// -xdev: stay on each starting point's file system.
    pub same_file_system: bool,
    /// -ignore_readdir_race: be silent about entries that vanish.
    pub ignore_vanished: bool,
}

/// What the expression decided for an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Do not descend into this directory (-prune).
    Prune,
    /// Stop the whole walk (-quit).
    Quit,
}

/// Problems met while walking, reported without stopping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkError {
    /// A system call failed on this path.
    Io(Errno),
    /// Under -L, a directory that is its own ancestor; the second path is
    /// the ancestor's.
    Loop(Vec<u8>),
}

/// The evaluator, seen from the walk.
pub trait Visitor {
    fn visit(&mut self, entry: &Entry<'_>) -> Flow;
    fn error(&mut self, path: &[u8], error: WalkError);
}

struct Ancestor {
    dev: u64,
    ino: u64,
    path_len: usize,
}

/// Walks starting points one after the other.
pub struct Walker<'v, V: Visitor> {
    opts: WalkOpts,
    visitor: &'v mut V,
    root_dev: u64,
    ancestors: Vec<Ancestor>,
    quit: bool,
    /// Directories read ahead on other threads, when that is safe: one
    /// lane reads everything, or each of several lanes reads its share of
    /// the starting points' sub-directories (see `Prefetch::start`).
    prefetch: Vec<Prefetch>,
    /// The lane reading the sub-directory of the starting point being
    /// walked, and how many such sub-directories the walk has met.
    lane: usize,
    subdirs_met: usize,
}

impl<'v, V: Visitor> Walker<'v, V> {
    pub fn new(opts: WalkOpts, visitor: &'v mut V) -> Self {
        Walker {
            opts,
            visitor,
            root_dev: 0,
            ancestors: Vec::new(),
            quit: false,
            prefetch: Vec::new(),
            lane: 0,
            subdirs_met: 0,
        }
    }

    /// Read the directories under `roots` ahead on `lanes` other threads.
    /// The caller decides it is safe: nothing in the expression changes
    /// the tree, and links are not followed.
    pub fn read_ahead(&mut self, roots: &[OsString], lanes: usize) {
        if self.opts.follow == Follow::Never && lanes > 0 {
            self.prefetch = (0..lanes)
                .map(|lane| Prefetch::start(roots, &self.opts, lane, lanes))
                .collect();
        }
    }

    /// The read-ahead lane for a directory at `depth`, if any.
    fn lane(&mut self, depth: usize) -> Option<&mut Prefetch> {
        match self.prefetch.len() {
            0 => None,
            1 => self.prefetch.first_mut(),
            _ if depth == 0 => None,
            _ => self.prefetch.get_mut(self.lane),
        }
    }

    /// Walk one starting point. Returns false once -quit was met.
    pub fn walk_root(&mut self, root: &OsStr) -> bool {
        if self.quit {
            return false;
        }
        let bytes = root.as_bytes();
        self.ancestors.clear();
        self.subdirs_met = 0;
        let Ok(name) = CString::new(bytes) else {
            self.visitor.error(bytes, WalkError::Io(Errno::EINVAL));
            return true;
        };
        let follow = self.opts.follow != Follow::Never;
        match stat_at(AT_FDCWD, &name, follow) {
            Ok(st) => {
                self.root_dev = st.st_dev;
                let entry =
                    Entry::new(bytes, bytes, 0, AT_FDCWD, &name, follow, None).with_stat(st);
                self.process(entry, Kind::from_mode(st.st_mode));
            }
            Err(e) => self.visitor.error(bytes, WalkError::Io(e)),
        }
        !self.quit
    }

    fn follows(&self, depth: usize) -> bool {
        match self.opts.follow {
            Follow::Never => false,
            Follow::Roots => depth == 0,
            Follow::Always => true,
        }
    }

    /// Visit an entry and, for a directory, what is below it.
    fn process(&mut self, entry: Entry<'_>, kind: Kind) {
        let depth = entry.depth;
        let visible = depth >= self.opts.min_depth;
        let may_descend = kind == Kind::Dir && self.opts.max_depth.is_none_or(|max| depth < max);
        if may_descend {
            self.choose_lane(depth);
        }
        if !may_descend || self.opts.contents_first {
            if may_descend {
                self.descend(&entry);
                if self.quit {
                    return;
                }
            }
            if visible && self.visitor.visit(&entry) == Flow::Quit {
                self.quit = true;
            }
            return;
        }
        if visible {
            match self.visitor.visit(&entry) {
                Flow::Quit => {
                    self.quit = true;
                    return;
                }
                Flow::Prune => {
                    self.skip_prefetched(&entry);
                    return;
                }
                Flow::Continue => {}
            }
        }
        self.descend(&entry);
    }

    /// Open the directory of `entry` and walk its entries.
    fn descend(&mut self, entry: &Entry<'_>) {
        let path = entry.path;
        let depth = entry.depth;
        let prefetched = match self.lane(depth) {
            Some(prefetch) => prefetch.open(depth, entry.at_name),
            None => None,
        };
        let (fd, dev, ino, mut reader) = match prefetched {
            Some(Ok(opened)) => (opened.fd, opened.dev, 0, None),
            Some(Err(e)) => {
                self.visitor.error(path, WalkError::Io(e));
                self.end_prefetched(depth);
                return;
            }
            None => {
                let follow = self.follows(entry.depth);
                let identity = self.opts.same_file_system || self.opts.follow != Follow::Never;
                match open_dir(entry.parent, entry.at_name, follow, identity) {
                    Ok(dir) => (dir.reader.shared_fd(), dir.dev, dir.ino, Some(dir.reader)),
                    Err(e) => {
                        self.visitor.error(path, WalkError::Io(e));
                        return;
                    }
                }
            }
        };
        if self.opts.same_file_system && dev != self.root_dev {
            if reader.is_none() {
                self.end_prefetched(depth);
            }
            return;
        }
        self.ancestors.push(Ancestor {
            dev,
            ino,
            path_len: path.len(),
        });
        let mut child_path = path.to_vec();
        if !child_path.ends_with(b"/") {
            child_path.push(b'/');
        }
        let base_len = child_path.len();
        let mut batch = Batch::default();
        loop {
            let more = match &mut reader {
                Some(reader) => read_batch(reader, &mut batch),
                None => match self.next_prefetched_batch(depth) {
                    Some(next) => {
                        batch = next;
                        true
                    }
                    None => break,
                },
            };
            if let Some(e) = batch.error {
                self.visitor.error(path, WalkError::Io(e));
            }
            for child in &batch.children {
                child_path.truncate(base_len);
                child_path.extend_from_slice(batch.name(child).to_bytes());
                self.child(fd.as_fd(), &batch, child, entry, &child_path);
                if self.quit {
                    break;
                }
            }
            if !more || self.quit {
                break;
            }
        }
        self.ancestors.pop();
    }

    /// The next batch of the directory being read ahead, None at its end.
    /// A sub-directory's messages met here belong to one the walk did not
    /// enter (it could not tell its type): they are skipped.
    fn next_prefetched_batch(&mut self, depth: usize) -> Option<Batch> {
        let prefetch = self.lane(depth)?;
        loop {
            match prefetch.take()? {
                Msg::Batch(batch) => return Some(batch),
                Msg::End => return None,
                Msg::Dir { .. } => {
                    // Put the walk back in step: this Dir's subtree is unwanted.
                    prefetch.skip_rest_of_dir();
                }
            }
        }
    }

    /// The lanes share a starting point's sub-directories in turn: the
    /// walk counts them as the reading threads do.
    fn choose_lane(&mut self, depth: usize) {
        if depth == 1 && !self.prefetch.is_empty() {
            self.lane = self.subdirs_met % self.prefetch.len();
            self.subdirs_met += 1;
        }
    }

    /// A directory whose stat failed: report it and let the expression
    /// see it, untyped, as GNU find does (even under -ignore_readdir_race,
    /// which silences only files that vanish before a test stats them).
    fn unstatable(&mut self, entry: &Entry<'_>, e: Errno) {
        if self.opts.max_depth.is_none_or(|max| entry.depth < max) {
            self.choose_lane(entry.depth);
            self.skip_prefetched(entry);
        }
        self.visitor.error(entry.path, WalkError::Io(e));
        entry.stat_reported.set(true);
        if entry.depth >= self.opts.min_depth && self.visitor.visit(entry) == Flow::Quit {
            self.quit = true;
        }
    }

    /// Drop what was read ahead for a directory the walk will not enter.
    fn skip_prefetched(&mut self, entry: &Entry<'_>) {
        if let Some(prefetch) = self.lane(entry.depth) {
            if let Some(_opened) = prefetch.open(entry.depth, entry.at_name) {
                prefetch.skip_rest_of_dir();
            }
        }
    }

    /// Consume the `End` of a read-ahead directory the walk leaves early.
    fn end_prefetched(&mut self, depth: usize) {
        if let Some(prefetch) = self.lane(depth) {
            while let Some(msg) = prefetch.take() {
                match msg {
                    Msg::End => return,
                    Msg::Dir { .. } => prefetch.skip_rest_of_dir(),
                    Msg::Batch(_) => {}
                }
            }
        }
    }

    fn child(
        &mut self,
        dir: BorrowedFd<'_>,
        batch: &Batch,
        child: &Child,
        parent: &Entry<'_>,
        path: &[u8],
    ) {
        let depth = parent.depth + 1;
        let follow = self.follows(depth);
        let name = batch.name(child);
        let entry = Entry::new(path, parent.root, depth, dir, name, follow, child.dtype);
        if child.dtype == Some(Kind::Dir) && !follow {
            // Like fts, stat a directory before the expression sees it: one
            // that vanished or cannot be stat'ed is reported once, has no
            // type for the tests, and is not entered.
            if let Err(e) = entry.stat() {
                self.unstatable(&entry, e);
                return;
            }
        }
        let kind = match entry.kind() {
            Ok(kind) => kind,
            Err(Errno::ENOENT) if self.opts.ignore_vanished => return,
            Err(e) => {
                self.visitor.error(path, WalkError::Io(e));
                return;
            }
        };
        if follow && kind == Kind::Dir {
            if let Ok(st) = entry.stat() {
                if let Some(a) = self
                    .ancestors
                    .iter()
                    .find(|a| a.dev == st.st_dev && a.ino == st.st_ino)
                {
                    let ancestor = parent.path[..a.path_len].to_vec();
                    self.visitor.error(path, WalkError::Loop(ancestor));
                    return;
                }
            }
        }
        self.process(entry, kind);
    }
}
