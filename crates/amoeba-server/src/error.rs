//! Failures of a request, answered as a page (in the reader's language) or
//! as JSON `{"error": …}` for the API — never as a panic or a bare status.

use crate::ctx::Ctx;
use crate::i18n::{t, Lang};
use crate::render;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Why a request was not answered as asked.
#[derive(Debug, Clone)]
pub struct Fail {
    /// HTTP status.
    pub status: StatusCode,
    /// Translation key of the headline.
    pub key: &'static str,
    /// Specific reason, shown under the headline.
    pub detail: Option<String>,
    /// Language of the page.
    pub lang: Lang,
    /// Answer as JSON.
    pub api: bool,
    /// The request it answers, when known: a logged-in reader's failure
    /// page keeps the navigation, so a 403 is not a dead end.
    pub reader: Option<Box<Ctx>>,
}

impl Fail {
    /// A failure with a translated headline.
    pub fn new(status: StatusCode, key: &'static str, lang: Lang, api: bool) -> Self {
        Self { status, key, detail: None, lang, api, reader: None }
    }

    /// A failure of ours: logged, and shown with its message (the people
    /// reading it run the server themselves; hiding the cause helps no one).
    pub fn internal(e: impl std::fmt::Display, lang: Lang, api: bool) -> Self {
        tracing::error!("request failed: {e}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "err.internal", lang, api).detail(e.to_string())
    }

    /// Remembers the request, so the page draws its reader's navigation.
    pub fn read_by(mut self, ctx: &Ctx) -> Self {
        self.reader = Some(Box::new(ctx.clone()));
        self
    }

    /// Adds the specific reason.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        let headline = t(self.lang, self.key);
        if self.api {
            let message = match (&self.detail, self.lang) {
                (Some(d), Lang::Zh) => format!("{headline}：{d}"),
                (Some(d), Lang::En) => format!("{headline}: {d}"),
                (None, _) => headline.to_string(),
            };
            (self.status, Json(serde_json::json!({ "error": message }))).into_response()
        } else {
            let html = render::message_page(self.reader.as_deref(), self.lang, self.status, headline, self.detail.as_deref());
            (self.status, html).into_response()
        }
    }
}
