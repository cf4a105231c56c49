//! The demo's time: the span of days it covers, and the rhythm of demand
//! over it (Q4 peak with Black Friday / Cyber Monday, summer slump, Prime
//! Day, the Chinese New Year dip for B2B buyers, the weekly cycle).
//!
//! Factors are plain multipliers of a store's base daily orders; they are
//! not money.

use amoeba_core::Month;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The days with data: from the first day of a month to `end` inclusive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    /// `months` whole months before the month after `end`'s day, plus the
    /// days of `end`'s month so far: a full year of history and the current
    /// month to date.
    pub(crate) fn ending(end: NaiveDate, months: u32) -> Self {
        let mut m = Month::of(end + Duration::days(1));
        for _ in 0..months {
            m = m.prev();
        }
        Self { start: m.first_day(), end }
    }

    /// Number of days.
    pub(crate) fn len(&self) -> usize {
        ((self.end - self.start).num_days() + 1) as usize
    }

    /// The `i`-th day.
    pub(crate) fn day(&self, i: usize) -> NaiveDate {
        self.start + Duration::days(i as i64)
    }

    /// Whether `d` is inside.
    pub(crate) fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }

    /// Every day.
    pub(crate) fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        (0..self.len()).map(|i| self.day(i))
    }

    /// Calendar months touched, in order.
    pub(crate) fn months(&self) -> Vec<Month> {
        let mut out = vec![Month::of(self.start)];
        while out.last().expect("one").last_day() < self.end {
            let n = out.last().expect("one").next();
            out.push(n);
        }
        out
    }

    /// Progress through the span, 0 on the first day to 1 on the last.
    pub(crate) fn progress(&self, d: NaiveDate) -> f64 {
        let n = (self.len() - 1).max(1) as f64;
        (d - self.start).num_days() as f64 / n
    }

    /// The part of `m` inside the span.
    pub(crate) fn clip(&self, m: Month) -> (NaiveDate, NaiveDate) {
        (m.first_day().max(self.start), m.last_day().min(self.end))
    }
}

/// Whose calendar a store sells on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    /// Western consumer retail (Q4 peak, BF/CM, summer slump).
    Consumer,
    /// Consumer retail plus Amazon's own events (Prime Day in July, Prime
    /// Big Deal Days in October).
    Amazon,
    /// B2B importers stocking up: busy before summer and Q3, quiet at the
    /// Chinese New Year and after Christmas orders have shipped.
    B2b,
}

/// The `n`-th (1-based) `wd` of a month.
pub(crate) fn nth_weekday(year: i32, month: u32, wd: Weekday, n: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, wd, n as u8).expect("exists")
}

/// Black Friday: the day after the fourth Thursday of November.
pub(crate) fn black_friday(year: i32) -> NaiveDate {
    nth_weekday(year, 11, Weekday::Thu, 4) + Duration::days(1)
}

const CONSUMER_MONTH: [f64; 12] = [0.85, 0.8, 0.95, 1.0, 1.0, 0.72, 0.68, 0.7, 0.9, 1.1, 1.6, 2.0];
const B2B_MONTH: [f64; 12] = [0.9, 0.55, 1.15, 1.2, 1.1, 1.1, 1.25, 1.3, 1.2, 1.0, 0.8, 0.65];

/// Demand multiplier of a day (about 1 on an ordinary spring day).
pub(crate) fn season(profile: Season, d: NaiveDate) -> f64 {
    let m = d.month0() as usize;
    if profile == Season::B2b {
        return B2B_MONTH[m];
    }
    let bf = black_friday(d.year());
    let since_bf = (d - bf).num_days();
    let mut f = CONSUMER_MONTH[m];
    if d.month() == 11 {
        f = match since_bf {
            i64::MIN..=-8 => 1.4,
            -7..=-2 => 1.7,
            -1 => 1.9,
            0 => 4.2,
            1 => 3.0,
            2 => 2.8,
            3 => 3.6,
            _ => 2.1,
        };
    } else if d.month() == 12 {
        f = match d.day() {
            1 if since_bf == 3 => 3.6,
            1..=18 => 2.4,
            19..=23 => 1.6,
            24 => 1.0,
            25 => 0.6,
            _ => 0.95,
        };
    }
    if profile == Season::Amazon {
        let y = d.year();
        let prime = nth_weekday(y, 7, Weekday::Tue, 2);
        let big_deal = nth_weekday(y, 10, Weekday::Tue, 2);
        if d == prime || d == prime + Duration::days(1) {
            f *= 2.8;
        } else if d == big_deal || d == big_deal + Duration::days(1) {
            f *= 1.9;
        }
    }
    f
}

/// Whether `d` is a big sales event (deeper discounts, more coupons).
pub(crate) fn is_event(profile: Season, d: NaiveDate) -> bool {
    season(profile, d) / CONSUMER_MONTH[d.month0() as usize].max(0.1) > 1.7 && profile != Season::B2b
}

/// The weekly rhythm of a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Week {
    /// Marketplaces: busiest Sunday evening to Tuesday.
    Marketplace,
    /// Social commerce: weekends and evenings.
    Social,
    /// Businesses buy on working days.
    Business,
}

/// Demand multiplier of a weekday (averaging about 1 over a week).
pub(crate) fn weekday_factor(w: Week, d: NaiveDate) -> f64 {
    let i = d.weekday().num_days_from_monday() as usize;
    let t: [f64; 7] = match w {
        Week::Marketplace => [1.08, 1.03, 1.0, 0.97, 0.92, 0.93, 1.07],
        Week::Social => [0.92, 0.92, 0.95, 0.97, 1.02, 1.12, 1.1],
        Week::Business => [1.2, 1.25, 1.25, 1.2, 1.1, 0.5, 0.5],
    };
    t[i]
}

/// Monday-to-Friday days in `[a, b]`.
pub(crate) fn weekdays_between(a: NaiveDate, b: NaiveDate) -> u32 {
    let mut n = 0;
    let mut d = a;
    while d <= b {
        if d.weekday().num_days_from_monday() < 5 {
            n += 1;
        }
        d += Duration::days(1);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn span_is_a_year_plus_the_month_to_date() {
        let s = Span::ending(d("2026-03-14"), 12);
        assert_eq!(s.start, d("2025-03-01"));
        assert_eq!(s.months().len(), 13);
        let s = Span::ending(d("2026-03-31"), 12);
        assert_eq!(s.start, d("2025-04-01"));
        assert_eq!(s.months().len(), 12);
    }

    #[test]
    fn black_friday_and_peaks() {
        assert_eq!(black_friday(2025), d("2025-11-28"));
        assert!(season(Season::Consumer, d("2025-11-28")) > 4.0);
        assert!(is_event(Season::Amazon, d("2025-07-08")));
        assert!(!is_event(Season::Amazon, d("2025-07-20")));
        assert!(season(Season::Consumer, d("2025-07-20")) < 0.75);
    }

    #[test]
    fn counts_weekdays() {
        assert_eq!(weekdays_between(d("2026-03-01"), d("2026-03-31")), 22);
    }
}
