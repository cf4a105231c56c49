//! The cause of a sales change, exactly: sales = sessions × conversion ×
//! average order value, and the change between two periods is split into a
//! traffic, a conversion and an order-value effect with nothing left over.
//!
//! Method: the Shapley value of each factor of a product — its effect
//! averaged over every order in which the factors could be switched from
//! the earlier to the later period's value. It is symmetric (no factor is
//! favoured by being "first", as in the usual chained substitution) and
//! efficient (the effects add up to the change exactly). Computed in exact
//! fractions ([`BigRational`]), then rounded once, by largest remainder, so
//! the fen amounts add up to the rounded change (docs/oversight.md,
//! "Decomposition").
//!
//! Undefined ratios: conversion needs sessions, order value needs orders.
//! A factor that is undefined in one period takes the other period's value
//! (0 when undefined in both); the product still equals that period's sales
//! because the factor before it is zero, so the decomposition stays exact
//! and a period with no sessions puts the whole change on traffic. When the
//! figures themselves break the identity — orders without any sessions
//! (Alibaba.com orders placed offline) or sales without any orders — the
//! product is coarsened to what holds: orders × order value, or sales alone
//! ([`Rule`]), and the report says so.

use super::exact::{count, largest_remainder, percent_of, rational, round_half_away, PERCENT_DP};
use crate::money::MONEY_DP;
use crate::Lang;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use rust_decimal::Decimal;

/// Most factors [`shapley_product`] accepts: it sums over the 2^(K-1)
/// subsets of the other factors for each factor, cheap up to here.
pub const MAX_FACTORS: usize = 6;

fn factorial(n: usize) -> BigInt {
    (1..=n).fold(BigInt::one(), |a, i| a * BigInt::from(i))
}

fn product(xs: &[BigRational]) -> BigRational {
    xs.iter().fold(BigRational::one(), |a, x| a * x)
}

/// The Shapley effect of each factor on the change of their product from
/// `before` to `after`: effect_i = Σ over sets S of the other factors of
/// |S|!(K−|S|−1)!/K! × (after_i − before_i) × Π_{j∈S} after_j × Π_{j∉S, j≠i} before_j.
/// The effects add up to Π after − Π before exactly (asserted).
///
/// Panics when the two periods have different numbers of factors or more
/// than [`MAX_FACTORS`]: both are fixed by the caller's model, not by data.
pub fn shapley_product(before: &[BigRational], after: &[BigRational]) -> Vec<BigRational> {
    assert_eq!(before.len(), after.len(), "shapley: both periods need the same factors");
    let k = before.len();
    assert!((1..=MAX_FACTORS).contains(&k), "shapley: 1 to {MAX_FACTORS} factors, got {k}");
    let k_fact = factorial(k);
    let effects: Vec<BigRational> = (0..k)
        .map(|i| {
            let delta = &after[i] - &before[i];
            let mut effect = BigRational::zero();
            for set in 0u32..(1 << k) {
                if set & (1 << i) != 0 {
                    continue;
                }
                let size = set.count_ones() as usize;
                let weight = BigRational::new(factorial(size) * factorial(k - size - 1), k_fact.clone());
                let others = (0..k).filter(|j| *j != i).fold(BigRational::one(), |a, j| {
                    let side = if set & (1 << j) != 0 { &after[j] } else { &before[j] };
                    a * side
                });
                effect += weight * &delta * others;
            }
            effect
        })
        .collect();
    let sum = effects.iter().fold(BigRational::zero(), |a, e| a + e);
    assert_eq!(sum, product(after) - product(before), "shapley: the effects must add up to the change of the product");
    effects
}

/// What a period sold and the traffic it sold to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodSales {
    /// Sessions (Amazon) or visitors (Alibaba.com).
    pub sessions: u64,
    /// Orders (or order items, where that is all the source counts).
    pub orders: u64,
    /// Sales in one currency.
    pub sales: Decimal,
}

/// A factor of the sales identity whose effect is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Factor {
    /// Sessions or visitors.
    Traffic,
    /// Orders ÷ sessions.
    Conversion,
    /// Sales ÷ orders (average order value).
    OrderValue,
    /// Orders, when orders came without sessions ([`Rule::OrdersWithoutSessions`]).
    Orders,
    /// Sales alone, when sales came without orders ([`Rule::SalesWithoutOrders`]).
    Sales,
}

