//! A month's target split into people by per-capita efficiency (seed 004:
//! "break the monthly figure down to every employee by the team's 人效"), so
//! whoever sells more per hour carries more of the month.
//!
//! Efficiency is a person's credited sales ÷ their hours over a look-back
//! window the caller chooses (credit is resolved elsewhere; these are plain
//! numbers). A person without hours or without history gets the unit's
//! average efficiency (Σ sales ÷ Σ hours of those with hours), and the split
//! says so. Weights are the efficiencies as shown (2 dp), so anyone can redo
//! the split from the page; people add up to the month to the fen, asserted.

use super::GoalError;
use crate::accounting::metrics::round_dp;
use crate::money::split_largest_remainder;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Decimal places of an efficiency (yuan per hour) used as a weight.
pub const EFFICIENCY_DP: u32 = 2;

/// A person's look-back figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonHistory {
    /// Person code.
    pub person: String,
    /// Credited sales and hours over the window; `None` for someone new.
    pub history: Option<Effort>,
}

/// Credited sales and hours worked over the look-back window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effort {
    /// Credited sales.
    pub credited_sales: Decimal,
    /// Hours worked.
    pub hours: Decimal,
}

/// Where a person's weight came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EfficiencySource {
    /// Their own sales ÷ hours.
    Own,
    /// The unit's average: they have no history.
    UnitAverageNoHistory,
    /// The unit's average: they have no hours in the window.
    UnitAverageNoHours,
    /// Nobody has hours: the month is split evenly.
    Even,
}

/// One person's share of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonTarget {
    /// Person code.
    pub person: String,
    /// Efficiency used as the weight (yuan per hour, 2 dp); `None` when split evenly.
    pub efficiency: Option<Decimal>,
    /// Where it came from.
    pub source: EfficiencySource,
    /// Their target, to the fen.
    pub target: Decimal,
}

/// The month split into people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleSplit {
    /// The unit's average efficiency (Σ sales ÷ Σ hours, 2 dp); `None` when nobody has hours.
    pub unit_average: Option<Decimal>,
    /// One line per person, in input order.
    pub people: Vec<PersonTarget>,
}

