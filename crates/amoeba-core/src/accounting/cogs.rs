//! Cost of goods sold derived from landed SKU costs, for sales whose source
//! (e.g. a marketplace settlement) does not carry it.
//!
//! COGS per (unit, store, SKU, day) = −round(net units × landed cost on that
//! day), net units = units sold − units returned. A refund with a returned
//! quantity reverses COGS at the landed cost effective on the refund day
//! (the item is assumed back in sellable stock); pass `reverse_refunds =
//! false` for sellers who write returns off instead.

use super::lines::PnlLine;
use super::posting::Posting;
use crate::ledger::FactKind;
use crate::money::round_money;
use crate::org::{Org, Sku};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Units sold and returned for one SKU on one day, already placed on a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldUnits {
    /// Day of the sale / refund.
    pub day: NaiveDate,
    /// Unit the sale belongs to.
    pub unit: String,
    /// Store, if the sale came through one.
    pub store: Option<String>,
    /// SKU code.
    pub sku: String,
    /// Units sold (Σ quantity of sale facts).
    pub sold: i64,
    /// Units returned (Σ |quantity| of refund facts).
    pub returned: i64,
}

/// A derived COGS amount, stored by the close as a fact of kind `cogs`: one
/// SKU's on a day ([`derive_cogs`]), or — in a month's P&L — the sum over
/// every SKU a unit's store sold that day, each SKU rounded once, so a
/// month with millions of (store, SKU, day)s keeps one entry per store-day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CogsEntry {
    /// Day.
    pub day: NaiveDate,
    /// Unit bearing the cost.
    pub unit: String,
    /// Store, if any.
    pub store: Option<String>,
    /// The SKU, when the entry covers exactly one.
    pub sku: Option<String>,
    /// SKUs summed in the entry.
    pub skus: u64,
    /// Net units costed (sold − returned when returns are reversed).
    pub quantity: i64,
    /// Landed cost per unit effective on `day` (base currency), when the
    /// entry covers exactly one SKU.
    pub unit_cost: Option<Decimal>,
    /// Σ `−round_money(quantity × unit_cost)` per SKU: negative for a cost.
    pub amount: Decimal,
}

impl CogsEntry {
    /// The entry as a posting on the unit's COGS line.
    pub fn posting(&self) -> Posting {
        Posting { day: self.day, unit: self.unit.clone(), kind: FactKind::Cogs, line: PnlLine::Cogs, amount: self.amount }
    }

    /// Adds another entry of the same unit, store and day.
    pub fn absorb(&mut self, other: &CogsEntry) {
        assert!(
            self.day == other.day && self.unit == other.unit && self.store == other.store,
            "COGS entries merge per unit, store and day"
        );
        self.add_skus(other.skus, other.quantity, other.amount);
    }

    /// Adds `skus` more SKUs' units and COGS (already rounded per SKU).
    pub fn add_skus(&mut self, skus: u64, quantity: i64, amount: Decimal) {
        self.skus += skus;
        self.quantity = self.quantity.saturating_add(quantity);
        self.amount += amount;
        if self.skus > 1 {
            self.sku = None;
            self.unit_cost = None;
        }
    }

    /// How the amount was reached, in words (the memo stored at close).
    pub fn explain(&self) -> String {
        self.explain_in(crate::Lang::En)
    }

    /// How the amount was reached, in the reader's language (drill-down).
    pub fn explain_in(&self, lang: crate::Lang) -> String {
        match (&self.sku, self.unit_cost, lang) {
            (Some(sku), Some(cost), crate::Lang::En) => format!("{} × landed cost {cost} of {sku}", self.quantity),
            (Some(sku), Some(cost), crate::Lang::Zh) => format!("{} 件 × {sku} 的到岸成本 {cost}", self.quantity),
            (_, _, crate::Lang::En) => {
                format!("{} units of {} SKUs, each × its landed cost that day, rounded per SKU", self.quantity, self.skus)
            }
            (_, _, crate::Lang::Zh) => format!("{} 个 SKU 共 {} 件，各按当日到岸成本计，每个 SKU 舍入一次", self.skus, self.quantity),
        }
    }
}

