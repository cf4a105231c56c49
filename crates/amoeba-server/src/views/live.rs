//! Figures from the accounting engine (`amoeba_app::accounting::month_to_date`),
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
//! * a month counts through its as-of day (`amoeba_core::accounting::to_date`):
//!   costs booked for the whole month count for the days elapsed, the same
//!   on the board, the P&L, the drill-down, a person's page and the CLI.
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

/// The month as it counts today (`amoeba_app::accounting::month_to_date`):
/// the one cut the board, the P&L, the drill-down and a person's page share.
pub(super) async fn month(cx: ViewCtx<'_>, month: Month) -> Result<amoeba_app::accounting::MonthToDate, String> {
    amoeba_app::accounting::month_to_date(cx.db, cx.company, month, cx.today).await.map_err(|e| e.to_string())
}

/// The month's problems in both languages, each with the units it concerns
/// (a store's problem is its owners'), for the pages to filter by viewer.
fn problems(pnl: &MonthPnl, org: &amoeba_core::org::Org) -> Vec<Problem> {
    pnl.errors
        .iter()
        .map(|e| {
            let mut units: Vec<String> = e.units().into_iter().map(str::to_string).collect();
            if let Some(store) = e.store() {
                let owners = org.stores.iter().filter(|s| s.code == store).flat_map(|s| s.owners.iter().map(|o| o.unit.clone()));
                units.extend(owners);
            }
            Problem { zh: e.render(Lang::Zh), en: e.render(Lang::En), units }
        })
        .collect()
}

/// The last day that may be shown: the last day with imported facts.
async fn last_day(cx: ViewCtx<'_>) -> Result<Option<NaiveDate>, String> {
    cx.db.last_fact_day(cx.company.id).await.map_err(|e| e.to_string())
}

fn planned(plans: &[amoeba_core::ledger::PlanRecord], unit: &str, line: PnlLine) -> Option<Decimal> {
    plans.iter().find(|p| p.unit == unit && p.line.parse::<PnlLine>().ok() == Some(line)).map(|p| p.amount)
}

/// Days of company totals the board's trend shows.
const TREND_DAYS: u64 = 30;

/// The company's sales and profit on each of the last [`TREND_DAYS`] days up
/// to `day`, reaching into the month before when `day` is early in its
/// month (so the 1st of a month is not a single point).
async fn trend(cx: ViewCtx<'_>, pnl: &MonthPnl, day: NaiveDate) -> Result<Vec<DailyPoint>, String> {
    let first = day - chrono::Days::new(TREND_DAYS - 1);
    let point = |(d, l): (&NaiveDate, &Lines)| DailyPoint { day: *d, sales: l.get(PnlLine::Sales), profit: l.profit() };
    let mut out = Vec::new();
    let mut m = Month::of(first);
    while m < pnl.month {
        let before = month(cx, m).await?;
        out.extend(before.pnl.group_by_day.iter().filter(|(d, _)| **d >= first).map(point));
        m = m.next();
    }
    out.extend(pnl.group_by_day.iter().filter(|(d, _)| **d >= first && **d <= day).map(point));
    Ok(out)
}