/// Splits `month_target` (to the fen, not negative) over `people` by efficiency.
///
/// If every weight is zero (nobody sold anything), the month is split evenly
/// and each line says [`EfficiencySource::Even`]. A person with hours and no
/// sales has an efficiency of 0 and gets no share while others sold: that is
/// what per-capita efficiency means, and the leader can hold a figure instead.
pub fn split_month(month_target: Decimal, people: &[PersonHistory]) -> Result<PeopleSplit, GoalError> {
    if month_target.round_dp(2) != month_target {
        return Err(GoalError::NotFen { what: "month target".into(), value: month_target });
    }
    if month_target.is_sign_negative() && !month_target.is_zero() {
        return Err(GoalError::Negative { what: "month target".into(), value: month_target });
    }
    if people.is_empty() {
        return Err(GoalError::NoPeople);
    }
    let mut seen = BTreeSet::new();
    for p in people {
        if !seen.insert(p.person.as_str()) {
            return Err(GoalError::Duplicate { code: p.person.clone() });
        }
        if let Some(e) = p.history {
            for (what, v) in [("credited sales", e.credited_sales), ("hours", e.hours)] {
                if v.is_sign_negative() && !v.is_zero() {
                    return Err(GoalError::Negative { what: format!("{what} of {}", p.person), value: v });
                }
            }
        }
    }
    let with_hours: Vec<Effort> = people.iter().filter_map(|p| p.history).filter(|e| e.hours > Decimal::ZERO).collect();
    let hours: Decimal = with_hours.iter().map(|e| e.hours).sum();
    let sales: Decimal = with_hours.iter().map(|e| e.credited_sales).sum();
    let unit_average = sales.checked_div(hours).map(|a| round_dp(a, EFFICIENCY_DP));

    let overflow = || GoalError::Overflow { what: "efficiency".into() };
    let mut lines: Vec<PersonTarget> = people
        .iter()
        .map(|p| {
            let (efficiency, source) = match (p.history, unit_average) {
                (_, None) => (None, EfficiencySource::Even),
                (None, avg) => (avg, EfficiencySource::UnitAverageNoHistory),
                (Some(e), avg) if e.hours.is_zero() => (avg, EfficiencySource::UnitAverageNoHours),
                (Some(e), _) => {
                    let own = e.credited_sales.checked_div(e.hours).ok_or_else(overflow)?;
                    (Some(round_dp(own, EFFICIENCY_DP)), EfficiencySource::Own)
                }
            };
            Ok(PersonTarget { person: p.person.clone(), efficiency, source, target: Decimal::ZERO })
        })
        .collect::<Result<_, GoalError>>()?;
    let mut weights: Vec<Decimal> = lines.iter().map(|l| l.efficiency.unwrap_or(Decimal::ZERO)).collect();
    if weights.iter().all(Decimal::is_zero) {
        weights = vec![Decimal::ONE; lines.len()];
        for l in &mut lines {
            l.efficiency = None;
            l.source = EfficiencySource::Even;
        }
    }
    let parts = split_largest_remainder(month_target, &weights).map_err(|_| GoalError::Overflow { what: "people split".into() })?;
    for (l, p) in lines.iter_mut().zip(parts) {
        l.target = p;
    }
    let total: Decimal = lines.iter().map(|l| l.target).sum();
    assert_eq!(total, month_target, "people's targets must sum to the month's target to the fen");
    Ok(PeopleSplit {
        unit_average: if lines.iter().all(|l| l.source == EfficiencySource::Even) { None } else { unit_average },
        people: lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn person(code: &str, sales: Option<(Decimal, Decimal)>) -> PersonHistory {
        PersonHistory { person: code.into(), history: sales.map(|(s, h)| Effort { credited_sales: s, hours: h }) }
    }

    /// docs/goals.md, "People" worked example.
    #[test]
    fn worked_example_by_efficiency_with_a_newcomer() {
        let people = [
            person("P01", Some((dec!(300_000), dec!(500)))), // 600.00 / h
            person("P02", Some((dec!(200_000), dec!(500)))), // 400.00 / h
            person("P03", None),                             // new: unit average
        ];
        let s = split_month(dec!(388_800.00), &people).unwrap();
        assert_eq!(s.unit_average, Some(dec!(500.00)), "500 000 ÷ 1 000 h");
        let t: Vec<Decimal> = s.people.iter().map(|p| p.target).collect();
        // weights 600 : 400 : 500 of 1 500
        assert_eq!(t, vec![dec!(155_520.00), dec!(103_680.00), dec!(129_600.00)]);
        assert_eq!(s.people[2].source, EfficiencySource::UnitAverageNoHistory);
        assert_eq!(s.people[2].efficiency, Some(dec!(500.00)));
    }

    #[test]
    fn no_hours_gets_the_unit_average_and_nobody_with_hours_splits_evenly() {
        let s = split_month(dec!(100.00), &[person("A", Some((dec!(10), dec!(0)))), person("B", Some((dec!(30), dec!(10))))]).unwrap();
        assert_eq!(s.people[0].source, EfficiencySource::UnitAverageNoHours);
        assert_eq!(s.people[0].target, dec!(50.00), "both weigh 3.00");
        let e = split_month(dec!(100.00), &[person("A", None), person("B", Some((dec!(0), dec!(0))))]).unwrap();
        assert!(e.people.iter().all(|p| p.source == EfficiencySource::Even && p.target == dec!(50.00)));
        assert_eq!(e.unit_average, None);
    }

    #[test]
    fn nobody_sold_anything_splits_evenly() {
        let s =
            split_month(dec!(10.00), &[person("A", Some((dec!(0), dec!(8)))), person("B", Some((dec!(0), dec!(8)))), person("C", None)])
                .unwrap();
        let t: Vec<Decimal> = s.people.iter().map(|p| p.target).collect();
        assert_eq!(t, vec![dec!(3.34), dec!(3.33), dec!(3.33)]);
        assert!(s.people.iter().all(|p| p.source == EfficiencySource::Even));
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(split_month(dec!(1), &[]), Err(GoalError::NoPeople));
        assert!(matches!(split_month(dec!(1), &[person("A", None), person("A", None)]), Err(GoalError::Duplicate { .. })));
        assert!(matches!(split_month(dec!(1), &[person("A", Some((dec!(-1), dec!(1))))]), Err(GoalError::Negative { .. })));
        assert!(matches!(split_month(dec!(0.001), &[person("A", None)]), Err(GoalError::NotFen { .. })));
    }

    proptest! {
        #[test]
        fn people_always_sum_to_the_month(
            cents in 0i64..10_000_000_000i64,
            hist in proptest::collection::vec(proptest::option::of((0u32..5_000_000, 0u32..400)), 1..30),
        ) {
            let month = Decimal::new(cents, 2);
            let people: Vec<PersonHistory> = hist
                .iter()
                .enumerate()
                .map(|(i, h)| person(&format!("P{i:02}"), h.map(|(s, hrs)| (Decimal::new(s as i64, 2), Decimal::from(hrs)))))
                .collect();
            let s = split_month(month, &people).unwrap();
            prop_assert_eq!(s.people.iter().map(|p| p.target).sum::<Decimal>(), month);
            for p in &s.people {
                prop_assert_eq!(p.target.round_dp(2), p.target);
                prop_assert!(!p.target.is_sign_negative() || p.target.is_zero());
            }
        }
    }
}
