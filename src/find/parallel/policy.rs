//! How many threads tk find uses, and for what: walking on several
//! threads that share the work (the pool, in this module's parent), or
//! reading directories ahead of a single walk (walk/prefetch.rs). Both
//! are decided once, from the plan, before the walk starts; the numbers
//! behind each choice are in the comments.

use super::cold;
use crate::find::cmdline::Plan;
use crate::find::expr::Expr;
use crate::find::walk::{Follow, open_file_limit};

/// How many threads walk the tree, sharing the work (see the pool in this module's parent):
/// two, when there are two cores and the expression's only effect is
/// output to a pipe or file (not a terminal, where the speed is the
/// reader's), links are not followed, and the expression does not stat
/// most entries (those read ahead instead, see `read_ahead_lanes`).
/// TK_FIND_THREADS=N sets it (1: one thread, at most 8).
///
/// Each thread keeps to its share of the walk's descriptor budget, but
/// that budget is at least 16 directories, and a thread cannot close
/// another's to make room: under `ulimit -n 20` three threads ran out
/// ("Too many open files"). So under an open-file limit of 1,024 (a
/// budget below 256) the walk stays on one thread, as reading ahead does.
///
/// On the 1M-entry tree (2 cores, ext4, warm) the bare listing takes
/// 0.32-0.40 s on two threads against 0.53-0.57 s on one (GNU find
/// 0.75-0.85 s in the same runs), for about 0.5 MiB more peak memory.
///
/// A -regex that glibc's engine matches (back-references, or brackets
/// in a collating locale) walks on one thread: glibc allocates on every
/// match, and two threads contend for tk's one malloc arena. On the
/// 200,000-file tree (quiet, warm), `LC_ALL=de_DE.UTF-8 -regex
/// '.*/[a-z0-9_]+\.txt'` took 1.30 s on two threads, 0.92 s on one, GNU
/// find 1.06 s.
///
/// An expression that stats most entries walks on one thread, reading
/// ahead on another, unless the first directory it reads comes from the
/// disk: then it walks on `cold_threads` from the start.
pub(crate) fn walk_threads(plan: &Plan, terminal: bool) -> usize {
    let expr = &plan.expr;
    let shareable = expr.writes_only_to_stdout() && plan.opts.follow == Follow::Never && !terminal;
    if !shareable || !descriptors_for_threads() {
        return 1;
    }
    if let Some(asked) = threads_asked() {
        return if expr.stats_most_entries() {
            1
        } else {
            asked.clamp(1, 8)
        };
    }
    if expr.matches_by_glibc() {
        return 1;
    }
    if expr.stats_most_entries() {
        return if cold::starts_cold(&plan.starts) {
            cold_threads(1, expr)
        } else {
            1
        };
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(2)
}

/// How many threads a pool of `threads` grows to once the walk reads
/// from the disk (see cold.rs): `COLD_THREADS`, or `COLD_THREADS_STATTING`
/// where the expression stats most entries, or what TK_FIND_COLD_THREADS
/// says (at most 32); `threads` when TK_FIND_THREADS fixes the number.
///
/// A thread waiting for the disk takes no core, and the disk serves many
/// requests at once. On a 200,000-file tree (2 cores, ext4 on a virtio
/// disk, other builds running), cold, medians of 3 to 5: the listing
/// 1.37 s on eight threads, 1.69 s on four, against 2.32 s on two (GNU
/// find 3.49 s); `-type f -mtime -7` 1.83 s on eight, 2.12 s on four,
/// against 2.65 s reading ahead on one (GNU find 4.41 s); sixteen did no
/// better than eight (docs/dev/performance.md, "Cold cache").
///
/// Memory decides between them: each thread's part of the output waits
/// for its turn in memory (see `HELD_GROWN` in this module's parent),
/// and each walker holds the batch of every directory it is in (with
/// their stats, where the expression stats most entries). On the
/// 1M-entry tree, cold, peak memory against GNU find's 2.7-2.9 MiB
/// (medians of 4-5 runs, taking turns, after the warming of walk/warm.rs
/// came in): the listing 5.0 MiB on six threads, 5.5 on seven and eight
/// (2.29 s against 2.51 on six; GNU find 6.69 s); `-type f -mtime -7`
/// 5.1 MiB on six, 5.3 on seven, 5.2-5.7 on eight with runs up to 6.0,
/// over twice GNU's (5.2 s on six against 5.0 on eight; GNU find 14.7
/// s). So six for both (docs/dev/performance.md, "Cold cache"), until
/// small blocks came in fewer sizes (size_classes.rs): then, medians of
/// 6 taking turns, the listing took 2.33 s on eight threads against 2.52
/// on six, at 4.95 MiB (1.76 times GNU's). Stat-heavy walks stay on six,
/// where eight gained little.
pub(crate) fn cold_threads(threads: usize, expr: &Expr) -> usize {
    if threads_asked().is_some() {
        return threads;
    }
    let asked = std::env::var("TK_FIND_COLD_THREADS")
        .ok()
        .and_then(|v| v.parse().ok());
    let default = if expr.stats_most_entries() {
        COLD_THREADS_STATTING
    } else {
        COLD_THREADS
    };
    asked.unwrap_or(default).clamp(threads, 32)
}

/// The threads of a cold walk (see `cold_threads`).
const COLD_THREADS: usize = 8;

/// The threads of a cold walk that stats most entries.
const COLD_THREADS_STATTING: usize = 6;

/// TK_FIND_THREADS, when set to a number.
fn threads_asked() -> Option<usize> {
    std::env::var("TK_FIND_THREADS").ok()?.parse().ok()
}

/// Whether the open-file limit leaves room for more threads than one
/// (1,024 or more; see `walk_threads` and `read_ahead_lanes`).
fn descriptors_for_threads() -> bool {
    open_file_limit().unwrap_or(0) >= 1024
}

/// How many threads read directories ahead of the walk. It is safe when
/// nothing in the expression changes the tree. TK_FIND_THREADS=N sets the
/// threads in all to N (1: no read-ahead; at most 3).
///
/// By default one thread reads ahead, only for expressions that stat
/// about every entry (`Expr::stats_most_entries`), and it stats entries
/// ahead too while the walk lags (see walk/prefetch.rs), so that the two
/// cores share the stats. On the 1M-entry tree (2 cores, ext4, warm):
/// `-type f -mtime -7` 1.20 s, against 1.62 s on one thread and 1.53 s
/// reading ahead without stat'ing (GNU find 1.93 s); with a cold cache,
/// reading ahead alone took `-size +1M` on 212k entries from 1.83 s to
/// 1.13 s.
///
/// Where a test on the name comes first, few entries are stat'ed and
/// reading ahead does not pay: `-name '*.txt' -mtime -7` took 0.77 s on
/// one thread against 1.10 s reading ahead (GNU find 1.26 s), and
/// `-type d -empty` 1.09 s against 1.48 s; a bare listing read ahead
/// took 0.65-0.71 s against 0.53-0.57 s. Those walk on two threads
/// instead (`walk_threads`): 0.48 s, 0.56 s and 0.35 s. A second reading
/// thread gained 0.1 s of 1.7 s for 0.3 MiB more memory, so it is not the
/// default.
///
/// Each reading thread holds up to about 80 directories open (64 levels
/// and the chunks in flight, see walk/prefetch.rs) besides the walk's 256, so
/// with an open-file limit below 1,024 there is no read-ahead.
pub(crate) fn read_ahead_lanes(expr: &Expr) -> usize {
    if expr.may_change_tree() || !descriptors_for_threads() {
        return 0;
    }
    let threads = threads_asked().unwrap_or(if expr.stats_most_entries() { 2 } else { 1 });
    threads.saturating_sub(1).min(2)
}
