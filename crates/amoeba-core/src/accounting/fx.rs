//! Exchange rates: conversion of source-currency aggregates to the base
//! currency, and FX gain/loss between booking and settlement.
//!
//! Where rounding happens: facts are summed per (unit, day, kind, line,
//! currency) in their source currency, exactly; each such sum is converted
//! once (`amount × rate`) and rounded once with [`round_money`]. Everything
//! above that — months, parents, the group — is a sum of cents and exact.

use crate::ledger::FxRate;
use crate::money::{round_money, Currency};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest accepted exchange rate (base units per foreign unit). Rates are
/// bounded so that `amount × rate` can never overflow a `Decimal`.
pub const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// Why an amount could not be converted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub enum FxError {
    /// No rate on or before the day. The close reports one per currency,
    /// with the first day that needs it, so finance can load from there.
    #[error("no {currency} rate on or before {day}: import FX rates for {currency} from {day}")]
    MissingRate {
        /// Currency without a rate.
        currency: Currency,
        /// First day needing it.
        day: NaiveDate,
    },
    /// The product does not fit in a decimal (absurd amount or rate).
    #[error("converting {amount} {currency} on {day} overflows")]
    Overflow {
        /// Currency converted.
        currency: Currency,
        /// Day of the rate.
        day: NaiveDate,
        /// Amount converted.
        amount: Decimal,
    },
}

/// A rate that cannot enter the table, with its source line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FxTableError {
    /// Zero, negative or absurdly large rate.
    #[error("line {line}: {currency} rate {rate} on {day} must be greater than 0 and at most {MAX_RATE}")]
    BadRate {
        /// Source line.
        line: u64,
        /// Currency.
        currency: Currency,
        /// Day.
        day: NaiveDate,
        /// The rate.
        rate: Decimal,
    },
    /// Two different rates for one currency on one day.
    #[error("line {line}: {currency} on {day} has rate {rate} but an earlier line gives {other}")]
    Conflict {
        /// Source line of the later rate.
        line: u64,
        /// Currency.
        currency: Currency,
        /// Day.
        day: NaiveDate,
        /// This line's rate.
        rate: Decimal,
        /// The rate given earlier.
        other: Decimal,
    },
    /// The base currency's rate is 1 by definition.
    #[error("line {line}: the base currency {currency} always has rate 1, got {rate}")]
    BaseNotOne {
        /// Source line.
        line: u64,
        /// The base currency.
        currency: Currency,
        /// The rate given.
        rate: Decimal,
    },
}

/// Rates by currency and day, with the "latest on or before the day" rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FxTable {
    base: Currency,
    rates: BTreeMap<Currency, BTreeMap<NaiveDate, Decimal>>,
}

impl FxTable {
    /// Builds the table, refusing bad or conflicting rates (all reported).
    /// Repeating the same rate for a day is accepted (re-imported files).
    pub fn new(base: Currency, rates: &[FxRate]) -> Result<Self, Vec<FxTableError>> {
        let mut errors = Vec::new();
        let mut table: BTreeMap<Currency, BTreeMap<NaiveDate, Decimal>> = BTreeMap::new();
        for r in rates {
            if r.currency == base {
                if r.rate != Decimal::ONE {
                    errors.push(FxTableError::BaseNotOne { line: r.line, currency: base, rate: r.rate });
                }
                continue;
            }
            if r.rate <= Decimal::ZERO || r.rate > MAX_RATE {
                errors.push(FxTableError::BadRate { line: r.line, currency: r.currency, day: r.date, rate: r.rate });
                continue;
            }
            let by_day = table.entry(r.currency).or_default();
            match by_day.get(&r.date) {
                Some(other) if *other != r.rate => {
                    errors.push(FxTableError::Conflict { line: r.line, currency: r.currency, day: r.date, rate: r.rate, other: *other })
                }
                _ => {
                    by_day.insert(r.date, r.rate);
                }
            }
        }
        if errors.is_empty() {
            Ok(Self { base, rates: table })
        } else {
            Err(errors)
        }
    }

    /// The currency every P&L is stated in.
    pub fn base(&self) -> Currency {
        self.base
    }

