//! Dates and timestamps as marketplaces and spreadsheets write them, turned
//! into the business day they belong to.
//!
//! Days: `YYYY-MM-DD`, `YYYY/MM/DD`, `DD.MM.YYYY` (Amazon DE) and
//! `Mon DD, YYYY` (ads console). Slash dates with the day or month first
//! (`03/05/2018`) are refused: they mean different days in the US and Europe.
//!
//! Timestamps: a day as above, then `T` or a space, then `HH:MM[:SS[.fff]]`,
//! then optionally a zone: `Z`, `UTC`, `GMT`, `+08:00`, `+0800`, `+08`, or one
//! of the abbreviations Amazon prints (`PST`, `PDT`, `CET`, `CEST`, `BST`,
//! `JST`). A timestamp is converted to the business day in the store's time
//! zone: an order at `2026-03-01T20:00:00Z` is a 2 March sale for a store on
//! Shanghai time. A timestamp without a zone is taken as local time in that
//! zone.

use crate::reason::Reason;
use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// When something happened: its business day, and the instant when the
/// source gave one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct When {
    /// Business day in the store's (or company's) time zone.
    pub day: NaiveDate,
    /// Exact instant, if the source had a time of day.
    pub at: Option<DateTime<FixedOffset>>,
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0')))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Splits a leading day off `s`; returns the day and the rest.
fn split_date(s: &str) -> Option<(NaiveDate, &str)> {
    let b = s.as_bytes();
    // YYYY-MM-DD or YYYY/MM/DD
    if b.len() >= 10 && (b[4] == b'-' || b[4] == b'/') && b[7] == b[4] {
        let d = NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)?;
        return Some((d, &s[10..]));
    }
    // DD.MM.YYYY
    if b.len() >= 10 && b[2] == b'.' && b[5] == b'.' {
        let d = NaiveDate::from_ymd_opt(num(&b[6..10])? as i32, num(&b[3..5])?, num(&b[0..2])?)?;
        return Some((d, &s[10..]));
    }
    // Mon DD, YYYY
    if b.len() >= 11 && b[3] == b' ' && s.is_char_boundary(3) {
        let m = MONTHS.iter().position(|m| s[..3].eq_ignore_ascii_case(m))? as u32 + 1;
        let (dd, rest) = s[4..].split_once(',')?;
        let rest = rest.trim_start();
        if rest.len() < 4 || !rest.is_char_boundary(4) {
            return None;
        }
        let d = NaiveDate::from_ymd_opt(num(&rest.as_bytes()[..4])? as i32, m, num(dd.as_bytes())?)?;
        return Some((d, &rest[4..]));
    }
    None
}

/// Parses a day (no time of day).
pub fn parse_date(s: &str) -> Result<NaiveDate, Reason> {
    let t = s.trim();
    match split_date(t) {
        Some((d, "")) => Ok(d),
        _ => Err(Reason::NotADate { value: s.to_string() }),
    }
}

fn parse_time(b: &[u8]) -> Option<(NaiveTime, usize)> {
    // HH:MM[:SS[.fff]]
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let h = num(&b[0..2])?;
    let m = num(&b[3..5])?;
    let mut used = 5;
    let mut sec = 0;
    let mut nanos = 0u32;
    if b.len() >= 8 && b[5] == b':' {
        sec = num(&b[6..8])?;
        used = 8;
        if b.len() > 8 && (b[8] == b'.' || b[8] == b',') {
            let frac: Vec<u8> = b[9..].iter().take_while(|c| c.is_ascii_digit()).copied().collect();
            if frac.is_empty() || frac.len() > 9 {
                return None;
            }
            nanos = frac.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0')) * 10u32.pow(9 - frac.len() as u32);
            used = 9 + frac.len();
        }
    }
    Some((NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?, used))
}