impl Factor {
    /// A stable snake_case id, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Factor::Traffic => "traffic",
            Factor::Conversion => "conversion",
            Factor::OrderValue => "order_value",
            Factor::Orders => "orders",
            Factor::Sales => "sales",
        }
    }

    /// The effect's name in the reader's language.
    pub fn label(&self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Factor::Traffic => ("流量", "Traffic"),
            Factor::Conversion => ("转化率", "Conversion"),
            Factor::OrderValue => ("客单价", "Order value"),
            Factor::Orders => ("订单数", "Orders"),
            Factor::Sales => ("销售额（无法分解）", "Sales (not decomposable)"),
        };
        lang.pick(zh, en)
    }
}

/// Which product the change was decomposed over (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// sessions × conversion × order value.
    ThreeFactors,
    /// A period had orders but no sessions: orders × order value.
    OrdersWithoutSessions,
    /// A period had sales but no orders: the whole change is one effect.
    SalesWithoutOrders,
}

impl Rule {
    /// A stable snake_case id, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Rule::ThreeFactors => "three_factors",
            Rule::OrdersWithoutSessions => "orders_without_sessions",
            Rule::SalesWithoutOrders => "sales_without_orders",
        }
    }

    /// What the rule means, for the report's footnote.
    pub fn render(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Rule::ThreeFactors, Lang::Zh) => "销售额 = 访客数 × 转化率 × 客单价，按 Shapley 值精确分解，无残差",
            (Rule::ThreeFactors, Lang::En) => "sales = sessions × conversion × order value, split exactly by Shapley value, no residual",
            (Rule::OrdersWithoutSessions, Lang::Zh) => {
                "有订单却没有访客数据（如线下订单）：按 订单数 × 客单价 分解，流量与转化率合并为订单数"
            }
            (Rule::OrdersWithoutSessions, Lang::En) => {
                "orders without sessions (e.g. offline orders): split over orders × order value, traffic and conversion merged into orders"
            }
            (Rule::SalesWithoutOrders, Lang::Zh) => "有销售额却没有订单数据：无法分解，整个变化列为一项",
            (Rule::SalesWithoutOrders, Lang::En) => "sales without orders: not decomposable, the whole change is one item",
        }
    }
}

/// Which period an undefined factor was missing from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The earlier period.
    Before,
    /// The later period.
    After,
}

/// One factor's part of the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    /// The factor.
    pub factor: Factor,
    /// The exact Shapley effect (e.g. 35 320/3), for whoever checks the sum.
    pub exact: BigRational,
    /// Rounded to the fen by largest remainder: the amounts add up to [`SalesDecomposition::change`].
    pub amount: Decimal,
    /// The effect as a percentage of the earlier period's sales, by largest
    /// remainder so the effects add up to [`SalesDecomposition::change_pct`];
    /// `None` when the earlier period sold nothing (or less).
    pub pct_of_before: Option<Decimal>,
    /// The effect as a percentage of the change, adding up to 100.0; `None` when nothing changed.
    pub share_of_change: Option<Decimal>,
}

/// The change of sales between two periods and its causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesDecomposition {
    /// The product decomposed over.
    pub rule: Rule,
    /// Undefined factors that took the other period's value.
    pub filled: Vec<(Factor, Side)>,
    /// Later − earlier sales, rounded to the fen.
    pub change: Decimal,
    /// The change as a percentage of the earlier sales, to [`PERCENT_DP`];
    /// `None` when the earlier period sold nothing (or less).
    pub change_pct: Option<Decimal>,
    /// One effect per factor of the rule, in the order of [`Factor`].
    pub effects: Vec<Effect>,
}

/// Why a decomposition has no decimal answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecomposeError {
    /// An effect is beyond what a decimal holds (about 7.9 × 10²⁸).
    #[error("an effect of the sales change is too large for a decimal")]
    TooLarge,
}

/// A ratio, or `None` when its denominator is zero.
fn ratio(num: &BigRational, den: u64) -> Option<BigRational> {
    (den != 0).then(|| num / count(den))
}

