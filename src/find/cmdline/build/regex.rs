//! -regex and -iregex, compiled in the syntax the last -regextype before
//! them chose.

use std::os::unix::ffi::OsStrExt;

use crate::find::cmdline::error::ParseError;
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Test;
use crate::find::pred::regex::compile;

/// -regex and -iregex, in the syntax -regextype chose.
pub(crate) fn regex(p: &mut Parser<'_>, at: usize, ignore_case: bool) -> Result<Test, ParseError> {
    let pattern = p.arg(at)?;
    let re = compile(pattern.as_bytes(), p.regex_type, ignore_case).map_err(|why| {
        ParseError::new(
            format!(
                "failed to compile regular expression '{}': {why}",
                pattern.to_string_lossy()
            ),
            Some(p.pos - 1),
        )
    })?;
    Ok(Test::Regex(re))
}
