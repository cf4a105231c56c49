//! Logging in and out.
//!
//! The login form has no session yet to hold a CSRF token, so it uses a
//! double-submit token: a random value in a SameSite=Strict cookie that the
//! form must echo. Failures are throttled per login name (see
//! `amoeba_core::identity::throttled`); a throttled login answers 429 and says when to
//! try again.

use crate::cookies;
use crate::ctx::{Auth, Ctx};
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::state::S;
use amoeba_app::identity::random_token;
use amoeba_core::identity::landing;
use amoeba_core::identity::{LoginOutcome, SESSION_DAYS};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use serde::Deserialize;

/// `?next=` of the login page.
#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only local paths may be returned to (no open redirect to another site).
fn safe_next(next: Option<&str>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.starts_with("/login")).map(str::to_string)
}

fn form_page(ctx: &Ctx, next: Option<String>, login: &str, error: Option<String>, status: StatusCode) -> Result<Response, Fail> {
    let token = random_token();
    let page = Page::new("login.html", tr(ctx, "login.title")).status(status).with(context! {
        login_csrf => token.clone(),
        next => next.unwrap_or_default(),
        login => login,
        error => error,
    });
    let mut response = page.respond(ctx, None)?;
    cookies::credential(cookies::LOGIN_CSRF, &token, 3600, "/login", ctx.secure).set(response.headers_mut());
    Ok(response)
}

/// `GET /login`.
pub async fn form(ctx: Ctx, Query(q): Query<Next>) -> Result<Response, Fail> {
    if let Some(u) = &ctx.user {
        return Ok(Redirect::to(&safe_next(q.next.as_deref()).unwrap_or_else(|| landing(u))).into_response());
    }
    form_page(&ctx, safe_next(q.next.as_deref()), "", None, StatusCode::OK)
}

/// The login form.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// `POST /login`.
pub async fn submit(State(s): State<S>, ctx: Ctx, headers: HeaderMap, Form(f): Form<LoginForm>) -> Result<Response, Fail> {
    let next = safe_next(f.next.as_deref());
    let cookie = cookies::get(&headers, cookies::LOGIN_CSRF).unwrap_or_default();
    if !cookies::same_secret(&f.csrf, &cookie) {
        return form_page(&ctx, next, &f.login, Some(tr(&ctx, "login.expired")), StatusCode::BAD_REQUEST);
    }
    let now = chrono::Utc::now();
    match amoeba_app::identity::login(&s.db, ctx.company.id, &f.login, &f.password, now).await.map_err(|e| ctx.internal(e))? {
        LoginOutcome::Success(user) => {
            let session = amoeba_app::identity::open_session(&s.db, ctx.company.id, user.id, now).await.map_err(|e| ctx.internal(e))?;
            let mut response = Redirect::to(&next.unwrap_or_else(|| landing(&user))).into_response();
            cookies::credential(cookies::SESSION, &session.token, SESSION_DAYS * 24 * 3600, "/", ctx.secure).set(response.headers_mut());
            cookies::credential(cookies::LOGIN_CSRF, "", 0, "/login", ctx.secure).set(response.headers_mut());
            Ok(response)
        }
        LoginOutcome::Refused => form_page(&ctx, next, &f.login, Some(tr(&ctx, "login.refused")), StatusCode::UNAUTHORIZED),
        LoginOutcome::Throttled { retry_after_secs } => {
            let minutes = (retry_after_secs + 59) / 60;
            let message = tr(&ctx, "login.throttled").replace("{minutes}", &minutes.to_string());
            let mut response = form_page(&ctx, next, &f.login, Some(message), StatusCode::TOO_MANY_REQUESTS)?;
            if let Ok(v) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string()) {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
            Ok(response)
        }
    }
}

/// `POST /logout`: ends the session (the guard checked the CSRF token).
pub async fn logout(State(s): State<S>, ctx: Ctx) -> Result<Response, Fail> {
    if let Auth::Session { token, .. } = &ctx.auth {
        amoeba_app::identity::logout(&s.db, ctx.company.id, token, chrono::Utc::now()).await.map_err(|e| ctx.internal(e))?;
    }
    let mut response = Redirect::to("/login").into_response();
    cookies::credential(cookies::SESSION, "", 0, "/", ctx.secure).set(response.headers_mut());
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/units/A/pnl?month=2026-03")).as_deref(), Some("/units/A/pnl?month=2026-03"));
        assert_eq!(safe_next(Some("//evil.example/")), None);
        assert_eq!(safe_next(Some("https://evil.example/")), None);
        assert_eq!(safe_next(Some("/\\evil")), None);
        assert_eq!(safe_next(None), None);
    }
}
