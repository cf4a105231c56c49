//! `GET /api/v1/me`: who the caller is and what they may see.

use super::types::{ErrorBody, MeResponse};
use crate::access;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::pages::load_org;
use crate::state::S;
use axum::extract::State;
use axum::Json;

/// The caller's login, role, scope and visible units.
#[utoipa::path(get, path = "/api/v1/me", tag = "account",
    responses((status = 200, body = MeResponse), (status = 401, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn me(State(s): State<S>, who: Authed) -> Result<Json<MeResponse>, Fail> {
    let org = load_org(&s, &who.ctx).await?;
    let u = &who.user;
    Ok(Json(MeResponse {
        company: who.ctx.company.company.code.clone(),
        login: u.login.clone(),
        role: u.role.as_str().into(),
        person: u.person.clone(),
        person_name: u.person.as_deref().and_then(|p| org.people.iter().find(|x| x.code == p)).map(|p| p.name.clone()),
        unit: u.unit.clone(),
        store: u.store.clone(),
        visible_units: access::visible_units(u, &org).into_iter().collect(),
    }))
}
