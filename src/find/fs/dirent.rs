//! Reading a directory with getdents64(2) into one large buffer: the
//! minimum of system calls (openat, getdents64 until it returns 0, close),
//! where opendir(3)/readdir(3) add fcntl and lseek calls per directory and
//! read 32 KiB at a time.

use std::ffi::CStr;
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::Arc;

use nix::errno::Errno;

use crate::find::types::Kind;

/// Bytes read per getdents64 call (glibc readdir uses the same 32 KiB).
const BUF_SIZE: usize = 32 * 1024;

/// One entry as the kernel returns it.
pub(crate) struct RawEntry<'a> {
    pub ino: u64,
    pub kind: Option<Kind>,
    pub name: &'a CStr,
    /// Bytes of records after this one in the buffer.
    pub unread: usize,
}

/// An open directory being read.
pub(crate) struct DirReader {
    fd: Arc<OwnedFd>,
    /// Room for `BUF_SIZE` bytes (its capacity; its length stays 0), of
    /// which the kernel has written the first `len`.
    buf: Vec<u64>,
    len: usize,
    pos: usize,
    done: bool,
}

impl DirReader {
    pub(crate) fn new(fd: OwnedFd) -> DirReader {
        DirReader {
            fd: Arc::new(fd),
            // u64 elements keep the buffer 8-byte aligned, as dirent64
            // needs; allocated on the first read.
            buf: Vec::new(),
            len: 0,
            pos: 0,
            done: false,
        }
    }

    pub(crate) fn fd(&self) -> &OwnedFd {
        &self.fd
    }

    /// The descriptor, to keep using it after the reader is gone.
    pub(crate) fn shared_fd(&self) -> Arc<OwnedFd> {
        Arc::clone(&self.fd)
    }

    fn fill(&mut self) -> Result<bool, Errno> {
        if self.buf.capacity() < BUF_SIZE / 8 {
            self.buf = borrow_buffer();
        }
        // SAFETY: the buffer has room for BUF_SIZE bytes and the kernel
        // writes at most that many; the fd is an open directory we own.
        let n = unsafe {
            libc::syscall(
                libc::SYS_getdents64,
                self.fd.as_raw_fd(),
                self.buf.as_mut_ptr().cast::<u8>(),
                BUF_SIZE,
            )
        };
        let Ok(len) = usize::try_from(n) else {
            return Err(Errno::last());
        };
        self.len = len;
        self.pos = 0;
        Ok(n > 0)
    }

    /// The next entry other than `.` and `..`, None at the end.
    pub(crate) fn next_entry(&mut self) -> Option<Result<RawEntry<'_>, Errno>> {
        let (name_start, name_end, ino, dtype) = match self.next_record()? {
            Ok(record) => record,
            Err(e) => return Some(Err(e)),
        };
        let bytes = &self.bytes()[name_start..=name_end];
        debug_assert!(CStr::from_bytes_with_nul(bytes).is_ok());
        // SAFETY: `next_record` found `name_end` as the first NUL after
        // `name_start`, so the slice has exactly one NUL, at its end.
        let name = unsafe { CStr::from_bytes_with_nul_unchecked(bytes) };
        Some(Ok(RawEntry {
            ino,
            kind: kind_of_dtype(dtype),
            name,
            unread: self.len - self.pos,
        }))
    }

    /// Where the next record's name lies in the buffer (start, index of
    /// its NUL), with its inode and type byte.
    fn next_record(&mut self) -> Option<Result<(usize, usize, u64, u8), Errno>> {
        loop {
            if self.done {
                return None;
            }
            if self.pos >= self.len {
                match self.fill() {
                    Ok(true) => {}
                    Ok(false) => {
                        self.done = true;
                        // Directories above this one keep their readers
                        // open while their children are walked: give the
                        // buffer back so only the one being read holds one.
                        give_back(std::mem::take(&mut self.buf));
                        return None;
                    }
                    Err(e) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                }
            }
            // struct linux_dirent64 { u64 d_ino; i64 d_off; u16 d_reclen;
            //                          u8 d_type; char d_name[]; }
            let at = self.pos;
            let bytes = self.bytes();
            let reclen = u16::from_ne_bytes([bytes[at + 16], bytes[at + 17]]) as usize;
            if reclen < 20 || at + reclen > self.len {
                self.done = true;
                return Some(Err(Errno::EIO));
            }
            let ino = u64::from_ne_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
            let dtype = bytes[at + 18];
            let name = &bytes[at + 19..at + reclen];
            // The kernel pads a record to 8 bytes after the name's NUL
            // (reclen = align8(19 + len + 1)), so the NUL is among the
            // last 8 bytes: look there, not along the whole name. The
            // padding after it is not written and may hold anything.
            let tail = name.len().saturating_sub(8);
            let nul = name[tail..].iter().position(|&b| b == 0).map(|n| tail + n);
            let dot = matches!(name, [b'.', 0, ..] | [b'.', b'.', 0, ..]);
            self.pos += reclen;
            match nul {
                Some(n) if !dot => return Some(Ok((at + 19, at + 19 + n, ino, dtype))),
                _ => continue,
            }
        }
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: the first `len` bytes of the buffer's room are what the
        // last getdents64 wrote (`fill`); viewing them as u8 is always valid.
        unsafe { std::slice::from_raw_parts(self.buf.as_ptr().cast::<u8>(), self.len) }
    }
}

