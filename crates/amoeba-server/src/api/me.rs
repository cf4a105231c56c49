//! `GET /api/v1/me`: who the caller is and what they may see.

use super::types::{ErrorBody, MeResponse};
use crate::ctx::Authed;
use crate::error::Fail;
use axum::Json;

#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses((status = 200, body = MeResponse), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn me(who: Authed) -> Result<Json<MeResponse>, Fail> {
    let org = &who.current.org;
    let u = &who.user;
    Ok(Json(MeResponse {
        company: who.ctx.company.company.code.clone(),
        login: u.login.clone(),
        role: u.role.as_str().into(),
        person: u.person.clone(),
        person_name: u.person.as_deref().and_then(|p| org.people.iter().find(|x| x.code == p)).map(|p| p.name.clone()),
        unit: u.unit.clone(),
        store: u.store.clone(),
        visible_units: who.viewer().units().iter().map(|u| u.to_string()).collect(),
    }))
}
