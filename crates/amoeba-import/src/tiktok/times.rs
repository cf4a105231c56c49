//! TikTok Shop's timestamps: `11/03/2026 4:59:59 PM` (US Seller Center,
//! month first, 12-hour clock), `03/11/2026 16:59:59` (UK and South-East
//! Asia, day first), or ISO-like `2026/11/03 16:59:59`; no zone — they are
//! the shop's local time.
//!
//! A slash date with the day or month first is ambiguous alone, so the
//! order is decided **per file**: a first number above 12 can only be a
//! day, a second above 12 only a month; a file that shows both is refused
//! (`day_month_order`). A file where no date decides is read month-first
//! when its times carry AM/PM (the US export) and day-first otherwise.

use crate::dates::{parse_when, When};
use crate::error::ImportError;
use crate::market_reason::MarketReason;
use crate::reason::Reason;
use chrono_tz::Tz;

/// Which number of a slash date is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    /// `11/03/2026` is 3 November (US).
    MonthFirst,
    /// `03/11/2026` is 3 November (UK, South-East Asia).
    DayFirst,
}

/// `a/b/yyyy` and the rest of the cell, when the cell starts so.
fn slash_date(s: &str) -> Option<(u32, u32, i32, &str)> {
    let (date, rest) = s.split_once(' ').unwrap_or((s, ""));
    let mut it = date.split('/');
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || a.len() > 2 || b.len() > 2 || y.len() != 4 {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y.parse().ok()?, rest.trim()))
}

/// What one cell says about the file's day order.
fn evidence(s: &str) -> Option<DayOrder> {
    let (a, b, _, _) = slash_date(s.trim())?;
    match (a > 12, b > 12) {
        (true, false) => Some(DayOrder::DayFirst),
        (false, true) => Some(DayOrder::MonthFirst),
        _ => None,
    }
}

/// Decides the file's day order from its time cells `(line, column, value)`:
/// the order, or the error naming the cell that contradicts the first
/// deciding one.
pub(crate) fn detect<'a>(cells: impl IntoIterator<Item = (u64, &'a str, &'a str)>) -> Result<DayOrder, ImportError> {
    let mut decided: Option<(DayOrder, u64, &str)> = None;
    let mut twelve_hour = false;
    for (line, column, v) in cells {
        let upper = v.to_ascii_uppercase();
        twelve_hour |= upper.ends_with("AM") || upper.ends_with("PM");
        let Some(e) = evidence(v) else { continue };
        match decided {
            None => decided = Some((e, line, v)),
            Some((d, first_line, first)) if d != e => {
                let m = MarketReason::DayMonthOrder { value: v.to_string(), first: first.to_string(), first_line };
                return Err(ImportError::cell(line, column, Reason::Market(m)));
            }
            Some(_) => {}
        }
    }
    Ok(match decided {
        Some((d, _, _)) => d,
        None if twelve_hour => DayOrder::MonthFirst,
        None => DayOrder::DayFirst,
    })
}

/// `4:59:59 PM`, `16:59:59`, `16:59` as 24-hour `HH:MM:SS`.
fn time_24(t: &str) -> Option<String> {
    let upper = t.trim().to_ascii_uppercase();
    let (clock, pm) = match (upper.strip_suffix("PM"), upper.strip_suffix("AM")) {
        (Some(c), _) => (c.trim().to_string(), Some(true)),
        (_, Some(c)) => (c.trim().to_string(), Some(false)),
        _ => (upper.clone(), None),
    };
    let mut parts = clock.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = parts.next().map_or(Some(0), |x| x.parse().ok())?;
    if parts.next().is_some() {
        return None;
    }
    let h = match pm {
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) if h != 12 => h + 12,
        Some(false) if h == 12 => 0,
        _ => h,
    };
    (h < 24 && m < 60 && s < 60).then(|| format!("{h:02}:{m:02}:{s:02}"))
}

