//! A store's page: what it is, who owns it over time, who runs it. The one
//! page a third-party operator lives on.

use super::common::{load_org, person_name, today, unit_name};
use crate::access;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::state::S;
use crate::table::{Cell, Table};
use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::context;

/// `GET /stores/{code}`.
pub async fn page(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = load_org(&s, ctx).await?;
    if !access::can_view_store(&who.user, &org, &code) {
        return Err(ctx.not_found());
    }
    let Some(store) = org.stores.iter().find(|st| st.code == code) else { return Err(ctx.not_found()) };
    let platform = tr(ctx, &format!("platform.{}", store.platform.as_str()));
    let cols = [tr(ctx, "col.field"), tr(ctx, "col.value")];
    let mut details = Table::new("details", tr(ctx, "store.details"), &[&cols[0], &cols[1]], "");
    let owner = org.store_owner(&code, today(ctx));
    let rows = [
        ("col.store", store.code.clone()),
        ("col.name", store.name.clone()),
        ("col.platform", platform.clone()),
        ("col.marketplace", store.marketplace.clone()),
        ("col.currency", store.currency.to_string()),
        ("col.timezone", store.timezone.clone()),
        ("store.owner", owner.map(|o| unit_name(&org, o, ctx.lang)).unwrap_or_default()),
        ("store.operator", store.operator.as_deref().map(|p| person_name(&org, p)).unwrap_or_default()),
    ];
    for (key, value) in rows {
        details.push(vec![Cell::text(tr(ctx, key)), Cell::text(value)]);
    }
    let cols = ["col.unit", "col.from", "col.to"].map(|k| tr(ctx, k));
    let mut owners =
        Table::new("owners", tr(ctx, "store.owners"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "store.no_owners"));
    for o in &store.owners {
        let name = unit_name(&org, &o.unit, ctx.lang);
        let cell = if access::can_view_unit(&who.user, &org, &o.unit) {
            Cell::text(name).link(format!("/units/{}/pnl", o.unit))
        } else {
            Cell::text(name)
        };
        owners.push(vec![cell, Cell::text(o.range.from.to_string()), Cell::opt(o.range.to.map(|d| d.to_string()))]);
    }
    Page::new("store.html", store.name.clone())
        .table(details)
        .table(owners)
        .with(context! { store => store, platform => platform })
        .respond(ctx, Some(&who.user))
}