    /// Base units per unit of `currency` on `day`: that day's rate or the
    /// latest earlier one; 1 for the base currency.
    pub fn rate(&self, currency: Currency, day: NaiveDate) -> Result<Decimal, FxError> {
        if currency == self.base {
            return Ok(Decimal::ONE);
        }
        self.rates
            .get(&currency)
            .and_then(|by_day| by_day.range(..=day).next_back())
            .map(|(_, r)| *r)
            .ok_or(FxError::MissingRate { currency, day })
    }

    /// Converts an aggregate: `round_money(amount × rate(currency, day))`.
    /// This is the one rounding of an amount on its way into a P&L.
    pub fn convert(&self, amount: Decimal, currency: Currency, day: NaiveDate) -> Result<Decimal, FxError> {
        let rate = self.rate(currency, day)?;
        amount.checked_mul(rate).map(round_money).ok_or(FxError::Overflow { currency, day, amount })
    }

    /// Checks that every (currency, day) needed has a rate, returning one
    /// [`FxError::MissingRate`] per currency with the first day that lacks
    /// one, so the close reports every missing currency at once.
    pub fn missing(&self, needs: impl IntoIterator<Item = (Currency, NaiveDate)>) -> Vec<FxError> {
        let mut first: BTreeMap<Currency, NaiveDate> = BTreeMap::new();
        for (currency, day) in needs {
            if self.rate(currency, day).is_err() {
                let e = first.entry(currency).or_insert(day);
                *e = (*e).min(day);
            }
        }
        first.into_iter().map(|(currency, day)| FxError::MissingRate { currency, day }).collect()
    }
}

/// A marketplace payout: facts booked on several days in one currency,
/// deposited (converted to base) on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// Settlement id from the marketplace.
    pub id: String,
    /// Store code it belongs to (the gain/loss lands on its owner on the deposit day).
    pub store: String,
    /// Settlement currency.
    pub currency: Currency,
    /// Day the money reached the bank (converted at that day's rate).
    pub deposit_day: NaiveDate,
    /// Net amount of the settlement's facts per booking day, in `currency`.
    pub booked: Vec<(NaiveDate, Decimal)>,
}

/// FX result of one settlement, in the base currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxGainLoss {
    /// Settlement id.
    pub settlement: String,
    /// `round(T × rate(deposit day))`, T = Σ booked.
    pub settled: Decimal,
    /// Σ over booking days of `round(day's amount × rate(day))`.
    pub booked: Decimal,
    /// `settled − booked`: positive is a gain. Reported apart from
    /// operating profit because it is the treasury's result, not the unit's.
    pub gain_loss: Decimal,
}