/// A TikTok timestamp (or day) as an instant and business day in `tz`.
pub(crate) fn parse_tiktok_when(s: &str, order: DayOrder, tz: Tz) -> Result<When, Reason> {
    let t = s.trim();
    let bad = || Reason::NotADateTime { value: s.to_string() };
    let Some((a, b, y, rest)) = slash_date(t) else {
        // `2026/11/03 16:59:59`, `2026-11-03T16:59:59+07:00`, …
        return parse_when(t, tz);
    };
    let (day, month) = match order {
        DayOrder::DayFirst => (a, b),
        DayOrder::MonthFirst => (b, a),
    };
    let date = chrono::NaiveDate::from_ymd_opt(y, month, day).ok_or_else(bad)?;
    if rest.is_empty() {
        return Ok(When { day: date, at: None });
    }
    let time = time_24(rest).ok_or_else(bad)?;
    parse_when(&format!("{date} {time}"), tz).map_err(|e| match e {
        Reason::NoSuchLocalTime { tz, .. } => Reason::NoSuchLocalTime { value: s.to_string(), tz },
        _ => bad(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America::Los_Angeles, Asia::Kuala_Lumpur};

    #[test]
    fn us_twelve_hour_times() {
        let w = parse_tiktok_when("11/03/2026 4:59:59 PM", DayOrder::MonthFirst, Los_Angeles).unwrap();
        assert_eq!(w.at.unwrap().to_rfc3339(), "2026-11-03T16:59:59-08:00");
        let w = parse_tiktok_when("11/03/2026 12:05:00 AM", DayOrder::MonthFirst, Los_Angeles).unwrap();
        assert_eq!(w.at.unwrap().to_rfc3339(), "2026-11-03T00:05:00-08:00");
        let w = parse_tiktok_when("11/03/2026 12:05:00 PM", DayOrder::MonthFirst, Los_Angeles).unwrap();
        assert_eq!(w.at.unwrap().to_rfc3339(), "2026-11-03T12:05:00-08:00");
        assert!(parse_tiktok_when("11/03/2026 13:05:00 PM", DayOrder::MonthFirst, Los_Angeles).is_err());
        assert!(parse_tiktok_when("13/03/2026 1:05:00 PM", DayOrder::MonthFirst, Los_Angeles).is_err());
    }

    #[test]
    fn day_first_and_iso_times() {
        let w = parse_tiktok_when("03/11/2026 16:59:59", DayOrder::DayFirst, Kuala_Lumpur).unwrap();
        assert_eq!(w.at.unwrap().to_rfc3339(), "2026-11-03T16:59:59+08:00");
        let w = parse_tiktok_when("2026/11/03 16:59", DayOrder::MonthFirst, Kuala_Lumpur).unwrap();
        assert_eq!(w.day.to_string(), "2026-11-03");
        assert_eq!(parse_tiktok_when("03/11/2026", DayOrder::DayFirst, Kuala_Lumpur).unwrap().at, None);
        assert_eq!(parse_tiktok_when("3/11/2026", DayOrder::DayFirst, Kuala_Lumpur).unwrap().day.to_string(), "2026-11-03");
    }

    #[test]
    fn the_file_decides_its_day_order_once() {
        let cells = [(2, "Created Time", "11/03/2026 4:59:59 PM"), (3, "Created Time", "11/13/2026 9:00:00 AM")];
        assert_eq!(detect(cells), Ok(DayOrder::MonthFirst));
        assert_eq!(detect([(2, "Paid Time", "25/03/2026 16:00:00")]), Ok(DayOrder::DayFirst));
        assert_eq!(detect([(2, "Paid Time", "01/03/2026 4:00:00 PM")]), Ok(DayOrder::MonthFirst), "AM/PM: the US export");
        assert_eq!(detect([(2, "Paid Time", "01/03/2026 16:00:00")]), Ok(DayOrder::DayFirst));
        let e = detect([(2, "Paid Time", "25/03/2026 16:00"), (4, "Shipped Time", "03/26/2026 09:00")]).unwrap_err();
        assert_eq!((e.line, e.column.as_deref(), e.reason.code()), (4, Some("Shipped Time"), "day_month_order"));
    }
}
