//! The strftime(3) conversions GNU find's %A<k>, %C<k>, %T<k> (and -ls)
//! hand to the C library, written out by hand for the C and C.UTF-8
//! locales (English names, `%c` as "%a %b %e %H:%M:%S %Y"). A letter
//! glibc does not know comes out as itself after a `%`, as glibc does.

use super::clock::{Civil, is_leap};

const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Append `%<letter>` of `tm` to `out`; `secs` is the time it came from
/// (for %s) and `zone` the zone abbreviation (for %Z).
pub(super) fn letter(out: &mut Vec<u8>, k: u8, tm: &Civil, secs: i64, zone: &[u8]) {
    match k {
        b'a' => out.extend_from_slice(&DAYS[tm.weekday as usize].as_bytes()[..3]),
        b'A' => out.extend_from_slice(DAYS[tm.weekday as usize].as_bytes()),
        b'b' | b'h' => out.extend_from_slice(&MONTHS[tm.month as usize - 1].as_bytes()[..3]),
        b'B' => out.extend_from_slice(MONTHS[tm.month as usize - 1].as_bytes()),
        b'c' => sequence(out, b"a b e H:M:S Y", tm, secs, zone),
        b'C' => century(out, tm.year),
        b'd' => two(out, tm.day, b'0'),
        b'D' | b'x' => sequence(out, b"m/d/y", tm, secs, zone),
        b'e' => two(out, tm.day, b' '),
        b'F' => sequence(out, b"Y-m-d", tm, secs, zone),
        b'g' => two(out, last_two(iso_week(tm).0), b'0'),
        b'G' => signed(out, iso_week(tm).0),
        b'H' => two(out, tm.hour, b'0'),
        b'I' => two(out, twelve(tm.hour), b'0'),
        b'j' => three(out, tm.yday + 1),
        b'k' => two(out, tm.hour, b' '),
        b'l' => two(out, twelve(tm.hour), b' '),
        b'm' => two(out, tm.month, b'0'),
        b'M' => two(out, tm.minute, b'0'),
        b'n' => out.push(b'\n'),
        b'p' => out.extend_from_slice(if tm.hour < 12 { b"AM" } else { b"PM" }),
        b'P' => out.extend_from_slice(if tm.hour < 12 { b"am" } else { b"pm" }),
        b'r' => sequence(out, b"I:M:S p", tm, secs, zone),
        b'R' => sequence(out, b"H:M", tm, secs, zone),
        b's' => signed(out, secs),
        b'S' => two(out, tm.second, b'0'),
        b't' => out.push(b'\t'),
        b'T' | b'X' => sequence(out, b"H:M:S", tm, secs, zone),
        b'u' => one(out, if tm.weekday == 0 { 7 } else { tm.weekday }),
        b'U' => two(out, (tm.yday + 7 - tm.weekday) / 7, b'0'),
        b'V' => two(out, iso_week(tm).1, b'0'),
        b'w' => one(out, tm.weekday),
        b'W' => two(out, (tm.yday + 7 - (tm.weekday + 6) % 7) / 7, b'0'),
        b'y' => two(out, last_two(tm.year), b'0'),
        b'Y' => signed(out, tm.year),
        b'z' => offset(out, tm.offset),
        b'Z' => out.extend_from_slice(zone),
        b'%' => out.push(b'%'),
        other => out.extend_from_slice(&[b'%', other]),
    }
}

/// Letters separated by literal bytes: "H:M:S" is %H:%M:%S.
fn sequence(out: &mut Vec<u8>, spec: &[u8], tm: &Civil, secs: i64, zone: &[u8]) {
    for &b in spec {
        if b.is_ascii_alphabetic() {
            letter(out, b, tm, secs, zone);
        } else {
            out.push(b);
        }
    }
}

/// A year's last two digits (0 to 99, also for years before 0).
fn last_two(year: i64) -> u32 {
    u32::try_from(year.rem_euclid(100)).unwrap_or(0)
}

/// One digit: a weekday.
#[allow(clippy::cast_possible_truncation, reason = "a weekday is below 10")]
fn one(out: &mut Vec<u8>, value: u32) {
    out.push(b'0' + value as u8);
}