thread_local! {
    /// Buffers of finished readers, for the next directory on this thread:
    /// allocating (and zeroing) 64 KiB per directory cost more than reading it.
    static SPARE: std::cell::RefCell<Vec<Vec<u64>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A buffer with room for `BUF_SIZE` bytes, not zeroed: only what the
/// kernel writes is read, and a page of it takes memory only once written.
/// Zeroed (calloc), each walking thread's buffer took all its 32 KiB,
/// where a directory of one 4 KiB block writes one page: the listing
/// forced cold on six threads peaked 0.3 MiB higher (docs/dev/performance.md).
fn borrow_buffer() -> Vec<u64> {
    SPARE
        .with(|spare| spare.borrow_mut().pop())
        .unwrap_or_else(|| Vec::with_capacity(BUF_SIZE / 8))
}

fn give_back(buf: Vec<u64>) {
    if buf.capacity() >= BUF_SIZE / 8 {
        SPARE.with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.is_empty() {
                spare.push(buf);
            }
        });
    }
}

impl Drop for DirReader {
    fn drop(&mut self) {
        give_back(std::mem::take(&mut self.buf));
    }
}

fn kind_of_dtype(dtype: u8) -> Option<Kind> {
    Some(match dtype {
        libc::DT_REG => Kind::File,
        libc::DT_DIR => Kind::Dir,
        libc::DT_LNK => Kind::Symlink,
        libc::DT_FIFO => Kind::Fifo,
        libc::DT_SOCK => Kind::Socket,
        libc::DT_CHR => Kind::Char,
        libc::DT_BLK => Kind::Block,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn lists_every_entry_with_its_type() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("file"), b"").unwrap();
        fs::create_dir(tmp.path().join("dir")).unwrap();
        std::os::unix::fs::symlink("file", tmp.path().join("link")).unwrap();
        for i in 0..3000 {
            fs::write(tmp.path().join(format!("many-{i}")), b"").unwrap();
        }
        // Every name length, so every padding: the NUL is found wherever
        // it falls in a record's last 8 bytes.
        for len in 1..=255 {
            fs::write(tmp.path().join("n".repeat(len)), b"").unwrap();
        }
        let fd = OwnedFd::from(fs::File::open(tmp.path()).unwrap());
        let mut reader = DirReader::new(fd);
        let mut seen = Vec::new();
        while let Some(entry) = reader.next_entry() {
            let entry = entry.unwrap();
            seen.push((entry.name.to_bytes().to_vec(), entry.kind));
        }
        assert_eq!(seen.len(), 3003 + 255);
        for name in (1..=255).map(|len| "n".repeat(len)) {
            assert!(seen.contains(&(name.into_bytes(), Some(Kind::File))));
        }
        assert!(seen.contains(&(b"file".to_vec(), Some(Kind::File))));
        assert!(seen.contains(&(b"dir".to_vec(), Some(Kind::Dir))));
        assert!(seen.contains(&(b"link".to_vec(), Some(Kind::Symlink))));
    }
}
