//! Why reading a BMC over Redfish failed, each with its one-line message
//! (naming the host or the URI, and saying what to do next) and its
//! [`Class`], which `bmc::error` turns into an exit status. Messages never
//! hold the password: nothing here is ever given it.

use std::fmt;
use std::path::PathBuf;

/// The kinds of failure that have an exit status of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The service refused the user name or password (HTTP 401/403).
    Credentials,
    /// No answer, or not all of it, within `--timeout`.
    Timeout,
    /// SIGINT, SIGTERM or SIGHUP.
    Interrupted,
    /// The service's certificate is not trusted (or not for this host).
    Certificate,
    /// Anything else: not Redfish, bad JSON, a dead link, no interfaces...
    Other,
}

/// Why `tk bmc --redfish` stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedfishError {
    /// TCP could not connect, or the name did not resolve.
    Unreachable {
        target: String,
        detail: String,
    },
    /// The certificate failed verification (`detail` says how).
    Certificate {
        target: String,
        detail: String,
    },
    /// TLS failed for a reason other than the certificate.
    Tls {
        target: String,
        detail: String,
    },
    Timeout {
        target: String,
        secs: u64,
    },
    Interrupted,
    /// HTTP 401 or 403 at `uri`.
    CredentialsRefused {
        target: String,
        uri: String,
        status: u16,
        user: Option<String>,
    },
    /// /redfish/v1 answered, but not as a Redfish service root.
    NotRedfish {
        target: String,
        detail: String,
    },
    /// A document that is not JSON (or not the JSON it should be).
    BadDocument {
        uri: String,
        detail: String,
    },
    /// A link that answered 404 or 410.
    DeadLink {
        uri: String,
        status: u16,
        from: String,
    },
    /// A link that is not a path on this service.
    ForeignLink {
        link: String,
        from: String,
    },
    /// Any other HTTP failure status, with the service's own message.
    HttpStatus {
        uri: String,
        status: u16,
        message: String,
    },
    /// An HTTP exchange that broke (reset, garbage, too large).
    Exchange {
        uri: String,
        detail: String,
    },
    /// No manager lists an Ethernet interface (`managers` are their ids).
    NoInterfaces {
        target: String,
        managers: Vec<String>,
    },
    /// `--cacert` holds no usable certificate.
    CaFile {
        path: PathBuf,
        detail: String,
    },
}

impl RedfishError {
    pub fn class(&self) -> Class {
        match self {
            RedfishError::CredentialsRefused { .. } => Class::Credentials,
            RedfishError::Timeout { .. } => Class::Timeout,
            RedfishError::Interrupted => Class::Interrupted,
            RedfishError::Certificate { .. } => Class::Certificate,
            _ => Class::Other,
        }
    }
}

impl fmt::Display for RedfishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedfishError::Unreachable { target, detail } => write!(
                f,
                "cannot connect to {target} ({detail}): check --host and --port (443 by \
                 default) and that the BMC's web service is on"
            ),
            RedfishError::Certificate { target, detail } => write!(
                f,
                "the HTTPS certificate of {target} is not trusted ({detail}): pass the BMC's \
                 certificate or its CA with --cacert FILE, or skip the check with --insecure"
            ),
            RedfishError::Tls { target, detail } => write!(
                f,
                "TLS with {target} failed ({detail}): check that --port is the BMC's HTTPS port"
            ),
            RedfishError::Timeout { target, secs } => write!(
                f,
                "{target} did not answer within {secs} s: check the host and --port, or allow \
                 more with --timeout SECS"
            ),
            RedfishError::Interrupted => write!(f, "interrupted; the Redfish session was closed"),
            RedfishError::CredentialsRefused {
                target,
                uri,
                status,
                user,
            } => {
                write!(
                    f,
                    "{target} refused the credentials (HTTP {status} at {uri}): "
                )?;
                match user {
                    Some(user) => write!(
                        f,
                        "check --user ({user}) and the password (IPMI_PASSWORD or \
                         --password-file), and that the account may use Redfish"
                    ),
                    None => write!(
                        f,
                        "give --user and the password (IPMI_PASSWORD or --password-file)"
                    ),
                }
            }
            RedfishError::NotRedfish { target, detail } => write!(
                f,
                "{target} is not a Redfish service ({detail}): check --host and --port, or use \
                 IPMI (tk bmc without --redfish)"
            ),
            RedfishError::BadDocument { uri, detail } => write!(
                f,
                "the Redfish document at {uri} is not valid ({detail}): the BMC's firmware may \
                 be at fault; compare with `curl -k` on that URI"
            ),
            RedfishError::DeadLink { uri, status, from } => write!(
                f,
                "the link to {uri} in {from} leads nowhere (HTTP {status}): the BMC's Redfish \
                 service is inconsistent; a BMC reset or firmware update may help"
            ),
            RedfishError::ForeignLink { link, from } => write!(
                f,
                "{from} links to {link:?}, which is not a path on this service: tk follows only \
                 links to the same BMC"
            ),
            RedfishError::HttpStatus {
                uri,
                status,
                message,
            } => write!(
                f,
                "{uri} answered HTTP {status} ({message}): try again later, or check the BMC's \
                 Redfish service"
            ),
            RedfishError::Exchange { uri, detail } => write!(
                f,
                "the exchange for {uri} failed ({detail}): try again, or check the BMC's Redfish \
                 service"
            ),
            RedfishError::NoInterfaces { target, managers } => {
                let list = if managers.is_empty() {
                    "it lists no managers".to_string()
                } else {
                    format!("managers: {}", managers.join(", "))
                };
                write!(
                    f,
                    "the Redfish service at {target} lists no network interfaces ({list}): \
                     try IPMI (tk bmc without --redfish)"
                )
            }
            RedfishError::CaFile { path, detail } => write!(
                f,
                "--cacert {}: {detail}: give a PEM file with the BMC's certificate or its CA",
                path.display()
            ),
        }
    }
}

impl std::error::Error for RedfishError {}
