//! [`Lines`]: the figures of one P&L (a unit's day, month or subtree, or the
//! group), with the subtotals kept consistent by construction.
//!
//! Sign convention (the ledger's): money in is positive, money out negative.
//! So costs, refunds and labour are negative, and the subtotals are plain sums:
//! `added_value = Σ booked lines`, `profit = added_value + labour`.

use super::lines::PnlLine;
use crate::money::round_money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Number of P&L lines (the length of [`PnlLine::ALL`]).
const LINE_COUNT: usize = PnlLine::ALL.len();

/// The figures of one P&L, one per [`PnlLine`].
///
/// Only booked lines, labour and hours can be added to; `added_value` and
/// `profit` are maintained on every addition so they can never disagree with
/// the lines they sum. Serialises as a map `line code → amount` with every
/// line present, so reports and the API always see the same shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "BTreeMap<PnlLine, Decimal>", try_from = "BTreeMap<PnlLine, Decimal>")]
pub struct Lines {
    values: [Decimal; LINE_COUNT],
}

impl Default for Lines {
    fn default() -> Self {
        Self::zero()
    }
}

/// Position of a line in the value array (declaration order = `ALL` order).
fn slot(line: PnlLine) -> usize {
    line as usize
}

impl Lines {
    /// All lines zero: the starting point of every sum.
    pub fn zero() -> Self {
        Self { values: [Decimal::ZERO; LINE_COUNT] }
    }

    /// The figure on `line` (zero when nothing was booked there).
    pub fn get(&self, line: PnlLine) -> Decimal {
        self.values[slot(line)]
    }

    /// Adds `amount` to a booked line, labour or hours, keeping the subtotals
    /// in step. Subtotals cannot be booked directly: that would let them
    /// disagree with their parts, so it is a programming error.
    pub fn add(&mut self, line: PnlLine, amount: Decimal) {
        assert!(!matches!(line, PnlLine::AddedValue | PnlLine::Profit), "subtotal line {line} cannot be booked directly");
        self.values[slot(line)] += amount;
        if PnlLine::BOOKED.contains(&line) {
            self.values[slot(PnlLine::AddedValue)] += amount;
            self.values[slot(PnlLine::Profit)] += amount;
        } else if line == PnlLine::Labour {
            self.values[slot(PnlLine::Profit)] += amount;
        }
    }

    /// Adds every line of `other` (roll-ups and month = Σ days).
    pub fn add_lines(&mut self, other: &Lines) {
        for (a, b) in self.values.iter_mut().zip(other.values.iter()) {
            *a += *b;
        }
    }

    /// The sum of a sequence of P&Ls, line by line (exact).
    pub fn sum<'a>(items: impl IntoIterator<Item = &'a Lines>) -> Lines {
        let mut total = Lines::zero();
        for l in items {
            total.add_lines(l);
        }
        total
    }

    /// Added value: sales + internal sales − every non-labour expense
    /// (the sum of the booked lines, costs being negative).
    pub fn added_value(&self) -> Decimal {
        self.get(PnlLine::AddedValue)
    }

    /// Profit: added value + labour (labour is negative).
    pub fn profit(&self) -> Decimal {
        self.get(PnlLine::Profit)
    }

    /// Hours worked (regular + overtime).
    pub fn hours(&self) -> Decimal {
        self.get(PnlLine::Hours)
    }

    /// Kyocera hourly efficiency (时间核算): added value ÷ hours, in base
    /// currency per hour, rounded once with [`round_money`]. `None` when no
    /// hours were worked, because a ratio over zero hours means nothing.
    pub fn hourly_efficiency(&self) -> Option<Decimal> {
        let hours = self.hours();
        if hours <= Decimal::ZERO {
            return None;
        }
        self.added_value().checked_div(hours).map(round_money)
    }

    /// Every line with its figure, in report order.
    pub fn iter(&self) -> impl Iterator<Item = (PnlLine, Decimal)> + '_ {
        PnlLine::ALL.iter().map(move |l| (*l, self.get(*l)))
    }

    /// Whether the subtotals equal the sums of their parts.
    pub fn is_consistent(&self) -> bool {
        let booked: Decimal = PnlLine::BOOKED.iter().map(|l| self.get(*l)).sum();
        booked == self.added_value() && self.added_value() + self.get(PnlLine::Labour) == self.profit()
    }

    /// Asserts the subtotal invariant; called by the engine on every P&L it
    /// hands out, so an inconsistent figure can never reach a report.
    pub fn check(&self) {
        assert!(self.is_consistent(), "P&L subtotals disagree with their lines: {self:?}");
    }
}

