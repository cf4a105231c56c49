//! Cross-border selling metrics from plain aggregates. The caller groups its
//! figures per store, SKU or unit (all in the base currency); every metric
//! here is the same formula whatever the grouping.
//!
//! Each returns `None` when its denominator is zero (or negative, which only
//! bad data produces) rather than inventing a figure. Ratios are fractions
//! (0.2500 = 25 %) rounded to [`RATIO_DP`] places; day counts to [`DAYS_DP`];
//! money with [`round_money`]. All use the rounding rule of `round_money`
//! (half away from zero), applied once, to the final figure.

use crate::money::round_money;
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Decimal places of a ratio (ACoS, ROAS, TACoS, refund and repurchase rates).
pub const RATIO_DP: u32 = 4;

/// Decimal places of a day count (turnover days, days of cover).
pub const DAYS_DP: u32 = 2;

/// Days in the trailing window of days of cover.
pub const COVER_WINDOW_DAYS: i64 = 30;

/// Rounds a non-money figure to `dp` places with the same rule as
/// [`round_money`] (half away from zero), so ratios and money agree on how
/// a half is treated.
pub fn round_dp(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

fn ratio(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den <= Decimal::ZERO {
        return None;
    }
    num.checked_div(den).map(|r| round_dp(r, RATIO_DP))
}

/// ACoS = ad spend ÷ ad-attributed sales. Spend may be given in ledger sign
/// (negative) or as a magnitude; its magnitude is used.
pub fn acos(ad_spend: Decimal, ad_sales: Decimal) -> Option<Decimal> {
    ratio(ad_spend.abs(), ad_sales)
}

/// ROAS = ad-attributed sales ÷ ad spend (computed from the raw figures,
/// not as 1 ÷ a rounded ACoS).
pub fn roas(ad_spend: Decimal, ad_sales: Decimal) -> Option<Decimal> {
    ratio(ad_sales, ad_spend.abs())
}

/// TACoS = ad spend ÷ total sales (organic + ad-attributed).
pub fn tacos(ad_spend: Decimal, total_sales: Decimal) -> Option<Decimal> {
    ratio(ad_spend.abs(), total_sales)
}

/// Refund rate = refunds ÷ sales, by money (refunds' magnitude).
pub fn refund_rate(refunds: Decimal, sales: Decimal) -> Option<Decimal> {
    ratio(refunds.abs(), sales)
}

/// Sales, refunds and ads of one store / SKU / unit over a period, in the base currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SalesFigures {
    /// External sales (the `sales` line).
    pub sales: Decimal,
    /// Refunds (ledger sign or magnitude).
    pub refunds: Decimal,
    /// Ad spend (ledger sign or magnitude).
    pub ad_spend: Decimal,
    /// Ad-attributed sales (metric facts).
    pub ad_sales: Decimal,
}

impl SalesFigures {
    /// See [`acos`].
    pub fn acos(&self) -> Option<Decimal> {
        acos(self.ad_spend, self.ad_sales)
    }
    /// See [`roas`].
    pub fn roas(&self) -> Option<Decimal> {
        roas(self.ad_spend, self.ad_sales)
    }
    /// See [`tacos`], with `sales` as total sales.
    pub fn tacos(&self) -> Option<Decimal> {
        tacos(self.ad_spend, self.sales)
    }
    /// See [`refund_rate`].
    pub fn refund_rate(&self) -> Option<Decimal> {
        refund_rate(self.refunds, self.sales)
    }
}

/// Average inventory at landed cost: the mean of the snapshot values given
/// (typically one per day of the period, or opening and closing), rounded
/// to the cent. `None` without snapshots.
pub fn average_inventory(snapshot_values: &[Decimal]) -> Option<Decimal> {
    if snapshot_values.is_empty() {
        return None;
    }
    let sum = snapshot_values.iter().try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))?;
    sum.checked_div(Decimal::from(snapshot_values.len() as u64)).map(round_money)
}

