//! `tk find`: GNU find's expression language over a directory walk.
//! `parse` turns the arguments into a plan, `walk` visits the files,
//! `eval` decides for each one; this module only wires them together and
//! turns the outcome into an exit status (0, or 1 when anything failed).

pub mod action;
pub mod cmdline;
pub(crate) mod eval;
pub(crate) mod expr;
pub mod fs;
pub(crate) mod locale;
pub(crate) mod parallel;
pub(crate) mod pred;
pub(crate) mod quote;
pub(crate) mod types;
pub(crate) mod walk;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use crate::out::{Out, is_broken_pipe};

/// Run `tk find ARGS...` and return its exit status.
pub fn main(args: Vec<OsString>) -> ExitCode {
    one_malloc_arena();
    if fits_on_main_stack(&args) {
        return run(args);
    }
    let inline = args.clone();
    let walker = std::thread::Builder::new()
        .name("tk-find".into())
        .stack_size(walk::WALK_STACK)
        .spawn(move || run(args));
    match walker {
        Ok(thread) => thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        // No room for the big stack: walk here, as deep as this one allows.
        Err(_) => run(inline),
    }
}

/// Whether the parser and the evaluator fit on the main thread's stack:
/// they go one call deeper per parenthesis (about 1.6 KB each), so a
/// command line of at most 1,000 arguments needs at most 1.6 MB. Staying
/// on the one thread keeps the process single-threaded (when nothing
/// reads ahead and the walk is not shared), and the kernel then takes its
/// fast paths for descriptors: no reference count per system call on a
/// directory, and no lock around getdents64. A bare listing of 1M
/// entries on one thread spends 7% less system time so.
fn fits_on_main_stack(args: &[OsString]) -> bool {
    use nix::sys::resource::{Resource, getrlimit};
    const MAX_ARGS: usize = 1000;
    const NEEDED: u64 = 4 << 20;
    args.len() <= MAX_ARGS
        && getrlimit(Resource::RLIMIT_STACK).is_ok_and(|(soft, _)| soft >= NEEDED)
}

fn run(args: Vec<OsString>) -> ExitCode {
    restore_sigpipe();
    let mut plan = match cmdline::parse(&args) {
        Ok(plan) => plan,
        Err(err) => {
            crate::errln!("{}", err.render(&args));
            return ExitCode::from(1);
        }
    };
    if let Some(info) = &plan.info {
        let mut out = Out::stdout();
        let _ = out.write_all(info.as_bytes()).and_then(|_| out.flush());
        return ExitCode::SUCCESS;
    }
    for warning in &plan.warnings {
        crate::errln!("tk find: {warning}");
    }
    // -files0-from: the starting points come from a file, read now.
    let mut skipped_starts = false;
    if let Some(file) = &plan.files0_from {
        match cmdline::files0::read(file, plan.asks) {
            Ok(starts) => {
                for problem in &starts.problems {
                    crate::errln!("tk find: {problem}");
                }
                skipped_starts = !starts.problems.is_empty();
                plan.starts = starts.names;
            }
            Err(message) => {
                crate::errln!("tk find: {message}");
                return ExitCode::from(1);
            }
        }
    }
    if plan.opts.follow == walk::Follow::Always {
        raise_open_file_limit();
    }
    let expr = &plan.expr;
    let opens_early = !expr.may_change_tree() && !expr.prunes() && !plan.opts.same_file_system;
    let threads = parallel::policy::walk_threads(&plan, std::io::stdout().is_terminal());
    if threads > 1 {
        let outcome = parallel::run(plan, threads, opens_early);
        return exit_status(
            outcome.failed || skipped_starts,
            outcome.write_error.map(Err).unwrap_or(Ok(())),
        );
    }
    let mut out = Out::stdout();
    let mut evaluator = eval::Evaluator::new(
        &plan.expr,
        &mut out,
        &mut plan.sinks,
        plan.exec_count,
        plan.now,
    );
    evaluator.ignore_vanished = plan.opts.ignore_vanished;
    let mut walker = walk::Walker::new(plan.opts.clone(), &mut evaluator);
    // Opening a directory before the expression sees it saves a stat, but
    // only where the visit cannot change or keep tk out of it: -prune and
    // -xdev are how users keep find away from hung network mounts and
    // automount points, which an open would wait on, or mount.
    if opens_early {
        walker.open_dirs_early();
    }
    let lanes = parallel::policy::read_ahead_lanes(expr);
    walker.read_ahead(&plan.starts, lanes, expr.stats_most_entries());
    for start in &plan.starts {
        if !walker.walk_root(start) {
            break;
        }
    }
    drop(walker);
    evaluator.finish();
    let failed = evaluator.failed || skipped_starts;
    let write_error = evaluator.write_error.take();
    let flushed = out.flush();
    exit_status(failed, write_error.map(Err).unwrap_or(flushed))
}

/// The exit status: 1 when anything failed or stdout could not be written
/// (reported here), except when the reader went away.
fn exit_status(mut failed: bool, written: std::io::Result<()>) -> ExitCode {
    if let Err(err) = written {
        if is_broken_pipe(&err) {
            return ExitCode::from(if failed { 1 } else { 0 });
        }
        crate::errln!(
            "tk find: error writing to standard output: {}",
            crate::out::strerror(&err)
        );
        failed = true;
    }
    ExitCode::from(if failed { 1 } else { 0 })
}

/// The reading threads allocate little; without this glibc gives each
/// its own malloc arena, which costs more resident memory than the
/// threads save time (peak memory is held to 1.5 times GNU find's).
fn one_malloc_arena() {
    // SAFETY: mallopt only sets an allocator parameter; no thread runs yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Die quietly on a closed pipe as GNU find does (`tk find | head`), rather
/// than Rust's default of ignoring SIGPIPE and failing each write.
fn restore_sigpipe() {
    use nix::sys::signal::{SigHandler, Signal, signal};
    // SAFETY: installing SIG_DFL runs no handler code of ours.
    let _ = unsafe { signal(Signal::SIGPIPE, SigHandler::SigDfl) };
}

/// Under -L the walk cannot close a directory entered through a link
/// (see `close_one` in walk/walker.rs), so a chain of links keeps one descriptor
/// per level: allow as many as the hard limit permits. Otherwise the
/// limit is left alone; -exec's children get the user's limit back either
/// way.
fn raise_open_file_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) {
        if soft < hard {
            crate::find::action::exec::keep_child_open_file_limit();
            let _ = setrlimit(Resource::RLIMIT_NOFILE, hard, hard);
        }
    }
}
