//! The HTTP face of Amoeba: web pages and the REST API under `/api/v1`.
//!
//! The server is stateless apart from the database pool, so several can run
//! behind a load balancer on one PostgreSQL.

mod routes;

use amoeba_store::Db;
use std::net::SocketAddr;
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Company the server shows (code), when the database holds several.
    pub company: Option<String>,
}

/// Builds the router (used by `serve` and by tests, which drive it in-process).
pub fn router(state: AppState) -> axum::Router {
    routes::router(Arc::new(state))
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
