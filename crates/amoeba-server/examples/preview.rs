//! Serves an existing database with made-up, deterministic board and P&L
//! figures, to look at the pages (and take screenshots) before the
//! accounting provider is wired in:
//!
//! ```sh
//! cargo run -p amoeba-server --example preview -- demo.db
//! ```
//!
//! The figures are fake: never point this at a database people rely on.

use amoeba_core::accounting::PnlLine;
use amoeba_core::org::UnitKind;
use amoeba_core::Month;
use amoeba_server::views::*;
use amoeba_server::AppState;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Made-up figures derived from the unit code, the same on every run.
struct Fake;

fn seed(s: &str) -> u64 {
    s.bytes().fold(1469598103934665603u64, |h, b| (h ^ b as u64).wrapping_mul(1099511628211))
}

fn amount(key: &str, day: u32, base: i64) -> Decimal {
    let h = seed(&format!("{key}{day}"));
    Decimal::new(base * 100 + (h % (base as u64 * 60 + 1)) as i64 - base * 30, 2)
}

impl ViewProvider for Fake {
    fn board<'a>(&'a self, cx: ViewCtx<'a>, day: NaiveDate) -> ViewFuture<'a, BoardView> {
        Box::pin(async move {
            let days: Vec<NaiveDate> = (1..=day.day()).filter_map(|d| day.with_day(d)).collect();
            let units: Vec<_> = cx.org.units.iter().filter(|u| u.kind == UnitKind::ProfitCentre && u.parent.is_some()).collect();
            let mut rows: Vec<BoardRow> = units
                .iter()
                .map(|u| {
                    let sales: Vec<Decimal> = days.iter().map(|d| amount(&u.code, d.day(), 30_000)).collect();
                    let profit: Vec<Decimal> =
                        days.iter().map(|d| amount(&format!("p{}", u.code), d.day(), 3_000) - Decimal::new(1_200, 0)).collect();
                    let eff = Decimal::new((seed(&u.code) % 9000) as i64 + 3000, 2);
                    BoardRow {
                        unit: u.code.clone(),
                        yesterday_sales: *sales.last().unwrap_or(&Decimal::ZERO),
                        yesterday_profit: *profit.last().unwrap_or(&Decimal::ZERO),
                        mtd_sales: sales.iter().sum(),
                        mtd_profit: profit.iter().sum(),
                        hourly_efficiency: Some(eff),
                        plan_attainment: Some(Decimal::new((seed(&u.code) % 600) as i64 + 700, 3)),
                        rank: None,
                        peer_avg: None,
                        peer_peak: None,
                        daily_profit: profit,
                    }
                })
                .collect();
            rows.sort_by_key(|r| std::cmp::Reverse(r.hourly_efficiency));
            let n = Decimal::from(rows.len().max(1) as i64);
            let avg = (rows.iter().filter_map(|r| r.hourly_efficiency).sum::<Decimal>() / n).round_dp(2);
            let peak = rows.first().and_then(|r| r.hourly_efficiency);
            for (i, r) in rows.iter_mut().enumerate() {
                r.rank = Some(i as u32 + 1);
                r.peer_avg = Some(avg);
                r.peer_peak = peak;
            }
            let daily = days
                .iter()
                .enumerate()
                .map(|(i, d)| DailyPoint {
                    day: *d,
                    sales: rows.iter().map(|r| amount(&r.unit, d.day(), 30_000)).sum(),
                    profit: rows.iter().map(|r| r.daily_profit[i]).sum(),
                })
                .collect();
            Ok(Some(BoardView { day, rows, daily, problems: Vec::new() }))
        })
    }

