//! Drill-down: the entries behind one figure of a unit's P&L — stored facts
//! with the file and line they came from, and derived entries (internal
//! charges, allocations, COGS) with the rule that made them.

use super::common::{load_org, unit_name};
use super::pnl::{facts_params, line_label, FactsParams};
use crate::access;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::state::S;
use crate::table::{Cell, Table, Value};
use crate::views::{FactsQuery, FactsView, ViewCtx};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::context;

/// Most entries listed on one page.
pub const FACTS_LIMIT: usize = 5_000;

/// The entries table (shared with exports).
pub fn facts_table(who: &Authed, view: &FactsView) -> Table {
    let ctx = &who.ctx;
    let cols = [
        "col.day",
        "col.store",
        "col.sku",
        "col.order",
        "col.kind",
        "col.amount",
        "col.currency",
        "col.base_amount",
        "col.source",
        "col.memo",
    ]
    .map(|k| tr(ctx, k));
    let mut table =
        Table::new("facts", tr(ctx, "facts.title"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "facts.none"));
    for f in &view.rows {
        table.push(vec![
            Cell::text(f.day.to_string()),
            Cell::opt(f.store.clone()),
            Cell::opt(f.sku.clone()),
            Cell::opt(f.order_id.clone()),
            Cell::text(&f.kind),
            Value::Dec(f.amount, 2).into(),
            Cell::text(&f.currency),
            Cell::money(f.base_amount),
            Cell::text(&f.source),
            Cell::opt(f.memo.clone()),
        ]);
    }
    table
}

/// `GET /units/{code}/facts?line=…&month=…&day=…`.
pub async fn page(State(s): State<S>, who: Authed, Path(code): Path<String>, Query(q): Query<FactsParams>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = load_org(&s, ctx).await?;
    if !access::can_view_unit(&who.user, &org, &code) {
        return Err(ctx.not_found());
    }
    let (line, month, day) = facts_params(&s, ctx, &q).await?;
    let query = FactsQuery { unit: code.clone(), line, month, day, limit: FACTS_LIMIT };
    let cx = ViewCtx { db: &s.db, company: &ctx.company, org: &org };
    let view = s.views.facts(cx, &query).await.map_err(|e| ctx.internal(e))?;
    let label = line_label(line, ctx.lang);
    let period = day.map(|d| d.to_string()).unwrap_or_else(|| month.to_string());
    let mut page = Page::new("facts.html", format!("{label} · {period}"));
    let mut extra = context! {
        unit => code.clone(),
        unit_name => unit_name(&org, &code, ctx.lang),
        month => month.to_string(),
        line_label => label,
        period => period,
        has_data => view.is_some(),
    };
    if let Some(view) = view {
        extra = context! {
            total => Value::Dec(view.total, 2).text(),
            total_neg => view.total.is_sign_negative() && !view.total.is_zero(),
            count => view.rows.len(),
            truncated => view.truncated,
            ..extra
        };
        page = page.table(facts_table(&who, &view));
    }
    page.with(extra).respond(ctx, Some(&who.user))
}
