//! A directory's entries as the walk uses them: opened relative to its
//! parent, read in batches of at most 100,000 entries, and a batch of more
//! than 10,000 put in inode order except on tmpfs, NFS and CIFS, which is
//! what gnulib's fts (and so GNU find's output order) does. Shared by the
//! walk and by the thread that reads directories ahead of it.

use std::ffi::CStr;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use nix::errno::Errno;
use nix::fcntl::{AtFlags, OFlag, openat};
use nix::sys::stat::{FileStat, Mode, fstat, fstatat};

use crate::find::fs::dirent::DirReader;
use crate::find::types::Kind;

const BATCH: usize = 100_000;
const INODE_SORT_THRESHOLD: usize = 10_000;

/// An entry of a batch; its name lives in the batch's arena.
pub(crate) struct Child {
    name_start: usize,
    name_end: usize,
    ino: u64,
    pub dtype: Option<Kind>,
}

/// Entries read from one directory, names packed NUL-terminated in one
/// buffer so that reading a directory allocates nothing per entry.
#[derive(Default)]
pub(crate) struct Batch {
    pub children: Vec<Child>,
    names: Vec<u8>,
    /// The entries' metadata (lstat), when the reading thread fetched it
    /// ahead: empty, or one per child, None where the stat failed (the
    /// walk then stats the entry itself and reports what it meets).
    stats: Vec<Option<FileStat>>,
    /// An error that ended the reading early.
    pub error: Option<Errno>,
}

/// The smallest record getdents64 returns (a name of up to 4 bytes).
const MIN_RECORD: usize = 24;

impl Batch {
    /// Make room for `name` and, when the batch is full, for all that
    /// follows it in the reader's buffer (`unread` bytes of records) at
    /// once, to a power of two. Grown as Vec grows, from whatever the
    /// first directory needed, batches left freed buffers of dozens of
    /// sizes below 1 KiB behind, which glibc keeps per thread (up to seven
    /// of each size) and does not coalesce: 0.2-0.35 MiB of peak memory.
    fn make_room(&mut self, name: &CStr, unread: usize) {
        if self.children.len() == self.children.capacity() {
            grow_to_power_of_two(&mut self.children, unread / MIN_RECORD + 1);
        }
        let needed = name.to_bytes_with_nul().len();
        if self.names.capacity() - self.names.len() < needed {
            grow_to_power_of_two(&mut self.names, unread + needed);
        }
    }

    pub(crate) fn clear(&mut self) {
        self.children.clear();
        self.names.clear();
        self.stats.clear();
        self.error = None;
    }

    /// lstat every entry, relative to the directory `dir` they were read
    /// from.
    pub(crate) fn stat_all(&mut self, dir: BorrowedFd<'_>) {
        self.stats.clear();
        self.stats.reserve_exact(self.children.len());
        for i in 0..self.children.len() {
            let name = self.name(&self.children[i]);
            let stat = fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW).ok();
            self.stats.push(stat);
        }
    }

    /// The metadata of the `index`th child, when it was fetched ahead.
    pub(crate) fn stat(&self, index: usize) -> Option<FileStat> {
        self.stats.get(index).copied().flatten()
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

    /// Move the entries from `at` on into a batch of their own: copied,
    /// as their names share one buffer with the ones kept (stats ahead
    /// are not carried: the parallel walk never has any).
    pub(crate) fn split_off(&mut self, at: usize) -> Batch {
        let rest = self.copy(at..self.children.len());
        self.children.truncate(at);
        self.stats.truncate(at);
        rest
    }

    /// A batch of copies of the entries in `range`.
    pub(crate) fn copy(&self, range: std::ops::Range<usize>) -> Batch {
        let mut copy = Batch::default();
        let children = &self.children[range];
        grow_to_power_of_two(&mut copy.children, children.len());
        let names = children.iter().map(|c| c.name_end - c.name_start);
        grow_to_power_of_two(&mut copy.names, names.sum());
        for child in children {
            copy.push(self.name(child), child.ino, child.dtype);
        }
        copy
    }

    /// Whether the batch is worth keeping to read another directory
    /// into: a huge one would hold its memory for the rest of the walk.
    pub(crate) fn is_small(&self) -> bool {
        self.children.capacity() <= 1024
            && self.names.capacity() <= 32 * 1024
            && self.stats.capacity() <= 256
    }

    pub(crate) fn name(&self, child: &Child) -> &CStr {
        let bytes = &self.names[child.name_start..child.name_end];
        debug_assert!(CStr::from_bytes_with_nul(bytes).is_ok());
        // SAFETY: `push` stores each name as a CStr's bytes with its NUL:
        // one NUL, at the end. (Checking it again costs a scan per entry.)
        unsafe { CStr::from_bytes_with_nul_unchecked(bytes) }
    }
}

/// An open directory and its identity (dev and ino are 0 when not asked for).
pub(crate) struct OpenDir {
    pub reader: DirReader,
    pub dev: u64,
    pub ino: u64,
}

/// Open `name` under `parent` as a directory; fstat it when its identity
/// is needed (-xdev, loop checks under -L).
pub(crate) fn open_dir(
    parent: BorrowedFd<'_>,
    name: &CStr,
    follow: bool,
    identity: bool,
) -> Result<OpenDir, Errno> {
    let mut flags = OFlag::O_RDONLY | OFlag::O_DIRECTORY | OFlag::O_CLOEXEC;
    if !follow {
        flags |= OFlag::O_NOFOLLOW;
    }
    let fd = openat(parent, name, flags, Mode::empty())?;
    let (dev, ino) = if identity {
        let st = fstat(fd.as_fd())?;
        (st.st_dev, st.st_ino)
    } else {
        (0, 0)
    };
    Ok(OpenDir {
        reader: DirReader::new(fd),
        dev,
        ino,
    })
}

/// Read the next batch into `batch`; true when more entries may follow.
pub(crate) fn read_batch(reader: &mut DirReader, batch: &mut Batch) -> bool {
    batch.clear();
    while let Some(item) = reader.next_entry() {
        match item {
            Ok(raw) => {
                batch.make_room(raw.name, raw.unread);
                batch.push(raw.name, raw.ino, raw.kind);
                if batch.children.len() == BATCH {
                    sort_like_fts(batch, reader.fd());
                    return true;
                }
            }
            Err(e) => {
                batch.error = Some(e);
                break;
            }
        }
    }
    sort_like_fts(batch, reader.fd());
    false
}

fn sort_like_fts(batch: &mut Batch, fd: &OwnedFd) {
    if batch.children.len() > INODE_SORT_THRESHOLD && inode_sort_pays(fd) {
        batch.children.sort_by_key(|c| c.ino);
    }
}

/// Make room in `vec` for `more` elements, to a power of two (see
/// `Batch::make_room`).
fn grow_to_power_of_two<T>(vec: &mut Vec<T>, more: usize) {
    let room = (vec.len() + more).next_power_of_two();
    vec.reserve_exact(room - vec.len());
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