/// Inventory turnover days = average inventory at landed cost ÷ (COGS of the
/// period ÷ days in the period). COGS in ledger sign or magnitude.
pub fn inventory_turnover_days(average_inventory: Decimal, cogs: Decimal, days_in_period: u32) -> Option<Decimal> {
    let cogs = cogs.abs();
    if cogs.is_zero() || days_in_period == 0 {
        return None;
    }
    average_inventory.checked_mul(Decimal::from(days_in_period))?.checked_div(cogs).map(|d| round_dp(d, DAYS_DP))
}

/// Stock position of one SKU (or a store's total) for days of cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockPosition {
    /// Sellable units on hand.
    pub on_hand: i64,
    /// Units inbound (shipped to the warehouse, not yet received).
    pub inbound: i64,
    /// Units sold over the last [`COVER_WINDOW_DAYS`] days.
    pub sold_last_30_days: i64,
}

/// Days of cover = (on hand [+ inbound]) ÷ average daily units sold over the
/// last 30 days. Whether inbound counts is the caller's stated choice.
pub fn days_of_cover(p: &StockPosition, include_inbound: bool) -> Option<Decimal> {
    if p.sold_last_30_days <= 0 {
        return None;
    }
    let stock = i128::from(p.on_hand) + if include_inbound { i128::from(p.inbound) } else { 0 };
    let days = Decimal::from(stock) * Decimal::from(COVER_WINDOW_DAYS) / Decimal::from(p.sold_last_30_days);
    Some(round_dp(days, DAYS_DP))
}

/// Repurchase rate = customers with ≥ 2 orders in the window ÷ customers
/// with ≥ 1, from each customer's order count in the window.
pub fn repurchase_rate(orders_per_customer: &[u64]) -> Option<Decimal> {
    let buyers = orders_per_customer.iter().filter(|n| **n >= 1).count() as u64;
    let repeat = orders_per_customer.iter().filter(|n| **n >= 2).count() as u64;
    ratio(Decimal::from(repeat), Decimal::from(buyers))
}

/// One order's gross margin, for LTV: the order's sales + refunds + COGS +
/// platform and fulfilment fees (ledger signs, base currency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOrder {
    /// Customer id.
    pub customer: String,
    /// Order day.
    pub day: NaiveDate,
    /// Gross margin of the order.
    pub gross_margin: Decimal,
}

/// LTV of one first-order cohort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cohort {
    /// Month of the customers' first order.
    pub month: Month,
    /// Customers in the cohort.
    pub customers: u64,
    /// Σ gross margin of their orders inside each one's horizon.
    pub margin: Decimal,
    /// margin ÷ customers, rounded to the cent (`None` if the margin overflowed).
    pub ltv: Option<Decimal>,
    /// Whether every customer's horizon has ended by `as_of` (else the LTV is still growing).
    pub complete: bool,
}

