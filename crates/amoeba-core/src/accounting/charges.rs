//! Internal charges: service centres bill the units they serve by rule.
//! Each entry is internal sales (+) for the provider and internal purchases
//! (−) for the user, so every rule nets to exactly zero for the group.
//!
//! Charges are computed **per day** so the daily P&L carries them:
//! per-unit-shipped, per-order and %-of-sales charges are the day's volume
//! × rate, rounded once per (rule, user, day). Monthly amounts (fixed per
//! month, per listing) are computed for the month, rounded once per (rule,
//! user), then spread over the rule's active days of the month by largest
//! remainder, so month-to-date figures carry their share.

use super::lines::PnlLine;
use super::posting::{net, Posting};
use super::rules::{active_days, ChargeBasis, ChargeRule, FixedSplit};
use super::split::{split_bounded, BoundedSplitError};
use crate::ledger::FactKind;
use crate::money::round_money;
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a unit did on one day, the basis of its charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DayVolume {
    /// Units of product shipped (Σ quantity of the unit's sale facts).
    pub shipped: i64,
    /// Orders (order counts of the stores the unit owns that day).
    pub orders: i64,
    /// External sales in the base currency (the unit's `sales` line that day).
    pub sales: Decimal,
    /// SKUs the unit owns that day (active listings).
    pub listings: i64,
}

/// Volumes per (unit code, day) for the month being charged.
pub type Volumes = BTreeMap<(String, NaiveDate), DayVolume>;

/// One internal charge: `amount` billed by `provider` to `user` on `day`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeEntry {
    /// Rule code.
    pub rule: String,
    /// Service centre charging.
    pub provider: String,
    /// Unit charged.
    pub user: String,
    /// Day the charge belongs to.
    pub day: NaiveDate,
    /// Base-currency amount in whole cents (negative = a credit).
    pub amount: Decimal,
}

impl ChargeEntry {
    /// The two sides as facts of kind `internal_charge`: +amount on the
    /// provider's internal sales, −amount on the user's internal purchases.
    pub fn postings(&self) -> [Posting; 2] {
        [
            Posting {
                day: self.day,
                unit: self.provider.clone(),
                kind: FactKind::InternalCharge,
                line: PnlLine::InternalSales,
                amount: self.amount,
            },
            Posting {
                day: self.day,
                unit: self.user.clone(),
                kind: FactKind::InternalCharge,
                line: PnlLine::InternalPurchases,
                amount: -self.amount,
            },
        ]
    }
}

/// Why a rule produced no (or not all) charges.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChargeError {
    /// A fixed charge split by sales, but no user had sales.
    #[error("rule '{rule}': split by sales but its users had no sales in {month}")]
    NoSalesToSplitBy {
        /// Rule code.
        rule: String,
        /// Month.
        month: Month,
    },
    /// A fixed charge split by sales, but a user's sales were negative.
    #[error("rule '{rule}': user '{unit}' has negative sales {sales} in {month}; cannot split by sales")]
    NegativeSales {
        /// Rule code.
        rule: String,
        /// User.
        unit: String,
        /// Its sales.
        sales: Decimal,
        /// Month.
        month: Month,
    },
    /// The rule applies but names no users and there are no profit centres.
    #[error("rule '{rule}': no users to charge")]
    NoUsers {
        /// Rule code.
        rule: String,
    },
    /// A volume × rate does not fit in a decimal (absurd data).
    #[error("rule '{rule}': charge for '{unit}' on {day} overflows")]
    Overflow {
        /// Rule code.
        rule: String,
        /// User.
        unit: String,
        /// Day.
        day: NaiveDate,
    },
    /// A split failed (an absurdly large amount or sales figure).
    #[error("rule '{rule}': split failed: {source}")]
    Split {
        /// Rule code.
        rule: String,
        /// Why.
        source: BoundedSplitError,
    },
}

/// Entries and problems from applying charge rules to a month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChargeOutcome {
    /// Non-zero entries, in (rule order, user, day) order.
    pub entries: Vec<ChargeEntry>,
    /// Rules that could not be applied, each naming the rule.
    pub errors: Vec<ChargeError>,
}

