//! FX exposure: marketplace money already earned in a foreign currency but
//! not yet deposited loses value when the rate falls. Profit at risk =
//! Σ open amount × (rate when booked − rate today), in the base currency;
//! the alert fires when it is at least `min_loss` and at least
//! `max_share_of_profit` of the unit's month profit (any loss of that size
//! fires when the month has no profit to eat).

use super::{AlertDetail, Evaluation, Subject};
use crate::money::{Currency, MONEY_DP, RATE_DP};
use crate::oversight::exact::{rational, round_half_away};
use crate::Lang;
use chrono::NaiveDate;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Thresholds of the FX exposure alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxRule {
    /// Share of the month's profit a loss may reach before it alerts (0.10 = 10 %).
    pub max_share_of_profit: Decimal,
    /// Smallest loss, in the base currency, worth an alert.
    #[serde(default)]
    pub min_loss: Decimal,
}

/// Money booked at one rate and not yet deposited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenLot {
    /// Amount in the foreign currency (sales settled or receivable, not yet in the bank).
    pub amount: Decimal,
    /// Base-currency units per foreign unit when it was booked.
    pub booked_rate: Decimal,
}

/// One unit's open foreign money in one currency, today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FxInput {
    /// The unit.
    pub unit: String,
    /// The foreign currency.
    pub currency: Currency,
    /// What is open, by booking rate.
    pub lots: Vec<OpenLot>,
    /// Today's rate.
    pub rate_today: Decimal,
    /// The unit's profit of the month so far, in the base currency.
    pub month_profit: Decimal,
}

/// The figures of an FX exposure alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxExposure {
    /// Σ open amounts, foreign currency.
    pub open_amount: Decimal,
    /// Their average booking rate, weighted by amount, to [`RATE_DP`].
    pub booked_rate: Decimal,
    /// Today's rate.
    pub rate_today: Decimal,
    /// Profit at risk, base currency, to the fen (positive: a loss).
    pub at_risk: Decimal,
    /// The unit's month profit.
    pub month_profit: Decimal,
    /// at_risk ÷ month profit, to 4 places; `None` without a profit.
    pub share: Option<Decimal>,
    /// The rule's share.
    pub max_share_of_profit: Decimal,
    /// The rule's smallest loss.
    pub min_loss: Decimal,
}

impl FxExposure {
    /// Why it fired, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let share = self.share.map(super::pct);
        match lang {
            Lang::Zh => format!(
                "未回款外币 {} 入账汇率 {}，今日 {}，汇率变动将吃掉 {} 利润{}（阈值 {}，最低 {}）",
                self.open_amount,
                self.booked_rate,
                self.rate_today,
                self.at_risk,
                share.map(|s| format!("，占本月利润 {} 的 {s}", self.month_profit)).unwrap_or_else(|| "，本月尚无利润".into()),
                super::pct(self.max_share_of_profit),
                self.min_loss
            ),
            Lang::En => format!(
                "{} not yet deposited, booked at {} and {} today: the rate move eats {} of profit{} (limit {}, at least {})",
                self.open_amount,
                self.booked_rate,
                self.rate_today,
                self.at_risk,
                share
                    .map(|s| format!(", {s} of the month's profit of {}", self.month_profit))
                    .unwrap_or_else(|| ", the month has no profit yet".into()),
                super::pct(self.max_share_of_profit),
                self.min_loss
            ),
        }
    }
}