/// The board of `day`, as [`Live::board`] serves it from [`BOARDS`].
async fn board_view(cx: ViewCtx<'_>, day: NaiveDate) -> Result<Option<BoardView>, String> {
    let Some(last) = last_day(cx).await? else { return Ok(None) };
    let day = day.min(last);
    let m = Month::of(day);
    // The board's day is a day with data, so the month counts through it.
    let pnl = month(cx, m).await?.pnl.through(day);
    if pnl.group == Lines::zero() {
        return Ok(None);
    }
    let plans = cx.db.plans_of_month(cx.company.id, m).await.map_err(|e| e.to_string())?;
    let units: Vec<(&amoeba_core::org::Unit, &UnitPnl)> =
        cx.org.units.iter().filter(|u| u.parent.is_some()).filter_map(|u| pnl.units.get(&u.code).map(|p| (u, p))).collect();
    let mtd: BTreeMap<&str, Lines> = units.iter().map(|(u, p)| (u.code.as_str(), p.rolled_up.clone())).collect();
    // Peers: same kind, same depth.
    let mut groups: BTreeMap<(bool, usize), BTreeMap<String, Option<Decimal>>> = BTreeMap::new();
    for (u, _) in &units {
        let key = (u.kind == UnitKind::ServiceCentre, cx.org.depth(&u.code));
        groups.entry(key).or_default().insert(u.code.clone(), mtd.get(u.code.as_str()).and_then(Lines::hourly_efficiency));
    }
    let metric = PeerMetric::HourlyEfficiency;
    let stats: BTreeMap<(bool, usize), _> = groups.iter().map(|(k, v)| (*k, peer_stats(v, metric.direction(), metric.dp()))).collect();
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
                peer_group: format!("{}/{}", u.kind.as_str(), key.1),
                plan_attainment: plan_profit.map(|plan| (to_date.profit() / plan).round_dp(4)),
                rank,
                peer_avg: peers.average,
                peer_peak: peers.peak,
                daily_profit: p.rolled_up_by_day.values().map(Lines::profit).collect(),
            };
            ((key.0, key.1, rank.unwrap_or(u32::MAX)), row)
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    let daily = trend(cx, &pnl, day).await?;
    Ok(Some(BoardView {
        day,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        mtd_sales: pnl.group.get(PnlLine::Sales),
        mtd_profit: pnl.group.profit(),
        daily,
        problems: problems(&pnl, cx.org),
    }))
}

/// Boards kept per data version (see `amoeba_app::version_cache`).
static BOARDS: amoeba_app::version_cache::VersionedCache<Option<BoardView>> = amoeba_app::version_cache::VersionedCache::new();

impl ViewProvider for Live {
    fn board<'a>(&'a self, cx: ViewCtx<'a>, day: NaiveDate) -> ViewFuture<'a, BoardView> {
        Box::pin(async move {
            // Computed once per data change: at 9:00 everyone opens it at once.
            let version = cx.db.data_version(cx.company.id).await.map_err(|e| e.to_string())?;
            BOARDS.get_or_compute(&cx.db.display_url, cx.company.id, version, format!("{day} {}", cx.today), board_view(cx, day)).await
        })
    }

    fn pnl<'a>(&'a self, cx: ViewCtx<'a>, unit: &'a str, m: Month) -> ViewFuture<'a, PnlView> {
        Box::pin(async move {
            let mtd = month(cx, m).await?;
            let Some(as_of) = mtd.as_of else { return Ok(None) };
            let pnl = &mtd.pnl;
            let Some(up) = pnl.units.get(unit) else { return Ok(None) };
            if up.rolled_up == Lines::zero() {
                return Ok(None);
            }
            let plans = cx.db.plans_of_month(cx.company.id, m).await.map_err(|e| e.to_string())?;
            // Days with something booked (a day of nothing is not a row).
            let shown: Vec<(&NaiveDate, &Lines)> = up.rolled_up_by_day.iter().filter(|(_, l)| **l != Lines::zero()).collect();
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
                as_of,
                whole_month: mtd.whole_month,
                problems: problems(pnl, cx.org),
                fx_gain_loss: up.fx_gain_loss_rolled_up,
            }))
        })
    }

    fn facts<'a>(&'a self, cx: ViewCtx<'a>, q: &'a FactsQuery, out: RowSink) -> ViewFuture<'a, FactsSummary> {
        Box::pin(async move { drilldown::facts(cx, q, out).await })
    }

    fn person_share<'a>(&'a self, cx: ViewCtx<'a>, person: &'a str, m: Month) -> ViewFuture<'a, ShareView> {
        Box::pin(async move {
            let mtd = month(cx, m).await?;
            let Some(as_of) = mtd.as_of else { return Ok(None) };
            Ok(drilldown::person_share(cx.org, &mtd.pnl, person, m, as_of))
        })
    }
}
