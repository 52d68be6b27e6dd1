//! The date of -newermt and the other -newerXt tests, in the syntax GNU
//! find reads it with (gnulib's parse_datetime, the one `date -d` uses):
//! `2024-01-31`, `2024-01-31 13:45`, `1991-12-14T00:01`, `Jan 1 2024`,
//! `1 January 2024 10:00`, zone offsets (`19911213 20:31:00-0330`),
//! `TZ="Europe/Paris" 2024-01-01 10:00`, `@EPOCH`, and the relative
//! items: `2 days ago`, `-1 hour`, `yesterday` (this time of day, a day
//! back), `last monday`, `now`. The uutils crate parse_datetime reads it,
//! with "now" being the moment tk started, as GNU's is.

use jiff::Zoned;
use jiff::tz::TimeZone;

use crate::find::types::Timestamp;

/// The moment `text` names, read at `now` in the local time zone; None
/// for what GNU refuses too.
pub(crate) fn parse_date(text: &str, now: Timestamp) -> Option<Timestamp> {
    parse_in(text, now, TimeZone::system())
}

fn parse_in(text: &str, now: Timestamp, zone: TimeZone) -> Option<Timestamp> {
    let start = jiff::Timestamp::new(now.sec, i32::try_from(now.nsec).ok()?).ok()?;
    let at = Zoned::new(start, zone);
    // gnulib reads an empty date as the start of today.
    let text = if text.trim().is_empty() {
        "00:00"
    } else {
        text
    };
    let parsed = parse_datetime::parse_datetime_at_date(at, text).ok()?;
    Some(Timestamp {
        sec: parsed.unix_epoch_second(),
        nsec: i64::from(parsed.subsec_nanosecond()),
    })
}

#[cfg(test)]
mod tests {
    //! Each expectation was read off GNU's own parse_datetime with
    //! `TZ=UTC date -d 'FORM' +%s.%N` at the same "now".

    use super::*;

    /// 2023-11-14 22:13:20 UTC, a Tuesday.
    const NOW: Timestamp = Timestamp {
        sec: 1_700_000_000,
        nsec: 0,
    };

    fn at(text: &str) -> Option<i64> {
        parse_in(text, NOW, TimeZone::UTC).map(|t| t.sec)
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(at("@1700000000"), Some(1_700_000_000));
        assert_eq!(at("2023-11-14"), Some(1_699_920_000));
        assert_eq!(at("2023-11-14 22:13:20"), Some(1_700_000_000));
        assert_eq!(at("2023-11-14T22:13:20"), Some(1_700_000_000));
        assert_eq!(at("Nov 14 2023"), Some(1_699_920_000));
        assert_eq!(at("14 November 2023 10:00"), Some(1_699_956_000));
        assert_eq!(at("2023-11-15 00:13:20+02:00"), Some(1_700_000_000));
        assert_eq!(at("20231114 18:43:20-0330"), Some(1_700_000_000));
        assert_eq!(
            at(r#"TZ="Europe/Paris" 2023-11-14 23:13:20"#),
            Some(1_700_000_000)
        );
    }

    #[test]
    fn relative_forms_count_from_now() {
        assert_eq!(at("now"), Some(1_700_000_000));
        assert_eq!(at("2 days ago"), Some(1_700_000_000 - 2 * 86_400));
        assert_eq!(at("1 hour ago"), Some(1_700_000_000 - 3_600));
        assert_eq!(at("-1 hour"), Some(1_700_000_000 - 3_600));
        assert_eq!(at("yesterday"), Some(1_700_000_000 - 86_400));
        assert_eq!(at("tomorrow"), Some(1_700_000_000 + 86_400));
        assert_eq!(at("today"), Some(1_700_000_000));
        // Monday 2023-11-13, 00:00.
        assert_eq!(at("last monday"), Some(1_699_833_600));
        // Empty: the start of today.
        assert_eq!(at(""), Some(1_699_920_000));
        assert_eq!(at(" "), Some(1_699_920_000));
    }

    #[test]
    fn words_no_parser_takes_are_refused() {
        assert_eq!(at("garbage"), None);
        assert_eq!(at("2023-13-01"), None);
        assert_eq!(at("not a date"), None);
    }
}
