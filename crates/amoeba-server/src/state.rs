//! What handlers share: the pool, the company shown and the figures source.

use crate::views::ViewProvider;
use crate::AppState;
use amoeba_store::Db;
use std::sync::Arc;

/// Shared state behind every handler.
pub struct Shared {
    /// The database.
    pub db: Db,
    /// Company code to show, when the database holds several.
    pub company: Option<String>,
    /// Where the board and P&L figures come from.
    pub views: Arc<dyn ViewProvider>,
    /// Mark cookies `Secure` even without `X-Forwarded-Proto: https`
    /// (`AMOEBA_SECURE_COOKIES=1`, for a TLS terminator that does not say so).
    pub secure_cookies: bool,
    /// Where "today" comes from.
    pub clock: amoeba_app::clock::Clock,
    /// Largest upload body accepted, in bytes ([`crate::routes::UPLOAD_LIMIT`]
    /// unless a test sets a small one to see the 413).
    pub upload_limit: usize,
}

impl Shared {
    /// Wraps the public [`AppState`] with the server's own settings.
    pub fn new(state: AppState, views: Arc<dyn ViewProvider>) -> Self {
        let secure_cookies = std::env::var("AMOEBA_SECURE_COOKIES").is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
        Self { db: state.db, company: state.company, views, secure_cookies, clock: state.clock, upload_limit: crate::routes::UPLOAD_LIMIT }
    }
}

/// The state type of the router.
pub type S = Arc<Shared>;
