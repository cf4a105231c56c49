//! Storage-fee spike: a store's storage fees of a period against their
//! usual level, the median of the same periods before (a median, so one
//! earlier spike does not raise the bar). Fires when the fee is above
//! median × (1 + `max_increase`) and at least `min_increase` above it.

use super::slump::median;
use super::{AlertDetail, Evaluation, Subject};
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Thresholds of the storage-fee spike alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageSpikeRule {
    /// Increase over the median that alerts (0.30 = 30 %).
    pub max_increase: Decimal,
    /// Smallest increase, in money, worth an alert.
    #[serde(default)]
    pub min_increase: Decimal,
}

/// A store's storage fees: the period just ended and the ones before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageFeeInput {
    /// Store.
    pub store: String,
    /// Fees of the period (magnitude).
    pub current: Decimal,
    /// Fees of the same-length periods before.
    pub history: Vec<Decimal>,
}

/// The figures of a storage-fee spike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageFeeSpike {
    /// Fees of the period.
    pub current: Decimal,
    /// Median of the periods before.
    pub median: Decimal,
    /// current − median.
    pub increase: Decimal,
    /// The rule's share.
    pub max_increase: Decimal,
}

impl StorageFeeSpike {
    /// Why it fired, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "仓储费 {}，比以往中位数 {} 高出 {}，超过了 {} 的上限",
                self.current,
                self.median,
                self.increase,
                super::pct(self.max_increase)
            ),
            Lang::En => format!(
                "storage fees of {} are {} above their usual {} (median), more than the {} allowed",
                self.current,
                self.increase,
                self.median,
                super::pct(self.max_increase)
            ),
        }
    }
}

/// Evaluates a store's storage fees on `day` (no history: nothing to compare, no alert).
pub fn evaluate_storage_spike(rule: &StorageSpikeRule, input: &StorageFeeInput, day: NaiveDate) -> Evaluation {
    let subject = Subject::store(&input.store, None);
    let current = input.current.abs();
    let history: Vec<Decimal> = input.history.iter().map(|x| x.abs()).collect();
    let detail = median(&history).and_then(|m| {
        let increase = current - m;
        let fires = current > m * (Decimal::ONE + rule.max_increase) && increase >= rule.min_increase;
        fires.then_some(AlertDetail::StorageFeeSpike(StorageFeeSpike { current, median: m, increase, max_increase: rule.max_increase }))
    });
    Evaluation::of("storage_fee_spike", subject, day, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// docs/oversight.md, "Storage-fee spike", worked example.
    #[test]
    fn worked_example_storage_spike() {
        let rule = StorageSpikeRule { max_increase: dec!(0.30), min_increase: dec!(200) };
        let day: NaiveDate = "2026-04-01".parse().unwrap();
        let input =
            StorageFeeInput { store: "AMZ-US".into(), current: dec!(-1850), history: vec![dec!(1200), dec!(1150), dec!(2900), dec!(1250)] };
        let Some(AlertDetail::StorageFeeSpike(x)) = evaluate_storage_spike(&rule, &input, day).alert.map(|a| a.detail) else {
            panic!("1850 > 1225 × 1.3")
        };
        assert_eq!((x.median, x.increase), (dec!(1225), dec!(625)));
        assert!(x.render(Lang::En).contains("625 above their usual 1225"), "{}", x.render(Lang::En));
        assert!(super::super::has_chinese(&x.render(Lang::Zh)));
        let quiet = StorageFeeInput { current: dec!(1500), ..input.clone() };
        assert!(evaluate_storage_spike(&rule, &quiet, day).alert.is_none(), "1500 < 1592.50");
        let none = StorageFeeInput { history: vec![], ..input };
        assert!(evaluate_storage_spike(&rule, &none, day).alert.is_none());
    }
}
