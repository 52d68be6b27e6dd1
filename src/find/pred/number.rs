//! Numeric arguments read the way GNU find 4.9 reads them, so that every
//! spelling GNU accepts is accepted and every one it refuses is refused.
//!
//! After the one `+` or `-` that picks the comparison:
//! - whole numbers (-uid -gid -links -inum -size) go through strtoumax:
//!   leading white space, then an optional `+` (so `-uid -+1` is "less
//!   than 1"), then decimal digits to the end; a `-` there, or a value
//!   past 2^64-1, is refused;
//! - numbers of days or minutes (-mtime -mmin -used ...) go through
//!   strtod: white space, a sign, then decimal digits with the locale's
//!   decimal point (`1,5` under de_DE.UTF-8, where `1.5` is refused), an
//!   exponent, hexadecimal (`0x1p3`), or `inf`; a finite spelling too
//!   large for a double is refused.
//! - -maxdepth and -mindepth take decimal digits up to 2^31-1 only.
//!
//! The decimal point is the caller's to give: `locale::current()` has it.

/// C's isspace in every locale glibc ships, for single bytes.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Why a number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    NotANumber,
    TooLarge,
}

/// strtoumax(text, 10) that must use all of `text`.
pub(crate) fn whole(text: &str) -> Result<u64, Refused> {
    let rest = text.trim_start_matches(|c: char| c.is_ascii() && is_c_space(c as u8));
    let digits = rest.strip_prefix('+').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refused::NotANumber);
    }
    digits.parse().map_err(|_| Refused::TooLarge)
}

/// A level for -maxdepth/-mindepth: digits only, at most i32::MAX.
pub(crate) fn level(text: &str) -> Result<usize, Refused> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refused::NotANumber);
    }
    match text.parse::<i32>() {
        Ok(n) => usize::try_from(n).map_err(|_| Refused::TooLarge),
        Err(_) => Err(Refused::TooLarge),
    }
}