/// Applies `rules` (already validated) to `month`. `default_users` are the
/// units charged by a rule that lists none (the leaf profit centres).
pub fn apply_charges(month: Month, rules: &[ChargeRule], default_users: &[String], volumes: &Volumes) -> ChargeOutcome {
    let mut out = ChargeOutcome::default();
    for rule in rules {
        let days = active_days(&rule.range, month);
        if days.is_empty() {
            continue;
        }
        let users: Vec<&String> = if rule.users.is_empty() { default_users.iter().collect() } else { rule.users.iter().collect() };
        let users: Vec<&String> = users.into_iter().filter(|u| **u != rule.provider).collect();
        if users.is_empty() {
            out.errors.push(ChargeError::NoUsers { rule: rule.code.clone() });
            continue;
        }
        match charge_rule(month, rule, &users, &days, volumes) {
            Ok(entries) => {
                let postings: Vec<Posting> = entries.iter().flat_map(|e| e.postings()).collect();
                assert!(net(&postings).is_zero(), "charge rule {} does not net to zero", rule.code);
                out.entries.extend(entries);
            }
            Err(e) => out.errors.push(e),
        }
    }
    out
}

fn volume(volumes: &Volumes, user: &str, day: NaiveDate) -> DayVolume {
    volumes.get(&(user.to_string(), day)).copied().unwrap_or_default()
}

fn entry(rule: &ChargeRule, user: &str, day: NaiveDate, amount: Decimal) -> ChargeEntry {
    ChargeEntry { rule: rule.code.clone(), provider: rule.provider.clone(), user: user.to_string(), day, amount }
}

/// Spreads a monthly amount over days by weights, keeping non-zero parts.
fn spread(
    rule: &ChargeRule,
    user: &str,
    amount: Decimal,
    days: &[NaiveDate],
    weights: &[Decimal],
) -> Result<Vec<ChargeEntry>, ChargeError> {
    if amount.is_zero() {
        return Ok(Vec::new());
    }
    let parts = split_bounded(amount, weights).map_err(|source| ChargeError::Split { rule: rule.code.clone(), source })?;
    Ok(days.iter().zip(parts).filter(|(_, p)| !p.is_zero()).map(|(d, p)| entry(rule, user, *d, p)).collect())
}

