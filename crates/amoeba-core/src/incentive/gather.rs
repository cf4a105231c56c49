//! From stored data to a run's inputs — the rules the application applies
//! to what it reads, kept here so they are pure and tested:
//!
//! * [`person_stages`]: an order's stage amounts, converted to the base
//!   currency (each rounded once) and split over the people credited for
//!   it by share, by largest remainder — what `stage` pay reads;
//! * [`sku_months`]: a month's figures of the SKUs that have a launch date
//!   (sales net of refunds, and profit after COGS, platform, fulfilment and
//!   ad costs) — what the new-product hit reads;
//! * [`next_history`]: what a locked run leaves to the next month — its
//!   carry, with what was paid on each sale added up per key;
//! * [`person_targets`]: each person's sales target of a month from the
//!   units' derived targets (`amoeba target derive`) — what accelerators,
//!   decelerators and person gates read.

use super::inputs::{History, PaidSale, PersonStage, PersonTarget, SkuMonth};
use super::run::Carry;
use crate::accounting::FactAggregate;
use crate::credit::split::split_money;
use crate::credit::{Credit, CreditResolver, OrderFigures, Subject};
use crate::ledger::FactKind;
use crate::money::{round_money, Currency};
use crate::org::Org;
use crate::period::Month;
use crate::reporting::placement::place;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The key a stage line names an order by: `STORE/ORDER` (an order id is
/// unique within its store; the order's page is `/orders/STORE/ORDER`).
pub fn order_key(store: &str, order: &str) -> String {
    format!("{store}/{order}")
}

/// Every stage amount of `orders` credited to a person: placed on the unit
/// owning the order's store that day, converted at `rate` (the amount ×
/// rate rounded once to the fen), and split over the people each credit
/// role names by share, by largest remainder, so the people's parts of a
/// role add up to the stage amount. A stage that cannot be placed or
/// converted is left out (the month's credit names it as a problem); a
/// role nobody is credited under gives no row (its stage pay is nobody's).
pub fn person_stages(
    org: &Org,
    resolver: &CreditResolver,
    orders: &[OrderFigures],
    rate: &dyn Fn(Currency, NaiveDate) -> Option<Decimal>,
) -> Vec<PersonStage> {
    let mut out = Vec::new();
    for o in orders {
        let key = order_key(&o.header.store, &o.header.id);
        for s in o.stages {
            let Some(unit) = place(org, Some(&o.header.store), None, None, s.day) else { continue };
            let Some(base) = rate(o.header.currency, s.day).and_then(|r| s.amount.checked_mul(r)).map(round_money) else { continue };
            let credits = resolver.resolve(&Subject::order(o.header, Some(&s.sku)), s.day);
            for role in resolver.roles() {
                let mine: Vec<&Credit> = credits.iter().filter(|c| c.role == *role).collect();
                if mine.is_empty() {
                    continue;
                }
                for (c, part) in mine.iter().zip(split_money(base, &mine)) {
                    out.push(PersonStage {
                        day: s.day,
                        person: c.person.clone(),
                        role: role.to_string(),
                        unit: unit.to_string(),
                        order: key.clone(),
                        class: o.class,
                        stage: s.stage,
                        amount: part,
                    });
                }
            }
        }
    }
    out
}

/// The month's figures of every SKU with a launch date, from the month's
/// fact aggregates (a closed month's include the COGS its close derived):
/// each aggregate converted at `rate` and rounded once; sales are sales,
/// promotions and refunds, profit adds COGS and the platform, fulfilment
/// and ad costs. The unit is the SKU's owner on the month's last day, else
/// the unit its sales are placed on. SKUs without a figure are left out.
pub fn sku_months(
    org: &Org,
    facts: &[FactAggregate],
    month: Month,
    rate: &dyn Fn(Currency, NaiveDate) -> Option<Decimal>,
) -> Vec<SkuMonth> {
    let launched: HashMap<&str, ()> = org.skus.iter().filter(|s| s.launch_date.is_some()).map(|s| (s.code.as_str(), ())).collect();
    let mut sums: BTreeMap<&str, (Decimal, Decimal, Option<&str>)> = BTreeMap::new();
    for f in facts.iter().filter(|f| month.contains(f.day)) {
        let Some(sku) = f.sku.as_deref().filter(|s| launched.contains_key(s)) else { continue };
        let (in_sales, in_profit) = match f.kind {
            FactKind::Sale | FactKind::Promotion | FactKind::Refund => (true, true),
            FactKind::Cogs | FactKind::PlatformFee | FactKind::FulfilmentFee | FactKind::AdSpend => (false, true),
            _ => (false, false),
        };
        if !in_profit {
            continue;
        }
        let Some(base) = rate(f.currency, f.day).and_then(|r| f.amount.checked_mul(r)).map(round_money) else { continue };
        let e = sums.entry(sku).or_insert((Decimal::ZERO, Decimal::ZERO, None));
        if in_sales {
            e.0 += base;
        }
        e.1 += base;
        if e.2.is_none() && f.kind == FactKind::Sale {
            e.2 = place(org, f.store.as_deref(), f.unit.as_deref(), Some(sku), f.day);
        }
    }
    sums.into_iter()
        .filter_map(|(sku, (sales, profit, placed))| {
            let unit = place(org, None, None, Some(sku), month.last_day()).or(placed)?;
            Some(SkuMonth { sku: sku.to_string(), unit: unit.to_string(), month, sales, profit })
        })
        .collect()
}

/// The history the month after a locked run reads: the run's balances,
/// advances, losses and grants as they stand, and what was paid on each
/// sale — `paid_before` plus the run's changes, added up per person, plan,
/// component and sale (base, paid and clawed each summed), so a key is
/// listed once. Refunds and adjustments are the next month's own.
pub fn next_history(carry: &Carry, paid_before: &[PaidSale]) -> History {
    History {
        balances: carry.balances.clone(),
        advances: carry.advances.clone(),
        losses: carry.losses.clone(),
        grants: carry.grants.clone(),
        paid_sales: add_paid(paid_before, &carry.paid_sales),
        refunds: Vec::new(),
        adjustments: Vec::new(),
    }
}

/// The month's refunds of sales an earlier run paid on (`paid`), as
/// credited to each person: the refund pieces of `sales`
/// (`credit::CreditGrain::sales`) whose person and sale have a record
/// left to claw back from. They are taken out of the person's result and
/// clawed back on their own line, at the rate paid.
pub fn sale_refunds(sales: &[crate::credit::CreditSale], paid: &[PaidSale]) -> Vec<super::inputs::SaleRefund> {
    let open: std::collections::HashSet<(&str, &str)> =
        paid.iter().filter(|p| p.remaining() > Decimal::ZERO).map(|p| (p.person.as_str(), p.sale.as_str())).collect();
    sales
        .iter()
        .filter(|s| s.refund && open.contains(&(s.person.as_str(), s.sale.as_str())))
        .map(|s| super::inputs::SaleRefund {
            person: s.person.clone(),
            role: s.role.clone(),
            unit: s.unit.clone(),
            class: s.customer_class,
            sale: s.sale.clone(),
            day: s.day,
            figures: s.figures,
        })
        .collect()
}

/// `before` with `changes` added per key (person, plan, component, sale), in key order.
pub fn add_paid(before: &[PaidSale], changes: &[PaidSale]) -> Vec<PaidSale> {
    let mut by_key: BTreeMap<(String, String, String, String), PaidSale> = BTreeMap::new();
    for p in before.iter().chain(changes) {
        let key = (p.person.clone(), p.plan.clone(), p.component.clone(), p.sale.clone());
        match by_key.get_mut(&key) {
            Some(e) => {
                e.base += p.base;
                e.paid += p.paid;
                e.clawed += p.clawed;
            }
            None => {
                by_key.insert(key, p.clone());
            }
        }
    }
    by_key.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn paid(sale: &str, base: Decimal, paid: Decimal, clawed: Decimal) -> PaidSale {
        PaidSale { person: "E04".into(), plan: "NB-PAY".into(), component: "b2b_stage".into(), sale: sale.into(), base, paid, clawed }
    }

    #[test]
    fn what_was_paid_on_a_sale_adds_up_across_runs() {
        // October paid 600.00 on SO-7's contract; November 440.00 on its
        // shipment and payment, and SO-3 was clawed back 80.00.
        let before = vec![paid("ALI-1/SO-7", dec!(200000), dec!(600.00), Decimal::ZERO)];
        let carry = Carry {
            paid_sales: vec![
                paid("ALI-1/SO-7", Decimal::ZERO, dec!(440.00), Decimal::ZERO),
                paid("ALI-1/SO-3", Decimal::ZERO, Decimal::ZERO, dec!(80.00)),
            ],
            ..Carry::default()
        };
        let h = next_history(&carry, &before);
        assert_eq!(h.paid_sales.len(), 2, "one record per sale");
        let so7 = h.paid_sales.iter().find(|p| p.sale == "ALI-1/SO-7").unwrap();
        assert_eq!((so7.base, so7.paid, so7.clawed), (dec!(200000), dec!(1040.00), Decimal::ZERO));
        let so3 = h.paid_sales.iter().find(|p| p.sale == "ALI-1/SO-3").unwrap();
        assert_eq!(so3.clawed, dec!(80.00));
    }
}

/// The measure derived targets are set in: credited sales.
pub const TARGET_MEASURE: &str = "sales";

/// Each person's sales target of `month` from the people splits of the
/// units' targets in force (`(unit, person, target)`). A unit's split covers
/// its subtree's people, so a person in the splits of a unit and of a unit
/// below it is measured against the lower one only; a person in the splits
/// of units apart (neither below the other) against their sum, as their
/// credited sales are summed over their units. In person order.
pub fn person_targets<'a>(org: &Org, splits: impl IntoIterator<Item = (&'a str, &'a str, Decimal)>, month: Month) -> Vec<PersonTarget> {
    let mut by: BTreeMap<&'a str, BTreeMap<&'a str, Decimal>> = BTreeMap::new();
    for (unit, person, target) in splits {
        *by.entry(person).or_default().entry(unit).or_default() += target;
    }
    by.into_iter()
        .map(|(person, units)| {
            let below = |u: &str| org.subtree(u).iter().any(|x| x.code != u && units.contains_key(x.code.as_str()));
            let amount = units.iter().filter(|(u, _)| !below(u)).map(|(_, t)| *t).sum();
            PersonTarget { person: person.to_string(), month, measure: TARGET_MEASURE.to_string(), amount }
        })
        .collect()
}

#[cfg(test)]
mod target_tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_person_is_measured_against_the_lowest_units_splits_summed() {
        let m: Month = "2026-11".parse().unwrap();
        let org = crate::incentive::tests::fixtures_org();
        let splits = [("TT", "E02", dec!(100.00)), ("AMZ", "E01", dec!(30409.36)), ("AMZ", "E02", dec!(50.50)), ("G", "E01", dec!(9.99))];
        let got = person_targets(&org, splits, m);
        let pairs: Vec<(&str, Decimal)> = got.iter().map(|t| (t.person.as_str(), t.amount)).collect();
        assert_eq!(pairs, vec![("E01", dec!(30409.36)), ("E02", dec!(150.50))], "G is above AMZ; TT and AMZ are apart");
        assert!(got.iter().all(|t| t.measure == "sales" && t.month == m));
    }
}
