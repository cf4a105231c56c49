//! Playbooks through the API: the latest templates the caller sees
//! (searchable), one template with every version, and a render with the
//! variables filled from a stored SKU, order or customer — the same use
//! cases as `amoeba playbook` and the pages.

use super::types::ErrorBody;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::pages::playbooks::RenderQuery;
use crate::state::S;
use amoeba_app::playbooks::library::{search, versions};
use amoeba_app::playbooks::render::render as fill;
use amoeba_app::playbooks::Access;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

#[derive(Deserialize, IntoParams)]
pub struct SearchParams {
    /// Words to look for in titles, bodies (either language) and tags; all templates when absent.
    q: Option<String>,
    /// Only this unit's library.
    unit: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/playbooks", tag = "playbooks", params(SearchParams),
    responses((status = 200, description = "The latest version of each template the caller sees that matches", body = Object),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(State(s): State<S>, who: Authed, Query(p): Query<SearchParams>) -> Result<Json<serde_json::Value>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let unit = p.unit.as_deref().map(str::trim).filter(|u| !u.is_empty());
    let found =
        search(&s.db, &ctx.company, unit, p.q.as_deref().unwrap_or(""), Access::Viewer(&viewer)).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(json!(found)))
}

#[utoipa::path(get, path = "/api/v1/playbooks/{unit}/{code}", tag = "playbooks",
    params(("unit" = String, Path, description = "Unit code"), ("code" = String, Path, description = "Template code")),
    responses((status = 200, description = "Every version of the template, oldest first, with who saved it and when", body = Object),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn template(
    State(s): State<S>,
    who: Authed,
    Path((unit, code)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let all = match versions(&s.db, &ctx.company, &unit, &code, Access::Viewer(&viewer)).await {
        Ok(all) => all,
        Err(e) if e.refusal().is_some() => return Err(ctx.not_found()),
        Err(e) => return Err(ctx.app_error(e)),
    };
    let v: Vec<_> = all.iter().map(|s| json!({"template": s.template, "saved_by": s.saved_by, "saved_at": s.saved_at})).collect();
    Ok(Json(json!(v)))
}

#[utoipa::path(get, path = "/api/v1/playbooks/{unit}/{code}/render", tag = "playbooks",
    params(("unit" = String, Path, description = "Unit code"), ("code" = String, Path, description = "Template code"),
        ("version" = Option<String>, Query, description = "A version (default the latest)"),
        ("sku" = Option<String>, Query, description = "Fill sku.* from this SKU"),
        ("order" = Option<String>, Query, description = "Fill order.* from this order, STORE/ID"),
        ("customer" = Option<String>, Query, description = "Fill customer.* from this customer id"),
        ("set" = Option<String>, Query, description = "Other variables, name=value, one per line"),
        ("out" = Option<String>, Query, description = "zh or en: which language's body (default the caller's)")),
    responses((status = 200, description = "The rendered text and the values it was filled from", body = Object),
        (status = 400, body = ErrorBody, description = "A variable without a value (named, with its line and column), or no such SKU/order/customer"),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn render(
    State(s): State<S>,
    who: Authed,
    Path((unit, code)): Path<(String, String)>,
    Query(q): Query<RenderQuery>,
) -> Result<Json<serde_json::Value>, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    if versions(&s.db, &ctx.company, &unit, &code, Access::Viewer(&viewer)).await.is_err() {
        return Err(ctx.not_found());
    }
    let req = q.request(&unit, &code).map_err(|v| ctx.bad_value("playbook.bad_version", &v))?;
    let r = fill(&s.db, &ctx.company, &req, q.lang(ctx.lang), ctx.today, Access::Viewer(&viewer)).await.map_err(|e| ctx.app_error(e))?;
    Ok(Json(json!({
        "unit": r.template.unit, "code": r.template.code, "version": r.template.version,
        "lang": r.lang.code(), "text": r.text, "values": r.values,
    })))
}
