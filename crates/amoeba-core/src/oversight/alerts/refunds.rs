//! Refund-rate spike: refunded orders ÷ orders of the window against the
//! store's (or SKU's) baseline rate. Fires once the window has `min_orders`
//! orders, when the rate is at least `min_rate` and at least
//! `spike_factor` × the baseline (a product gone bad, a listing that
//! promises what the product does not do).

use super::{AlertDetail, Evaluation, Subject};
use crate::accounting::metrics::RATIO_DP;
use crate::oversight::exact::{count, round_half_away};
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Thresholds of the refund-rate alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRule {
    /// How many times the baseline alerts (2 = double).
    pub spike_factor: Decimal,
    /// Lowest rate that alerts, whatever the baseline (0.05 = 5 %).
    pub min_rate: Decimal,
    /// Orders in the window before the rate is judged.
    #[serde(default)]
    pub min_orders: u64,
}

/// Refunds of one store or SKU over the caller's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundInput {
    /// Store.
    pub store: String,
    /// SKU, `None` for the store.
    pub sku: Option<String>,
    /// Orders in the window.
    pub orders: u64,
    /// Of which refunded.
    pub refunded: u64,
    /// The usual rate (e.g. the last 90 days'); `None` when unknown.
    pub baseline_rate: Option<Decimal>,
}

/// The figures of a refund-rate alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRateSpike {
    /// Orders.
    pub orders: u64,
    /// Refunded orders.
    pub refunded: u64,
    /// refunded ÷ orders, 4 places.
    pub rate: Decimal,
    /// The baseline.
    pub baseline_rate: Option<Decimal>,
    /// The rule's factor.
    pub spike_factor: Decimal,
}

impl RefundRateSpike {
    /// Why it fired, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let base = |zh: bool| match (self.baseline_rate, zh) {
            (Some(b), true) => format!("，是平常 {} 的 {} 倍以上", super::pct(b), self.spike_factor),
            (Some(b), false) => format!(", at least {} times the usual {}", self.spike_factor, super::pct(b)),
            (None, true) => "（没有以往数据可比）".to_string(),
            (None, false) => " (no baseline to compare)".to_string(),
        };
        match lang {
            Lang::Zh => format!("{} 单中退款 {} 单，退款率 {}{}", self.orders, self.refunded, super::pct(self.rate), base(true)),
            Lang::En => {
                format!("{} of {} orders refunded: a refund rate of {}{}", self.refunded, self.orders, super::pct(self.rate), base(false))
            }
        }
    }
}

/// Evaluates the refund rate on `day`.
pub fn evaluate_refunds(rule: &RefundRule, input: &RefundInput, day: NaiveDate) -> Evaluation {
    let subject = Subject::store(&input.store, input.sku.as_deref());
    let rate = (input.orders > 0).then(|| round_half_away(&(count(input.refunded) / count(input.orders)), RATIO_DP)).flatten();
    let detail = rate
        .filter(|r| {
            input.orders >= rule.min_orders
                && *r >= rule.min_rate
                && input.baseline_rate.is_none_or(|b| b <= Decimal::ZERO || *r >= b * rule.spike_factor)
        })
        .map(|rate| {
            AlertDetail::RefundRateSpike(RefundRateSpike {
                orders: input.orders,
                refunded: input.refunded,
                rate,
                baseline_rate: input.baseline_rate,
                spike_factor: rule.spike_factor,
            })
        });
    Evaluation::of("refund_rate_spike", subject, day, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// docs/oversight.md, "Refund-rate spike", worked example.
    #[test]
    fn worked_example_refunds() {
        let rule = RefundRule { spike_factor: dec!(2), min_rate: dec!(0.05), min_orders: 30 };
        let day: NaiveDate = "2026-03-10".parse().unwrap();
        let input =
            RefundInput { store: "AMZ-US".into(), sku: Some("MUG-01".into()), orders: 80, refunded: 7, baseline_rate: Some(dec!(0.03)) };
        let Some(AlertDetail::RefundRateSpike(x)) = evaluate_refunds(&rule, &input, day).alert.map(|a| a.detail) else {
            panic!("8.75 % ≥ 2 × 3 %")
        };
        assert_eq!(x.rate, dec!(0.0875));
        assert!(x.render(Lang::En).contains("7 of 80 orders refunded: a refund rate of 8.8%"), "{}", x.render(Lang::En));
        assert!(super::super::has_chinese(&x.render(Lang::Zh)));
        assert!(evaluate_refunds(&rule, &RefundInput { baseline_rate: Some(dec!(0.05)), ..input.clone() }, day).alert.is_none());
        assert!(evaluate_refunds(&rule, &RefundInput { orders: 20, refunded: 5, ..input.clone() }, day).alert.is_none(), "too few orders");
        assert!(evaluate_refunds(&rule, &RefundInput { orders: 0, refunded: 0, ..input }, day).alert.is_none());
    }
}
