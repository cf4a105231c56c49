//! Allocation of shared costs (rent, management…) from a source unit to the
//! units that bear them, by driver, with largest-remainder rounding so the
//! parts always sum to the cost to the cent.
//!
//! Allocation is done **per day**: the source's selected costs booked on day
//! d are split on day d by the month's driver weights. The source's own P&L
//! is thereby cleared day by day and each target carries its share on the
//! day the cost arose, so the daily and monthly views agree exactly.

use super::lines::PnlLine;
use super::posting::{net, Posting};
use super::rules::{AllocationRule, Driver};
use super::split::{split_bounded, BoundedSplitError};
use crate::ledger::FactKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Driver measures per target unit code for the month (each measured over
/// the target's subtree), computed by the P&L engine from the organisation,
/// facts and hours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DriverInputs {
    /// Person-days: Σ over the month's days of distinct people assigned in
    /// the subtree that day (= average headcount × days in month).
    pub headcount: BTreeMap<String, Decimal>,
    /// External sales (base currency, `sales` line) of the subtree.
    pub sales: BTreeMap<String, Decimal>,
    /// Hours (regular + overtime) worked in the subtree.
    pub hours: BTreeMap<String, Decimal>,
    /// Σ `area_m2` of the subtree's units.
    pub area: BTreeMap<String, Decimal>,
}

/// One target's share of one day's cost under one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationEntry {
    /// Rule code.
    pub rule: String,
    /// Unit whose cost is shared.
    pub source: String,
    /// Unit bearing this share.
    pub target: String,
    /// Day the cost was booked at the source.
    pub day: NaiveDate,
    /// The share, with the cost's sign (negative for a cost), whole cents.
    pub amount: Decimal,
}

impl AllocationEntry {
    /// The two sides as facts of kind `allocation`: the share moves off the
    /// source (`−amount`, positive for a cost) onto the target (`amount`).
    pub fn postings(&self) -> [Posting; 2] {
        [
            Posting {
                day: self.day,
                unit: self.source.clone(),
                kind: FactKind::Allocation,
                line: PnlLine::Allocated,
                amount: -self.amount,
            },
            Posting { day: self.day, unit: self.target.clone(), kind: FactKind::Allocation, line: PnlLine::Allocated, amount: self.amount },
        ]
    }
}

/// Why a rule could not be applied; always names the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocError {
    /// Every target's driver weight is zero: nothing to split by.
    #[error(
        "rule '{rule}': driver '{driver}' is zero for every target; cannot allocate {cost} (load the driver data or change the driver)"
    )]
    ZeroDriver {
        /// Rule code.
        rule: String,
        /// Driver name.
        driver: &'static str,
        /// Month's cost left at the source.
        cost: Decimal,
    },
    /// A target's driver weight is negative (e.g. net negative sales).
    #[error("rule '{rule}': driver '{driver}' is negative ({value}) for target '{unit}'")]
    NegativeDriver {
        /// Rule code.
        rule: String,
        /// Driver name.
        driver: &'static str,
        /// Target.
        unit: String,
        /// Its weight.
        value: Decimal,
    },
    /// The rule resolves to no targets.
    #[error("rule '{rule}': no targets to allocate to")]
    NoTargets {
        /// Rule code.
        rule: String,
    },
    /// One target lies inside another's subtree: its driver would count twice.
    #[error("rule '{rule}': target '{inner}' lies under target '{outer}'; list only one of them")]
    NestedTargets {
        /// Rule code.
        rule: String,
        /// The enclosing target.
        outer: String,
        /// The enclosed target.
        inner: String,
    },
    /// A fixed share names a unit that is not a target of the rule.
    #[error("rule '{rule}': fixed share for '{unit}', which is not one of the rule's targets")]
    ShareForNonTarget {
        /// Rule code.
        rule: String,
        /// The unit.
        unit: String,
    },
    /// A split failed (an absurdly large cost or weight, or sub-cent digits).
    #[error("rule '{rule}': split failed: {source}")]
    Split {
        /// Rule code.
        rule: String,
        /// Why.
        source: BoundedSplitError,
    },
}

/// Each target's driver weight for `rule`, in target order. For fixed
/// shares, a target without a share weighs 0.
pub fn driver_weights(rule: &AllocationRule, targets: &[String], inputs: &DriverInputs) -> Result<Vec<Decimal>, AllocError> {
    let from = |m: &BTreeMap<String, Decimal>| targets.iter().map(|t| m.get(t).copied().unwrap_or_default()).collect();
    let weights: Vec<Decimal> = match &rule.driver {
        Driver::Headcount => from(&inputs.headcount),
        Driver::Sales => from(&inputs.sales),
        Driver::Hours => from(&inputs.hours),
        Driver::Area => from(&inputs.area),
        Driver::FixedShares(shares) => {
            if let Some((u, _)) = shares.iter().find(|(u, _)| !targets.contains(u)) {
                return Err(AllocError::ShareForNonTarget { rule: rule.code.clone(), unit: u.clone() });
            }
            targets.iter().map(|t| shares.iter().filter(|(u, _)| u == t).map(|(_, s)| *s).sum()).collect()
        }
    };
    for (t, w) in targets.iter().zip(&weights) {
        if w.is_sign_negative() && !w.is_zero() {
            return Err(AllocError::NegativeDriver { rule: rule.code.clone(), driver: rule.driver.name(), unit: t.clone(), value: *w });
        }
    }
    Ok(weights)
}

