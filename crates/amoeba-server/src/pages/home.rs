//! The root (sends people where they belong), the health check and the
//! page for unknown paths.

use crate::ctx::Ctx;
use crate::error::Fail;
use crate::state::S;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;

/// `/`: the landing page of the logged-in user, or the login form.
pub async fn root(ctx: Ctx) -> Response {
    match &ctx.user {
        Some(u) => Redirect::to(&amoeba_core::identity::landing(u)).into_response(),
        None => Redirect::to("/login").into_response(),
    }
}

/// `/health`: whether the database answers (for load balancers; no company needed).
pub async fn health(State(s): State<S>) -> Response {
    match s.db.ping().await {
        Ok(_) => Json(serde_json::json!({"status": "ok"})).into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "down", "error": e.to_string()}))).into_response(),
    }
}

/// Any unknown path.
pub async fn not_found(ctx: Result<Ctx, Fail>) -> Response {
    match ctx {
        Ok(ctx) => ctx.not_found().into_response(),
        Err(f) => f.into_response(),
    }
}
