//! Logging in to a Redfish service and out again. With a user name, tk
//! POSTs a login to the service's Sessions collection and sends the
//! X-Auth-Token it gets back; a service without sessions (no
//! `Links.Sessions`, a login refused for any reason but the credentials,
//! or an answer without a token) gets HTTP Basic instead, as DMTF's and
//! OpenStack sushy's clients do. Without a user name, nothing is sent.
//!
//! A BMC has few session slots (often 4 to 16) and a leaked session
//! holds one until the BMC times it out, so the open session lives in a
//! [`Slot`] shared with the thread that waits on the walk: whoever ends
//! the run (the walk, the deadline, Ctrl-C) closes it there, once.

use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::json;

use super::client::Client;
use super::error::RedfishError;
use crate::bmc::secret::Password;

/// Who to log in as: no user means no login at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: Option<String>,
    pub password: Password,
}

/// How the walk's requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Auth {
    Anonymous,
    /// The whole `Authorization` header value.
    Basic(String),
    /// A session's `X-Auth-Token`.
    Token(String),
}

impl Auth {
    pub(crate) fn headers(&self) -> Vec<(&str, &str)> {
        match self {
            Auth::Anonymous => Vec::new(),
            Auth::Basic(value) => vec![("Authorization", value.as_str())],
            Auth::Token(token) => vec![("X-Auth-Token", token.as_str())],
        }
    }
}

/// An open session: its URI (to DELETE) and token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Session {
    /// None when the service named none (no Location, no `@odata.id`):
    /// such a session can only time out on the BMC.
    pub uri: Option<String>,
    pub token: String,
}

/// Where a run's session stands.
#[derive(Debug, Default)]
enum Phase {
    #[default]
    None,
    LoggingIn,
    Open(Session),
    /// The run is over: no session may open any more.
    Closed,
}

/// The run's session, shared by the walk and the thread that ends it.
#[derive(Debug, Default)]
pub(crate) struct Slot(Mutex<Phase>);

/// How long closing waits for a login in flight, and how long the
/// DELETE of a session may take once the run is over.
pub(crate) const GRACE: Duration = Duration::from_secs(2);

impl Slot {
    fn with<T>(&self, f: impl FnOnce(&mut Phase) -> T) -> T {
        let mut phase = self.0.lock().unwrap_or_else(|poison| poison.into_inner());
        f(&mut phase)
    }

    /// Close the slot: wait (up to [`GRACE`]) for a login in flight, then
    /// delete the open session, if any. Returns a warning when there was
    /// a session that could not be deleted.
    pub(crate) fn close(&self, client: &Client) -> Option<String> {
        let until = Instant::now() + GRACE;
        while self.with(|p| matches!(p, Phase::LoggingIn)) && Instant::now() < until {
            thread::sleep(Duration::from_millis(10));
        }
        let open = self.with(|p| match std::mem::replace(p, Phase::Closed) {
            Phase::Open(session) => Some(session),
            _ => None,
        });
        let session = open?;
        let err = logout(client, &session).err()?;
        Some(format!(
            "the Redfish session at {} could not be deleted ({err}); it stays until the BMC \
             times it out",
            session.uri.as_deref().unwrap_or("(no URI)")
        ))
    }
}

/// Authenticate as the service allows. `sessions` is the service root's
/// `Links.Sessions` (already checked to be a path on this service).
pub(crate) fn login(
    client: &Client,
    sessions: Option<&str>,
    credentials: &Credentials,
    deadline: Instant,
    slot: &Slot,
) -> Result<Auth, RedfishError> {
    let Some(user) = &credentials.user else {
        return Ok(Auth::Anonymous);
    };
    let password = credentials.password.reveal();
    let basic = || {
        let pair = format!("{user}:{password}");
        Auth::Basic(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        ))
    };
    let Some(sessions) = sessions else {
        return Ok(basic());
    };
    let started = slot.with(|p| match p {
        Phase::None => {
            *p = Phase::LoggingIn;
            true
        }
        _ => false,
    });
    if !started {
        return Err(RedfishError::Interrupted);
    }
    let body = json!({"UserName": user, "Password": password}).to_string();
    let answer = client.exchange("POST", sessions, &[], Some(body.as_bytes()), deadline);
    let answer = match answer {
        Ok(answer) => answer,
        Err(err) => {
            slot.with(|p| {
                if matches!(p, Phase::LoggingIn) {
                    *p = Phase::None;
                }
            });
            return Err(err);
        }
    };
    let session = match (answer.status, &answer.token) {
        (200..=299, Some(token)) => {
            let uri = answer
                .location
                .as_deref()
                .and_then(|l| client.path_of(l))
                .or_else(|| {
                    serde_json::from_slice::<serde_json::Value>(&answer.body)
                        .ok()
                        .and_then(|d| d["@odata.id"].as_str().and_then(|l| client.path_of(l)))
                });
            Some(Session {
                uri,
                token: token.clone(),
            })
        }
        (401 | 403, _) => {
            slot.with(|p| *p = Phase::None);
            return Err(client.refusal(sessions, &answer));
        }
        _ => None,
    };
    // A login that gave no token: the service has no working sessions.
    let Some(session) = session else {
        slot.with(|p| {
            if matches!(p, Phase::LoggingIn) {
                *p = Phase::None;
            }
        });
        return Ok(basic());
    };
    let token = session.token.clone();
    let late = slot.with(|p| match p {
        Phase::Closed => Some(session),
        _ => {
            *p = Phase::Open(session);
            None
        }
    });
    if let Some(session) = late {
        // The run ended while the login was in flight.
        let _ = logout(client, &session);
        return Err(RedfishError::Interrupted);
    }
    Ok(Auth::Token(token))
}

/// DELETE the session, within [`GRACE`].
fn logout(client: &Client, session: &Session) -> Result<(), RedfishError> {
    let Some(uri) = &session.uri else {
        return Err(RedfishError::Exchange {
            uri: "the login".to_string(),
            detail: "the service named no URI for its session".to_string(),
        });
    };
    let headers = [("X-Auth-Token", session.token.as_str())];
    let answer = client.exchange("DELETE", uri, &headers, None, Instant::now() + GRACE)?;
    match answer.status {
        200..=299 | 404 | 410 => Ok(()),
        _ => Err(client.refusal(uri, &answer)),
    }
}
