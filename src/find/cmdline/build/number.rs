//! `[+-]N` whole numbers: -uid, -gid, -links, -inum.

use crate::find::cmdline::error::ParseError;
use crate::find::cmdline::parser::Parser;
use crate::find::pred::number::{self, Refused};
use crate::find::types::{Cmp, CmpKind};

/// `[+-]N`, a whole number compared to the file's.
pub(crate) fn number(p: &mut Parser<'_>, at: usize) -> Result<Cmp, ParseError> {
    let text = p.text_arg(at)?;
    let (kind, digits) = CmpKind::split(text);
    match number::whole(digits) {
        Ok(n) => Ok(Cmp::new(kind, n)),
        Err(Refused::NotANumber) => Err(p.bad_arg(at, "expected [+-]N")),
        Err(Refused::TooLarge) => Err(p.bad_arg(at, "the number is too large")),
    }
}
