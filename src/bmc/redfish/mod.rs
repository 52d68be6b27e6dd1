//! `tk bmc --redfish`: a BMC's network settings from its Redfish API
//! over HTTPS. [`read`] is the one-host entry point, shaped like the IPMI
//! path's so that a runner over many hosts can call either: host,
//! options, credentials and a deadline in; the [`Settings`] or a
//! [`RedfishError`] out (which `bmc::error` wraps with its exit status;
//! this module knows nothing above it but the signals and the password).
//!
//! Layers, each pointing down only: [`client`] (HTTPS, errors), [`tls`]
//! (certificate checks), [`session`] (login, logout, the shared session
//! slot), [`walk`] (which documents, in which order), [`document`] and
//! [`normalise`] (pure: JSON to facts), [`model`] (the facts and the
//! primary interface), [`render`] (table and `--field`).

pub(crate) mod client;
pub mod document;
pub(crate) mod error;
pub mod model;
pub(crate) mod normalise;
pub mod render;
pub(crate) mod session;
pub(crate) mod tls;
pub(crate) mod walk;

use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use error::RedfishError;
pub use model::Settings;
pub use session::Credentials;
use session::Slot;
pub use tls::Trust;

use super::signals;

/// Where the service is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
}

/// How to talk to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub trust: Trust,
    /// `--timeout`, for messages (the deadline is what counts).
    pub timeout_secs: u64,
}

/// How often the waiting thread looks at the signals.
const POLL: Duration = Duration::from_millis(20);

/// Read one BMC's settings over Redfish, by `deadline`. The walk runs on
/// a thread of its own; this one waits for it, for the deadline or for
/// Ctrl-C/SIGTERM/SIGHUP, whichever comes first, and then deletes the
/// session the walk opened, in every case. A session that cannot be
/// deleted is reported on stderr as a warning.
pub fn read(
    target: &Target,
    options: &Options,
    credentials: &Credentials,
    deadline: Instant,
) -> Result<Settings, RedfishError> {
    signals::catch();
    let client = client::Client::new(
        &target.host,
        target.port,
        &options.trust,
        options.timeout_secs,
    )?;
    let slot = Arc::new(Slot::default());
    let (tx, rx) = mpsc::channel();
    {
        let (client, slot, credentials) = (client.clone(), Arc::clone(&slot), credentials.clone());
        thread::spawn(move || {
            let _ = tx.send(walk::walk(&client, &credentials, deadline, &slot));
        });
    }
    let outcome = loop {
        if signals::interrupted() {
            break Err(RedfishError::Interrupted);
        }
        match rx.recv_timeout(POLL) {
            // A signal can break a read in the walk: it is the signal's.
            Ok(_) if signals::interrupted() => break Err(RedfishError::Interrupted),
            Ok(result) => break result,
            // The walk's requests end at the deadline themselves; this is
            // a backstop for one that does not.
            Err(RecvTimeoutError::Timeout) if Instant::now() > deadline + POLL * 10 => {
                break Err(client.timeout());
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                break Err(RedfishError::Exchange {
                    uri: walk::SERVICE_ROOT.to_string(),
                    detail: "the walk stopped without an answer".to_string(),
                });
            }
        }
    };
    if let Some(warning) = slot.close(&client) {
        crate::errln!("tk bmc: warning: {warning}");
    }
    outcome
}
