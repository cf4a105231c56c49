//! The `[[charge_rules]]` and `[[allocation_rules]]` sections: finance's
//! internal price list and shared-cost keys, kept with the organisation they
//! refer to and checked against it with the accounting engine's validators.

use super::raw::{RawAllocationRule, RawChargeRule};
use super::{Choice, Ctx, OrgFileError, OrgReason};
use amoeba_core::accounting::rules::{
    validate_allocation_rules, validate_charge_rules, AllocationRule, ChargeBasis, ChargeRule, Driver, FixedSplit, RuleError, Rules,
};
use amoeba_core::ledger::FactKind;
use amoeba_core::org::Org;
use std::collections::{HashMap, HashSet};

/// Section name of charge rules (also the field prefix in messages).
pub(super) const CHARGES: &str = "charge_rules";
/// Section name of allocation rules.
pub(super) const ALLOCATIONS: &str = "allocation_rules";

const BASES: [&str; 5] = ["per_unit_shipped", "per_order", "per_listing", "percent_of_sales", "fixed_per_month"];
const DRIVERS: [&str; 5] = ["headcount", "sales", "hours", "area", "fixed_shares"];

fn unknown(what: Choice, value: &str, known: &[&str]) -> OrgReason {
    OrgReason::UnknownChoice { what, value: value.to_string(), known: known.iter().map(|k| k.to_string()).collect() }
}

/// Reads the charge rules; bad values are reported on `cx` and the rule skipped.
pub(super) fn charges(cx: &mut Ctx, raw: &[RawChargeRule]) -> Vec<ChargeRule> {
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let code = cx.text(CHARGES, i, "code", &r.code);
        let provider = cx.text(CHARGES, i, "provider", &r.provider);
        let users: Vec<String> = r.users.iter().map(|u| cx.text(CHARGES, i, "users", u)).collect();
        let range = cx.range(CHARGES, i, &r.from, &r.to);
        let basis_name = cx.text(CHARGES, i, "basis", &r.basis);
        let figures = [("rate", &r.rate), ("percent", &r.percent), ("amount", &r.amount)];
        let wanted = match basis_name.as_str() {
            "per_unit_shipped" | "per_order" | "per_listing" => Some("rate"),
            "percent_of_sales" => Some("percent"),
            "fixed_per_month" => Some("amount"),
            other => {
                cx.err(CHARGES, i, "basis", r.basis.span(), unknown(Choice::Basis, other, &BASES));
                None
            }
        };
        let mut figure = None;
        let mut ok = wanted.is_some();
        for (name, value) in figures {
            let Some(v) = value else { continue };
            if Some(name) == wanted {
                figure = cx.decimal(CHARGES, i, name, v);
                ok &= figure.is_some();
            } else if let Some(w) = wanted {
                let reason = OrgReason::FigureNotUsed { key: name.into(), basis: basis_name.clone(), takes: w.into() };
                cx.err(CHARGES, i, name, v.span(), reason);
                ok = false;
            }
        }
        if let (Some(w), None) = (wanted, figure) {
            if ok {
                cx.err(CHARGES, i, w, r.basis.span(), OrgReason::BasisNeeds { basis: basis_name.clone(), key: w.into() });
                ok = false;
            }
        }
        let split = match (&r.split, basis_name.as_str()) {
            (None, _) => Some(FixedSplit::Equal),
            (Some(s), "fixed_per_month") => match cx.text(CHARGES, i, "split", s).as_str() {
                "equal" => Some(FixedSplit::Equal),
                "by_sales" => Some(FixedSplit::BySales),
                other => {
                    cx.err(CHARGES, i, "split", s.span(), unknown(Choice::Split, other, &["equal", "by_sales"]));
                    None
                }
            },
            (Some(s), _) => {
                cx.err(CHARGES, i, "split", s.span(), OrgReason::SplitOnlyFixed { basis: basis_name.clone() });
                None
            }
        };
        let (Some(range), Some(figure), Some(split), true) = (range, figure, split, ok) else { continue };
        let basis = match basis_name.as_str() {
            "per_unit_shipped" => ChargeBasis::PerUnitShipped { rate: figure },
            "per_order" => ChargeBasis::PerOrder { rate: figure },
            "per_listing" => ChargeBasis::PerListing { rate: figure },
            "percent_of_sales" => ChargeBasis::PercentOfSales { percent: figure },
            _ => ChargeBasis::FixedPerMonth { amount: figure, split },
        };
        if out.iter().any(|c: &ChargeRule| c.code == code && c.range.from == range.from) {
            cx.err(CHARGES, i, "from", r.from.span(), OrgReason::RuleTwice { code: code.clone(), from: range.from.to_string() });
            continue;
        }
        out.push(ChargeRule { code, provider, users, basis, range });
    }
    out
}

