//! Board and P&L figures as JSON: the same provider and the same checks as
//! the pages.

use super::types::{BoardResponse, ErrorBody, PnlResponse};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::shared::params::{day_or_default, month_or_default};
use crate::state::S;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct DayParam {
    day: Option<String>,
}

#[derive(Deserialize, IntoParams)]
pub struct MonthParam {
    month: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/board", tag = "figures", params(DayParam),
    responses((status = 200, body = BoardResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn board(State(s): State<S>, who: Authed, Query(q): Query<DayParam>) -> Result<Json<BoardResponse>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    if !viewer.sees_board() {
        return Err(ctx.forbidden());
    }
    let day = day_or_default(&who, q.day.as_deref())?;
    let view = s.views.board(who.view_ctx(&s.db), day).await.map_err(|e| ctx.app_error(e))?;
    let board = view.map(|v| {
        let mut mine = (*v).clone();
        mine.problems = viewer.problems(&v.problems);
        mine
    });
    Ok(Json(BoardResponse { has_data: board.is_some(), board }))
}

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
    let viewer = who.viewer();
    let unit = viewer.unit(&code).map_err(|e| ctx.unseen(e))?;
    let month = month_or_default(&who, q.month.as_deref())?;
    let mut view = s.views.pnl(who.view_ctx(&s.db), unit, month).await.map_err(|e| ctx.app_error(e))?;
    if let Some(v) = view.as_mut() {
        v.problems = viewer.problems(&v.problems);
    }
    Ok(Json(PnlResponse { unit: code, month: month.to_string(), has_data: view.is_some(), pnl: view }))
}
