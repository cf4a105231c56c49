//! The request context: which company, who is asking (session cookie or
//! bearer token), in which language, over TLS or not.
//!
//! The route guard builds it once per request and leaves it in the request
//! extensions; handlers take it with the [`Ctx`] or [`Authed`] extractors.

use crate::cookies;
use crate::error::Fail;
use crate::i18n::Lang;
use crate::state::S;
use amoeba_app::current::Current;
use amoeba_core::identity::{User, Viewer};
use amoeba_store::org_repo::CompanyRow;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use std::sync::Arc;

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// Not at all.
    Anonymous,
    /// Browser session: the cookie token and the session's CSRF token.
    Session {
        /// Cookie value (needed to log out).
        token: String,
        /// Token every form of the session carries.
        csrf: String,
    },
    /// `Authorization: Bearer` API token (no CSRF: browsers never add it on their own).
    Bearer,
}

/// Everything a handler needs to know about the request besides its input.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The company shown.
    pub company: CompanyRow,
    /// The logged-in user, if any.
    pub user: Option<User>,
    /// How they logged in.
    pub auth: Auth,
    /// Language of the answer.
    pub lang: Lang,
    /// Request came over TLS (cookies get `Secure`).
    pub secure: bool,
    /// An API request (answers are JSON, never redirects).
    pub api: bool,
    /// Path and query, for `next=` after login and for export links.
    pub uri: String,
    /// Today in the company's zone (the server's clock).
    pub today: chrono::NaiveDate,
}

impl Ctx {
    /// Builds the context: resolves the company, then the user behind the
    /// bearer token or session cookie (unknown or expired credentials simply
    /// mean anonymous).
    pub async fn build(s: &S, parts: &Parts) -> Result<Ctx, Fail> {
        let lang = crate::i18n::of_request(parts);
        let api = parts.uri.path().starts_with("/api/");
        let uri = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
        let company =
            s.db.company(s.company.as_deref())
                .await
                .map_err(|e| Fail::new(StatusCode::SERVICE_UNAVAILABLE, "err.no_company", lang, api).detail(e.to_string()))?;
        let now = chrono::Utc::now();
        let mut user = None;
        let mut auth = Auth::Anonymous;
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(|t| t.trim().to_string());
        if let Some(token) = bearer {
            user = amoeba_app::identity::user_by_api_token(&s.db, company.id, &token).await.map_err(|e| Fail::internal(e, lang, api))?;
            if user.is_some() {
                auth = Auth::Bearer;
            }
        } else if let Some(token) = cookies::get(&parts.headers, cookies::SESSION) {
            if let Some(session) =
                amoeba_app::identity::session(&s.db, company.id, &token, now).await.map_err(|e| Fail::internal(e, lang, api))?
            {
                auth = Auth::Session { token, csrf: session.csrf };
                user = Some(session.user);
            }
        }
        let secure = cookies::is_tls(&parts.headers, s.secure_cookies);
        let today = s.clock.today(&company);
        Ok(Ctx { company, user, auth, lang, secure, api, uri, today })
    }

    /// The session's CSRF token for forms (empty without a session).
    pub fn csrf(&self) -> &str {
        match &self.auth {
            Auth::Session { csrf, .. } => csrf,
            _ => "",
        }
    }

    /// A failure answered in this request's language and format.
    pub fn fail(&self, status: StatusCode, key: &'static str) -> Fail {
        Fail::new(status, key, self.lang, self.api).read_by(self)
    }

    /// 404: the object does not exist *or is not yours* — the two are not
    /// told apart, so ids cannot be probed.
    pub fn not_found(&self) -> Fail {
        self.fail(StatusCode::NOT_FOUND, "err.not_found")
    }

    /// 403: the whole kind of page is outside the role.
    pub fn forbidden(&self) -> Fail {
        self.fail(StatusCode::FORBIDDEN, "err.forbidden")
    }

    /// 400 with the reason.
    pub fn bad_request(&self, detail: impl Into<String>) -> Fail {
        self.fail(StatusCode::BAD_REQUEST, "err.bad_request").detail(detail)
    }

    /// 400 for a parameter that does not read, in the page's language:
    /// `key` is an i18n text with `{v}` for the value given.
    pub fn bad_value(&self, key: &str, value: &str) -> Fail {
        let detail = crate::i18n::t(self.lang, key).replace("{v}", value);
        self.bad_request(detail)
    }

    /// 500 for a failure of ours (the message is logged and shown).
    pub fn internal(&self, e: impl std::fmt::Display) -> Fail {
        Fail::internal(e, self.lang, self.api).read_by(self)
    }

    /// A use case's failure as an answer: the one map from `AppError` to an
    /// HTTP status ([`crate::error::status_of`]), worded in this request's language.
    pub fn app_error(&self, e: amoeba_app::AppError) -> Fail {
        crate::error::from_app(e, self)
    }

    /// 404 for an object the viewer may not see (never told apart from one
    /// that does not exist).
    pub fn unseen(&self, _: amoeba_core::identity::NotVisible) -> Fail {
        self.not_found()
    }
}

impl FromRequestParts<S> for Ctx {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let ctx = Ctx::build(s, parts).await?;
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

/// A context whose user is known (the route guard let the request through),
/// with the company's state at the request's data version: the version is
/// read once per request, and everything shown is of that one state.
#[derive(Debug, Clone)]
pub struct Authed {
    /// The request context.
    pub ctx: Ctx,
    /// The logged-in user.
    pub user: User,
    /// The company's organisation and last day with data, at this request's data version.
    pub current: Arc<Current>,
}

impl Authed {
    /// The access policy for this user: every object a handler shows comes
    /// out of it (`viewer.unit(code)?`).
    pub fn viewer(&self) -> Viewer<'_> {
        Viewer::new(&self.user, &self.current.org)
    }

    /// Refuses (403) anyone but an owner — the route guard already does; this
    /// keeps the handler safe should the route list ever change.
    pub fn owner_only(&self) -> Result<(), Fail> {
        if self.viewer().is_owner() {
            Ok(())
        } else {
            Err(self.ctx.forbidden())
        }
    }

    /// The same request after a change it made itself (an organisation
    /// file applied): the company's state read again.
    pub async fn refreshed(&self, db: &amoeba_store::Db) -> Result<Authed, Fail> {
        let current = amoeba_app::current::current(db, &self.ctx.company).await.map_err(|e| self.ctx.app_error(e))?;
        Ok(Authed { current, ..self.clone() })
    }

    /// What the figures providers get: the database, the company, its state
    /// at this request's version, and today.
    pub fn view_ctx<'a>(&'a self, db: &'a amoeba_store::Db) -> crate::views::ViewCtx<'a> {
        crate::views::ViewCtx { db, company: &self.ctx.company, current: &self.current, today: self.ctx.today }
    }
}

impl FromRequestParts<S> for Authed {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, s: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, s).await?;
        let Some(user) = ctx.user.clone() else { return Err(ctx.fail(StatusCode::UNAUTHORIZED, "err.login_required")) };
        let current =
            amoeba_app::current::current_at(&s.db, ctx.company.id, ctx.company.data_version).await.map_err(|e| ctx.app_error(e))?;
        Ok(Authed { ctx, user, current })
    }
}
