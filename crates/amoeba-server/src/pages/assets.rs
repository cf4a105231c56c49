//! The stylesheet and the small script, embedded in the binary.

use axum::http::header;
use axum::response::IntoResponse;

/// The one stylesheet (no CDN, no web fonts: system fonts render Chinese well on every phone).
pub const STYLE: &str = include_str!("../../assets/style.css");
/// Progressive enhancement only: confirmations and upload progress.
pub const SCRIPT: &str = include_str!("../../assets/app.js");

const CACHE: &str = "public, max-age=31536000, immutable";

/// `/assets/style.css` (links carry a version query, so it may be cached for a year).
pub async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], STYLE)
}

/// `/assets/app.js`.
pub async fn script() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], SCRIPT)
}
