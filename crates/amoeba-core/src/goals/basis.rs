//! What a derived target starts from when the ledger provides it: the
//! unit's operating cost and its monthly sales over a history window of
//! twelve whole months (seed 004: "last year's total operating cost", "each
//! month's share of last year's sales").
//!
//! * The window is "last year" ([`history_window`]): the twelve whole months
//!   ending with December of the year before the target's, or with the month
//!   before the derivation if that is earlier. Derived in December 2025 for
//!   2026 it is December 2024 – November 2025 (December 2025 is not over);
//!   re-derived in June 2026 it is January – December 2025. Each calendar
//!   month appears once.
//! * Operating cost of a month = (sales + internal sales) − profit: every
//!   deduction the unit's revenue had to cover (refunds, COGS, fees, ads,
//!   freight, internal purchases, allocations, labour).
//! * A window with months without data: the cost is **annualised** (Σ cost ×
//!   12 ÷ months with data, rounded once to the fen) and there is **no
//!   seasonality** (the months split evenly) — both stated in the result.

use crate::accounting::{Lines, PnlLine};
use crate::money::round_money;
use crate::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Months in the history window.
pub const HISTORY_MONTHS: u32 = 12;

/// The history window of a target for `year` derived on `today`: the twelve
/// months ending with the earlier of December of `year − 1` and the month
/// before `today`'s, oldest first.
pub fn history_window(today: NaiveDate, year: i32) -> Vec<Month> {
    let before_today = Month::of(today);
    let mut m = match Month::new(year, 1) {
        Ok(jan) if jan < before_today => jan,
        _ => before_today,
    };
    let mut out = Vec::with_capacity(HISTORY_MONTHS as usize);
    for _ in 0..HISTORY_MONTHS {
        m = m.prev();
        out.push(m);
    }
    out.reverse();
    out
}

/// Operating cost of a unit's lines: (sales + internal sales) − profit.
pub fn operating_cost(lines: &Lines) -> Decimal {
    lines.get(PnlLine::Sales) + lines.get(PnlLine::InternalSales) - lines.profit()
}

/// One month of the window as the ledger has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// The month.
    pub month: Month,
    /// Whether the ledger has any data in it.
    pub has_data: bool,
    /// The unit's sales (external).
    pub sales: Decimal,
    /// The unit's operating cost ([`operating_cost`]).
    pub cost: Decimal,
}

/// The cost and seasonality a target derives from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerBasis {
    /// The window's months, oldest first.
    pub window: Vec<MonthFigures>,
    /// Months of the window with data.
    pub months_with_data: u32,
    /// Σ cost of the months with data.
    pub cost_in_window: Decimal,
    /// The annual operating cost: Σ cost, annualised when months lack data.
    pub operating_cost: Decimal,
    /// Whether the cost was annualised (12 ÷ months with data).
    pub annualised: bool,
    /// Sales by calendar month (January first) when every month has data.
    pub seasonality: Option<[Decimal; 12]>,
}

/// The basis of a target from a window of months (any order; calendar
/// months are read from each). `None` when no month has data.
pub fn ledger_basis(window: &[MonthFigures]) -> Option<LedgerBasis> {
    let with_data: Vec<&MonthFigures> = window.iter().filter(|m| m.has_data).collect();
    if with_data.is_empty() {
        return None;
    }
    let n = with_data.len() as u32;
    let cost_in_window: Decimal = with_data.iter().map(|m| m.cost).sum();
    let annualised = n < HISTORY_MONTHS;
    let operating_cost = if annualised {
        round_money(cost_in_window * Decimal::from(HISTORY_MONTHS) / Decimal::from(n))
    } else {
        round_money(cost_in_window)
    };
    let seasonality = if n == HISTORY_MONTHS && window.len() == HISTORY_MONTHS as usize {
        let mut by_month = [Decimal::ZERO; 12];
        let mut seen = [false; 12];
        for m in window {
            let i = m.month.month() as usize - 1;
            by_month[i] = m.sales.max(Decimal::ZERO);
            seen[i] = true;
        }
        seen.iter().all(|s| *s).then_some(by_month)
    } else {
        None
    };
    let mut window = window.to_vec();
    window.sort_by_key(|m| m.month);
    Some(LedgerBasis { window, months_with_data: n, cost_in_window, operating_cost, annualised, seasonality })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    #[test]
    fn the_window_is_last_year_or_the_whole_months_before_the_derivation() {
        let w = history_window("2025-12-10".parse().unwrap(), 2026);
        assert_eq!((w.first(), w.last(), w.len()), (Some(&m("2024-12")), Some(&m("2025-11")), 12), "December is not over");
        let w = history_window("2026-06-10".parse().unwrap(), 2026);
        assert_eq!((w.first(), w.last()), (Some(&m("2025-01")), Some(&m("2025-12"))), "re-derived mid-year: last year");
        let w = history_window("2026-06-10".parse().unwrap(), 2028);
        assert_eq!(w.last(), Some(&m("2026-05")), "a later year: the months before today");
    }

    #[test]
    fn a_full_window_gives_the_cost_and_the_seasonality_by_calendar_month() {
        let window: Vec<MonthFigures> = history_window("2026-05-10".parse().unwrap(), 2027)
            .into_iter()
            .enumerate()
            .map(|(i, month)| MonthFigures { month, has_data: true, sales: Decimal::from(i as i64 + 1), cost: dec!(100.005) })
            .collect();
        let b = ledger_basis(&window).unwrap();
        assert_eq!(b.operating_cost, dec!(1200.06), "Σ 1 200.06, rounded once");
        assert!(!b.annualised);
        let s = b.seasonality.unwrap();
        assert_eq!(s[4], dec!(1), "May 2025 is the window's first month");
        assert_eq!(s[3], dec!(12), "April 2026 its last");
    }

    #[test]
    fn a_short_history_is_annualised_and_split_evenly() {
        let window: Vec<MonthFigures> = history_window("2026-05-10".parse().unwrap(), 2027)
            .into_iter()
            .enumerate()
            .map(|(i, month)| MonthFigures { month, has_data: i >= 9, sales: dec!(10), cost: dec!(1000) })
            .collect();
        let b = ledger_basis(&window).unwrap();
        assert_eq!((b.months_with_data, b.cost_in_window, b.operating_cost), (3, dec!(3000), dec!(12000.00)));
        assert!(b.annualised && b.seasonality.is_none());
        let none: Vec<MonthFigures> = window.iter().map(|w| MonthFigures { has_data: false, ..*w }).collect();
        assert_eq!(ledger_basis(&none), None);
    }

    #[test]
    fn operating_cost_is_what_revenue_covered() {
        let mut l = Lines::zero();
        l.add(PnlLine::Sales, dec!(1000));
        l.add(PnlLine::Cogs, dec!(-400));
        l.add(PnlLine::Labour, dec!(-300));
        assert_eq!(l.profit(), dec!(300));
        assert_eq!(operating_cost(&l), dec!(700));
    }
}
