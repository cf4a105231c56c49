//! Wish goals (愿望目标): instead of asking a salesperson how much they want
//! to earn, ask what they want to buy, and turn its monthly payment into the
//! extra monthly sales whose commission pays for it.
//!
//! Seed 004: a ¥150 000 car on an interest-free loan of ¥5 000 a month, at
//! 2 % commission. The extra monthly sales are 5 000 ÷ 2 % = **¥250 000**;
//! the article's own "¥100 000" is an arithmetic slip (2 % of 100 000 is
//! only ¥2 000). Amoeba computes the figure and never copies it.
//!
//! With a tier schedule ([`MarginalBands`]) the wish is inverted from the
//! person's current monthly level, so the extra may cross into a richer band
//! (or a capped one, which may make the wish unreachable: said with reasons).

use super::bands::MarginalBands;
use super::GoalError;
use crate::reporting::attainment_pct;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How the wished item is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// A monthly payment; with the price, the number of months is derived
    /// (price ÷ monthly, rounded up: the last month may be smaller).
    Monthly {
        /// Payment per month.
        monthly: Decimal,
        /// The item's price, if known.
        price: Option<Decimal>,
    },
    /// A price over a number of months; the monthly payment is derived
    /// (price ÷ months, rounded up to the fen so the months cover the price).
    Term {
        /// The item's price.
        price: Decimal,
        /// Number of monthly payments.
        months: u32,
    },
}

/// The commission that pays for the wish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WishRate {
    /// One rate on every extra yuan (the seed's 2 %).
    Flat(Decimal),
    /// A marginal schedule: the extra is read from the current level up.
    Tiered(MarginalBands),
}

/// A person's wish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishInput {
    /// What they want ("car", "汽车").
    pub item: String,
    /// How it is paid.
    pub payment: Payment,
    /// The commission that pays for it.
    pub rate: WishRate,
    /// Their current monthly sales level (the baseline the extra is above).
    pub baseline: Decimal,
    /// The monthly cap of the pay plan component the rate comes from, if it has one.
    #[serde(default)]
    pub cap: Option<WishCap>,
}

/// A component's monthly cap: the most its commission pays a person a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishCap {
    /// The component's code (named when the cap makes a wish unreachable).
    pub component: String,
    /// The cap per person per month.
    pub amount: Decimal,
}

/// What the rate pays on a month's sales of `level` (exact).
fn commission_at(rate: &WishRate, level: Decimal) -> Decimal {
    match rate {
        WishRate::Flat(r) => level * r,
        WishRate::Tiered(bands) => bands.commission_on(level),
    }
}

/// Refuses a monthly payment above what the cap leaves over the commission
/// the baseline already earns; below it the cap does not bind at the wish
/// level (commission there = baseline's + the payment ≤ cap), so the
/// inversion stands as computed.
fn check_cap(input: &WishInput, monthly: Decimal) -> Result<(), GoalError> {
    let Some(cap) = &input.cap else { return Ok(()) };
    let at_baseline = commission_at(&input.rate, input.baseline);
    let max_extra = (cap.amount - at_baseline).max(Decimal::ZERO);
    if monthly > max_extra {
        return Err(GoalError::CapUnreachable {
            component: cap.component.clone(),
            cap: cap.amount,
            at_baseline,
            max_extra,
            wanted: monthly,
        });
    }
    Ok(())
}

/// Part of the extra sales inside one band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Monthly sales level where the part starts.
    pub from: Decimal,
    /// Where it ends.
    pub to: Decimal,
    /// Rate in this band.
    pub rate: Decimal,
    /// Sales in the part (`to − from`).
    pub sales: Decimal,
    /// Commission it earns, exact (`sales × rate`, not rounded).
    pub commission: Decimal,
}

/// The wish turned into a monthly sales goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishPlan {
    /// What is wished for.
    pub item: String,
    /// The monthly payment to earn.
    pub monthly_payment: Decimal,
    /// Number of payments, when the price is known.
    pub months: Option<u32>,
    /// The price, when known.
    pub price: Option<Decimal>,
    /// The baseline monthly sales.
    pub baseline: Decimal,
    /// Extra monthly sales needed, rounded up to the fen.
    pub extra_sales: Decimal,
    /// baseline + extra: the month's wish level.
    pub wish_level: Decimal,
    /// The extra, band by band; the parts sum to `extra_sales`.
    pub segments: Vec<Segment>,
}

