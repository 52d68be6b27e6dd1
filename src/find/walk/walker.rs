use std::ffi::{CStr, CString, OsStr, OsString};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::sync::Arc;

use nix::errno::Errno;
use nix::fcntl::{AT_FDCWD, OFlag, openat};
use nix::sys::stat::{FileStat, Mode, fstat};

use super::opts::{Follow, WalkOpts};
use super::prefetch::{Msg, Prefetch};
use super::share::{Asked, Sharing};
use super::visitor::{Flow, Visitor, WalkError};
use crate::find::fs::dirent::DirReader;
use crate::find::fs::entry::{Entry, KeptFacts, stat_at};
use crate::find::fs::listing::{Batch, OpenDir, open_dir, read_batch};
use crate::find::types::Kind;

/// A directory the walk is inside: `levels[k]` is the one at depth k.
pub(super) struct Level {
    /// The open directory, or None while it is closed to stay within the
    /// descriptor budget.
    pub(super) fd: Option<Arc<OwnedFd>>,
    /// Its device and inode, when `identity` says they are known: for
    /// loops under -L, and to check that ".." led back to it.
    pub(super) dev: u64,
    pub(super) ino: u64,
    pub(super) identity: bool,
    /// The length of its path in the path buffer.
    pub(super) path_len: usize,
    /// Whether its entries are still being read from `fd`, so that
    /// closing it would lose the reading position.
    pub(super) reading: bool,
    /// Whether it was entered through a symbolic link (under -L), so
    /// that the way back to the level above is not its "..".
    pub(super) via_link: bool,
}

/// The room the walk's stacks of directories start with. Grown from
/// nothing, they left freed buffers of sizes below 1 KiB behind, which
/// glibc keeps per thread (see `Batch::make_room`); with a thread taking up work
/// while it waits (the parallel layer), walks start often.
const START_LEVELS: usize = 32;

/// An empty stack of directories being walked, with room for
/// `START_LEVELS`.
pub(super) fn frame_stack() -> Vec<Frame> {
    Vec::with_capacity(START_LEVELS)
}

/// How many batches of finished directories are kept for reuse (small
/// ones only: see `Batch::is_small`).
const SPARE_BATCHES: usize = 4;

/// A directory whose entries the walk is going through.
pub(super) struct Frame {
    /// The reader, while the walk reads the directory itself and has not
    /// reached its end.
    pub(super) reader: Option<DirReader>,
    /// Whether more batches may come from the read-ahead thread.
    pub(super) prefetched: bool,
    pub(super) batch: Batch,
    /// The next entry of `batch` to look at.
    pub(super) next: usize,
    pub(super) depth: usize,
    /// The length of the directory's path, and of that path and a slash.
    pub(super) path_len: usize,
    pub(super) base_len: usize,
    /// Under -depth, what is known about the directory, to visit it last.
    pub(super) after: Option<KeptFacts>,
    /// When the rest of its entries were given to another thread: the
    /// part of the output that follows them (see `give_away`).
    pub(super) resume_in: Option<usize>,
}

/// What the walk does after looking at an entry.
enum Next {
    Done,
    /// Walk the directory's contents (`opened` when it was opened before
    /// the visit); then, under -depth, visit it with what was learned
    /// about it (`after`).
    Descend {
        after: Option<KeptFacts>,
        opened: Option<OpenDir>,
    },
}

/// The directory an entry's name is relative to.
enum Parent {
    /// The starting points are relative to the working directory.
    Cwd,
    Dir(Arc<OwnedFd>),
}

impl Parent {
    fn fd(&self) -> BorrowedFd<'_> {
        match self {
            Parent::Cwd => AT_FDCWD,
            Parent::Dir(fd) => fd.as_fd(),
        }
    }
}

/// Where an entry is, apart from its path (in the walk's buffer) and its
/// parent directory (which may be closed and opened again meanwhile).
#[derive(Clone, Copy)]
struct Site<'a> {
    root: &'a [u8],
    depth: usize,
    at_name: &'a CStr,
    follow: bool,
    /// Whether a directory here may be reached through a symbolic link
    /// (followed under -L), so that its ".." is not the directory above.
    via_link: bool,
}

