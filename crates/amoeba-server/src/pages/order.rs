//! An order's page (订单): its parties, its lines and the timeline of its
//! events — contract, shipments (with the 17:00 cut-off in view), payments,
//! refunds, a cancel — each with what it booked. Reached from the
//! drill-down; visible to whoever may see the order's store.

use super::common::{person_name, Tile};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::state::S;
use crate::table::{Cell, Table, Value};
use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::context;

/// `GET /orders/{store}/{id}`.
pub async fn page(State(s): State<S>, who: Authed, Path((store, id)): Path<(String, String)>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let seen = viewer.store(&store).map_err(|e| ctx.unseen(e))?;
    let store_name = seen.name.clone();
    let Some(order) = amoeba_app::screens::order::order(&s.db, &ctx.company, seen, &id).await.map_err(|e| ctx.app_error(e))? else {
        return Err(ctx.not_found());
    };
    let org = &who.current.org;
    let h = &order.header;
    let who_is = |key: &str, p: &Option<String>| p.as_ref().map(|c| format!("{}：{} ({c})", tr(ctx, key), person_name(org, c)));
    let parties: Vec<String> = [
        h.customer.as_ref().map(|c| format!("{}：{c}", tr(ctx, "order.customer"))),
        who_is("order.salesperson", &h.salesperson),
        who_is("order.follower", &h.follower),
    ]
    .into_iter()
    .flatten()
    .collect();
    let (ordered, paid, refunded, outstanding) = order.totals();
    let tiles = vec![
        Tile::money("order.ordered", ordered),
        Tile::money("order.paid", paid),
        Tile::money("order.refunded", refunded),
        Tile::money("order.outstanding", outstanding),
    ];
    let cols = ["col.sku", "order.qty_ordered", "order.qty_shipped", "col.amount", "order.paid", "order.refunded", "order.outstanding"]
        .map(|k| tr(ctx, k));
    let mut lines = Table::new("lines", tr(ctx, "order.lines"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), "");
    for l in &order.lines {
        lines.push(vec![
            Cell::text(&l.sku),
            Value::Int(l.ordered).into(),
            Value::Int(l.shipped).into(),
            Cell::money(l.amount),
            Cell::money(l.paid),
            Cell::money(l.refunded),
            Cell::money(l.outstanding),
        ]);
    }
    let cols = ["order.at", "col.day", "order.event", "col.sku", "order.qty", "col.amount", "order.booked", "order.source_line"]
        .map(|k| tr(ctx, k));
    let mut timeline = Table::new("timeline", tr(ctx, "order.timeline"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), "");
    for r in &order.timeline {
        timeline.push(vec![
            Cell::text(r.at.format("%Y-%m-%d %H:%M:%S %:z").to_string()),
            Cell::text(r.day.to_string()),
            Cell::text(r.kind.label(ctx.lang)),
            Cell::opt(r.sku.clone()),
            if r.quantity == 0 { Value::Empty.into() } else { Value::Int(r.quantity).into() },
            if r.amount.is_zero() { Value::Empty.into() } else { Cell::money(r.amount) },
            if r.booked.is_zero() { Value::Empty.into() } else { Cell::money(r.booked) },
            Value::Int(r.line as i64).into(),
        ]);
    }
    let booking_note = tr(ctx, if order.books { "order.books" } else { "order.books_not" });
    let cancelled = order.cancelled_at.map(|at| tr(ctx, "order.cancelled").replace("{at}", &at.format("%Y-%m-%d %H:%M").to_string()));
    Page::new("order.html", format!("{} {}", tr(ctx, "order.title"), h.id))
        .table(lines)
        .table(timeline)
        .with(context! {
            order => &order, store_name => store_name, parties => parties.join(" · "),
            tiles => tiles, booking_note => booking_note, cancelled => cancelled,
        })
        .respond(ctx, Some(&who.user))
}