/// "¥x of ¥y this month", as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishProgress {
    /// Extra sales so far this month (month's sales − baseline, not below 0).
    pub achieved: Decimal,
    /// Extra sales needed.
    pub needed: Decimal,
    /// Still to sell (not below 0).
    pub remaining: Decimal,
    /// achieved ÷ needed × 100, 2 dp (may pass 100).
    pub pct: Decimal,
    /// Extra commission earned so far (exact).
    pub commission: Decimal,
    /// Whether this month's payment is earned.
    pub done: bool,
}

fn positive(what: &str, v: Decimal) -> Result<(), GoalError> {
    if v <= Decimal::ZERO {
        return Err(if v.is_zero() { GoalError::BadPayment } else { GoalError::Negative { what: what.into(), value: v } });
    }
    Ok(())
}

/// The extra monthly sales whose commission pays the wish.
pub fn wish_plan(input: &WishInput) -> Result<WishPlan, GoalError> {
    if input.baseline.is_sign_negative() && !input.baseline.is_zero() {
        return Err(GoalError::Negative { what: "baseline monthly sales".into(), value: input.baseline });
    }
    let (monthly, months, price) = match input.payment {
        Payment::Monthly { monthly, price } => {
            positive("monthly payment", monthly)?;
            let months = match price {
                Some(p) => {
                    positive("price", p)?;
                    let m = (p / monthly).ceil();
                    Some(u32::try_from(m).map_err(|_| GoalError::Overflow { what: "number of months".into() })?)
                }
                None => None,
            };
            (monthly, months, price)
        }
        Payment::Term { price, months } => {
            positive("price", price)?;
            if months == 0 {
                return Err(GoalError::BadPayment);
            }
            (crate::money::round_money_up(price / Decimal::from(months)), Some(months), Some(price))
        }
    };
    check_cap(input, monthly)?;
    let mut segments = match &input.rate {
        WishRate::Flat(rate) => {
            if *rate <= Decimal::ZERO {
                return Err(GoalError::RateNotPositive { rate: *rate });
            }
            let sales = monthly.checked_div(*rate).ok_or_else(|| GoalError::Overflow { what: "extra sales".into() })?;
            vec![Segment { from: input.baseline, to: input.baseline + sales, rate: *rate, sales, commission: sales * rate }]
        }
        WishRate::Tiered(bands) => invert(bands, input.baseline, monthly)?,
    };
    let exact: Decimal = segments.iter().map(|s| s.sales).sum();
    let extra_sales = crate::money::round_money_up(exact);
    // The rounding-up fen goes to the last part, which is where it is sold.
    let before_last: Decimal = segments.iter().rev().skip(1).map(|s| s.sales).sum();
    if let Some(last) = segments.last_mut() {
        last.sales = extra_sales - before_last;
        last.to = last.from + last.sales;
        last.commission = last.sales * last.rate;
    }
    let sum: Decimal = segments.iter().map(|s| s.sales).sum();
    assert_eq!(sum, extra_sales, "the parts of a wish's extra sales must sum to it");
    Ok(WishPlan {
        item: input.item.clone(),
        monthly_payment: monthly,
        months,
        price,
        baseline: input.baseline,
        extra_sales,
        wish_level: input.baseline + extra_sales,
        segments,
    })
}

/// Walks the schedule up from `baseline` until `monthly` of commission is earned.
fn invert(bands: &MarginalBands, baseline: Decimal, monthly: Decimal) -> Result<Vec<Segment>, GoalError> {
    let mut need = monthly;
    let mut level = baseline;
    let mut out = Vec::new();
    for b in bands.bands().iter().filter(|b| b.to.is_none_or(|t| t > baseline)) {
        let start = level.max(b.from);
        let room = b.to.map(|t| t - start);
        let earn = room.map(|r| r * b.rate);
        match (room, earn) {
            (Some(room), Some(earn)) if earn < need || b.rate.is_zero() => {
                out.push(Segment { from: start, to: start + room, rate: b.rate, sales: room, commission: earn });
                need -= earn;
                level = start + room;
            }
            _ if b.rate.is_zero() => {
                return Err(GoalError::Unreachable { from_level: b.from, max_extra: monthly - need, wanted: monthly });
            }
            _ => {
                let sales = need.checked_div(b.rate).ok_or_else(|| GoalError::Overflow { what: "extra sales".into() })?;
                out.push(Segment { from: start, to: start + sales, rate: b.rate, sales, commission: need });
                return Ok(out);
            }
        }
    }
    // MarginalBands guarantees an open-ended top band, which either returns or refuses above.
    Err(GoalError::Unreachable { from_level: level, max_extra: monthly - need, wanted: monthly })
}