impl<'a> Site<'a> {
    fn entry<'b>(&self, path: &'b [u8], parent: &'b Parent, dtype: Option<Kind>) -> Entry<'b>
    where
        'a: 'b,
    {
        Entry::new(
            path,
            self.root,
            self.depth,
            parent.fd(),
            self.at_name,
            self.follow,
            dtype,
        )
    }
}

/// Walks starting points one after the other.
pub(crate) struct Walker<'v, V: Visitor> {
    pub(super) opts: WalkOpts,
    pub(super) visitor: &'v mut V,
    pub(super) root_dev: u64,
    /// The directories the walk is inside, the starting point first.
    pub(super) levels: Vec<Level>,
    /// The path of the entry being visited; each level appends to it.
    pub(super) path: Vec<u8>,
    /// Batches of directories walked already, to read the next ones into
    /// without allocating again.
    pub(super) spare_batches: Vec<Batch>,
    /// Directories of `levels` that are open, at most `fd_budget` of
    /// them (but never the newest, or one still being read).
    pub(super) open_fds: usize,
    pub(super) fd_budget: usize,
    /// Levels below this index are closed or cannot be closed.
    pub(super) close_next: usize,
    pub(super) quit: bool,
    /// Whether sub-directories may be opened before their visit (see
    /// `open_early`).
    pub(super) opens_early: bool,
    /// Directories read ahead on other threads, when that was asked for
    /// (`read_ahead`).
    read_ahead: Option<ReadAhead>,
    /// Other walks that share the work, when that was asked for
    /// (`share_work`).
    pub(super) sharing: Option<Sharing<'v, V>>,
}

/// Directories read ahead on other threads: one lane reads everything,
/// or each of several lanes reads its share of the starting points'
/// sub-directories (see `Prefetch::start`).
struct ReadAhead {
    lanes: Vec<Prefetch>,
    /// The lane reading the sub-directory of the starting point being
    /// walked, and how many such sub-directories the walk has met.
    lane: usize,
    subdirs_met: usize,
}

impl<'v, V: Visitor> Walker<'v, V> {
    pub(crate) fn new(opts: WalkOpts, visitor: &'v mut V) -> Self {
        let fd_budget = descriptor_budget();
        Walker {
            opts,
            visitor,
            root_dev: 0,
            levels: Vec::with_capacity(START_LEVELS),
            path: Vec::new(),
            spare_batches: Vec::with_capacity(SPARE_BATCHES),
            open_fds: 0,
            fd_budget,
            close_next: 0,
            quit: false,
            opens_early: false,
            read_ahead: None,
            sharing: None,
        }
    }

    /// Let the walk open sub-directories before the expression sees
    /// them. The caller decides it is safe: the expression cannot change
    /// the tree, and nothing in it (-prune, -xdev) is there to keep the
    /// walk out of a directory.
    pub(crate) fn open_dirs_early(&mut self) {
        self.opens_early = true;
    }

    /// Read the directories under `roots` ahead on `lanes` other threads,
    /// and with `stat_ahead` stat their entries too. The caller decides
    /// it is safe: nothing in the expression changes the tree, and links
    /// are not followed.
    pub(crate) fn read_ahead(&mut self, roots: &[OsString], lanes: usize, stat_ahead: bool) {
        if self.opts.follow == Follow::Never && lanes > 0 {
            self.read_ahead = Some(ReadAhead {
                lanes: (0..lanes)
                    .map(|lane| Prefetch::start(roots, &self.opts, stat_ahead, lane, lanes))
                    .collect(),
                lane: 0,
                subdirs_met: 0,
            });
        }
    }

