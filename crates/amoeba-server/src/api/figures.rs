//! Board and P&L figures as JSON: the same provider and the same checks as
//! the pages.

use super::types::{BoardResponse, ErrorBody, PnlResponse};
use crate::access;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::pages::{default_day, load_org};
use crate::state::S;
use crate::views::ViewCtx;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

/// `?day=YYYY-MM-DD`.
#[derive(Deserialize, IntoParams)]
pub struct DayParam {
    /// Day of the board (default yesterday, or the last day with data).
    day: Option<String>,
}

/// `?month=YYYY-MM`.
#[derive(Deserialize, IntoParams)]
pub struct MonthParam {
    /// Month (default the month of the board's day).
    month: Option<String>,
}

/// The morning board.
#[utoipa::path(get, path = "/api/v1/board", tag = "figures", params(DayParam),
    responses((status = 200, body = BoardResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn board(State(s): State<S>, who: Authed, Query(q): Query<DayParam>) -> Result<Json<BoardResponse>, Fail> {
    let ctx = &who.ctx;
    if !access::can_view_board(&who.user) {
        return Err(ctx.forbidden());
    }
    let day = match crate::pages::board::parse_day(ctx, q.day.as_deref())? {
        Some(d) => d,
        None => default_day(&s, ctx).await?,
    };
    let org = load_org(&s, ctx).await?;
    let mut view =
        s.views.board(ViewCtx { db: &s.db, company: &ctx.company, org: &org, today: ctx.today }, day).await.map_err(|e| ctx.internal(e))?;
    if let Some(v) = view.as_mut() {
        v.problems = access::problems_for(&v.problems, &who.user, &org);
    }
    Ok(Json(BoardResponse { has_data: view.is_some(), board: view }))
}

/// A unit's P&L for a month.
#[utoipa::path(get, path = "/api/v1/units/{code}/pnl", tag = "figures",
    params(("code" = String, Path, description = "Unit code"), MonthParam),
    responses((status = 200, body = PnlResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn pnl(
    State(s): State<S>,
    who: Authed,
    Path(code): Path<String>,
    Query(q): Query<MonthParam>,
) -> Result<Json<PnlResponse>, Fail> {
    let ctx = &who.ctx;
    let org = load_org(&s, ctx).await?;
    if !access::can_view_unit(&who.user, &org, &code) {
        return Err(ctx.not_found());
    }
    let month = crate::pages::pnl::month_or_default(&s, ctx, q.month.as_deref()).await?;
    let mut view = s
        .views
        .pnl(ViewCtx { db: &s.db, company: &ctx.company, org: &org, today: ctx.today }, &code, month)
        .await
        .map_err(|e| ctx.internal(e))?;
    if let Some(v) = view.as_mut() {
        v.problems = access::problems_for(&v.problems, &who.user, &org);
    }
    Ok(Json(PnlResponse { unit: code, month: month.to_string(), has_data: view.is_some(), pnl: view }))
}
