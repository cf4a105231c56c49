//! The route guard (who may reach a route, and the CSRF check of every
//! form post) and the layers every response passes through.

use crate::cookies;
use crate::ctx::{Auth, Ctx};
use crate::i18n::Lang;
use crate::routes::{Guard, Route};
use crate::state::S;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Largest form body read for the CSRF check (uploads are multipart and exempt).
const FORM_LIMIT: usize = 1024 * 1024;

/// Lets a request through when its route's guard allows the caller, after
/// checking the CSRF token of a cookie-authenticated POST. Leaves the
/// request context in the extensions for the handler.
pub async fn check(State((s, route)): State<(S, &'static Route)>, req: Request, next: Next) -> Response {
    if route.guard == Guard::Public {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let ctx = match Ctx::build(&s, &parts).await {
        Ok(c) => c,
        Err(f) => return f.into_response(),
    };
    let Some(user) = &ctx.user else {
        if ctx.api {
            return ctx.fail(StatusCode::UNAUTHORIZED, "err.login_required").into_response();
        }
        let next = if parts.method == Method::GET { format!("?next={}", encode(&ctx.uri)) } else { String::new() };
        return Redirect::to(&format!("/login{next}")).into_response();
    };
    if !route.guard.allows(user.role) {
        return ctx.forbidden().into_response();
    }
    let mut body = body;
    if parts.method == Method::POST {
        if let Auth::Session { csrf, .. } = &ctx.auth {
            match csrf_verdict(&parts.headers, csrf, route.upload, body).await {
                Ok(b) => body = b,
                Err(()) => return ctx.fail(StatusCode::FORBIDDEN, "err.csrf").into_response(),
            }
        }
    }
    parts.extensions.insert(ctx);
    next.run(Request::from_parts(parts, body)).await
}

/// Checks the CSRF token of a session POST: in the `X-CSRF-Token` header, or
/// in the `csrf` field of a url-encoded form (the body is read and handed
/// back). Multipart uploads are checked by the upload reader, which must see
/// the `csrf` field before it accepts the file.
async fn csrf_verdict(headers: &axum::http::HeaderMap, csrf: &str, upload: bool, body: Body) -> Result<Body, ()> {
    if headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).is_some_and(|v| cookies::same_secret(v, csrf)) {
        return Ok(body);
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("multipart/form-data") && upload {
        return Ok(body);
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(());
    }
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| ())?;
    let sent = bytes.split(|b| *b == b'&').find_map(|kv| kv.strip_prefix(b"csrf=")).and_then(|v| std::str::from_utf8(v).ok()).unwrap_or("");
    if cookies::same_secret(sent, csrf) {
        Ok(Body::from(bytes))
    } else {
        Err(())
    }
}

/// Percent-encodes a path and query for a `next=` parameter.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Remembers `?lang=` in a cookie so the choice sticks across pages.
async fn remember_language(req: Request, next: Next) -> Response {
    let chosen = req.uri().query().and_then(Lang::from_query);
    let mut response = next.run(req).await;
    if let Some(lang) = chosen {
        cookies::Spec {
            name: cookies::LANG,
            value: lang.code(),
            max_age: 365 * 24 * 3600,
            path: "/",
            http_only: false,
            strict: false,
            secure: false,
        }
        .set(response.headers_mut());
    }
    response
}

/// Security headers, language cookie and compression for every response.
/// Nothing is kept by browsers or proxies (`Cache-Control: no-store`: pages,
/// exports and API answers hold figures and personal data) unless the
/// handler says otherwise — only the static assets do, as they never change
/// under their versioned links.
pub fn global_layers(router: Router<S>) -> Router<S> {
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; \
               frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
    router
        .layer(axum::middleware::from_fn(remember_language))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(CompressionLayer::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_parameters_are_encoded() {
        assert_eq!(encode("/units/AMZ-US/pnl?month=2026-03"), "/units/AMZ-US/pnl%3Fmonth%3D2026-03");
    }

    #[tokio::test]
    async fn form_posts_need_the_session_token() {
        let form = |body: &'static str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
            (h, Body::from(body))
        };
        let (h, b) = form("a=1&csrf=tok123");
        assert!(csrf_verdict(&h, "tok123", false, b).await.is_ok());
        let (h, b) = form("a=1&csrf=nope");
        assert!(csrf_verdict(&h, "tok123", false, b).await.is_err());
        let (h, b) = form("a=1");
        assert!(csrf_verdict(&h, "tok123", false, b).await.is_err());
        let mut h = axum::http::HeaderMap::new();
        h.insert("x-csrf-token", HeaderValue::from_static("tok123"));
        assert!(csrf_verdict(&h, "tok123", false, Body::empty()).await.is_ok(), "API clients send the header");
        let mut h = axum::http::HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("multipart/form-data; boundary=x"));
        assert!(csrf_verdict(&h, "tok123", false, Body::empty()).await.is_err(), "multipart only where uploads are read");
        assert!(csrf_verdict(&h, "tok123", true, Body::empty()).await.is_ok());
    }
}