    /// The read-ahead lane for a directory at `depth`, if any.
    fn lane(&mut self, depth: usize) -> Option<&mut Prefetch> {
        let read_ahead = self.read_ahead.as_mut()?;
        match read_ahead.lanes.len() {
            1 => read_ahead.lanes.first_mut(),
            _ if depth == 0 => None,
            _ => read_ahead.lanes.get_mut(read_ahead.lane),
        }
    }

    /// Walk one starting point. Returns false once -quit was met.
    pub(crate) fn walk_root(&mut self, root: &OsStr) -> bool {
        if self.quit {
            return false;
        }
        let bytes = root.as_bytes();
        self.visitor.step(None);
        self.visitor.step(Some(0));
        self.levels.clear();
        self.open_fds = 0;
        self.close_next = 0;
        if let Some(read_ahead) = &mut self.read_ahead {
            read_ahead.subdirs_met = 0;
        }
        let Ok(name) = CString::new(bytes) else {
            self.visitor.error(bytes, WalkError::Io(Errno::EINVAL));
            return true;
        };
        let follow = self.opts.follow != Follow::Never;
        match stat_at(AT_FDCWD, &name, follow) {
            Ok(st) => {
                self.root_dev = st.st_dev;
                let site = Site {
                    root: bytes,
                    depth: 0,
                    at_name: &name,
                    follow,
                    via_link: false,
                };
                let mut path = std::mem::take(&mut self.path);
                path.clear();
                path.extend_from_slice(bytes);
                let entry = site.entry(&path, &Parent::Cwd, None).with_stat(st);
                let kind = Kind::from_mode(st.st_mode);
                if let Next::Descend { after, .. } = self.decide(entry, &site, kind, None) {
                    self.walk_dir(&mut path, &site, Parent::Cwd, after);
                }
                self.path = path;
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

    /// Visit an entry, unless -depth puts a directory after its contents,
    /// and say whether to walk what is below it.
    fn decide(
        &mut self,
        entry: Entry<'_>,
        site: &Site<'_>,
        kind: Kind,
        opened: Option<OpenDir>,
    ) -> Next {
        let depth = site.depth;
        let visible = depth >= self.opts.min_depth;
        let may_descend = kind == Kind::Dir && self.opts.max_depth.is_none_or(|max| depth < max);
        if !may_descend {
            if visible {
                self.visit(&entry);
            }
            return Next::Done;
        }
        self.choose_lane(depth);
        if self.opts.contents_first {
            return Next::Descend {
                after: visible.then(|| entry.into_facts().keep()),
                opened,
            };
        }
        if visible {
            match self.visitor.visit(&entry) {
                Flow::Quit => {
                    self.quit = true;
                    return Next::Done;
                }
                Flow::Prune => {
                    self.skip_prefetched(depth, site.at_name);
                    return Next::Done;
                }
                Flow::Continue => {}
            }
        }
        Next::Descend {
            after: None,
            opened,
        }
    }

    /// Under -depth, visit a directory after its contents. Its parent may
    /// have been closed and opened again meanwhile.
    fn visit_after(&mut self, path: &[u8], site: &Site<'_>, facts: Option<KeptFacts>) {
        let Some(facts) = facts else { return };
        if self.quit {
            return;
        }
        if let Some(parent) = self.parent_at(site.depth) {
            self.visit(&site.entry(path, &parent, None).with_facts(facts.restore()));
        }
    }

    fn visit(&mut self, entry: &Entry<'_>) {
        if self.visitor.visit(entry) == Flow::Quit {
            self.quit = true;
        }
    }

    /// The directory holding entries at `depth`; None when it was lost
    /// (already reported).
    fn parent_at(&self, depth: usize) -> Option<Parent> {
        match depth.checked_sub(1) {
            None => Some(Parent::Cwd),
            Some(level) => self.levels[level].fd.clone().map(Parent::Dir),
        }
    }

    /// Walk what is below the directory `site` (its path is `path`), in
    /// depth-first order, then visit it under -depth. The directories
    /// being walked are kept in `frames`, on the heap, rather than on the
    /// stack of a recursion: a tree 20,000 levels deep costs 20,000 small
    /// frames and no deep stack.
    fn walk_dir(
        &mut self,
        path: &mut Vec<u8>,
        site: &Site<'_>,
        parent: Parent,
        after: Option<KeptFacts>,
    ) {
        let mut frames = frame_stack();
        frames.extend(self.open_frame(path, site, parent, after, None));
        self.walk_frames(frames, path, site.root, site.at_name);
    }

    /// Walk the directories of `frames` (the one where the walk is last)
    /// down to the end of the first; `at_name` is the first's name.
    pub(super) fn walk_frames(
        &mut self,
        mut frames: Vec<Frame>,
        path: &mut Vec<u8>,
        root: &[u8],
        at_name: &CStr,
    ) {
        while !frames.is_empty() {
            if self.quit {
                return;
            }
            match self.sharing.as_ref().map(|s| s.share.asks()) {
                Some(Asked::Work) => self.offer_work(&mut frames, path, root),
                Some(Asked::Warm) if self.opens_early => self.warm_while_waiting(&frames),
                _ => {}
            }
            let Some(frame) = frames.last_mut() else {
                break;
            };
            if frame.next == frame.batch.children.len() {
                if self.refill(frame, path) {
                    continue;
                }
                let Some(mut done) = frames.pop() else { break };
                if self.spare_batches.len() < SPARE_BATCHES && done.batch.is_small() {
                    done.batch.clear();
                    self.spare_batches.push(std::mem::take(&mut done.batch));
                }
                path.truncate(done.path_len);
                self.visitor.step(Some(done.depth));
                self.pop_level(path);
                if let Some(place) = done.resume_in {
                    self.output_at(Some(place));
                }
                let at_name = match frames.last() {
                    Some(up) => up.batch.name(&up.batch.children[up.next - 1]),
                    None => at_name,
                };
                let site = Site {
                    root,
                    depth: done.depth,
                    at_name,
                    follow: self.follows(done.depth),
                    via_link: false,
                };
                self.visit_after(path, &site, done.after);
                continue;
            }
            let Some(dir) = self.levels[frame.depth].fd.clone() else {
                // Lost on the way back up (reported then): skip the rest.
                frame.next = frame.batch.children.len();
                frame.reader = None;
                if std::mem::take(&mut frame.prefetched) {
                    self.end_prefetched(frame.depth);
                }
                continue;
            };
            let child = &frame.batch.children[frame.next];
            let stat = frame.batch.stat(frame.next);
            frame.next += 1;
            let name = frame.batch.name(child);
            path.truncate(frame.base_len);
            path.extend_from_slice(name.to_bytes());
            let depth = frame.depth + 1;
            let follow = self.follows(depth);
            let site = Site {
                root,
                depth,
                at_name: name,
                follow,
                via_link: follow && child.dtype != Some(Kind::Dir),
            };
            let parent = Parent::Dir(dir);
            self.visitor.step(Some(depth));
            if let Next::Descend { after, opened } =
                self.child(path, &site, &parent, child.dtype, stat)
            {
                let frame = self.open_frame(path, &site, parent, after, opened);
                frames.extend(frame);
            }
        }
    }

    /// Enter the directory `site` for `walk_dir`; when that fails, the
    /// error is reported and, under -depth, the directory visited.
    fn open_frame(
        &mut self,
        path: &mut Vec<u8>,
        site: &Site<'_>,
        parent: Parent,
        after: Option<KeptFacts>,
        opened: Option<OpenDir>,
    ) -> Option<Frame> {
        let Some(reader) = self.enter(path, site, parent, opened) else {
            self.visit_after(path, site, after);
            return None;
        };
        let path_len = path.len();
        if !path.ends_with(b"/") {
            path.push(b'/');
        }
        Some(Frame {
            prefetched: reader.is_none(),
            reader,
            batch: self.spare_batches.pop().unwrap_or_default(),
            next: 0,
            depth: site.depth,
            path_len,
            base_len: path.len(),
            after,
            resume_in: None,
        })
    }

    /// Put the next batch of the directory in `frame`; false at its end.
    fn refill(&mut self, frame: &mut Frame, path: &[u8]) -> bool {
        frame.next = 0;
        if let Some(reader) = &mut frame.reader {
            if !read_batch(reader, &mut frame.batch) {
                // Read to the end: the reader lets go of the directory,
                // which may now be closed and reopened.
                frame.reader = None;
                self.levels[frame.depth].reading = false;
            }
        } else if frame.prefetched {
            match self.next_prefetched_batch(frame.depth) {
                Some(batch) => frame.batch = batch,
                None => {
                    frame.prefetched = false;
                    return false;
                }
            }
        } else {
            return false;
        }
        if let Some(e) = frame.batch.error {
            self.visitor
                .error(&path[..frame.path_len], WalkError::Io(e));
        }
        true
    }

    /// Open the directory of an entry (or take it from the read-ahead)
    /// and enter it as a new level. None when it cannot be read or is not
    /// to be walked (-xdev); otherwise the reader, if the walk reads it
    /// itself.
    fn enter(
        &mut self,
        path: &[u8],
        site: &Site<'_>,
        parent: Parent,
        opened: Option<OpenDir>,
    ) -> Option<Option<DirReader>> {
        let depth = site.depth;
        let prefetched = match self.lane(depth) {
            Some(prefetch) => prefetch.open(depth, site.at_name),
            None => None,
        };
        if let Some(Err(_)) = prefetched {
            // The reading thread could not open it (out of descriptors,
            // say): open it here, and report what this walk meets.
            self.end_prefetched(depth);
        }
        let identity = self.opts.same_file_system || self.opts.follow != Follow::Never;
        let follow = self.follows(depth);
        let (fd, dev, ino, identity, reader) = match prefetched {
            Some(Ok(opened)) => (opened.fd, opened.dev, 0, false, None),
            Some(Err(_)) | None => {
                let dir = match opened {
                    Some(dir) => Ok(dir),
                    None => self
                        .open_making_room(|| open_dir(parent.fd(), site.at_name, follow, identity)),
                };
                match dir {
                    Ok(dir) => (
                        dir.reader.shared_fd(),
                        dir.dev,
                        dir.ino,
                        identity,
                        Some(dir.reader),
                    ),
                    Err(e) => {
                        self.visitor.error(path, WalkError::Io(e));
                        return None;
                    }
                }
            }
        };
        // Only the levels hold directories open, so that they can be closed.
        drop(parent);
        if self.opts.same_file_system && dev != self.root_dev {
            if reader.is_none() {
                self.end_prefetched(depth);
            }
            return None;
        }
        self.push_level(Level {
            fd: Some(fd),
            dev,
            ino,
            identity,
            path_len: path.len(),
            reading: reader.is_some(),
            via_link: site.via_link,
        });
        Some(reader)
    }

    /// Open a directory. When the process is out of descriptors (held by
    /// -fprint files, or inherited from the parent, beyond the quarter of
    /// the limit the budget leaves them), close open ancestors one at a
    /// time and try again, and keep to the number that fitted from then
    /// on. GNU find's fts needs few descriptors and never meets this.
    fn open_making_room(
        &mut self,
        open: impl Fn() -> Result<OpenDir, Errno>,
    ) -> Result<OpenDir, Errno> {
        loop {
            match open() {
                Err(Errno::EMFILE | Errno::ENFILE) if self.close_one() => {
                    self.fd_budget = self.open_fds.max(1);
                }
                other => return other,
            }
        }
    }

    /// Enter a directory; close the shallowest open ones past the budget.
    fn push_level(&mut self, level: Level) {
        self.levels.push(level);
        self.open_fds += 1;
        while self.open_fds > self.fd_budget && self.close_one() {}
    }

    /// Close the shallowest open directory that can be opened again
    /// later: not the newest (its entries are being walked), not one
    /// still being read, and not one whose sub-directory on the way down
    /// was entered through a link (under -L): ".." from there leads
    /// elsewhere, and a path through many links fails with ELOOP.
    /// False when there is none.
    fn close_one(&mut self) -> bool {
        let newest = self.levels.len() - 1;
        while self.close_next < newest {
            let below_via_link = self.levels[self.close_next + 1].via_link;
            let level = &mut self.levels[self.close_next];
            self.close_next += 1;
            let Some(fd) = &level.fd else { continue };
            if level.reading || below_via_link {
                continue;
            }
            if !level.identity {
                let Ok(st) = fstat(fd.as_fd()) else { continue };
                level.dev = st.st_dev;
                level.ino = st.st_ino;
                level.identity = true;
            }
            level.fd = None;
            self.open_fds -= 1;
            return true;
        }
        false
    }

    /// Leave the newest directory; open its parent again if it was
    /// closed. `path` holds the left directory's path.
    fn pop_level(&mut self, path: &[u8]) {
        let Some(left) = self.levels.pop() else {
            return;
        };
        if left.fd.is_some() {
            self.open_fds -= 1;
        }
        self.close_next = self.close_next.min(self.levels.len());
        if self.levels.len() <= self.sharing.as_ref().map_or(0, |s| s.floor) {
            // Above a task's first directory: not this walk's to reopen.
            return;
        }
        let Some(parent) = self.levels.last_mut() else {
            return;
        };
        if parent.fd.is_some() {
            return;
        }
        let parent_path = &path[..parent.path_len];
        // Through "..", as fts does; if that leads elsewhere (the left
        // directory was reached through a link under -L, or was moved
        // away, or was itself lost), through the parent's path instead.
        let through_dots = match &left.fd {
            Some(fd) => reopen(fd.as_fd(), c"..", parent.dev, parent.ino),
            None => Err(WalkError::Moved),
        };
        let reopened = through_dots.or_else(|e| {
            let name = CString::new(parent_path).map_err(|_| e.clone())?;
            reopen(AT_FDCWD, &name, parent.dev, parent.ino).map_err(|_| e)
        });
        match reopened {
            Ok(fd) => {
                parent.fd = Some(Arc::new(fd));
                self.open_fds += 1;
                self.close_next = self.close_next.min(self.levels.len() - 1);
            }
            Err(e) => self.visitor.error(parent_path, e),
        }
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
        if let Some(read_ahead) = self.read_ahead.as_mut().filter(|_| depth == 1) {
            read_ahead.lane = read_ahead.subdirs_met % read_ahead.lanes.len();
            read_ahead.subdirs_met += 1;
        }
    }

    /// A directory whose stat failed: report it and let the expression
    /// see it, untyped, as GNU find does (even under -ignore_readdir_race,
    /// which silences only files that vanish before a test stats them).
    fn unstatable(&mut self, entry: &Entry<'_>, e: Errno) {
        if self.opts.max_depth.is_none_or(|max| entry.depth < max) {
            self.choose_lane(entry.depth);
            self.skip_prefetched(entry.depth, entry.at_name);
        }
        self.visitor.error(entry.path, WalkError::Io(e));
        entry.stat_reported.set(true);
        if entry.depth >= self.opts.min_depth {
            self.visit(entry);
        }
    }

    /// Drop what was read ahead for a directory the walk will not enter.
    fn skip_prefetched(&mut self, depth: usize, name: &CStr) {
        if let Some(prefetch) = self.lane(depth) {
            if let Some(_opened) = prefetch.open(depth, name) {
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

    /// Open a sub-directory before the expression sees it, when the walk
    /// will enter it unless the expression prunes it: that replaces the
    /// stat fts makes first (one system call less per directory). Only
    /// where the caller allowed it (`open_dirs_early`) and no thread reads
    /// ahead.
    /// None when not wanted or when opening fails (the stat and the walk
    /// then say why).
    fn open_early(&self, site: &Site<'_>, parent: &Parent) -> Option<OpenDir> {
        let wanted = self.opens_early
            && self.read_ahead.is_none()
            && self.opts.max_depth.is_none_or(|max| site.depth < max);
        if !wanted {
            return None;
        }
        open_dir(parent.fd(), site.at_name, false, false).ok()
    }

    /// An entry read from a directory (its path is `path`).
    fn child(
        &mut self,
        path: &[u8],
        site: &Site<'_>,
        parent: &Parent,
        dtype: Option<Kind>,
        stat: Option<FileStat>,
    ) -> Next {
        let mut entry = site.entry(path, parent, dtype);
        if let Some(stat) = stat {
            entry = entry.with_stat(stat);
        }
        let mut opened = None;
        if dtype == Some(Kind::Dir) && !site.follow {
            opened = self.open_early(site, parent);
            // Like fts, stat a directory before the expression sees it (an
            // open directory is there): one that vanished or cannot be
            // stat'ed is reported once, has no type for the tests, and is
            // not entered.
            if opened.is_none() {
                if let Err(e) = entry.stat() {
                    self.unstatable(&entry, e);
                    return Next::Done;
                }
            }
        }
        let kind = match entry.kind() {
            Ok(kind) => kind,
            Err(Errno::ENOENT) if self.opts.ignore_vanished => return Next::Done,
            // A followed link whose target runs through a file that is not
            // a directory: fts reports the failed stat, and GNU find then
            // takes the link itself (type l, %Y N), as for a missing target.
            Err(Errno::ENOTDIR) if site.follow => {
                self.visitor
                    .error(entry.path, WalkError::Io(Errno::ENOTDIR));
                match stat_at(parent.fd(), site.at_name, false) {
                    Ok(own) => {
                        entry = site.entry(path, parent, dtype).with_stat(own);
                        Kind::from_mode(own.st_mode)
                    }
                    Err(_) => return Next::Done,
                }
            }
            Err(e) => {
                self.visitor.error(entry.path, WalkError::Io(e));
                return Next::Done;
            }
        };
        if site.follow && kind == Kind::Dir {
            if let Ok(st) = entry.stat() {
                let ancestor = self
                    .levels
                    .iter()
                    .find(|a| a.identity && a.dev == st.st_dev && a.ino == st.st_ino);
                if let Some(a) = ancestor {
                    let ancestor = entry.path[..a.path_len].to_vec();
                    self.visitor.error(entry.path, WalkError::Loop(ancestor));
                    return Next::Done;
                }
            }
        }
        self.decide(entry, site, kind, opened)
    }
}

/// How many directories the walk keeps open at most: a quarter of the
/// descriptor limit, so that -exec's children, -fprint files and the
/// read-ahead threads have the rest; at least 16, at most 256, which
/// ordinary trees never reach.
fn descriptor_budget() -> usize {
    let soft = open_file_limit().unwrap_or(1024);
    usize::try_from(soft / 4)
        .unwrap_or(usize::MAX)
        .clamp(16, 256)
}

/// The soft limit on open descriptors (RLIMIT_NOFILE), when it can be read.
pub(crate) fn open_file_limit() -> Option<u64> {
    use nix::sys::resource::{Resource, getrlimit};
    getrlimit(Resource::RLIMIT_NOFILE)
        .ok()
        .map(|(soft, _)| soft)
}

/// Open a directory the walk closed again, as `name` relative to `dir`,
/// and check that it is the one the walk left (`dev`, `ino`). Links are
/// followed (a starting point under -H may be one): the check decides.
fn reopen(dir: BorrowedFd<'_>, name: &CStr, dev: u64, ino: u64) -> Result<OwnedFd, WalkError> {
    let flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
    let fd = openat(dir, name, flags, Mode::empty()).map_err(WalkError::Io)?;
    let st = fstat(fd.as_fd()).map_err(WalkError::Io)?;
    if st.st_dev == dev && st.st_ino == ino {
        Ok(fd)
    } else {
        Err(WalkError::Moved)
    }
}
