//! [`MarginalBands`]: a marginal commission schedule (each band's rate pays
//! only on the sales inside the band), validated once so every reader can
//! trust it. The wish goal inverts it; the pay engine will produce one from
//! a pay plan's tiers, so the two never disagree on what a tier means.

use super::GoalError;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Sales in `[from, to)` earn `rate` on each yuan; `to = None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// Lower bound, included.
    pub from: Decimal,
    /// Upper bound, excluded; `None` for the top band.
    pub to: Option<Decimal>,
    /// Commission rate as a fraction (0.02 = 2 %).
    pub rate: Decimal,
}

/// Sorted, contiguous bands from 0 upwards, the top one open-ended, rates ≥ 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarginalBands {
    bands: Vec<Band>,
}

impl MarginalBands {
    /// Validates `bands` (in any order): they must start at 0, meet with no
    /// gap or overlap, have non-negative rates, and only the top one may and
    /// must be open-ended (a cap is a 0 % top band).
    pub fn new(mut bands: Vec<Band>) -> Result<Self, GoalError> {
        if bands.is_empty() {
            return Err(GoalError::NoBands);
        }
        bands.sort_by_key(|b| b.from);
        if !bands[0].from.is_zero() {
            return Err(GoalError::FirstBandNotZero { from: bands[0].from });
        }
        let last = bands.len() - 1;
        for (i, b) in bands.iter().enumerate() {
            if b.rate.is_sign_negative() && !b.rate.is_zero() {
                return Err(GoalError::Negative { what: format!("rate of the band from {}", b.from), value: b.rate });
            }
            match (b.to, i == last) {
                (Some(to), true) => return Err(GoalError::TopBandBounded { to }),
                (None, false) => return Err(GoalError::OpenBandBelowTop { from: b.from }),
                (Some(to), false) => {
                    if to <= b.from {
                        return Err(GoalError::BandReversed { from: b.from, to });
                    }
                    if bands[i + 1].from != to {
                        return Err(GoalError::BandsNotContiguous { end: to, next_from: bands[i + 1].from });
                    }
                }
                (None, true) => {}
            }
        }
        Ok(Self { bands })
    }

    /// The bands, lowest first.
    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    /// Commission on monthly sales of `level` (exact, not rounded): what a
    /// statement would pay before its own rounding.
    pub fn commission_on(&self, level: Decimal) -> Decimal {
        self.bands
            .iter()
            .map(|b| {
                let top = b.to.map_or(level, |t| t.min(level));
                if top > b.from {
                    (top - b.from) * b.rate
                } else {
                    Decimal::ZERO
                }
            })
            .sum()
    }
}

impl<'de> Deserialize<'de> for MarginalBands {
    /// Deserialising validates too: a stored schedule is trusted no more than a typed one.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            bands: Vec<Band>,
        }
        let raw = Raw::deserialize(d)?;
        MarginalBands::new(raw.bands).map_err(|e| serde::de::Error::custom(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    pub(crate) fn two_three() -> MarginalBands {
        MarginalBands::new(vec![
            Band { from: dec!(100_000), to: None, rate: dec!(0.03) },
            Band { from: dec!(0), to: Some(dec!(100_000)), rate: dec!(0.02) },
        ])
        .unwrap()
    }

    #[test]
    fn sorts_and_pays_marginally() {
        let b = two_three();
        assert_eq!(b.bands()[0].from, dec!(0));
        assert_eq!(b.commission_on(dec!(80_000)), dec!(1_600));
        assert_eq!(b.commission_on(dec!(120_000)), dec!(2_000) + dec!(600));
    }

    #[test]
    fn refuses_gaps_overlaps_and_bad_tops() {
        let band = |from: i64, to: Option<i64>, rate: Decimal| Band { from: Decimal::from(from), to: to.map(Decimal::from), rate };
        assert_eq!(MarginalBands::new(vec![]), Err(GoalError::NoBands));
        assert!(matches!(MarginalBands::new(vec![band(5, None, dec!(0.1))]), Err(GoalError::FirstBandNotZero { .. })));
        assert!(matches!(
            MarginalBands::new(vec![band(0, Some(10), dec!(0.1)), band(12, None, dec!(0.1))]),
            Err(GoalError::BandsNotContiguous { .. })
        ));
        assert!(matches!(
            MarginalBands::new(vec![band(0, Some(10), dec!(0.1)), band(8, None, dec!(0.1))]),
            Err(GoalError::BandsNotContiguous { .. })
        ));
        assert!(matches!(MarginalBands::new(vec![band(0, Some(10), dec!(0.1))]), Err(GoalError::TopBandBounded { .. })));
        assert!(matches!(
            MarginalBands::new(vec![band(0, None, dec!(0.1)), band(0, None, dec!(0.1))]),
            Err(GoalError::OpenBandBelowTop { .. })
        ));
        assert!(matches!(MarginalBands::new(vec![band(0, None, dec!(-0.1))]), Err(GoalError::Negative { .. })));
        assert!(matches!(
            MarginalBands::new(vec![band(0, Some(0), dec!(0.1)), band(0, None, dec!(0.1))]),
            Err(GoalError::BandReversed { .. })
        ));
    }

    #[test]
    fn deserialising_validates() {
        let ok: MarginalBands = serde_json::from_str(r#"{"bands":[{"from":"0","to":null,"rate":"0.02"}]}"#).unwrap();
        assert_eq!(ok.bands().len(), 1);
        assert!(serde_json::from_str::<MarginalBands>(r#"{"bands":[{"from":"5","to":null,"rate":"0.02"}]}"#).is_err());
    }
}