/// Evaluates the FX exposure of one unit and currency on `day`.
pub fn evaluate_fx(rule: &FxRule, input: &FxInput, day: NaiveDate) -> Evaluation {
    let subject = Subject { unit: Some(input.unit.clone()), currency: Some(input.currency), ..Default::default() };
    let today = rational(input.rate_today);
    let open: BigRational = input.lots.iter().fold(BigRational::zero(), |a, l| a + rational(l.amount));
    let at_risk: BigRational =
        input.lots.iter().fold(BigRational::zero(), |a, l| a + rational(l.amount) * (rational(l.booked_rate) - &today));
    let booked = if open.is_zero() {
        Some(input.rate_today)
    } else {
        round_half_away(
            &(input.lots.iter().fold(BigRational::zero(), |a, l| a + rational(l.amount) * rational(l.booked_rate)) / &open),
            RATE_DP,
        )
    };
    let profit = rational(input.month_profit);
    let share = if profit.is_positive() { round_half_away(&(&at_risk / &profit), 4) } else { None };
    let fires = at_risk.is_positive()
        && at_risk >= rational(rule.min_loss)
        && (!profit.is_positive() || at_risk >= &profit * rational(rule.max_share_of_profit));
    let detail = match (fires, round_half_away(&open, RATE_DP), booked, round_half_away(&at_risk, MONEY_DP)) {
        (true, Some(open_amount), Some(booked_rate), Some(at_risk)) => Some(AlertDetail::FxExposure(FxExposure {
            open_amount: open_amount.normalize(),
            booked_rate: booked_rate.normalize(),
            rate_today: input.rate_today,
            at_risk,
            month_profit: input.month_profit,
            share,
            max_share_of_profit: rule.max_share_of_profit,
            min_loss: rule.min_loss,
        })),
        _ => None,
    };
    Evaluation::of("fx_exposure", subject, day, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn input(lots: Vec<OpenLot>, today: Decimal, profit: Decimal) -> FxInput {
        FxInput { unit: "AMZ-US-TEAM".into(), currency: Currency::USD, lots, rate_today: today, month_profit: profit }
    }

    fn day() -> NaiveDate {
        "2026-03-10".parse().unwrap()
    }

    /// docs/oversight.md, "FX exposure", worked example.
    #[test]
    fn worked_example_fx_exposure() {
        let rule = FxRule { max_share_of_profit: dec!(0.10), min_loss: dec!(1000) };
        let lots = vec![OpenLot { amount: dec!(30000), booked_rate: dec!(7.20) }, OpenLot { amount: dec!(20000), booked_rate: dec!(7.15) }];
        let e = evaluate_fx(&rule, &input(lots.clone(), dec!(7.05), dec!(40000)), day());
        let Some(AlertDetail::FxExposure(x)) = e.alert.map(|a| a.detail) else { panic!("should fire") };
        // 30 000 × 0.15 + 20 000 × 0.10 = 6 500; 6 500 ÷ 40 000 = 16.25 % ≥ 10 %.
        assert_eq!((x.open_amount, x.booked_rate, x.at_risk, x.share), (dec!(50000), dec!(7.18), dec!(6500.00), Some(dec!(0.1625))));
        assert!(x.render(Lang::En).contains("16.3% of the month's profit"), "{}", x.render(Lang::En));
        assert!(super::super::has_chinese(&x.render(Lang::Zh)));
        // The same move against a month of ¥100 000 profit is 6.5 %: no alert.
        assert!(evaluate_fx(&rule, &input(lots.clone(), dec!(7.05), dec!(100000)), day()).alert.is_none());
        // A rise is a gain, never an alert.
        assert!(evaluate_fx(&rule, &input(lots.clone(), dec!(7.30), dec!(1)), day()).alert.is_none());
        // A month without profit: any loss of at least min_loss fires.
        assert!(evaluate_fx(&rule, &input(lots, dec!(7.05), dec!(-5000)), day()).alert.is_some());
    }

    #[test]
    fn small_losses_stay_quiet() {
        let rule = FxRule { max_share_of_profit: dec!(0.01), min_loss: dec!(1000) };
        let lots = vec![OpenLot { amount: dec!(1000), booked_rate: dec!(7.2) }];
        let e = evaluate_fx(&rule, &input(lots, dec!(7.0), dec!(100)), day());
        assert_eq!(e.key.code, "fx_exposure");
        assert!(e.alert.is_none(), "a ¥200 loss is under min_loss");
    }
}
