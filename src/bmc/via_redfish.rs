//! `tk bmc --redfish` from the command line: the options and credentials
//! [`redfish::read`] takes, made once from the arguments, then one BMC
//! read and printed, or many read through the fleet (one session per
//! host, each with its own `--timeout`).

use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::args::BmcArgs;
use super::error::{BmcError, exit};
use super::fleet::{Answer, Reader};
use super::redfish::{self, Credentials, Options, Settings, Trust};
use super::secret;
use super::target::Target;

/// What every Redfish read of one command line shares.
#[derive(Debug)]
pub(super) struct Plan {
    options: Options,
    credentials: Credentials,
    /// `--port`, or 443.
    port: u16,
    timeout: Duration,
}

impl Plan {
    /// The trust, the password (read once, here) and the limits.
    pub(super) fn new(args: &BmcArgs) -> Result<Plan, BmcError> {
        let trust = match (&args.cacert, args.insecure) {
            (Some(file), _) => Trust::CaFile(file.clone()),
            (None, true) => Trust::Insecure,
            (None, false) => Trust::System,
        };
        Ok(Plan {
            options: Options {
                trust,
                timeout_secs: args.timeout,
            },
            credentials: Credentials {
                user: args.user.clone(),
                password: secret::load(args.password_file.as_deref()).map_err(|err| {
                    BmcError::Read {
                        path: args.password_file.clone().unwrap_or_default(),
                        err,
                    }
                })?,
            },
            port: args.port(),
            timeout: Duration::from_secs(args.timeout),
        })
    }

    /// Read one BMC, within `--timeout` from now.
    pub(super) fn read(&self, target: &Target) -> Result<Settings, BmcError> {
        let at = redfish::Target {
            host: target.host().to_string(),
            port: target.port_or(self.port),
        };
        let deadline = Instant::now() + self.timeout;
        redfish::read(&at, &self.options, &self.credentials, deadline).map_err(BmcError::from)
    }
}

/// One BMC: read it and print the table, `--json` or `--field`.
pub(super) fn one(args: &BmcArgs, target: &Target) -> Result<u8, BmcError> {
    let settings = Plan::new(args)?.read(target)?;
    let mut out = crate::out::buffered_stdout();
    let written = match &args.field {
        Some(name) => {
            let line = redfish::render::field(&settings, name)
                .map_err(|e| BmcError::UnknownField { name: e.0 })?;
            writeln!(out, "{line}")
        }
        None if args.json => redfish::render::json(&settings, &mut out),
        None => redfish::render::table(&settings, &mut out),
    };
    written
        .and_then(|()| out.flush())
        .map_err(BmcError::Write)?;
    Ok(exit::OK)
}

/// Many BMCs over Redfish: the fleet's reader.
pub(super) struct Fleet {
    plan: Plan,
    targets: Vec<Target>,
}

impl Fleet {
    pub(super) fn new(plan: Plan, targets: Vec<Target>) -> Fleet {
        Fleet { plan, targets }
    }
}

impl Reader for Fleet {
    fn count(&self) -> usize {
        self.targets.len()
    }

    fn name(&self, index: usize) -> &str {
        &self.targets[index].name
    }

    fn read(&self, index: usize) -> Result<Answer, BmcError> {
        match self.plan.read(&self.targets[index]) {
            Ok(settings) => Ok(answer(&settings)),
            // The fleet drops an interrupted host's row.
            Err(BmcError::Redfish(err)) if err.class() == redfish::error::Class::Interrupted => {
                Err(BmcError::Interrupted)
            }
            Err(err) => Err(err),
        }
    }
}

fn answer(settings: &Settings) -> Answer {
    let json = match settings.to_json() {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    Answer {
        json,
        partial: None,
        warnings: Vec::new(),
    }
}
