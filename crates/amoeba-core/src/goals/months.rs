//! The year's target split into months by last year's monthly share of
//! sales (seed 004: "split the annual figure by each month's contribution in
//! past years"), so the peak season carries the peak target.
//!
//! A leader may *hold* a month at a figure (a new store opening in June, a
//! warehouse move in August); the rest of the year is spread over the other
//! months by their own shares. Every split is by largest remainder: the
//! months add up to the year to the fen, asserted.

use super::GoalError;
use crate::money::split_largest_remainder;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A month fixed at a figure by the leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthHold {
    /// Month number, 1..=12.
    pub month: u32,
    /// Its target, to the fen.
    pub amount: Decimal,
}

/// What the free months were spread by, stated beside the split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthBasis {
    /// Last year's share of sales of each free month.
    LastYearShares,
    /// Evenly: no history was given.
    EvenNoHistory,
    /// Evenly: last year's free months sold nothing.
    EvenZeroHistory,
    /// Every month is held; nothing was spread.
    AllHeld,
}

/// The year split into months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthSplit {
    /// Targets of January … December, each to the fen; they sum to the year.
    pub months: [Decimal; 12],
    /// What the free months were spread by.
    pub basis: MonthBasis,
    /// Held months (1..=12), ascending.
    pub held: Vec<u32>,
}

fn check_fen(what: &str, v: Decimal) -> Result<(), GoalError> {
    if v.round_dp(2) != v {
        return Err(GoalError::NotFen { what: what.into(), value: v });
    }
    if v.is_sign_negative() && !v.is_zero() {
        return Err(GoalError::Negative { what: what.into(), value: v });
    }
    Ok(())
}