/// Each period's value of one factor, an undefined one taking the other
/// period's (0 when both are undefined); records what was filled.
fn fill(factor: Factor, before: Option<BigRational>, after: Option<BigRational>, filled: &mut Vec<(Factor, Side)>) -> [BigRational; 2] {
    match (before, after) {
        (Some(b), Some(a)) => [b, a],
        (None, Some(a)) => {
            filled.push((factor, Side::Before));
            [a.clone(), a]
        }
        (Some(b), None) => {
            filled.push((factor, Side::After));
            [b.clone(), b]
        }
        (None, None) => {
            filled.push((factor, Side::Before));
            filled.push((factor, Side::After));
            [BigRational::zero(), BigRational::zero()]
        }
    }
}

/// The factors of a rule and their values in each period, with what was filled.
struct Model {
    names: Vec<Factor>,
    before: Vec<BigRational>,
    after: Vec<BigRational>,
    filled: Vec<(Factor, Side)>,
}

/// The factors of each period under `rule`, with what was filled.
fn factors(rule: Rule, b: &PeriodSales, a: &PeriodSales) -> Model {
    let (sb, sa) = (rational(b.sales), rational(a.sales));
    let mut filled = Vec::new();
    let aov = |filled: &mut Vec<_>| fill(Factor::OrderValue, ratio(&sb, b.orders), ratio(&sa, a.orders), filled);
    match rule {
        Rule::ThreeFactors => {
            let conv = fill(Factor::Conversion, ratio(&count(b.orders), b.sessions), ratio(&count(a.orders), a.sessions), &mut filled);
            let [vb, va] = aov(&mut filled);
            let [cb, ca] = conv;
            let names = vec![Factor::Traffic, Factor::Conversion, Factor::OrderValue];
            Model { names, before: vec![count(b.sessions), cb, vb], after: vec![count(a.sessions), ca, va], filled }
        }
        Rule::OrdersWithoutSessions => {
            let [vb, va] = aov(&mut filled);
            Model {
                names: vec![Factor::Orders, Factor::OrderValue],
                before: vec![count(b.orders), vb],
                after: vec![count(a.orders), va],
                filled,
            }
        }
        Rule::SalesWithoutOrders => Model { names: vec![Factor::Sales], before: vec![sb], after: vec![sa], filled },
    }
}

/// The product that holds for both periods (see the module docs).
pub fn rule_for(before: &PeriodSales, after: &PeriodSales) -> Rule {
    let sales_without_orders = |p: &PeriodSales| p.orders == 0 && !p.sales.is_zero();
    let orders_without_sessions = |p: &PeriodSales| p.sessions == 0 && p.orders > 0;
    if sales_without_orders(before) || sales_without_orders(after) {
        Rule::SalesWithoutOrders
    } else if orders_without_sessions(before) || orders_without_sessions(after) {
        Rule::OrdersWithoutSessions
    } else {
        Rule::ThreeFactors
    }
}

/// Percentages of `whole` for each exact effect, by largest remainder; `None`
/// when `whole` is not above zero (a share of nothing, or of a negative base,
/// says nothing).
fn shares(exact: &[BigRational], whole: &BigRational, signed_whole: bool) -> Result<Option<Vec<Decimal>>, DecomposeError> {
    if whole.is_zero() || (!signed_whole && whole.is_negative()) {
        return Ok(None);
    }
    let pct: Vec<BigRational> = exact.iter().filter_map(|e| percent_of(e, whole)).collect();
    largest_remainder(&pct, PERCENT_DP).map(Some).ok_or(DecomposeError::TooLarge)
}

