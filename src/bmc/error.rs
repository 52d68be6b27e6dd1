//! Everything that can stop `tk bmc`, each with its one-line message
//! (saying what to do next) and its documented exit status. The README's
//! `tk bmc` section lists the same table; keep them in step.
//!
//! Messages never carry the BMC password: ipmitool's own words are quoted
//! only after `run::redact` has taken the password out of them.

use std::ffi::OsString;
use std::fmt;
use std::io;
use std::path::PathBuf;

use super::parse::ParseError;
use super::redfish::error::{Class, RedfishError};

/// Exit statuses of `tk bmc`.
pub(crate) mod exit {
    /// The settings were printed.
    pub(crate) const OK: u8 = 0;
    /// Any other failure: unreadable capture, text that is not `lan print`,
    /// no such `--field`, ipmitool failing for a reason not listed below.
    pub(crate) const FAILURE: u8 = 1;
    /// Bad command line (clap's own status).
    pub(crate) const USAGE: u8 = 2;
    /// ipmitool is not installed (or `--ipmitool` names nothing).
    pub(crate) const NO_IPMITOOL: u8 = 3;
    /// No local BMC device (/dev/ipmi0).
    pub(crate) const NO_DEVICE: u8 = 4;
    /// The local BMC device exists but this user may not open it.
    pub(crate) const PERMISSION: u8 = 5;
    /// The BMC refused the session or the credentials, or never answered.
    pub(crate) const SESSION: u8 = 6;
    /// The channel is invalid or not a LAN channel.
    pub(crate) const CHANNEL: u8 = 7;
    /// ipmitool ran past `--timeout` and was stopped.
    pub(crate) const TIMEOUT: u8 = 8;
    /// ipmitool stopped part-way: what it printed was shown, with a warning.
    pub(crate) const PARTIAL: u8 = 9;
    /// `--redfish`: the BMC's HTTPS certificate is not trusted.
    pub(crate) const CERTIFICATE: u8 = 10;
    /// tk was interrupted (SIGINT/SIGTERM/SIGHUP) and stopped ipmitool
    /// (or closed the Redfish session).
    pub(crate) const INTERRUPTED: u8 = 130;
}

/// Why `tk bmc` stopped.
#[derive(Debug)]
pub(crate) enum BmcError {
    /// Spawning ipmitool found no such program.
    IpmitoolMissing {
        program: OsString,
    },
    /// ipmitool could not run for another reason (not executable...).
    Spawn {
        program: OsString,
        err: io::Error,
    },
    NoDevice,
    PermissionDenied,
    /// `target` is "host:port"; `detail` is ipmitool's last error line.
    SessionRefused {
        target: String,
        detail: String,
    },
    BadChannel {
        channel: Option<u8>,
        detail: String,
    },
    Timeout {
        secs: u64,
        remote: bool,
    },
    Interrupted,
    /// ipmitool failed in a way not listed above.
    Failed {
        status: String,
        detail: String,
    },
    /// ipmitool succeeded but its output is not a `lan print`.
    NotLanPrint {
        source: String,
        err: ParseError,
    },
    /// A `--from` capture or `--password-file` could not be read.
    Read {
        path: PathBuf,
        err: io::Error,
    },
    UnknownField {
        name: String,
    },
    /// Writing our output failed (other than a closed pipe).
    Write(io::Error),
    /// A command line clap could not check: a bad host name, port or host
    /// list. `show` is the list with a caret under the fault, printed on
    /// lines of their own after the message.
    Usage {
        message: String,
        show: Option<String>,
    },
    /// `--redfish` failed.
    Redfish(RedfishError),
}

impl BmcError {
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            BmcError::IpmitoolMissing { .. } => exit::NO_IPMITOOL,
            BmcError::NoDevice => exit::NO_DEVICE,
            BmcError::PermissionDenied => exit::PERMISSION,
            BmcError::SessionRefused { .. } => exit::SESSION,
            BmcError::BadChannel { .. } => exit::CHANNEL,
            BmcError::Timeout { .. } => exit::TIMEOUT,
            BmcError::Interrupted => exit::INTERRUPTED,
            BmcError::Usage { .. } => exit::USAGE,
            BmcError::Redfish(err) => match err.class() {
                Class::Credentials => exit::SESSION,
                Class::Timeout => exit::TIMEOUT,
                Class::Interrupted => exit::INTERRUPTED,
                Class::Certificate => exit::CERTIFICATE,
                Class::Other => exit::FAILURE,
            },
            BmcError::Spawn { .. }
            | BmcError::Failed { .. }
            | BmcError::NotLanPrint { .. }
            | BmcError::Read { .. }
            | BmcError::UnknownField { .. }
            | BmcError::Write(_) => exit::FAILURE,
        }
    }
}

