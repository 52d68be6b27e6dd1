//! The times: -mtime and its kin (`[+-]N` days or minutes, from now or
//! from the start of today), -used, and the -newer family (a reference
//! file's time, or a date).

use std::ffi::OsStr;

use crate::find::cmdline::build::reference::{reference, reference_birth};
use crate::find::cmdline::error::{ParseError, quote};
use crate::find::cmdline::parser::Parser;
use crate::find::expr::Test;
use crate::find::pred::date::parse_date;
use crate::find::pred::time::{DAY_SECS, day_start_origin, parse_window};
use crate::find::types::{AgeWindow, TimeField, Timestamp};

/// `[+-]N` periods of `unit_secs`, N read as GNU's strtod reads it in
/// the locale (`1,5` under de_DE.UTF-8).
fn window(p: &mut Parser<'_>, at: usize, unit_secs: i64) -> Result<AgeWindow, ParseError> {
    let text = p.text_arg(at)?;
    let point = crate::find::locale::current().decimal_point();
    parse_window(text, unit_secs, point).ok_or_else(|| {
        p.bad_arg(
            at,
            &format!("expected [+-]N, with '{point}' as the decimal point in this locale"),
        )
    })
}

/// -mtime, -mmin and their kin: `field` in periods of `unit_secs`.
pub(crate) fn age(
    p: &mut Parser<'_>,
    at: usize,
    field: TimeField,
    unit_secs: i64,
) -> Result<Test, ParseError> {
    let window = window(p, at, unit_secs)?;
    let origin = if p.day_start {
        day_start_origin(p.now)
    } else {
        p.now
    };
    Ok(Test::Age {
        field,
        origin,
        window,
    })
}

/// -used [+-]N, in days.
pub(crate) fn used(p: &mut Parser<'_>, at: usize) -> Result<Test, ParseError> {
    let window = window(p, at, DAY_SECS).map_err(|err| ParseError {
        message: format!(
            "Invalid argument {} to -used",
            p.args[p.pos - 1].to_string_lossy()
        ),
        ..err
    })?;
    Ok(Test::Used(window))
}

/// -newer, -anewer, -cnewer and -newerXY: `field` later than the
/// reference file's time (`reference` a, B, c or m), or than a date
/// (`reference` t).
pub(crate) fn newer(
    p: &mut Parser<'_>,
    at: usize,
    field: TimeField,
    reference_time: u8,
) -> Result<Test, ParseError> {
    let than = if reference_time == b't' {
        if p.peek().is_none() {
            return Err(ParseError::new(
                format!("The {} test needs an argument", quote(&p.args[at])),
                Some(at),
            ));
        }
        let text = p.text_arg(at)?;
        parse_date(text, p.now).ok_or_else(|| {
            ParseError::new(
                format!(
                    "I cannot figure out how to interpret {} as a date or time",
                    quote(OsStr::new(text))
                ),
                Some(p.pos - 1),
            )
            .hint("try 2024-01-31, '2024-01-31 13:45', '2 days ago', 'last monday' or @1700000000")
        })?
    } else if reference_time == b'B' {
        reference_birth(p, at)?
    } else {
        let st = reference(p, at)?;
        let (sec, nsec) = match reference_time {
            b'a' => (st.st_atime, st.st_atime_nsec),
            b'c' => (st.st_ctime, st.st_ctime_nsec),
            _ => (st.st_mtime, st.st_mtime_nsec),
        };
        Timestamp { sec, nsec }
    };
    Ok(Test::Newer { field, than })
}
