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
use std::collections::{BTreeMap, HashMap};

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

/// A derived COGS amount, stored by the close as a fact of kind `cogs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CogsEntry {
    /// Day.
    pub day: NaiveDate,
    /// Unit bearing the cost.
    pub unit: String,
    /// Store, if any.
    pub store: Option<String>,
    /// SKU.
    pub sku: String,
    /// Net units costed (sold − returned when returns are reversed).
    pub quantity: i64,
    /// Landed cost per unit effective on `day` (base currency).
    pub unit_cost: Decimal,
    /// `−round_money(quantity × unit_cost)`: negative for a cost.
    pub amount: Decimal,
}

impl CogsEntry {
    /// The entry as a posting on the unit's COGS line.
    pub fn posting(&self) -> Posting {
        Posting { day: self.day, unit: self.unit.clone(), kind: FactKind::Cogs, line: PnlLine::Cogs, amount: self.amount }
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
    by_code: HashMap<&'a str, &'a Sku>,
}

impl<'a> SkuCosts<'a> {
    /// Indexes the organisation's SKUs (first definition of a code wins).
    pub fn new(org: &'a Org) -> Self {
        let mut by_code = HashMap::with_capacity(org.skus.len());
        for s in &org.skus {
            by_code.entry(s.code.as_str()).or_insert(s);
        }
        Self { by_code }
    }

    /// Landed cost (purchase + head-haul) effective on `day`: the latest
    /// cost starting on or before it. `None` if there is none; `Some(None)`
    /// if purchase + freight does not fit in a decimal (absurd data — the
    /// sum is checked here rather than with `SkuCost::landed`, which panics).
    pub fn landed(&self, sku: &str, day: NaiveDate) -> Option<Option<Decimal>> {
        let s = self.by_code.get(sku)?;
        let c = s.costs.iter().filter(|c| c.from <= day).max_by_key(|c| c.from)?;
        Some(c.purchase.checked_add(c.freight))
    }

    /// The unit owning a SKU on a day.
    pub fn owner(&self, sku: &str, day: NaiveDate) -> Option<&'a str> {
        let s = self.by_code.get(sku)?;
        s.owners.iter().find(|o| o.range.contains(day)).map(|o| o.unit.as_str())
    }
}

/// Derives COGS entries for `sold`. Entries are produced for every SKU that
/// has a cost; SKUs without one are reported together in one error.
pub fn derive_cogs(costs: &SkuCosts, sold: &[SoldUnits], reverse_refunds: bool) -> (Vec<CogsEntry>, Vec<CogsError>) {
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut missing: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for s in sold {
        let quantity = if reverse_refunds { s.sold - s.returned } else { s.sold };
        if quantity == 0 {
            continue;
        }
        let Some(unit_cost) = costs.landed(&s.sku, s.day) else {
            let e = missing.entry(s.sku.as_str()).or_insert(s.day);
            *e = (*e).min(s.day);
            continue;
        };
        let amount = unit_cost.and_then(|u| Decimal::from(quantity).checked_mul(u)).map(|c| -round_money(c));
        let (Some(unit_cost), Some(amount)) = (unit_cost, amount) else {
            errors.push(CogsError::Overflow { sku: s.sku.clone(), day: s.day, quantity });
            continue;
        };
        entries.push(CogsEntry {
            day: s.day,
            unit: s.unit.clone(),
            store: s.store.clone(),
            sku: s.sku.clone(),
            quantity,
            unit_cost,
            amount,
        });
    }
    if !missing.is_empty() {
        let list = missing.into_iter().map(|(sku, first_day)| MissingCost { sku: sku.to_string(), first_day }).collect();
        errors.insert(0, CogsError::MissingCost(list));
    }
    (entries, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{Company, SkuCost};
    use rust_decimal_macros::dec;

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