/// What costing one SKU's net units on a day gave.
pub(crate) enum Costed {
    /// (landed cost per unit, −rounded COGS).
    Cost(Decimal, Decimal),
    /// No landed cost on file for the day.
    Missing,
    /// Quantity × cost does not fit in a decimal.
    Overflow,
}

/// Costs `quantity` units of `sku` sold on `day`.
pub(crate) fn cost_units(costs: &SkuCosts, sku: &str, day: NaiveDate, quantity: i64) -> Costed {
    cost_landed(costs.landed(sku, day), quantity)
}

/// Costs `quantity` units at a landed cost found by [`SkuCosts::landed`].
pub(crate) fn cost_landed(landed: Option<Option<Decimal>>, quantity: i64) -> Costed {
    let Some(unit_cost) = landed else { return Costed::Missing };
    let amount = unit_cost.and_then(|u| Decimal::from(quantity).checked_mul(u)).map(|c| -round_money(c));
    match (unit_cost, amount) {
        (Some(u), Some(a)) => Costed::Cost(u, a),
        _ => Costed::Overflow,
    }
}

/// A SKU's landed costs resolved once for a month's costing: most SKUs
/// have one cost, kept inline, so costing millions of (store, SKU, day)s
/// reads no SKU record.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Landed<'a> {
    /// Not in the organisation.
    NoSku,
    /// One cost from a day on (purchase + freight; `None` if it overflows).
    One(NaiveDate, Option<Decimal>),
    /// Several: looked up by day.
    History(&'a Sku),
}

impl<'a> Landed<'a> {
    /// Resolves a SKU of the organisation.
    pub(crate) fn of(sku: Option<&'a Sku>) -> Self {
        match sku {
            None => Landed::NoSku,
            Some(s) => match s.costs.as_slice() {
                [c] => Landed::One(c.from, c.purchase.checked_add(c.freight)),
                _ => Landed::History(s),
            },
        }
    }

    /// The landed cost on `day`, as [`SkuCosts::landed`] gives it.
    pub(crate) fn on(&self, day: NaiveDate) -> Option<Option<Decimal>> {
        match self {
            Landed::NoSku => None,
            Landed::One(from, cost) => (*from <= day).then_some(*cost),
            Landed::History(s) => SkuCosts::landed_of(s, day),
        }
    }
}

/// SKUs found without a cost, each with the first day that needs one.
#[derive(Debug, Default)]
pub(crate) struct MissingCosts<'a>(BTreeMap<&'a str, NaiveDate>);

impl<'a> MissingCosts<'a> {
    /// Notes `sku` sold on `day` without a cost.
    pub(crate) fn note(&mut self, sku: &'a str, day: NaiveDate) {
        let e = self.0.entry(sku).or_insert(day);
        *e = (*e).min(day);
    }

    /// The error listing them, if any.
    pub(crate) fn into_error(self) -> Option<CogsError> {
        (!self.0.is_empty()).then(|| {
            CogsError::MissingCost(self.0.into_iter().map(|(sku, first_day)| MissingCost { sku: sku.to_string(), first_day }).collect())
        })
    }
}

/// A SKU sold without a landed cost on file for the day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MissingCost {
    /// SKU code.
    pub sku: String,
    /// First day it was sold without a cost.
    pub first_day: NaiveDate,
}

/// Why COGS could not be derived for some sales.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CogsError {
    /// SKUs without a landed cost, each with the first day that needs one.
    #[error("no landed cost for {} SKU(s): {}; add costs effective from those days", .0.len(), list(.0))]
    MissingCost(Vec<MissingCost>),
    /// Quantity × landed cost does not fit in a decimal (absurd data).
    #[error("COGS of {quantity} unit(s) of SKU '{sku}' on {day} overflows (check its landed cost)")]
    Overflow {
        /// SKU.
        sku: String,
        /// Day.
        day: NaiveDate,
        /// Units.
        quantity: i64,
    },
}

