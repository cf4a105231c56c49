//! A slump in sales or conversion beyond normal variation. A day is
//! compared with the same weekday of the last N weeks (Mondays with
//! Mondays: weekly rhythm is the largest normal swing), through a robust
//! baseline that one holiday or one freak day does not move:
//!
//! * median m of the history, and MAD = median of |xᵢ − m|;
//! * 1.4826 × MAD estimates the standard deviation of normal data, so
//!   `m − k × 1.4826 × MAD` is "k standard deviations below normal" (k = 3
//!   by default);
//! * the alert fires when the value is below that line **and** at least
//!   `min_drop` below the median — the absolute floor keeps a very steady
//!   history (MAD near 0) from alerting on a drop nobody would act on.

use super::{AlertDetail, Evaluation, Subject};
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The consistency constant that makes MAD estimate a standard deviation
/// (1 ÷ Φ⁻¹(3/4) for normal data).
pub const MAD_TO_SIGMA: Decimal = Decimal::from_parts(14826, 0, 0, false, 4);

/// The median of `xs` (the mean of the two middle values for an even
/// count); `None` when empty.
pub fn median(xs: &[Decimal]) -> Option<Decimal> {
    if xs.is_empty() {
        return None;
    }
    let mut v = xs.to_vec();
    v.sort();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / Decimal::TWO })
}

/// Median absolute deviation around the median; `None` when empty.
pub fn mad(xs: &[Decimal]) -> Option<Decimal> {
    let m = median(xs)?;
    median(&xs.iter().map(|x| (*x - m).abs()).collect::<Vec<_>>())
}

/// A day's conversion as the slump rule reads it: orders ÷ sessions, a
/// fraction to the ratio precision (`RATIO_DP`); `None` without sessions
/// (a day nobody visited has no conversion to judge).
pub fn conversion(orders: u64, sessions: u64) -> Option<Decimal> {
    use crate::oversight::exact::{count, round_half_away};
    (sessions > 0).then(|| round_half_away(&(count(orders) / count(sessions)), crate::accounting::metrics::RATIO_DP)).flatten()
}

/// What slumped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlumpMetric {
    /// A day's sales.
    Sales,
    /// A day's conversion (orders ÷ sessions, as a fraction).
    Conversion,
}

impl SlumpMetric {
    /// The alert code of this metric's slump.
    pub fn code(&self) -> &'static str {
        match self {
            SlumpMetric::Sales => "sales_slump",
            SlumpMetric::Conversion => "conversion_slump",
        }
    }
}

/// Thresholds of a slump alert (one for sales, one for conversion).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlumpRule {
    /// Weeks of history (the same weekday of each), e.g. 8.
    pub weeks: u32,
    /// Standard deviations below normal that alert (3 by default).
    #[serde(default = "three")]
    pub k: Decimal,
    /// Smallest drop below the median worth an alert: money for sales, a
    /// fraction for conversion (0.005 = half a percentage point).
    pub min_drop: Decimal,
    /// Fewest weeks of history before judging (fewer: no alert).
    #[serde(default = "four")]
    pub min_weeks: u32,
}

fn three() -> Decimal {
    Decimal::from(3)
}

fn four() -> u32 {
    4
}

/// One store's (or SKU's) value today and on the same weekday before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlumpInput {
    /// Store.
    pub store: String,
    /// SKU, `None` for the store.
    pub sku: Option<String>,
    /// Which metric.
    pub metric: SlumpMetric,
    /// Today's value.
    pub value: Decimal,
    /// The same weekday of the weeks before, most recent first (extra weeks beyond the rule's are ignored).
    pub history: Vec<Decimal>,
}

/// The figures of a slump alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slump {
    /// Which metric.
    pub metric: SlumpMetric,
    /// Today's value.
    pub value: Decimal,
    /// Weeks of history used.
    pub weeks: usize,
    /// Median of the history.
    pub median: Decimal,
    /// MAD of the history.
    pub mad: Decimal,
    /// The rule's k.
    pub k: Decimal,
    /// median − k × 1.4826 × MAD.
    pub threshold: Decimal,
    /// median − value.
    pub drop: Decimal,
    /// The rule's floor.
    pub min_drop: Decimal,
}

impl Slump {
    /// Why it fired, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let show = |x: Decimal| match self.metric {
            SlumpMetric::Sales => x.round_dp(2).to_string(),
            SlumpMetric::Conversion => super::pct(x),
        };
        match (lang, self.metric) {
            (Lang::Zh, m) => format!(
                "{}今天 {}，过去 {} 周同一天的中位数 {}，低于正常波动下限 {}（中位数 − {} × 1.4826 × MAD {}），降幅 {} 超过 {}",
                if m == SlumpMetric::Sales { "销售额" } else { "转化率" },
                show(self.value),
                self.weeks,
                show(self.median),
                show(self.threshold),
                self.k,
                show(self.mad),
                show(self.drop),
                show(self.min_drop)
            ),
            (Lang::En, m) => format!(
                "{} of {} today is below normal variation: median {} of the same weekday over {} weeks, floor {} (median − {} × 1.4826 × MAD {}), a drop of {} (at least {})",
                if m == SlumpMetric::Sales { "sales" } else { "conversion" },
                show(self.value),
                show(self.median),
                self.weeks,
                show(self.threshold),
                self.k,
                show(self.mad),
                show(self.drop),
                show(self.min_drop)
            ),
        }
    }
}

