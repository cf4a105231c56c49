//! Exact money: decimal amounts, currency codes, the one rounding rule and
//! largest-remainder splitting.
//!
//! Rounding happens in exactly one place, [`round_money`]: to the cent,
//! half away from zero. Every split of an amount into parts goes through
//! [`split_largest_remainder`], which guarantees the parts sum to the whole.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Money is always an exact decimal; this alias documents intent at use sites.
pub type Money = Decimal;

/// Decimal places of a booked base-currency amount (cents).
pub const MONEY_DP: u32 = 2;

/// Decimal places kept for amounts as they arrive from a source file. Amounts
/// with more places are refused by importers rather than silently rounded.
pub const SOURCE_DP: u32 = 4;

/// Scale factor between stored integers and [`SOURCE_DP`] decimals.
pub const SOURCE_SCALE: i64 = 10_000;

/// Decimal places kept for exchange rates.
pub const RATE_DP: u32 = 8;

/// The single rounding rule of Amoeba: to the cent, half away from zero
/// (the rule Chinese finance staff expect from 四舍五入).
pub fn round_money(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(MONEY_DP, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds money up to the fen (towards +∞): for a figure that must be
/// reached — a pace per day, the extra sales a wish needs — so meeting the
/// rounded figure always meets the target (docs/goals.md says where).
pub fn round_money_up(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(MONEY_DP, RoundingStrategy::ToPositiveInfinity)
}

/// The largest |amount| one row may carry: 10¹² (a trillion) in any
/// currency — beyond any real sale, fee or payout, and small enough that
/// 900 such rows summed into one daily cell still fit the ledger's 64-bit
/// integers (a larger sum is refused by the store, never wrapped).
pub const MAX_ROW_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// Converts a source amount (at most [`SOURCE_DP`] places, at most
/// [`MAX_ROW_AMOUNT`]) to the integer the storage layer keeps, so sums in
/// SQL stay exact. `None` if it has more places or is larger.
pub fn to_source_units(amount: Decimal) -> Option<i64> {
    if amount.abs() > MAX_ROW_AMOUNT {
        return None;
    }
    let normalized = amount.normalize();
    if normalized.scale() > SOURCE_DP {
        return None;
    }
    let scaled = normalized.checked_mul(Decimal::from(SOURCE_SCALE))?;
    i64::try_from(scaled).ok()
}

/// Inverse of [`to_source_units`].
pub fn from_source_units(units: i64) -> Decimal {
    Decimal::new(units, SOURCE_DP).normalize()
}

/// Why an amount could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// No weights were given.
    #[error("nothing to split over: no parts")]
    NoParts,
    /// A weight was negative.
    #[error("weight #{0} is negative")]
    NegativeWeight(usize),
    /// All weights are zero, so there is no basis for a split.
    #[error("all weights are zero")]
    ZeroTotalWeight,
    /// The total has sub-cent digits and cannot be split into cents exactly.
    #[error("total {0} is not a whole number of cents")]
    NotCents(Decimal),
}

/// Splits `total` (a whole number of cents) over `weights` so that every part
/// is a whole number of cents and the parts sum to `total` exactly.
///
/// Each part first gets the floor of its exact share; the cents left over go
/// one each to the parts with the largest remainders (ties to the earlier
/// part). The sign of `total` is applied to all parts.
pub fn split_largest_remainder(total: Decimal, weights: &[Decimal]) -> Result<Vec<Decimal>, SplitError> {
    if weights.is_empty() {
        return Err(SplitError::NoParts);
    }
    if let Some(i) = weights.iter().position(|w| w.is_sign_negative() && !w.is_zero()) {
        return Err(SplitError::NegativeWeight(i));
    }
    let weight_sum: Decimal = weights.iter().copied().sum();
    if weight_sum.is_zero() {
        return Err(SplitError::ZeroTotalWeight);
    }
    let cents_dec = total * Decimal::ONE_HUNDRED;
    if cents_dec.fract() != Decimal::ZERO {
        return Err(SplitError::NotCents(total));
    }
    let negative = cents_dec.is_sign_negative();
    let cents: i128 = i128::try_from(cents_dec.abs()).map_err(|_| SplitError::NotCents(total))?;

    // Exact shares as (floor, remainder) using decimal arithmetic on the ratio.
    let mut floors: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(Decimal, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = Decimal::from_i128_with_scale(cents, 0) * *w / weight_sum;
        let floor = exact.floor();
        floors.push(i128::try_from(floor).unwrap_or(0));
        remainders.push((exact - floor, i));
    }
    let assigned: i128 = floors.iter().sum();
    let mut left = cents - assigned;
    assert!(left >= 0 && left <= weights.len() as i128, "largest remainder: leftover {left} out of range");
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        floors[i] += 1;
        left -= 1;
    }
    let parts: Vec<Decimal> = floors
        .into_iter()
        .map(|c| {
            let d = Decimal::from_i128_with_scale(c, 2);
            if negative {
                -d
            } else {
                d
            }
        })
        .collect();
    let sum: Decimal = parts.iter().copied().sum();
    assert_eq!(sum, total, "largest remainder split must conserve the total");
    Ok(parts)
}

