//! Where a figure belongs and where it rolls up — the rules the engine
//! books by, for everything that reads facts outside the engine (metrics,
//! drill-down, credit): one answer to "which unit is this fact's on that
//! day", "which units does it count for", and "what did one of this SKU
//! cost us".
//!
//! The engine (`accounting::ingest`) applies the same placement through its
//! indexes; `placement_agrees_with_the_engine` checks the two agree.

use crate::org::Org;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The unit a fact belongs to on `day`: its store's owner that day, else the
/// unit it names, else its SKU's owner that day. `None` when none applies
/// (the engine reports such a fact as a problem).
pub fn place<'a>(org: &'a Org, store: Option<&str>, unit: Option<&'a str>, sku: Option<&str>, day: NaiveDate) -> Option<&'a str> {
    if let Some(store) = store {
        return org.store_owner(store, day);
    }
    if let Some(unit) = unit {
        return org.unit(unit).map(|u| u.code.as_str());
    }
    let sku = org.skus.iter().find(|s| Some(s.code.as_str()) == sku)?;
    sku.owners.iter().find(|o| o.range.contains(day)).map(|o| o.unit.as_str())
}

/// The unit and every unit above it: a figure of `unit` counts in each
/// (a unit's figures are its subtree's). Stops at a cycle (the organisation
/// refuses cycles, so that is a corrupt tree) rather than looping.
pub fn rolls_up_into<'a>(org: &'a Org, unit: &'a str) -> Vec<&'a str> {
    let mut out = vec![unit];
    let mut cur = org.unit(unit).and_then(|u| u.parent.as_deref());
    while let Some(p) = cur {
        if out.contains(&p) || out.len() > org.units.len() {
            break;
        }
        out.push(p);
        cur = org.unit(p).and_then(|u| u.parent.as_deref());
    }
    out
}

/// Landed cost (purchase + head-haul freight) of one unit of `sku` on
/// `day`: the latest cost starting on or before it. `None` without a cost
/// on file, or when the sum does not fit in a decimal (absurd data — never
/// a silent zero).
pub fn landed_cost(org: &Org, sku: &str, day: NaiveDate) -> Option<Decimal> {
    org.sku_cost(sku, day).and_then(|c| c.landed())
}

/// Codes of the stores any of `units` owned at any time (history counts: a
/// drill-down of last March lists last March's stores).
pub fn stores_of(org: &Org, units: &BTreeSet<String>) -> Vec<String> {
    org.stores.iter().filter(|s| s.owners.iter().any(|o| units.contains(&o.unit))).map(|s| s.code.clone()).collect()
}

/// Codes of `unit` and every unit below it.
pub fn subtree_codes(org: &Org, unit: &str) -> BTreeSet<String> {
    org.subtree(unit).iter().map(|u| u.code.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounting::{compute_month, CogsMode, FactAggregate, FxTable, PnlInput};
    use crate::dates::EffectiveRange;
    use crate::ledger::FactKind;
    use crate::org::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn org() -> Org {
        let mut org = Org::empty(Company::new("T", "T"));
        for (code, parent) in [("G", None), ("A", Some("G")), ("B", Some("G"))] {
            org.units.push(Unit {
                code: code.into(),
                name: code.into(),
                name_en: None,
                kind: UnitKind::ProfitCentre,
                function: None,
                parent: parent.map(Into::into),
                area_m2: None,
            });
        }
        org.stores.push(Store {
            code: "S".into(),
            name: "S".into(),
            platform: Platform::Amazon,
            marketplace: "US".into(),
            currency: crate::Currency::CNY,
            timezone: "UTC".into(),
            owners: vec![
                Ownership { unit: "A".into(), range: EffectiveRange::new(d("2026-01-01"), Some(d("2026-01-15"))).expect("range") },
                Ownership { unit: "B".into(), range: EffectiveRange::since(d("2026-01-16")) },
            ],
            operator: None,
            books_sales_from: None,
        });
        org.skus.push(Sku {
            code: "K".into(),
            name: "K".into(),
            owners: vec![Ownership { unit: "B".into(), range: EffectiveRange::since(d("2026-01-01")) }],
            launch_date: None,
            costs: vec![SkuCost { from: d("2026-01-01"), purchase: dec!(10), freight: dec!(2.5) }],
        });
        org
    }

    #[test]
    fn a_fact_belongs_to_its_store_owner_then_its_unit_then_its_sku_owner() {
        let o = org();
        assert_eq!(place(&o, Some("S"), None, None, d("2026-01-15")), Some("A"));
        assert_eq!(place(&o, Some("S"), None, None, d("2026-01-16")), Some("B"));
        assert_eq!(place(&o, None, Some("A"), Some("K"), d("2026-01-16")), Some("A"));
        assert_eq!(place(&o, None, None, Some("K"), d("2026-01-16")), Some("B"));
        assert_eq!(place(&o, None, None, Some("NOPE"), d("2026-01-16")), None);
        assert_eq!(rolls_up_into(&o, "A"), vec!["A", "G"]);
        assert_eq!(landed_cost(&o, "K", d("2026-02-01")), Some(dec!(12.5)));
        assert_eq!(landed_cost(&o, "K", d("2025-12-31")), None);
    }

    #[test]
    fn an_overflowing_landed_cost_is_none_not_zero() {
        let mut o = org();
        o.skus[0].costs[0].purchase = Decimal::MAX;
        assert_eq!(landed_cost(&o, "K", d("2026-02-01")), None);
    }

    /// The engine books each fact where [`place`] says it belongs.
    #[test]
    fn placement_agrees_with_the_engine() {
        let o = org();
        let fx = FxTable::new(crate::Currency::CNY, &[]).expect("fx");
        let agg = |day: &str, store: Option<&str>, unit: Option<&str>, sku: Option<&str>| FactAggregate {
            day: d(day),
            unit: unit.map(Into::into),
            store: store.map(Into::into),
            sku: sku.map(Into::into),
            kind: FactKind::OtherIncome,
            currency: crate::Currency::CNY,
            amount: dec!(1.00),
            quantity: 0,
            facts: 1,
        };
        let facts = vec![
            agg("2026-01-15", Some("S"), None, None),
            agg("2026-01-16", Some("S"), None, None),
            agg("2026-01-17", None, Some("A"), None),
            agg("2026-01-18", None, None, Some("K")),
        ];
        let input = PnlInput {
            org: &o,
            month: "2026-01".parse().expect("month"),
            fx: &fx,
            facts: &facts,
            orders: &[],
            hours: &[],
            charge_rules: &[],
            allocation_rules: &[],
            settlements: &[],
            cogs: CogsMode::FromSource,
        };
        let pnl = compute_month(&input);
        for f in &facts {
            let unit = place(&o, f.store.as_deref(), f.unit.as_deref(), f.sku.as_deref(), f.day).expect("placed");
            let booked = pnl.units[unit].by_day.get(&f.day).map(|l| l.get(crate::accounting::PnlLine::Other));
            assert_eq!(booked, Some(dec!(1.00)), "{f:?} belongs to {unit}");
        }
    }
}
