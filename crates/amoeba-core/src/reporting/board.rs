//! The morning-meeting board (晨会看板): every unit's day and month to date,
//! hourly efficiency, plan attainment, rank and the peers' average and peak.
//!
//! Rules (docs/web.md, "The board"):
//! * a unit's figures are its subtree's (`rolled_up`), like `amoeba report pnl`;
//! * every unit but the root is listed (the root is the company, shown in the
//!   tiles and the trend), profit centres first, then by depth, then by rank;
//! * peers are the units of the same kind at the same depth
//!   ([`super::peers`]); rank, average and peak compare month-to-date hourly
//!   efficiency;
//! * plan attainment is month-to-date profit against the month's planned
//!   profit ([`super::attainment`]);
//! * the month counts through the board's day (`accounting::to_date`).

use super::attainment::attainment;
use super::peers::{stats_by_group, PeerGroup};
use super::problem::{month_problems, Problem};
use crate::accounting::peers::PeerMetric;
use crate::accounting::{Lines, MonthPnl, PnlLine};
use crate::ledger::PlanRecord;
use crate::org::Org;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Days of company totals the board's trend shows.
pub const TREND_DAYS: u64 = 30;

/// The morning-meeting board: every unit's yesterday and month to date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardView {
    /// The day the board shows ("yesterday").
    pub day: NaiveDate,
    /// One row per unit, in the order to show (usually by rank).
    pub rows: Vec<BoardRow>,
    /// Whole-company sales month to date.
    pub mtd_sales: Decimal,
    /// Whole-company profit month to date.
    pub mtd_profit: Decimal,
    /// Whole-company totals of the last 30 days up to `day` (trend chart;
    /// reaches into the month before early in a month).
    pub daily: Vec<DailyPoint>,
    /// Problems the figures leave out (a missing FX rate, a SKU without
    /// cost…); shown to whom they concern (`identity::Viewer::problems`).
    pub problems: Vec<Problem>,
}

/// One unit on the board.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardRow {
    /// Unit code.
    pub unit: String,
    /// Sales of the day.
    pub yesterday_sales: Decimal,
    /// Profit of the day.
    pub yesterday_profit: Decimal,
    /// Sales month to date.
    pub mtd_sales: Decimal,
    /// Profit month to date.
    pub mtd_profit: Decimal,
    /// Hourly efficiency month to date ((added value) ÷ hours); `None` without hours.
    pub hourly_efficiency: Option<Decimal>,
    /// Month-to-date profit ÷ the month's planned profit (1 = 100 %); `None`
    /// without a plan or when the plan is not a profit (a ratio to a planned loss means nothing).
    pub plan_attainment: Option<Decimal>,
    /// The peers the unit is ranked among: `kind/depth` (e.g.
    /// `profit_centre/1`), as `amoeba report metrics` groups them.
    pub peer_group: String,
    /// Rank among peers by hourly efficiency (1 = best).
    pub rank: Option<u32>,
    /// Peers' average hourly efficiency.
    pub peer_avg: Option<Decimal>,
    /// Peers' best hourly efficiency.
    pub peer_peak: Option<Decimal>,
    /// Profit per day of the month up to the board's day (sparkline).
    pub daily_profit: Vec<Decimal>,
}

/// Totals of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailyPoint {
    /// The day.
    pub day: NaiveDate,
    /// Sales.
    pub sales: Decimal,
    /// Profit.
    pub profit: Decimal,
}

/// The planned figure of `unit` on `line` in `plans` (one month's records).
pub fn planned(plans: &[PlanRecord], unit: &str, line: PnlLine) -> Option<Decimal> {
    plans.iter().find(|p| p.unit == unit && p.line.parse::<PnlLine>().ok() == Some(line)).map(|p| p.amount)
}

/// The first day of the trend ending on `day`.
pub fn trend_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(TREND_DAYS - 1)
}

/// The company's sales and profit on each day of the trend ending on `day`,
/// from the month P&Ls that cover it (oldest first; a month counted through
/// its as-of day).
pub fn trend(months: &[&MonthPnl], day: NaiveDate) -> Vec<DailyPoint> {
    let first = trend_start(day);
    months
        .iter()
        .flat_map(|m| m.group_by_day.iter())
        .filter(|(d, _)| **d >= first && **d <= day)
        .map(|(d, l)| DailyPoint { day: *d, sales: l.get(PnlLine::Sales), profit: l.profit() })
        .collect()
}

/// The board of `day` from the month P&L cut through `day`, the month's
/// plans and the trend; `None` when the month has nothing booked.
pub fn board(org: &Org, pnl: &MonthPnl, plans: &[PlanRecord], day: NaiveDate, daily: Vec<DailyPoint>) -> Option<BoardView> {
    if pnl.group == Lines::zero() {
        return None;
    }
    let units: Vec<(&crate::org::Unit, &crate::accounting::UnitPnl)> =
        org.units.iter().filter(|u| u.parent.is_some()).filter_map(|u| pnl.units.get(&u.code).map(|p| (u, p))).collect();
    let metric = PeerMetric::HourlyEfficiency;
    let efficiency: BTreeMap<String, Option<Decimal>> =
        units.iter().map(|(u, p)| (u.code.clone(), p.rolled_up.hourly_efficiency())).collect();
    let stats = stats_by_group(org, &efficiency, metric.direction(), metric.dp());
    let mut rows: Vec<((PeerGroup, u32), BoardRow)> = units
        .iter()
        .filter_map(|(u, p)| {
            let group = PeerGroup::of(org, &u.code)?;
            let peers = stats.get(&group).cloned().unwrap_or_default();
            let to_date = &p.rolled_up;
            let yesterday = p.rolled_up_by_day.get(&day).cloned().unwrap_or_default();
            let rank = peers.ranks.get(&u.code).copied();
            let plan_attainment =
                planned(plans, &u.code, PnlLine::Profit).and_then(|plan| attainment(PnlLine::Profit, to_date.profit(), plan));
            let row = BoardRow {
                unit: u.code.clone(),
                yesterday_sales: yesterday.get(PnlLine::Sales),
                yesterday_profit: yesterday.profit(),
                mtd_sales: to_date.get(PnlLine::Sales),
                mtd_profit: to_date.profit(),
                hourly_efficiency: to_date.hourly_efficiency(),
                peer_group: group.code(),
                plan_attainment,
                rank,
                peer_avg: peers.average,
                peer_peak: peers.peak,
                daily_profit: p.rolled_up_by_day.values().map(Lines::profit).collect(),
            };
            Some(((group, rank.unwrap_or(u32::MAX)), row))
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    Some(BoardView {
        day,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        mtd_sales: pnl.group.get(PnlLine::Sales),
        mtd_profit: pnl.group.profit(),
        daily,
        problems: month_problems(pnl, org),
    })
}
