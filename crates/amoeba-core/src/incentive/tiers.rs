//! Tiered rates: bands `[from, to)` of a result, each with a rate, paid
//! either **marginally** (each band's rate on the part of the result inside
//! it — the schedule the wish-goal engine inverts) or **retroactively** (the
//! whole result at the rate of the band it reached). Both agree inside the
//! first band (property-tested). A tier's amount is rounded once, to the
//! fen, on its own statement line.

use super::error::PayError;
use crate::goals::{Band, GoalError, MarginalBands};
use crate::money::round_money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How the bands of a schedule pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TierMode {
    /// Each band's rate on the part of the result inside the band (超额累进).
    Marginal,
    /// The whole result at the rate of the band it reached (全额累进).
    Retroactive,
}

impl TierMode {
    /// Code used in pay plan files.
    pub fn as_str(&self) -> &'static str {
        match self {
            TierMode::Marginal => "marginal",
            TierMode::Retroactive => "retroactive",
        }
    }

    /// Name on a statement.
    pub fn label(&self) -> (&'static str, &'static str) {
        match self {
            TierMode::Marginal => ("超额累进", "marginal"),
            TierMode::Retroactive => ("全额累进", "retroactive"),
        }
    }
}

/// A schedule of bands (validated by the plan's check: from 0, contiguous,
/// the top open-ended, rates ≥ 0 — the rules of [`MarginalBands`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tiers {
    /// Marginal or retroactive.
    pub mode: TierMode,
    /// The bands, lowest first.
    pub bands: Vec<Band>,
}

/// One band's part of a tiered amount, before it becomes a statement line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierPart {
    /// Index of the band in the schedule.
    pub band: usize,
    /// The band.
    pub bounds: Band,
    /// The part of the result the rate applies to (marginal: inside the
    /// band; retroactive: the whole result).
    pub on: Decimal,
    /// `on × rate`, exact.
    pub exact: Decimal,
    /// `exact` rounded once to the fen.
    pub amount: Decimal,
}

impl Tiers {
    /// One open band at `rate`: a flat rate is a schedule of one band.
    pub fn flat(rate: Decimal) -> Self {
        Self { mode: TierMode::Marginal, bands: vec![Band { from: Decimal::ZERO, to: None, rate }] }
    }

    /// Whether the schedule is one band (a flat rate), so a statement need
    /// not name a band.
    pub fn is_flat(&self) -> bool {
        self.bands.len() == 1
    }

    /// The band a result falls in (the last band whose `from` it reaches).
    pub fn band_of(&self, result: Decimal) -> usize {
        self.bands.iter().rposition(|b| result >= b.from).unwrap_or(0)
    }

    /// The parts a result pays, one per band touched (marginal) or one for
    /// the band reached (retroactive). A result at or below 0 pays nothing
    /// and gives no part: a loss is not commissioned, and a refund of a sale
    /// already paid on is clawed back on its own line.
    pub fn parts(&self, result: Decimal) -> Vec<TierPart> {
        if result <= Decimal::ZERO || self.bands.is_empty() {
            return Vec::new();
        }
        match self.mode {
            TierMode::Retroactive => {
                let i = self.band_of(result);
                let b = self.bands[i];
                let exact = result * b.rate;
                vec![TierPart { band: i, bounds: b, on: result, exact, amount: round_money(exact) }]
            }
            TierMode::Marginal => self
                .bands
                .iter()
                .enumerate()
                .filter(|(_, b)| result > b.from)
                .map(|(i, b)| {
                    let top = b.to.map_or(result, |t| t.min(result));
                    let on = top - b.from;
                    let exact = on * b.rate;
                    TierPart { band: i, bounds: *b, on, exact, amount: round_money(exact) }
                })
                .collect(),
        }
    }

    /// Σ of the parts' rounded amounts: what a result pays.
    pub fn pay(&self, result: Decimal) -> Decimal {
        self.parts(result).iter().map(|p| p.amount).sum()
    }

    /// The schedule as [`MarginalBands`], so the wish-goal engine inverts
    /// exactly the tiers a statement pays. A retroactive schedule is not a
    /// marginal one (its commission jumps at each band), so it is refused.
    pub fn marginal_bands(&self) -> Result<MarginalBands, PayError> {
        match self.mode {
            TierMode::Marginal => MarginalBands::new(self.bands.clone()).map_err(|e| match e {
                GoalError::FirstBandNotZero { from } => PayError::FirstBandNotZero { from },
                GoalError::BandReversed { from, to } => PayError::BandReversed { from, to },
                GoalError::BandsNotContiguous { end, next_from } if next_from > end => PayError::BandGap { end, next: next_from },
                GoalError::BandsNotContiguous { end, next_from } => PayError::BandOverlap { end, next: next_from },
                GoalError::TopBandBounded { to } => PayError::TopBandBounded { to },
                GoalError::OpenBandBelowTop { from } => PayError::OpenBandBelowTop { from },
                GoalError::Negative { value, .. } => PayError::NegativeRate { rate: value },
                _ => PayError::NoBands,
            }),
            TierMode::Retroactive => Err(PayError::NotMarginal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn two_bands(mode: TierMode) -> Tiers {
        Tiers {
            mode,
            bands: vec![
                Band { from: dec!(0), to: Some(dec!(100000)), rate: dec!(0.02) },
                Band { from: dec!(100000), to: None, rate: dec!(0.03) },
            ],
        }
    }

    #[test]
    fn marginal_pays_each_band_its_part_retroactive_the_whole_at_the_band_reached() {
        let m = two_bands(TierMode::Marginal).parts(dec!(123456.78));
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].on, m[0].amount), (dec!(100000), dec!(2000.00)));
        assert_eq!((m[1].on, m[1].exact, m[1].amount), (dec!(23456.78), dec!(703.7034), dec!(703.70)));
        let r = two_bands(TierMode::Retroactive).parts(dec!(123456.78));
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].band, r[0].exact, r[0].amount), (1, dec!(3703.7034), dec!(3703.70)));
        assert!(two_bands(TierMode::Marginal).parts(dec!(-5)).is_empty(), "a loss pays nothing");
        assert!(two_bands(TierMode::Marginal).marginal_bands().is_ok());
        assert!(two_bands(TierMode::Retroactive).marginal_bands().is_err());
    }

    proptest! {
        /// Marginal and retroactive tiers agree inside the first band.
        #[test]
        fn marginal_and_retroactive_agree_inside_the_first_band(
            cents in 0i64..10_000_000,
            top in 1i64..100_000,
            r1 in 0u32..2_000,
            r2 in 0u32..2_000,
        ) {
            let top = Decimal::from(top) * dec!(1000);
            let result = Decimal::new(cents, 2);
            prop_assume!(result < top);
            let bands = vec![
                Band { from: dec!(0), to: Some(top), rate: Decimal::new(i64::from(r1), 4) },
                Band { from: top, to: None, rate: Decimal::new(i64::from(r2), 4) },
            ];
            let m = Tiers { mode: TierMode::Marginal, bands: bands.clone() };
            let r = Tiers { mode: TierMode::Retroactive, bands };
            prop_assert_eq!(m.pay(result), r.pay(result));
        }
    }
}
