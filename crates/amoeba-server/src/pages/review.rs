//! Review cycles (绩效考核) on the web: the cycles of the units the viewer
//! sees, and the form where a leader (or owner/finance) opens a cycle for a
//! unit with its weighted criteria. Scoring a cycle is `review_sheet`.

use super::common::unit_name;
use super::engage::{subnav, Choice};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use amoeba_app::review_entry::{open, parse_criteria, NewCycle};
use amoeba_app::AppError;
use amoeba_core::goals::{Normalise, SelfReview};
use amoeba_core::identity::Role;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The criteria a new cycle starts from when the unit has none yet (docs/goals.md §6).
const DEFAULT_CRITERIA: &str = "results@50, attitude@20, skill@15, teamwork@15";

/// The form that opens a cycle (what was typed, kept when refused).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct OpenForm {
    #[serde(default)]
    cycle: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    criteria: String,
    #[serde(default)]
    self_share: String,
    #[serde(default)]
    out_of_100: Option<String>,
}

/// Who opens cycles and scores: owner/finance and leaders.
fn scorer(who: &Authed) -> bool {
    matches!(who.user.role, Role::Owner | Role::Leader)
}

async fn show(s: &S, who: &Authed, form: Option<OpenForm>, error: Option<String>, status: StatusCode) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let org = &who.current.org;
    let all = amoeba_app::review::all(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    let cols = ["review.cycle", "col.unit", "review.criteria", "review.scored", "review.average", "review.updated"].map(|k| tr(ctx, k));
    let mut t =
        Table::new("cycles", tr(ctx, "review.cycles"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "review.none"));
    for r in all.iter().filter(|r| viewer.sees_unit(&r.unit)) {
        let label = r.config.cycle.label();
        let people = amoeba_app::review_entry::people(org, &r.unit, r.config.cycle).len();
        t.push(vec![
            Cell::text(label.clone()).link(format!("/reviews/{label}/{}", r.unit)),
            Cell::text(unit_name(org, &r.unit, ctx.lang)),
            Cell::text(r.config.card.criteria().iter().map(|c| format!("{} {}%", c.code, c.weight_pct)).collect::<Vec<_>>().join(" · ")),
            Cell::text(format!("{} / {people}", r.outcome.lines.len())),
            r.outcome.team_average.map(|a| Value::Dec(a, 2).into()).unwrap_or_else(|| Value::Empty.into()),
            Cell::text(local(ctx, &r.updated_at)),
        ]);
    }
    let open_form = scorer(who).then(|| {
        let mut f = form.unwrap_or_default();
        let units: Vec<Choice> = org
            .units
            .iter()
            .filter(|u| viewer.sees_unit(&u.code))
            .map(|u| Choice { value: u.code.clone(), label: format!("{} {}", u.code, unit_name(org, &u.code, ctx.lang)) })
            .collect();
        if f.criteria.is_empty() {
            let latest = all.iter().find(|r| viewer.sees_unit(&r.unit) && (f.unit.is_empty() || r.unit == f.unit));
            f.criteria = latest.map_or(DEFAULT_CRITERIA.to_string(), |r| {
                r.config.card.criteria().iter().map(|c| format!("{}@{}", c.code, c.weight_pct)).collect::<Vec<_>>().join(", ")
            });
        }
        context! { cycle => f.cycle, unit => f.unit, criteria => f.criteria, self_share => f.self_share, out_of_100 => f.out_of_100.is_some(), units => units }
    });
    Page::new("review.html", tr(ctx, "review.title"))
        .status(status)
        .table(t)
        .with(context! { subnav => subnav(ctx), cycles => true, open_form => open_form, error => error, csrf => ctx.csrf().to_string() })
        .respond(ctx, Some(&who.user))
}

/// `GET /reviews`.
pub async fn index(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    show(&s, &who, None, None, StatusCode::OK).await
}

/// `POST /reviews` (owner/finance, leaders): opens a cycle for a unit they see.
pub async fn open_cycle(State(s): State<S>, who: Authed, Form(f): Form<OpenForm>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    if !scorer(&who) {
        return Err(ctx.forbidden());
    }
    who.viewer().unit(f.unit.trim()).map_err(|e| ctx.unseen(e))?;
    let opened = async {
        let cycle = amoeba_app::review::parse_cycle(&f.cycle)?;
        let criteria = parse_criteria(&f.criteria)?;
        let self_review = match f.self_share.trim() {
            "" => SelfReview::ShownBeside,
            t => SelfReview::Weighted {
                share_pct: t.trim_end_matches('%').parse::<Decimal>().map_err(|_| {
                    AppError::from(amoeba_app::engage_refusal::EngageRefusal::BadValue {
                        what: tr(ctx, "review.self_share"),
                        value: t.to_string(),
                    })
                })?,
            },
        };
        let normalise = if f.out_of_100.is_some() { Normalise::OutOf100 } else { Normalise::TeamAverage };
        open(&s.db, &ctx.company, NewCycle { cycle, unit: f.unit.trim().to_string(), criteria, self_review, normalise }).await
    }
    .await;
    match opened {
        Ok(r) => Ok(Redirect::to(&format!("/reviews/{}/{}", r.config.cycle.label(), r.unit)).into_response()),
        Err(AppError::Engage(e)) => {
            let status = if e.is_conflict() { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
            let text = e.render(ctx.lang);
            show(&s, &who, Some(f), Some(text), status).await
        }
        Err(e) => Err(ctx.app_error(e)),
    }
}
