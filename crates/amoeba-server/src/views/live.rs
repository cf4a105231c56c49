//! Figures from the accounting engine (`amoeba_app::accounting::month_pnl`),
//! as the board and the unit P&L show them.
//!
//! Choices made here (the accounting owner may revise them):
//! * a unit's figures are its subtree's (`rolled_up`), like `amoeba report pnl`;
//! * the board lists every unit but the root (the root is the company, shown
//!   in the tiles and the trend), profit centres first;
//! * peers are the units of the same kind at the same depth; rank, average
//!   and peak compare month-to-date hourly efficiency;
//! * plan attainment is month-to-date profit ÷ the month's planned profit of
//!   the unit (plans cover the unit's subtree, as the demo writes them), and
//!   only for a plan above zero (a ratio to a planned loss means nothing);
//! * days after the last day with imported facts are not shown.
//!
//! Drill-down and the person's share live in `drilldown.rs`.

use super::drilldown;
use super::*;
use amoeba_core::accounting::peers::{peer_stats, PeerMetric};
use amoeba_core::accounting::{Lines, MonthPnl, UnitPnl};
use amoeba_core::org::UnitKind;
use std::collections::BTreeMap;

/// The provider backed by the accounting engine.
pub struct Live;

/// Most problems listed above a page.
const MAX_PROBLEMS: usize = 20;

pub(super) async fn month(cx: ViewCtx<'_>, month: Month) -> Result<MonthPnl, String> {
    amoeba_app::accounting::month_pnl(cx.db, cx.company, month).await.map_err(|e| e.to_string())
}

fn problems(pnl: &MonthPnl) -> Vec<String> {
    let mut out: Vec<String> = pnl.errors.iter().take(MAX_PROBLEMS).map(|e| e.to_string()).collect();
    if pnl.errors.len() > MAX_PROBLEMS {
        out.push(format!("… and {} more", pnl.errors.len() - MAX_PROBLEMS));
    }
    out
}

/// The last day that may be shown: the last day with imported facts.
async fn last_day(cx: ViewCtx<'_>) -> Result<Option<NaiveDate>, String> {
    crate::queries::last_fact_day(cx.db, cx.company.id).await.map_err(|e| e.to_string())
}

fn sum_until(by_day: &BTreeMap<NaiveDate, Lines>, day: NaiveDate) -> Lines {
    Lines::sum(by_day.range(..=day).map(|(_, l)| l))
}

fn planned(plans: &[amoeba_core::ledger::PlanRecord], unit: &str, line: PnlLine) -> Option<Decimal> {
    plans.iter().find(|p| p.unit == unit && p.line.parse::<PnlLine>().ok() == Some(line)).map(|p| p.amount)
}