/// Progress of this month's wish given the month's sales so far.
pub fn wish_progress(plan: &WishPlan, rate: &WishRate, month_sales: Decimal) -> WishProgress {
    let achieved = (month_sales - plan.baseline).max(Decimal::ZERO);
    let remaining = (plan.extra_sales - achieved).max(Decimal::ZERO);
    let pct =
        if plan.extra_sales.is_zero() { Decimal::ONE_HUNDRED } else { attainment_pct(achieved, plan.extra_sales).unwrap_or(Decimal::ZERO) };
    let commission = match rate {
        WishRate::Flat(r) => achieved * r,
        WishRate::Tiered(b) => (b.commission_on(plan.baseline + achieved) - b.commission_on(plan.baseline)).max(Decimal::ZERO),
    };
    WishProgress { achieved, needed: plan.extra_sales, remaining, pct, commission, done: remaining.is_zero() }
}

#[cfg(test)]
mod tests {
    use super::super::bands::Band;
    use super::*;
    use rust_decimal_macros::dec;

    fn seed_car() -> WishInput {
        WishInput {
            item: "car".into(),
            payment: Payment::Monthly { monthly: dec!(5_000), price: Some(dec!(150_000)) },
            rate: WishRate::Flat(dec!(0.02)),
            baseline: dec!(80_000),
            cap: None,
        }
    }

    /// docs/goals.md, "A component's monthly cap" worked example.
    #[test]
    fn a_components_monthly_cap_bounds_the_wish_and_names_itself() {
        let bands = MarginalBands::new(vec![
            Band { from: dec!(0), to: Some(dec!(100_000)), rate: dec!(0.02) },
            Band { from: dec!(100_000), to: None, rate: dec!(0.03) },
        ])
        .unwrap();
        let cap = Some(WishCap { component: "sales_commission".into(), amount: dec!(3_000) });
        let input = WishInput { rate: WishRate::Tiered(bands.clone()), cap, ..seed_car() };
        // 80 000 already earns 80 000 × 2 % = 1 600 of the 3 000 cap: 1 400 is left.
        assert_eq!(
            wish_plan(&input),
            Err(GoalError::CapUnreachable {
                component: "sales_commission".into(),
                cap: dec!(3_000),
                at_baseline: dec!(1_600.00),
                max_extra: dec!(1_400.00),
                wanted: dec!(5_000)
            })
        );
        // 1 000 a month fits under the cap: 20 000 × 2 % = 400, then 600 ÷ 3 % = 20 000.
        let fits = WishInput { payment: Payment::Monthly { monthly: dec!(1_000), price: None }, ..input.clone() };
        let p = wish_plan(&fits).unwrap();
        assert_eq!(p.extra_sales, dec!(40_000.00));
        assert!(bands.commission_on(p.wish_level) <= dec!(3_000), "the cap does not bind at the wish level");
        // Exactly what is left: 400 + 1 000 ÷ 3 % = 33 333.33… → 53 333.34 rounded up to the fen.
        let all_left = WishInput { payment: Payment::Monthly { monthly: dec!(1_400), price: None }, ..input.clone() };
        assert_eq!(wish_plan(&all_left).unwrap().extra_sales, dec!(53_333.34));
        let one_fen_more = WishInput { payment: Payment::Monthly { monthly: dec!(1_400.01), price: None }, ..input.clone() };
        assert!(matches!(wish_plan(&one_fen_more), Err(GoalError::CapUnreachable { .. })));
        // A baseline already at the cap leaves nothing.
        let at_cap = WishInput { baseline: dec!(200_000), payment: Payment::Monthly { monthly: dec!(1), price: None }, ..input };
        assert!(matches!(wish_plan(&at_cap), Err(GoalError::CapUnreachable { max_extra, .. }) if max_extra.is_zero()));
    }

