//! One file met during the walk, as the tests see it: its path as it will
//! be printed, its name, its depth, and its metadata fetched only when a
//! test needs it (with fstatat relative to the open parent directory, so
//! deep paths cost no extra lookups and never hit PATH_MAX).

use std::cell::{Cell, OnceCell};
use std::ffi::CStr;
use std::os::fd::BorrowedFd;

use nix::errno::Errno;
use nix::fcntl::AtFlags;
use nix::sys::stat::{FileStat, fstatat};

use crate::find::types::{Kind, TimeField, Timestamp};

/// A file and what is known about it so far.
pub struct Entry<'a> {
    /// The path as printed: the starting point joined with the names below it.
    pub path: &'a [u8],
    /// The starting point this entry was found under.
    pub root: &'a [u8],
    pub depth: usize,
    /// The directory holding the entry (AT_FDCWD for starting points).
    pub parent: BorrowedFd<'a>,
    /// The name relative to `parent` (the whole path for starting points).
    pub at_name: &'a CStr,
    /// Whether symbolic links are followed for this entry (-L, or -H at depth 0).
    pub follow: bool,
    /// The kind from the directory entry (d_type), when the file system gave it.
    dtype: Option<Kind>,
    stat: OnceCell<Result<FileStat, Errno>>,
    /// Whether a failure to stat this entry was already reported, so it
    /// is said once however many tests need the metadata.
    pub stat_reported: Cell<bool>,
}

impl<'a> Entry<'a> {
    pub fn new(
        path: &'a [u8],
        root: &'a [u8],
        depth: usize,
        parent: BorrowedFd<'a>,
        at_name: &'a CStr,
        follow: bool,
        dtype: Option<Kind>,
    ) -> Entry<'a> {
        Entry {
            path,
            root,
            depth,
            parent,
            at_name,
            follow,
            dtype,
            stat: OnceCell::new(),
            stat_reported: Cell::new(false),
        }
    }

    /// An entry whose metadata is already known (starting points, and
    /// entries the reading thread stat'ed ahead).
    pub fn with_stat(mut self, stat: FileStat) -> Entry<'a> {
        if !self.follow {
            self.dtype = Some(Kind::from_mode(stat.st_mode));
        }
        self.stat = OnceCell::from(Ok(stat));
        self
    }

    /// The base name -name matches: the last component, trailing slashes
    /// removed (`foo/` gives `foo`, `/` stays `/`), as GNU find's base_name.
    pub fn name(&self) -> &'a [u8] {
        crate::find::fs::pathname::base_name(self.path)
    }

    /// What is known about the entry, kept while the walk lends the
    /// entry's path to its sub-directories, to build it again afterwards.
    pub fn into_facts(self) -> Facts {
        Facts {
            dtype: self.dtype,
            stat: self.stat,
            stat_reported: self.stat_reported.get(),
        }
    }

    /// This entry with what an earlier one for the same file learned.
    pub fn with_facts(mut self, facts: Facts) -> Entry<'a> {
        self.dtype = facts.dtype;
        self.stat = facts.stat;
        self.stat_reported = Cell::new(facts.stat_reported);
        self
    }

    /// The metadata: stat(2) when following links, lstat(2) otherwise. A
    /// followed link whose target is missing is described by the link
    /// itself, as GNU find does under -L.
    pub fn stat(&self) -> Result<&FileStat, Errno> {
        self.stat
            .get_or_init(|| stat_at(self.parent, self.at_name, self.follow))
            .as_ref()
            .map_err(|e| *e)
    }

    /// The file's kind, without a stat when the directory entry tells it.
    pub fn kind(&self) -> Result<Kind, Errno> {
        // A directory whose stat failed has no type, as in GNU find.
        if let Some(Err(e)) = self.stat.get() {
            return Err(*e);
        }
        match self.dtype {
            Some(kind) if !(self.follow && kind == Kind::Symlink) => Ok(kind),
            _ => Ok(Kind::from_mode(self.stat()?.st_mode)),
        }
    }

    /// The kind seen the other way round, for -xtype: the target's kind
    /// when not following links (a dangling link stays a link), the link's
    /// own kind when following.
    pub fn other_kind(&self) -> Result<Kind, Errno> {
        let own = self.kind()?;
        if self.follow {
            if let Some(kind) = self.dtype {
                return Ok(kind);
            }
            return Ok(Kind::from_mode(
                stat_at(self.parent, self.at_name, false)?.st_mode,
            ));
        }
        if own != Kind::Symlink {
            return Ok(own);
        }
        match fstatat(self.parent, self.at_name, AtFlags::empty()) {
            Ok(st) => Ok(Kind::from_mode(st.st_mode)),
            // A dangling link is a link; a loop is an error, as in GNU.
            Err(e) if dangles(e) => Ok(Kind::Symlink),
            Err(e) => Err(e),
        }
    }

    pub fn time(&self, field: TimeField) -> Result<Option<Timestamp>, Errno> {
        let st = self.stat()?;
        Ok(Some(match field {
            TimeField::Access => Timestamp {
                sec: st.st_atime,
                nsec: st.st_atime_nsec,
            },
            TimeField::Modify => Timestamp {
                sec: st.st_mtime,
                nsec: st.st_mtime_nsec,
            },
            TimeField::Change => Timestamp {
                sec: st.st_ctime,
                nsec: st.st_ctime_nsec,
            },
            TimeField::Birth => return birth_time(self.parent, self.at_name, self.follow),
        }))
    }
}

