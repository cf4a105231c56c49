//! `/api/openapi.json` and the vendored Swagger UI at `/api/docs` (served
//! from the binary; no CDN).

use crate::error::Fail;
use crate::render::render;
use axum::http::{header, HeaderMap, Uri};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

const BUNDLE_JS: &[u8] = include_bytes!("../../assets/vendor/swagger-ui-bundle.js");
const BUNDLE_CSS: &[u8] = include_bytes!("../../assets/vendor/swagger-ui.css");
const INIT_JS: &str =
    "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });\n";
const CACHE: &str = "public, max-age=86400";

/// The OpenAPI document.
pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], super::openapi_json())
}

/// The viewer page (public: the API's shape is not a secret; its data is).
pub async fn viewer(headers: HeaderMap, uri: Uri) -> Result<Response, Fail> {
    let lang = crate::i18n::detect(&headers, uri.query());
    let html = render(None, None, lang, "api_docs.html", "API", context! {}).map_err(|e| Fail::internal(e, lang, false))?;
    Ok(Html(html).into_response())
}

/// Starts the viewer (a file, so the page needs no inline script).
pub async fn init_js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], INIT_JS)
}

/// `swagger-ui-bundle.js` (swagger-ui-dist 5.35.0, Apache-2.0).
pub async fn bundle_js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], BUNDLE_JS)
}

/// `swagger-ui.css` (swagger-ui-dist 5.35.0, Apache-2.0).
pub async fn bundle_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, CACHE)], BUNDLE_CSS)
}
