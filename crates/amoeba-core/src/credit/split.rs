//! Splitting a figure by credit, and apportioning a converted total over
//! the pieces it was converted from: every part a whole number of fen (or
//! units), the parts summing to the whole exactly (asserted).

use super::resolver::Credit;
use crate::money::split_largest_remainder;
use rust_decimal::Decimal;

const FEN: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// Splits `amount` (whole fen) over `credits` by their shares, by largest
/// remainder (`money::split_largest_remainder`): the parts sum to the
/// amount to the fen. `credits` are the credits of one role, whose shares
/// sum to 1 (the resolver asserts it).
pub fn split_money(amount: Decimal, credits: &[&Credit]) -> Vec<Decimal> {
    let shares: Vec<Decimal> = credits.iter().map(|c| c.share).collect();
    split_largest_remainder(amount, &shares).expect("an amount in fen splits over credits whose shares are positive and sum to 1")
}

/// What [`split_money`] gives one credit holding the whole share: the
/// amount itself at two decimals (so the grain's rows read the same
/// whichever way they were built), without the split's allocations — the
/// grain takes this path for each of millions of SKU-days credited to one
/// person or to nobody.
pub fn whole_money(amount: Decimal) -> Decimal {
    let cents = amount * Decimal::ONE_HUNDRED;
    assert!(cents.fract().is_zero(), "an amount in whole fen: {amount}");
    let whole = Decimal::from_i128_with_scale(i128::try_from(cents.abs()).expect("an amount within range"), 2);
    if cents.is_sign_negative() {
        -whole
    } else {
        whole
    }
}

/// Splits a count (units, orders) over `credits` by their shares, by
/// largest remainder in whole units: the parts sum to the count.
pub fn split_count(count: i64, credits: &[&Credit]) -> Vec<i64> {
    // A count of n is split as n fen: the same rule, in whole units.
    let parts = split_money(Decimal::new(count, 2), credits);
    let out: Vec<i64> = parts.iter().map(|p| i64::try_from(*p / FEN).expect("a part of a count is a whole count")).collect();
    assert_eq!(out.iter().sum::<i64>(), count, "the parts of a count sum to it");
    out
}

