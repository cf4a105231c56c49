//! A unit's P&L (阿米巴损益) for a month: the lines with plan and variance,
//! the days, a trend chart, and every booked figure linking to the entries
//! behind it.

use super::common::{unit_name, Tile};
use crate::ctx::{Authed, Ctx};
use crate::error::Fail;
use crate::i18n::Lang;
use crate::render::{tr, Page};
use crate::shared::params::month_or_default;
use crate::shared::problem_lines;
use crate::state::S;
use crate::svg;
use crate::table::{Cell, Table, Value};
use crate::views::PnlView;
use amoeba_core::accounting::PnlLine;
use amoeba_core::Month;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Deserialize;

/// `?month=YYYY-MM`.
#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

/// A line's label in the reader's language.
pub fn line_label(line: PnlLine, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => line.label_zh(),
        Lang::En => line.label_en(),
    }
}

fn facts_href(unit: &str, line: PnlLine, month: Month, day: Option<chrono::NaiveDate>) -> String {
    let day = day.map(|d| format!("&day={d}")).unwrap_or_default();
    format!("/units/{unit}/facts?line={}&month={month}{day}", line.as_str())
}

fn amount_cell(unit: &str, line: PnlLine, month: Month, day: Option<chrono::NaiveDate>, amount: Decimal) -> Cell {
    if line == PnlLine::Hours {
        return Value::Dec(amount, 1).into();
    }
    let cell = if matches!(line, PnlLine::AddedValue | PnlLine::Profit) { Cell::money(amount) } else { Cell::money(amount).quiet() };
    if PnlLine::BOOKED.contains(&line) {
        cell.link(facts_href(unit, line, month, day))
    } else {
        cell
    }
}

/// The month table and the day table of a P&L (shared with the API).
pub fn pnl_tables(ctx: &Ctx, unit: &str, month: Month, view: &PnlView) -> (Table, Table) {
    let cols = ["pnl.line", "pnl.actual", "pnl.plan", "pnl.variance", "pnl.attainment"].map(|k| tr(ctx, k));
    let mut lines = Table::new("pnl", tr(ctx, "pnl.lines"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "nodata.pnl"));
    for row in &view.lines {
        lines.push(vec![
            Cell::text(line_label(row.line, ctx.lang)),
            amount_cell(unit, row.line, month, None, row.month),
            row.plan.map(Cell::money).unwrap_or_else(|| Value::Empty.into()),
            row.variance.map(Cell::money).unwrap_or_else(|| Value::Empty.into()),
            row.attainment.map(|a| Value::Pct(a).into()).unwrap_or_else(|| Value::Empty.into()),
        ]);
    }
    let mut day_cols = vec![tr(ctx, "col.day")];
    day_cols.extend(view.lines.iter().map(|r| line_label(r.line, ctx.lang).to_string()));
    let mut days =
        Table::new("daily", tr(ctx, "pnl.days"), &day_cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "nodata.pnl"));
    for (i, day) in view.days.iter().enumerate() {
        let mut row = vec![Cell::text(day.to_string())];
        for line in &view.lines {
            row.push(amount_cell(unit, line.line, month, Some(*day), line.days.get(i).copied().unwrap_or_default()));
        }
        days.push(row);
    }
    (lines, days)
}

/// Where the money went: each expense line's month total as a magnitude.
fn cost_structure(view: &PnlView, lang: Lang) -> Vec<(String, Decimal)> {
    view.lines
        .iter()
        .filter(|r| {
            !matches!(
                r.line,
                PnlLine::Sales | PnlLine::InternalSales | PnlLine::AddedValue | PnlLine::Profit | PnlLine::Hours | PnlLine::Other
            )
        })
        .filter(|r| r.month.is_sign_negative() && !r.month.is_zero())
        .map(|r| (line_label(r.line, lang).to_string(), r.month.abs()))
        .collect()
}

fn line_series(view: &PnlView, line: PnlLine) -> Vec<Decimal> {
    view.lines.iter().find(|r| r.line == line).map(|r| r.days.clone()).unwrap_or_default()
}

fn line_total(view: &PnlView, line: PnlLine) -> Decimal {
    view.lines.iter().find(|r| r.line == line).map(|r| r.month).unwrap_or_default()
}

/// `GET /units/{code}/pnl`.
pub async fn page(State(s): State<S>, who: Authed, Path(code): Path<String>, Query(q): Query<MonthQuery>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let unit = viewer.unit(&code).map_err(|e| ctx.unseen(e))?;
    let month = month_or_default(&who, q.month.as_deref())?;
    let view = s.views.pnl(who.view_ctx(&s.db), unit, month).await.map_err(|e| ctx.app_error(e))?;
    let name = unit_name(&who.current.org, &code, ctx.lang);
    let mut page = Page::new("pnl.html", format!("{name} · {}", tr(ctx, "pnl.title")));
    let mut extra = context! {
        unit => code.clone(),
        unit_name => name,
        month => month.to_string(),
        prev_month => month.prev().to_string(),
        next_month => month.next().to_string(),
        has_data => view.is_some(),
        currency => ctx.company.company.base_currency.to_string(),
    };
    if let Some(view) = view {
        let mut tiles = vec![
            Tile::money("line.sales", line_total(&view, PnlLine::Sales)),
            Tile::money("line.added_value", line_total(&view, PnlLine::AddedValue)),
            Tile::money("line.profit", line_total(&view, PnlLine::Profit)),
            Tile::opt("board.efficiency", view.hourly_efficiency.map(|e| Value::Dec(e, 2))),
        ];
        if !view.fx_gain_loss.is_zero() {
            // Outside profit: a settlement converted at the deposit day's rate
            // versus the rates of the days its lines were booked.
            // To the cent: it is usually small next to the month's figures.
            tiles.push(Tile::opt("pnl.fx_gain_loss", Some(Value::Dec(view.fx_gain_loss, 2))));
        }
        let sales = line_series(&view, PnlLine::Sales);
        let profit = line_series(&view, PnlLine::Profit);
        let to_date = (!view.whole_month).then(|| tr(ctx, "pnl.to_date").replace("{as_of}", &view.as_of.to_string()));
        extra = context! {
            closed => view.closed,
            to_date => to_date,
            problems => problem_lines(&view.problems, &viewer, ctx.lang),
            tiles => tiles,
            trend => svg::trend(&view.days, &[("sales", &sales), ("profit", &profit)]),
            costs => svg::bars(&cost_structure(&view, ctx.lang)),
            ..extra
        };
        // The month's target (the sales plan a derived target wrote) with its pace.
        let targets = amoeba_app::goals::unit_progress(&s.db, &ctx.company, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
        if let Some(t) = targets.iter().find(|t| t.unit == code) {
            let m = &t.month_progress;
            let text = tr(ctx, "pnl.target")
                .replace("{target}", &Value::Dec(m.target, 2).text())
                .replace("{actual}", &Value::Dec(m.actual, 2).text())
                .replace("{pct}", &super::engage::pct(m.pace.attainment_pct))
                .replace("{remaining}", &Value::Dec(m.pace.remaining, 2).text())
                .replace("{pace}", &m.pace.per_day.map(|p| Value::Dec(p, 2).text()).unwrap_or_else(|| "—".into()));
            extra = context! { target => context! { text => text, href => format!("/targets/{code}?month={month}") }, ..extra };
        }
        let (lines, days) = pnl_tables(ctx, &code, month, &view);
        page = page.table(lines).table(days);
    }
    page.with(extra).respond(ctx, Some(&who.user))
}
