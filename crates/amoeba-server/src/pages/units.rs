//! The units the viewer may open, in tree order, each leading to its P&L.

use super::common::{kind_key, unit_name};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::table::{Cell, Table, Value};
use axum::response::Response;

/// `GET /units`.
pub async fn index(who: Authed) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let day = ctx.today;
    let viewer = who.viewer();
    let cols = ["col.code", "col.unit", "col.kind", "col.leader", "col.headcount", "col.headcount_total", "col.stores"].map(|k| tr(ctx, k));
    let mut table =
        Table::new("units", tr(ctx, "units.title"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "units.none"));
    for node in org.tree(day).flatten() {
        if !viewer.sees_unit(&node.code) {
            continue;
        }
        let href = format!("/units/{}/pnl", node.code);
        table.push(vec![
            Cell::text(&node.code).link(href.clone()),
            Cell::text(format!("{}{}", "· ".repeat(node.depth), unit_name(org, &node.code, ctx.lang))).link(href),
            Cell::text(tr(ctx, kind_key(node.kind))),
            Cell::opt(node.leader.as_ref().map(|l| l.name.clone())),
            Value::Int(node.headcount as i64).into(),
            Value::Int(node.headcount_total as i64).into(),
            Cell::text(node.stores.join(", ")),
        ]);
    }
    Page::new("units.html", tr(ctx, "units.title")).table(table).respond(ctx, Some(&who.user))
}
