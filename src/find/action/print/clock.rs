//! Local time for -printf and -ls without a libc call per file: the
//! offset from UTC (and the zone's abbreviation) comes from localtime_r,
//! as in GNU find, but is cached per UTC day (per hour on the days the
//! offset changes), so a million-line `%T+` listing converts each time
//! with a hash lookup and integer arithmetic.

use std::collections::HashMap;

/// A broken-down local time, as `struct tm` holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Civil {
    pub year: i64,
    /// 1..=12
    pub month: u32,
    /// 1..=31
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// 0 = Sunday
    pub weekday: u32,
    /// 0-based day of the year
    pub yday: u32,
    /// Seconds east of UTC.
    pub offset: i64,
}

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The offset and zone in force for a whole window of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Steady {
    offset: i64,
    zone: usize,
}

/// Converts seconds since the epoch to local time, remembering offsets by
/// UTC day (or by hour on days with a change of offset).
#[derive(Debug, Default)]
pub(super) struct LocalClock {
    days: HashMap<i64, Option<Steady>>,
    hours: HashMap<i64, Option<Steady>>,
    zones: Vec<Vec<u8>>,
    /// The zone of the last conversion, an index into `zones`.
    last_zone: usize,
}

impl LocalClock {
    /// Local time for `secs`, None when the C library cannot represent it
    /// (GNU find then prints the raw number of seconds).
    pub(super) fn civil(&mut self, secs: i64) -> Option<Civil> {
        let steady = match self.window(secs, DAY) {
            Some(steady) => steady,
            None => match self.window(secs, HOUR) {
                Some(steady) => steady,
                None => self.lookup(secs)?,
            },
        };
        self.last_zone = steady.zone;
        Some(civil_from_utc(
            secs.checked_add(steady.offset)?,
            steady.offset,
        ))
    }

    /// The abbreviation of the zone the last `civil` call used ("UTC", "CET").
    pub(super) fn zone(&self) -> &[u8] {
        self.zones.get(self.last_zone).map_or(b"", Vec::as_slice)
    }

    /// The offset for the whole aligned window of `len` seconds holding
    /// `secs`, when it does not change within it.
    fn window(&mut self, secs: i64, len: i64) -> Option<Steady> {
        let key = secs.div_euclid(len);
        if let Some(known) = self.cache(len).get(&key) {
            return *known;
        }
        let first = self.lookup(key * len);
        let last = self.lookup(key * len + len - 1);
        let steady = first.filter(|_| first == last);
        self.cache(len).insert(key, steady);
        steady
    }

    fn cache(&mut self, len: i64) -> &mut HashMap<i64, Option<Steady>> {
        if len == DAY {
            &mut self.days
        } else {
            &mut self.hours
        }
    }

    fn lookup(&mut self, secs: i64) -> Option<Steady> {
        let (offset, zone) = local_offset(secs)?;
        let zone = match self.zones.iter().position(|z| *z == zone) {
            Some(i) => i,
            None => {
                self.zones.push(zone);
                self.zones.len() - 1
            }
        };
        Some(Steady { offset, zone })
    }
}

/// The offset and zone name localtime_r gives for `secs`.
fn local_offset(secs: i64) -> Option<(i64, Vec<u8>)> {
    let t: libc::time_t = secs;
    let mut tm = std::mem::MaybeUninit::<libc::tm>::zeroed();
    // SAFETY: both pointers are valid; localtime_r writes only into `tm`.
    let ok = unsafe { !libc::localtime_r(&t, tm.as_mut_ptr()).is_null() };
    if !ok {
        return None;
    }
    // SAFETY: localtime_r succeeded and filled `tm`.
    let tm = unsafe { tm.assume_init() };
    let zone = if tm.tm_zone.is_null() {
        Vec::new()
    } else {
        // SAFETY: tm_zone points at a NUL-terminated string owned by libc
        // that lives at least until the next tzset.
        unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
            .to_bytes()
            .to_vec()
    };
    Some((tm.tm_gmtoff, zone))
}

/// Split local seconds since the epoch into a date and a time of day.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "seconds of a day, a weekday and a day of the year are small and not negative"
)]
fn civil_from_utc(local: i64, offset: i64) -> Civil {
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
        weekday: (days + 4).rem_euclid(7) as u32,
        yday: (days - days_from_civil(year, 1, 1)) as u32,
        offset,
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a day of the month and a month are small and not negative"
)]
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(super) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_known_dates() {
        for days in [-800_000, -1, 0, 1, 59, 365, 11_016, 19_787, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(19_787), (2024, 3, 5));
        let c = civil_from_utc(1_709_622_489, 0);
        assert_eq!(
            (c.hour, c.minute, c.second, c.weekday, c.yday),
            (7, 8, 9, 2, 64)
        );
    }

    #[test]
    fn the_clock_agrees_with_localtime_around_the_year() {
        let mut clock = LocalClock::default();
        for secs in (-3_000_000_000_i64..3_000_000_000).step_by(7_777_777) {
            let (offset, _) = local_offset(secs).unwrap();
            assert_eq!(clock.civil(secs).unwrap().offset, offset, "at {secs}");
        }
    }
}
