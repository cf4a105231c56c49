//! Credit and orders through the API: the month's credit lines the caller
//! may see (owner: all; leader: their units'; anyone else: their own), and
//! one order with its lines and timeline (whoever may see its store).

use super::types::ErrorBody;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::shared::params::month_or_default;
use crate::state::S;
use amoeba_app::screens::credit::CreditView;
use amoeba_core::orders::OrderView;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct CreditParams {
    /// Month, YYYY-MM (default: the month of the default day).
    month: Option<String>,
    /// Only this person's lines.
    person: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/credit", tag = "credit", params(CreditParams),
    responses((status = 200, description = "Credit lines: unit, role, person (null = the role's uncredited bucket), figures", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn credit(State(s): State<S>, who: Authed, Query(q): Query<CreditParams>) -> Result<Json<CreditView>, Fail> {
    let ctx = &who.ctx;
    let month = month_or_default(&who, q.month.as_deref())?;
    let viewer = who.viewer();
    let mut view =
        amoeba_app::screens::credit::visible_credit(&s.db, &ctx.company, &viewer, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    if let Some(p) = &q.person {
        view.lines.retain(|l| l.person.as_ref() == Some(p));
    }
    Ok(Json(view))
}

#[utoipa::path(get, path = "/api/v1/orders/{store}/{id}", tag = "credit",
    params(("store" = String, Path, description = "Store code"), ("id" = String, Path, description = "Order id")),
    responses((status = 200, description = "The order: header, lines, timeline", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn order(State(s): State<S>, who: Authed, Path((store, id)): Path<(String, String)>) -> Result<Json<OrderView>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let seen = viewer.store(&store).map_err(|e| ctx.unseen(e))?;
    let order = amoeba_app::screens::order::order(&s.db, &ctx.company, seen, &id).await.map_err(|e| ctx.app_error(e))?;
    order.map(Json).ok_or_else(|| ctx.not_found())
}
