//! Second half of the month engine: measures allocation drivers over each
//! target's subtree and runs the allocation rules in order.
//!
//! Driver choices: headcount is person-days (Σ over the month's days of
//! distinct people assigned in the subtree that day), so a person who joins
//! mid-month weighs by the days they were there; sales and hours are the
//! subtree's month totals as booked so far; area is Σ `area_m2` of the
//! subtree's units (a parent's area must not repeat its children's).

use super::allocation::{allocate, driver_weights, AllocError, AllocationEntry, DriverInputs};
use super::book::Book;
use super::errors::ErrorSink;
use super::ingest::post;
use super::lines::PnlLine;
use super::pnl::PnlInput;
use super::rules::{active_days, month_days, AllocationRule, Driver};
use super::tree::UnitTree;
use crate::org::Org;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Person-days of people assigned anywhere in `subtree` over `days`.
fn person_days(org: &Org, tree: &UnitTree, subtree: &[usize], days: &[NaiveDate]) -> Decimal {
    let codes: HashSet<&str> = subtree.iter().map(|&u| tree.code(u)).collect();
    let assigned: Vec<_> = org.assignments.iter().filter(|a| codes.contains(a.unit.as_str())).collect();
    let mut total = 0u64;
    for day in days {
        let people: BTreeSet<&str> = assigned.iter().filter(|a| a.range.contains(*day)).map(|a| a.person.as_str()).collect();
        total += people.len() as u64;
    }
    Decimal::from(total)
}

/// Measures the rule's driver for each target (only the driver it uses).
fn measure(input: &PnlInput, tree: &UnitTree, book: &Book, driver: &Driver, targets: &[usize]) -> DriverInputs {
    let mut inputs = DriverInputs::default();
    let days = month_days(input.month);
    for &t in targets {
        let code = tree.code(t).to_string();
        let sub = tree.subtree(t);
        let line_sum = |line: PnlLine| sub.iter().map(|&u| book.month(u).get(line)).sum::<Decimal>();
        match driver {
            Driver::Headcount => {
                inputs.headcount.insert(code, person_days(input.org, tree, &sub, &days));
            }
            Driver::Sales => {
                inputs.sales.insert(code, line_sum(PnlLine::Sales));
            }
            Driver::Hours => {
                inputs.hours.insert(code, line_sum(PnlLine::Hours));
            }
            Driver::Area => {
                // An absurd area that does not even sum is passed on as the
                // largest decimal, which the bounded split then refuses.
                let area = sub
                    .iter()
                    .filter_map(|&u| input.org.units.iter().find(|x| x.code == tree.code(u)))
                    .filter_map(|x| x.area_m2)
                    .try_fold(Decimal::ZERO, |a, b| a.checked_add(b))
                    .unwrap_or(Decimal::MAX);
                inputs.area.insert(code, area);
            }
            Driver::FixedShares(_) => {}
        }
    }
    inputs
}

/// The rule's targets: those listed, else the fixed-share units, else every
/// leaf profit centre except the source. Nested targets are refused because
/// subtree drivers would count the inner one twice.
fn targets(rule: &AllocationRule, tree: &UnitTree, source: usize) -> Result<Vec<usize>, AllocError> {
    let codes: Vec<&str> = if !rule.targets.is_empty() {
        rule.targets.iter().map(String::as_str).collect()
    } else if let Driver::FixedShares(shares) = &rule.driver {
        let mut seen = BTreeSet::new();
        shares.iter().map(|(u, _)| u.as_str()).filter(|u| seen.insert(*u)).collect()
    } else {
        tree.leaf_profit_centres().into_iter().filter(|&u| u != source).map(|u| tree.code(u)).collect()
    };
    let ix: Vec<usize> = codes.iter().filter_map(|c| tree.index(c)).collect();
    assert_eq!(ix.len(), codes.len(), "allocation targets were validated against the tree");
    for &a in &ix {
        for &b in &ix {
            if a != b && tree.is_within(b, a) {
                return Err(AllocError::NestedTargets {
                    rule: rule.code.clone(),
                    outer: tree.code(a).to_string(),
                    inner: tree.code(b).to_string(),
                });
            }
        }
    }
    if ix.is_empty() {
        return Err(AllocError::NoTargets { rule: rule.code.clone() });
    }
    Ok(ix)
}

fn run_one(input: &PnlInput, tree: &UnitTree, book: &Book, rule: &AllocationRule) -> Result<Vec<AllocationEntry>, AllocError> {
    let days: Vec<usize> = active_days(&rule.range, input.month).into_iter().filter_map(|d| book.day_ix(d)).collect();
    if days.is_empty() {
        return Ok(Vec::new());
    }
    let source = tree.index(&rule.source).expect("allocation source was validated against the tree");
    let target_ix = targets(rule, tree, source)?;
    let target_codes: Vec<String> = target_ix.iter().map(|&t| tree.code(t).to_string()).collect();
    let inputs = measure(input, tree, book, &rule.driver, &target_ix);
    let weights = driver_weights(rule, &target_codes, &inputs)?;
    let kinds = rule.effective_kinds();
    let costs: BTreeMap<NaiveDate, Decimal> =
        days.iter().map(|&d| (book.day(d), kinds.iter().map(|k| book.kind_amount(source, d, *k)).sum())).collect();
    allocate(rule, &target_codes, &weights, &costs)
}

/// Runs the (valid) allocation rules in order, booking each rule's entries
/// before the next runs. A rule that fails is reported and leaves its cost
/// at the source.
pub(crate) fn run_allocations(
    input: &PnlInput,
    tree: &UnitTree,
    book: &mut Book,
    errors: &mut ErrorSink,
    rules: &[&AllocationRule],
) -> Vec<AllocationEntry> {
    let mut all = Vec::new();
    for rule in rules {
        match run_one(input, tree, book, rule) {
            Ok(entries) => {
                for e in &entries {
                    for p in e.postings() {
                        post(book, tree, &p);
                    }
                }
                all.extend(entries);
            }
            Err(e) => errors.push(e),
        }
    }
    all
}
