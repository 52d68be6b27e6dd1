//! What tk find sets up in the process before it walks: the stack its
//! parser and evaluator need, one malloc arena, SIGPIPE as GNU find has
//! it, and (under -L) the open-file limit.

use std::ffi::OsString;

/// Whether the parser and the evaluator fit on the main thread's stack:
/// they go one call deeper per parenthesis (about 1.6 KB each), so a
/// command line of at most 1,000 arguments needs at most 1.6 MB. Staying
/// on the one thread keeps the process single-threaded (when nothing
/// reads ahead and the walk is not shared), and the kernel then takes its
/// fast paths for descriptors: no reference count per system call on a
/// directory, and no lock around getdents64. A bare listing of 1M
/// entries on one thread spends 7% less system time so.
pub(super) fn fits_on_main_stack(args: &[OsString]) -> bool {
    use nix::sys::resource::{Resource, getrlimit};
    const MAX_ARGS: usize = 1000;
    const NEEDED: u64 = 4 << 20;
    args.len() <= MAX_ARGS
        && getrlimit(Resource::RLIMIT_STACK).is_ok_and(|(soft, _)| soft >= NEEDED)
}

/// The reading threads allocate little; without this glibc gives each
/// its own malloc arena, which costs more resident memory than the
/// threads save time (peak memory is held to 1.5 times GNU find's).
pub(super) fn one_malloc_arena() {
    // SAFETY: mallopt only sets an allocator parameter; no thread runs yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Die quietly on a closed pipe as GNU find does (`tk find | head`), rather
/// than Rust's default of ignoring SIGPIPE and failing each write.
pub(super) fn restore_sigpipe() {
    use nix::sys::signal::{SigHandler, Signal, signal};
    // SAFETY: installing SIG_DFL runs no handler code of ours.
    let _ = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) };
}

/// Under -L the walk cannot close a directory entered through a link
/// (see `close_one` in walk/walker.rs), so a chain of links keeps one descriptor
/// per level: allow as many as the hard limit permits. Otherwise the
/// limit is left alone; -exec's children get the user's limit back either
/// way.
pub(super) fn raise_open_file_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) {
        if soft < hard {
            crate::find::action::exec::keep_child_open_file_limit();
            let _ = setrlimit(Resource::RLIMIT_NOFILE, hard, hard);
        }
    }
}
