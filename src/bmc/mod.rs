//! `tk bmc`: the BMC's network settings from `ipmitool lan print`, or
//! with `--redfish` from the BMC's Redfish API, as a table, JSON or one
//! field. This module is glue only: arguments to an ipmitool run
//! ([`ipmi`], through [`run`]) or a `--from` capture, the text through
//! the pure [`parse`] into a [`model::Summary`], then [`render`]; or
//! arguments to [`redfish::read`] ([`via_redfish`]). Errors and exit
//! statuses are in [`error`].

mod args;
pub(crate) mod error;
pub(crate) mod fleet;
pub(crate) mod hostlist;
mod ipmi;
pub mod model;
pub mod parse;
pub mod redfish;
pub mod render;
pub(crate) mod run;
pub(crate) mod secret;
pub(crate) mod signals;
pub(crate) mod target;
mod via_redfish;

use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

pub(crate) use args::BmcArgs;
use error::{BmcError, exit};
use ipmi::Ipmitool;
use model::{LanPrint, Summary};
use target::Target;

/// Run `tk bmc` and return its exit status; errors are printed here.
pub(crate) fn main(args: BmcArgs) -> ExitCode {
    match execute(&args) {
        Ok(code) => ExitCode::from(code),
        Err(BmcError::Write(err)) if crate::out::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            crate::errln!("tk bmc: {err}");
            if let BmcError::Usage {
                show: Some(lines), ..
            } = &err
            {
                crate::errln!("{lines}");
            }
            ExitCode::from(err.exit_code())
        }
    }
}

fn execute(args: &BmcArgs) -> Result<u8, BmcError> {
    if args.from.len() > 1 {
        let captures = Captures {
            paths: &args.from,
            names: args.from.iter().map(|p| p.display().to_string()).collect(),
        };
        return fleet::run(
            &captures,
            usize::from(args.fanout),
            fleet_format(args),
            fleet::Kind::Files,
        );
    }
    if is_fleet(args) {
        return execute_fleet(args);
    }
    if args.redfish {
        return via_redfish::one(args, &one_target(args)?);
    }
    let (print, partial) = match args.from.first() {
        Some(path) => (from_capture(path)?, None),
        None => {
            let target = match args.host.first() {
                Some(_) => Some(one_target(args)?),
                None => None,
            };
            Ipmitool::new(args, target.is_some())?.lan_print(target.as_ref())?
        }
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

/// The one `--host`.
fn one_target(args: &BmcArgs) -> Result<Target, BmcError> {
    let name = args.host.first().map_or("", String::as_str);
    Target::parse(name).map_err(|message| BmcError::Usage {
        message: format!("--host: {message}"),
        show: None,
    })
}

/// Many BMCs: `--host` more than once or as a host list, or
/// `--hosts-file`. Decided by the command line's shape, not by how many
/// hosts a list turns out to name, so a script's output keeps its form.
fn is_fleet(args: &BmcArgs) -> bool {
    args.host.len() > 1
        || args.hosts_file.is_some()
        || args.host.iter().any(|h| hostlist::is_list(h))
}

fn execute_fleet(args: &BmcArgs) -> Result<u8, BmcError> {
    let hosts = fleet::targets::gather(&args.host, args.hosts_file.as_deref(), args.port())?;
    if let Some(warning) = &hosts.repeated {
        crate::errln!("tk bmc: warning: {warning}");
    }
    let reader: Box<dyn fleet::Reader> = if args.redfish {
        Box::new(via_redfish::Fleet::new(
            via_redfish::Plan::new(args)?,
            hosts.targets,
        ))
    } else {
        Box::new(ipmi::Fleet::new(Ipmitool::new(args, true)?, hosts.targets))
    };
    fleet::run(
        reader.as_ref(),
        usize::from(args.fanout),
        fleet_format(args),
        fleet::Kind::Hosts,
    )
}

fn fleet_format(args: &BmcArgs) -> fleet::Format {
    match &args.field {
        Some(name) => fleet::Format::Field(name.clone()),
        None if args.json => fleet::Format::Json,
        None => fleet::Format::Table,
    }
}

/// `--from` with several captures: one row per file, named by the file.
struct Captures<'a> {
    paths: &'a [std::path::PathBuf],
    names: Vec<String>,
}

impl fleet::Reader for Captures<'_> {
    fn count(&self) -> usize {
        self.paths.len()
    }

    fn name(&self, index: usize) -> &str {
        &self.names[index]
    }

    fn read(&self, index: usize) -> Result<fleet::Answer, BmcError> {
        let print = from_capture(&self.paths[index])?;
        Ok(fleet::Answer::from_lan_print(&print, None, None))
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

/// Tell, in one line, about lines that were neither field nor continuation.
fn warn_ignored(print: &LanPrint) {
    if let Some(warning) = print.skipped_lines_warning() {
        crate::errln!("tk bmc: warning: {warning}");
    }
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