/// Apportions `total` (whole fen) over pieces whose exact values are
/// `exact` (any sign, any precision), when `total` is the sum of the exact
/// values rounded once (`round_money(Σ exact)`): each piece gets its exact
/// value rounded down to the fen, and the fen left over go one each to the
/// pieces with the largest remainders (ties to the earlier piece). The
/// parts sum to `total` exactly and each is within a fen of its exact
/// value: a unit-day's sales converted once, like the P&L does, handed
/// back to the stores, SKUs and orders it came from.
pub fn apportion(total: Decimal, exact: &[Decimal]) -> Vec<Decimal> {
    let mut parts: Vec<Decimal> = exact.iter().map(|e| (*e / FEN).floor() * FEN).collect();
    let floors: Decimal = parts.iter().copied().sum();
    let left = (total - floors) / FEN;
    assert!(
        left.fract().is_zero() && left >= Decimal::ZERO && left <= Decimal::from(exact.len()),
        "apportion: total {total} is not the rounded sum of {exact:?}"
    );
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - parts[b]).cmp(&(exact[a] - parts[a])).then(a.cmp(&b)));
    let left = usize::try_from(left.mantissa() / 10i128.pow(left.scale())).expect("a fen count within the pieces' number");
    for &i in order.iter().take(left) {
        parts[i] += FEN;
    }
    assert_eq!(parts.iter().copied().sum::<Decimal>(), total, "apportioned parts sum to the total");
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credit::{RuleRef, ScopeKey};
    use crate::money::round_money;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn credit(share: Decimal) -> Credit {
        Credit {
            person: "P".into(),
            role: "operator".into(),
            share,
            rule: RuleRef::Responsibility { index: 0, scope: ScopeKey::Store("S".into()) },
        }
    }

    /// docs/credit.md, "Splitting" worked example.
    #[test]
    fn worked_example_split_by_credit() {
        let (a, b, c) = (credit(dec!(0.3333)), credit(dec!(0.3333)), credit(dec!(0.3334)));
        let credits = [&a, &b, &c];
        assert_eq!(split_money(dec!(100.00), &credits), vec![dec!(33.33), dec!(33.33), dec!(33.34)]);
        assert_eq!(split_money(dec!(-0.05), &credits), vec![dec!(-0.02), dec!(-0.01), dec!(-0.02)]);
        assert_eq!(split_count(7, &credits), vec![2, 2, 3]);
    }

    /// docs/credit.md, "Conversion" worked example: one conversion of the
    /// unit-day's sum, handed back to its pieces.
    #[test]
    fn worked_example_apportion_a_converted_day() {
        let rate = dec!(7.1234);
        let pieces = [dec!(19.99), dec!(5.01), dec!(-3.00)];
        let total = round_money(pieces.iter().copied().sum::<Decimal>() * rate);
        assert_eq!(total, dec!(156.71));
        let exact: Vec<Decimal> = pieces.iter().map(|p| p * rate).collect();
        // Floors 142.39 + 35.68 − 21.38 = 156.69; 2 fen left over go to the
        // largest remainders: −21.3702 (0.0098) and 35.688234 (0.008234).
        assert_eq!(apportion(total, &exact), vec![dec!(142.39), dec!(35.69), dec!(-21.37)]);
    }

    proptest! {
        #[test]
        fn apportioned_parts_sum_to_the_total_and_stay_within_a_fen(
            pieces in proptest::collection::vec(-1_000_000_000i64..1_000_000_000, 1..20),
            rate in 1i64..100_000_000,
        ) {
            let rate = Decimal::new(rate, 6);
            let exact: Vec<Decimal> = pieces.iter().map(|p| Decimal::new(*p, 4) * rate).collect();
            let total = round_money(exact.iter().copied().sum());
            let parts = apportion(total, &exact);
            prop_assert_eq!(parts.iter().copied().sum::<Decimal>(), total);
            for (p, e) in parts.iter().zip(&exact) {
                prop_assert!((*p - *e).abs() < FEN);
                prop_assert_eq!(p.round_dp(2), *p);
            }
        }

        #[test]
        fn the_whole_share_is_the_split_of_one(cents in -1_000_000_000_000i64..1_000_000_000_000, scale in 0u32..3) {
            // Amounts in fen at any scale up to two (0, 1.5, -3.25 …), zero included.
            let amount = Decimal::new(cents - cents % 10i64.pow(2 - scale), 2);
            let amount = amount.round_dp(scale);
            let one = credit(Decimal::ONE);
            let split = split_money(amount, &[&one]);
            prop_assert_eq!(split.len(), 1);
            prop_assert_eq!(whole_money(amount).to_string(), split[0].to_string());
        }

        #[test]
        fn counts_split_to_their_sum(count in -1_000_000i64..1_000_000, shares in proptest::collection::vec(1u32..10_000, 1..6)) {
            let total: u32 = shares.iter().sum();
            // Shares that sum to exactly 1: the last takes the rest.
            let mut ds: Vec<Decimal> = shares.iter().map(|s| Decimal::from(*s) / Decimal::from(total)).map(|d| d.round_dp(6)).collect();
            let rest = Decimal::ONE - ds[..ds.len() - 1].iter().copied().sum::<Decimal>();
            prop_assume!(rest > Decimal::ZERO);
            *ds.last_mut().expect("one share") = rest;
            let credits: Vec<Credit> = ds.into_iter().map(credit).collect();
            let refs: Vec<&Credit> = credits.iter().collect();
            prop_assert_eq!(split_count(count, &refs).iter().sum::<i64>(), count);
        }
    }
}