/// strtod(text) that must use all of `text`, with `point` as the
/// decimal point (the locale's LC_NUMERIC radix character).
pub(crate) fn fraction(text: &str, point: &str) -> Result<f64, Refused> {
    let rest = text.trim_start_matches(|c: char| c.is_ascii() && is_c_space(c as u8));
    let (negative, body) = match rest.as_bytes().first() {
        Some(b'-') => (true, &rest[1..]),
        Some(b'+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let lower = body.to_ascii_lowercase();
    let magnitude = if lower == "inf" || lower == "infinity" {
        f64::INFINITY
    } else if lower.starts_with("0x") {
        hexadecimal(&body[2..], point).ok_or(Refused::NotANumber)?
    } else {
        decimal(body, point)?
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// `digits[point digits][e[+-]digits]` with at least one digit before the
/// exponent; a finite spelling that overflows is refused (ERANGE).
fn decimal(body: &str, point: &str) -> Result<f64, Refused> {
    let bytes = body.as_bytes();
    let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let whole = digits_from(0);
    let mut end = whole;
    let mut fraction = 0;
    if !point.is_empty() && body[end..].starts_with(point) {
        fraction = digits_from(end + point.len());
        end += point.len() + fraction;
    }
    if whole + fraction == 0 {
        return Err(Refused::NotANumber);
    }
    let mantissa_end = end;
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let exponent = digits_from(end + 1 + sign);
        if exponent > 0 {
            end += 1 + sign + exponent;
        }
    }
    if end != bytes.len() {
        return Err(Refused::NotANumber);
    }
    let int_part = &body[..whole];
    let frac_part = &body[mantissa_end - fraction..mantissa_end];
    let plain = format!(
        "{}.{}{}",
        if int_part.is_empty() { "0" } else { int_part },
        if frac_part.is_empty() { "0" } else { frac_part },
        &body[mantissa_end..]
    );
    let value: f64 = plain.parse().map_err(|_| Refused::NotANumber)?;
    if value.is_infinite() {
        return Err(Refused::TooLarge);
    }
    Ok(value)
}

/// The part after `0x`: hex digits with an optional point and a binary
/// exponent `p[+-]digits`.
fn hexadecimal(body: &str, point: &str) -> Option<f64> {
    let bytes = body.as_bytes();
    let mut value = 0f64;
    let mut i = 0;
    let mut digits = 0;
    let mut scale = 0i32;
    while let Some(d) = bytes.get(i).and_then(|b| (*b as char).to_digit(16)) {
        value = value * 16.0 + f64::from(d);
        i += 1;
        digits += 1;
    }
    if !point.is_empty() && body[i..].starts_with(point) {
        i += point.len();
        while let Some(d) = bytes.get(i).and_then(|b| (*b as char).to_digit(16)) {
            value = value * 16.0 + f64::from(d);
            scale -= 4;
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'p' | b'P')) {
        let rest = &body[i + 1..];
        let unsigned = rest.trim_start_matches(['+', '-']);
        if rest.len() - unsigned.len() <= 1
            && !unsigned.is_empty()
            && unsigned.bytes().all(|b| b.is_ascii_digit())
        {
            let exponent: i32 = unsigned.parse().unwrap_or(i32::MAX);
            scale = if rest.starts_with('-') {
                scale.saturating_sub(exponent)
            } else {
                scale.saturating_add(exponent)
            };
            i = bytes.len();
        }
    }
    (i == bytes.len()).then(|| value * 2f64.powi(scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_take_space_and_a_plus() {
        assert_eq!(whole("1"), Ok(1));
        assert_eq!(whole("+1"), Ok(1));
        assert_eq!(whole(" \t1"), Ok(1));
        assert_eq!(whole(" +007"), Ok(7));
        assert_eq!(whole("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(whole("18446744073709551616"), Err(Refused::TooLarge));
        for bad in ["", "-1", "+-1", "++1", "1 ", "0x1", "1.0", "+"] {
            assert_eq!(whole(bad), Err(Refused::NotANumber), "{bad:?}");
        }
    }

    #[test]
    fn fractions_follow_the_decimal_point() {
        assert_eq!(fraction("1.5", "."), Ok(1.5));
        assert_eq!(fraction("1,5", ","), Ok(1.5));
        assert_eq!(fraction("1,5", "."), Err(Refused::NotANumber));
        assert_eq!(fraction("1.5", ","), Err(Refused::NotANumber));
        assert_eq!(fraction(".5", "."), Ok(0.5));
        assert_eq!(fraction("5.", "."), Ok(5.0));
        assert_eq!(fraction(" -2", "."), Ok(-2.0));
        assert_eq!(fraction("+1e1", "."), Ok(10.0));
        assert_eq!(fraction("1e", "."), Err(Refused::NotANumber));
        assert_eq!(fraction("0x1p1", "."), Ok(2.0));
        assert_eq!(fraction("0x.8", "."), Ok(0.5));
        assert_eq!(fraction("0x", "."), Err(Refused::NotANumber));
        assert_eq!(fraction("INF", "."), Ok(f64::INFINITY));
        assert_eq!(fraction("1e400", "."), Err(Refused::TooLarge));
        assert_eq!(fraction("1e-400", "."), Ok(0.0));
        for bad in ["", ".", "+", "nan", "1 ", "1.5.", "--1"] {
            assert_eq!(fraction(bad, "."), Err(Refused::NotANumber), "{bad:?}");
        }
    }

    #[test]
    fn levels_stop_at_int_max() {
        assert_eq!(level("01"), Ok(1));
        assert_eq!(level("2147483647"), Ok(2_147_483_647));
        assert_eq!(level("2147483648"), Err(Refused::TooLarge));
        assert_eq!(level(" 1"), Err(Refused::NotANumber));
        assert_eq!(level("+1"), Err(Refused::NotANumber));
    }
}
