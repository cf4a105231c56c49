//! A period's credit as a report shows it: per unit, role and person (or
//! the role's uncredited bucket), the figures summed over the days, with
//! the rules behind each person's credit — the one summary `amoeba report
//! credit`, a person's page and the API show.

use super::grain::{CreditDay, Figures};
use super::rules::{Scope, FOLLOWER_ROLE, SALES_ROLE};
use crate::org::Org;
use crate::Lang;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// One line of a credit report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreditLine {
    /// Unit the figures belong to.
    pub unit: String,
    /// Role credited.
    pub role: String,
    /// Person credited; `None` is the role's uncredited bucket.
    pub person: Option<String>,
    /// The figures over the period.
    pub figures: Figures,
}

/// The grain's rows summed over days and customer classes per unit, role
/// and person, in that order (uncredited first within a role); only
/// `person`'s lines when given. For every unit and role, the lines (the
/// uncredited one included) add up to the unit's figures, as the rows do.
/// A role nobody in a unit is credited under over the period (its lines
/// would be the uncredited bucket alone: no Amazon team has salespeople) is
/// left out.
pub fn credit_lines(days: &[CreditDay], from: NaiveDate, to: NaiveDate, person: Option<&str>) -> Vec<CreditLine> {
    let mut sums: BTreeMap<(&str, &str, Option<&str>), Figures> = BTreeMap::new();
    for d in days.iter().filter(|d| d.day >= from && d.day <= to) {
        if person.is_some() && d.person.as_deref() != person {
            continue;
        }
        sums.entry((d.unit.as_str(), d.role.as_str(), d.person.as_deref())).or_default().add(&d.figures);
    }
    let credited: std::collections::BTreeSet<(&str, &str)> = sums.keys().filter(|k| k.2.is_some()).map(|k| (k.0, k.1)).collect();
    sums.into_iter()
        .filter(|((unit, role, _), _)| credited.contains(&(*unit, *role)))
        .map(|((unit, role, person), figures)| CreditLine { unit: unit.into(), role: role.into(), person: person.map(Into::into), figures })
        .collect()
}

/// Most rules named one by one; more are counted by kind of scope.
const RULES_NAMED: usize = 3;

/// The rules that credit `person` under `role` between `from` and `to`, in
/// words of `lang`: their responsibilities (scope and share), being an
/// order's salesperson or follower, owning customers. What a statement line
/// or a report names as the reason for the credit.
pub fn rules_of(org: &Org, person: &str, role: &str, from: NaiveDate, to: NaiveDate, lang: Lang) -> Vec<String> {
    let overlaps = |r: &crate::dates::EffectiveRange| r.from <= to && r.to.is_none_or(|t| t >= from);
    let rules: Vec<&crate::credit::Responsibility> =
        org.credit.responsibilities.iter().filter(|r| r.person == person && r.role == role && overlaps(&r.range)).collect();
    let mut out: Vec<String> = if rules.len() <= RULES_NAMED {
        rules
            .iter()
            .map(|r| {
                let pct = (r.share * rust_decimal::Decimal::ONE_HUNDRED).normalize();
                let scope = match &r.scope {
                    Scope::Store { store } => lang.pick("店铺 ", "store ").to_string() + store,
                    Scope::Sku { sku } => format!("SKU {sku}"),
                    Scope::StoreSkus { store, skus } => format!("{store} × {} SKU", skus.len()),
                };
                format!("{scope} {pct}%")
            })
            .collect()
    } else {
        let count = |f: fn(&Scope) -> bool| rules.iter().filter(|r| f(&r.scope)).count();
        let (stores, skus, sets) = (
            count(|s| matches!(s, Scope::Store { .. })),
            count(|s| matches!(s, Scope::Sku { .. })),
            count(|s| matches!(s, Scope::StoreSkus { .. })),
        );
        [(stores, "店铺", "store"), (skus, "SKU", "SKU"), (sets, "店铺 × SKU 组", "store × SKU set")]
            .into_iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, zh, en)| match lang {
                Lang::Zh => format!("{n} 条{zh}归属"),
                Lang::En => format!("{n} {en} rule(s)"),
            })
            .collect()
    };
    if role == SALES_ROLE {
        out.push(lang.pick("所跟订单的业务员", "salesperson of their orders").to_string());
        let owned = org.credit.customer_owners.iter().filter(|o| o.person == person && overlaps(&o.range)).count();
        if owned > 0 {
            out.push(match lang {
                Lang::Zh => format!("归属客户 {owned} 个"),
                Lang::En => format!("owner of {owned} customer(s)"),
            });
        }
    }
    if role == FOLLOWER_ROLE {
        out.push(lang.pick("所跟订单的跟单", "follower of their orders").to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::CustomerClass;
    use rust_decimal_macros::dec;

    fn row(day: &str, person: Option<&str>, sales: rust_decimal::Decimal) -> CreditDay {
        CreditDay {
            day: day.parse().expect("day"),
            unit: "U".into(),
            person: person.map(Into::into),
            role: "operator".into(),
            customer_class: CustomerClass::Unknown,
            figures: Figures { sales, ..Figures::default() },
        }
    }

    #[test]
    fn lines_sum_the_days_per_person_and_keep_the_uncredited_bucket() {
        let days = [
            row("2026-11-01", Some("P1"), dec!(10.00)),
            row("2026-11-02", Some("P1"), dec!(5.50)),
            row("2026-11-02", None, dec!(1.25)),
            row("2026-12-01", Some("P1"), dec!(99)),
        ];
        let (from, to) = ("2026-11-01".parse().expect("day"), "2026-11-30".parse().expect("day"));
        let lines = credit_lines(&days, from, to, None);
        assert_eq!(lines.len(), 2);
        assert_eq!((lines[0].person.as_deref(), lines[0].figures.sales), (None, dec!(1.25)), "uncredited first");
        assert_eq!((lines[1].person.as_deref(), lines[1].figures.sales), (Some("P1"), dec!(15.50)));
        assert_eq!(credit_lines(&days, from, to, Some("P1")).len(), 1);
    }
}
