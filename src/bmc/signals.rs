//! Ctrl-C, SIGTERM and SIGHUP for `tk bmc`: caught, so that the work in
//! flight (an ipmitool child, a Redfish session) is ended cleanly before
//! tk exits with status 130, instead of being left behind.

use std::sync::atomic::{AtomicBool, Ordering};

use nix::sys::signal::{self, SaFlags, SigAction, SigHandler, SigSet, Signal};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Catch SIGINT, SIGTERM and SIGHUP from now on; [`interrupted`] tells
/// whether one came. No `SA_RESTART`: a blocking read or connect in any
/// thread returns early with EINTR rather than holding tk up.
pub(crate) fn catch() {
    let action = SigAction::new(
        SigHandler::Handler(on_signal),
        SaFlags::empty(),
        SigSet::empty(),
    );
    for sig in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe.
        let _ = unsafe { signal::sigaction(sig, &action) };
    }
}

/// True once SIGINT, SIGTERM or SIGHUP has come since [`catch`].
pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Stop as a signal would: reads in flight end early and no new one
/// starts. For when the output is gone (`tk bmc ... | head`), so nothing
/// runs on for no one.
pub(crate) fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
}