/// An entry's type and metadata, without its path (see `Entry::into_facts`).
pub struct Facts {
    dtype: Option<Kind>,
    stat: OnceCell<Result<FileStat, Errno>>,
    stat_reported: bool,
}

impl Facts {
    /// These facts in the form kept while a subtree is walked (see
    /// `KeptFacts`).
    pub fn keep(self) -> KeptFacts {
        KeptFacts {
            dtype: self.dtype,
            stat: self.stat.into_inner().map(Box::new),
            stat_reported: self.stat_reported,
        }
    }
}

/// `Facts` kept while a subtree is walked (a directory's, under -depth,
/// until its contents are done): the metadata is boxed only when it was
/// fetched, so a level of a deep tree costs 16 bytes here rather than
/// the 160 of `Facts`.
pub struct KeptFacts {
    dtype: Option<Kind>,
    stat: Option<Box<Result<FileStat, Errno>>>,
    stat_reported: bool,
}

impl KeptFacts {
    pub fn restore(self) -> Facts {
        Facts {
            dtype: self.dtype,
            stat: self
                .stat
                .map_or_else(OnceCell::new, |stat| OnceCell::from(*stat)),
            stat_reported: self.stat_reported,
        }
    }
}

/// Whether a failure to follow a link means that the link dangles: its
/// target is missing (ENOENT) or runs through a file that is not a
/// directory (ENOTDIR, as for `ln -s file/x l`). GNU find takes both
/// alike (fallback_stat, %Y); ELOOP, a real loop, stays an error.
pub fn dangles(err: Errno) -> bool {
    matches!(err, Errno::ENOENT | Errno::ENOTDIR)
}

/// fstatat relative to `dir`, following links or not; under -L a link
/// whose target is missing is described by lstat.
pub fn stat_at(dir: BorrowedFd<'_>, name: &CStr, follow: bool) -> Result<FileStat, Errno> {
    if follow {
        match fstatat(dir, name, AtFlags::empty()) {
            Err(Errno::ENOENT) => fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW),
            other => other,
        }
    } else {
        fstatat(dir, name, AtFlags::AT_SYMLINK_NOFOLLOW)
    }
}

/// The birth time through statx(2), None where the file system has none.
pub fn birth_time(
    dir: BorrowedFd<'_>,
    name: &CStr,
    follow: bool,
) -> Result<Option<Timestamp>, Errno> {
    use std::os::fd::AsRawFd;
    let mut buf = std::mem::MaybeUninit::<libc::statx>::zeroed();
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: `name` is a valid NUL-terminated string, `buf` is large
    // enough for struct statx and statx only writes into it.
    let rc = unsafe {
        libc::statx(
            dir.as_raw_fd(),
            name.as_ptr(),
            flags,
            libc::STATX_BTIME,
            buf.as_mut_ptr(),
        )
    };
    Errno::result(rc)?;
    // SAFETY: statx succeeded and filled the buffer (it was zeroed anyway).
    let stx = unsafe { buf.assume_init() };
    if stx.stx_mask & libc::STATX_BTIME == 0 {
        return Ok(None);
    }
    Ok(Some(Timestamp {
        sec: stx.stx_btime.tv_sec,
        nsec: stx.stx_btime.tv_nsec as i64,
    }))
}
