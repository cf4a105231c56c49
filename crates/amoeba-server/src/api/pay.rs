//! Pay through the API: plan versions and runs (owner/finance), approving
//! and locking a month's run, a month's run (owners: the payroll and every
//! pool; leaders: the pools of their units), and a person's statement (the
//! person themselves and finance; anyone else 404) — the same access
//! policy as the pages (`Viewer::pay_of`, `Viewer::sees_pool`).

use super::types::ErrorBody;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::pages::pay::run_for;
use crate::shared::params::month_or_default;
use crate::state::S;
use amoeba_app::pay;
use amoeba_core::incentive::{PoolRecord, Statement};
use amoeba_core::Month;
use amoeba_store::pay_repo::RunRow;
use axum::extract::{Path, Query, State};
use axum::Json;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

/// A stored plan version.
#[derive(Debug, Serialize)]
pub struct ApiPlan {
    code: String,
    version: u32,
    name: String,
    effective_from: String,
    effective_to: Option<String>,
    file_name: String,
    file_sha256: String,
    imported_by: String,
    imported_at: String,
    plan: amoeba_core::incentive::PayPlan,
}

/// A run's row.
#[derive(Debug, Serialize)]
pub struct ApiRun {
    month: String,
    seq: i64,
    status: String,
    plans: Vec<String>,
    total: Decimal,
    people: i64,
    run_sha256: String,
    inputs_sha256: String,
    computed_by: String,
    computed_at: String,
    approved_by: Option<String>,
    approved_at: Option<String>,
    locked_by: Option<String>,
    locked_at: Option<String>,
    carried_into: Option<String>,
}

impl From<&RunRow> for ApiRun {
    fn from(r: &RunRow) -> Self {
        ApiRun {
            month: r.month.clone(),
            seq: r.seq,
            status: r.status.clone(),
            plans: r.plans.iter().map(|p| format!("{} v{}", p.code, p.version)).collect(),
            total: r.total,
            people: r.people,
            run_sha256: r.run_sha256.clone(),
            inputs_sha256: r.inputs_sha256.clone(),
            computed_by: r.computed_by.clone(),
            computed_at: r.computed_at.clone(),
            approved_by: r.approved_by.clone(),
            approved_at: r.approved_at.clone(),
            locked_by: r.locked_by.clone(),
            locked_at: r.locked_at.clone(),
            carried_into: r.carried_into.clone(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/pay/plans", tag = "pay",
    responses((status = 200, description = "Every stored pay plan version with the plan it reads as", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn plans(State(s): State<S>, who: Authed) -> Result<Json<Vec<ApiPlan>>, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let plans = pay::stored_plans(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(
        plans
            .into_iter()
            .map(|p| ApiPlan {
                code: p.row.code,
                version: p.row.version,
                name: p.row.name,
                effective_from: p.row.effective_from,
                effective_to: p.row.effective_to,
                file_name: p.row.file_name,
                file_sha256: p.row.file_sha256,
                imported_by: p.row.imported_by,
                imported_at: p.row.imported_at,
                plan: p.plan,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/pay/runs", tag = "pay",
    responses((status = 200, description = "Every payout run, newest month first: status, who and when, hashes", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn runs(State(s): State<S>, who: Authed) -> Result<Json<Vec<ApiRun>>, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let runs = s.db.pay_runs(ctx.company.id).await.map_err(|e| ctx.internal(e))?;
    Ok(Json(runs.iter().map(ApiRun::from).collect()))
}

/// A month's run as the caller may see it.
#[derive(Debug, Serialize)]
pub struct ApiRunDetail {
    run: ApiRun,
    /// Owners: the payroll (person, amounts by component, total).
    payroll: Option<pay::Payroll>,
    /// The pools the caller may see.
    pools: Vec<PoolRecord>,
}

fn month_of(who: &Authed, raw: &str) -> Result<Month, Fail> {
    raw.parse().map_err(|_| who.ctx.bad_value("err.bad_month", raw))
}

#[utoipa::path(get, path = "/api/v1/pay/runs/{month}", tag = "pay",
    params(("month" = String, Path, description = "Month, YYYY-MM")),
    responses((status = 200, description = "The month's run: owners get its payroll and every pool, leaders the pools of their units (approved or locked runs)", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn run(State(s): State<S>, who: Authed, Path(month): Path<String>) -> Result<Json<ApiRunDetail>, Fail> {
    let month = month_of(&who, &month)?;
    let view = run_for(&s, &who, month).await?;
    let payroll = view.all.then(|| pay::payroll(&view.run, &who.current.org));
    Ok(Json(ApiRunDetail { run: ApiRun::from(&view.row), payroll, pools: view.run.pools }))
}

#[utoipa::path(post, path = "/api/v1/pay/runs/{month}/approve", tag = "pay",
    params(("month" = String, Path, description = "Month, YYYY-MM")),
    responses((status = 200, description = "The run, approved (who, when)", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn approve(State(s): State<S>, who: Authed, Path(month): Path<String>) -> Result<Json<ApiRun>, Fail> {
    who.owner_only()?;
    let month = month_of(&who, &month)?;
    let r = pay::approve(&s.db, &who.ctx.company, month, &who.user.login).await.map_err(|e| who.ctx.app_error(e))?;
    Ok(Json(ApiRun::from(&r)))
}

#[utoipa::path(post, path = "/api/v1/pay/runs/{month}/lock", tag = "pay",
    params(("month" = String, Path, description = "Month, YYYY-MM")),
    responses((status = 200, description = "The run, locked: paid, its carry is the next month's history; the awards (lottery prizes, PK stakes) it paid are marked paid", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn lock(State(s): State<S>, who: Authed, Path(month): Path<String>) -> Result<Json<ApiRun>, Fail> {
    who.owner_only()?;
    let month = month_of(&who, &month)?;
    let r = pay::lock(&s.db, &who.ctx.company, month, &who.user.login).await.map_err(|e| who.ctx.app_error(e))?;
    Ok(Json(ApiRun::from(&r)))
}

#[derive(Deserialize, IntoParams)]
pub struct StatementParams {
    /// Month, YYYY-MM (default: the month of the default day).
    month: Option<String>,
}

/// A person's statement of a month.
#[derive(Debug, Serialize)]
pub struct ApiStatement {
    month: String,
    /// The run's status, SHA-256; none when the month has no run the caller may see.
    status: Option<String>,
    run_sha256: Option<String>,
    /// Every line with its rule, inputs, arithmetic (zh/en) and facts; none when nothing is paid.
    statement: Option<Statement>,
}

#[utoipa::path(get, path = "/api/v1/pay/statements/{person}", tag = "pay",
    params(("person" = String, Path, description = "Person code"), StatementParams),
    responses((status = 200, description = "The person's statement (the person and finance only; drafts to finance only)", body = Object),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn statement(
    State(s): State<S>,
    who: Authed,
    Path(person): Path<String>,
    Query(q): Query<StatementParams>,
) -> Result<Json<ApiStatement>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    viewer.pay_of(&person).map_err(|e| ctx.unseen(e))?;
    let month = month_or_default(&who, q.month.as_deref())?;
    let found = pay::statement_of(&s.db, &ctx.company, month, &person, viewer.is_owner()).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(match found {
        Some((run, st)) => {
            ApiStatement { month: month.to_string(), status: Some(run.status), run_sha256: Some(run.run_sha256), statement: Some(st) }
        }
        None => ApiStatement { month: month.to_string(), status: None, run_sha256: None, statement: None },
    }))
}
