//! Imports through the API: the list, and an upload that answers with every
//! refused row (HTTP 422) or what was stored.

use super::types::{ErrorBody, UploadForm};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::pages::imports::{run_import, ImportAnswer};
use crate::queries::{imports, ImportRecord};
use crate::state::S;
use crate::upload::Upload;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Imports, newest first (up to 1 000).
#[utoipa::path(get, path = "/api/v1/imports", tag = "imports",
    responses((status = 200, body = Vec<ImportRecord>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = []), ("session" = [])))]
pub async fn list(State(s): State<S>, who: Authed) -> Result<Json<Vec<ImportRecord>>, Fail> {
    who.owner_only()?;
    imports(&s.db, who.ctx.company.id, 1000).await.map(Json).map_err(|e| who.ctx.internal(e))
}

/// Uploads a file (all-or-nothing, idempotent).
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
    let answer = run_import(&s, &up.who.ctx, &up).await?;
    Ok((answer.status(), Json(answer)).into_response())
}
