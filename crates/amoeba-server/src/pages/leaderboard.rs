//! Leaderboards (排行榜): units of a peer group on any of their metrics, or
//! people on their credited sales or target attainment — rank, average,
//! peak, how far each is behind it, and "near me" for the viewer (the
//! rows just above and below, which motivate more than a top ten). Ranking
//! is the core's (`engagement::leaderboard`).

use super::common::{person_name, unit_name};
use super::engage::{label, subnav, Card, Choice, Field, Picker, Section, Tile};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::params::month_or_default;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use amoeba_app::leaderboard::Scope;
use amoeba_core::engagement::{near_me, BoardMetric, BoardRow, Leaderboard};
use axum::extract::{Query, State};
use axum::response::Response;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Deserialize;

/// `?scope=units|people&metric=…&month=YYYY-MM&group=kind/depth`.
#[derive(Deserialize)]
pub struct BoardQuery {
    scope: Option<String>,
    metric: Option<String>,
    month: Option<String>,
    group: Option<String>,
}

/// The metrics a scope offers.
fn metrics(scope: &Scope) -> Vec<&'static str> {
    match scope {
        Scope::People => vec!["sales", "attainment"],
        Scope::Units { .. } => {
            let mut m: Vec<&'static str> = amoeba_core::reporting::unit_metrics::METRICS
                .iter()
                .filter_map(|m| match m {
                    amoeba_core::reporting::unit_metrics::Metric::Peer(p) => Some(amoeba_core::reporting::unit_metrics::metric_code(*p)),
                    amoeba_core::reporting::unit_metrics::Metric::Ltv => None,
                })
                .collect();
            m.push("attainment");
            m
        }
    }
}

fn value_text(metric: BoardMetric, v: Option<Decimal>) -> String {
    match (metric, v) {
        (_, None) => "—".into(),
        (BoardMetric::Attainment, Some(v)) => format!("{}%", v.round_dp(2)),
        (BoardMetric::Peer(m), Some(v)) => Value::Dec(v, m.dp()).text(),
    }
}

/// `GET /leaderboard`.
pub async fn page(State(s): State<S>, who: Authed, Query(q): Query<BoardQuery>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let month = month_or_default(&who, q.month.as_deref())?;
    let group = q.group.clone().filter(|g| !g.trim().is_empty()).unwrap_or_else(|| amoeba_app::leaderboard::DEFAULT_GROUP.to_string());
    let scope = match q.scope.as_deref().unwrap_or("people") {
        "units" => Scope::Units { group: group.clone() },
        "people" => Scope::People,
        other => return Err(ctx.bad_value("err.bad_scope", other)),
    };
    let metric_code = q.metric.clone().filter(|m| !m.trim().is_empty()).unwrap_or_else(|| "sales".into());
    let metric = amoeba_app::leaderboard::parse_metric(&scope, &metric_code).map_err(|e| ctx.app_error(e))?;
    let board: Leaderboard =
        amoeba_app::leaderboard::board(&s.db, &ctx.company, &scope, metric, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let people = matches!(scope, Scope::People);
    let name = |code: &str| if people { person_name(org, code) } else { unit_name(org, code, ctx.lang) };
    let viewer = who.viewer();
    let row_cells = |r: &BoardRow| -> Vec<Cell> {
        let n = Cell::text(format!("{} {}", name(&r.code), r.code));
        let n = if people && viewer.sees_person(&r.code) {
            n.link(format!("/people/{}", r.code))
        } else if !people && viewer.sees_unit(&r.code) {
            n.link(format!("/units/{}/pnl?month={month}", r.code))
        } else {
            n
        };
        vec![
            r.rank.map(|x| Value::Int(i64::from(x)).into()).unwrap_or_else(|| Value::Empty.into()),
            n,
            Cell::text(value_text(metric, r.value)),
            Cell::text(value_text(metric, r.behind_peak)),
        ]
    };
    let cols = ["col.rank", if people { "col.person" } else { "col.unit" }, "lb.value", "lb.behind_peak"].map(|k| tr(ctx, k));
    let metric_label = tr(ctx, &format!("lb.metric.{metric_code}"));
    let mut t = Table::new(
        "board",
        format!("{} · {month}", metric_label),
        &cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "lb.empty"),
    );
    for r in &board.rows {
        t.push(row_cells(r));
    }
    let mut page = Page::new("engage.html", tr(ctx, "lb.title"));
    let mut sections = Vec::new();
    // Near me: the viewer's own row and two either side.
    let me = if people { who.user.person.clone() } else { None };
    if let Some(me) = me {
        if let Ok(n) = near_me(&board, &me, 2) {
            let mut near =
                Table::new("near", tr(ctx, "lb.near_me"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "lb.empty"));
            for r in n.above.iter().chain(std::iter::once(&n.me)).chain(n.below.iter()) {
                near.push(row_cells(r));
            }
            page = page.table(near);
            sections.push(Section::table("near"));
        }
    }
    page = page.table(t);
    sections.push(Section::table("board"));
    let mut note = Card { id: "board-note", title: tr(ctx, "lb.how"), ..Card::default() };
    note.lines.push(tr(ctx, if people { "lb.people_note" } else { "lb.units_note" }));
    sections.push(Section::card(note));
    let tiles = vec![
        Tile { label: tr(ctx, "lb.ranked"), value: board.count.to_string(), neg: false },
        Tile { label: tr(ctx, "lb.average"), value: value_text(metric, board.average), neg: false },
        Tile { label: tr(ctx, "lb.peak"), value: value_text(metric, board.peak), neg: false },
        Tile { label: tr(ctx, "lb.leaders"), value: board.leaders.iter().map(|c| name(c)).collect::<Vec<_>>().join("、"), neg: false },
    ];
    let scope_code = if people { "people" } else { "units" };
    let groups: Vec<Choice> = {
        let mut g: Vec<String> = org
            .units
            .iter()
            .filter_map(|u| amoeba_core::reporting::peers::PeerGroup::of(org, &u.code))
            .filter(|g| g.depth > 0)
            .map(|g| g.code())
            .collect();
        g.sort();
        g.dedup();
        g.into_iter().map(|c| Choice { label: c.clone(), value: c }).collect()
    };
    let mut fields = vec![
        Field::select(
            "scope",
            scope_code,
            label(ctx, "lb.scope"),
            vec![
                Choice { value: "people".into(), label: tr(ctx, "lb.people") },
                Choice { value: "units".into(), label: tr(ctx, "lb.units") },
            ],
        ),
        Field::select(
            "metric",
            metric_code.clone(),
            label(ctx, "lb.metric"),
            metrics(&scope).into_iter().map(|m| Choice { value: m.into(), label: tr(ctx, &format!("lb.metric.{m}")) }).collect(),
        ),
        Field::input("month", "month", month.to_string(), label(ctx, "pnl.month")),
    ];
    if !people {
        fields.push(Field::select("group", group.clone(), label(ctx, "lb.group"), groups));
    }
    let picker = Picker { action: "/leaderboard".into(), fields };
    page.with(context! { subnav => subnav(ctx), picker => picker, tiles => tiles, intro => Vec::<String>::new(), sections => sections })
        .respond(ctx, Some(&who.user))
}
