//! The credit rules checked as part of the organisation
//! ([`crate::org::Org::validate`]): known people, roles, stores and SKUs;
//! shares in (0, 1]; the shares of one elementary scope and role summing to
//! exactly 100 % on every day any of them applies; one owner per customer
//! at a time; no overlapping key-account marks.

use super::rules::{CreditRules, Scope, ScopeKey, MAX_RESPONSIBILITIES_PER_SCOPE, MAX_SKUS_PER_SET, SALES_ROLE};
use crate::dates::EffectiveRange;
use crate::org::{OrgError, OrgProblem};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The codes the rules may name.
pub(crate) struct Known<'a> {
    /// People.
    pub people: &'a HashSet<String>,
    /// Standard and custom roles.
    pub roles: &'a HashSet<String>,
    /// Stores.
    pub stores: &'a HashSet<String>,
    /// SKUs.
    pub skus: &'a HashSet<String>,
}

const RESPONSIBILITIES: &str = "responsibilities";
const OWNERS: &str = "customer_owners";
const KEY_ACCOUNTS: &str = "key_accounts";

fn err(out: &mut Vec<OrgError>, entity: &'static str, index: usize, field: &'static str, problem: OrgProblem) {
    out.push(OrgError { entity, index, field, problem });
}

/// Every problem of the credit rules, each pinned to its list, index and field.
pub(crate) fn validate_credit(rules: &CreditRules, known: &Known) -> Vec<OrgError> {
    let mut out = Vec::new();
    let sound = responsibilities(rules, known, &mut out);
    shares(rules, &sound, &mut out);
    owners(rules, known, &mut out);
    key_accounts(rules, &mut out);
    out
}

/// Checks each responsibility alone; returns which ones are sound (only
/// those enter the share sums, so one bad share is reported once).
fn responsibilities(rules: &CreditRules, known: &Known, out: &mut Vec<OrgError>) -> Vec<bool> {
    let mut sound = Vec::with_capacity(rules.responsibilities.len());
    for (i, r) in rules.responsibilities.iter().enumerate() {
        let before = out.len();
        if r.person.trim().is_empty() {
            err(out, RESPONSIBILITIES, i, "person", OrgProblem::Empty);
        } else if !known.people.contains(&r.person) {
            err(out, RESPONSIBILITIES, i, "person", OrgProblem::UnknownPerson { code: r.person.clone() });
        }
        if r.role.trim().is_empty() {
            err(out, RESPONSIBILITIES, i, "role", OrgProblem::Empty);
        } else if !known.roles.contains(&r.role) && r.role != SALES_ROLE {
            err(out, RESPONSIBILITIES, i, "role", OrgProblem::UnknownRole { code: r.role.clone() });
        }
        if r.share <= Decimal::ZERO || r.share > Decimal::ONE {
            err(out, RESPONSIBILITIES, i, "share", OrgProblem::ShareOutOfRange { value: r.share });
        }
        let store = |out: &mut Vec<OrgError>, s: &String| {
            if !known.stores.contains(s) {
                err(out, RESPONSIBILITIES, i, "store", OrgProblem::UnknownStore { code: s.clone() });
            }
        };
        let sku = |out: &mut Vec<OrgError>, field: &'static str, k: &String| {
            if !known.skus.contains(k) {
                err(out, RESPONSIBILITIES, i, field, OrgProblem::UnknownSku { code: k.clone() });
            }
        };
        match &r.scope {
            Scope::Store { store: s } => store(out, s),
            Scope::Sku { sku: k } => sku(out, "sku", k),
            Scope::StoreSkus { store: s, skus } => {
                store(out, s);
                if skus.is_empty() {
                    err(out, RESPONSIBILITIES, i, "skus", OrgProblem::EmptyScope);
                } else if skus.len() > MAX_SKUS_PER_SET {
                    err(out, RESPONSIBILITIES, i, "skus", OrgProblem::TooManySkus { found: skus.len(), max: MAX_SKUS_PER_SET });
                } else {
                    skus.iter().for_each(|k| sku(out, "skus", k));
                }
            }
        }
        sound.push(out.len() == before);
    }
    sound
}

/// One elementary scope and role: the sound rules that cover it.
type Groups<'a> = BTreeMap<(ScopeKey, &'a str), Vec<usize>>;

