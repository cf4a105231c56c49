//! Working days: a weekday set, public holidays and the make-up working days
//! (调休) Chinese companies work on a weekend after a long holiday.
//!
//! The goals engine counts the working days left for a pace, and the daily
//! order lottery moves a late order to the next working day; both must agree
//! on what a working day is, so there is one calendar type.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Which days people work, as data the company sets once a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// Weekdays that are normally worked (Monday to Friday by default).
    pub weekdays: BTreeSet<WeekdayCode>,
    /// Days off although their weekday is worked (public holidays).
    pub holidays: BTreeSet<NaiveDate>,
    /// Days worked although their weekday is not (make-up days, 调休).
    pub extra_workdays: BTreeSet<NaiveDate>,
}

/// A weekday with a stable order and text (`mon` … `sun`) so a calendar
/// hashes and serialises the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekdayCode {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl WeekdayCode {
    /// Every weekday, Monday first.
    pub const ALL: [WeekdayCode; 7] =
        [WeekdayCode::Mon, WeekdayCode::Tue, WeekdayCode::Wed, WeekdayCode::Thu, WeekdayCode::Fri, WeekdayCode::Sat, WeekdayCode::Sun];

    /// The weekday of a day.
    pub fn of(day: NaiveDate) -> WeekdayCode {
        match day.weekday() {
            Weekday::Mon => WeekdayCode::Mon,
            Weekday::Tue => WeekdayCode::Tue,
            Weekday::Wed => WeekdayCode::Wed,
            Weekday::Thu => WeekdayCode::Thu,
            Weekday::Fri => WeekdayCode::Fri,
            Weekday::Sat => WeekdayCode::Sat,
            Weekday::Sun => WeekdayCode::Sun,
        }
    }

    /// `mon` … `sun`, as written in canonical rules.
    pub fn code(&self) -> &'static str {
        match self {
            WeekdayCode::Mon => "mon",
            WeekdayCode::Tue => "tue",
            WeekdayCode::Wed => "wed",
            WeekdayCode::Thu => "thu",
            WeekdayCode::Fri => "fri",
            WeekdayCode::Sat => "sat",
            WeekdayCode::Sun => "sun",
        }
    }
}

/// At most this many days are searched for the next working day; a calendar
/// with no working day in a year is a configuration error, not a loop.
pub const MAX_SEARCH_DAYS: u32 = 366;

impl Default for WorkCalendar {
    fn default() -> Self {
        Self::weekdays(&WeekdayCode::ALL[..5])
    }
}

impl WorkCalendar {
    /// A calendar of the given weekdays, no holidays.
    pub fn weekdays(days: &[WeekdayCode]) -> Self {
        Self { weekdays: days.iter().copied().collect(), holidays: BTreeSet::new(), extra_workdays: BTreeSet::new() }
    }

    /// Every day is worked (shops that ship seven days a week).
    pub fn every_day() -> Self {
        Self::weekdays(&WeekdayCode::ALL)
    }

    /// Whether people work on `day`: a make-up day always, a holiday never,
    /// otherwise by its weekday.
    pub fn is_working(&self, day: NaiveDate) -> bool {
        if self.extra_workdays.contains(&day) {
            return true;
        }
        !self.holidays.contains(&day) && self.weekdays.contains(&WeekdayCode::of(day))
    }

    /// `day` itself if worked, else the next working day; `None` when none
    /// comes within [`MAX_SEARCH_DAYS`].
    pub fn on_or_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        let mut d = day;
        for _ in 0..=MAX_SEARCH_DAYS {
            if self.is_working(d) {
                return Some(d);
            }
            d = d.succ_opt()?;
        }
        None
    }

    /// Working days in `[from, to]` (0 when `to < from`).
    pub fn count(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days().take_while(|d| *d <= to).filter(|d| self.is_working(*d)).count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// National Day 2026 in China: 1–7 October off, Saturday 10 October a make-up day.
    fn china_october() -> WorkCalendar {
        WorkCalendar {
            holidays: (1..=7).map(|n| NaiveDate::from_ymd_opt(2026, 10, n).unwrap()).collect(),
            extra_workdays: [d("2026-10-10")].into_iter().collect(),
            ..WorkCalendar::default()
        }
    }

    #[test]
    fn holidays_and_make_up_days_override_the_weekday() {
        let c = china_october();
        assert!(!c.is_working(d("2026-10-01")), "Thursday, but a holiday");
        assert!(c.is_working(d("2026-10-10")), "Saturday, but a make-up day");
        assert!(!c.is_working(d("2026-10-11")), "Sunday");
        assert_eq!(c.on_or_after(d("2026-09-30")), Some(d("2026-09-30")));
        assert_eq!(c.on_or_after(d("2026-10-01")), Some(d("2026-10-08")));
        assert_eq!(c.count(d("2026-10-01"), d("2026-10-11")), 3, "8, 9 and the make-up 10th");
        assert_eq!(c.count(d("2026-10-11"), d("2026-10-01")), 0);
    }

    #[test]
    fn a_calendar_without_working_days_ends_the_search() {
        let c = WorkCalendar::weekdays(&[]);
        assert_eq!(c.on_or_after(d("2026-01-01")), None);
    }
}
