//! A store's page: its own figures for a month (P&L lines up to added
//! value, ACoS/TACoS/ROAS/refund rate, a daily trend), what it is, who owns
//! it over time, who runs it. The one page a third-party operator lives on:
//! it shows this store and nothing of the owning unit's other figures.

use super::common::{person_name, unit_name, Tile};
use super::pnl::line_label;
use crate::ctx::{Authed, Ctx};
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::params::month_or_default;
use crate::state::S;
use crate::svg;
use crate::table::{Cell, Table, Value};
use amoeba_core::accounting::metrics::{acos, refund_rate, roas, tacos};
use amoeba_core::accounting::{Lines, PnlLine, StoreFigures};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::context;
use rust_decimal::Decimal;

/// `GET /stores/{code}`.
pub async fn page(State(s): State<S>, who: Authed, Path(code): Path<String>, Query(q): Query<MonthQuery>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let viewer = who.viewer();
    let store = viewer.store(&code).map_err(|e| ctx.unseen(e))?.get();
    let platform = tr(ctx, &format!("platform.{}", store.platform.as_str()));
    let cols = [tr(ctx, "col.field"), tr(ctx, "col.value")];
    let mut details = Table::new("details", tr(ctx, "store.details"), &[&cols[0], &cols[1]], "");
    let owner = org.store_owner(&code, ctx.today);
    let rows = [
        ("col.store", store.code.clone()),
        ("col.name", store.name.clone()),
        ("col.platform", platform.clone()),
        ("col.marketplace", store.marketplace.clone()),
        ("col.currency", store.currency.to_string()),
        ("col.timezone", store.timezone.clone()),
        ("store.owner", owner.map(|o| unit_name(org, o, ctx.lang)).unwrap_or_default()),
        ("store.operator", store.operator.as_deref().map(|p| person_name(org, p)).unwrap_or_default()),
    ];
    for (key, value) in rows {
        details.push(vec![Cell::text(tr(ctx, key)), Cell::text(value)]);
    }
    let cols = ["col.unit", "col.from", "col.to"].map(|k| tr(ctx, k));
    let mut owners =
        Table::new("owners", tr(ctx, "store.owners"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "store.no_owners"));
    for o in &store.owners {
        let name = unit_name(org, &o.unit, ctx.lang);
        let cell = if viewer.sees_unit(&o.unit) { Cell::text(name).link(format!("/units/{}/pnl", o.unit)) } else { Cell::text(name) };
        owners.push(vec![cell, Cell::text(o.range.from.to_string()), Cell::opt(o.range.to.map(|d| d.to_string()))]);
    }
    let month = month_or_default(&who, q.month.as_deref())?;
    let figures = amoeba_app::accounting::store_month(&s.db, &ctx.company, &code, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let mut page = Page::new("store.html", store.name.clone());
    let mut extra = context! {
        store => store, platform => platform, month => month.to_string(),
        prev_month => month.prev().to_string(), next_month => month.next().to_string(),
        currency => ctx.company.company.base_currency.to_string(),
        has_figures => !figures.figures.days.is_empty(),
    };
    if !figures.figures.days.is_empty() {
        let f = &figures.figures;
        let t = &f.total;
        let ads = t.get(PnlLine::Ads);
        let tiles = vec![
            Tile::money("line.sales", t.get(PnlLine::Sales)),
            Tile::money("store.contribution", t.added_value()),
            Tile::opt("metric.acos", acos(ads, f.ad_sales).map(Value::Pct)),
            Tile::opt("metric.tacos", tacos(ads, t.get(PnlLine::Sales)).map(Value::Pct)),
            Tile::opt("metric.roas", roas(ads, f.ad_sales).map(|r| Value::Dec(r, 2))),
            Tile::opt("metric.refund_rate", refund_rate(t.get(PnlLine::Refunds), t.get(PnlLine::Sales)).map(Value::Pct)),
        ];
        let days: Vec<chrono::NaiveDate> = f.days.keys().copied().collect();
        let sales: Vec<Decimal> = f.days.values().map(|l| l.get(PnlLine::Sales)).collect();
        let added: Vec<Decimal> = f.days.values().map(Lines::added_value).collect();
        let to_date = figures.as_of.filter(|_| !figures.whole_month).map(|d| tr(ctx, "pnl.to_date").replace("{as_of}", &d.to_string()));
        extra = context! {
            tiles => tiles,
            to_date => to_date,
            problems => f.problems.iter().map(|e| amoeba_core::accounting::PnlError::Fx(e.clone()).render(ctx.lang)).collect::<Vec<_>>(),
            trend => svg::trend(&days, &[("sales", &sales), ("profit", &added)]),
            ..extra
        };
        page = page.table(store_lines(ctx, f)).table(store_days(ctx, f));
    }
    page.table(details).table(owners).with(extra).respond(ctx, Some(&who.user))
}

/// The lines a store has (up to added value: labour, internal charges and
/// allocations are the owning unit's).
const STORE_LINES: [PnlLine; 10] = [
    PnlLine::Sales,
    PnlLine::Refunds,
    PnlLine::Cogs,
    PnlLine::PlatformFees,
    PnlLine::Fulfilment,
    PnlLine::Storage,
    PnlLine::Ads,
    PnlLine::Freight,
    PnlLine::Other,
    PnlLine::AddedValue,
];

fn store_lines(ctx: &Ctx, f: &StoreFigures) -> Table {
    let cols = [tr(ctx, "pnl.line"), tr(ctx, "pnl.actual")];
    let mut t = Table::new("lines", tr(ctx, "store.lines"), &[&cols[0], &cols[1]], tr(ctx, "nodata.pnl"));
    for line in STORE_LINES {
        let label = if line == PnlLine::AddedValue { tr(ctx, "store.contribution") } else { line_label(line, ctx.lang).to_string() };
        t.push(vec![Cell::text(label), Cell::money(f.total.get(line))]);
    }
    t
}

fn store_days(ctx: &Ctx, f: &StoreFigures) -> Table {
    let mut cols = vec![tr(ctx, "col.day")];
    cols.extend(STORE_LINES.iter().map(|l| {
        if *l == PnlLine::AddedValue {
            tr(ctx, "store.contribution")
        } else {
            line_label(*l, ctx.lang).to_string()
        }
    }));
    let mut t = Table::new("daily", tr(ctx, "pnl.days"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "nodata.pnl"));
    for (day, lines) in &f.days {
        let mut row = vec![Cell::text(day.to_string())];
        row.extend(STORE_LINES.iter().map(|l| Cell::money(lines.get(*l))));
        t.push(row);
    }
    t
}

/// `?month=YYYY-MM` of a store page.
#[derive(serde::Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}
