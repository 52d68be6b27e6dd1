//! `tk bmc`: the BMC's network settings from `ipmitool lan print`, as a
//! table, JSON or one field. This module is glue only: arguments to an
//! ipmitool [`run::Request`] (or a `--from` capture), the text through the
//! pure [`parse`] into a [`model::Summary`], then [`render`]. Errors and
//! exit statuses are in [`error`].

mod args;
pub mod error;
pub mod model;
pub mod parse;
pub mod render;
pub mod run;

use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{ExitCode, ExitStatus};
use std::time::Duration;

pub use args::{BmcArgs, Interface};
use error::{BmcError, exit};
use model::{LanPrint, Summary};

/// Run `tk bmc` and return its exit status; errors are printed here.
pub fn main(args: BmcArgs) -> ExitCode {
    match execute(&args) {
        Ok(code) => ExitCode::from(code),
        Err(BmcError::Write(err)) if crate::out::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            crate::errln!("tk bmc: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}

fn execute(args: &BmcArgs) -> Result<u8, BmcError> {
    let (print, partial) = match &args.from {
        Some(path) => (from_capture(path)?, None),
        None => from_ipmitool(args)?,
    };
    warn_ignored(&print);
    let summary = Summary::new(&print, args.channel);
    write_output(args, &summary)?;
    match partial {
        Some(warning) => {
            crate::errln!("tk bmc: warning: {warning}");
            Ok(exit::PARTIAL)
        }
        None => Ok(exit::OK),
    }
}

fn write_output(args: &BmcArgs, summary: &Summary<'_>) -> Result<(), BmcError> {
    let mut out = crate::out::buffered_stdout();
    let written = match &args.field {
        Some(name) => {
            let lines =
                render::field(summary, name).map_err(|e| BmcError::UnknownField { name: e.0 })?;
            lines.iter().try_for_each(|l| writeln!(out, "{l}"))
        }
        None if args.json => render::json(summary, &mut out),
        None => render::table(summary, &mut out),
    };
    written.and_then(|()| out.flush()).map_err(BmcError::Write)
}

/// `--from FILE` or `--from -`.
fn from_capture(path: &Path) -> Result<LanPrint, BmcError> {
    let mut bytes = Vec::new();
    let (name, read) = if path.as_os_str() == "-" {
        (
            "standard input".to_string(),
            io::stdin().lock().read_to_end(&mut bytes),
        )
    } else {
        (
            path.display().to_string(),
            fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)),
        )
    };
    read.map_err(|err| BmcError::Read {
        path: path.to_path_buf(),
        err,
    })?;
    parse::parse(&String::from_utf8_lossy(&bytes))
        .map_err(|err| BmcError::NotLanPrint { source: name, err })
}

/// Run ipmitool. A failed run that still printed fields (some 1.8.19
/// builds stop at the first parameter the BMC lacks) gives its fields and
/// a warning; any other failure is classified by its stderr.
fn from_ipmitool(args: &BmcArgs) -> Result<(LanPrint, Option<String>), BmcError> {
    let plan = plan(args)?;
    let finished = run::run(&plan.request)?;
    let stderr = run::redact(&finished.stderr, plan.secret.as_deref());
    outcome(finished.status, &finished.stdout, &stderr, &plan.context)
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

/// Tell, in one line, about lines that were neither field nor continuation.
fn warn_ignored(print: &LanPrint) {
    let lines = &print.ignored_lines;
    if lines.is_empty() {
        return;
    }
    let mut list: Vec<String> = lines.iter().take(5).map(ToString::to_string).collect();
    if lines.len() > 5 {
        list.push("...".to_string());
    }
    crate::errln!(
        "tk bmc: warning: skipped {} line(s) that are not `Label : value` (line {})",
        lines.len(),
        list.join(", ")
    );
}

/// An ipmitool run and what its messages need.
struct Plan {
    request: run::Request,
    context: run::Context,
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

fn plan(args: &BmcArgs) -> Result<Plan, BmcError> {
    let program = args
        .ipmitool
        .clone()
        .map(OsString::from)
        .or_else(|| std::env::var_os("TK_IPMITOOL").filter(|v| !v.is_empty()))
        .unwrap_or_else(|| OsString::from("ipmitool"));
    let password = match (&args.host, &args.password_file) {
        (None, _) => None,
        (Some(_), Some(file)) => Some(Password::File(file.clone().into_os_string())),
        (Some(_), None) => Some(Password::Env(
            std::env::var_os("IPMI_PASSWORD").unwrap_or_default(),
        )),
    };
    let secret = match &password {
        Some(Password::File(file)) => Some(first_line(Path::new(file))?),
        Some(Password::Env(value)) => Some(value.to_string_lossy().into_owned()),
        None => None,
    };
    let password_env = match &password {
        Some(Password::Env(value)) => Some(value.clone()),
        _ => None,
    };
    Ok(Plan {
        request: run::Request {
            program,
            args: ipmitool_args(args, password.as_ref()),
            password_env,
            timeout: Duration::from_secs(args.timeout),
            remote: args.host.is_some(),
        },
        context: run::Context {
            target: args.host.as_ref().map(|h| format!("{h}:{}", args.port)),
            channel: args.channel,
        },
        secret,
    })
}

/// The password file's first line, as ipmitool reads it; reading it here
/// also reports a missing or unreadable file before ipmitool runs.
fn first_line(path: &Path) -> Result<String, BmcError> {
    // A password is short; reading at most 64 KiB keeps a wrong file
    // (or /dev/zero) from hanging us.
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(64 << 10).read_to_end(&mut bytes))
        .map_err(|err| BmcError::Read {
            path: path.to_path_buf(),
            err,
        })?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.lines().next().unwrap_or("").to_string())
}

/// ipmitool's argv. It holds the password file's name at most, never the
/// password itself.
fn ipmitool_args(args: &BmcArgs, password: Option<&Password>) -> Vec<OsString> {
    let mut argv: Vec<OsString> = Vec::new();
    if let Some(host) = &args.host {
        argv.extend(["-I", args.interface.as_str()].map(OsString::from));
        if let Some(suite) = args.cipher_suite {
            argv.extend(["-C".into(), suite.to_string().into()]);
        }
        argv.push("-H".into());
        argv.push(host.into());
        argv.extend(["-p".into(), args.port.to_string().into()]);
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
    use clap::Parser;

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

    /// Every fixture, cut at every character and with garbage lines put
    /// at every line, parses without a panic into a consistent value that
    /// every renderer takes.
    #[test]
    fn robust_over_truncations_and_garbage() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bmc");
        let mut texts = Vec::new();
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                texts.push(fs::read_to_string(path).unwrap());
            }
        }
        assert!(texts.len() >= 8);
        const GARBAGE: &[&str] = &[
            "",
            ":",
            "::::",
            " : ",
            "\t:\t",
            ": : :",
            "   : orphan",
            "Label:",
            ":value",
            "\u{0}\u{1b}[2J:\u{7f}",
            "é ü : ß",
            "IP Address : 999.1.1.1",
            "MAC Address : zz:zz:zz:zz:zz:zz",
            "802.1q VLAN ID : 99999999999",
            "RMCP+ Cipher Suites : ,,,-1,256,3",
            "\r",
            "Unable to Get Channel Cipher Suites",
        ];
        let long = "x".repeat(10_000) + ":" + &"y".repeat(10_000);
        let mut cases = 0;
        for text in &texts {
            for (i, _) in text.char_indices() {
                check(&text[..i]);
                cases += 1;
            }
            let lines: Vec<&str> = text.lines().collect();
            for at in 0..=lines.len() {
                // The long line is slow to render: only first and last.
                let ends = at == 0 || at == lines.len();
                let extra = ends.then_some(long.as_str());
                for junk in GARBAGE.iter().copied().chain(extra) {
                    let mut mutated = lines.clone();
                    mutated.insert(at, junk);
                    check(&mutated.join("\n"));
                    cases += 1;
                }
                if at < lines.len() {
                    let mut dropped = lines.clone();
                    dropped.remove(at);
                    check(&dropped.join("\n"));
                }
            }
        }
        assert!(cases > 5_000, "{cases}");
    }

    fn check(text: &str) {
        let Ok(print) = parse::parse(text) else {
            return;
        };
        let lines = text.lines().count();
        assert!(print.fields.len() <= lines);
        assert!(print.ignored_lines.iter().all(|n| (1..=lines).contains(n)));
        for f in &print.fields {
            assert!(!f.label.is_empty() && !f.values.is_empty());
        }
        let summary = Summary::new(&print, Some(1));
        let mut out = Vec::new();
        render::table(&summary, &mut out).unwrap();
        render::json(&summary, &mut out).unwrap();
        assert!(render::field(&summary, "cipher_suites").is_ok());
        let _ = render::field(&summary, "Auth Type Enable");
    }

    #[test]
    fn partial_output_is_kept_with_a_warning() {
        let failed = std::os::unix::process::ExitStatusExt::from_raw(1 << 8);
        let ok = std::os::unix::process::ExitStatusExt::from_raw(0);
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
        assert_eq!(strings(ipmitool_args(&args, None)), ["lan", "print"]);
        let args = parse_args(&["--channel", "2"]);
        assert_eq!(strings(ipmitool_args(&args, None)), ["lan", "print", "2"]);
    }

    #[test]
    fn remote_argv_never_holds_the_password() {
        let args = parse_args(&["--host", "bmc1", "--user", "admin", "--channel", "1"]);
        let pw = Password::Env("hunter2".into());
        let argv = strings(ipmitool_args(&args, Some(&pw)));
        assert_eq!(
            argv,
            [
                "-I", "lanplus", "-H", "bmc1", "-p", "623", "-U", "admin", "-E", "lan", "print",
                "1"
            ]
        );
        let args = parse_args(&["--host", "bmc1", "--interface", "lan", "--port", "1623"]);
        let pw = Password::File("/run/pw".into());
        let argv = strings(ipmitool_args(&args, Some(&pw)));
        assert_eq!(
            argv,
            [
                "-I", "lan", "-H", "bmc1", "-p", "1623", "-f", "/run/pw", "lan", "print"
            ]
        );
    }

    #[test]
    fn remote_options_need_a_host_and_from_excludes_running() {
        let bad = |argv: &[&str]| {
            Wrap::try_parse_from(std::iter::once("bmc").chain(argv.iter().copied())).is_err()
        };
        assert!(bad(&["--user", "u"]));
        assert!(bad(&["--password-file", "f"]));
        assert!(bad(&["--from", "f", "--host", "h"]));
        assert!(bad(&["--from", "f", "--timeout", "3"]));
        assert!(bad(&["--json", "--field", "ip_address"]));
        assert!(bad(&["--channel", "16"]));
        assert!(bad(&["--timeout", "0"]));
    }
}