/// Reads the allocation rules; bad values are reported on `cx` and the rule skipped.
pub(super) fn allocations(cx: &mut Ctx, raw: &[RawAllocationRule]) -> Vec<AllocationRule> {
    let mut out = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let code = cx.text(ALLOCATIONS, i, "code", &r.code);
        let source = cx.text(ALLOCATIONS, i, "source", &r.source);
        let targets: Vec<String> = r.targets.iter().map(|t| cx.text(ALLOCATIONS, i, "targets", t)).collect();
        let kinds: Vec<Option<FactKind>> = r
            .kinds
            .iter()
            .map(|k| cx.parsed(ALLOCATIONS, i, "kinds", k, |v| crate::reason::fact_kind(v).map_err(OrgReason::Cell)))
            .collect();
        let range = cx.range(ALLOCATIONS, i, &r.from, &r.to);
        let driver_name = cx.text(ALLOCATIONS, i, "driver", &r.driver);
        let mut shares = Vec::new();
        let mut ok = true;
        for s in &r.shares {
            let unit = cx.text(ALLOCATIONS, i, "shares", &s.unit);
            match cx.decimal(ALLOCATIONS, i, "shares", &s.share) {
                Some(share) => shares.push((unit, share)),
                None => ok = false,
            }
        }
        let driver = match driver_name.as_str() {
            "headcount" => Some(Driver::Headcount),
            "sales" => Some(Driver::Sales),
            "hours" => Some(Driver::Hours),
            "area" => Some(Driver::Area),
            "fixed_shares" => Some(Driver::FixedShares(shares.clone())),
            other => {
                cx.err(ALLOCATIONS, i, "driver", r.driver.span(), unknown(Choice::Driver, other, &DRIVERS));
                None
            }
        };
        match (&driver, r.shares.first()) {
            (Some(Driver::FixedShares(_)), None) if ok => {
                cx.err(ALLOCATIONS, i, "shares", r.driver.span(), OrgReason::SharesNeeded);
                ok = false;
            }
            (Some(d), Some(first)) if !matches!(d, Driver::FixedShares(_)) => {
                cx.err(ALLOCATIONS, i, "shares", first.unit.span(), OrgReason::SharesNotUsed { driver: driver_name.clone() });
                ok = false;
            }
            _ => {}
        }
        let kinds: Option<Vec<FactKind>> = kinds.into_iter().collect();
        let (Some(range), Some(driver), Some(kinds), true) = (range, driver, kinds, ok) else { continue };
        if out.iter().any(|a: &AllocationRule| a.code == code && a.range.from == range.from) {
            cx.err(ALLOCATIONS, i, "from", r.from.span(), OrgReason::RuleTwice { code: code.clone(), from: range.from.to_string() });
            continue;
        }
        out.push(AllocationRule { code, source, kinds, targets, driver, range });
    }
    out
}