fn twelve(hour: u32) -> u32 {
    match hour % 12 {
        0 => 12,
        h => h,
    }
}

/// Two digits, the first one `pad` when the value is below ten.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "below 100, each digit is below 10"
)]
pub(super) fn two(out: &mut Vec<u8>, value: u32, pad: u8) {
    if value >= 100 {
        return signed(out, i64::from(value));
    }
    out.push(if value < 10 {
        pad
    } else {
        b'0' + (value / 10) as u8
    });
    out.push(b'0' + (value % 10) as u8);
}

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "yday + 1 is at most 366: its hundreds are one digit"
)]
fn three(out: &mut Vec<u8>, value: u32) {
    out.push(b'0' + (value / 100) as u8);
    two(out, value % 100, b'0');
}

/// A decimal number, `-` for negatives, no padding.
pub(super) fn signed(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    unsigned(out, value.unsigned_abs());
}

pub(super) fn unsigned(out: &mut Vec<u8>, mut value: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

/// glibc's %C: the year divided by 100, rounded down, at least 2 digits.
fn century(out: &mut Vec<u8>, year: i64) {
    let c = year.div_euclid(100);
    match u32::try_from(c.unsigned_abs()) {
        Ok(digits) if digits < 100 => {
            if c < 0 {
                out.push(b'-');
            }
            two(out, digits, b'0');
        }
        _ => signed(out, c),
    }
}

/// %z: +hhmm east of UTC.
fn offset(out: &mut Vec<u8>, secs: i64) {
    out.push(if secs < 0 { b'-' } else { b'+' });
    let minutes = secs.unsigned_abs() / 60;
    two(out, u32::try_from(minutes / 60).unwrap_or(u32::MAX), b'0');
    two(out, (minutes % 60) as u32, b'0');
}

/// The ISO 8601 week-based year and week number (%G, %V), as glibc
/// computes them.
fn iso_week(tm: &Civil) -> (i64, u32) {
    let (yday, wday) = (i64::from(tm.yday), i64::from(tm.weekday));
    let mut year = tm.year;
    let mut days = iso_week_days(yday, wday);
    if days < 0 {
        year -= 1;
        days = iso_week_days(yday + 365 + i64::from(is_leap(year)), wday);
    } else {
        let next = iso_week_days(yday - 365 - i64::from(is_leap(year)), wday);
        if next >= 0 {
            year += 1;
            days = next;
        }
    }
    (year, u32::try_from(days / 7 + 1).unwrap_or(0))
}

/// Days since the Monday of the week holding the year's first Thursday.
fn iso_week_days(yday: i64, wday: i64) -> i64 {
    const BIG_MULTIPLE_OF_7: i64 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + BIG_MULTIPLE_OF_7) % 7 + 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(k: u8, tm: &Civil) -> String {
        let mut out = Vec::new();
        letter(&mut out, k, tm, 1_709_622_489, b"UTC");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn letters_of_a_known_date() {
        let tm = Civil {
            year: 2024,
            month: 3,
            day: 5,
            hour: 7,
            minute: 8,
            second: 9,
            weekday: 2,
            yday: 64,
            offset: 0,
        };
        let cases: &[(u8, &str)] = &[
            (b'a', "Tue"),
            (b'A', "Tuesday"),
            (b'b', "Mar"),
            (b'B', "March"),
            (b'c', "Tue Mar  5 07:08:09 2024"),
            (b'C', "20"),
            (b'D', "03/05/24"),
            (b'e', " 5"),
            (b'F', "2024-03-05"),
            (b'G', "2024"),
            (b'I', "07"),
            (b'j', "065"),
            (b'k', " 7"),
            (b'l', " 7"),
            (b'p', "AM"),
            (b'r', "07:08:09 AM"),
            (b's', "1709622489"),
            (b'u', "2"),
            (b'U', "09"),
            (b'V', "10"),
            (b'W', "10"),
            (b'z', "+0000"),
            (b'Z', "UTC"),
            (b'q', "%q"),
            (b'%', "%"),
        ];
        for (k, want) in cases {
            assert_eq!(render(*k, &tm), *want, "%{}", *k as char);
        }
    }
}
