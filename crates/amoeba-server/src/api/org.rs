//! The organisation through the API: the unit tree (for all staff), and
//! units, people and stores one by one (each checked against the policy;
//! what the caller may not see is 404).

use super::types::{ApiAssignment, ErrorBody, OrgResponse, PersonResponse, StoreResponse, UnitResponse};
use crate::ctx::Authed;
use crate::error::Fail;
use axum::extract::{Path, Query};
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
pub async fn org(who: Authed, Query(q): Query<AsOf>) -> Result<Json<OrgResponse>, Fail> {
    if !who.viewer().sees_board() {
        return Err(who.ctx.forbidden());
    }
    Ok(Json(OrgResponse::of(&who.current.org, q.as_of.unwrap_or(who.ctx.today))))
}

/// One unit with today's roles and its children.
#[utoipa::path(get, path = "/api/v1/units/{code}", tag = "organisation",
    params(("code" = String, Path, description = "Unit code")),
    responses((status = 200, body = UnitResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn unit(who: Authed, Path(code): Path<String>) -> Result<Json<UnitResponse>, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    who.viewer().unit(&code).map_err(|e| ctx.unseen(e))?;
    let day = ctx.today;
    let unit = OrgResponse::of(org, day).units.into_iter().find(|u| u.code == code).ok_or_else(|| ctx.not_found())?;
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
pub async fn person(who: Authed, Path(code): Path<String>) -> Result<Json<PersonResponse>, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let viewer = who.viewer();
    let p = viewer.person(&code).map_err(|e| ctx.unseen(e))?;
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
pub async fn store(who: Authed, Path(code): Path<String>) -> Result<Json<StoreResponse>, Fail> {
    let viewer = who.viewer();
    let st = viewer.store(&code).map_err(|e| who.ctx.unseen(e))?;
    Ok(Json(StoreResponse::from(st.get())))
}
