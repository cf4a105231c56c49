//! The account page: change one's password, make and revoke API tokens.

use crate::ctx::{Auth, Authed};
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Action, Cell, Table, Value};
use amoeba_core::identity::{check_password, LoginOutcome, User};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

/// What the page says after an action.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    error: Option<String>,
    new_token: Option<String>,
    status: Option<StatusCode>,
}

fn scope(user: &User) -> Option<String> {
    user.unit.clone().or_else(|| user.store.clone()).or_else(|| user.person.clone())
}

async fn show(s: &S, who: &Authed, out: Outcome) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let tokens = s.db.api_tokens(ctx.company.id, who.user.id).await.map_err(|e| ctx.internal(e))?;
    let mut table = Table::new(
        "tokens",
        tr(ctx, "account.tokens"),
        &[&tr(ctx, "col.name"), &tr(ctx, "col.created"), &tr(ctx, "col.last_used"), &tr(ctx, "col.status")],
        tr(ctx, "account.no_tokens"),
    );
    for tk in tokens {
        let status = tr(ctx, if tk.revoked { "status.revoked" } else { "status.active" });
        let actions = if tk.revoked {
            Vec::new()
        } else {
            vec![Action {
                url: format!("/account/tokens/{}/revoke", tk.id),
                label: "account.revoke",
                confirm: Some("account.revoke_confirm"),
                danger: true,
                csrf: ctx.csrf().to_string(),
            }]
        };
        table.push_with_actions(
            vec![
                Cell::text(tk.name),
                Cell::text(local(ctx, &tk.created_at)),
                Cell::opt(tk.last_used_at.map(|at| local(ctx, &at))),
                Value::Text(status).into(),
            ],
            actions,
        );
    }
    Page::new("account.html", tr(ctx, "account.title"))
        .status(out.status.unwrap_or(StatusCode::OK))
        .table(table)
        .with(context! { scope => scope(&who.user), notice => out.notice, error => out.error, new_token => out.new_token })
        .respond(ctx, Some(&who.user))
}

/// `GET /account`.
pub async fn page(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    show(&s, &who, Outcome::default()).await
}

/// The password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /account/password`: needs the current password (a borrowed phone
/// with an open session must not be enough to take the account over).
pub async fn change_password(State(s): State<S>, who: Authed, Form(f): Form<PasswordForm>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let refuse = |msg: String| Outcome { error: Some(msg), status: Some(StatusCode::BAD_REQUEST), ..Outcome::default() };
    if f.new != f.repeat {
        return show(&s, &who, refuse(tr(ctx, "account.mismatch"))).await;
    }
    if let Err(e) = check_password(&f.new) {
        return show(&s, &who, refuse(e.render(ctx.lang))).await;
    }
    match amoeba_app::identity::login(&s.db, ctx.company.id, &who.user.login, &f.current, chrono::Utc::now())
        .await
        .map_err(|e| ctx.internal(e))?
    {
        LoginOutcome::Success(_) => {}
        LoginOutcome::Refused => return show(&s, &who, refuse(tr(ctx, "account.wrong_current"))).await,
        LoginOutcome::Throttled { .. } => {
            let out = Outcome {
                error: Some(tr(ctx, "login.throttled_short")),
                status: Some(StatusCode::TOO_MANY_REQUESTS),
                ..Outcome::default()
            };
            return show(&s, &who, out).await;
        }
    }
    let keep = match &ctx.auth {
        Auth::Session { token, .. } => Some(token.as_str()),
        _ => None,
    };
    amoeba_app::identity::set_password(&s.db, ctx.company.id, who.user.id, &f.new, keep).await.map_err(|e| ctx.internal(e))?;
    show(&s, &who, Outcome { notice: Some(tr(ctx, "account.changed")), ..Outcome::default() }).await
}

/// The new-token form.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// `POST /account/tokens`: the secret is shown once, on this answer only.
pub async fn create_token(State(s): State<S>, who: Authed, Form(f): Form<TokenForm>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    match amoeba_app::identity::create_api_token(&s.db, ctx.company.id, who.user.id, &f.name).await {
        Ok((_, secret)) => show(&s, &who, Outcome { new_token: Some(secret), ..Outcome::default() }).await,
        Err(e) => match e.refusal() {
            Some(r) => {
                let out = Outcome { error: Some(r.render(ctx.lang)), status: Some(StatusCode::BAD_REQUEST), ..Outcome::default() };
                show(&s, &who, out).await
            }
            None => Err(ctx.app_error(e)),
        },
    }
}

/// `POST /account/tokens/{id}/revoke`: only one's own tokens (another's id is 404).
pub async fn revoke_token(State(s): State<S>, who: Authed, Path(id): Path<String>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let id: i64 = id.parse().map_err(|_| ctx.not_found())?;
    if !s.db.revoke_api_token(ctx.company.id, who.user.id, id).await.map_err(|e| ctx.internal(e))? {
        return Err(ctx.not_found());
    }
    show(&s, &who, Outcome { notice: Some(tr(ctx, "account.revoked")), ..Outcome::default() }).await
}
