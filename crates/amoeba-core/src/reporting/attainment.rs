//! Plan attainment — the one rule every page, export, API and the CLI use.
//!
//! Attainment = actual ÷ plan, a ratio rounded once to [`ATTAINMENT_DP`]
//! places (0.9235 = 92.35 %). Plans are in the ledger's sign convention
//! (costs negative), so on a cost line the ratio is the share of the budget
//! used (above 1 = over budget). It is undefined when the plan is zero, and
//! on a line where more is better (sales, internal sales, added value,
//! profit, hours) when the plan is not above zero: a ratio to a planned loss
//! means nothing. docs/formulas.md, "Plan vs actual".

use crate::accounting::metrics::round_dp;
use crate::accounting::PnlLine;
use rust_decimal::Decimal;

/// Decimal places of an attainment ratio (2 places of a percentage).
pub const ATTAINMENT_DP: u32 = 4;

/// Whether more is better on the line (its plan is positive).
fn more_is_better(line: PnlLine) -> bool {
    matches!(line, PnlLine::Sales | PnlLine::InternalSales | PnlLine::AddedValue | PnlLine::Profit | PnlLine::Hours)
}

/// `actual ÷ plan` on `line`, or `None` where the rule leaves it undefined.
pub fn attainment(line: PnlLine, actual: Decimal, plan: Decimal) -> Option<Decimal> {
    if plan.is_zero() || (more_is_better(line) && plan.is_sign_negative()) {
        return None;
    }
    actual.checked_div(plan).map(|r| round_dp(r, ATTAINMENT_DP))
}

/// Decimal places of an attainment shown as a percentage (92.35 %).
pub const ATTAINMENT_PCT_DP: u32 = ATTAINMENT_DP - 2;

/// [`attainment`] in percent for a target where more is better (sales,
/// profit, a contest's base, a wish goal's extra sales): `actual ÷ target ×
/// 100` to [`ATTAINMENT_PCT_DP`] places; `None` unless the target is above zero.
pub fn attainment_pct(actual: Decimal, target: Decimal) -> Option<Decimal> {
    attainment(PnlLine::Sales, actual, target).and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// docs/formulas.md, "Plan vs actual" worked example.
    #[test]
    fn worked_example() {
        assert_eq!(attainment(PnlLine::Sales, dec!(92345.67), dec!(100000.00)), Some(dec!(0.9235)));
        assert_eq!(attainment(PnlLine::Ads, dec!(-9000.00), dec!(-8000.00)), Some(dec!(1.1250)));
        assert_eq!(attainment(PnlLine::Refunds, dec!(-10), dec!(0)), None);
        assert_eq!(attainment(PnlLine::Profit, dec!(-500), dec!(-1000)), None, "a planned loss has no attainment");
        assert_eq!(attainment(PnlLine::Profit, dec!(2500.55), dec!(3000)), Some(dec!(0.8335)));
        assert_eq!(attainment_pct(dec!(92345.67), dec!(100000.00)), Some(dec!(92.35)));
        assert_eq!(attainment_pct(dec!(5), dec!(0)), None);
    }
}
