//! The morning-meeting board (晨会看板), everyone's landing page: every
//! unit's yesterday and month to date, hourly efficiency, plan attainment,
//! rank and the peers' average and peak. Glass-transparent: every member of
//! staff sees every unit's row; only the P&L links depend on the viewer.

use super::common::{unit_name, Tile};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::params::day_or_default;
use crate::shared::problem_lines;
use crate::state::S;
use crate::svg;
use crate::table::{export_of, Cell, Table, Value};
use crate::views::BoardView;
use amoeba_core::org::Org;
use amoeba_core::Month;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Deserialize;

/// `?day=YYYY-MM-DD`.
#[derive(Deserialize)]
pub struct DayQuery {
    day: Option<String>,
}

/// A peer group (`kind/depth`) in words: "利润中心 · 第 1 层".
fn peer_group_label(group: &str, lang: crate::i18n::Lang) -> String {
    let (kind, depth) = group.split_once('/').unwrap_or((group, ""));
    let kind = match kind {
        "service_centre" => crate::i18n::t(lang, "unit.service_centre"),
        _ => crate::i18n::t(lang, "unit.profit_centre"),
    };
    crate::i18n::t(lang, "board.peer_level").replace("{kind}", kind).replace("{depth}", depth)
}

/// The board table (shared with the API so both show the same figures).
pub fn board_table(who: &Authed, org: &Org, view: &BoardView) -> Table {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let month = Month::of(view.day);
    let cols = [
        "board.peer_group",
        "col.rank",
        "col.unit",
        "board.y_sales",
        "board.y_profit",
        "board.mtd_sales",
        "board.mtd_profit",
        "board.efficiency",
        "board.attainment",
        "board.peer_avg",
        "board.peer_peak",
    ]
    .map(|k| tr(ctx, k));
    let mut table =
        Table::new("board", tr(ctx, "board.table"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "nodata.board"));
    for row in &view.rows {
        let name = unit_name(org, &row.unit, ctx.lang);
        let unit_cell = if viewer.sees_unit(&row.unit) {
            Cell::text(name).link(format!("/units/{}/pnl?month={month}", row.unit))
        } else {
            Cell::text(name)
        };
        let opt_money = |v: Option<Decimal>| v.map(Cell::money).unwrap_or_else(|| Value::Empty.into());
        table.push(vec![
            Cell::text(peer_group_label(&row.peer_group, ctx.lang)),
            row.rank.map(|r| Value::Int(r.into()).into()).unwrap_or_else(|| Value::Empty.into()),
            unit_cell,
            Cell::money(row.yesterday_sales),
            Cell::money(row.yesterday_profit),
            Cell::money(row.mtd_sales),
            Cell::money(row.mtd_profit).chart(svg::sparkline(&row.daily_profit)),
            opt_money(row.hourly_efficiency),
            row.plan_attainment.map(|p| Value::Pct(p).into()).unwrap_or_else(|| Value::Empty.into()),
            opt_money(row.peer_avg),
            opt_money(row.peer_peak),
        ]);
    }
    table
}

/// `GET /board`: the page is drawn once per viewer and data version
/// (`crate::page_cache`); its table exports are drawn each time.
pub async fn page(State(s): State<S>, who: Authed, Query(q): Query<DayQuery>) -> Result<Response, Fail> {
    if !who.viewer().sees_board() {
        return Err(who.ctx.forbidden());
    }
    // Alerts change without the data version (a run, an acknowledgement): they key the cached page too.
    let alerts = crate::pages::alerts::board_alerts(&s, &who).await?;
    if export_of(&who.ctx.uri).is_some() {
        return board_page(&s, &who, &q, &alerts).await?.respond(&who.ctx, Some(&who.user));
    }
    // A draw or an alert's run or acknowledgement does not change the data
    // version: the page is also kept per latest draw and per alerts shown.
    let drawn = s.db.last_lottery_draw_day(who.ctx.company.id).await.map_err(|e| who.ctx.internal(e))?;
    let extra = format!("{}|{}", drawn.map(|d| d.to_string()).unwrap_or_default(), serde_json::to_string(&alerts).unwrap_or_default());
    crate::page_cache::page(&s.db, &who, &extra, async { board_page(&s, &who, &q, &alerts).await?.html(&who.ctx, Some(&who.user)) }).await
}

/// The board page with its table.
async fn board_page(s: &S, who: &Authed, q: &DayQuery, alerts: &[crate::pages::alerts::AlertRow]) -> Result<Page, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let day = day_or_default(who, q.day.as_deref())?;
    let org = &who.current.org;
    let view = s.views.board(who.view_ctx(&s.db), day).await.map_err(|e| ctx.app_error(e))?;
    let mut page = Page::new("board.html", tr(ctx, "board.title"));
    let mut extra = context! {
        day => day.to_string(),
        prev_day => day.pred_opt().unwrap_or(day).to_string(),
        next_day => day.succ_opt().unwrap_or(day).to_string(),
        has_data => view.is_some(),
        alerts => alerts,
        currency => ctx.company.company.base_currency.to_string(),
    };
    if let Some(drawn) = amoeba_app::lottery::latest_draw(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))? {
        let r = &drawn.record;
        let winners: Vec<_> = r
            .winners
            .iter()
            .map(|w| context! { tier => super::lottery::tier_name(w.tier, ctx.lang), name => super::common::person_name(org, &w.person) })
            .collect();
        extra = context! { lottery => context! { day => r.list.date.to_string(), href => format!("/lottery/{}", r.list.date), winners => winners }, ..extra };
    }
    if let Some(view) = view {
        let days: Vec<NaiveDate> = view.daily.iter().map(|p| p.day).collect();
        let sales: Vec<Decimal> = view.daily.iter().map(|p| p.sales).collect();
        let profit: Vec<Decimal> = view.daily.iter().map(|p| p.profit).collect();
        let last = view.daily.iter().find(|p| p.day == view.day);
        let tiles = vec![
            Tile::money("board.y_sales", last.map(|p| p.sales).unwrap_or_default()),
            Tile::money("board.y_profit", last.map(|p| p.profit).unwrap_or_default()),
            Tile::money("board.mtd_sales", view.mtd_sales),
            Tile::money("board.mtd_profit", view.mtd_profit),
        ];
        let bars: Vec<(String, Decimal)> = view.rows.iter().map(|r| (unit_name(org, &r.unit, ctx.lang), r.mtd_profit)).collect();
        extra = context! {
            shown_day => view.day.to_string(),
            problems => problem_lines(&view.problems, &viewer, ctx.lang),
            tiles => tiles,
            bars => svg::bars(&bars),
            trend => svg::trend(&days, &[("sales", &sales), ("profit", &profit)]),
            ..extra
        };
        page = page.table(board_table(who, org, &view));
    }
    Ok(page.with(extra))
}