/// Splits `year_target` (to the fen, not negative) into months.
///
/// `last_year` is last year's sales per month (January first), `None` when
/// there is no history. Held months keep their figure; the rest is spread
/// over the free months by their share of last year's free-month sales, or
/// evenly when there is none.
pub fn split_year(year_target: Decimal, last_year: Option<&[Decimal; 12]>, holds: &[MonthHold]) -> Result<MonthSplit, GoalError> {
    check_fen("year target", year_target)?;
    let mut held = [None; 12];
    for h in holds {
        if !(1..=12).contains(&h.month) {
            return Err(GoalError::MonthOutOfRange { month: h.month });
        }
        check_fen(&format!("hold of month {}", h.month), h.amount)?;
        let slot = &mut held[h.month as usize - 1];
        if slot.is_some() {
            return Err(GoalError::DuplicateHold { month: h.month });
        }
        *slot = Some(h.amount);
    }
    if let Some(ly) = last_year {
        if let Some((i, v)) = ly.iter().enumerate().find(|(_, v)| v.is_sign_negative() && !v.is_zero()) {
            return Err(GoalError::NegativeHistory { month: i as u32 + 1, value: *v });
        }
    }
    let held_sum: Decimal = held.iter().flatten().copied().sum();
    let free: Vec<usize> = (0..12).filter(|i| held[*i].is_none()).collect();
    let rest = year_target - held_sum;
    if rest.is_sign_negative() && !rest.is_zero() || (free.is_empty() && !rest.is_zero()) {
        return Err(GoalError::HoldsDoNotFit { held: held_sum, target: year_target });
    }
    let mut months = [Decimal::ZERO; 12];
    for (i, h) in held.iter().enumerate() {
        if let Some(a) = h {
            months[i] = *a;
        }
    }
    let basis = if free.is_empty() {
        MonthBasis::AllHeld
    } else {
        let (weights, basis) = match last_year {
            None => (vec![Decimal::ONE; free.len()], MonthBasis::EvenNoHistory),
            Some(ly) => {
                let w: Vec<Decimal> = free.iter().map(|i| ly[*i]).collect();
                if w.iter().all(Decimal::is_zero) {
                    (vec![Decimal::ONE; free.len()], MonthBasis::EvenZeroHistory)
                } else {
                    (w, MonthBasis::LastYearShares)
                }
            }
        };
        // Weights are non-empty, not negative (checked above) and not all zero, and
        // `rest` is whole fen: the split cannot fail.
        let parts = split_largest_remainder(rest, &weights).map_err(|_| GoalError::Overflow { what: "month split".into() })?;
        for (i, p) in free.iter().zip(parts) {
            months[*i] = p;
        }
        basis
    };
    let total: Decimal = months.iter().copied().sum();
    assert_eq!(total, year_target, "months must sum to the year's target to the fen");
    Ok(MonthSplit { months, basis, held: (1..=12).filter(|m| held[*m as usize - 1].is_some()).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn history() -> [Decimal; 12] {
        // A seller whose peak is November–December.
        [80, 60, 90, 90, 100, 90, 90, 100, 110, 130, 180, 180].map(|k| Decimal::from(k * 1000))
    }

    /// docs/goals.md, "Months" worked example.
    #[test]
    fn worked_example_by_last_year_shares() {
        let s = split_year(dec!(2_808_000.00), Some(&history()), &[]).unwrap();
        assert_eq!(s.basis, MonthBasis::LastYearShares);
        // last year sold 1 300 000; November's share 180/1300 of 2 808 000 = 388 800.
        assert_eq!(s.months[10], dec!(388_800.00));
        assert_eq!(s.months[1], dec!(129_600.00), "February: 60/1300");
        assert_eq!(s.months.iter().copied().sum::<Decimal>(), dec!(2_808_000.00));
    }

    /// docs/goals.md, "Months" worked example with a held month.
    #[test]
    fn worked_example_a_held_month_re_spreads_the_rest() {
        let s = split_year(dec!(2_808_000.00), Some(&history()), &[MonthHold { month: 6, amount: dec!(300_000.00) }]).unwrap();
        assert_eq!(s.months[5], dec!(300_000.00));
        assert_eq!(s.held, vec![6]);
        // the other months share 2 508 000 by last year's 1 210 000 without June.
        assert_eq!(s.months[10], dec!(373_090.91));
        assert_eq!(s.months.iter().copied().sum::<Decimal>(), dec!(2_808_000.00));
    }

    #[test]
    fn no_history_or_a_zero_year_splits_evenly_and_says_so() {
        let s = split_year(dec!(1000.00), None, &[]).unwrap();
        assert_eq!(s.basis, MonthBasis::EvenNoHistory);
        assert_eq!(s.months[0], dec!(83.34), "1000 / 12 = 83.333…: four months get the extra fen");
        assert_eq!(s.months[11], dec!(83.33));
        let z = split_year(dec!(1000.00), Some(&[Decimal::ZERO; 12]), &[]).unwrap();
        assert_eq!(z.basis, MonthBasis::EvenZeroHistory);
        assert_eq!(z.months, s.months);
    }

    #[test]
    fn refuses_holds_that_do_not_fit() {
        let all: Vec<MonthHold> = (1..=12).map(|m| MonthHold { month: m, amount: dec!(10.00) }).collect();
        assert_eq!(split_year(dec!(120.00), None, &all).unwrap().basis, MonthBasis::AllHeld);
        assert!(matches!(split_year(dec!(121.00), None, &all), Err(GoalError::HoldsDoNotFit { .. })));
        assert!(matches!(
            split_year(dec!(5.00), None, &[MonthHold { month: 1, amount: dec!(6.00) }]),
            Err(GoalError::HoldsDoNotFit { .. })
        ));
        assert_eq!(
            split_year(dec!(5.00), None, &[MonthHold { month: 13, amount: dec!(1) }]),
            Err(GoalError::MonthOutOfRange { month: 13 })
        );
        let twice = [MonthHold { month: 2, amount: dec!(1) }, MonthHold { month: 2, amount: dec!(1) }];
        assert_eq!(split_year(dec!(5.00), None, &twice), Err(GoalError::DuplicateHold { month: 2 }));
        assert!(matches!(split_year(dec!(5.001), None, &[]), Err(GoalError::NotFen { .. })));
        let mut neg = history();
        neg[3] = dec!(-1);
        assert!(matches!(split_year(dec!(5.00), Some(&neg), &[]), Err(GoalError::NegativeHistory { month: 4, .. })));
    }

    proptest! {
        #[test]
        fn months_always_sum_to_the_year(
            cents in 0i64..100_000_000_000i64,
            hist in proptest::option::of(proptest::collection::vec(0u32..10_000_000, 12)),
            hold in proptest::option::of((1u32..=12, 0u32..100)),
        ) {
            let year = Decimal::new(cents, 2);
            let ly: Option<[Decimal; 12]> = hist.map(|h| std::array::from_fn(|i| Decimal::from(h[i])));
            // a hold of up to 100 % of the year, in whole percent
            let holds: Vec<MonthHold> = hold
                .map(|(m, pct)| MonthHold { month: m, amount: (year * Decimal::from(pct) / dec!(100)).floor_to_fen() })
                .into_iter()
                .collect();
            let s = split_year(year, ly.as_ref(), &holds).unwrap();
            prop_assert_eq!(s.months.iter().copied().sum::<Decimal>(), year);
            for m in s.months {
                prop_assert!(!m.is_sign_negative() || m.is_zero());
                prop_assert_eq!(m.round_dp(2), m);
            }
            for h in &holds {
                prop_assert_eq!(s.months[h.month as usize - 1], h.amount);
            }
        }
    }

    trait FloorFen {
        fn floor_to_fen(self) -> Decimal;
    }
    impl FloorFen for Decimal {
        fn floor_to_fen(self) -> Decimal {
            (self * dec!(100)).floor() / dec!(100)
        }
    }
}
