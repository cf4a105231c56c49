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

/// The one map from a use case's failure to an HTTP status: a refusal the
/// user can act on is 400 (409 when it is about the state of a period or a
/// race with another writer, 503 when the database is busy), a refused file
/// 422, a month that cannot close 409, anything else ours (500).
pub fn status_of(e: &amoeba_app::AppError) -> StatusCode {
    use amoeba_app::AppError;
    use amoeba_core::Refusal;
    match e {
        AppError::File { .. } | AppError::OrgFile { .. } | AppError::PayPlanFile { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Pay(r) if r.is_conflict() => StatusCode::CONFLICT,
        AppError::Pay(_) => StatusCode::BAD_REQUEST,
        AppError::NotClosable { .. } => StatusCode::CONFLICT,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        AppError::Engage(r) if r.is_conflict() => StatusCode::CONFLICT,
        AppError::Engage(r) if r.is_missing() => StatusCode::NOT_FOUND,
        AppError::Engage(_) => StatusCode::BAD_REQUEST,
        other => match other.refusal() {
            Some(Refusal::Busy { .. }) => StatusCode::SERVICE_UNAVAILABLE,
            Some(
                Refusal::AlreadyClosed { .. }
                | Refusal::EarlierMonthsOpen { .. }
                | Refusal::ChangedWhileClosing { .. }
                | Refusal::ClosedDuringImport { .. }
                | Refusal::LoginExists { .. },
            ) => StatusCode::CONFLICT,
            Some(_) => StatusCode::BAD_REQUEST,
            None => StatusCode::INTERNAL_SERVER_ERROR,
        },
    }
}

/// A use case's failure answered in `ctx`'s language and format.
pub fn from_app(e: amoeba_app::AppError, ctx: &Ctx) -> Fail {
    let status = status_of(&e);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        return ctx.internal(e.render(ctx.lang));
    }
    let key = match status {
        StatusCode::CONFLICT => "err.conflict",
        StatusCode::SERVICE_UNAVAILABLE => "err.busy",
        StatusCode::UNPROCESSABLE_ENTITY => "err.refused",
        StatusCode::NOT_FOUND => "err.not_found",
        _ => "err.bad_request",
    };
    ctx.fail(status, key).detail(e.render(ctx.lang))
}