fn parse_zone(z: &str) -> Option<Option<FixedOffset>> {
    let z = z.trim();
    let hours = |h: i32| FixedOffset::east_opt(h * 3600);
    Some(match z {
        "" => None,
        "Z" | "z" | "UTC" | "GMT" | "utc" | "gmt" => Some(hours(0)?),
        "PST" => Some(hours(-8)?),
        "PDT" => Some(hours(-7)?),
        "CET" | "MEZ" | "BST" => Some(hours(1)?),
        "CEST" | "MESZ" => Some(hours(2)?),
        "JST" => Some(hours(9)?),
        _ => {
            let b = z.as_bytes();
            let sign = match b.first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let rest = &b[1..];
            let (h, m) = match rest.len() {
                2 => (num(rest)?, 0),
                4 => (num(&rest[0..2])?, num(&rest[2..4])?),
                5 if rest[2] == b':' => (num(&rest[0..2])?, num(&rest[3..5])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            Some(FixedOffset::east_opt(sign * (h as i32 * 3600 + m as i32 * 60))?)
        }
    })
}

/// Parses a day or a timestamp and places it on the business day in `tz`.
pub fn parse_when(s: &str, tz: Tz) -> Result<When, Reason> {
    let t = s.trim();
    let bad = || Reason::NotADateTime { value: s.to_string() };
    let (day, rest) = split_date(t).ok_or_else(bad)?;
    if rest.is_empty() {
        return Ok(When { day, at: None });
    }
    let rb = rest.as_bytes();
    if rb[0] != b'T' && rb[0] != b' ' {
        return Err(bad());
    }
    let (time, used) = parse_time(&rb[1..]).ok_or_else(bad)?;
    let zone = parse_zone(&rest[1 + used..]).ok_or_else(bad)?;
    let naive = NaiveDateTime::new(day, time);
    let at = match zone {
        Some(off) => off.from_local_datetime(&naive).single().ok_or_else(bad)?,
        None => match tz.from_local_datetime(&naive) {
            LocalResult::Single(dt) => dt.fixed_offset(),
            LocalResult::Ambiguous(early, _) => early.fixed_offset(),
            LocalResult::None => return Err(Reason::NoSuchLocalTime { value: s.to_string(), tz: tz.to_string() }),
        },
    };
    Ok(When { day: at.with_timezone(&tz).date_naive(), at: Some(at) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::Los_Angeles, Asia::Shanghai, Europe::Berlin};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn day_formats() {
        assert_eq!(parse_date("2026-03-01"), Ok(d("2026-03-01")));
        assert_eq!(parse_date("2026/03/01"), Ok(d("2026-03-01")));
        assert_eq!(parse_date("01.03.2026"), Ok(d("2026-03-01")));
        assert_eq!(parse_date(" Dec 01, 2020 "), Ok(d("2020-12-01")));
        for bad in ["03/01/2026", "2026-02-30", "2026-3-1", "", "2026-03-01x", "yesterday", "2026-03"] {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn timestamps_land_on_the_store_day() {
        let w = parse_when("2026-03-01T20:00:00Z", Shanghai).unwrap();
        assert_eq!(w.day, d("2026-03-02"));
        assert_eq!(w.at.unwrap().to_rfc3339(), "2026-03-01T20:00:00+00:00");
        let w = parse_when("2026-03-01 20:00:00 UTC", Los_Angeles).unwrap();
        assert_eq!(w.day, d("2026-03-01"));
        let w = parse_when("03.05.2018 17:12:22 UTC", Berlin).unwrap();
        assert_eq!(w.day, d("2018-05-03"));
        let w = parse_when("2025-10-10T23:20:02+00:00", Berlin).unwrap();
        assert_eq!(w.day, d("2025-10-11"));
        let w = parse_when("2025-10-10T10:20:02.123-07:00", Shanghai).unwrap();
        assert_eq!(w.day, d("2025-10-11"));
        let w = parse_when("2025-01-10 01:00:00 PST", Shanghai).unwrap();
        assert_eq!(w.day, d("2025-01-10"));
    }

    #[test]
    fn plain_days_and_local_times() {
        assert_eq!(parse_when("2026-03-01", Shanghai).unwrap(), When { day: d("2026-03-01"), at: None });
        let w = parse_when("2026-03-01 23:30", Shanghai).unwrap();
        assert_eq!(w.day, d("2026-03-01"));
        assert_eq!(w.at.unwrap().offset().local_minus_utc(), 8 * 3600);
        assert!(parse_when("2026-03-29 02:30:00", Berlin).is_err(), "skipped by DST");
    }

    #[test]
    fn refuses_broken_timestamps() {
        for bad in ["2026-03-01T25:00:00Z", "2026-03-01T10:00:00 XYZ", "2026-03-01X10:00", "2026-03-01T1", "2026-03-01T10:00:00+2500"] {
            assert!(parse_when(bad, Shanghai).is_err(), "{bad:?}");
        }
    }
}
