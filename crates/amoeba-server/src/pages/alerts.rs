//! Risk alerts on a page: the episodes the viewer sees (the owner all,
//! leaders their subtree, members their unit, a third-party operator their
//! store), each with the sentence and figures that fired it, a link to the
//! figures, and a form to acknowledge it with a note. The board shows the
//! open ones of the viewer's units ([`board_alerts`]).

use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::state::S;
use amoeba_app::alerts::view::{acknowledge, episodes, sees};
use amoeba_core::Month;
use amoeba_store::alerts_repo::StoredEpisode;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// One alert as the templates show it.
#[derive(Debug, Serialize)]
pub struct AlertRow {
    id: i64,
    kind: String,
    subject: String,
    unit: String,
    opened: String,
    last_day: String,
    ended: Option<String>,
    reason: String,
    link: String,
    ack: Option<(String, String, String)>,
}

/// An episode laid out in the viewer's language; the link goes to the
/// figures that fired it (the store's month, or the unit's P&L).
pub fn row(who: &Authed, e: &StoredEpisode) -> AlertRow {
    let ctx = &who.ctx;
    let month = Month::of(e.last_day);
    let link =
        if !e.store.is_empty() { format!("/stores/{}?month={month}", e.store) } else { format!("/units/{}/pnl?month={month}", e.unit) };
    AlertRow {
        id: e.id,
        kind: tr(ctx, &format!("alerts.kind.{}", e.alert.detail.code())),
        subject: e.alert.subject.describe(),
        unit: e.unit.clone(),
        opened: e.opened.to_string(),
        last_day: e.last_day.to_string(),
        ended: e.ended.map(|d| d.to_string()),
        reason: e.alert.detail.render(ctx.lang),
        link,
        ack: e.acknowledged.as_ref().map(|a| (a.by.clone(), a.on.to_string(), a.note.clone())),
    }
}

/// The open alerts the viewer sees, for the board.
pub async fn board_alerts(s: &S, who: &Authed) -> Result<Vec<AlertRow>, Fail> {
    let viewer = who.viewer();
    let list = episodes(&s.db, &who.ctx.company, true, |e| sees(&viewer, e)).await.map_err(|e| who.ctx.app_error(e))?;
    Ok(list.iter().map(|e| row(who, e)).collect())
}

/// `?all=1` shows ended episodes too.
#[derive(Deserialize)]
pub struct AlertsQuery {
    all: Option<String>,
}

/// `GET /alerts`.
pub async fn index(State(s): State<S>, who: Authed, Query(q): Query<AlertsQuery>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let all = q.all.as_deref().is_some_and(|v| !v.is_empty() && v != "0");
    let list = episodes(&s.db, &ctx.company, !all, |e| sees(&viewer, e)).await.map_err(|e| ctx.app_error(e))?;
    let rows: Vec<AlertRow> = list.iter().map(|e| row(&who, e)).collect();
    Page::new("alerts.html", tr(ctx, "alerts.title"))
        .with(context! { alerts => rows, all => all, csrf => ctx.csrf().to_string() })
        .respond(ctx, Some(&who.user))
}

/// The acknowledgement form.
#[derive(Deserialize)]
pub struct AckForm {
    #[serde(default)]
    note: String,
}

/// `POST /alerts/{id}/ack`: acknowledges an alert the viewer sees, with a note.
pub async fn ack(State(s): State<S>, who: Authed, Path(id): Path<i64>, Form(f): Form<AckForm>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    if f.note.trim().is_empty() {
        return Err(ctx.bad_value("alerts.note_needed", ""));
    }
    let viewer = who.viewer();
    match acknowledge(&s.db, &ctx.company, id, &who.user.login, ctx.today, &f.note, |e| sees(&viewer, e)).await {
        Ok(_) => Ok(Redirect::to(&format!("/alerts#alert-{id}")).into_response()),
        Err(e) if e.refusal().is_some() => Err(ctx.not_found()),
        Err(e) => Err(ctx.app_error(e)),
    }
}