impl ViewProvider for Live {
    fn board<'a>(&'a self, cx: ViewCtx<'a>, day: NaiveDate) -> ViewFuture<'a, BoardView> {
        Box::pin(async move {
            let Some(last) = last_day(cx).await? else { return Ok(None) };
            let day = day.min(last);
            let m = Month::of(day);
            let pnl = month(cx, m).await?;
            let group_mtd = sum_until(&pnl.group_by_day, day);
            if group_mtd == Lines::zero() {
                return Ok(None);
            }
            let plans = cx.db.plans_of_month(cx.company.id, m).await.map_err(|e| e.to_string())?;
            let units: Vec<(&amoeba_core::org::Unit, &UnitPnl)> =
                cx.org.units.iter().filter(|u| u.parent.is_some()).filter_map(|u| pnl.units.get(&u.code).map(|p| (u, p))).collect();
            let mtd: BTreeMap<&str, Lines> = units.iter().map(|(u, p)| (u.code.as_str(), sum_until(&p.rolled_up_by_day, day))).collect();
            // Peers: same kind, same depth.
            let mut groups: BTreeMap<(bool, usize), BTreeMap<String, Option<Decimal>>> = BTreeMap::new();
            for (u, _) in &units {
                let key = (u.kind == UnitKind::ServiceCentre, cx.org.depth(&u.code));
                groups.entry(key).or_default().insert(u.code.clone(), mtd.get(u.code.as_str()).and_then(Lines::hourly_efficiency));
            }
            let metric = PeerMetric::HourlyEfficiency;
            let stats: BTreeMap<(bool, usize), _> =
                groups.iter().map(|(k, v)| (*k, peer_stats(v, metric.direction(), metric.dp()))).collect();
            let mut rows: Vec<((bool, usize, u32), BoardRow)> = units
                .iter()
                .map(|(u, p)| {
                    let key = (u.kind == UnitKind::ServiceCentre, cx.org.depth(&u.code));
                    let peers = stats.get(&key).cloned().unwrap_or_default();
                    let to_date = mtd.get(u.code.as_str()).cloned().unwrap_or_default();
                    let yesterday = p.rolled_up_by_day.get(&day).cloned().unwrap_or_default();
                    let plan_profit = planned(&plans, &u.code, PnlLine::Profit).filter(|p| *p > Decimal::ZERO);
                    let rank = peers.ranks.get(&u.code).copied();
                    let row = BoardRow {
                        unit: u.code.clone(),
                        yesterday_sales: yesterday.get(PnlLine::Sales),
                        yesterday_profit: yesterday.profit(),
                        mtd_sales: to_date.get(PnlLine::Sales),
                        mtd_profit: to_date.profit(),
                        hourly_efficiency: to_date.hourly_efficiency(),
                        plan_attainment: plan_profit.map(|plan| (to_date.profit() / plan).round_dp(4)),
                        rank,
                        peer_avg: peers.average,
                        peer_peak: peers.peak,
                        daily_profit: p.rolled_up_by_day.range(..=day).map(|(_, l)| l.profit()).collect(),
                    };
                    ((key.0, key.1, rank.unwrap_or(u32::MAX)), row)
                })
                .collect();
            rows.sort_by_key(|r| r.0);
            let daily = pnl
                .group_by_day
                .range(..=day)
                .map(|(d, l)| DailyPoint { day: *d, sales: l.get(PnlLine::Sales), profit: l.profit() })
                .collect();
            Ok(Some(BoardView { day, rows: rows.into_iter().map(|(_, r)| r).collect(), daily, problems: problems(&pnl) }))
        })
    }

    fn pnl<'a>(&'a self, cx: ViewCtx<'a>, unit: &'a str, m: Month) -> ViewFuture<'a, PnlView> {
        Box::pin(async move {
            let Some(last) = last_day(cx).await? else { return Ok(None) };
            if m.first_day() > last {
                return Ok(None);
            }
            let pnl = month(cx, m).await?;
            let Some(up) = pnl.units.get(unit) else { return Ok(None) };
            if up.rolled_up == Lines::zero() {
                return Ok(None);
            }
            let plans = cx.db.plans_of_month(cx.company.id, m).await.map_err(|e| e.to_string())?;
            let shown: Vec<(&NaiveDate, &Lines)> = up.rolled_up_by_day.range(..=last).collect();
            let lines = PnlLine::ALL
                .iter()
                .map(|line| PnlRow {
                    line: *line,
                    month: up.rolled_up.get(*line),
                    plan: planned(&plans, unit, *line),
                    days: shown.iter().map(|(_, l)| l.get(*line)).collect(),
                })
                .collect();
            let closed = cx.db.closed_periods(cx.company.id).await.map_err(|e| e.to_string())?.contains(&m.to_string());
            Ok(Some(PnlView {
                days: shown.iter().map(|(d, _)| **d).collect(),
                lines,
                hourly_efficiency: up.hourly_efficiency_rolled_up,
                closed,
                problems: problems(&pnl),
                fx_gain_loss: up.fx_gain_loss_rolled_up,
            }))
        })
    }

    fn facts<'a>(&'a self, cx: ViewCtx<'a>, q: &'a FactsQuery) -> ViewFuture<'a, FactsView> {
        Box::pin(async move { drilldown::facts(cx, q).await })
    }

    fn person_share<'a>(&'a self, cx: ViewCtx<'a>, person: &'a str, m: Month) -> ViewFuture<'a, ShareView> {
        Box::pin(async move {
            let pnl = month(cx, m).await?;
            Ok(drilldown::person_share(cx.org, &pnl, person, m))
        })
    }
}