/// An ISO-4217 currency code (three upper-case ASCII letters).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    /// The group's default base currency.
    pub const CNY: Currency = Currency(*b"CNY");
    /// US dollar, the most common marketplace currency.
    pub const USD: Currency = Currency(*b"USD");

    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("currency codes are ASCII")
    }
}

/// Why a text is not a [`Currency`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurrencyError {
    /// Not three letters.
    NotACode,
    /// Three letters, but not an ISO 4217 currency.
    Unknown,
}

impl Currency {
    /// Reads a code (case and surrounding spaces ignored): three letters on
    /// the ISO 4217 list ([`crate::iso4217`]), else why not.
    pub fn parse_code(s: &str) -> Result<Currency, CurrencyError> {
        let b = s.trim().as_bytes();
        if b.len() != 3 || !b.iter().all(|c| c.is_ascii_alphabetic()) {
            return Err(CurrencyError::NotACode);
        }
        let mut code = [0u8; 3];
        for (dst, src) in code.iter_mut().zip(b) {
            *dst = src.to_ascii_uppercase();
        }
        if crate::iso4217::is_iso4217(&code) {
            Ok(Currency(code))
        } else {
            Err(CurrencyError::Unknown)
        }
    }
}

impl FromStr for Currency {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse_code(s).map_err(|e| match e {
            CurrencyError::NotACode => format!("'{s}' is not a currency code (expected three letters such as CNY, USD, EUR)"),
            CurrencyError::Unknown => format!("'{s}' is not an ISO 4217 currency code (such as CNY, USD, EUR)"),
        })
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round_money(dec!(1.005)), dec!(1.01));
        assert_eq!(round_money(dec!(-1.005)), dec!(-1.01));
        assert_eq!(round_money(dec!(1.004)), dec!(1.00));
    }

    #[test]
    fn splits_one_yuan_three_ways() {
        let parts = split_largest_remainder(dec!(1.00), &[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(parts, vec![dec!(0.34), dec!(0.33), dec!(0.33)]);
    }

    #[test]
    fn splits_negative_totals_symmetrically() {
        let parts = split_largest_remainder(dec!(-100.00), &[dec!(2), dec!(1)]).unwrap();
        assert_eq!(parts, vec![dec!(-66.67), dec!(-33.33)]);
    }

    #[test]
    fn refuses_bad_inputs() {
        assert_eq!(split_largest_remainder(dec!(1), &[]), Err(SplitError::NoParts));
        assert_eq!(split_largest_remainder(dec!(1), &[dec!(0)]), Err(SplitError::ZeroTotalWeight));
        assert_eq!(split_largest_remainder(dec!(1), &[dec!(-1), dec!(2)]), Err(SplitError::NegativeWeight(0)));
        assert_eq!(split_largest_remainder(dec!(1.001), &[dec!(1)]), Err(SplitError::NotCents(dec!(1.001))));
    }

    #[test]
    fn source_units_round_trip_and_refuse_extra_places() {
        assert_eq!(to_source_units(dec!(12.3456)), Some(123_456));
        assert_eq!(to_source_units(dec!(12.34567)), None);
        assert_eq!(from_source_units(-123_400), dec!(-12.34));
    }

    #[test]
    fn currency_parses_case_insensitively() {
        assert_eq!("usd".parse::<Currency>().unwrap(), Currency::USD);
        assert!("US".parse::<Currency>().is_err());
        assert!("U5D".parse::<Currency>().is_err());
        assert_eq!(Currency::parse_code("xyz"), Err(CurrencyError::Unknown), "three letters are not enough: ISO 4217 only");
        assert_eq!(Currency::parse_code(" eur "), Ok(Currency(*b"EUR")));
    }

    proptest! {
        #[test]
        fn split_parts_always_sum_to_total(
            cents in -10_000_000_000i64..10_000_000_000i64,
            weights in proptest::collection::vec(0u32..1_000_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let total = Decimal::new(cents, 2);
            let ws: Vec<Decimal> = weights.iter().map(|w| Decimal::from(*w)).collect();
            let parts = split_largest_remainder(total, &ws).unwrap();
            prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), total);
            for (p, w) in parts.iter().zip(&ws) {
                // each part is within one cent of its exact share
                let exact = total * *w / ws.iter().copied().sum::<Decimal>();
                prop_assert!((*p - exact).abs() < dec!(0.01) + dec!(0.0000001));
                if w.is_zero() { prop_assert!(p.is_zero()); }
            }
        }

        #[test]
        fn source_units_round_trip(units in -10_000_000_000_000_000i64..=10_000_000_000_000_000i64) {
            prop_assert_eq!(to_source_units(from_source_units(units)), Some(units));
        }
    }

    #[test]
    fn max_row_amount_is_a_trillion_and_bounds_source_units() {
        assert_eq!(MAX_ROW_AMOUNT, Decimal::from(1_000_000_000_000i64));
        assert_eq!(to_source_units(MAX_ROW_AMOUNT), Some(10_000_000_000_000_000));
        assert_eq!(to_source_units(-MAX_ROW_AMOUNT), Some(-10_000_000_000_000_000));
        assert_eq!(to_source_units(MAX_ROW_AMOUNT + Decimal::new(1, 4)), None);
        assert_eq!(to_source_units("922337203685477.5807".parse().unwrap()), None);
    }
}
