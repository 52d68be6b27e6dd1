//! Where the tree's timestamps go, relative to "now", so that no test
//! result can flip between the GNU run and the tk run a moment later.
//!
//! find compares ages against boundaries at `now - k*86400` (days),
//! `now - k*60` (minutes), and with -daystart at multiples of a day or a
//! minute back from tomorrow's local midnight (GNU's `cur_day_start`).
//! The tree is re-stamped right before every row, so "now" is at most a
//! second old when both finds run. Day-scale times sit `h` (2 to 10 hours)
//! either side of `now - k*86400`, with `h` picked so they also stay two
//! hours clear of every midnight; minute-scale times sit `delta` (10 to 50
//! seconds) either side of `now - k*60`, picked so they also stay 10
//! seconds clear of every wall-clock minute.

use std::time::{SystemTime, UNIX_EPOCH};

pub const DAY: i64 = 86_400;

/// Which side of a boundary a timestamp sits on.
#[derive(Clone, Copy, Debug)]
pub enum Side {
    /// Before the boundary (older than k units).
    Old,
    /// After the boundary (younger than k units).
    New,
}

#[derive(Clone, Copy, Debug)]
pub struct Clock {
    /// Whole seconds since the epoch when the tree was stamped.
    pub now: i64,
    /// Offset of day-scale times from `now - k*DAY`.
    pub h: i64,
    /// Offset of older minute-scale times below `now - k*60`.
    pub delta_old: i64,
    /// Offset of newer minute-scale times above `now - k*60`.
    pub delta_new: i64,
}

impl Clock {
    pub fn now() -> Clock {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let now = i64::try_from(now).unwrap();
        Clock::at(now)
    }

    pub fn at(now: i64) -> Clock {
        let midnight = next_local_midnight(now);
        let clear_of_midnights = |h: i64| {
            (0..=45).all(|k| {
                [now - k * DAY - h, now - k * DAY + h]
                    .iter()
                    .all(|t| circular_distance(midnight - t, DAY) >= 2 * 3600)
            })
        };
        let h = (2 * 3600..=10 * 3600)
            .step_by(300)
            .find(|&h| clear_of_midnights(h))
            .expect("some h in 2..10 hours clears every midnight");
        let s = now.rem_euclid(60);
        let clear_of_minutes = |t: i64| circular_distance(t, 60) >= 10;
        let delta_old = (10..=50).find(|d| clear_of_minutes(s - d)).unwrap();
        let delta_new = (10..=50).find(|d| clear_of_minutes(s + d)).unwrap();
        Clock {
            now,
            h,
            delta_old,
            delta_new,
        }
    }

    /// `now - k days`, pushed `h` to the given side.
    pub fn days(&self, k: i64, side: Side) -> i64 {
        match side {
            Side::Old => self.now - k * DAY - self.h,
            Side::New => self.now - k * DAY + self.h,
        }
    }

    /// `now - k minutes`, pushed `delta` to the given side.
    pub fn mins(&self, k: i64, side: Side) -> i64 {
        match side {
            Side::Old => self.now - k * 60 - self.delta_old,
            Side::New => self.now - k * 60 + self.delta_new,
        }
    }

    /// Resolves a placeholder: `T` epoch seconds, `D` `YYYY-MM-DD HH:MM:SS`,
    /// `ISO` `YYYY-MM-DDTHH:MM:SS`, `DAY` `YYYY-MM-DD`, all local time, of
    /// `now` plus an offset such as `-2d`, `-12h+30m` or `+0`.
    pub fn placeholder(&self, name: &str, offset: &str) -> Option<String> {
        let t = self.now + parse_offset(offset)?;
        let tm = local(t);
        let date = format!(
            "{:04}-{:02}-{:02}",
            tm.tm_year + 1900,
            tm.tm_mon + 1,
            tm.tm_mday
        );
        let time = format!("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
        match name {
            "T" => Some(t.to_string()),
            "D" => Some(format!("{date} {time}")),
            "ISO" => Some(format!("{date}T{time}")),
            "DAY" => Some(date),
            _ => None,
        }
    }
}

/// Distance of `x` from the nearest multiple of `period`.
fn circular_distance(x: i64, period: i64) -> i64 {
    let r = x.rem_euclid(period);
    r.min(period - r)
}

/// `+3d-2h+30m+10s` style offsets; `+0` or an empty string is zero.
fn parse_offset(s: &str) -> Option<i64> {
    let mut total = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let sign = match rest.as_bytes()[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
        let n: i64 = rest[1..1 + digits].parse().ok()?;
        let (unit, tail) = match rest[1 + digits..].chars().next() {
            Some('d') => (DAY, &rest[2 + digits..]),
            Some('h') => (3600, &rest[2 + digits..]),
            Some('m') => (60, &rest[2 + digits..]),
            Some('s') => (1, &rest[2 + digits..]),
            _ => (1, &rest[1 + digits..]),
        };
        total += sign * n * unit;
        rest = tail;
    }
    Some(total)
}

fn local(t: i64) -> libc::tm {
    // SAFETY: tm is plain data; localtime_r only writes into it and reads
    // `t`. Both live for the whole call.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        let tt: libc::time_t = t;
        assert!(
            !libc::localtime_r(&tt, &mut tm).is_null(),
            "localtime_r({t})"
        );
        tm
    }
}

/// Tomorrow's local midnight as GNU's -daystart computes it: add a day,
/// then subtract the local time of day.
fn next_local_midnight(now: i64) -> i64 {
    let t = now + DAY;
    let tm = local(t);
    t - i64::from(tm.tm_sec + tm.tm_min * 60 + tm.tm_hour * 3600)
}

#[test]
fn offsets_parse() {
    assert_eq!(parse_offset("-2d+3h"), Some(-2 * DAY + 3 * 3600));
    assert_eq!(parse_offset("+0"), Some(0));
    assert_eq!(parse_offset("-90m"), Some(-5400));
    assert_eq!(parse_offset("x"), None);
}

#[test]
fn picked_offsets_keep_clear_of_boundaries() {
    for now in (1_700_000_000..1_700_000_000 + DAY).step_by(977) {
        let c = Clock::at(now);
        assert!((2 * 3600..=10 * 3600).contains(&c.h));
        for side in [Side::Old, Side::New] {
            let t = c.mins(3, side);
            assert!(circular_distance(t, 60) >= 10, "{now} {c:?}");
            assert!(circular_distance(t - now, 60) >= 10, "{now} {c:?}");
        }
    }
}
