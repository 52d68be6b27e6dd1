//! Whether the walk reads from the disk (a cold page cache), told by the
//! blocks the process has read (getrusage's `ru_inblock`, which counts
//! every read request the process sends to a block device, directory
//! blocks and inode tables included). On a warm cache it stays where it
//! was, so what depends on it costs nothing there.
//!
//! Cold, a walk waits for one small read after another, and the disk
//! could serve many at once: the pool then walks on more threads, each
//! keeping a request in flight (see `policy::cold_threads`).

use std::cell::Cell;
use std::ffi::{CString, OsString};
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;

use nix::fcntl::AT_FDCWD;
use nix::sys::resource::{UsageWho, getrusage};

use crate::find::fs::listing::{Batch, open_dir, read_batch};

/// Blocks read (in 512-byte units, as the kernel counts them) past which
/// the walk counts as cold: 64 KiB, some 16 requests, so that a stray
/// read (a file's first use of a shared library, say) does not count.
const COLD_BLOCKS: i64 = 128;

/// Sets `COLD_BLOCKS` instead, for tests: 0 makes every walk cold.
const COLD_BLOCKS_VARIABLE: &str = "TK_FIND_COLD_BLOCKS";

fn cold_blocks() -> i64 {
    std::env::var(COLD_BLOCKS_VARIABLE)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(COLD_BLOCKS)
}

/// How many entries a `Watch` lets go by between two looks.
const LOOK_EVERY: u32 = 512;

/// The blocks the process has read so far.
fn blocks_read() -> i64 {
    getrusage(UsageWho::RUSAGE_SELF).map_or(0, |usage| usage.block_reads())
}

/// Watches, once per `LOOK_EVERY` entries walked, whether the process
/// has read from the disk since the watch began.
pub(crate) struct Watch {
    since: i64,
    threshold: i64,
    countdown: Cell<u32>,
}

impl Watch {
    pub(crate) fn new() -> Watch {
        Watch {
            since: blocks_read(),
            threshold: cold_blocks(),
            countdown: Cell::new(LOOK_EVERY),
        }
    }

    /// Count an entry; true when this look finds the walk reading from
    /// the disk.
    pub(crate) fn turned_cold(&self) -> bool {
        let left = self.countdown.get().saturating_sub(1);
        if left > 0 {
            self.countdown.set(left);
            return false;
        }
        self.countdown.set(LOOK_EVERY);
        blocks_read() - self.since >= self.threshold
    }
}

/// The most entries of the first directory `starts_cold` stats.
const PROBE_ENTRIES: usize = 64;

/// Whether the tree under the first starting point looks cold: reading
/// its first directory and stat'ing some of its entries (work the walk
/// does next anyway, and finds cached) reads from the disk. For walks
/// that must choose their threads before they start.
pub(crate) fn starts_cold(starts: &[OsString]) -> bool {
    let Some(name) = starts.first().and_then(|s| CString::new(s.as_bytes()).ok()) else {
        return false;
    };
    let before = blocks_read();
    let Ok(mut dir) = open_dir(AT_FDCWD, &name, false, false) else {
        return false;
    };
    let mut batch = Batch::default();
    read_batch(&mut dir.reader, &mut batch);
    batch.children.truncate(PROBE_ENTRIES);
    batch.stat_all(dir.reader.fd().as_fd());
    // Any read here counts: the probe reads a few blocks at most.
    blocks_read() - before >= cold_blocks().min(1)
}
