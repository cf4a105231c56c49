//! The engine's working ledger for one month: base-currency amounts per
//! (unit, day, line), plus per (unit, day, kind) for allocation sources.
//! Every amount is posted once to its day cell and once to a separate month
//! total, so "month = Σ days" can be asserted rather than assumed.

use super::lines::PnlLine;
use super::totals::Lines;
use crate::ledger::FactKind;
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Working ledger indexed by unit index (from the unit tree) and day index
/// (0-based day of the month).
#[derive(Debug)]
pub(crate) struct Book {
    first: NaiveDate,
    days: usize,
    cells: Vec<Lines>,
    direct: Vec<Lines>,
    kinds: HashMap<(usize, usize, FactKind), Decimal>,
    /// Source facts behind each unit's figures (traceability).
    pub(crate) facts: Vec<u64>,
}

impl Book {
    /// An empty book for `units` units over `month`.
    pub(crate) fn new(units: usize, month: Month) -> Self {
        let days = month.days() as usize;
        Self {
            first: month.first_day(),
            days,
            cells: vec![Lines::zero(); units * days],
            direct: vec![Lines::zero(); units],
            kinds: HashMap::new(),
            facts: vec![0; units],
        }
    }

    /// Days in the month.
    pub(crate) fn days(&self) -> usize {
        self.days
    }

    /// Index of `day` in the month, `None` if outside.
    pub(crate) fn day_ix(&self, day: NaiveDate) -> Option<usize> {
        let n = (day - self.first).num_days();
        (0..self.days as i64).contains(&n).then_some(n as usize)
    }

    /// The day at index `ix`.
    pub(crate) fn day(&self, ix: usize) -> NaiveDate {
        assert!(ix < self.days, "day index {ix} outside the month");
        self.first + chrono::Days::new(ix as u64)
    }

    /// Books `amount` on `line` of `unit` on day `day_ix`, remembering the
    /// fact kind (if any) for allocation sources.
    pub(crate) fn post(&mut self, unit: usize, day_ix: usize, kind: Option<FactKind>, line: PnlLine, amount: Decimal) {
        assert!(day_ix < self.days, "day index {day_ix} outside the month");
        self.cells[unit * self.days + day_ix].add(line, amount);
        self.direct[unit].add(line, amount);
        if let Some(k) = kind {
            *self.kinds.entry((unit, day_ix, k)).or_default() += amount;
        }
    }

    /// A unit's own figures on one day.
    pub(crate) fn cell(&self, unit: usize, day_ix: usize) -> &Lines {
        &self.cells[unit * self.days + day_ix]
    }

    /// A unit's own month figures, accumulated independently of the days.
    pub(crate) fn month(&self, unit: usize) -> &Lines {
        &self.direct[unit]
    }

    /// Base amount booked at `unit` on `day_ix` under fact kind `kind`.
    pub(crate) fn kind_amount(&self, unit: usize, day_ix: usize, kind: FactKind) -> Decimal {
        self.kinds.get(&(unit, day_ix, kind)).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn posts_to_day_month_and_kind() {
        let m: Month = "2026-02".parse().unwrap();
        let mut b = Book::new(2, m);
        assert_eq!(b.days(), 28);
        let day = b.day_ix("2026-02-28".parse().unwrap()).unwrap();
        assert_eq!(b.day_ix("2026-03-01".parse().unwrap()), None);
        assert_eq!(b.day(day).to_string(), "2026-02-28");
        b.post(1, day, Some(FactKind::OtherExpense), PnlLine::Other, dec!(-5));
        b.post(1, day, Some(FactKind::OtherExpense), PnlLine::Other, dec!(-2));
        assert_eq!(b.cell(1, day).get(PnlLine::Other), dec!(-7));
        assert_eq!(b.month(1).profit(), dec!(-7));
        assert_eq!(b.kind_amount(1, day, FactKind::OtherExpense), dec!(-7));
        assert_eq!(b.month(0).profit(), dec!(0));
    }
}
