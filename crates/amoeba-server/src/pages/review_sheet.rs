//! One unit's review of one cycle (评分表): the leader scores each of the
//! unit's people per criterion, a person enters their own self-review, and
//! every row shows the weighted scores, final score and multiplier exactly
//! as the core computes them (`goals::review_entered`, via
//! `amoeba_app::review_entry`). Who may enter what is the viewer's rule:
//! `Viewer::scores_review` (owner/finance anyone, a leader the people of the
//! units under them but not themselves) and `Viewer::self_reviews` (one's
//! own only); a member sees only their own row.

use super::common::unit_name;
use super::engage::subnav;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::stamp::local;
use crate::state::S;
use amoeba_app::review::{Hand, UnitReview};
use amoeba_app::review_entry::{enter, one, parse_score, people, Entry};
use amoeba_app::AppError;
use amoeba_core::goals::{weighted_score, Cycle, SelfReview};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What was typed into the form, by field name (kept when it is refused).
type Typed = BTreeMap<String, String>;

/// One score cell: the input's name and value, and the self-review's score beside it.
#[derive(Serialize)]
struct ScoreCell {
    name: String,
    label: String,
    value: String,
    own: String,
}

/// One person's row.
#[derive(Serialize)]
struct Row {
    person: String,
    name: String,
    editable: bool,
    cells: Vec<ScoreCell>,
    leader_score: String,
    self_score: String,
    score: String,
    multiplier: String,
    marks: String,
}

fn field(person: &str, criterion: &str) -> String {
    format!("{person}|{criterion}")
}

/// A score as typed or stored (no padding: what the leader entered).
fn shown(v: Option<Decimal>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

/// A computed figure at its places (scores 2, multipliers 4), as the core rounds it.
fn fixed(v: Option<Decimal>, dp: usize) -> String {
    v.map(|d| format!("{d:.dp$}")).unwrap_or_default()
}

/// The review, with a cycle and unit the viewer may open (404 otherwise).
async fn load(s: &S, who: &Authed, cycle: &str, unit: &str) -> Result<(Cycle, UnitReview), Fail> {
    let ctx = &who.ctx;
    let cycle = amoeba_app::review::parse_cycle(cycle).map_err(|_| ctx.not_found())?;
    who.viewer().unit(unit).map_err(|e| ctx.unseen(e))?;
    let r = one(&s.db, &ctx.company, cycle, unit).await.map_err(|e| ctx.app_error(e))?.ok_or_else(|| ctx.not_found())?;
    Ok((cycle, r))
}

fn marks_text(who: &Authed, r: &UnitReview, person: &str) -> String {
    let ctx = &who.ctx;
    let mut parts = Vec::new();
    for hand in [Hand::Leader, Hand::SelfReview] {
        if let Some(m) = r.marks.iter().find(|m| m.person == person && m.hand == hand) {
            let key = if hand == Hand::Leader { "review.leader" } else { "review.self" };
            parts.push(format!("{} {} · {}", tr(ctx, key), m.by, local(ctx, &m.at)));
        }
    }
    if parts.is_empty() && r.outcome.lines.iter().any(|l| l.person == person) {
        parts.push(format!("{} · {}", tr(ctx, "review.imported"), local(ctx, &r.updated_at)));
    }
    parts.join("; ")
}

fn row(who: &Authed, r: &UnitReview, person: &str, typed: &Typed) -> Row {
    let org = &who.current.org;
    let scores = r.scores.iter().find(|p| p.person == person);
    let line = r.outcome.lines.iter().find(|l| l.person == person);
    let editable = who.viewer().scores_review(&r.unit, person);
    let cells = r
        .config
        .card
        .criteria()
        .iter()
        .map(|c| {
            let name = field(person, &c.code);
            let stored = shown(scores.and_then(|p| p.leader.get(&c.code).copied()));
            let own = shown(scores.and_then(|p| p.self_scores.as_ref()).and_then(|s| s.get(&c.code).copied()));
            ScoreCell { value: typed.get(&name).cloned().unwrap_or(stored), name, label: c.code.clone(), own }
        })
        .collect();
    let own_only = scores.and_then(|p| p.self_scores.as_ref()).and_then(|s| weighted_score(&r.config.card, person, s).ok());
    Row {
        person: person.to_string(),
        name: org.people.iter().find(|p| p.code == person).map_or(person.to_string(), |p| format!("{} {}", p.name, p.code)),
        editable,
        cells,
        leader_score: fixed(line.map(|l| l.leader_score), 2),
        self_score: fixed(line.and_then(|l| l.self_score).or(own_only), 2),
        score: fixed(line.map(|l| l.score), 2),
        multiplier: fixed(line.and_then(|l| l.multiplier), 4),
        marks: marks_text(who, r, person),
    }
}

async fn show(
    s: &S,
    who: &Authed,
    cycle: &str,
    unit: &str,
    typed: Typed,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let (cycle, r) = load(s, who, cycle, unit).await?;
    let viewer = who.viewer();
    let org = &who.current.org;
    let members = people(org, unit, cycle);
    let leader = who.user.role == amoeba_core::identity::Role::Leader;
    let shown_to_viewer = |p: &&String| viewer.scores_review(unit, p) || viewer.self_reviews(p) || (leader && viewer.sees_person(p));
    let visible: Vec<&String> = members.iter().filter(shown_to_viewer).collect();
    let rows: Vec<Row> = visible.iter().map(|p| row(who, &r, p, &typed)).collect();
    let label = cycle.label();
    let action = format!("/reviews/{label}/{unit}");
    let criteria: Vec<String> = r.config.card.criteria().iter().map(|c| format!("{} {}%", c.code, c.weight_pct)).collect();
    let rule = match r.config.self_review {
        SelfReview::ShownBeside => tr(ctx, "review.rule_beside"),
        SelfReview::Weighted { share_pct } => tr(ctx, "review.rule_weighted").replace("{share}", &share_pct.to_string()),
    };
    let facts = vec![
        context! { label => tr(ctx, "review.cycle"), value => label.clone() },
        context! { label => tr(ctx, "col.unit"), value => unit_name(org, unit, ctx.lang) },
        context! { label => tr(ctx, "review.criteria"), value => criteria.join(" · ") },
        context! { label => tr(ctx, "review.average"), value => fixed(r.outcome.team_average, 2) },
    ];
    let sheet = context! {
        action => action.clone(), criteria => criteria, facts => facts, rule => rule,
        scores_any => rows.iter().any(|x| x.editable), rows => rows,
    };
    let own = who.user.person.as_deref().filter(|p| members.iter().any(|m| m == p) && viewer.self_reviews(p)).map(|p| {
        let mine = r.scores.iter().find(|x| x.person == p).and_then(|x| x.self_scores.as_ref());
        let cells: Vec<ScoreCell> = r
            .config
            .card
            .criteria()
            .iter()
            .map(|c| {
                let name = field("self", &c.code);
                let stored = shown(mine.and_then(|m| m.get(&c.code).copied()));
                ScoreCell {
                    value: typed.get(&name).cloned().unwrap_or(stored),
                    name,
                    label: format!("{} ({}%)", c.code, c.weight_pct),
                    own: String::new(),
                }
            })
            .collect();
        context! { action => format!("{action}/self"), cells => cells, note => tr(ctx, "review.self_note") }
    });
    Page::new("review.html", format!("{} · {label} · {}", tr(ctx, "review.title"), unit_name(org, unit, ctx.lang)))
        .status(status)
        .with(context! { subnav => subnav(ctx), sheet => sheet, own => own, error => error, csrf => ctx.csrf().to_string() })
        .respond(ctx, Some(&who.user))
}

/// `GET /reviews/{cycle}/{unit}`.
pub async fn page(State(s): State<S>, who: Authed, Path((cycle, unit)): Path<(String, String)>) -> Result<Response, Fail> {
    show(&s, &who, &cycle, &unit, Typed::new(), None, StatusCode::OK).await
}

/// Saves, or shows the form again with what was typed and the refusal.
async fn save(s: &S, who: &Authed, cycle: Cycle, unit: &str, entry: Entry, typed: Typed) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let label = cycle.label();
    match enter(&s.db, &ctx.company, cycle, unit, entry, &who.user.login, s.clock.now(&ctx.company)).await {
        Ok(_) => Ok(Redirect::to(&format!("/reviews/{label}/{unit}")).into_response()),
        Err(AppError::Engage(e)) => {
            let status = if e.is_conflict() { StatusCode::CONFLICT } else { StatusCode::BAD_REQUEST };
            show(s, who, &label, unit, typed, Some(e.render(ctx.lang)), status).await
        }
        Err(e) => Err(ctx.app_error(e)),
    }
}