/// LTV by first-order cohort: each customer's cohort is the month of their
/// first order; their margin counts orders from that day for `horizon_days`
/// days (first day included); cohort LTV = Σ margin ÷ customers. Orders
/// after `as_of` are ignored. Pass full order history since the first
/// orders, or early customers will be mis-cohorted.
pub fn ltv_by_cohort(orders: &[CustomerOrder], horizon_days: u32, as_of: NaiveDate) -> Vec<Cohort> {
    let orders: Vec<&CustomerOrder> = orders.iter().filter(|o| o.day <= as_of).collect();
    let mut first: BTreeMap<&str, NaiveDate> = BTreeMap::new();
    for o in &orders {
        let f = first.entry(o.customer.as_str()).or_insert(o.day);
        *f = (*f).min(o.day);
    }
    let horizon = chrono::Days::new(u64::from(horizon_days));
    // (customers, Σ margin; None once the sum no longer fits a decimal)
    let mut cohorts: BTreeMap<Month, (u64, Option<Decimal>)> = BTreeMap::new();
    for day in first.values() {
        cohorts.entry(Month::of(*day)).or_insert((0, Some(Decimal::ZERO))).0 += 1;
    }
    for o in &orders {
        let f = first[o.customer.as_str()];
        if f.checked_add_days(horizon).is_none_or(|end| o.day < end) {
            let c = cohorts.entry(Month::of(f)).or_insert((0, Some(Decimal::ZERO)));
            c.1 = c.1.and_then(|m| m.checked_add(o.gross_margin));
        }
    }
    cohorts
        .into_iter()
        .map(|(month, (customers, margin))| {
            let last_window_end = month.last_day().checked_add_days(horizon);
            Cohort {
                month,
                customers,
                margin: margin.unwrap_or_default(),
                ltv: margin.and_then(|m| m.checked_div(Decimal::from(customers))).map(round_money),
                complete: last_window_end.is_some_and(|end| end <= as_of.succ_opt().unwrap_or(as_of)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// docs/formulas.md, "ACoS, ROAS, TACoS, refund rate" worked example.
    #[test]
    fn worked_example_ad_ratios() {
        let f = SalesFigures { sales: dec!(5000.00), refunds: dec!(-123.45), ad_spend: dec!(-250.00), ad_sales: dec!(1000.00) };
        assert_eq!(f.acos(), Some(dec!(0.2500)));
        assert_eq!(f.roas(), Some(dec!(4.0000)));
        assert_eq!(f.tacos(), Some(dec!(0.0500)));
        assert_eq!(f.refund_rate(), Some(dec!(0.0247)));
        assert_eq!(acos(dec!(10), dec!(0)), None);
        assert_eq!(roas(dec!(0), dec!(10)), None);
    }

    /// docs/formulas.md, "Inventory turnover days" worked example.
    #[test]
    fn worked_example_turnover_days() {
        let avg = average_inventory(&[dec!(30000.00), dec!(34000.00), dec!(32500.00)]).unwrap();
        assert_eq!(avg, dec!(32166.67));
        assert_eq!(inventory_turnover_days(avg, dec!(-24000.00), 30), Some(dec!(40.21)));
        assert_eq!(inventory_turnover_days(avg, dec!(0), 30), None);
        assert_eq!(average_inventory(&[]), None);
    }

    /// docs/formulas.md, "Days of cover" worked example.
    #[test]
    fn worked_example_days_of_cover() {
        let p = StockPosition { on_hand: 420, inbound: 300, sold_last_30_days: 360 };
        assert_eq!(days_of_cover(&p, true), Some(dec!(60.00)));
        assert_eq!(days_of_cover(&p, false), Some(dec!(35.00)));
        assert_eq!(days_of_cover(&StockPosition { sold_last_30_days: 0, ..p }, true), None);
    }

    /// docs/formulas.md, "Repurchase rate" worked example.
    #[test]
    fn worked_example_repurchase() {
        assert_eq!(repurchase_rate(&[1, 1, 2, 3, 1, 1, 5]), Some(dec!(0.4286)));
        assert_eq!(repurchase_rate(&[0, 0]), None);
    }

    /// docs/formulas.md, "LTV" worked example.
    #[test]
    fn worked_example_ltv() {
        let o = |c: &str, day: &str, m: Decimal| CustomerOrder { customer: c.into(), day: d(day), gross_margin: m };
        let orders = [
            o("c1", "2026-01-05", dec!(50.00)),
            o("c1", "2026-06-01", dec!(30.00)),
            o("c1", "2027-01-10", dec!(40.00)),
            o("c2", "2026-01-20", dec!(25.00)),
            o("c3", "2026-02-03", dec!(60.00)),
        ];
        let cohorts = ltv_by_cohort(&orders, 365, d("2027-02-15"));
        assert_eq!(cohorts.len(), 2);
        assert_eq!((cohorts[0].customers, cohorts[0].margin, cohorts[0].ltv), (2, dec!(105.00), Some(dec!(52.50))));
        assert!(cohorts[0].complete);
        assert_eq!(cohorts[1].ltv, Some(dec!(60.00)));
        // February customers' windows run until 2027-02-27 at the latest.
        assert!(!cohorts[1].complete);
    }

    proptest! {
        #[test]
        fn ratios_are_none_only_without_a_denominator(num in -10_000_000i64..10_000_000, den in -1_000i64..10_000_000) {
            let (n, dd) = (Decimal::new(num, 2), Decimal::new(den, 2));
            match acos(n, dd) {
                None => prop_assert!(den <= 0),
                Some(a) => {
                    prop_assert!(den > 0);
                    prop_assert_eq!(a, a.round_dp(RATIO_DP));
                    prop_assert!((a - n.abs() / dd).abs() <= dec!(0.00005));
                }
            }
        }
    }
}
