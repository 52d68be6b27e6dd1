//! -user and -group: names looked up once, while parsing.

use std::ffi::OsStr;

use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Test;
use crate::find::pred::owner::{gid_of, uid_of};
use crate::find::types::Cmp;

/// -user NAME.
pub(crate) fn user(p: &mut Parser<'_>, at: usize) -> Result<Test, ParseError> {
    let text = p.text_arg(at)?;
    let uid = uid_of(text).ok_or_else(|| {
        ParseError::new(
            format!(
                "{} is not the name of a known user",
                quote(OsStr::new(text))
            ),
            Some(p.pos - 1),
        )
    })?;
    Ok(Test::Uid(Cmp::Exactly(uid as u64)))
}

/// -group NAME.
pub(crate) fn group(p: &mut Parser<'_>, at: usize) -> Result<Test, ParseError> {
    let text = p.text_arg(at)?;
    let gid = gid_of(text).ok_or_else(|| {
        ParseError::new(
            format!(
                "{} is not the name of an existing group",
                quote(OsStr::new(text))
            ),
            Some(p.pos - 1),
        )
    })?;
    Ok(Test::Gid(Cmp::Exactly(gid as u64)))
}
