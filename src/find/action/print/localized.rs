//! Time fields in a locale whose LC_TIME is not C's (de_DE, zh_CN, ...):
//! what the locale decides comes from glibc, the day and month names and
//! am/pm from the locale's tables, the formats %c %x %X %r (and %P) from
//! its strftime; the numbers are written by tk as in every locale. GNU
//! find puts the nanoseconds of %TX right after the seconds, wherever
//! the locale's time format has them
//! (`10时00分00.1234567890秒` under zh_CN): found, as GNU finds it, by
//! formatting again with other seconds and seeing which digits change.

use std::ffi::CString;

use super::clock::Civil;
use super::strftime;
use crate::find::locale::TimeNames;

/// Whether `%<k>` depends on LC_TIME.
pub(super) fn from_locale(k: u8) -> bool {
    matches!(
        k,
        b'a' | b'A' | b'b' | b'B' | b'h' | b'c' | b'x' | b'X' | b'p' | b'P' | b'r'
    )
}

/// Append `%<k>` of `tm`, `k` one of `from_locale`'s letters, as strftime
/// writes it in `names`' locale; `secs` and `zone` as for
/// `strftime::letter`. Names come from the locale's tables, as glibc's
/// strftime takes them; the formats go through it.
pub(super) fn letter(
    out: &mut Vec<u8>,
    names: &TimeNames,
    k: u8,
    tm: &Civil,
    secs: i64,
    zone: &[u8],
) {
    let (weekday, month, hour) = (tm.weekday as usize, tm.month as usize, tm.hour as usize);
    match k {
        b'a' | b'A' => out.extend_from_slice(names.weekday(weekday, k == b'a')),
        b'b' | b'h' | b'B' => out.extend_from_slice(names.month(month, k != b'B')),
        b'p' => out.extend_from_slice(names.am_pm(hour)),
        _ => {
            let zone = CString::new(zone).unwrap_or_default();
            match c_tm(tm, &zone) {
                Some(c) => names.strftime(out, k, &c),
                None => strftime::letter(out, k, tm, secs, zone.as_bytes()),
            }
        }
    }
}

/// %TX: `letter`, with `nanos` (".123456789" and GNU's trailing 0) put
/// right after the seconds when the locale's time format has them.
pub(super) fn time_with_nanos(
    out: &mut Vec<u8>,
    names: &TimeNames,
    tm: &Civil,
    secs: i64,
    zone: &[u8],
    nanos: &[u8],
) {
    let k = b'X';
    let start = out.len();
    letter(out, names, k, tm, secs, zone);
    let other = Civil {
        second: if tm.second >= 11 {
            tm.second - 11
        } else {
            tm.second + 11
        },
        ..*tm
    };
    let mut altered = Vec::new();
    letter(&mut altered, names, k, &other, secs, zone);
    if let Some(end) = seconds_end(&out[start..], &altered) {
        let at = start + end;
        out.splice(at..at, nanos.iter().copied());
    }
}

/// Where the seconds end in `text`, given the same field formatted with
/// seconds that differ in both digits: the one run of changed bytes must
/// be two digits not followed by another. None when the text has no
/// seconds (or spells them out), as in GNU's scan_for_digit_differences.
fn seconds_end(text: &[u8], altered: &[u8]) -> Option<usize> {
    if text.len() != altered.len() {
        return None;
    }
    let mut run: Option<(usize, usize)> = None;
    for (i, (a, b)) in text.iter().zip(altered).enumerate() {
        if a == b {
            continue;
        }
        if !b.is_ascii_digit() {
            return None;
        }
        run = match run {
            None => Some((i, 1)),
            Some((first, n)) if i - first == n => Some((first, n + 1)),
            Some(_) => return None,
        };
    }
    let (first, n) = run?;
    let end = first + n;
    (n == 2 && !text.get(end).is_some_and(u8::is_ascii_digit)).then_some(end)
}

/// `tm` as C's struct tm, None when the year does not fit an int (glibc's
/// localtime fails there too, and tk prints the seconds instead).
fn c_tm(tm: &Civil, zone: &CString) -> Option<libc::tm> {
    let int = |v: u32| i32::try_from(v).ok();
    Some(libc::tm {
        tm_sec: int(tm.second)?,
        tm_min: int(tm.minute)?,
        tm_hour: int(tm.hour)?,
        tm_mday: int(tm.day)?,
        tm_mon: int(tm.month)? - 1,
        tm_year: i32::try_from(tm.year - 1900).ok()?,
        tm_wday: int(tm.weekday)?,
        tm_yday: int(tm.yday)?,
        tm_isdst: 0,
        tm_gmtoff: tm.offset,
        tm_zone: zone.as_ptr(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_the_one_changed_pair_of_digits() {
        assert_eq!(seconds_end(b"10:00:05", b"10:00:16"), Some(8));
        assert_eq!(
            seconds_end("10时00分05秒".as_bytes(), "10时00分16秒".as_bytes()),
            Some(12)
        );
        // No seconds in the text, or a changed run that is not two digits.
        assert_eq!(seconds_end(b"10:00", b"10:00"), None);
        assert_eq!(seconds_end(b"1:5", b"1:16"), None);
        assert_eq!(seconds_end(b"05 05", b"16 16"), None);
        assert_eq!(seconds_end(b"055", b"165"), None);
    }
}
