//! The annual target: what the unit must sell to cover its whole operating
//! cost, earn the profit uplift the owner asks for, and a stretch on top
//! that keeps people reaching (seed 004: cost + 30 %, then + 5–10 %).
//!
//! Whether uplift and stretch compound (`cost × 1.30 × 1.08`) or add
//! (`cost × 1.38`) changes the target by 2.4 % of cost, so it is an explicit
//! option and the result says which was used, with the arithmetic as steps a
//! page can show. The target is rounded once, to the fen, at the last step.

use super::GoalError;
use crate::money::round_money;
use crate::Lang;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The source's profit uplift: 30 % over total operating cost.
pub const DEFAULT_UPLIFT: Decimal = Decimal::from_parts(30, 0, 0, false, 2);
/// The default stretch, inside the source's 5–10 %.
pub const DEFAULT_STRETCH: Decimal = Decimal::from_parts(8, 0, 0, false, 2);
/// Lowest stretch accepted without a stated reason.
pub const STRETCH_MIN: Decimal = Decimal::from_parts(5, 0, 0, false, 2);
/// Highest stretch accepted without a stated reason.
pub const STRETCH_MAX: Decimal = Decimal::from_parts(10, 0, 0, false, 2);

/// How uplift and stretch combine; a choice of the owner, never implied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// `cost × (1 + uplift) × (1 + stretch)`: the stretch applies to the
    /// profit too (the source's reading: "on that basis add 5–10 %").
    Compounding,
    /// `cost × (1 + uplift + stretch)`: both are shares of cost.
    Additive,
}

/// What the owner decides for a unit's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInput {
    /// The unit's total operating cost for the year (an input: budgeted or last year's).
    pub operating_cost: Decimal,
    /// Profit uplift as a fraction (0.30 = 30 %).
    pub uplift: Decimal,
    /// Stretch as a fraction (0.08 = 8 %).
    pub stretch: Decimal,
    /// Compounding or additive.
    pub combine: Combine,
    /// Why a stretch outside 5–10 % is used; required only then.
    pub stretch_reason: Option<String>,
}

impl TargetInput {
    /// The source's defaults (30 % uplift, 8 % stretch, compounding) on a cost.
    pub fn with_defaults(operating_cost: Decimal) -> Self {
        Self { operating_cost, uplift: DEFAULT_UPLIFT, stretch: DEFAULT_STRETCH, combine: Combine::Compounding, stretch_reason: None }
    }
}

/// One line of the arithmetic shown beside a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// What this step does.
    pub kind: StepKind,
    /// The arithmetic, e.g. `1000000 × 1.30 = 1300000.00` (exact until the last step).
    pub arithmetic: String,
    /// The value after the step.
    pub value: Decimal,
}

/// The kind of a [`Step`], so a page can label it in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The operating cost, as given.
    OperatingCost,
    /// Cost with the profit uplift.
    Uplift,
    /// The stretch on top (compounding).
    Stretch,
    /// Uplift and stretch added, applied once (additive).
    UpliftPlusStretch,
    /// Rounded to the fen.
    Rounded,
}

impl StepKind {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            StepKind::OperatingCost => lang.pick("运营总成本", "operating cost"),
            StepKind::Uplift => lang.pick("加利润增长", "with profit uplift"),
            StepKind::Stretch => lang.pick("加挑战系数", "with stretch"),
            StepKind::UpliftPlusStretch => lang.pick("加利润增长与挑战系数（相加）", "with uplift plus stretch (additive)"),
            StepKind::Rounded => lang.pick("四舍五入到分", "rounded to the fen"),
        }
    }
}

/// A unit's annual target and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualTarget {
    /// The target, to the fen.
    pub target: Decimal,
    /// Which combination was used.
    pub combine: Combine,
    /// The inputs, as used.
    pub input: TargetInput,
    /// The arithmetic, in order.
    pub steps: Vec<Step>,
}

