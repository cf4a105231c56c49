//! Exact fractions and the one way oversight turns them into decimals.
//!
//! A report that explains a change "to the fen" cannot round on the way:
//! conversion × order value of a week is a fraction like 35 320/3, and two
//! rounded parts rarely add up to the rounded whole. So every oversight
//! figure is computed as a [`BigRational`] (arbitrary-size numerator and
//! denominator: nothing overflows) and becomes a [`Decimal`] once, at the
//! end, either alone ([`round_half_away`], the rule of
//! [`crate::money::round_money`]) or as parts of a whole
//! ([`largest_remainder`], so the parts add up to the rounded whole).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// Decimal places of a percentage shown in a report (`15.2` %): finer than
/// the 1 % a third-party operator's report must be accurate to.
pub const PERCENT_DP: u32 = 1;

/// Ten to the power `dp`, the denominator of a decimal with `dp` places.
fn ten_pow(dp: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), dp as usize)
}

/// A decimal as an exact fraction (a decimal is always one: mantissa ÷ 10^scale).
pub fn rational(d: Decimal) -> BigRational {
    BigRational::new(BigInt::from(d.mantissa()), ten_pow(d.scale()))
}

/// A count as an exact fraction.
pub fn count(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

/// `r` rounded to a whole number, half away from zero.
fn round_to_integer(r: &BigRational) -> BigInt {
    let half = BigRational::new(BigInt::from(1u8), BigInt::from(2u8));
    if r.is_negative() {
        -(-r + half).floor().to_integer()
    } else {
        (r + half).floor().to_integer()
    }
}

/// A whole number of `10^-dp` units as a decimal; `None` past what a
/// [`Decimal`] holds (about 7.9 × 10²⁸), which only absurd inputs reach.
fn units_to_decimal(units: &BigInt, dp: u32) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(units.to_i128()?, dp).ok()
}

/// `r` rounded to `dp` places, half away from zero (the rule of
/// [`crate::money::round_money`], so money and ratios agree on a half).
/// `None` when the result does not fit a decimal.
pub fn round_half_away(r: &BigRational, dp: u32) -> Option<Decimal> {
    let scaled = r * BigRational::from_integer(ten_pow(dp));
    units_to_decimal(&round_to_integer(&scaled), dp)
}

/// Rounds each exact part to `dp` places so that the rounded parts add up to
/// the rounded sum of the exact parts (half away from zero): every part first
/// gets the floor of its exact value, and the units still missing go one each
/// to the parts with the largest remainders (ties to the earlier part). Parts
/// may be negative; each ends within one unit of its exact value, and a part
/// that is exact already is left as it is. `None` when a part or the sum does
/// not fit a decimal.
pub fn largest_remainder(exact: &[BigRational], dp: u32) -> Option<Vec<Decimal>> {
    let unit = BigRational::from_integer(ten_pow(dp));
    let total: BigRational = exact.iter().fold(BigRational::zero(), |a, x| a + x);
    let target = round_to_integer(&(&total * &unit));
    let mut floors: Vec<BigInt> = Vec::with_capacity(exact.len());
    let mut remainders: Vec<(BigRational, usize)> = Vec::with_capacity(exact.len());
    for (i, x) in exact.iter().enumerate() {
        let scaled = x * &unit;
        let floor = scaled.floor();
        remainders.push((&scaled - &floor, i));
        floors.push(floor.to_integer());
    }
    let assigned: BigInt = floors.iter().sum();
    let missing = (&target - &assigned).to_usize();
    let missing = match missing {
        Some(m) if m <= exact.len() => m,
        _ => panic!("largest remainder: {target} - {assigned} units left over for {} parts", exact.len()),
    };
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.iter().take(missing) {
        floors[*i] += 1;
    }
    let parts: Option<Vec<Decimal>> = floors.iter().map(|u| units_to_decimal(u, dp)).collect();
    let parts = parts?;
    let sum = units_to_decimal(&floors.iter().sum(), dp)?;
    assert_eq!(sum, units_to_decimal(&target, dp)?, "largest remainder: the rounded parts must add up to the rounded whole");
    Some(parts)
}

/// `part ÷ whole × 100` as an exact fraction, `None` when `whole` is zero.
pub fn percent_of(part: &BigRational, whole: &BigRational) -> Option<BigRational> {
    if whole.is_zero() {
        return None;
    }
    Some(part * BigRational::from_integer(BigInt::from(100u8)) / whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn frac(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn decimals_become_exact_fractions() {
        assert_eq!(rational(dec!(1.25)), frac(5, 4));
        assert_eq!(rational(dec!(-0.0300)), frac(-3, 100));
        assert_eq!(count(7), frac(7, 1));
    }

    #[test]
    fn rounds_half_away_from_zero_like_money() {
        assert_eq!(round_half_away(&frac(1005, 1000), 2), Some(dec!(1.01)));
        assert_eq!(round_half_away(&frac(-1005, 1000), 2), Some(dec!(-1.01)));
        assert_eq!(round_half_away(&frac(35320, 3), 2), Some(dec!(11773.33)));
        assert_eq!(round_half_away(&frac(-20480, 3), 2), Some(dec!(-6826.67)));
        let huge = BigRational::from_integer(num_traits::pow(BigInt::from(10u8), 40));
        assert_eq!(round_half_away(&huge, 2), None);
    }

    #[test]
    fn thirds_of_a_fen_go_to_the_earlier_part() {
        let parts = largest_remainder(&[frac(35320, 3), frac(-20480, 3), frac(12520, 3)], 2).unwrap();
        assert_eq!(parts, vec![dec!(11773.34), dec!(-6826.67), dec!(4173.33)]);
        assert_eq!(parts.iter().sum::<Decimal>(), dec!(9120.00));
    }

    #[test]
    fn exact_parts_are_left_alone() {
        let parts = largest_remainder(&[frac(1, 1), frac(0, 1), frac(1, 3), frac(2, 3)], 0).unwrap();
        assert_eq!(parts, vec![dec!(1), dec!(0), dec!(0), dec!(1)]);
    }

    proptest! {
        #[test]
        fn rounding_a_decimal_agrees_with_the_metrics_rule(m in any::<i64>(), scale in 0u32..12, dp in 0u32..6) {
            let x = Decimal::new(m, scale);
            prop_assert_eq!(round_half_away(&rational(x), dp), Some(crate::accounting::metrics::round_dp(x, dp)));
        }

        #[test]
        fn rounded_parts_add_up_and_stay_within_one_unit(
            parts in proptest::collection::vec((-1_000_000_000i64..1_000_000_000, 1i64..10_000), 1..12),
            dp in 0u32..4,
        ) {
            let exact: Vec<BigRational> = parts.iter().map(|(n, d)| frac(*n, *d)).collect();
            let rounded = largest_remainder(&exact, dp).unwrap();
            let total: BigRational = exact.iter().fold(BigRational::zero(), |a, x| a + x);
            prop_assert_eq!(rounded.iter().copied().sum::<Decimal>(), round_half_away(&total, dp).unwrap());
            let unit = BigRational::new(BigInt::from(1u8), ten_pow(dp));
            for (r, x) in rounded.iter().zip(&exact) {
                prop_assert!((rational(*r) - x).abs() < unit);
            }
        }
    }
}