impl From<Lines> for BTreeMap<PnlLine, Decimal> {
    fn from(l: Lines) -> Self {
        l.iter().collect()
    }
}

impl TryFrom<BTreeMap<PnlLine, Decimal>> for Lines {
    type Error = String;
    /// Rebuilds a P&L from its map, refusing one whose subtotals disagree
    /// with its lines (a hand-edited or corrupted snapshot).
    fn try_from(map: BTreeMap<PnlLine, Decimal>) -> Result<Self, Self::Error> {
        let mut l = Lines::zero();
        for (line, v) in &map {
            l.values[slot(*line)] = *v;
        }
        if !map.contains_key(&PnlLine::AddedValue) && !map.contains_key(&PnlLine::Profit) {
            // Subtotals omitted: derive them.
            let mut derived = Lines::zero();
            for (line, v) in map {
                derived.add(line, v);
            }
            return Ok(derived);
        }
        if l.is_consistent() {
            Ok(l)
        } else {
            Err(format!("added_value {} / profit {} disagree with the lines they sum", l.added_value(), l.profit()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn slots_follow_the_report_order() {
        for (i, l) in PnlLine::ALL.iter().enumerate() {
            assert_eq!(slot(*l), i);
        }
    }

    #[test]
    fn subtotals_follow_the_sign_convention() {
        let mut l = Lines::zero();
        l.add(PnlLine::Sales, dec!(1000.00));
        l.add(PnlLine::Cogs, dec!(-400.00));
        l.add(PnlLine::InternalPurchases, dec!(-50.00));
        l.add(PnlLine::Labour, dec!(-300.00));
        l.add(PnlLine::Hours, dec!(10));
        assert_eq!(l.added_value(), dec!(550.00));
        assert_eq!(l.profit(), dec!(250.00));
        assert_eq!(l.hourly_efficiency(), Some(dec!(55.00)));
        l.check();
    }

    #[test]
    fn no_hours_means_no_efficiency() {
        let mut l = Lines::zero();
        l.add(PnlLine::Sales, dec!(1));
        assert_eq!(l.hourly_efficiency(), None);
    }

    #[test]
    #[should_panic(expected = "cannot be booked directly")]
    fn subtotals_cannot_be_booked() {
        Lines::zero().add(PnlLine::Profit, dec!(1));
    }

    #[test]
    fn map_round_trip_refuses_inconsistent_subtotals() {
        let mut l = Lines::zero();
        l.add(PnlLine::Sales, dec!(10));
        let map: BTreeMap<PnlLine, Decimal> = l.clone().into();
        assert_eq!(Lines::try_from(map.clone()).unwrap(), l);
        let mut bad = map;
        bad.insert(PnlLine::Profit, dec!(99));
        assert!(Lines::try_from(bad).is_err());
        let partial: BTreeMap<PnlLine, Decimal> = [(PnlLine::Sales, dec!(5))].into();
        assert_eq!(Lines::try_from(partial).unwrap().profit(), dec!(5));
    }

    proptest! {
        #[test]
        fn any_additions_keep_subtotals_consistent(
            adds in proptest::collection::vec((0usize..16, -1_000_000i64..1_000_000), 0..50)
        ) {
            let mut a = Lines::zero();
            let mut b = Lines::zero();
            for (i, (line_ix, cents)) in adds.iter().enumerate() {
                let line = PnlLine::ALL[*line_ix];
                if matches!(line, PnlLine::AddedValue | PnlLine::Profit) { continue; }
                let target = if i % 2 == 0 { &mut a } else { &mut b };
                target.add(line, Decimal::new(*cents, 2));
            }
            prop_assert!(a.is_consistent() && b.is_consistent());
            let s = Lines::sum([&a, &b]);
            prop_assert!(s.is_consistent());
            for l in PnlLine::ALL {
                prop_assert_eq!(s.get(l), a.get(l) + b.get(l));
            }
        }
    }
}