/// The annual target from cost, uplift and stretch.
///
/// Refuses a negative cost, uplift or stretch, and a stretch outside
/// [`STRETCH_MIN`]..=[`STRETCH_MAX`] unless `stretch_reason` says why.
pub fn annual_target(input: &TargetInput) -> Result<AnnualTarget, GoalError> {
    for (what, v) in [("operating_cost", input.operating_cost), ("uplift", input.uplift), ("stretch", input.stretch)] {
        if v.is_sign_negative() && !v.is_zero() {
            return Err(GoalError::Negative { what: what.into(), value: v });
        }
    }
    let reasoned = input.stretch_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
    if !(STRETCH_MIN..=STRETCH_MAX).contains(&input.stretch) && !reasoned {
        return Err(GoalError::StretchOutOfRange { stretch: input.stretch });
    }
    let overflow = || GoalError::Overflow { what: "annual target".into() };
    let cost = input.operating_cost;
    let mut steps = vec![Step { kind: StepKind::OperatingCost, arithmetic: format!("{cost}"), value: cost }];
    let exact = match input.combine {
        Combine::Compounding => {
            let f1 = Decimal::ONE + input.uplift;
            let with_uplift = cost.checked_mul(f1).ok_or_else(overflow)?;
            steps.push(Step { kind: StepKind::Uplift, arithmetic: format!("{cost} × {f1} = {with_uplift}"), value: with_uplift });
            let f2 = Decimal::ONE + input.stretch;
            let with_stretch = with_uplift.checked_mul(f2).ok_or_else(overflow)?;
            steps
                .push(Step { kind: StepKind::Stretch, arithmetic: format!("{with_uplift} × {f2} = {with_stretch}"), value: with_stretch });
            with_stretch
        }
        Combine::Additive => {
            let f = Decimal::ONE + input.uplift + input.stretch;
            let v = cost.checked_mul(f).ok_or_else(overflow)?;
            steps.push(Step {
                kind: StepKind::UpliftPlusStretch,
                arithmetic: format!("{cost} × (1 + {} + {}) = {cost} × {f} = {v}", input.uplift, input.stretch),
                value: v,
            });
            v
        }
    };
    let target = round_money(exact);
    steps.push(Step { kind: StepKind::Rounded, arithmetic: format!("{exact} → {target}"), value: target });
    Ok(AnnualTarget { target, combine: input.combine, input: input.clone(), steps })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// docs/goals.md, "Annual target" worked example.
    #[test]
    fn worked_example_compounding_and_additive() {
        let c = annual_target(&TargetInput::with_defaults(dec!(2_000_000))).unwrap();
        assert_eq!(c.target, dec!(2_808_000.00));
        assert_eq!(c.combine, Combine::Compounding);
        let kinds: Vec<StepKind> = c.steps.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![StepKind::OperatingCost, StepKind::Uplift, StepKind::Stretch, StepKind::Rounded]);
        assert_eq!(c.steps[1].value, dec!(2_600_000));
        assert_eq!(c.steps[1].arithmetic, "2000000 × 1.30 = 2600000.00");

        let mut add = TargetInput::with_defaults(dec!(2_000_000));
        add.combine = Combine::Additive;
        let a = annual_target(&add).unwrap();
        assert_eq!(a.target, dec!(2_760_000.00));
        assert_eq!(a.combine, Combine::Additive);
        assert_eq!(c.target - a.target, dec!(2_000_000) * dec!(0.30) * dec!(0.08), "the difference is uplift × stretch × cost");
    }

    #[test]
    fn rounds_once_at_the_end_half_away_from_zero() {
        // 1 234 567.89 × 1.3 × 1.08 = 1 733 333.31756 → 1 733 333.32; rounding
        // the middle step first would not change this one, but 0.125 shows it:
        let t = annual_target(&TargetInput::with_defaults(dec!(1_234_567.89))).unwrap();
        assert_eq!(t.steps[2].value, dec!(1_733_333.317560));
        assert_eq!(t.target, dec!(1_733_333.32));
        let mut i = TargetInput::with_defaults(dec!(0.0625));
        i.uplift = dec!(1);
        i.stretch = dec!(0.05);
        // 0.0625 × 2 = 0.125 (would round to 0.13 if rounded here) × 1.05 = 0.13125 → 0.13
        assert_eq!(annual_target(&i).unwrap().target, dec!(0.13));
    }

    #[test]
    fn a_stretch_outside_five_to_ten_percent_needs_a_reason() {
        let mut i = TargetInput::with_defaults(dec!(100));
        i.stretch = dec!(0.12);
        assert_eq!(annual_target(&i), Err(GoalError::StretchOutOfRange { stretch: dec!(0.12) }));
        i.stretch_reason = Some("   ".into());
        assert!(annual_target(&i).is_err(), "a blank reason is no reason");
        i.stretch_reason = Some("new marketplace launch".into());
        assert_eq!(annual_target(&i).unwrap().target, dec!(145.60));
        i.stretch = dec!(0.05);
        i.stretch_reason = None;
        assert!(annual_target(&i).is_ok(), "5 % is inside the range");
    }

    #[test]
    fn refuses_negative_inputs() {
        let mut i = TargetInput::with_defaults(dec!(-1));
        assert!(matches!(annual_target(&i), Err(GoalError::Negative { .. })));
        i.operating_cost = dec!(1);
        i.uplift = dec!(-0.1);
        assert!(matches!(annual_target(&i), Err(GoalError::Negative { .. })));
    }
}