/// One hand's scores of one person from the typed fields (`prefix|criterion`);
/// a field that is not a number is refused in `lang`, naming it.
fn scores_of(
    r: &UnitReview,
    prefix: &str,
    person: &str,
    typed: &Typed,
    lang: amoeba_core::Lang,
) -> Result<BTreeMap<String, Decimal>, String> {
    let mut out = BTreeMap::new();
    for c in r.config.card.criteria() {
        let text = typed.get(&field(prefix, &c.code)).map_or("", String::as_str);
        if let Some(v) = parse_score(person, &c.code, text).map_err(|e| e.render(lang))? {
            out.insert(c.code.clone(), v);
        }
    }
    Ok(out)
}

/// `POST /reviews/{cycle}/{unit}`: the leader's scores of the people in the form.
pub async fn score(
    State(s): State<S>,
    who: Authed,
    Path((cycle, unit)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let (cycle, r) = load(&s, &who, &cycle, &unit).await?;
    let typed: Typed = fields.into_iter().filter(|(k, _)| k.contains('|')).collect();
    let mut persons: Vec<String> = typed.keys().filter_map(|k| k.split_once('|').map(|(p, _)| p.to_string())).collect();
    persons.dedup();
    if persons.is_empty() || persons.iter().any(|p| !who.viewer().scores_review(&unit, p)) {
        return Err(ctx.not_found());
    }
    let mut rows = Vec::new();
    for p in &persons {
        match scores_of(&r, p, p, &typed, ctx.lang) {
            Ok(m) => rows.push((p.clone(), m)),
            Err(e) => return show(&s, &who, &cycle.label(), &unit, typed, Some(e), StatusCode::BAD_REQUEST).await,
        }
    }
    save(&s, &who, cycle, &unit, Entry::Leader(rows), typed).await
}

/// `POST /reviews/{cycle}/{unit}/self`: the viewer's own self-review.
pub async fn self_review(
    State(s): State<S>,
    who: Authed,
    Path((cycle, unit)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let (cycle, r) = load(&s, &who, &cycle, &unit).await?;
    let person = who.user.person.clone().filter(|p| who.viewer().self_reviews(p)).ok_or_else(|| ctx.not_found())?;
    let typed: Typed = fields.into_iter().filter(|(k, _)| k.starts_with("self|")).collect();
    match scores_of(&r, "self", &person, &typed, ctx.lang) {
        Ok(scores) => save(&s, &who, cycle, &unit, Entry::SelfReview { person, scores }, typed).await,
        Err(e) => show(&s, &who, &cycle.label(), &unit, typed, Some(e), StatusCode::BAD_REQUEST).await,
    }
}