fn list(m: &[MissingCost]) -> String {
    m.iter().map(|c| format!("{} (from {})", c.sku, c.first_day)).collect::<Vec<_>>().join(", ")
}

/// Landed costs by SKU code, indexed once so a month of sales is costed in
/// O(n log k) rather than scanning every SKU per sale.
#[derive(Debug, Clone)]
pub struct SkuCosts<'a> {
    by_code: foldhash::HashMap<&'a str, &'a Sku>,
}

impl<'a> SkuCosts<'a> {
    /// Indexes the organisation's SKUs (first definition of a code wins).
    pub fn new(org: &'a Org) -> Self {
        let mut by_code = foldhash::HashMap::with_capacity_and_hasher(org.skus.len(), Default::default());
        for s in &org.skus {
            by_code.entry(s.code.as_str()).or_insert(s);
        }
        Self { by_code }
    }

    /// Landed cost (purchase + head-haul) effective on `day`: the latest
    /// cost starting on or before it. `None` if there is none; `Some(None)`
    /// if purchase + freight does not fit in a decimal (absurd data — the
    /// sum is checked, [`crate::org::SkuCost::landed`]).
    pub fn landed(&self, sku: &str, day: NaiveDate) -> Option<Option<Decimal>> {
        Self::landed_of(self.sku(sku)?, day)
    }

    /// The SKU of a code (first definition wins).
    pub fn sku(&self, code: &str) -> Option<&'a Sku> {
        self.by_code.get(code).copied()
    }

    /// [`SkuCosts::landed`] of a SKU already looked up.
    pub fn landed_of(s: &Sku, day: NaiveDate) -> Option<Option<Decimal>> {
        let c = s.costs.iter().filter(|c| c.from <= day).max_by_key(|c| c.from)?;
        Some(c.landed())
    }

    /// The unit owning a SKU on a day.
    pub fn owner(&self, sku: &str, day: NaiveDate) -> Option<&'a str> {
        let s = self.by_code.get(sku)?;
        s.owners.iter().find(|o| o.range.contains(day)).map(|o| o.unit.as_str())
    }
}