/// The days (as ranges) where the rules `items` of one group do not sum to
/// exactly 1 while at least one applies, with the sum there. Adjacent days
/// with the same sum are one range.
fn wrong_days(rules: &CreditRules, items: &[usize]) -> Vec<(EffectiveRange, Decimal)> {
    let ranges: Vec<(EffectiveRange, Decimal)> =
        items.iter().map(|&i| (rules.responsibilities[i].range, rules.responsibilities[i].share)).collect();
    // Every day where the set of applying rules can change.
    let mut cuts: Vec<NaiveDate> = Vec::with_capacity(ranges.len() * 2);
    for (r, _) in &ranges {
        cuts.push(r.from);
        if let Some(next) = r.to.and_then(|t| t.succ_opt()) {
            cuts.push(next);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(EffectiveRange, Decimal)> = Vec::new();
    for (k, &start) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).and_then(|n| n.pred_opt());
        let applying: Vec<Decimal> = ranges.iter().filter(|(r, _)| r.contains(start)).map(|(_, s)| *s).collect();
        if applying.is_empty() {
            continue;
        }
        let sum: Decimal = applying.iter().copied().sum();
        if sum == Decimal::ONE {
            continue;
        }
        match out.last_mut() {
            Some((prev, s)) if *s == sum && prev.to.and_then(|t| t.succ_opt()) == Some(start) => prev.to = end,
            _ => out.push((EffectiveRange { from: start, to: end }, sum)),
        }
    }
    out
}

/// The share rule: per elementary scope and role, the sound rules sum to
/// exactly 100 % on every day one of them applies. The problems of the
/// pairs of one set that fail the same way are reported once, at the last
/// (newest) rule of the group.
fn shares(rules: &CreditRules, sound: &[bool], out: &mut Vec<OrgError>) {
    let mut groups: Groups = BTreeMap::new();
    for (i, r) in rules.responsibilities.iter().enumerate() {
        if !sound[i] {
            continue;
        }
        for key in r.scope.elements() {
            groups.entry((key, r.role.as_str())).or_default().push(i);
        }
    }
    // (role, rule indices, wrong days) → first scope and how many more.
    type Failure<'a> = (&'a str, Vec<usize>, Vec<(EffectiveRange, Decimal)>);
    let mut failures: Vec<(Failure, ScopeKey, usize)> = Vec::new();
    let mut seen: HashMap<Failure, usize> = HashMap::new();
    for ((scope, role), items) in groups {
        let last = *items.iter().max().expect("a group has a rule");
        if items.len() > MAX_RESPONSIBILITIES_PER_SCOPE {
            let problem = OrgProblem::TooManyResponsibilities { scope, role: role.to_string(), max: MAX_RESPONSIBILITIES_PER_SCOPE };
            err(out, RESPONSIBILITIES, last, "scope", problem);
            continue;
        }
        let days = wrong_days(rules, &items);
        if days.is_empty() {
            continue;
        }
        let key = (role, items, days);
        match seen.get(&key) {
            Some(&k) => failures[k].2 += 1,
            None => {
                seen.insert(key.clone(), failures.len());
                failures.push((key, scope, 0));
            }
        }
    }
    for ((role, items, days), scope, also) in failures {
        let last = *items.iter().max().expect("a group has a rule");
        let problem = OrgProblem::SharesNot100 { scope, role: role.to_string(), days, also };
        err(out, RESPONSIBILITIES, last, "share", problem);
    }
}

fn owners(rules: &CreditRules, known: &Known, out: &mut Vec<OrgError>) {
    let mut by_customer: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, o) in rules.customer_owners.iter().enumerate() {
        if o.customer.trim().is_empty() {
            err(out, OWNERS, i, "customer", OrgProblem::Empty);
        }
        if o.person.trim().is_empty() {
            err(out, OWNERS, i, "person", OrgProblem::Empty);
        } else if !known.people.contains(&o.person) {
            err(out, OWNERS, i, "person", OrgProblem::UnknownPerson { code: o.person.clone() });
        }
        // Only earlier owners of the same customer can clash.
        let earlier = by_customer.entry(o.customer.as_str()).or_default();
        if let Some(&k) = earlier.iter().find(|&&k| rules.customer_owners[k].range.overlaps(&o.range)) {
            let first = &rules.customer_owners[k];
            let problem = OrgProblem::CustomerOwnerOverlap {
                customer: o.customer.clone(),
                person: first.person.clone(),
                range: first.range.to_string(),
            };
            err(out, OWNERS, i, "from", problem);
        }
        earlier.push(i);
    }
}

fn key_accounts(rules: &CreditRules, out: &mut Vec<OrgError>) {
    let mut by_customer: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in rules.key_accounts.iter().enumerate() {
        if a.customer.trim().is_empty() {
            err(out, KEY_ACCOUNTS, i, "customer", OrgProblem::Empty);
        }
        let earlier = by_customer.entry(a.customer.as_str()).or_default();
        if let Some(&k) = earlier.iter().find(|&&k| rules.key_accounts[k].range.overlaps(&a.range)) {
            let problem = OrgProblem::KeyAccountOverlap { customer: a.customer.clone(), range: rules.key_accounts[k].range.to_string() };
            err(out, KEY_ACCOUNTS, i, "from", problem);
        }
        earlier.push(i);
    }
}
