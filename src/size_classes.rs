//! The allocator tk runs on: the system's (glibc's malloc), with every
//! request of 1 KiB or less rounded up to a power of two, so that small
//! blocks come in 7 sizes instead of 64.
//!
//! Why: glibc keeps, for each thread, up to seven freed blocks of each
//! size below about 1 KiB (its "tcache"), which only that thread can use
//! again. A cold `tk find` walks on six to eight threads, each freeing
//! blocks of dozens of sizes (names, batches, held output); turning the
//! cache off (`GLIBC_TUNABLES=glibc.malloc.tcache_count=0`) took 1.0 MiB
//! off the listing's peak on eight threads and 1.4 on twelve, against
//! GNU find's 2.8 MiB in all. In 7 sizes a thread's cache holds at most
//! 14 KiB, and a block freed is more often the size asked for next. On
//! the 1M-entry tree, cold, taking turns with the system's allocator
//! alone (medians of 3-6; docs/dev/performance.md, "Peak memory"): the
//! listing on eight threads 5.0 MiB against 5.2-5.3, `-type f -mtime -7`
//! on six 4.6 against 5.1; the listing on six changed by 0.1 MiB at most.
//! Warm, small blocks rounded up hold more room: the 1M-entry listing on
//! two threads peaked at 3.94 MiB against 3.77, its time unchanged.
//!
//! What else was measured: glibc can turn its cache off, but only through
//! the GLIBC_TUNABLES environment variable, read when the process starts
//! (and inherited by -exec's commands); no mallopt(3) parameter sets it.
//! The dlmalloc crate (one lock, no cache per thread) saved less (4.7
//! MiB on six threads, 5.0-5.2 on eight) and took 0.3 MiB more on
//! single-threaded warm walks.

use std::alloc::{GlobalAlloc, Layout, System};

/// Requests up to this size are rounded up to a power of two.
const ROUNDED_UP_TO: usize = 1024;

/// The smallest block handed out: glibc's smallest chunk holds 24 bytes.
const SMALLEST: usize = 16;

/// The system's allocator, small requests rounded (see the module's
/// header). `main.rs` makes it the global allocator.
pub struct SizeClasses;

/// The size actually asked of the system for a request of `size` bytes.
fn class(size: usize) -> usize {
    if size <= ROUNDED_UP_TO {
        size.next_power_of_two().max(SMALLEST)
    } else {
        size
    }
}

/// `layout` with its size rounded; `layout` itself should rounding make
/// it invalid (it cannot, for sizes up to `ROUNDED_UP_TO`). Allocation
/// and release round alike, so the system sees one layout for a block.
fn rounded(layout: Layout) -> Layout {
    Layout::from_size_align(class(layout.size()), layout.align()).unwrap_or(layout)
}

// SAFETY: every call goes to `System` with the caller's layout rounded up,
// the same rounding for a block's allocation, reallocation and release;
// a block is at least as large as asked and as aligned.
unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: `rounded` keeps a non-zero size (it only grows it).
        unsafe { System.alloc(rounded(layout)) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { System.alloc_zeroed(rounded(layout)) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated here with `layout`, so by `System`
        // with `rounded(layout)`.
        unsafe { System.dealloc(ptr, rounded(layout)) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = rounded(layout);
        let new = rounded(Layout::from_size_align(new_size, layout.align()).unwrap_or(old));
        if new.size() == old.size() {
            // The block already has the size the new request rounds to.
            return ptr;
        }
        // SAFETY: `ptr` is `System`'s block of layout `old`; `new.size()`
        // is non-zero and valid with this alignment (a `Layout`'s).
        unsafe { System.realloc(ptr, old, new.size()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_requests_come_in_powers_of_two_from_16_to_1024() {
        let classes: Vec<usize> = [1, 16, 17, 24, 100, 513, 1000, 1024]
            .into_iter()
            .map(class)
            .collect();
        assert_eq!(classes, [16, 16, 32, 32, 128, 1024, 1024, 1024]);
        assert_eq!(class(1025), 1025);
        assert_eq!(class(1 << 20), 1 << 20);
    }

    #[test]
    fn a_block_keeps_its_bytes_through_growth_and_shrinking() {
        for align in [1, 8, 64, 4096] {
            let layout = Layout::from_size_align(10, align).unwrap();
            // SAFETY: each block is used within the size last asked for,
            // and released with the layout it has then.
            unsafe {
                let mut block = SizeClasses.alloc(layout);
                assert!(!block.is_null());
                assert_eq!(block as usize % align, 0);
                for (i, byte) in (0..10u8).enumerate() {
                    *block.add(i) = byte;
                }
                // Within its class (16 bytes) the block stays where it is.
                let same = SizeClasses.realloc(block, layout, 14);
                assert_eq!(same, block);
                let mut size = 14;
                for new_size in [100, 5000, 700, 12] {
                    let from = Layout::from_size_align(size, align).unwrap();
                    block = SizeClasses.realloc(block, from, new_size);
                    assert!(!block.is_null());
                    assert_eq!(block as usize % align, 0);
                    let kept: Vec<u8> = (0..10).map(|i| *block.add(i)).collect();
                    assert_eq!(kept, (0..10).collect::<Vec<u8>>());
                    size = new_size;
                }
                SizeClasses.dealloc(block, Layout::from_size_align(size, align).unwrap());
            }
        }
    }
}
