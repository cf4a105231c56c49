//! A person's share of the results of the units they work in — a preview of
//! what "my amoeba's profit" means for me, before pay plans decide pay.
//!
//! Rule (docs/formulas.md, "A person's share"): a unit's profit is split
//! over every assignment in the unit's subtree with weight = role
//! coefficient × days assigned within the counted days of the month (1st to
//! the as-of day). The split is by largest remainder, so the parts of all
//! assignments sum to the unit's profit to the fen; a person's line is the
//! part of their assignment.

use crate::money::split_largest_remainder;
use crate::org::{Assignment, Org};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Decimal places of a displayed weight (0.1234 = 12.34 %).
pub const SHARE_DP: u32 = 4;

/// The person's part of one unit's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLine {
    /// Unit code.
    pub unit: String,
    /// Role held in the unit.
    pub role: String,
    /// The unit's profit (its subtree's) over the counted days.
    pub unit_profit: Decimal,
    /// The person's weight in the unit, rounded to [`SHARE_DP`] for display.
    pub share: Decimal,
    /// The person's part of `unit_profit`: a largest-remainder part, so the
    /// parts of everyone in the unit sum to it exactly.
    pub amount: Decimal,
}

/// Role coefficient × days of `a` between `from` and `to` (inclusive): the
/// one weight of an assignment in a split by coefficient (a person's share
/// here, a pay pool split by role coefficient in `incentive`).
pub fn assignment_weight(a: &Assignment, from: NaiveDate, to: NaiveDate) -> Decimal {
    let start = a.range.from.max(from);
    let end = a.range.to.map_or(to, |t| t.min(to));
    if end < start {
        return Decimal::ZERO;
    }
    Decimal::from((end - start).num_days() + 1) * a.coefficient.max(Decimal::ZERO)
}

/// Every assignment's part of `unit`'s profit over the days `from..=to`,
/// as `(index into org.assignments, part)`; empty when nobody worked there.
/// The parts sum to `profit` exactly (asserted).
pub fn unit_split(org: &Org, unit: &str, profit: Decimal, from: NaiveDate, to: NaiveDate) -> Vec<(usize, Decimal)> {
    let members: BTreeSet<&str> = org.subtree(unit).iter().map(|u| u.code.as_str()).collect();
    let weighted: Vec<(usize, Decimal)> = org
        .assignments
        .iter()
        .enumerate()
        .filter(|(_, a)| members.contains(a.unit.as_str()))
        .map(|(i, a)| (i, assignment_weight(a, from, to)))
        .filter(|(_, w)| !w.is_zero())
        .collect();
    let weights: Vec<Decimal> = weighted.iter().map(|(_, w)| *w).collect();
    let Ok(parts) = split_largest_remainder(profit, &weights) else { return Vec::new() };
    assert_eq!(parts.iter().copied().sum::<Decimal>(), profit, "a unit's shares must sum to its profit");
    weighted.iter().map(|(i, _)| *i).zip(parts).collect()
}

/// The person's share of each unit they were assigned to between `from` and
/// `to`, given each unit's (rolled-up) profit over those days.
pub fn person_shares(org: &Org, profits: &BTreeMap<String, Decimal>, person: &str, from: NaiveDate, to: NaiveDate) -> Vec<ShareLine> {
    let mut out = Vec::new();
    for (i, a) in org.assignments.iter().enumerate().filter(|(_, a)| a.person == person) {
        let mine = assignment_weight(a, from, to);
        let Some(&unit_profit) = profits.get(&a.unit) else { continue };
        if mine.is_zero() {
            continue;
        }
        let split = unit_split(org, &a.unit, unit_profit, from, to);
        let total: Decimal = split.iter().map(|(j, _)| assignment_weight(&org.assignments[*j], from, to)).sum();
        let Some(&(_, amount)) = split.iter().find(|(j, _)| *j == i) else { continue };
        out.push(ShareLine { unit: a.unit.clone(), role: a.role.clone(), unit_profit, share: (mine / total).round_dp(SHARE_DP), amount });
    }
    out
}

/// A person's share of their units' results for a month (the "my share"
/// section of the person page).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShareView {
    /// One row per unit the person worked in during the month.
    pub rows: Vec<ShareRow>,
    /// The last day counted (month to date); the page explains the basis.
    pub as_of: NaiveDate,
}

