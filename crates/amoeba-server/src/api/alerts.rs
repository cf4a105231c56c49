//! Risk alerts through the API: the episodes the caller sees (the same
//! rule as the page, `amoeba_app::alerts::view::sees`), each with its
//! figures as the core's JSON and the sentence in the caller's language.

use super::types::ErrorBody;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::state::S;
use amoeba_app::alerts::view::{episodes, sees};
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct AlertsParams {
    /// `true` to include ended episodes.
    all: Option<bool>,
}

#[utoipa::path(get, path = "/api/v1/alerts", tag = "alerts", params(AlertsParams),
    responses((status = 200, description = "The alert episodes the caller sees, open ones first", body = Object), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn alerts(State(s): State<S>, who: Authed, Query(q): Query<AlertsParams>) -> Result<Json<serde_json::Value>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let list = episodes(&s.db, &ctx.company, !q.all.unwrap_or(false), |e| sees(&viewer, e)).await.map_err(|e| ctx.app_error(e))?;
    let v: Vec<_> = list
        .iter()
        .map(|e| {
            json!({
                "id": e.id, "code": e.alert.detail.code(), "subject": e.alert.subject, "unit": e.unit, "store": e.store,
                "opened": e.opened, "last_day": e.last_day, "ended": e.ended,
                "figures": e.alert.detail, "reason": e.alert.detail.render(ctx.lang),
                "acknowledged": e.acknowledged.as_ref().map(|a| json!({"by": a.by, "on": a.on, "note": a.note})),
            })
        })
        .collect();
    Ok(Json(json!(v)))
}
