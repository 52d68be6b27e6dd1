//! Builds the plan (`plan.rs`) on disk in a fresh temporary directory and
//! re-stamps its timestamps on demand (`clock.rs` says where they go).
//! Owners, device nodes, mode 0000 directories and the tmpfs mount need
//! root; without root they are left out and `notes` says so.

use std::ffi::CString;
use std::fs::{self, File, Permissions};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};

use crate::gnu_diff::clock::{Clock, Side};
use crate::gnu_diff::plan::{self, DEFAULT_AGE, Entry, Kind, When};

pub struct Fixture {
    /// The fixture root: rows run with their cwd below it.
    pub root: PathBuf,
    /// What could not be built here (not root, no mount permission).
    pub notes: Vec<String>,
    entries: Vec<Entry>,
    mounts: Vec<PathBuf>,
    _dir: tempfile::TempDir,
}

pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Where the trees of `.fresh()` rows go: three new trees a row are
/// slow to build and remove on a busy disk, so they go to a RAM-backed
/// tmpfs when there is one.
const FAST_DIR: &str = "/dev/shm";

impl Fixture {
    /// The shared tree, in the temporary directory ($TMPDIR).
    pub fn build() -> Fixture {
        Fixture::build_in(&std::env::temp_dir())
    }

    /// A tree for one `.fresh()` row: in /dev/shm when it is writable.
    pub fn fresh() -> Fixture {
        let fast = Path::new(FAST_DIR);
        let writable = fast.is_dir()
            && tempfile::Builder::new()
                .prefix("tk-difftest-probe-")
                .tempfile_in(fast)
                .is_ok();
        let parent = if writable {
            fast.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        Fixture::build_in(&parent)
    }

    fn build_in(parent: &Path) -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("tk-difftest-")
            .tempdir_in(parent)
            .unwrap();
        let root = dir.path().to_path_buf();
        fs::set_permissions(&root, Permissions::from_mode(0o755)).unwrap();
        let mut fx = Fixture {
            root,
            notes: Vec::new(),
            entries: plan::plan(),
            mounts: Vec::new(),
            _dir: dir,
        };
        let root = is_root();
        for i in 0..fx.entries.len() {
            fx.create(i, root);
        }
        fx.apply_owners_and_modes(root);
        if !root {
            fx.notes.push(
                "not root: no chown to other users, no device node, no mode 0000 \
                 directory, no tmpfs mount; rows run as `nobody` are skipped"
                    .into(),
            );
        }
        fx
    }

    pub fn path(&self, rel: impl AsRef<[u8]>) -> PathBuf {
        self.root.join(std::ffi::OsStr::from_bytes(rel.as_ref()))
    }

