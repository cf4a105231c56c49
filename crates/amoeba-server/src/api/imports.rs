//! Imports through the API: the list, and an upload that answers with every
//! refused row (HTTP 422) or what was stored.

use super::types::{ErrorBody, ImportRecord, UploadForm};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::shared::import_answer::{run_import, ImportAnswer};
use crate::state::S;
use crate::upload::Upload;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Imports listed by the API.
const LISTED: i64 = 1000;

#[utoipa::path(get, path = "/api/v1/imports", tag = "imports",
    responses((status = 200, body = Vec<ImportRecord>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(State(s): State<S>, who: Authed) -> Result<Json<Vec<ImportRecord>>, Fail> {
    who.owner_only()?;
    let rows = s.db.imports(who.ctx.company.id, LISTED).await.map_err(|e| who.ctx.app_error(e.into()))?;
    Ok(Json(rows.into_iter().map(ImportRecord::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/imports", tag = "imports",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Imported, or already imported", body = ImportAnswer),
        (status = 400, description = "Bad kind, store or missing file", body = ImportAnswer),
        (status = 422, description = "Refused; every bad row listed", body = ImportAnswer),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn upload(State(s): State<S>, up: Upload) -> Result<Response, Fail> {
    up.who.owner_only()?;
    let answer = run_import(&s.db, &up.who.ctx, &up).await?;
    Ok((answer.status(), Json(answer)).into_response())
}
