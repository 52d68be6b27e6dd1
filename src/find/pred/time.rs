//! Time tests: the clock read once at start, -daystart's origin, and the
//! windows of -mtime and its kin (the dates of -newerXt are in `date`).

use chrono::{Local, NaiveDateTime, NaiveTime, TimeZone};

use crate::find::pred::number::fraction;
use crate::find::types::{AgeWindow, CmpKind, Rounding, Timestamp};

pub(crate) const DAY_SECS: i64 = 86_400;

/// The moment tk started, with nanoseconds.
pub(crate) fn now() -> Timestamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        sec: i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        nsec: since.subsec_nanos() as i64,
    }
}

/// -daystart's origin: the start of tomorrow in local time, so that whole
/// days are counted from midnight (GNU find does the same).
pub(crate) fn day_start_origin(now: Timestamp) -> Timestamp {
    let local = Local
        .timestamp_opt(now.sec, 0)
        .single()
        .unwrap_or_else(Local::now);
    let midnight = local
        .date_naive()
        .succ_opt()
        .and_then(|d| local_seconds(d.and_time(NaiveTime::MIN)))
        .unwrap_or(now.sec + DAY_SECS);
    Timestamp {
        sec: midnight,
        nsec: 0,
    }
}

fn local_seconds(naive: NaiveDateTime) -> Option<i64> {
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp())
}

/// Parse `[+-]N` (N may have a fraction, written with the locale's
/// decimal `point`) as a window of `unit_secs` periods: days round down,
/// minutes up, as GNU find does. N is read as GNU's strtod reads it
/// (`number::fraction`); a moment past what a time_t holds acts as GNU's
/// does on Linux: the reference time becomes the earliest one.
pub(crate) fn parse_window(arg: &str, unit_secs: i64, point: &str) -> Option<AgeWindow> {
    let (cmp, number) = CmpKind::split(arg);
    let n = fraction(number, point).ok()?;
    let unit_ns = unit_secs as i128 * 1_000_000_000;
    let x = n * unit_secs as f64;
    let start_ns = if x.abs() < 9.2e18 {
        // modf, then the fraction of a second in whole nanoseconds.
        let secs = x.trunc();
        // Both below 2^63 in size (checked above): the casts are exact.
        #[allow(clippy::cast_possible_truncation, reason = "|x| < 9.2e18")]
        let (whole, fraction) = (secs as i128, ((x - secs) * 1e9) as i128);
        whole * 1_000_000_000 + fraction
    } else if x > 0.0 {
        // GNU's time_t wraps to its least value: nothing is older.
        i128::MAX / 4
    } else {
        // A moment past the end of time_t: GNU's "arithmetic overflow".
        return None;
    };
    let rounding = if unit_secs < DAY_SECS {
        Rounding::Up
    } else {
        Rounding::Down
    };
    Some(AgeWindow {
        cmp,
        start_ns,
        unit_ns,
        rounding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window an argument like `+1`, `-2` or `1.5` gives, in days.
    fn days(arg: &str) -> AgeWindow {
        parse_window(arg, DAY_SECS, ".").unwrap()
    }

    #[test]
    fn whole_days_round_down() {
        let day = DAY_SECS as i128 * 1_000_000_000;
        let s = 1_000_000_000i128;
        // Ages measured in the experiment recorded in the parser's notes.
        assert!(days("0").matches(30 * s));
        assert!(days("0").matches(86_370 * s));
        assert!(!days("0").matches(86_430 * s));
        assert!(!days("0").matches(-100 * s));
        assert!(days("1").matches(86_430 * s));
        assert!(days("1").matches(172_770 * s));
        assert!(!days("+1").matches(172_770 * s));
        assert!(days("+1").matches(172_830 * s));
        assert!(days("-1").matches(-100 * s));
        assert!(days("-1").matches(86_370 * s));
        // GNU's `-N` reaches one second past N days.
        assert!(days("-1").matches(day + s / 2));
        assert!(!days("-1").matches(day + s));
        assert!(days("+0").matches(day));
        assert!(days("1.5").matches(day + day / 2));
        assert!(!days("1.5").matches(day));
    }

    #[test]
    fn used_counts_whole_days_from_the_change_and_ignores_earlier_accesses() {
        let s = 1_000_000_000i128;
        // Measured with GNU find 4.9 (atime - ctime in seconds).
        assert!(!days("0").matches_used(-3600 * s));
        assert!(!days("-1").matches_used(-3600 * s));
        assert!(days("1").matches_used(3600 * s));
        assert!(days("1").matches_used(86_000 * s));
        assert!(days("2").matches_used(86_800 * s));
        assert!(days("-2").matches_used(172_000 * s));
        assert!(!days("-2").matches_used(173_000 * s));
        assert!(days("+2").matches_used(173_000 * s));
        assert!(days("+0").matches_used(3600 * s));
        // An access at the moment of the change: within a day (pred_used).
        assert!(days("1").matches_used(0));
        assert!(days("-5").matches_used(0));
        assert!(!days("0").matches_used(0));
        assert!(!days("-0").matches_used(0));
        assert!(!days("+0").matches_used(0));
        // Whole days end a window: exactly one day is `2`, not `1`.
        assert!(!days("1").matches_used(86_400 * s));
        assert!(days("2").matches_used(86_400 * s));
        assert!(!days("-1").matches_used(86_400 * s));
    }

    #[test]
    fn minutes_round_up() {
        let s = 1_000_000_000i128;
        let mins = |arg: &str| parse_window(arg, 60, ".").unwrap();
        // Measured with GNU find 4.9: -mmin N is (N-1, N] minutes.
        assert!(mins("1").matches(30 * s));
        assert!(!mins("1").matches(70 * s));
        assert!(mins("2").matches(70 * s));
        assert!(mins("0").matches(-30 * s));
        assert!(!mins("0").matches(30 * s));
        assert!(mins("+1").matches(70 * s));
        assert!(!mins("+1").matches(50 * s));
        assert!(mins("-1").matches(50 * s));
        assert!(!mins("-1").matches(70 * s));
    }

    #[test]
    fn window_arguments() {
        // GNU's sign, then strtod: a second sign, space, exponents, hex, inf.
        for bad in ["", "x", "+", "1x", "nan", "1,5", "---1", "1e400", "--1e300"] {
            assert_eq!(parse_window(bad, 60, "."), None, "{bad:?}");
        }
        for good in [
            "--1", "+-1", "-+1", " 1", "1e1", "0x1p2", "inf", "-inf", "1e300",
        ] {
            assert!(parse_window(good, 60, ".").is_some(), "{good:?}");
        }
        assert!(parse_window("1,5", 60, ",").is_some());
        assert_eq!(parse_window("1.5", 60, ","), None);
    }
}
