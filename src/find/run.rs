//! Walking a plan: on one thread here, with the evaluator as the walk's
//! visitor, or on several through the parallel layer, as its policy
//! says; then the exit status (0, or 1 when anything failed).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use super::cmdline::Plan;
use super::process::raise_open_file_limit;
use super::{eval, parallel, walk};
use crate::out::{Out, is_broken_pipe};

/// Walk `plan`'s starting points and return the exit status;
/// `failed_before` when something already failed (a starting point of
/// -files0-from that was skipped).
pub(super) fn walk_plan(mut plan: Plan, failed_before: bool) -> ExitCode {
    if plan.opts.follow == walk::Follow::Always {
        raise_open_file_limit();
    }
    let expr = &plan.expr;
    let opens_early = !expr.may_change_tree() && !expr.prunes() && !plan.opts.same_file_system;
    let threads = parallel::policy::walk_threads(&plan, std::io::stdout().is_terminal());
    if threads > 1 {
        let outcome = parallel::run(plan, threads, opens_early);
        return exit_status(
            outcome.failed || failed_before,
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
    let failed = evaluator.failed || failed_before;
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
