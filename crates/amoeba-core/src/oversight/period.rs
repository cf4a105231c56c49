//! The periods an operator reports on: ISO weeks (Monday to Sunday, the
//! week a Chinese team plans in) and calendar months, each with the period
//! before it for week-over-week and month-over-month changes.

use crate::period::Month;
use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt;

/// An ISO week, kept as its Monday so that it always exists. Its year is
/// the ISO week-year, which differs from the calendar year around New Year
/// (2026-12-31 falls in 2026-W53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoWeek {
    monday: NaiveDate,
}

impl IsoWeek {
    /// The week a day falls in.
    pub fn of(day: NaiveDate) -> Self {
        let back = u64::from(day.weekday().num_days_from_monday());
        IsoWeek { monday: day - chrono::Days::new(back) }
    }

    /// Week `week` of ISO week-year `year`, if there is one.
    pub fn new(year: i32, week: u32) -> Option<Self> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|monday| IsoWeek { monday })
    }

    /// Its Monday.
    pub fn monday(&self) -> NaiveDate {
        self.monday
    }

    /// ISO week-year.
    pub fn year(&self) -> i32 {
        self.monday.iso_week().year()
    }

    /// ISO week number, 1..=53.
    pub fn week(&self) -> u32 {
        self.monday.iso_week().week()
    }
}

/// A week or a month of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportPeriod {
    /// An ISO week (Monday to Sunday).
    Week(IsoWeek),
    /// A calendar month.
    Month(Month),
}

impl ReportPeriod {
    /// The ISO week a day falls in.
    pub fn week_of(day: NaiveDate) -> Self {
        ReportPeriod::Week(IsoWeek::of(day))
    }

    /// The month a day falls in.
    pub fn month_of(day: NaiveDate) -> Self {
        ReportPeriod::Month(Month::of(day))
    }

    /// The first day (a Monday for a week).
    pub fn first_day(&self) -> NaiveDate {
        match self {
            ReportPeriod::Week(w) => w.monday(),
            ReportPeriod::Month(m) => m.first_day(),
        }
    }

    /// The last day (a Sunday for a week).
    pub fn last_day(&self) -> NaiveDate {
        match self {
            ReportPeriod::Week(w) => w.monday() + chrono::Days::new(6),
            ReportPeriod::Month(m) => m.last_day(),
        }
    }

    /// Whether `day` falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        (self.first_day()..=self.last_day()).contains(&day)
    }

    /// The period before, of the same kind.
    pub fn previous(&self) -> Self {
        match self {
            ReportPeriod::Week(w) => ReportPeriod::week_of(w.monday() - chrono::Days::new(1)),
            ReportPeriod::Month(m) => ReportPeriod::Month(m.prev()),
        }
    }

    /// Number of days in the period.
    pub fn days(&self) -> u32 {
        match self {
            ReportPeriod::Week(_) => 7,
            ReportPeriod::Month(m) => m.days(),
        }
    }
}

impl fmt::Display for ReportPeriod {
    /// `2026-W10` or `2026-03`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportPeriod::Week(w) => write!(f, "{:04}-W{:02}", w.year(), w.week()),
            ReportPeriod::Month(m) => write!(f, "{m}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_start_on_monday_and_cross_the_new_year() {
        let w = ReportPeriod::week_of(d("2026-03-05"));
        assert_eq!(w.to_string(), "2026-W10");
        assert_eq!((w.first_day(), w.last_day()), (d("2026-03-02"), d("2026-03-08")));
        assert_eq!(w.first_day().weekday(), Weekday::Mon);
        assert_eq!(w.previous().to_string(), "2026-W09");
        let new_year = ReportPeriod::week_of(d("2027-01-01"));
        assert_eq!(new_year.to_string(), "2026-W53");
        assert_eq!(ReportPeriod::week_of(d("2027-01-04")).previous(), new_year);
        assert!(new_year.contains(d("2026-12-28")) && !new_year.contains(d("2027-01-04")));
        assert_eq!(IsoWeek::new(2026, 53).map(|w| w.monday()), Some(d("2026-12-28")));
        assert_eq!(IsoWeek::new(2025, 53), None, "2025 has 52 ISO weeks");
    }

    #[test]
    fn months_walk_back() {
        let m = ReportPeriod::month_of(d("2026-03-15"));
        assert_eq!(m.previous().to_string(), "2026-02");
        assert_eq!(m.previous().days(), 28);
        assert_eq!(m.last_day(), d("2026-03-31"));
    }
}