/// Derives one COGS entry per SKU and day for `sold`. Entries are produced
/// for every SKU that has a cost; SKUs without one are reported together in
/// one error.
pub fn derive_cogs(costs: &SkuCosts, sold: &[SoldUnits], reverse_refunds: bool) -> (Vec<CogsEntry>, Vec<CogsError>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut missing = MissingCosts::default();
    for s in sold {
        let quantity = if reverse_refunds { s.sold - s.returned } else { s.sold };
        if quantity == 0 {
            continue;
        }
        match cost_units(costs, &s.sku, s.day, quantity) {
            Costed::Cost(unit_cost, amount) => entries.push(CogsEntry {
                day: s.day,
                unit: s.unit.clone(),
                store: s.store.clone(),
                sku: Some(s.sku.clone()),
                skus: 1,
                quantity,
                unit_cost: Some(unit_cost),
                amount,
            }),
            Costed::Missing => missing.note(&s.sku, s.day),
            Costed::Overflow => errors.push(CogsError::Overflow { sku: s.sku.clone(), day: s.day, quantity }),
        }
    }
    if let Some(e) = missing.into_error() {
        errors.insert(0, e);
    }
    (entries, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{Company, SkuCost};
    use rust_decimal_macros::dec;

    proptest::proptest! {
        /// The month's inline cost cache gives what the SKU's history gives.
        #[test]
        fn resolved_costs_match_the_history(
            costs in proptest::collection::vec((0i64..60, 0i64..100_000, 0i64..10_000), 0..4),
            day in 0i64..70,
        ) {
            let base = d("2026-01-01");
            let sku = Sku {
                code: "S".into(),
                name: "S".into(),
                owners: vec![],
                launch_date: None,
                costs: costs
                    .iter()
                    .map(|(from, p, f)| SkuCost { from: base + chrono::Duration::days(*from), purchase: Decimal::new(*p, 2), freight: Decimal::new(*f, 3) })
                    .collect(),
            };
            let on = base + chrono::Duration::days(day);
            proptest::prop_assert_eq!(Landed::of(Some(&sku)).on(on), SkuCosts::landed_of(&sku, on));
            proptest::prop_assert_eq!(Landed::of(None).on(on), None);
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn org() -> Org {
        let mut org = Org::empty(Company::new("T", "T"));
        org.skus.push(Sku {
            code: "MUG".into(),
            name: "Mug".into(),
            owners: vec![],
            launch_date: None,
            costs: vec![
                SkuCost { from: d("2026-01-01"), purchase: dec!(10.00), freight: dec!(2.345) },
                SkuCost { from: d("2026-10-15"), purchase: dec!(11.00), freight: dec!(2.50) },
            ],
        });
        org
    }

    fn sold(day: &str, sku: &str, sold: i64, returned: i64) -> SoldUnits {
        SoldUnits { day: d(day), unit: "A".into(), store: Some("S".into()), sku: sku.into(), sold, returned }
    }

    /// docs/formulas.md, "COGS" worked example.
    #[test]
    fn worked_example_cogs_and_refund_reversal() {
        let org = org();
        let c = SkuCosts::new(&org);
        let (entries, err) = derive_cogs(&c, &[sold("2026-10-10", "MUG", 7, 0), sold("2026-10-20", "MUG", 5, 2)], true);
        assert!(err.is_empty());
        let amounts: Vec<Decimal> = entries.iter().map(|e| e.amount).collect();
        // 7 × 12.345 = 86.415 → 86.42 ; (5 − 2) × 13.50 = 40.50
        assert_eq!(amounts, vec![dec!(-86.42), dec!(-40.50)]);
        let (no_reversal, _) = derive_cogs(&c, &[sold("2026-10-20", "MUG", 5, 2)], false);
        assert_eq!(no_reversal[0].amount, dec!(-67.50));
    }

    /// docs/formulas.md §5: one entry per (unit, store, day), SKUs rounded
    /// once each before they are added.
    #[test]
    fn worked_example_a_store_day_sums_its_skus() {
        let mut org = org();
        org.skus.push(Sku {
            code: "CUP".into(),
            name: "Cup".into(),
            owners: vec![],
            launch_date: None,
            costs: vec![SkuCost { from: d("2026-01-01"), purchase: dec!(4.333), freight: dec!(0) }],
        });
        let c = SkuCosts::new(&org);
        let (entries, err) = derive_cogs(&c, &[sold("2026-10-20", "MUG", 5, 2), sold("2026-10-20", "CUP", 3, 0)], true);
        assert!(err.is_empty());
        assert_eq!(entries[0].explain(), "3 × landed cost 13.50 of MUG");
        let mut day = entries[0].clone();
        day.absorb(&entries[1]);
        assert_eq!((day.amount, day.quantity, day.skus, day.sku.clone(), day.unit_cost), (dec!(-53.50), 6, 2, None, None));
        assert_eq!(day.explain(), "6 units of 2 SKUs, each × its landed cost that day, rounded per SKU");
    }

    #[test]
    fn missing_costs_are_listed_with_their_first_day() {
        let org = org();
        let c = SkuCosts::new(&org);
        let (entries, err) = derive_cogs(
            &c,
            &[
                sold("2026-10-09", "CUP", 1, 0),
                sold("2026-10-03", "CUP", 1, 0),
                sold("2025-12-31", "MUG", 1, 0),
                sold("2026-10-03", "MUG", 1, 0),
            ],
            true,
        );
        assert_eq!(entries.len(), 1);
        let msg = err[0].to_string();
        assert!(msg.contains("CUP (from 2026-10-03), MUG (from 2025-12-31)"), "{msg}");
    }
}
