//! Asking a BMC through ipmitool: the password's way in (`-E` with
//! IPMI_PASSWORD in ipmitool's environment, or `-f FILE`), an argv that
//! never holds the password, and what a finished run amounts to: the
//! fields, the fields and a warning, or an error. [`Ipmitool`] is made
//! once per command and asked once per BMC (the fleet asks it from many
//! threads at once).

use std::ffi::OsString;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::ExitStatus;
use std::time::Duration;

use super::args::BmcArgs;
use super::error::BmcError;
use super::fleet::{Answer, Reader};
use super::model::LanPrint;
use super::parse;
use super::run;
use super::target::Target;

/// How to run ipmitool for one command line: the program and the
/// password, read once.
#[derive(Debug)]
pub(super) struct Ipmitool<'a> {
    args: &'a BmcArgs,
    program: OsString,
    password: Option<Password>,
    /// The password, only to take it out of ipmitool's messages.
    secret: Option<String>,
}

/// Where the remote password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Password {
    /// `-f FILE`: ipmitool reads the file.
    File(OsString),
    /// `-E`: ipmitool reads IPMI_PASSWORD, which we set in its environment
    /// (an empty one when the user gave no password, so ipmitool never
    /// prompts).
    Env(OsString),
}

impl<'a> Ipmitool<'a> {
    /// The program (--ipmitool, TK_IPMITOOL, else `ipmitool`) and, for a
    /// BMC over the network (`remote`), the password. A password file is
    /// read here, so a missing one is reported before ipmitool runs.
    pub(super) fn new(args: &'a BmcArgs, remote: bool) -> Result<Ipmitool<'a>, BmcError> {
        let program = args
            .ipmitool
            .clone()
            .map(OsString::from)
            .or_else(|| std::env::var_os("TK_IPMITOOL").filter(|v| !v.is_empty()))
            .unwrap_or_else(|| OsString::from("ipmitool"));
        let password = match (remote, &args.password_file) {
            (false, _) => None,
            (true, Some(file)) => Some(Password::File(file.clone().into_os_string())),
            (true, None) => Some(Password::Env(
                std::env::var_os("IPMI_PASSWORD").unwrap_or_default(),
            )),
        };
        let secret = match &password {
            Some(Password::File(file)) => {
                let path = Path::new(file);
                let line = super::secret::first_line(path).map_err(|err| BmcError::Read {
                    path: path.to_path_buf(),
                    err,
                })?;
                Some(line)
            }
            Some(Password::Env(value)) => Some(value.to_string_lossy().into_owned()),
            None => None,
        };
        Ok(Ipmitool {
            args,
            program,
            password,
            secret,
        })
    }

    /// Run `ipmitool lan print` against `target` (the local BMC for
    /// `None`). A failed run that still printed fields (some 1.8.19 builds
    /// stop at the first parameter the BMC lacks) gives its fields and a
    /// warning; any other failure is classified by its stderr.
    pub(super) fn lan_print(
        &self,
        target: Option<&Target>,
    ) -> Result<(LanPrint, Option<String>), BmcError> {
        let request = self.request(target);
        let finished = run::run(&request)?;
        let stderr = run::redact(&finished.stderr, self.secret.as_deref());
        let context = run::Context {
            target: target.map(|t| format!("{}:{}", t.host(), t.port_or(self.args.port()))),
            channel: self.args.channel,
        };
        outcome(finished.status, &finished.stdout, &stderr, &context)
    }

    fn request(&self, target: Option<&Target>) -> run::Request {
        let password_env = match &self.password {
            Some(Password::Env(value)) => Some(value.clone()),
            _ => None,
        };
        run::Request {
            program: self.program.clone(),
            args: ipmitool_args(self.args, target, self.password.as_ref()),
            password_env,
            timeout: Duration::from_secs(self.args.timeout),
            remote: target.is_some(),
        }
    }
}

/// Many BMCs through one [`Ipmitool`]: the fleet's reader.
pub(super) struct Fleet<'a> {
    ipmitool: Ipmitool<'a>,
    targets: Vec<Target>,
}

impl<'a> Fleet<'a> {
    pub(super) fn new(ipmitool: Ipmitool<'a>, targets: Vec<Target>) -> Fleet<'a> {
        Fleet { ipmitool, targets }
    }
}

impl Reader for Fleet<'_> {
    fn count(&self) -> usize {
        self.targets.len()
    }

    fn name(&self, index: usize) -> &str {
        &self.targets[index].name
    }

    fn read(&self, index: usize) -> Result<Answer, BmcError> {
        let (print, partial) = self.ipmitool.lan_print(Some(&self.targets[index]))?;
        Ok(Answer::from_lan_print(
            &print,
            self.ipmitool.args.channel,
            partial,
        ))
    }
}

