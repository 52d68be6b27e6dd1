//! -size [+-]N[bcwkMG], with GNU's messages for a bad unit or number.

use crate::find::cmdline::error::ParseError;
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Test;
use crate::find::pred::size::SizeTest;

/// -size [+-]N[bcwkMG].
pub(crate) fn size(p: &mut Parser<'_>, at: usize) -> Result<Test, ParseError> {
    let text = p.text_arg(at)?;
    let size = SizeTest::parse(text).ok_or_else(|| {
        // GNU looks at the unit letter first, then at the number.
        let message = match text.chars().last() {
            None => "invalid null argument to -size".to_string(),
            Some(unit) if !unit.is_ascii_digit() && !"bcwkMG".contains(unit) => {
                format!("invalid -size type `{unit}'")
            }
            Some(_) => format!("Invalid argument `{text}' to -size"),
        };
        ParseError::new(message, Some(p.pos - 1)).hint("expected [+-]N[bcwkMG], as in -size +10M")
    })?;
    Ok(Test::Size(size))
}