/// Which field of a rule an engine validation error is about.
fn field_of(e: &RuleError) -> &'static str {
    match e {
        RuleError::UnknownUnit { field: "fixed_shares", .. } => "shares",
        RuleError::UnknownUnit { field, .. } => field,
        RuleError::ProviderIsUser { .. } => "users",
        RuleError::FigureOutOfRange { field: "share", .. } => "shares",
        RuleError::FigureOutOfRange { field, .. } => field,
        RuleError::NotCents { .. } => "amount",
        RuleError::OverlappingVersions { .. } => "from",
        RuleError::DoubleAllocation { .. } | RuleError::KindNotAllocatable { .. } => "kinds",
    }
}

/// Validates the merged rules against the merged organisation's units and
/// maps every problem back to the file line of the rule (by code and
/// `from`), or to the stored rules when the file does not name it.
pub(super) fn validate(
    merged: &Rules,
    org: &Org,
    file: &Rules,
    lines: &HashMap<(&'static str, usize, &'static str), usize>,
) -> Vec<OrgFileError> {
    let units: HashSet<&str> = org.units.iter().map(|u| u.code.as_str()).collect();
    let is_unit = |u: &str| units.contains(u);
    let mut found: Vec<(&'static str, usize, RuleError)> = Vec::new();
    // Problems of one rule alone, with its exact index...
    for (i, r) in merged.charges.iter().enumerate() {
        found.extend(validate_charge_rules(std::slice::from_ref(r), is_unit).into_iter().map(|e| (CHARGES, i, e)));
    }
    for (i, r) in merged.allocations.iter().enumerate() {
        found.extend(validate_allocation_rules(std::slice::from_ref(r), is_unit).into_iter().map(|e| (ALLOCATIONS, i, e)));
    }
    // ...then problems between rules, placed on the later one.
    let cross = |e: &RuleError| matches!(e, RuleError::OverlappingVersions { .. } | RuleError::DoubleAllocation { .. });
    for e in validate_charge_rules(&merged.charges, is_unit).into_iter().filter(cross) {
        let i = later_index(merged.charges.iter().map(|r| (r.code.as_str(), r.range)), &e);
        found.push((CHARGES, i, e));
    }
    for e in validate_allocation_rules(&merged.allocations, is_unit).into_iter().filter(cross) {
        let i = later_index(merged.allocations.iter().map(|r| (r.code.as_str(), r.range)), &e);
        found.push((ALLOCATIONS, i, e));
    }
    found
        .into_iter()
        .map(|(entity, i, e)| {
            let key = match entity {
                CHARGES => merged.charges.get(i).map(|r| (r.code.clone(), r.range.from)),
                _ => merged.allocations.get(i).map(|r| (r.code.clone(), r.range.from)),
            };
            let file_index = key.and_then(|(code, from)| match entity {
                CHARGES => file.charges.iter().position(|r| r.code == code && r.range.from == from),
                _ => file.allocations.iter().position(|r| r.code == code && r.range.from == from),
            });
            let field = field_of(&e);
            match file_index {
                Some(fi) => {
                    let line = lines.get(&(entity, fi, field)).or_else(|| lines.get(&(entity, fi, "code"))).copied().unwrap_or(1);
                    OrgFileError { line, field: format!("{entity}[{fi}].{field}"), reason: OrgReason::Rule(e) }
                }
                None => OrgFileError { line: 0, field: format!("{entity}[{i}].{field}"), reason: OrgReason::Rule(e) },
            }
        })
        .collect()
}

/// Index of the rule a between-rules error is about: the later version for
/// overlaps, the first rule with the code otherwise.
fn later_index<'a>(rules: impl Iterator<Item = (&'a str, amoeba_core::dates::EffectiveRange)>, e: &RuleError) -> usize {
    let all: Vec<_> = rules.collect();
    let pos = match e {
        RuleError::OverlappingVersions { rule, second, .. } => all.iter().position(|(c, r)| c == rule && r == second),
        other => all.iter().rposition(|(c, _)| *c == other.rule()),
    };
    pos.unwrap_or(0)
}
