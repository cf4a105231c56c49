//! The checks of a partner agreement: a known unit, known people and
//! roles, each person once, shares summing to exactly 100 %, a dividend
//! share within 0–100 %, and an exit formula whose floor is under its cap
//! and whose cliff fits in its vesting.

use super::error::PayError;
use super::limits::{MAX_MONTHS, MAX_PARTIES, MAX_PLAN_AMOUNT};
use super::method::Measure;
use super::partner::PartnerAgreement;
use super::validate::PlanProblem;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Appends the problems of agreement `a` at `path` to `out`.
pub(super) fn partner(
    out: &mut Vec<PlanProblem>,
    units: &HashSet<&str>,
    people: &HashSet<&str>,
    roles: &HashSet<&str>,
    path: &str,
    a: &PartnerAgreement,
) {
    let mut err = |p: String, e: PayError| out.push(PlanProblem { path: p, error: e });
    if a.code.trim().is_empty() {
        err(format!("{path}.code"), PayError::Blank);
    }
    if !units.contains(a.unit.as_str()) {
        err(format!("{path}.unit"), PayError::UnknownUnit { code: a.unit.clone() });
    }
    if !matches!(a.measure, Measure::UnitProfit | Measure::UnitAddedValue) {
        err(format!("{path}.base"), PayError::MeasureNotAvailable { measure: a.measure.code(), method: "partner" });
    }
    if a.profit_pct < Decimal::ZERO || a.profit_pct > Decimal::ONE {
        err(format!("{path}.profit_pct"), PayError::PctOutOfRange { value: a.profit_pct });
    }
    if a.parties.len() > MAX_PARTIES {
        err(format!("{path}.split"), PayError::TooMany { what: "parties", limit: MAX_PARTIES, found: a.parties.len() });
    }
    let mut seen = HashSet::new();
    for (j, p) in a.parties.iter().enumerate() {
        let pp = format!("{path}.split[{j}]");
        if !people.contains(p.person.as_str()) {
            err(format!("{pp}.person"), PayError::UnknownPerson { code: p.person.clone() });
        }
        if !seen.insert(p.person.as_str()) {
            err(format!("{pp}.person"), PayError::Duplicate { code: p.person.clone() });
        }
        if !roles.contains(p.role.as_str()) {
            err(format!("{pp}.role"), PayError::UnknownRole { code: p.role.clone() });
        }
        if p.share <= Decimal::ZERO || p.share > Decimal::ONE {
            err(format!("{pp}.share"), PayError::PctOutOfRange { value: p.share });
        }
    }
    let sum: Decimal = a.parties.iter().map(|p| p.share).sum();
    if sum != Decimal::ONE {
        err(format!("{path}.split"), PayError::SharesNot100 { sum });
    }
    let x = &a.exit;
    for (key, v) in [("multiple", Some(x.multiple)), ("floor", Some(x.floor)), ("cap", x.cap)] {
        if let Some(v) = v.filter(|v| v.abs() > MAX_PLAN_AMOUNT) {
            err(format!("{path}.exit.{key}"), PayError::TooLarge { value: v });
        }
    }
    if x.multiple < Decimal::ZERO {
        err(format!("{path}.exit.multiple"), PayError::Negative { value: x.multiple });
    }
    if !(1..=MAX_MONTHS).contains(&x.trailing_months) {
        err(format!("{path}.exit.trailing_months"), PayError::MonthsOutOfRange { months: x.trailing_months });
    }
    if x.floor < Decimal::ZERO {
        err(format!("{path}.exit.floor"), PayError::Negative { value: x.floor });
    }
    if let Some(cap) = x.cap {
        if cap < x.floor {
            err(format!("{path}.exit.cap"), PayError::FloorAboveCap { floor: x.floor, cap });
        }
    }
    if x.vesting_months > MAX_MONTHS {
        err(format!("{path}.exit.vesting_months"), PayError::MonthsOutOfRange { months: x.vesting_months });
    }
    if x.vesting_months > 0 && x.cliff_months > x.vesting_months {
        err(format!("{path}.exit.cliff_months"), PayError::CliffAboveVesting { cliff: x.cliff_months, vesting: x.vesting_months });
    }
}
