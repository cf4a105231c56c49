//! Month to date: the one rule for how far into a month its figures count.
//!
//! A month's costs that are booked for the whole month (a monthly labour
//! cost, a fixed internal charge, an allocated rent) are spread over the
//! month's days by the engine (largest remainder, see docs/formulas.md §
//! "Month to date"). A month's figures are then the sum of its days up to
//! its **as-of day**:
//!
//! * a month that is over (its last day is before today in the company's
//!   zone) counts every day;
//! * the month in progress counts its days up to the last day with imported
//!   facts, never after today — so month-to-date sales meet the labour of
//!   the same days, not the whole month's;
//! * a month with no data yet (or a future month) has no as-of day.
//!
//! The board, the unit P&L, a person's page, the API and `amoeba report
//! pnl` all cut a [`MonthPnl`] with [`MonthPnl::through`] at the day
//! [`as_of_day`] names, so they agree on every day of a month.

use super::pnl::{DerivedEntries, MonthPnl, UnitPnl};
use super::totals::Lines;
use crate::period::Month;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The last day of `month` whose figures count today (see the module doc).
/// `last_fact_day` is the last day with any imported fact of the company.
pub fn as_of_day(month: Month, today: NaiveDate, last_fact_day: Option<NaiveDate>) -> Option<NaiveDate> {
    if month.last_day() < today {
        return Some(month.last_day());
    }
    let last = last_fact_day?.min(today).min(month.last_day());
    (last >= month.first_day()).then_some(last)
}

fn sum_through(by_day: &BTreeMap<NaiveDate, Lines>, day: NaiveDate) -> Lines {
    Lines::sum(by_day.range(..=day).map(|(_, l)| l))
}

fn cut_days(by_day: &BTreeMap<NaiveDate, Lines>, day: NaiveDate) -> BTreeMap<NaiveDate, Lines> {
    by_day.range(..=day).map(|(d, l)| (*d, l.clone())).collect()
}

impl UnitPnl {
    /// The unit's figures for the days up to `day` (inclusive).
    pub fn through(&self, day: NaiveDate) -> UnitPnl {
        let own = sum_through(&self.by_day, day);
        let rolled_up = sum_through(&self.rolled_up_by_day, day);
        UnitPnl {
            hourly_efficiency: own.hourly_efficiency(),
            hourly_efficiency_rolled_up: rolled_up.hourly_efficiency(),
            own,
            rolled_up,
            by_day: cut_days(&self.by_day, day),
            rolled_up_by_day: cut_days(&self.rolled_up_by_day, day),
            fx_gain_loss: self.fx_gain_loss,
            fx_gain_loss_rolled_up: self.fx_gain_loss_rolled_up,
            facts: self.facts,
        }
    }
}

impl MonthPnl {
    /// The month's P&L counted through `day` (inclusive): every unit's and
    /// the group's figures are the sums of their days up to it, hourly
    /// efficiencies recomputed from those sums, derived entries after it
    /// left out. FX gain/loss of settlements deposited so far stays whole
    /// (it is booked on the deposit, not spread). A `day` on or after the
    /// month's last day gives the month unchanged.
    pub fn through(&self, day: NaiveDate) -> MonthPnl {
        if day >= self.month.last_day() {
            return self.clone();
        }
        let units = self.units.iter().map(|(code, u)| (code.clone(), u.through(day))).collect();
        let group_by_day = cut_days(&self.group_by_day, day);
        let e = &self.entries;
        let entries = DerivedEntries {
            charges: e.charges.iter().filter(|c| c.day <= day).cloned().collect(),
            allocations: e.allocations.iter().filter(|a| a.day <= day).cloned().collect(),
            cogs: e.cogs.iter().filter(|c| c.day <= day).cloned().collect(),
        };
        let cut = MonthPnl {
            month: self.month,
            base_currency: self.base_currency,
            group: Lines::sum(group_by_day.values()),
            units,
            group_by_day,
            fx: self.fx.clone(),
            group_fx_gain_loss: self.group_fx_gain_loss,
            entries,
            errors: self.errors.clone(),
        };
        cut.group.check();
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn m(s: &str) -> Month {
        s.parse().expect("month")
    }

    #[test]
    fn a_month_that_is_over_counts_every_day() {
        assert_eq!(as_of_day(m("2026-10"), d("2026-12-02"), Some(d("2026-10-20"))), Some(d("2026-10-31")));
        assert_eq!(as_of_day(m("2026-11"), d("2026-12-01"), None), Some(d("2026-11-30")));
    }

    #[test]
    fn the_month_in_progress_counts_to_the_last_day_with_data() {
        let dec = m("2026-12");
        assert_eq!(as_of_day(dec, d("2026-12-15"), Some(d("2026-12-14"))), Some(d("2026-12-14")));
        // Never after today, even if a file carries a later day.
        assert_eq!(as_of_day(dec, d("2026-12-15"), Some(d("2026-12-20"))), Some(d("2026-12-15")));
        // The last day of the month itself is still "in progress".
        assert_eq!(as_of_day(dec, d("2026-12-31"), Some(d("2026-12-31"))), Some(d("2026-12-31")));
    }

    #[test]
    fn a_month_without_data_yet_has_no_as_of_day() {
        assert_eq!(as_of_day(m("2026-12"), d("2026-12-02"), Some(d("2026-11-30"))), None);
        assert_eq!(as_of_day(m("2027-01"), d("2026-12-02"), Some(d("2026-12-01"))), None);
        assert_eq!(as_of_day(m("2026-12"), d("2026-12-02"), None), None);
    }
}
