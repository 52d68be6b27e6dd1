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

use std::ffi::{CString, OsStr};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::ffi::OsStrExt;

use nix::dir::{Dir, Type};
use nix::errno::Errno;
use nix::fcntl::{AT_FDCWD, OFlag};
use nix::sys::stat::{Mode, fstat};

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

struct Child {
    name: CString,
    ino: u64,
    dtype: Option<Kind>,
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

    /// Open the directory `name` (relative to `parent`) and walk its entries.
    fn descend(&mut self, entry: &Entry<'_>) {
        let (parent, name, depth, path) = (entry.parent, entry.at_name, entry.depth, entry.path);
        let mut flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
        if !self.follows(depth) {
            flags |= OFlag::O_NOFOLLOW;
        }
        let mut dir = match Dir::openat(parent, name, flags, Mode::empty()) {
            Ok(dir) => dir,
            Err(e) => {
                self.visitor.error(path, WalkError::Io(e));
                return;
            }
        };
        let (dev, ino) = match fstat(dir.as_fd()) {
            Ok(st) => (st.st_dev, st.st_ino),
            Err(e) => {
                self.visitor.error(path, WalkError::Io(e));
                return;
            }
        };
        if self.opts.same_file_system && dev != self.root_dev {
            return;
        }
        self.ancestors.push(Ancestor {
            dev,
            ino,
            path_len: path.len(),
        });
        let sort_by_inode = inode_sort_pays(&dir);
        loop {
            let (batch, more) = self.read_batch(&mut dir, path);
            let mut batch = batch;
            if batch.len() > INODE_SORT_THRESHOLD && sort_by_inode {
                batch.sort_by_key(|c| c.ino);
            }
            for child in &batch {
                self.child(dir.as_fd(), child, entry);
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

    /// Read up to BATCH entries; the flag says whether more may follow.
    fn read_batch(&mut self, dir: &mut Dir, path: &[u8]) -> (Vec<Child>, bool) {
        let mut batch = Vec::new();
        for item in dir.iter() {
            match item {
                Ok(ent) => {
                    let name = ent.file_name();
                    let bytes = name.to_bytes();
                    if bytes == b"." || bytes == b".." {
                        continue;
                    }
                    batch.push(Child {
                        name: name.to_owned(),
                        ino: ent.ino(),
                        dtype: ent.file_type().map(kind_of_type),
                    });
                    if batch.len() == BATCH {
                        return (batch, true);
                    }
                }
                Err(e) => {
                    self.visitor.error(path, WalkError::Io(e));
                    break;
                }
            }
        }
        (batch, false)
    }

    fn child(&mut self, dir: BorrowedFd<'_>, child: &Child, parent: &Entry<'_>) {
        let (depth, parent_path) = (parent.depth + 1, parent.path);
        let mut path = Vec::with_capacity(parent_path.len() + 1 + child.name.as_bytes().len());
        path.extend_from_slice(parent_path);
        if !path.ends_with(b"/") {
            path.push(b'/');
        }
        path.extend_from_slice(child.name.as_bytes());
        let follow = self.follows(depth);
        let entry = Entry::new(
            &path,
            parent.root,
            depth,
            dir,
            &child.name,
            follow,
            child.dtype,
        );
        let kind = match entry.kind() {
            Ok(kind) => kind,
            Err(Errno::ENOENT) if self.opts.ignore_vanished => return,
            Err(e) => {
                self.visitor.error(&path, WalkError::Io(e));
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
                    let ancestor = parent_path[..a.path_len].to_vec();
                    self.visitor.error(&path, WalkError::Loop(ancestor));
                    return;
                }
            }
        }
        self.process(entry, kind);
    }
}

fn kind_of_type(t: Type) -> Kind {
    match t {
        Type::Fifo => Kind::Fifo,
        Type::CharacterDevice => Kind::Char,
        Type::Directory => Kind::Dir,
        Type::BlockDevice => Kind::Block,
        Type::File => Kind::File,
        Type::Symlink => Kind::Symlink,
        Type::Socket => Kind::Socket,
    }
}

/// gnulib's dirent_inode_sort_may_be_useful: everywhere but tmpfs, NFS, CIFS.
fn inode_sort_pays(dir: &Dir) -> bool {
    const TMPFS: i64 = 0x0102_1994;
    const NFS: i64 = 0x6969;
    const CIFS: i64 = 0xFF53_4D42;
    match nix::sys::statfs::fstatfs(dir) {
        #[allow(clippy::unnecessary_cast)] // the field is not i64 on every platform
        Ok(fs) => !matches!(fs.filesystem_type().0 as i64, TMPFS | NFS | CIFS),
        Err(_) => true,
    }
}
