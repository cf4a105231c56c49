//! A unit's P&L for a month as the page, the API and exports show it: every
//! line with its plan, variance and attainment, and the days with something
//! booked.

use super::attainment::attainment;
use super::board::planned;
use super::problem::Problem;
use crate::accounting::{Lines, MonthPnl, PnlLine};
use crate::ledger::PlanRecord;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// A unit's P&L for a month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PnlView {
    /// The days shown (every day of the month up to the as-of day with something booked).
    pub days: Vec<NaiveDate>,
    /// Lines in report order (`PnlLine::ALL` order; hours last).
    pub lines: Vec<PnlRow>,
    /// Hourly efficiency of the month (added value ÷ hours); `None` without hours.
    pub hourly_efficiency: Option<Decimal>,
    /// Whether the month is closed (figures final).
    pub closed: bool,
    /// The last day counted: the month's last day once it is over, else the
    /// last day with data (costs booked for the month count for the days
    /// elapsed, `accounting::to_date`).
    pub as_of: NaiveDate,
    /// Whether every day of the month counts.
    pub whole_month: bool,
    /// Problems the figures leave out (filtered by viewer before shown).
    pub problems: Vec<Problem>,
    /// FX gain/loss of the settlements deposited in the month for the
    /// unit's stores (subtree): shown beside profit, never inside it.
    pub fx_gain_loss: Decimal,
}

/// One line of a P&L.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PnlRow {
    /// The line (labels come from `label_zh` / `label_en`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "sales"))]
    pub line: PnlLine,
    /// Month total.
    pub month: Decimal,
    /// Month plan, if one was imported.
    pub plan: Option<Decimal>,
    /// `month − plan`, with a plan.
    pub variance: Option<Decimal>,
    /// `month ÷ plan` by the one attainment rule ([`super::attainment`]).
    pub attainment: Option<Decimal>,
    /// One amount per entry of [`PnlView::days`].
    pub days: Vec<Decimal>,
}

impl PnlRow {
    /// A line with its variance and attainment worked out from its plan.
    pub fn new(line: PnlLine, month: Decimal, plan: Option<Decimal>, days: Vec<Decimal>) -> Self {
        let variance = plan.and_then(|p| month.checked_sub(p));
        let attainment = plan.and_then(|p| attainment(line, month, p));
        PnlRow { line, month, plan, variance, attainment, days }
    }
}

/// What a P&L view says besides the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PnlState {
    /// The month is closed.
    pub closed: bool,
    /// Last day counted.
    pub as_of: NaiveDate,
    /// Every day of the month counts.
    pub whole_month: bool,
    /// The month's problems.
    pub problems: Vec<Problem>,
}

/// `unit`'s P&L from the month (cut at its as-of day) and the month's plan
/// records; `None` when the unit has nothing booked.
pub fn pnl_view(pnl: &MonthPnl, unit: &str, plans: &[PlanRecord], state: PnlState) -> Option<PnlView> {
    let up = pnl.units.get(unit)?;
    if up.rolled_up == Lines::zero() {
        return None;
    }
    // Days with something booked (a day of nothing is not a row).
    let shown: Vec<(&NaiveDate, &Lines)> = up.rolled_up_by_day.iter().filter(|(_, l)| **l != Lines::zero()).collect();
    let lines = PnlLine::ALL
        .iter()
        .map(|line| {
            PnlRow::new(*line, up.rolled_up.get(*line), planned(plans, unit, *line), shown.iter().map(|(_, l)| l.get(*line)).collect())
        })
        .collect();
    Some(PnlView {
        days: shown.iter().map(|(d, _)| **d).collect(),
        lines,
        hourly_efficiency: up.hourly_efficiency_rolled_up,
        closed: state.closed,
        as_of: state.as_of,
        whole_month: state.whole_month,
        problems: state.problems,
        fx_gain_loss: up.fx_gain_loss_rolled_up,
    })
}
