//! The shell patterns: -name, -path, -lname and their -i kin, with GNU's
//! warnings for a pattern that can never match.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Test;
use crate::find::pred::name::Glob;

/// -name and -iname: a pattern with a slash in it never matches a base
/// name, and gets GNU's warning.
pub(crate) fn name(p: &mut Parser<'_>, at: usize, fold_case: bool) -> Result<Test, ParseError> {
    let pattern = p.arg(at)?.as_bytes();
    if p.warn && pattern.contains(&b'/') && pattern != b"/" {
        p.warnings.push(format!(
            "warning: {} matches against base names only, but the pattern {} contains a '/', \
             so it can never match; did you mean -path?",
            quote(&p.args[at]),
            quote(OsStr::from_bytes(pattern))
        ));
    }
    Ok(Test::Name(Glob::new(pattern, fold_case)))
}

/// The pattern of -path and its kin. The paths tested never end in a
/// slash, but for a starting point written with one: a pattern that
/// ends in a slash and matches no starting point gets a warning, as
/// GNU find gives it (even under -nowarn; not under POSIXLY_CORRECT).
pub(crate) fn path(p: &mut Parser<'_>, at: usize, fold_case: bool) -> Result<Test, ParseError> {
    let pattern = p.arg(at)?.as_bytes();
    let glob = Glob::new(pattern, fold_case);
    let hopeless = pattern.ends_with(b"/")
        && !p.starts.iter().any(|start| glob.matches(start.as_bytes()))
        && std::env::var_os("POSIXLY_CORRECT").is_none();
    if hopeless {
        p.warnings.push(format!(
            "warning: {} {} ends with '/' and matches no starting point, so it matches nothing",
            quote(&p.args[at]),
            quote(OsStr::from_bytes(pattern))
        ));
    }
    Ok(Test::Path(glob))
}

/// -lname and -ilname.
pub(crate) fn lname(p: &mut Parser<'_>, at: usize, fold_case: bool) -> Result<Test, ParseError> {
    let pattern = p.arg(at)?;
    Ok(Test::Lname(Glob::new(pattern.as_bytes(), fold_case)))
}
