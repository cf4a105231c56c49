//! The organisation through the API: the unit tree (for all staff), and
//! units, people and stores one by one (each checked against the policy;
//! what the caller may not see is 404).

use super::types::{ApiAssignment, ErrorBody, OrgResponse, PersonResponse, StoreResponse, UnitResponse};
use crate::access;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::pages::{load_org, today};
use crate::state::S;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

/// `?as_of=YYYY-MM-DD`.
#[derive(Deserialize, IntoParams)]
pub struct AsOf {
    /// Day to describe (default today in the company's time zone).
    as_of: Option<chrono::NaiveDate>,
}

/// The unit tree with leaders, head-count and stores (units in tree order).
#[utoipa::path(get, path = "/api/v1/org", tag = "organisation", params(AsOf),
    responses((status = 200, body = OrgResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn org(State(s): State<S>, who: Authed, Query(q): Query<AsOf>) -> Result<Json<OrgResponse>, Fail> {
    if !access::can_view_board(&who.user) {
        return Err(who.ctx.forbidden());
    }
    let org = load_org(&s, &who.ctx).await?;
    Ok(Json(OrgResponse::of(&org, q.as_of.unwrap_or_else(|| today(&who.ctx)))))
}

/// One unit with today's roles and its children.
#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Unit code")),
    responses((status = 200, body = UnitResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn unit(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Json<UnitResponse>, Fail> {
    let ctx = &who.ctx;
    let org = load_org(&s, ctx).await?;
    if !access::can_view_unit(&who.user, &org, &code) {
        return Err(ctx.not_found());
    }
    let day = today(ctx);
    let unit = OrgResponse::of(&org, day).units.into_iter().find(|u| u.code == code).ok_or_else(|| ctx.not_found())?;
    Ok(Json(UnitResponse {
        unit,
        assignments: org.active_assignments(&code, day).into_iter().map(ApiAssignment::from).collect(),
        children: org.children(&code).into_iter().map(|u| u.code.clone()).collect(),
    }))
}

/// One person with every role they held.
#[utoipa::path(get, path = "/api/v1/people/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Person code")),
    responses((status = 200, body = PersonResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn person(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Json<PersonResponse>, Fail> {
    let ctx = &who.ctx;
    let org = load_org(&s, ctx).await?;
    if !access::can_view_person(&who.user, &org, &code) {
        return Err(ctx.not_found());
    }
    let p = org.people.iter().find(|p| p.code == code).ok_or_else(|| ctx.not_found())?;
    Ok(Json(PersonResponse {
        code: p.code.clone(),
        name: p.name.clone(),
        email: p.email.clone(),
        external: p.external,
        assignments: org.assignments.iter().filter(|a| a.person == code).map(ApiAssignment::from).collect(),
    }))
}

/// One store with its owners over time.
#[utoipa::path(get, path = "/api/v1/stores/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Store code")),
    responses((status = 200, body = StoreResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn store(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Json<StoreResponse>, Fail> {
    let ctx = &who.ctx;
    let org = load_org(&s, ctx).await?;
    if !access::can_view_store(&who.user, &org, &code) {
        return Err(ctx.not_found());
    }
    let st = org.stores.iter().find(|x| x.code == code).ok_or_else(|| ctx.not_found())?;
    Ok(Json(StoreResponse::from(st)))
}
