//! -type and -xtype: the letters of the file types.

use std::os::unix::ffi::OsStrExt;

use crate::find::cmdline::error::ParseError;
use crate::find::cmdline::parser::Parser;
use crate::find::pred::kind::parse_kinds;
use crate::find::types::KindSet;

/// The letters of -type or -xtype (`name`).
pub(crate) fn kinds(p: &mut Parser<'_>, at: usize, name: &str) -> Result<KindSet, ParseError> {
    let arg = p.arg(at)?;
    parse_kinds(arg.as_bytes())
        .map_err(|why| ParseError::new(why.replace("-type", name), Some(p.pos - 1)))
}