    /// docs/goals.md, "Wish goals" worked example (seed 004's car).
    #[test]
    fn worked_example_the_seed_car_is_250_000_not_100_000() {
        let p = wish_plan(&seed_car()).unwrap();
        assert_eq!(p.extra_sales, dec!(250_000.00));
        assert_eq!(p.months, Some(30), "150 000 ÷ 5 000");
        assert_eq!(p.wish_level, dec!(330_000.00));
        // the article's figure earns far less than the payment
        assert_eq!(dec!(100_000) * dec!(0.02), dec!(2_000));
        assert_ne!(p.extra_sales, dec!(100_000));
    }

    /// docs/goals.md, "Wish goals" worked example across tiers.
    #[test]
    fn worked_example_crossing_from_two_to_three_percent() {
        let bands = MarginalBands::new(vec![
            Band { from: dec!(0), to: Some(dec!(100_000)), rate: dec!(0.02) },
            Band { from: dec!(100_000), to: None, rate: dec!(0.03) },
        ])
        .unwrap();
        let input = WishInput { rate: WishRate::Tiered(bands.clone()), ..seed_car() };
        let p = wish_plan(&input).unwrap();
        // 20 000 at 2 % = 400, then 4 600 ÷ 3 % = 153 333.33… → up to the fen
        assert_eq!(p.segments.len(), 2);
        assert_eq!((p.segments[0].sales, p.segments[0].commission), (dec!(20_000), dec!(400.00)));
        assert_eq!(p.segments[1].from, dec!(100_000));
        assert_eq!(p.extra_sales, dec!(173_333.34));
        assert_eq!(p.segments[1].sales, dec!(153_333.34));
        assert!(p.segments.iter().map(|s| s.commission).sum::<Decimal>() >= dec!(5_000));
        assert_eq!(bands.commission_on(p.wish_level) - bands.commission_on(p.baseline), dec!(5_000.0002));
    }

    #[test]
    fn a_capped_schedule_can_make_a_wish_unreachable() {
        let capped = MarginalBands::new(vec![
            Band { from: dec!(0), to: Some(dec!(200_000)), rate: dec!(0.02) },
            Band { from: dec!(200_000), to: None, rate: dec!(0) },
        ])
        .unwrap();
        let input = WishInput { rate: WishRate::Tiered(capped), ..seed_car() };
        // from 80 000 only 120 000 × 2 % = 2 400 more can be earned
        assert_eq!(
            wish_plan(&input),
            Err(GoalError::Unreachable { from_level: dec!(200_000), max_extra: dec!(2_400.00), wanted: dec!(5_000) })
        );
        let small = WishInput { payment: Payment::Monthly { monthly: dec!(2_000), price: None }, ..input };
        assert_eq!(wish_plan(&small).unwrap().extra_sales, dec!(100_000.00));
    }

    #[test]
    fn term_payment_and_bad_inputs() {
        let t = WishInput { payment: Payment::Term { price: dec!(10_000), months: 3 }, ..seed_car() };
        let p = wish_plan(&t).unwrap();
        assert_eq!(p.monthly_payment, dec!(3_333.34), "rounded up so three payments cover the price");
        assert_eq!(p.extra_sales, dec!(166_667.00));
        let m = WishInput { payment: Payment::Monthly { monthly: dec!(4_000), price: Some(dec!(150_000)) }, ..seed_car() };
        assert_eq!(wish_plan(&m).unwrap().months, Some(38), "37.5 rounded up");
        assert_eq!(
            wish_plan(&WishInput { rate: WishRate::Flat(dec!(0)), ..seed_car() }),
            Err(GoalError::RateNotPositive { rate: dec!(0) })
        );
        let zero = WishInput { payment: Payment::Term { price: dec!(1), months: 0 }, ..seed_car() };
        assert_eq!(wish_plan(&zero), Err(GoalError::BadPayment));
    }

    #[test]
    fn progress_this_month() {
        let input = seed_car();
        let p = wish_plan(&input).unwrap();
        let g = wish_progress(&p, &input.rate, dec!(180_000));
        assert_eq!((g.achieved, g.needed, g.remaining), (dec!(100_000), dec!(250_000.00), dec!(150_000.00)));
        assert_eq!(g.pct, dec!(40.00));
        assert_eq!(g.commission, dec!(2_000));
        assert!(!g.done);
        let below = wish_progress(&p, &input.rate, dec!(50_000));
        assert_eq!((below.achieved, below.commission), (dec!(0), dec!(0)));
        assert!(wish_progress(&p, &input.rate, dec!(330_000)).done);
    }
}
