//! The HTTP face of Amoeba: server-rendered pages (Chinese first, English on
//! request) and the REST API under `/api/v1`, behind one access policy.
//!
//! The server is stateless apart from the database pool (sessions live in the
//! database), so several can run behind a load balancer on one PostgreSQL.
//! Templates, styles and the API viewer are embedded, so the binary is all
//! there is to deploy.

mod api;
mod cookies;
mod ctx;
mod error;
mod guard;
mod i18n;
mod nav;
mod page_cache;
mod pages;
mod render;
mod routes;
mod shared;
mod stamp;
mod state;
mod svg;
mod table;
mod upload;
pub mod views;

pub use routes::{Guard, Route, ROUTES, UPLOAD_LIMIT};

use amoeba_store::Db;
use std::net::SocketAddr;
use std::sync::Arc;
use views::{Live, ViewProvider};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Company the server shows (code), when the database holds several.
    pub company: Option<String>,
    /// Where "today" comes from (the month-to-date rule reads it).
    pub clock: amoeba_app::clock::Clock,
}

/// Builds the router with the figures the accounting engine provides (used
/// by `serve`); what it cannot provide yet shows as "no data yet".
pub fn router(state: AppState) -> axum::Router {
    router_with(state, Arc::new(Live))
}

/// Builds the router with a chosen source of board / P&L figures: tests pass
/// a stub, `serve` the real provider once it exists.
pub fn router_with(state: AppState, views: Arc<dyn ViewProvider>) -> axum::Router {
    routes::build(Arc::new(state::Shared::new(state, views)))
}

/// As [`router_with`], accepting uploads up to `upload_limit` bytes instead
/// of [`UPLOAD_LIMIT`] (tests see the 413 without sending 512 MiB).
pub fn router_with_upload_limit(state: AppState, views: Arc<dyn ViewProvider>, upload_limit: usize) -> axum::Router {
    let mut shared = state::Shared::new(state, views);
    shared.upload_limit = upload_limit;
    routes::build(Arc::new(shared))
}

/// The OpenAPI document of `/api/v1`, as served at `/api/openapi.json`.
pub fn openapi_json() -> String {
    api::openapi_json()
}

/// Binds `addr` and serves until Ctrl-C. `on_ready` is called with the bound
/// address (so callers can print the URL even when port 0 was asked for).
pub async fn serve(state: AppState, addr: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e} (is another Amoeba already running? try --addr 127.0.0.1:0)"))?;
    on_ready(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