/// Splits each day's cost of the source over the targets by `weights`.
/// `costs_by_day` are the source's selected costs (base currency, whole
/// cents, negative for a cost); zero days produce nothing. Every day's parts
/// sum to that day's cost exactly (asserted).
pub fn allocate(
    rule: &AllocationRule,
    targets: &[String],
    weights: &[Decimal],
    costs_by_day: &BTreeMap<NaiveDate, Decimal>,
) -> Result<Vec<AllocationEntry>, AllocError> {
    assert_eq!(targets.len(), weights.len(), "one weight per target");
    if targets.is_empty() {
        return Err(AllocError::NoTargets { rule: rule.code.clone() });
    }
    let month_cost: Decimal = costs_by_day.values().copied().sum();
    if costs_by_day.values().all(|c| c.is_zero()) {
        return Ok(Vec::new());
    }
    if weights.iter().all(|w| w.is_zero()) {
        return Err(AllocError::ZeroDriver { rule: rule.code.clone(), driver: rule.driver.name(), cost: month_cost });
    }
    let mut entries = Vec::new();
    for (day, cost) in costs_by_day.iter().filter(|(_, c)| !c.is_zero()) {
        let parts = split_bounded(*cost, weights).map_err(|source| AllocError::Split { rule: rule.code.clone(), source })?;
        let sum: Decimal = parts.iter().copied().sum();
        assert_eq!(sum, *cost, "allocation {} on {day}: parts must sum to the cost", rule.code);
        for (t, p) in targets.iter().zip(parts).filter(|(_, p)| !p.is_zero()) {
            entries.push(AllocationEntry { rule: rule.code.clone(), source: rule.source.clone(), target: t.clone(), day: *day, amount: p });
        }
    }
    let postings: Vec<Posting> = entries.iter().flat_map(|e| e.postings()).collect();
    assert!(net(&postings).is_zero(), "allocation {} does not net to zero", rule.code);
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EffectiveRange;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rule(driver: Driver) -> AllocationRule {
        AllocationRule {
            code: "RENT".into(),
            source: "HQ".into(),
            kinds: vec![],
            targets: vec![],
            driver,
            range: EffectiveRange::since(d("2026-01-01")),
        }
    }

    fn targets() -> Vec<String> {
        vec!["A".into(), "B".into(), "C".into()]
    }

    /// docs/formulas.md, "Allocation" worked example.
    #[test]
    fn worked_example_rent_by_area() {
        let mut inputs = DriverInputs::default();
        inputs.area.insert("A".into(), dec!(120));
        inputs.area.insert("B".into(), dec!(80));
        inputs.area.insert("C".into(), dec!(50));
        let r = rule(Driver::Area);
        let w = driver_weights(&r, &targets(), &inputs).unwrap();
        let costs: BTreeMap<NaiveDate, Decimal> = [(d("2026-10-01"), dec!(-10000.01))].into();
        let entries = allocate(&r, &targets(), &w, &costs).unwrap();
        let parts: Vec<Decimal> = entries.iter().map(|e| e.amount).collect();
        assert_eq!(parts, vec![dec!(-4800.01), dec!(-3200.00), dec!(-2000.00)]);
        let source: Decimal = entries.iter().map(|e| e.postings()[0].amount).sum();
        assert_eq!(source, dec!(10000.01));
    }

    #[test]
    fn zero_driver_is_an_error_naming_the_rule() {
        let r = rule(Driver::Headcount);
        let w = driver_weights(&r, &targets(), &DriverInputs::default()).unwrap();
        let costs: BTreeMap<NaiveDate, Decimal> = [(d("2026-10-01"), dec!(-5))].into();
        let e = allocate(&r, &targets(), &w, &costs).unwrap_err();
        assert!(e.to_string().starts_with("rule 'RENT': driver 'headcount' is zero"), "{e}");
        // no cost, no error
        assert_eq!(allocate(&r, &targets(), &w, &BTreeMap::new()).unwrap(), vec![]);
    }

    #[test]
    fn fixed_shares_and_negative_drivers() {
        let r = rule(Driver::FixedShares(vec![("A".into(), dec!(3)), ("B".into(), dec!(1))]));
        assert_eq!(driver_weights(&r, &targets(), &DriverInputs::default()).unwrap(), vec![dec!(3), dec!(1), dec!(0)]);
        let bad = rule(Driver::FixedShares(vec![("Z".into(), dec!(1))]));
        assert!(matches!(driver_weights(&bad, &targets(), &DriverInputs::default()), Err(AllocError::ShareForNonTarget { .. })));
        let mut inputs = DriverInputs::default();
        inputs.sales.insert("B".into(), dec!(-1));
        assert!(matches!(driver_weights(&rule(Driver::Sales), &targets(), &inputs), Err(AllocError::NegativeDriver { .. })));
    }

    proptest! {
        #[test]
        fn parts_sum_to_the_cost_every_day(
            costs in proptest::collection::vec((1u32..29, -100_000_000i64..100_000_000), 0..20),
            weights in proptest::collection::vec(0u32..10_000, 3),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let r = rule(Driver::Hours);
            let mut by_day: BTreeMap<NaiveDate, Decimal> = BTreeMap::new();
            for (day, cents) in costs {
                *by_day.entry(NaiveDate::from_ymd_opt(2026, 2, day).unwrap()).or_default() += Decimal::new(cents, 2);
            }
            let w: Vec<Decimal> = weights.iter().map(|x| Decimal::from(*x)).collect();
            let entries = allocate(&r, &targets(), &w, &by_day).unwrap();
            for (day, cost) in &by_day {
                let s: Decimal = entries.iter().filter(|e| e.day == *day).map(|e| e.amount).sum();
                prop_assert_eq!(s, *cost);
            }
            let group: Decimal = entries.iter().flat_map(|e| e.postings()).map(|p| p.amount).sum();
            prop_assert_eq!(group, Decimal::ZERO);
        }
    }
}
