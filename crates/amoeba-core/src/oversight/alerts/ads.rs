//! ACoS over its guardrail: marketing answers for ACoS (seed 001), but a
//! campaign with three clicks has no ACoS worth a call. The rule fires only
//! once the window has at least `min_clicks` clicks or `min_spend` spend,
//! and then when ACoS = spend ÷ ad sales exceeds `max_acos` (spend with no
//! ad sales at all is over any guardrail).

use super::{AlertDetail, Evaluation, Subject};
use crate::accounting::metrics::acos;
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Thresholds of the ACoS guardrail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcosRule {
    /// Highest acceptable ACoS (0.30 = 30 %).
    pub max_acos: Decimal,
    /// Clicks before ACoS is judged.
    #[serde(default)]
    pub min_clicks: u64,
    /// Or spend before ACoS is judged.
    #[serde(default)]
    pub min_spend: Decimal,
}

/// Ads of one store or SKU over the caller's window (e.g. the last 7 days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdsInput {
    /// Store.
    pub store: String,
    /// SKU, `None` for the store's ads as a whole.
    pub sku: Option<String>,
    /// Clicks.
    pub clicks: u64,
    /// Spend (magnitude or ledger sign).
    pub ad_spend: Decimal,
    /// Ad-attributed sales.
    pub ad_sales: Decimal,
}

/// The figures of an ACoS alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcosOverGuardrail {
    /// Clicks.
    pub clicks: u64,
    /// Spend.
    pub ad_spend: Decimal,
    /// Ad sales.
    pub ad_sales: Decimal,
    /// ACoS (4 places); `None`: no ad sales.
    pub acos: Option<Decimal>,
    /// The guardrail.
    pub max_acos: Decimal,
}

impl AcosOverGuardrail {
    /// Why it fired, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match (lang, self.acos) {
            (Lang::Zh, Some(a)) => format!(
                "广告花费 {}，广告销售额 {}，ACoS {} 超过上限 {}（{} 次点击）",
                self.ad_spend,
                self.ad_sales,
                super::pct(a),
                super::pct(self.max_acos),
                self.clicks
            ),
            (Lang::Zh, None) => {
                format!("广告花费 {}、{} 次点击，却没有广告销售额（上限 {}）", self.ad_spend, self.clicks, super::pct(self.max_acos))
            }
            (Lang::En, Some(a)) => format!(
                "ad spend {} for {} of ad sales: ACoS {} is over the {} guardrail ({} clicks)",
                self.ad_spend,
                self.ad_sales,
                super::pct(a),
                super::pct(self.max_acos),
                self.clicks
            ),
            (Lang::En, None) => {
                format!(
                    "ad spend {} and {} clicks without any ad sales (guardrail {})",
                    self.ad_spend,
                    self.clicks,
                    super::pct(self.max_acos)
                )
            }
        }
    }
}

/// Evaluates the ACoS guardrail on `day`.
pub fn evaluate_acos(rule: &AcosRule, input: &AdsInput, day: NaiveDate) -> Evaluation {
    let subject = Subject::store(&input.store, input.sku.as_deref());
    let spend = input.ad_spend.abs();
    let enough = input.clicks >= rule.min_clicks || spend >= rule.min_spend;
    let ratio = acos(spend, input.ad_sales);
    let over = match ratio {
        Some(a) => a > rule.max_acos,
        None => spend > Decimal::ZERO,
    };
    let detail = (enough && over).then_some({
        AlertDetail::AcosOverGuardrail(AcosOverGuardrail {
            clicks: input.clicks,
            ad_spend: spend,
            ad_sales: input.ad_sales,
            acos: ratio,
            max_acos: rule.max_acos,
        })
    });
    Evaluation::of("acos_over_guardrail", subject, day, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn ads(clicks: u64, spend: Decimal, sales: Decimal) -> AdsInput {
        AdsInput { store: "AMZ-US".into(), sku: Some("MUG-01".into()), clicks, ad_spend: spend, ad_sales: sales }
    }

    /// docs/oversight.md, "ACoS over guardrail", worked example.
    #[test]
    fn worked_example_acos() {
        let rule = AcosRule { max_acos: dec!(0.30), min_clicks: 100, min_spend: dec!(50) };
        let day: NaiveDate = "2026-03-10".parse().unwrap();
        let Some(AlertDetail::AcosOverGuardrail(x)) =
            evaluate_acos(&rule, &ads(140, dec!(-84.00), dec!(210.00)), day).alert.map(|a| a.detail)
        else {
            panic!("40 % > 30 %")
        };
        assert_eq!(x.acos, Some(dec!(0.4000)));
        assert!(x.render(Lang::En).contains("ACoS 40.0% is over the 30.0% guardrail"), "{}", x.render(Lang::En));
        assert!(super::super::has_chinese(&x.render(Lang::Zh)));
        assert!(evaluate_acos(&rule, &ads(12, dec!(20.00), dec!(30.00)), day).alert.is_none(), "too few clicks and too little spend");
        assert!(evaluate_acos(&rule, &ads(12, dec!(60.00), dec!(0)), day).alert.is_some(), "enough spend, no sales");
        assert!(evaluate_acos(&rule, &ads(500, dec!(60.00), dec!(300.00)), day).alert.is_none(), "20 % is within");
    }
}
