//! -perm MODE, -perm -MODE, -perm /MODE, with GNU's warning for /000.

use std::ffi::OsStr;

use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Test;
use crate::find::pred::perm::PermTest;

/// -perm MODE, -perm -MODE, -perm /MODE.
pub(crate) fn perm(p: &mut Parser<'_>, at: usize) -> Result<Test, ParseError> {
    let text = p.text_arg(at)?;
    if text.starts_with('/') && text[1..].bytes().all(|b| b == b'0') && text.len() > 1 {
        p.warnings.push(format!(
            "warning: you have specified a mode pattern {text} (which is equivalent to /000). \
             The meaning of -perm /000 has now been changed to be consistent with -perm -000; \
             that is, while it used to match no files, it now matches all files."
        ));
    }
    let perm = PermTest::parse(text).ok_or_else(|| {
        ParseError::new(
            format!("invalid mode {}", quote(OsStr::new(text))),
            Some(p.pos - 1),
        )
        .hint("octal like 644 or symbolic like u+x,g-w; prefix - for all bits, / for any bit")
    })?;
    Ok(Test::Perm(perm))
}