/// FX gain/loss of a settlement: what the payout is worth on the deposit
/// day minus what its facts were booked at on their own days.
pub fn fx_gain_loss(fx: &FxTable, s: &Settlement) -> Result<FxGainLoss, FxError> {
    let total: Decimal = s.booked.iter().map(|(_, a)| *a).sum();
    let settled = fx.convert(total, s.currency, s.deposit_day)?;
    let mut booked = Decimal::ZERO;
    for (day, amount) in &s.booked {
        booked += fx.convert(*amount, s.currency, *day)?;
    }
    Ok(FxGainLoss { settlement: s.id.clone(), settled, booked, gain_loss: settled - booked })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn rate(day: &str, cur: Currency, r: Decimal, line: u64) -> FxRate {
        FxRate { date: d(day), currency: cur, rate: r, line }
    }

    fn eur() -> Currency {
        "EUR".parse().unwrap()
    }

    #[test]
    fn latest_earlier_rate_applies_and_base_is_one() {
        let fx = FxTable::new(
            Currency::CNY,
            &[rate("2026-10-01", Currency::USD, dec!(7.10), 2), rate("2026-10-05", Currency::USD, dec!(7.20), 3)],
        )
        .unwrap();
        assert_eq!(fx.rate(Currency::USD, d("2026-10-04")).unwrap(), dec!(7.10));
        assert_eq!(fx.rate(Currency::USD, d("2026-10-05")).unwrap(), dec!(7.20));
        assert_eq!(fx.rate(Currency::USD, d("2027-01-01")).unwrap(), dec!(7.20));
        assert_eq!(fx.rate(Currency::CNY, d("1999-01-01")).unwrap(), Decimal::ONE);
        assert_eq!(fx.rate(Currency::USD, d("2026-09-30")), Err(FxError::MissingRate { currency: Currency::USD, day: d("2026-09-30") }));
    }

    #[test]
    fn missing_reports_first_day_per_currency() {
        let fx = FxTable::new(Currency::CNY, &[rate("2026-10-10", Currency::USD, dec!(7), 2)]).unwrap();
        let needs = [
            (Currency::USD, d("2026-10-09")),
            (Currency::USD, d("2026-10-03")),
            (Currency::USD, d("2026-10-12")),
            (eur(), d("2026-10-20")),
            (eur(), d("2026-10-02")),
            (Currency::CNY, d("2026-10-01")),
        ];
        assert_eq!(
            fx.missing(needs),
            vec![
                FxError::MissingRate { currency: eur(), day: d("2026-10-02") },
                FxError::MissingRate { currency: Currency::USD, day: d("2026-10-03") },
            ]
        );
    }

    #[test]
    fn table_refuses_bad_and_conflicting_rates() {
        let errors = FxTable::new(
            Currency::CNY,
            &[
                rate("2026-10-01", Currency::USD, dec!(7.1), 2),
                rate("2026-10-01", Currency::USD, dec!(7.1), 3),
                rate("2026-10-01", Currency::USD, dec!(7.2), 4),
                rate("2026-10-01", eur(), dec!(0), 5),
                rate("2026-10-01", Currency::CNY, dec!(2), 6),
            ],
        )
        .unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].to_string().starts_with("line 4:"));
    }

    /// docs/formulas.md, "Currency conversion" worked example.
    #[test]
    fn worked_example_conversion() {
        let fx = FxTable::new(Currency::CNY, &[rate("2026-10-01", Currency::USD, dec!(7.1234), 2)]).unwrap();
        // Three sales of 19.99, 24.99 and 5.01 USD on 3 Oct: summed first, converted once.
        let sum = dec!(19.99) + dec!(24.99) + dec!(5.01);
        assert_eq!(sum, dec!(49.99));
        assert_eq!(fx.convert(sum, Currency::USD, d("2026-10-03")).unwrap(), dec!(356.10));
        let one_by_one = fx.convert(dec!(0.05), Currency::USD, d("2026-10-03")).unwrap() * dec!(3);
        assert_eq!(one_by_one, dec!(1.08));
        assert_eq!(fx.convert(dec!(0.15), Currency::USD, d("2026-10-03")).unwrap(), dec!(1.07));
    }

    /// docs/formulas.md, "FX gain/loss" worked example.
    #[test]
    fn worked_example_fx_gain_loss() {
        let fx = FxTable::new(
            Currency::CNY,
            &[
                rate("2026-10-01", Currency::USD, dec!(7.10), 2),
                rate("2026-10-08", Currency::USD, dec!(7.15), 3),
                rate("2026-10-15", Currency::USD, dec!(7.05), 4),
            ],
        )
        .unwrap();
        let s = Settlement {
            id: "S1".into(),
            store: "AMZ-US".into(),
            currency: Currency::USD,
            deposit_day: d("2026-10-15"),
            booked: vec![(d("2026-10-03"), dec!(1000.00)), (d("2026-10-09"), dec!(500.00))],
        };
        let r = fx_gain_loss(&fx, &s).unwrap();
        assert_eq!(r.booked, dec!(10675.00));
        assert_eq!(r.settled, dec!(10575.00));
        assert_eq!(r.gain_loss, dec!(-100.00));
    }

    proptest! {
        /// Converting a day's aggregate equals converting its parts' sum —
        /// i.e. the engine's "sum, then convert once" is what `convert` does,
        /// and the result is always whole cents within half a cent of exact.
        #[test]
        fn conversion_rounds_once_to_the_cent(units in -10_000_000_000i64..10_000_000_000, r in 1i64..100_000_000_000) {
            let rate_dec = Decimal::new(r, 8);
            let fx = FxTable::new(Currency::CNY, &[FxRate { date: d("2026-01-01"), currency: Currency::USD, rate: rate_dec, line: 2 }]).unwrap();
            let amount = Decimal::new(units, 4);
            let c = fx.convert(amount, Currency::USD, d("2026-06-01")).unwrap();
            prop_assert_eq!(c, c.round_dp(2));
            prop_assert!((c - amount * rate_dec).abs() <= dec!(0.005));
        }
    }
}
