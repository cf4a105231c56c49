//! A store's own figures: what its facts and its derived COGS add up to,
//! before the owning unit's internal charges, allocations and labour (those
//! are the amoeba's, not the store's). The page a third-party operator
//! lives on, and a store's line in a unit's P&L.
//!
//! Rounding is the engine's: facts are summed exactly per (day, kind, line,
//! currency) and converted once (`FxTable::convert`), so a unit with one
//! store shows the same sales, fees and COGS as the store.

use super::cogs::CogsEntry;
use super::fx::FxTable;
use super::lines::PnlLine;
use super::pnl::FactAggregate;
use super::totals::Lines;
use super::FxError;
use crate::ledger::FactKind;
use crate::money::Currency;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A store over the days of a month up to a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreFigures {
    /// The store's lines per day (days with something booked).
    pub days: BTreeMap<NaiveDate, Lines>,
    /// The sum of the days.
    pub total: Lines,
    /// Ad-attributed sales (a metric, not money), in base currency.
    pub ad_sales: Decimal,
    /// Facts that could not be converted (a missing rate): left out, listed.
    pub problems: Vec<FxError>,
}

/// The figures of `store` from the month's aggregates and derived COGS
/// entries, for the days up to `through`.
pub fn store_figures(facts: &[FactAggregate], cogs: &[CogsEntry], fx: &FxTable, store: &str, through: NaiveDate) -> StoreFigures {
    let mut sums: BTreeMap<(NaiveDate, FactKind, PnlLine, Currency), Decimal> = BTreeMap::new();
    let mut ad: BTreeMap<(NaiveDate, Currency), Decimal> = BTreeMap::new();
    for f in facts.iter().filter(|f| f.day <= through && f.store.as_deref() == Some(store)) {
        if f.kind == FactKind::AdSales {
            *ad.entry((f.day, f.currency)).or_default() += f.amount;
        } else if let Some(line) = PnlLine::for_fact(f.kind, f.amount) {
            *sums.entry((f.day, f.kind, line, f.currency)).or_default() += f.amount;
        }
    }
    let mut out = StoreFigures::default();
    for ((day, _, line, currency), amount) in sums {
        match fx.convert(amount, currency, day) {
            Ok(base) => out.days.entry(day).or_default().add(line, base),
            Err(e) => out.problems.push(e),
        }
    }
    for c in cogs.iter().filter(|c| c.day <= through && c.store.as_deref() == Some(store)) {
        out.days.entry(c.day).or_default().add(PnlLine::Cogs, c.amount);
    }
    for ((day, currency), amount) in ad {
        match fx.convert(amount, currency, day) {
            Ok(base) => out.ad_sales += base,
            Err(e) => out.problems.push(e),
        }
    }
    out.total = Lines::sum(out.days.values());
    out.total.check();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;
    use std::sync::Arc;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn agg(day: &str, store: &str, kind: FactKind, amount: Decimal) -> FactAggregate {
        FactAggregate {
            day: d(day),
            unit: None,
            store: Some(Arc::from(store)),
            sku: None,
            kind,
            currency: Currency::CNY,
            amount,
            quantity: 0,
            facts: 1,
        }
    }

    #[test]
    fn worked_example_a_store_adds_its_own_facts_and_cogs() {
        let fx = FxTable::new(Currency::CNY, &[]).expect("fx");
        let facts = vec![
            agg("2026-11-01", "S1", FactKind::Sale, dec!(1000)),
            agg("2026-11-01", "S1", FactKind::AdSpend, dec!(-150)),
            agg("2026-11-01", "S1", FactKind::AdSales, dec!(600)),
            agg("2026-11-02", "S1", FactKind::Sale, dec!(500)),
            agg("2026-11-02", "S2", FactKind::Sale, dec!(999)),
            agg("2026-11-03", "S1", FactKind::Sale, dec!(700)),
        ];
        let cogs = vec![CogsEntry {
            day: d("2026-11-01"),
            unit: "U".into(),
            store: Some("S1".into()),
            sku: Some("K".into()),
            skus: 1,
            quantity: 10,
            unit_cost: Some(dec!(40)),
            amount: dec!(-400),
        }];
        let s = store_figures(&facts, &cogs, &fx, "S1", d("2026-11-02"));
        // Sales 1 000 + 500 (the 3rd is after the day, S2 is another store);
        // added value 1 500 − 150 ads − 400 COGS = 950; ACoS 150 / 600.
        assert_eq!(s.total.get(PnlLine::Sales), dec!(1500));
        assert_eq!(s.total.added_value(), dec!(950));
        assert_eq!(s.ad_sales, dec!(600));
        assert_eq!(s.days.len(), 2);
        assert!(s.problems.is_empty());
    }
}