impl fmt::Display for BmcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BmcError::IpmitoolMissing { program } => write!(
                f,
                "ipmitool not found (looked for {:?}): install it (apt-get install ipmitool, \
                 or dnf install ipmitool) or name it with --ipmitool PATH",
                program
            ),
            BmcError::Spawn { program, err } => {
                write!(
                    f,
                    "cannot run {program:?}: {err}: check --ipmitool or TK_IPMITOOL"
                )
            }
            BmcError::NoDevice => write!(
                f,
                "no local BMC device (/dev/ipmi0 is missing): load the drivers with \
                 `modprobe ipmi_si ipmi_devintf`, or reach the BMC over the network with --host"
            ),
            BmcError::PermissionDenied => write!(
                f,
                "permission denied opening the local BMC device (/dev/ipmi0): run tk bmc as root"
            ),
            BmcError::SessionRefused { target, detail } => write!(
                f,
                "the BMC at {target} refused the session or did not answer ({detail}): \
                 check --user, the password (IPMI_PASSWORD or --password-file), --interface, \
                 and that {target} is a BMC you can reach"
            ),
            BmcError::BadChannel { channel, detail } => {
                match channel {
                    Some(n) => {
                        write!(f, "channel {n} is not a LAN channel of this BMC ({detail})")?
                    }
                    None => write!(
                        f,
                        "this BMC has no LAN channel that ipmitool found ({detail})"
                    )?,
                }
                write!(f, ": try another --channel (1 is the usual one)")
            }
            BmcError::Timeout { secs, remote } => {
                write!(
                    f,
                    "ipmitool did not finish within {secs} s and was stopped: "
                )?;
                if *remote {
                    write!(
                        f,
                        "check the host, --port and credentials (a wrong password makes \
                               ipmitool retry for long), or allow more with --timeout SECS"
                    )
                } else {
                    write!(
                        f,
                        "the local BMC is slow or busy; allow more with --timeout SECS"
                    )
                }
            }
            BmcError::Interrupted => write!(f, "interrupted; ipmitool was stopped"),
            BmcError::Failed { status, detail } => write!(
                f,
                "ipmitool failed ({status}): {detail}; run the same ipmitool command by hand \
                 with -v for more"
            ),
            BmcError::NotLanPrint { source, err } => {
                write!(f, "{source} is not `ipmitool lan print` output: {err}")
            }
            BmcError::Read { path, err } => {
                write!(f, "cannot read {}: {err}", path.display())
            }
            BmcError::UnknownField { name } => write!(
                f,
                "no field {name:?} in this output: use a --json key (ip_address, ip_source, \
                 subnet_mask, mac_address, vlan_id, ...) or a label as the table shows it"
            ),
            BmcError::Write(err) => {
                write!(f, "cannot write the output: {}", crate::out::strerror(err))
            }
            BmcError::Usage { message, .. } => f.write_str(message),
            BmcError::Redfish(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for BmcError {}

impl From<RedfishError> for BmcError {
    fn from(err: RedfishError) -> BmcError {
        BmcError::Redfish(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_one_line() {
        let errors = [
            BmcError::IpmitoolMissing {
                program: "ipmitool".into(),
            },
            BmcError::NoDevice,
            BmcError::PermissionDenied,
            BmcError::SessionRefused {
                target: "h:623".into(),
                detail: "x".into(),
            },
            BmcError::BadChannel {
                channel: Some(5),
                detail: "x".into(),
            },
            BmcError::BadChannel {
                channel: None,
                detail: "x".into(),
            },
            BmcError::Timeout {
                secs: 2,
                remote: true,
            },
            BmcError::Timeout {
                secs: 2,
                remote: false,
            },
            BmcError::Interrupted,
            BmcError::Failed {
                status: "exit status 1".into(),
                detail: "x".into(),
            },
            BmcError::NotLanPrint {
                source: "-".into(),
                err: ParseError::Empty,
            },
            BmcError::UnknownField { name: "x".into() },
            BmcError::Usage {
                message: "--host: x".into(),
                show: Some("  x\n  ^".into()),
            },
            BmcError::Redfish(RedfishError::Certificate {
                target: "h:443".into(),
                detail: "x".into(),
            }),
        ];
        let mut codes: Vec<u8> = Vec::new();
        for e in &errors {
            let text = e.to_string();
            assert!(!text.contains('\n'), "{text}");
            assert!(!text.is_empty());
            if !codes.contains(&e.exit_code()) {
                codes.push(e.exit_code());
            }
        }
        // Each listed condition has its own status.
        assert_eq!(codes, [3, 4, 5, 6, 7, 8, 130, 1, 2, 10]);
    }
}