/// Splits the sales change from `before` to `after` into the effects of its
/// factors: exact Shapley effects, fen amounts by largest remainder that add
/// up to the rounded change, and percentages that add up to the change's
/// percentage and to 100 %.
pub fn decompose_sales(before: &PeriodSales, after: &PeriodSales) -> Result<SalesDecomposition, DecomposeError> {
    let rule = rule_for(before, after);
    let Model { names, before: fb, after: fa, filled } = factors(rule, before, after);
    let exact = shapley_product(&fb, &fa);
    let (sb, sa) = (rational(before.sales), rational(after.sales));
    // The identity holds in each period by construction of the rule.
    assert_eq!(product(&fb), sb, "decomposition: the factors of the earlier period must multiply to its sales");
    assert_eq!(product(&fa), sa, "decomposition: the factors of the later period must multiply to its sales");
    let change_exact = &sa - &sb;
    let amounts = largest_remainder(&exact, MONEY_DP).ok_or(DecomposeError::TooLarge)?;
    let change = round_half_away(&change_exact, MONEY_DP).ok_or(DecomposeError::TooLarge)?;
    assert_eq!(amounts.iter().copied().sum::<Decimal>(), change, "decomposition: the fen amounts must add up to the change");
    let of_before = shares(&exact, &sb, false)?;
    let of_change = shares(&exact, &change_exact, true)?;
    let change_pct = match percent_of(&change_exact, &sb) {
        Some(p) if sb.is_positive() => Some(round_half_away(&p, PERCENT_DP).ok_or(DecomposeError::TooLarge)?),
        _ => None,
    };
    let effects = names
        .into_iter()
        .zip(exact)
        .zip(amounts)
        .enumerate()
        .map(|(i, ((factor, exact), amount))| Effect {
            factor,
            exact,
            amount,
            pct_of_before: of_before.as_ref().map(|v| v[i]),
            share_of_change: of_change.as_ref().map(|v| v[i]),
        })
        .collect();
    Ok(SalesDecomposition { rule, filled, change, change_pct, effects })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn frac(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    fn week(sessions: u64, orders: u64, sales: Decimal) -> PeriodSales {
        PeriodSales { sessions, orders, sales }
    }

    /// docs/oversight.md, "Decomposition", worked example (the issue's):
    /// 10 000 sessions × 2.0 % × ¥300 → 12 000 × 1.8 % × ¥320.
    #[test]
    fn worked_example_decomposition() {
        let d = decompose_sales(&week(10_000, 200, dec!(60000)), &week(12_000, 216, dec!(69120))).unwrap();
        assert_eq!(d.rule, Rule::ThreeFactors);
        assert!(d.filled.is_empty());
        let exact: Vec<_> = d.effects.iter().map(|e| e.exact.clone()).collect();
        assert_eq!(exact, vec![frac(35320, 3), frac(-20480, 3), frac(12520, 3)]);
        let amounts: Vec<_> = d.effects.iter().map(|e| e.amount).collect();
        assert_eq!(amounts, vec![dec!(11773.34), dec!(-6826.67), dec!(4173.33)]);
        assert_eq!(d.change, dec!(9120.00));
        assert_eq!(amounts.iter().copied().sum::<Decimal>(), dec!(9120.00));
        assert_eq!(d.change_pct, Some(dec!(15.2)));
        let of_before: Vec<_> = d.effects.iter().map(|e| e.pct_of_before.unwrap()).collect();
        assert_eq!(of_before, vec![dec!(19.6), dec!(-11.4), dec!(7.0)]);
        let of_change: Vec<_> = d.effects.iter().map(|e| e.share_of_change.unwrap()).collect();
        assert_eq!(of_change, vec![dec!(129.1), dec!(-74.9), dec!(45.8)]);
        assert_eq!(of_change.iter().copied().sum::<Decimal>(), dec!(100.0));
    }

    #[test]
    fn shapley_of_two_factors_splits_the_cross_term_in_half() {
        // (2 → 3) × (5 → 7): 21 − 10 = 11; first = 1 × (5 + 7)/2 = 6, second = 2 × (2 + 3)/2 = 5.
        let e = shapley_product(&[frac(2, 1), frac(5, 1)], &[frac(3, 1), frac(7, 1)]);
        assert_eq!(e, vec![frac(6, 1), frac(5, 1)]);
    }

    #[test]
    fn shapley_of_four_factors_is_symmetric() {
        let e = shapley_product(&vec![frac(1, 1); 4], &vec![frac(2, 1); 4]);
        assert_eq!(e, vec![frac(15, 4); 4]);
    }

    /// docs/oversight.md, "Undefined ratios": a week with no sessions at all.
    #[test]
    fn a_week_without_sessions_puts_everything_on_traffic() {
        let d = decompose_sales(&week(0, 0, dec!(0)), &week(500, 10, dec!(1000))).unwrap();
        assert_eq!(d.rule, Rule::ThreeFactors);
        assert_eq!(d.filled, vec![(Factor::Conversion, Side::Before), (Factor::OrderValue, Side::Before)]);
        let amounts: Vec<_> = d.effects.iter().map(|e| e.amount).collect();
        assert_eq!(amounts, vec![dec!(1000.00), dec!(0.00), dec!(0.00)]);
        assert_eq!(d.change_pct, None);
        assert_eq!(d.effects[0].share_of_change, Some(dec!(100.0)));
    }

    /// docs/oversight.md, "Undefined ratios": traffic but no orders.
    #[test]
    fn a_week_without_orders_is_a_conversion_effect() {
        let d = decompose_sales(&week(1000, 20, dec!(2000)), &week(1000, 0, dec!(0))).unwrap();
        assert_eq!(d.filled, vec![(Factor::OrderValue, Side::After)]);
        let amounts: Vec<_> = d.effects.iter().map(|e| e.amount).collect();
        assert_eq!(amounts, vec![dec!(0.00), dec!(-2000.00), dec!(0.00)]);
        assert_eq!(d.change_pct, Some(dec!(-100.0)));
    }

    /// docs/oversight.md, "Undefined ratios": offline orders without sessions.
    #[test]
    fn orders_without_sessions_fall_back_to_orders_times_order_value() {
        let d = decompose_sales(&week(0, 4, dec!(800)), &week(100, 6, dec!(1500))).unwrap();
        assert_eq!(d.rule, Rule::OrdersWithoutSessions);
        let got: Vec<_> = d.effects.iter().map(|e| (e.factor, e.amount)).collect();
        // orders 4 → 6 at AOV 200 → 250: orders = 2 × 225 = 450, AOV = 50 × 5 = 250.
        assert_eq!(got, vec![(Factor::Orders, dec!(450.00)), (Factor::OrderValue, dec!(250.00))]);
    }

    #[test]
    fn sales_without_orders_are_one_effect() {
        let d = decompose_sales(&week(10, 0, dec!(5.5)), &week(10, 1, dec!(10))).unwrap();
        assert_eq!(d.rule, Rule::SalesWithoutOrders);
        assert_eq!(d.effects.len(), 1);
        assert_eq!(d.effects[0].amount, dec!(4.50));
    }

    #[test]
    fn labels_and_rules_render_in_both_languages() {
        for f in [Factor::Traffic, Factor::Conversion, Factor::OrderValue, Factor::Orders, Factor::Sales] {
            assert_ne!(f.label(Lang::Zh), f.label(Lang::En));
            assert!(!f.code().is_empty());
        }
        for r in [Rule::ThreeFactors, Rule::OrdersWithoutSessions, Rule::SalesWithoutOrders] {
            assert_ne!(r.render(Lang::Zh), r.render(Lang::En));
            assert!(!r.code().is_empty());
        }
    }

    fn period() -> impl Strategy<Value = PeriodSales> {
        // Zeros are drawn often: they are the cases the rules are for.
        let n = prop_oneof![Just(0u64), 1u64..5, 0u64..2_000_000];
        let cents = prop_oneof![Just(0i64), -1_000_000i64..1_000_000, 0i64..100_000_000_000];
        (n.clone(), n, cents, 0u32..=4).prop_map(|(sessions, orders, c, dp)| PeriodSales { sessions, orders, sales: Decimal::new(c, dp) })
    }

    proptest! {
        #[test]
        fn parts_always_add_up_to_the_change_to_the_fen(b in period(), a in period()) {
            let d = decompose_sales(&b, &a).unwrap();
            let change = crate::money::round_money(a.sales - b.sales);
            prop_assert_eq!(d.change, change);
            prop_assert_eq!(d.effects.iter().map(|e| e.amount).sum::<Decimal>(), change);
            let exact = d.effects.iter().fold(BigRational::zero(), |s, e| s + &e.exact);
            prop_assert_eq!(exact, rational(a.sales) - rational(b.sales));
            if let Some(p) = d.change_pct {
                prop_assert_eq!(d.effects.iter().map(|e| e.pct_of_before.unwrap()).sum::<Decimal>(), p);
            }
            if d.effects.iter().all(|e| e.share_of_change.is_some()) && !d.effects.is_empty() && a.sales != b.sales {
                prop_assert_eq!(d.effects.iter().map(|e| e.share_of_change.unwrap()).sum::<Decimal>(), dec!(100.0));
            }
            for e in &d.effects {
                prop_assert!((rational(e.amount) - &e.exact).abs() < frac(1, 100));
            }
        }
    }
}
