//! Third-party operators through the API: the contracts the caller sees,
//! one contract with its months and trial verdict, and the weekly or
//! monthly report of its stores (the same document as `amoeba operator
//! report --format json`). Who sees what: `crate::shared::operator`.

use super::types::ErrorBody;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::shared::operator::{sees, visible};
use crate::state::S;
use amoeba_app::oversight::contracts::{contract_view, contracts as all_contracts};
use amoeba_app::oversight::layout::{contract_document, report_document};
use amoeba_app::oversight::report::{parse_period, report as build};
use amoeba_core::oversight::report::ReportPeriod;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

#[utoipa::path(get, path = "/api/v1/operator/contracts", tag = "operator",
    responses((status = 200, description = "The operator contracts the caller sees", body = Object), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn contracts(State(s): State<S>, who: Authed) -> Result<Json<serde_json::Value>, Fail> {
    let ctx = &who.ctx;
    let all = all_contracts(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    let seen: Vec<_> = all
        .iter()
        .filter(|c| sees(&who, c))
        .map(|c| json!({"contract": c.contract, "saved_by": c.saved_by, "saved_at": c.saved_at}))
        .collect();
    Ok(Json(json!(seen)))
}

#[utoipa::path(get, path = "/api/v1/operator/contracts/{code}", tag = "operator",
    params(("code" = String, Path, description = "Contract code")),
    responses((status = 200, description = "The contract, each month's target against actual and fee, the trial verdict", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn contract(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Json<serde_json::Value>, Fail> {
    let ctx = &who.ctx;
    let stored = visible(&s, &who, &code).await?;
    let v = contract_view(&s.db, &ctx.company, stored, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(contract_document(&v)))
}

#[derive(Deserialize, IntoParams)]
pub struct ReportParams {
    /// Week (2026-W10) or month (2026-03); default the week before today's.
    period: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/operator/contracts/{code}/report", tag = "operator",
    params(("code" = String, Path, description = "Contract code"), ReportParams),
    responses((status = 200, description = "The report: lines (metrics, causes, stores, SKUs), footnotes, notes", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn report(
    State(s): State<S>,
    who: Authed,
    Path(code): Path<String>,
    Query(q): Query<ReportParams>,
) -> Result<Json<serde_json::Value>, Fail> {
    let ctx = &who.ctx;
    let stored = visible(&s, &who, &code).await?;
    let period = match q.period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => parse_period(p).ok_or_else(|| ctx.bad_value("oversight.bad_period", p))?,
        None => ReportPeriod::week_of(ctx.today).previous(),
    };
    let v = build(&s.db, &ctx.company, &code, &stored.contract.stores, period, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(report_document(&v, ctx.lang)))
}
