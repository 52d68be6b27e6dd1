//! The -exec family's arguments: a command up to `;`, or up to `{} +`
//! for the batching forms, with GNU's checks on `{}` and on $PATH.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use crate::find::action::exec::{ExecSpec, check_path_safety};
use crate::find::cmdline::error::ParseError;
use crate::find::cmdline::parser::{Parser, missing_argument};
use crate::find::expr::Action;

/// `CMD ARGS... ;` or `CMD ARGS... {} +` after an -exec-like word
/// (`name`: -exec, -execdir, -ok or -okdir).
pub(crate) fn exec(p: &mut Parser<'_>, at: usize, name: &str) -> Result<Action, ParseError> {
    let missing = || {
        let ends = if name.starts_with("-ok") {
            "end the command with ';' (written \\; in a shell)"
        } else {
            "end the command with ';' (written \\; in a shell) or {} +"
        };
        missing_argument(&p.args[at], at).hint(ends)
    };
    let ask = name.starts_with("-ok");
    let start = p.pos;
    let mut end = None;
    let mut batch = false;
    for i in start..p.args.len() {
        let word = p.args[i].as_bytes();
        if word == b";" {
            end = Some(i);
            break;
        }
        // -ok and -okdir take one file at a time: `{} +` ends nothing.
        if word == b"+" && !ask && i > start && p.args[i - 1].as_bytes() == b"{}" {
            end = Some(i);
            batch = true;
            break;
        }
    }
    let end = end.ok_or_else(missing)?;
    if end == start {
        return Err(ParseError::new(
            format!(
                "invalid argument `{}' to `{name}'",
                p.args[end].to_string_lossy()
            ),
            Some(end),
        )
        .hint("the command is missing"));
    }
    let argv: Vec<OsString> = p.args[start..end].to_vec();
    p.pos = end + 1;
    let in_dir = name.ends_with("dir");
    p.asks |= ask;
    if batch {
        let braces = argv
            .iter()
            .filter(|a| a.as_bytes().windows(2).any(|w| w == b"{}"))
            .count();
        if braces > 1 {
            return Err(ParseError::new(
                format!("Only one instance of {{}} is supported with {name} ... +"),
                Some(at),
            ));
        }
    }
    if in_dir {
        check_path_safety(std::env::var_os("PATH").as_deref(), name)
            .map_err(|why| ParseError::new(why, Some(at)))?;
    }
    p.exec_count += 1;
    Ok(Action::Exec(ExecSpec {
        id: p.exec_count - 1,
        argv,
        batch,
        in_dir,
        ask,
    }))
}
