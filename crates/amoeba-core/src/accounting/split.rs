//! Largest-remainder splitting with bounded inputs.
//!
//! [`split_largest_remainder`] multiplies the total in cents by each weight;
//! bounding both to [`MAX_SPLIT`] keeps that product inside `Decimal`'s
//! range, so absurd data is refused with an error instead of overflowing.

use crate::money::{split_largest_remainder, SplitError};
use rust_decimal::Decimal;

/// Largest |total| and largest weight a split accepts (10¹³).
pub const MAX_SPLIT: Decimal = Decimal::from_parts(1_316_134_912, 2_328, 0, false, 0);

/// Why a bounded split failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoundedSplitError {
    /// The total or a weight is beyond [`MAX_SPLIT`].
    #[error("{0} is beyond the largest amount or weight that can be split ({MAX_SPLIT})")]
    TooLarge(Decimal),
    /// The split itself failed.
    #[error(transparent)]
    Split(#[from] SplitError),
}

/// [`split_largest_remainder`] after checking the bounds.
pub fn split_bounded(total: Decimal, weights: &[Decimal]) -> Result<Vec<Decimal>, BoundedSplitError> {
    if total.abs() > MAX_SPLIT {
        return Err(BoundedSplitError::TooLarge(total));
    }
    if let Some(w) = weights.iter().find(|w| w.abs() > MAX_SPLIT) {
        return Err(BoundedSplitError::TooLarge(*w));
    }
    Ok(split_largest_remainder(total, weights)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn refuses_what_could_overflow_and_splits_the_rest() {
        assert_eq!(MAX_SPLIT, dec!(10_000_000_000_000));
        assert!(matches!(split_bounded(dec!(1), &[dec!(1e20), dec!(1)]), Err(BoundedSplitError::TooLarge(_))));
        assert!(matches!(split_bounded(dec!(1e14), &[dec!(1)]), Err(BoundedSplitError::TooLarge(_))));
        assert_eq!(split_bounded(dec!(-10_000_000_000_000), &[MAX_SPLIT, dec!(1)]).unwrap().iter().sum::<Decimal>(), dec!(-1e13));
        assert!(matches!(split_bounded(dec!(1), &[dec!(0)]), Err(BoundedSplitError::Split(SplitError::ZeroTotalWeight))));
    }
}
