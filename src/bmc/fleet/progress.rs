//! The progress bar of a fleet run (indicatif): hosts done and failed,
//! reads in flight, time elapsed. Drawn only when stderr is a terminal,
//! and cleared at the end; lines written to stderr meanwhile go through
//! [`Progress::suspend`] so the bar does not tear them.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::rows::Counts;

/// The bar, or nothing when stderr is not a terminal.
pub(super) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    pub(super) fn new(total: usize) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(
            Some(total as u64),
            ProgressDrawTarget::stderr_with_hz(10),
        );
        if let Ok(style) =
            ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} done, {msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("0 failed, 0 in flight");
        // The clock moves while every host in flight is slow to answer.
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress { bar: Some(bar) }
    }

    /// Show the hosts done so far, and how many are being asked.
    pub(super) fn show(&self, counts: Counts, in_flight: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(counts.done() as u64);
            let failed = counts.failed + counts.partial;
            bar.set_message(format!("{failed} failed, {in_flight} in flight"));
        }
    }

    /// Run `write` (which writes to stderr or stdout) with the bar
    /// hidden.
    pub(super) fn suspend<R>(&self, write: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    /// Take the bar off the screen.
    pub(super) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
