//! Routes. Until the web app lands this is the health check, the
//! organisation as JSON and a landing page pointing at both.

use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use std::sync::Arc;

type S = Arc<AppState>;

pub fn router(state: S) -> Router {
    Router::new().route("/", get(home)).route("/health", get(health)).route("/api/v1/org", get(org)).with_state(state)
}

async fn health(State(s): State<S>) -> Response {
    match sqlx::query("SELECT 1").execute(&s.db.pool).await {
        Ok(_) => Json(serde_json::json!({"status": "ok"})).into_response(),
        Err(e) => (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({"status": "down", "error": e.to_string()}))).into_response(),
    }
}

#[derive(Deserialize)]
struct AsOf {
    as_of: Option<chrono::NaiveDate>,
}

fn error(status: StatusCode, message: String) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

async fn org(State(s): State<S>, Query(q): Query<AsOf>) -> Response {
    let company = match s.db.company(s.company.as_deref()).await {
        Ok(c) => c,
        Err(e) => return error(StatusCode::NOT_FOUND, e.to_string()),
    };
    match s.db.load_org(company.id).await {
        Ok(org) => {
            let day = q.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            Json(org.tree(day)).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn home() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"zh\"><meta charset=\"utf-8\"><title>Amoeba</title>\
         <h1>Amoeba 阿米巴</h1><p><a href=\"/api/v1/org\">/api/v1/org</a> · <a href=\"/health\">/health</a></p></html>",
    )
}