    fn pnl<'a>(&'a self, _: ViewCtx<'a>, unit: &'a str, month: Month) -> ViewFuture<'a, PnlView> {
        Box::pin(async move {
            let days: Vec<NaiveDate> = (1..=month.days()).filter_map(|d| NaiveDate::from_ymd_opt(month.year(), month.month(), d)).collect();
            let line = |l: PnlLine, base: i64, sign: i64| {
                let v: Vec<Decimal> = days.iter().map(|d| amount(&format!("{unit}{l}"), d.day(), base) * Decimal::from(sign)).collect();
                (l, v)
            };
            let booked = [
                line(PnlLine::Sales, 30_000, 1),
                line(PnlLine::Refunds, 900, -1),
                line(PnlLine::Cogs, 9_000, -1),
                line(PnlLine::PlatformFees, 4_500, -1),
                line(PnlLine::Fulfilment, 3_800, -1),
                line(PnlLine::Storage, 400, -1),
                line(PnlLine::Ads, 3_000, -1),
                line(PnlLine::Freight, 1_100, -1),
                line(PnlLine::InternalPurchases, 1_500, -1),
                line(PnlLine::Allocated, 800, -1),
            ];
            let sum_days = |rows: &[&Vec<Decimal>]| -> Vec<Decimal> { (0..days.len()).map(|i| rows.iter().map(|r| r[i]).sum()).collect() };
            let added = sum_days(&booked.iter().map(|(_, v)| v).collect::<Vec<_>>());
            let labour: Vec<Decimal> = days.iter().map(|_| Decimal::new(-2_400, 0)).collect();
            let profit = sum_days(&[&added, &labour]);
            let hours: Vec<Decimal> = days.iter().map(|_| Decimal::new(64, 0)).collect();
            let mut lines: Vec<PnlRow> = booked
                .iter()
                .map(|(l, v)| PnlRow {
                    line: *l,
                    month: v.iter().sum(),
                    plan: (*l == PnlLine::Sales).then(|| Decimal::new(1_000_000, 0)),
                    days: v.clone(),
                })
                .collect();
            for (l, v, plan) in [
                (PnlLine::AddedValue, added, None),
                (PnlLine::Labour, labour, None),
                (PnlLine::Profit, profit, Some(Decimal::new(120_000, 0))),
                (PnlLine::Hours, hours, None),
            ] {
                lines.push(PnlRow { line: l, month: v.iter().sum(), plan, days: v });
            }
            let av: Decimal = lines.iter().find(|r| r.line == PnlLine::AddedValue).map(|r| r.month).unwrap_or_default();
            let h: Decimal = lines.iter().find(|r| r.line == PnlLine::Hours).map(|r| r.month).unwrap_or(Decimal::ONE);
            Ok(Some(PnlView {
                days,
                lines,
                hourly_efficiency: Some((av / h).round_dp(2)),
                closed: false,
                problems: Vec::new(),
                fx_gain_loss: rust_decimal::Decimal::ZERO,
            }))
        })
    }

    fn facts<'a>(&'a self, _: ViewCtx<'a>, q: &'a FactsQuery) -> ViewFuture<'a, FactsView> {
        Box::pin(async move {
            let rows: Vec<FactRow> = (0..25)
                .map(|i| FactRow {
                    day: q.day.unwrap_or(q.month.first_day()),
                    store: Some("AMZ-US-1".into()),
                    sku: Some(format!("TQ-HOME-{:03}", i)),
                    order_id: Some(format!("114-{:07}-{:07}", seed(&i.to_string()) % 9_999_999, i * 7919)),
                    kind: q.line.as_str().into(),
                    amount: amount(&format!("f{i}"), 1, 30),
                    currency: "USD".into(),
                    base_amount: amount(&format!("f{i}"), 1, 30) * Decimal::new(72, 1),
                    source: format!("settlement_{}.txt line {}", q.month, 100 + i),
                    memo: Some("Principal".into()),
                })
                .collect();
            let total = rows.iter().map(|r| r.base_amount).sum();
            Ok(Some(FactsView { rows, total, truncated: false }))
        })
    }

    fn person_share<'a>(&'a self, cx: ViewCtx<'a>, person: &'a str, _: Month) -> ViewFuture<'a, ShareView> {
        Box::pin(async move {
            let rows = cx
                .org
                .assignments
                .iter()
                .filter(|a| a.person == person && a.range.to.is_none())
                .map(|a| {
                    let profit = amount(&a.unit, 1, 120_000);
                    let share = Decimal::new(125, 3);
                    ShareRow {
                        unit: a.unit.clone(),
                        role: a.role.clone(),
                        unit_profit: profit,
                        share,
                        amount: (profit * share).round_dp(2),
                    }
                })
                .collect();
            Ok(Some(ShareView { rows, basis: "FAKE preview figures: role coefficient × days worked ÷ the unit's total".into() }))
        })
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "amoeba.db".into());
    let db = amoeba_store::Db::connect(&amoeba_store::url_for(&path)).await?;
    let router = amoeba_server::router_with(AppState { db, company: None }, Arc::new(Fake));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("Amoeba (fake figures) is serving on http://{}/", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}
