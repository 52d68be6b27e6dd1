//! The printing actions' arguments: -printf's format (its warnings kept
//! for the plan) and the files the -f* actions write to, opened while
//! parsing as GNU opens them.

use std::os::unix::ffi::OsStrExt;

use crate::find::action::print::Format;
use crate::find::action::sink::SinkId;
use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Action;

/// -printf FORMAT.
pub(crate) fn printf(p: &mut Parser<'_>, at: usize) -> Result<Action, ParseError> {
    Ok(Action::Printf {
        sink: SinkId::Stdout,
        format: format(p, at)?,
    })
}

/// -fprint FILE and -fprint0 FILE: each path ends with `end`.
pub(crate) fn fprint(p: &mut Parser<'_>, at: usize, end: u8) -> Result<Action, ParseError> {
    Ok(Action::Fprint {
        sink: sink(p, at)?,
        end,
    })
}

/// -fls FILE.
pub(crate) fn fls(p: &mut Parser<'_>, at: usize) -> Result<Action, ParseError> {
    Ok(Action::Ls { sink: sink(p, at)? })
}

/// A -printf format argument.
fn format(p: &mut Parser<'_>, at: usize) -> Result<Format, ParseError> {
    let text = p.arg(at)?;
    let format =
        Format::parse(text.as_bytes()).map_err(|why| ParseError::new(why, Some(p.pos - 1)))?;
    p.warnings.extend(format.warnings().iter().cloned());
    Ok(format)
}

/// -fprintf FILE FORMAT. Without a format GNU names the file, and
/// opens nothing.
pub(crate) fn fprintf(p: &mut Parser<'_>, at: usize) -> Result<Action, ParseError> {
    if let [file] = &p.args[p.pos..] {
        return Err(ParseError::new(
            format!(
                "invalid argument `{}' to `{}'",
                file.to_string_lossy(),
                p.args[at].to_string_lossy()
            ),
            Some(p.pos),
        )
        .hint("the format is missing"));
    }
    Ok(Action::Printf {
        sink: sink(p, at)?,
        format: format(p, at)?,
    })
}

/// Open the file argument of a -f* action.
fn sink(p: &mut Parser<'_>, at: usize) -> Result<SinkId, ParseError> {
    let name = p.arg(at)?;
    p.sinks.open(name).map_err(|e| {
        ParseError::new(
            format!("{}: {}", quote(name), crate::out::strerror(&e)),
            Some(p.pos - 1),
        )
        .hint("cannot open it for writing")
    })
}
