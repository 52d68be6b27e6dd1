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
//! walkdir, the crate first chosen for this, could not give GNU's
//! behaviour: under -L it turns a dangling symlink into an error instead of
//! an entry, it stats through whole paths, and it cannot order huge
//! directories as fts does.

use std::ffi::{CStr, CString, OsStr};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;

use nix::errno::Errno;
use nix::fcntl::{AT_FDCWD, OFlag, openat};
use nix::sys::stat::{Mode, fstat};

use super::dirent::DirReader;
use super::entry::{Entry, stat_at};
use super::expr::Kind;

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

const BATCH: usize = 100_000;
const INODE_SORT_THRESHOLD: usize = 10_000;

/// An entry of a batch; its name lives in the batch's arena.
struct Child {
    name_start: usize,
    name_end: usize,
    ino: u64,
    dtype: Option<Kind>,
}

/// Entries read from one directory, names packed NUL-terminated in one
/// buffer so that reading a directory allocates nothing per entry.
#[derive(Default)]
struct Batch {
    children: Vec<Child>,
    names: Vec<u8>,
}

impl Batch {
    fn clear(&mut self) {
        self.children.clear();
        self.names.clear();
    }

    fn push(&mut self, name: &CStr, ino: u64, dtype: Option<Kind>) {
        let name_start = self.names.len();
        self.names.extend_from_slice(name.to_bytes_with_nul());
        self.children.push(Child {
            name_start,
            name_end: self.names.len(),
            ino,
            dtype,
        });
    }

    fn name(&self, child: &Child) -> &CStr {
        CStr::from_bytes_with_nul(&self.names[child.name_start..child.name_end])
            .expect("names are stored NUL-terminated")
    }
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
}

impl<'v, V: Visitor> Walker<'v, V> {
    pub fn new(opts: WalkOpts, visitor: &'v mut V) -> Self {
        Walker {
            opts,
            visitor,
            root_dev: 0,
            ancestors: Vec::new(),
            quit: false,
        }
    }

    /// Walk one starting point. Returns false once -quit was met.
    pub fn walk_root(&mut self, root: &OsStr) -> bool {
        if self.quit {
            return false;
        }
        let bytes = root.as_bytes();
        self.ancestors.clear();
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
                Flow::Prune => return,
                Flow::Continue => {}
            }
        }
        self.descend(&entry);
    }

    /// Open the directory of `entry` and walk its entries.
    fn descend(&mut self, entry: &Entry<'_>) {
        let path = entry.path;
        let mut flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
        if !self.follows(entry.depth) {
            flags |= OFlag::O_NOFOLLOW;
        }
        let fd = match openat(entry.parent, entry.at_name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(e) => {
                self.visitor.error(path, WalkError::Io(e));
                return;
            }
        };
        // The directory's identity is needed only to stay on one file
        // system or to catch loops while following links.
        let needs_identity = self.opts.same_file_system || self.opts.follow != Follow::Never;
        let (dev, ino) = if needs_identity {
            match fstat(fd.as_fd()) {
                Ok(st) => (st.st_dev, st.st_ino),
                Err(e) => {
                    self.visitor.error(path, WalkError::Io(e));
                    return;
                }
            }
        } else {
            (0, 0)
        };
        if self.opts.same_file_system && dev != self.root_dev {
            return;
        }
        self.ancestors.push(Ancestor {
            dev,
            ino,
            path_len: path.len(),
        });
        let mut reader = DirReader::new(fd);
        let mut batch = Batch::default();
        let mut child_path = path.to_vec();
        if !child_path.ends_with(b"/") {
            child_path.push(b'/');
        }
        let base_len = child_path.len();
        loop {
            let more = self.read_batch(&mut reader, &mut batch, path);
            if batch.children.len() > INODE_SORT_THRESHOLD && inode_sort_pays(reader.fd()) {
                batch.children.sort_by_key(|c| c.ino);
            }
            for child in &batch.children {
                child_path.truncate(base_len);
                child_path.extend_from_slice(batch.name(child).to_bytes());
                self.child(reader.fd().as_fd(), &batch, child, entry, &child_path);
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

    /// Read up to BATCH entries; true when more may follow.
    fn read_batch(&mut self, reader: &mut DirReader, batch: &mut Batch, path: &[u8]) -> bool {
        batch.clear();
        while let Some(item) = reader.next_entry() {
            match item {
                Ok(raw) => {
                    batch.push(raw.name, raw.ino, raw.kind);
                    if batch.children.len() == BATCH {
                        return true;
                    }
                }
                Err(e) => {
                    self.visitor.error(path, WalkError::Io(e));
                    break;
                }
            }
        }
        false
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

/// gnulib's dirent_inode_sort_may_be_useful: everywhere but tmpfs, NFS, CIFS.
fn inode_sort_pays(dir: &OwnedFd) -> bool {
    const TMPFS: i64 = 0x0102_1994;
    const NFS: i64 = 0x6969;
    const CIFS: i64 = 0xFF53_4D42;
    match nix::sys::statfs::fstatfs(dir) {
        #[allow(clippy::unnecessary_cast)] // the field is not i64 on every platform
        Ok(fs) => !matches!(fs.filesystem_type().0 as i64, TMPFS | NFS | CIFS),
        Err(_) => true,
    }
}