fn charge_rule(
    month: Month,
    rule: &ChargeRule,
    users: &[&String],
    days: &[NaiveDate],
    volumes: &Volumes,
) -> Result<Vec<ChargeEntry>, ChargeError> {
    let mut entries = Vec::new();
    let days_in_month = Decimal::from(month.days());
    let per_day = |f: &dyn Fn(DayVolume) -> Option<Decimal>| -> Result<Vec<ChargeEntry>, ChargeError> {
        let mut v = Vec::new();
        for user in users {
            for day in days {
                let overflow = || ChargeError::Overflow { rule: rule.code.clone(), unit: user.to_string(), day: *day };
                let amount = f(volume(volumes, user, *day)).map(round_money).ok_or_else(overflow)?;
                if !amount.is_zero() {
                    v.push(entry(rule, user, *day, amount));
                }
            }
        }
        Ok(v)
    };
    match &rule.basis {
        ChargeBasis::PerUnitShipped { rate } => entries = per_day(&|v| rate.checked_mul(Decimal::from(v.shipped)))?,
        ChargeBasis::PerOrder { rate } => entries = per_day(&|v| rate.checked_mul(Decimal::from(v.orders)))?,
        ChargeBasis::PercentOfSales { percent } => entries = per_day(&|v| v.sales.checked_mul(*percent).map(|x| x / Decimal::ONE_HUNDRED))?,
        ChargeBasis::PerListing { rate } => {
            for user in users {
                let weights: Vec<Decimal> = days.iter().map(|d| Decimal::from(volume(volumes, user, *d).listings.max(0))).collect();
                let listing_days: Decimal = weights.iter().copied().sum();
                let amount = round_money(*rate * listing_days / days_in_month);
                entries.extend(spread(rule, user, amount, days, &weights)?);
            }
        }
        ChargeBasis::FixedPerMonth { amount, split } => {
            let prorated = round_money(*amount * Decimal::from(days.len() as u64) / days_in_month);
            let weights: Vec<Decimal> = match split {
                FixedSplit::Equal => vec![Decimal::ONE; users.len()],
                FixedSplit::BySales => {
                    let mut w = Vec::with_capacity(users.len());
                    for user in users {
                        let sales: Decimal = days.iter().map(|d| volume(volumes, user, *d).sales).sum();
                        if sales.is_sign_negative() && !sales.is_zero() {
                            return Err(ChargeError::NegativeSales { rule: rule.code.clone(), unit: user.to_string(), sales, month });
                        }
                        w.push(sales);
                    }
                    if w.iter().all(|s| s.is_zero()) {
                        return Err(ChargeError::NoSalesToSplitBy { rule: rule.code.clone(), month });
                    }
                    w
                }
            };
            let shares = split_bounded(prorated, &weights).map_err(|source| ChargeError::Split { rule: rule.code.clone(), source })?;
            let even = vec![Decimal::ONE; days.len()];
            for (user, share) in users.iter().zip(shares) {
                entries.extend(spread(rule, user, share, days, &even)?);
            }
            let total: Decimal = entries.iter().map(|e| e.amount).sum();
            assert_eq!(total, prorated, "fixed charge {} must be billed exactly", rule.code);
        }
    }
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

    fn oct() -> Month {
        "2026-10".parse().unwrap()
    }

    fn rule(code: &str, users: &[&str], basis: ChargeBasis) -> ChargeRule {
        ChargeRule {
            code: code.into(),
            provider: "WH".into(),
            users: users.iter().map(|u| u.to_string()).collect(),
            basis,
            range: EffectiveRange::since(d("2026-01-01")),
        }
    }

    fn vol(v: &mut Volumes, unit: &str, day: &str, f: impl FnOnce(&mut DayVolume)) {
        f(v.entry((unit.to_string(), d(day))).or_default());
    }

    /// docs/formulas.md, "Internal charges" worked example.
    #[test]
    fn worked_example_daily_charges() {
        let mut v = Volumes::new();
        vol(&mut v, "A", "2026-10-03", |x| {
            x.shipped = 37;
            x.orders = 30;
            x.sales = dec!(8456.78);
        });
        let rules = [
            rule("PICK", &["A"], ChargeBasis::PerUnitShipped { rate: dec!(2.50) }),
            rule("CS", &["A"], ChargeBasis::PerOrder { rate: dec!(0.80) }),
            rule("OPS", &["A"], ChargeBasis::PercentOfSales { percent: dec!(1.5) }),
        ];
        let out = apply_charges(oct(), &rules, &[], &v);
        assert!(out.errors.is_empty());
        let amounts: Vec<Decimal> = out.entries.iter().map(|e| e.amount).collect();
        assert_eq!(amounts, vec![dec!(92.50), dec!(24.00), dec!(126.85)]);
    }

    /// docs/formulas.md, "Fixed monthly charge" worked example.
    #[test]
    fn worked_example_fixed_by_sales_spread_over_days() {
        let mut v = Volumes::new();
        vol(&mut v, "A", "2026-10-05", |x| x.sales = dec!(60000));
        vol(&mut v, "B", "2026-10-20", |x| x.sales = dec!(30000));
        vol(&mut v, "C", "2026-10-21", |x| x.sales = dec!(10000));
        let r = rule("IT", &["A", "B", "C"], ChargeBasis::FixedPerMonth { amount: dec!(1000.00), split: FixedSplit::BySales });
        let out = apply_charges(oct(), &[r], &[], &v);
        let per_user = |u: &str| out.entries.iter().filter(|e| e.user == u).map(|e| e.amount).sum::<Decimal>();
        assert_eq!((per_user("A"), per_user("B"), per_user("C")), (dec!(600.00), dec!(300.00), dec!(100.00)));
        // A's 600.00 over 31 days: 19.36 on the first 15 days, 19.35 on the other 16
        let a: Vec<Decimal> = out.entries.iter().filter(|e| e.user == "A").map(|e| e.amount).collect();
        assert_eq!(a.len(), 31);
        assert_eq!(a.iter().filter(|x| **x == dec!(19.36)).count(), 15);
        assert_eq!(a[0], dec!(19.36));
        assert_eq!(a[30], dec!(19.35));
    }

    /// docs/formulas.md, "Per-listing charge" worked example.
    #[test]
    fn worked_example_listing_days() {
        let mut v = Volumes::new();
        for day in 1..=30 {
            let listings = if day >= 16 { 12 } else { 10 };
            vol(&mut v, "A", &format!("2026-11-{day:02}"), |x| x.listings = listings);
        }
        let r = rule("LIST", &["A"], ChargeBasis::PerListing { rate: dec!(5.00) });
        let out = apply_charges("2026-11".parse().unwrap(), &[r], &[], &v);
        let total: Decimal = out.entries.iter().map(|e| e.amount).sum();
        assert_eq!(total, dec!(55.00));
    }

    #[test]
    fn fixed_charge_prorates_partial_month_and_reports_no_sales() {
        let mut r = rule("IT", &["A", "B"], ChargeBasis::FixedPerMonth { amount: dec!(310.00), split: FixedSplit::Equal });
        r.range = EffectiveRange::since(d("2026-10-22"));
        let out = apply_charges(oct(), &[r], &[], &Volumes::new());
        let total: Decimal = out.entries.iter().map(|e| e.amount).sum();
        assert_eq!(total, dec!(100.00));
        assert!(out.entries.iter().all(|e| e.day >= d("2026-10-22")));

        let r = rule("IT2", &["A"], ChargeBasis::FixedPerMonth { amount: dec!(1), split: FixedSplit::BySales });
        let out = apply_charges(oct(), &[r], &[], &Volumes::new());
        assert!(out.entries.is_empty());
        assert!(out.errors[0].to_string().contains("rule 'IT2'"));
    }

    #[test]
    fn empty_users_mean_default_users_without_the_provider() {
        let mut v = Volumes::new();
        vol(&mut v, "A", "2026-10-01", |x| x.orders = 1);
        vol(&mut v, "WH", "2026-10-01", |x| x.orders = 1);
        let r = rule("CS", &[], ChargeBasis::PerOrder { rate: dec!(1) });
        let out = apply_charges(oct(), std::slice::from_ref(&r), &["A".into(), "WH".into()], &v);
        assert_eq!(out.entries.len(), 1);
        assert_eq!(out.entries[0].user, "A");
        let none = apply_charges(oct(), &[r], &[], &v);
        assert_eq!(none.errors, vec![ChargeError::NoUsers { rule: "CS".into() }]);
    }

    fn arb_basis() -> impl Strategy<Value = ChargeBasis> {
        let rate = (0i64..100_000).prop_map(|c| Decimal::new(c, 2));
        prop_oneof![
            rate.clone().prop_map(|rate| ChargeBasis::PerUnitShipped { rate }),
            rate.clone().prop_map(|rate| ChargeBasis::PerOrder { rate }),
            rate.clone().prop_map(|rate| ChargeBasis::PerListing { rate }),
            (0i64..10_000).prop_map(|p| ChargeBasis::PercentOfSales { percent: Decimal::new(p, 3) }),
            (rate, any::<bool>()).prop_map(|(amount, eq)| ChargeBasis::FixedPerMonth {
                amount,
                split: if eq { FixedSplit::Equal } else { FixedSplit::BySales }
            }),
        ]
    }

    proptest! {
        #[test]
        fn internal_charges_net_to_zero_for_the_group(
            bases in proptest::collection::vec((arb_basis(), 0usize..3, 1u32..31), 1..6),
            vols in proptest::collection::vec((0usize..3, 1u32..31, -5i64..500, 0i64..300, -100_000i64..10_000_000, 0i64..50), 0..60),
        ) {
            let units = ["A", "B", "C"];
            let mut v = Volumes::new();
            for (u, day, shipped, orders, sales, listings) in vols {
                let x = v.entry((units[u].to_string(), oct().first_day().with_day0(day - 1).unwrap())).or_default();
                x.shipped += shipped;
                x.orders += orders;
                x.sales += Decimal::new(sales, 2);
                x.listings = listings;
            }
            let rules: Vec<ChargeRule> = bases.into_iter().enumerate().map(|(i, (basis, n_users, from))| {
                let mut r = rule(&format!("R{i}"), &units[..n_users], basis);
                r.range = EffectiveRange::since(oct().first_day().with_day0(from - 1).unwrap());
                r
            }).collect();
            let defaults: Vec<String> = units.iter().map(|u| u.to_string()).collect();
            let out = apply_charges(oct(), &rules, &defaults, &v);
            let mut group = Decimal::ZERO;
            for e in &out.entries {
                prop_assert_eq!(e.amount, e.amount.round_dp(2));
                for p in e.postings() { group += p.amount; }
            }
            prop_assert_eq!(group, Decimal::ZERO);
        }
    }

    use chrono::Datelike;
}