/// What a finished ipmitool run amounts to: fields, fields and a warning,
/// or an error.
fn outcome(
    status: ExitStatus,
    stdout: &str,
    stderr: &str,
    context: &run::Context,
) -> Result<(LanPrint, Option<String>), BmcError> {
    let parsed = parse::parse(stdout);
    if status.success() {
        let print = parsed.map_err(|err| BmcError::NotLanPrint {
            source: "ipmitool's output".to_string(),
            err,
        })?;
        return Ok((print, None));
    }
    match parsed {
        Ok(print) => {
            // A signal is no sign of an unsupported setting (issue 7).
            let likely = if status.signal().is_some() {
                ""
            } else {
                ", likely at a setting this BMC does not support"
            };
            let warning = format!(
                "ipmitool stopped part-way ({}, {}) after {} field(s){likely}; \
                 shown is all it printed",
                run::describe(status),
                run::last_error_line(stderr),
                print.fields.len()
            );
            Ok((print, Some(warning)))
        }
        Err(_) => Err(run::classify(status, stderr, context)),
    }
}

/// ipmitool's argv. It holds the password file's name at most, never the
/// password itself.
fn ipmitool_args(
    args: &BmcArgs,
    target: Option<&Target>,
    password: Option<&Password>,
) -> Vec<OsString> {
    let mut argv: Vec<OsString> = Vec::new();
    if let Some(target) = target {
        argv.extend(["-I", args.interface.as_str()].map(OsString::from));
        if let Some(suite) = args.cipher_suite {
            argv.extend(["-C".into(), suite.to_string().into()]);
        }
        argv.push("-H".into());
        argv.push(target.host().into());
        argv.extend(["-p".into(), target.port_or(args.port()).to_string().into()]);
        if let Some(user) = &args.user {
            argv.extend(["-U".into(), user.into()]);
        }
        match password {
            Some(Password::File(file)) => argv.extend(["-f".into(), file.clone()]),
            Some(Password::Env(_)) => argv.push("-E".into()),
            None => {}
        }
    }
    argv.extend(["lan", "print"].map(OsString::from));
    if let Some(channel) = args.channel {
        argv.push(channel.to_string().into());
    }
    argv
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bmc::error::exit;
    use clap::Parser;
    use std::fs;

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        args: BmcArgs,
    }

    fn parse_args(argv: &[&str]) -> BmcArgs {
        Wrap::try_parse_from(std::iter::once("bmc").chain(argv.iter().copied()))
            .unwrap()
            .args
    }

    fn strings(v: Vec<OsString>) -> Vec<String> {
        v.into_iter().map(|s| s.into_string().unwrap()).collect()
    }

    #[test]
    fn partial_output_is_kept_with_a_warning() {
        let failed = ExitStatus::from_raw(1 << 8);
        let ok = ExitStatus::from_raw(0);
        let ctx = run::Context {
            target: None,
            channel: Some(5),
        };
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bmc/shape-partial-1.8.19.txt");
        let text = fs::read_to_string(path).unwrap();
        let (print, warning) = outcome(failed, &text, "", &ctx).unwrap();
        assert_eq!(print.value("IP Address"), Some("10.9.8.7"));
        let warning = warning.unwrap();
        assert!(
            warning.contains("exit status 1") && warning.contains("9 field(s)"),
            "{warning}"
        );
        assert!(!warning.contains('\n'));
        // Nothing printed: the failure is classified instead.
        let err = outcome(failed, "", "Invalid channel: 5\n", &ctx).unwrap_err();
        assert_eq!(err.exit_code(), exit::CHANNEL);
        // Success with no fields is not silently empty.
        let err = outcome(ok, "", "", &ctx).unwrap_err();
        assert!(
            err.to_string().contains("ipmitool's output is not"),
            "{err}"
        );
        assert_eq!(outcome(ok, &text, "", &ctx).unwrap().1, None);
    }

    #[test]
    fn in_band_argv() {
        let args = parse_args(&[]);
        assert_eq!(strings(ipmitool_args(&args, None, None)), ["lan", "print"]);
        let args = parse_args(&["--channel", "2"]);
        assert_eq!(
            strings(ipmitool_args(&args, None, None)),
            ["lan", "print", "2"]
        );
    }

    #[test]
    fn remote_argv_never_holds_the_password() {
        let args = parse_args(&["--host", "bmc1", "--user", "admin", "--channel", "1"]);
        let pw = Password::Env("hunter2".into());
        let bmc1 = Target::parse("bmc1").unwrap();
        let argv = strings(ipmitool_args(&args, Some(&bmc1), Some(&pw)));
        assert_eq!(
            argv,
            [
                "-I", "lanplus", "-H", "bmc1", "-p", "623", "-U", "admin", "-E", "lan", "print",
                "1"
            ]
        );
        let args = parse_args(&["--host", "bmc1", "--interface", "lan", "--port", "1623"]);
        let pw = Password::File("/run/pw".into());
        let argv = strings(ipmitool_args(&args, Some(&bmc1), Some(&pw)));
        assert_eq!(
            argv,
            [
                "-I", "lan", "-H", "bmc1", "-p", "1623", "-f", "/run/pw", "lan", "print"
            ]
        );
        // A port in the name wins over --port.
        let own = Target::parse("bmc2:6230").unwrap();
        let argv = strings(ipmitool_args(&args, Some(&own), Some(&pw)));
        assert_eq!(argv[2..6], ["-H", "bmc2", "-p", "6230"]);
    }
}