/// The person's part of one unit's result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShareRow {
    /// Unit code.
    pub unit: String,
    /// Role held.
    pub role: String,
    /// The unit's profit for the month.
    pub unit_profit: Decimal,
    /// The person's weight in the unit (0–1).
    pub share: Decimal,
    /// The person's part of `unit_profit` (largest remainder: everyone's parts sum to it).
    pub amount: Decimal,
}

/// A person's share of each unit they worked in during the counted days of
/// `pnl`'s month (its 1st to `as_of`); `None` when they worked in none.
pub fn share_view(org: &Org, pnl: &crate::accounting::MonthPnl, person: &str, as_of: NaiveDate) -> Option<ShareView> {
    let profits: BTreeMap<String, Decimal> = pnl.units.iter().map(|(code, u)| (code.clone(), u.rolled_up.profit())).collect();
    let lines = person_shares(org, &profits, person, pnl.month.first_day(), as_of);
    if lines.is_empty() {
        return None;
    }
    let rows = lines
        .into_iter()
        .map(|l| ShareRow { unit: l.unit, role: l.role, unit_profit: l.unit_profit, share: l.share, amount: l.amount })
        .collect();
    Some(ShareView { rows, as_of })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EffectiveRange;
    use crate::org::{Company, Person, Unit, UnitKind};
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn org(coefficients: &[(Decimal, &str)]) -> Org {
        let mut org = Org::empty(Company::new("T", "T"));
        for (code, parent) in [("U", None), ("U-1", Some("U"))] {
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
        for (i, (c, unit)) in coefficients.iter().enumerate() {
            let code = format!("P{i}");
            org.people.push(Person { code: code.clone(), name: code.clone(), email: None, external: false });
            org.assignments.push(Assignment {
                person: code,
                unit: (*unit).into(),
                role: "operator".into(),
                range: EffectiveRange::since(d("2026-01-01")),
                coefficient: *c,
                leader: false,
            });
        }
        org
    }

    #[test]
    fn worked_example_three_people_split_to_the_fen() {
        // U made 100.00 over 10 days; three people with coefficient 1, the
        // third in U's sub-unit U-1: 33.34 + 33.33 + 33.33 (the leftover fen
        // goes to the first).
        let o = org(&[(dec!(1), "U"), (dec!(1), "U"), (dec!(1), "U-1")]);
        let (from, to) = (d("2026-11-01"), d("2026-11-10"));
        let parts: Vec<Decimal> = unit_split(&o, "U", dec!(100.00), from, to).into_iter().map(|(_, p)| p).collect();
        assert_eq!(parts, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
        let profits = BTreeMap::from([("U".to_string(), dec!(100.00)), ("U-1".to_string(), dec!(10.00))]);
        let p0 = person_shares(&o, &profits, "P0", from, to);
        assert_eq!((p0[0].share, p0[0].amount), (dec!(0.3333), dec!(33.34)));
        // P2 is U-1's only member: all of U-1's profit.
        let p2 = person_shares(&o, &profits, "P2", from, to);
        assert_eq!((p2[0].unit.as_str(), p2[0].amount), ("U-1", dec!(10.00)));
    }

    proptest! {
        #[test]
        fn shares_of_everyone_sum_to_the_unit_profit(
            coeffs in prop::collection::vec((1u32..300, any::<bool>()), 1..12),
            cents in -10_000_000i64..10_000_000,
            to_day in 1u32..=30,
        ) {
            let list: Vec<(Decimal, &str)> =
                coeffs.iter().map(|(c, child)| (Decimal::new(i64::from(*c), 2), if *child { "U-1" } else { "U" })).collect();
            let o = org(&list);
            let profit = Decimal::new(cents, 2);
            let (from, to) = (d("2026-11-01"), d("2026-11-01") + chrono::Days::new(u64::from(to_day - 1)));
            let split = unit_split(&o, "U", profit, from, to);
            prop_assert_eq!(split.iter().map(|(_, p)| *p).sum::<Decimal>(), profit);
            // A person's line for U is exactly their part of U's split.
            let profits = BTreeMap::from([("U".to_string(), profit)]);
            for (i, part) in &split {
                let a = &o.assignments[*i];
                if a.unit == "U" {
                    let lines = person_shares(&o, &profits, &a.person, from, to);
                    prop_assert_eq!(lines[0].amount, *part);
                }
            }
        }
    }
}