    fn create(&mut self, i: usize, root: bool) {
        let path = self.path(&self.entries[i].path);
        let made = match &self.entries[i].kind {
            Kind::File(n) => fs::write(&path, filler(*n)),
            Kind::Text(bytes) => fs::write(&path, bytes),
            Kind::Sparse(n) => File::create(&path).and_then(|f| f.set_len(*n)),
            Kind::Dir => fs::create_dir(&path),
            Kind::Mount => fs::create_dir(&path).map(|()| self.mount_tmpfs(&path, root)),
            Kind::Symlink(target) => {
                std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(target), &path)
            }
            Kind::AbsSymlink(target) => std::os::unix::fs::symlink(self.path(target), &path),
            Kind::HardLink(src) => fs::hard_link(self.path(src), &path),
            Kind::Fifo => {
                nix::unistd::mkfifo(&path, nix::sys::stat::Mode::from_bits_truncate(0o644))
                    .map_err(std::io::Error::from)
            }
            Kind::Socket => UnixListener::bind(&path).map(drop),
            Kind::CharDev if root => mknod_null(&path),
            Kind::CharDev => {
                self.notes.push(format!("skipped device node {path:?}"));
                Ok(())
            }
        };
        if let Err(e) = made {
            panic!("building {path:?}: {e}");
        }
    }

    fn mount_tmpfs(&mut self, path: &Path, root: bool) {
        if !root {
            return;
        }
        let c = cstr(path);
        // SAFETY: all pointers are valid NUL-terminated strings for the call.
        let rc = unsafe {
            libc::mount(
                c"tmpfs".as_ptr(),
                c.as_ptr(),
                c"tmpfs".as_ptr(),
                0,
                c"size=4m,mode=0755".as_ptr().cast(),
            )
        };
        if rc == 0 {
            self.mounts.push(path.to_path_buf());
        } else {
            let e = std::io::Error::last_os_error();
            self.notes.push(format!(
                "could not mount a tmpfs on {path:?} ({e}): -xdev rows lose their teeth"
            ));
        }
    }

    fn apply_owners_and_modes(&self, root: bool) {
        for entry in &self.entries {
            let path = self.path(&entry.path);
            if path.symlink_metadata().is_err() {
                continue; // a skipped device node
            }
            if let (Some((uid, gid)), true) = (entry.owner, root) {
                std::os::unix::fs::lchown(&path, Some(uid), Some(gid)).unwrap();
            }
            // chown clears set-id bits, so modes come after owners.
            let mode = entry.mode.or(entry.root_mode.filter(|_| root));
            if let Some(mode) = mode {
                fs::set_permissions(&path, Permissions::from_mode(mode)).unwrap();
            }
        }
    }

    /// Sets every entry's atime and mtime relative to `clock` (which also
    /// makes every ctime "now"). Directories and symlinks get an atime in
    /// the future: the kernel's relatime rule then leaves it alone when a
    /// find reads the directory or follows the link, so the first find
    /// run cannot change what the second one sees.
    pub fn stamp(&self, clock: &Clock) {
        set_times(&self.root, clock, When::Rel(3607), DEFAULT_AGE);
        for entry in &self.entries {
            let path = self.path(&entry.path);
            let quiet_atime = matches!(
                entry.kind,
                Kind::Dir | Kind::Mount | Kind::Symlink(_) | Kind::AbsSymlink(_)
            );
            let default_atime = if quiet_atime {
                When::Rel(3607)
            } else {
                When::Days(45, Side::Old)
            };
            if matches!(entry.kind, Kind::HardLink(_)) || path.symlink_metadata().is_err() {
                continue; // shares its inode with an entry stamped already
            }
            if entry.path.starts_with(plan::BATCH_DIR.as_bytes()) {
                continue; // hundreds of files no time row looks at
            }
            let atime = entry.atime.unwrap_or(default_atime);
            set_times(&path, clock, atime, entry.mtime.unwrap_or(DEFAULT_AGE));
        }
    }

    /// The inode number of a path below the root, for -inum rows.
    pub fn inum(&self, rel: &str) -> Option<u64> {
        self.path(rel).symlink_metadata().ok().map(|m| m.ino())
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        for m in self.mounts.iter().rev() {
            // SAFETY: a valid NUL-terminated path; MNT_DETACH cannot block.
            unsafe { libc::umount2(cstr(m).as_ptr(), libc::MNT_DETACH) };
        }
        // Let TempDir remove what a non-root owner locked itself out of.
        for entry in &self.entries {
            if matches!(entry.kind, Kind::Dir) {
                let _ = fs::set_permissions(self.path(&entry.path), Permissions::from_mode(0o755));
            }
        }
    }
}

/// `abc..zabc..` of length `n`, built by doubling (a byte-at-a-time loop
/// takes a debug build most of a fresh tree's build time).
fn filler(n: u64) -> Vec<u8> {
    let n = usize::try_from(n).unwrap();
    let mut v = b"abcdefghijklmnopqrstuvwxyz".repeat(n / 26 + 1);
    v.truncate(n);
    v
}

fn cstr(p: &Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

fn mknod_null(path: &Path) -> std::io::Result<()> {
    let c = cstr(path);
    // SAFETY: valid path; mknod only creates the node.
    let rc = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

fn resolve(clock: &Clock, w: When) -> libc::timespec {
    let (sec, nsec) = match w {
        When::Days(k, side) => (clock.days(k, side), 0),
        When::Mins(k, side) => (clock.mins(k, side), 0),
        When::Rel(off) => (clock.now + off, 0),
        When::Abs(s, ns) => (s, ns),
        When::Now => (0, libc::UTIME_NOW),
    };
    libc::timespec {
        tv_sec: sec,
        tv_nsec: nsec,
    }
}

fn set_times(path: &Path, clock: &Clock, atime: When, mtime: When) {
    let times = [resolve(clock, atime), resolve(clock, mtime)];
    let c = cstr(path);
    // SAFETY: valid path and a two-element timespec array, as utimensat wants.
    let rc = unsafe {
        libc::utimensat(
            libc::AT_FDCWD,
            c.as_ptr(),
            times.as_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    assert_eq!(
        rc,
        0,
        "utimensat {path:?}: {}",
        std::io::Error::last_os_error()
    );
}
