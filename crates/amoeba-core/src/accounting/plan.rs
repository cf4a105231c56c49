//! Plan vs actual per unit and P&L line: the monthly budget check.
//!
//! Plans are in the ledger's sign convention (costs and labour negative), so
//! `variance = actual − plan` is favourable when positive on every money
//! line: more sales, or less cost. Attainment is the one rule of
//! `reporting::attainment`, shown here in percent (2 places); on a cost line
//! above 100 means over budget.

use super::lines::PnlLine;
use super::totals::Lines;
use crate::ledger::PlanRecord;
use crate::period::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One planned line against its actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVariance {
    /// Unit code.
    pub unit: String,
    /// P&L line.
    pub line: PnlLine,
    /// Planned figure.
    pub plan: Decimal,
    /// Actual figure.
    pub actual: Decimal,
    /// actual − plan.
    pub variance: Decimal,
    /// `reporting::attainment` in percent (2 dp); `None` where that rule leaves it undefined.
    pub attainment: Option<Decimal>,
}

/// A plan record that cannot be compared, with its source line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The line code is not a P&L line.
    #[error("plan line {line_no}: {reason}")]
    UnknownLine {
        /// Source line.
        line_no: u64,
        /// Parse message listing the valid codes.
        reason: String,
    },
    /// The unit has no P&L this month.
    #[error("plan line {line_no}: unknown unit '{unit}'")]
    UnknownUnit {
        /// Source line.
        line_no: u64,
        /// Unit code.
        unit: String,
    },
    /// The same unit and line are planned twice for the month (the first is kept).
    #[error("plan line {line_no}: {unit} / {line} is already planned for this month")]
    Duplicate {
        /// Source line.
        line_no: u64,
        /// Unit.
        unit: String,
        /// Line.
        line: PnlLine,
    },
}

/// Compares `month`'s plan records with `actual` (unit → lines; normally
/// the units' rolled-up P&L, since a unit's plan covers its subtree).
/// Records of other months are ignored.
pub fn plan_vs_actual(month: Month, plans: &[PlanRecord], actual: &BTreeMap<String, Lines>) -> (Vec<PlanVariance>, Vec<PlanError>) {
    let mut errors = Vec::new();
    let mut planned: BTreeMap<(String, PnlLine), Decimal> = BTreeMap::new();
    for p in plans.iter().filter(|p| p.month == month) {
        let line = match p.line.parse::<PnlLine>() {
            Ok(l) => l,
            Err(reason) => {
                errors.push(PlanError::UnknownLine { line_no: p.line_no, reason });
                continue;
            }
        };
        if !actual.contains_key(&p.unit) {
            errors.push(PlanError::UnknownUnit { line_no: p.line_no, unit: p.unit.clone() });
            continue;
        }
        match planned.entry((p.unit.clone(), line)) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(p.amount);
            }
            std::collections::btree_map::Entry::Occupied(_) => {
                errors.push(PlanError::Duplicate { line_no: p.line_no, unit: p.unit.clone(), line });
            }
        }
    }
    let rows = planned
        .into_iter()
        .map(|((unit, line), plan)| {
            let actual = actual[&unit].get(line);
            let attainment = crate::reporting::attainment(line, actual, plan).map(|r| r * Decimal::ONE_HUNDRED);
            PlanVariance { unit, line, plan, actual, variance: actual - plan, attainment }
        })
        .collect();
    (rows, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn plan(unit: &str, line: &str, amount: Decimal, line_no: u64) -> PlanRecord {
        PlanRecord { unit: unit.into(), month: "2026-10".parse().unwrap(), line: line.into(), amount, line_no }
    }

    /// docs/formulas.md, "Plan vs actual" worked example.
    #[test]
    fn worked_example_plan_vs_actual() {
        let mut a = Lines::zero();
        a.add(PnlLine::Sales, dec!(92345.67));
        a.add(PnlLine::Ads, dec!(-9000.00));
        let actual: BTreeMap<String, Lines> = [("A".to_string(), a)].into();
        let plans = [
            plan("A", "sales", dec!(100000.00), 2),
            plan("A", "ads", dec!(-8000.00), 3),
            plan("A", "refunds", dec!(0), 4),
            plan("A", "salez", dec!(1), 5),
            plan("Z", "sales", dec!(1), 6),
            plan("A", "ads", dec!(-1), 7),
        ];
        let (rows, errors) = plan_vs_actual("2026-10".parse().unwrap(), &plans, &actual);
        assert_eq!(errors.len(), 3, "{errors:?}");
        let sales = rows.iter().find(|r| r.line == PnlLine::Sales).unwrap();
        assert_eq!((sales.variance, sales.attainment), (dec!(-7654.33), Some(dec!(92.35))));
        let ads = rows.iter().find(|r| r.line == PnlLine::Ads).unwrap();
        // the duplicate (line 7) is reported; the first figure is kept
        assert_eq!((ads.plan, ads.variance, ads.attainment), (dec!(-8000.00), dec!(-1000.00), Some(dec!(112.50))));
        let refunds = rows.iter().find(|r| r.line == PnlLine::Refunds).unwrap();
        assert_eq!(refunds.attainment, None);
    }

    #[test]
    fn cost_line_over_budget_reads_above_100() {
        let mut a = Lines::zero();
        a.add(PnlLine::Ads, dec!(-9000.00));
        let actual: BTreeMap<String, Lines> = [("A".to_string(), a)].into();
        let (rows, _) = plan_vs_actual("2026-10".parse().unwrap(), &[plan("A", "ads", dec!(-8000.00), 2)], &actual);
        assert_eq!((rows[0].variance, rows[0].attainment), (dec!(-1000.00), Some(dec!(112.50))));
    }
}
