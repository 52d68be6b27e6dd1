//! `tk find`: GNU find's expression language over a directory walk.
//! `cmdline` turns the arguments into a `Plan`, `run` walks it (`walk`
//! visits the files, `eval` decides for each one, `parallel` shares the
//! walk between threads), `process` sets the process up. This module only
//! takes the arguments to a plan and the plan to a run.
//! docs/dev/architecture.md draws the layers.

pub mod action;
pub mod cmdline;
pub(crate) mod eval;
pub(crate) mod expr;
pub mod fs;
pub(crate) mod locale;
pub(crate) mod parallel;
pub(crate) mod pred;
mod process;
pub(crate) mod quote;
mod run;
pub(crate) mod types;
pub(crate) mod walk;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use crate::out::Out;
use process::{fits_on_main_stack, one_malloc_arena, restore_sigpipe};
use run::walk_plan;

/// Run `tk find ARGS...` and return its exit status.
pub(crate) fn main(args: Vec<OsString>) -> ExitCode {
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

fn run(args: Vec<OsString>) -> ExitCode {
    restore_sigpipe();
    let mut plan = match cmdline::parse(&args) {
        Ok(plan) => plan,
        Err(err) => {
            for warning in &err.warnings {
                crate::errln!("tk find: {warning}");
            }
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
    walk_plan(plan, skipped_starts)
}