/// Evaluates a slump on `day`.
pub fn evaluate_slump(rule: &SlumpRule, input: &SlumpInput, day: NaiveDate) -> Evaluation {
    let subject = Subject::store(&input.store, input.sku.as_deref());
    let history: Vec<Decimal> = input.history.iter().copied().take(rule.weeks as usize).collect();
    let detail = if history.len() < rule.min_weeks.max(1) as usize {
        None
    } else {
        match (median(&history), mad(&history)) {
            (Some(m), Some(d)) => {
                let threshold = m - rule.k * MAD_TO_SIGMA * d;
                let drop = m - input.value;
                (input.value < threshold && drop >= rule.min_drop).then_some({
                    AlertDetail::Slump(Slump {
                        metric: input.metric,
                        value: input.value,
                        weeks: history.len(),
                        median: m,
                        mad: d,
                        k: rule.k,
                        threshold,
                        drop,
                        min_drop: rule.min_drop,
                    })
                })
            }
            _ => None,
        }
    };
    Evaluation::of(input.metric.code(), subject, day, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day() -> NaiveDate {
        "2026-03-09".parse().unwrap()
    }

    #[test]
    fn conversion_is_orders_over_sessions_and_none_without_sessions() {
        assert_eq!(conversion(18, 1000), Some(dec!(0.018)));
        assert_eq!(conversion(1, 3), Some(dec!(0.3333)));
        assert_eq!(conversion(5, 0), None);
    }

    #[test]
    fn median_and_mad() {
        assert_eq!(median(&[dec!(3), dec!(1), dec!(2)]), Some(dec!(2)));
        assert_eq!(median(&[dec!(4), dec!(1), dec!(2), dec!(3)]), Some(dec!(2.5)));
        assert_eq!(median(&[]), None);
        assert_eq!(mad(&[dec!(1), dec!(1), dec!(2), dec!(2), dec!(4), dec!(6), dec!(9)]), Some(dec!(1)));
    }

    /// docs/oversight.md, "Slump", worked example: eight Mondays of sales.
    #[test]
    fn worked_example_sales_slump() {
        let rule = SlumpRule { weeks: 8, k: dec!(3), min_drop: dec!(1000), min_weeks: 4 };
        let mondays = vec![dec!(5200), dec!(4800), dec!(5000), dec!(5100), dec!(4900), dec!(5300), dec!(2100), dec!(5000)];
        let input = SlumpInput { store: "ALI-1".into(), sku: None, metric: SlumpMetric::Sales, value: dec!(3900), history: mondays };
        let e = evaluate_slump(&rule, &input, day());
        assert_eq!(e.key.code, "sales_slump");
        let Some(AlertDetail::Slump(x)) = e.alert.map(|a| a.detail) else { panic!("3900 < 4332.83") };
        // median 5000, deviations 200 200 0 100 100 300 2900 0 → MAD 150; 5000 − 3 × 1.4826 × 150 = 4332.83.
        assert_eq!((x.median, x.mad, x.threshold, x.drop), (dec!(5000), dec!(150), dec!(4332.8300), dec!(1100)));
        assert!(x.render(Lang::En).contains("floor 4332.83"), "{}", x.render(Lang::En));
        assert!(super::super::has_chinese(&x.render(Lang::Zh)));
        // 4400 is within normal variation; the freak 2100 Monday did not move the baseline.
        assert!(evaluate_slump(&rule, &SlumpInput { value: dec!(4400), ..input.clone() }, day()).alert.is_none());
        // Too short a history: no judgement.
        assert!(evaluate_slump(&rule, &SlumpInput { history: vec![dec!(5000); 3], ..input }, day()).alert.is_none());
    }

    /// docs/oversight.md, "Slump": a flat history alerts only past the absolute floor.
    #[test]
    fn flat_history_needs_the_floor() {
        let rule = SlumpRule { weeks: 8, k: dec!(3), min_drop: dec!(0.005), min_weeks: 4 };
        let input = SlumpInput {
            store: "ALI-1".into(),
            sku: None,
            metric: SlumpMetric::Conversion,
            value: dec!(0.018),
            history: vec![dec!(0.020); 6],
        };
        assert!(evaluate_slump(&rule, &input, day()).alert.is_none(), "0.2 points is under the floor");
        let e = evaluate_slump(&rule, &SlumpInput { value: dec!(0.014), ..input }, day());
        assert_eq!(e.key.code, "conversion_slump");
        assert!(e.alert.unwrap().render(Lang::En).contains("conversion of 1.4% today"));
    }
}
