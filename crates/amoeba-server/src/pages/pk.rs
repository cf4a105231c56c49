//! PK contests (销售团队PK): every contest with its state and leader, and one
//! contest's standings — base, actual (drilling down to the entries behind
//! it), excess, attainment, who qualified — and its outcome, as the core's
//! `engagement::pk_result` scores it (`amoeba_app::pk`).

use super::common::unit_name;
use super::engage::{pct, subnav, Card, Fact, Section};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::state::S;
use crate::table::{Cell, Table, Value};
use amoeba_app::pk::ContestView;
use amoeba_core::engagement::{PkOutcome, TieBreak};
use amoeba_core::org::Org;
use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::context;

fn team_name(org: &Org, code: &str, lang: amoeba_core::Lang) -> String {
    match org.project_groups.iter().find(|g| g.code == code) {
        Some(g) if org.unit(code).is_none() => g.name.clone(),
        _ => unit_name(org, code, lang),
    }
}

fn outcome_text(who: &Authed, v: &ContestView) -> String {
    let ctx = &who.ctx;
    let org = &who.current.org;
    match &v.result.outcome {
        PkOutcome::Winner { team, decided_by } => {
            let mut s = tr(ctx, "pk.winner").replace("{team}", &team_name(org, team, ctx.lang));
            match decided_by {
                Some(TieBreak::Attainment) => s.push_str(&tr(ctx, "pk.by_attainment")),
                Some(TieBreak::ReachedEarlier) => s.push_str(&tr(ctx, "pk.by_time")),
                None => {}
            }
            s
        }
        PkOutcome::Shared { teams } => {
            tr(ctx, "pk.shared").replace("{teams}", &teams.iter().map(|t| team_name(org, t, ctx.lang)).collect::<Vec<_>>().join("、"))
        }
        PkOutcome::NoWinner => tr(ctx, "pk.no_winner"),
    }
}

fn state_key(v: &ContestView, today: chrono::NaiveDate) -> &'static str {
    if v.decided {
        "pk.decided"
    } else if today < v.start {
        "pk.upcoming"
    } else if today <= v.end {
        "pk.running"
    } else {
        "pk.over"
    }
}

fn metric_key(v: &ContestView) -> String {
    format!("pk.metric.{}", amoeba_app::pk::metric_code(v.definition.metric))
}

/// `GET /pk`.
pub async fn index(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let all = amoeba_app::pk::contests(&s.db, &ctx.company, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let cols = ["col.code", "col.name", "pk.period", "pk.metric", "pk.teams", "pk.state", "pk.outcome"].map(|k| tr(ctx, k));
    let mut t = Table::new("contests", tr(ctx, "pk.contests"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "pk.none"));
    for v in &all {
        t.push(vec![
            Cell::text(v.code.clone()).link(format!("/pk/{}", v.code)),
            Cell::text(v.name.clone()).link(format!("/pk/{}", v.code)),
            Cell::text(format!("{} – {}", v.start, v.end)),
            Cell::text(tr(ctx, &metric_key(v))),
            Cell::text(v.teams.iter().map(|t| team_name(&who.current.org, &t.code, ctx.lang)).collect::<Vec<_>>().join(" vs ")),
            Cell::text(tr(ctx, state_key(v, ctx.today))),
            Cell::text(outcome_text(&who, v)),
        ]);
    }
    let intro = vec![tr(ctx, "pk.intro")];
    Page::new("engage.html", tr(ctx, "pk.title"))
        .table(t)
        .with(context! { subnav => subnav(ctx), intro => intro, sections => vec![Section::table("contests")] })
        .respond(ctx, Some(&who.user))
}

/// `GET /pk/{code}`.
pub async fn contest(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let viewer = who.viewer();
    let v = match amoeba_app::pk::standings(&s.db, &ctx.company, &code, ctx.today).await {
        Ok(v) => v,
        Err(amoeba_app::AppError::Engage(e)) if e.is_missing() => return Err(ctx.not_found()),
        Err(e) => return Err(ctx.app_error(e)),
    };
    let mut card = Card { id: "outcome", title: outcome_text(&who, &v), ..Card::default() };
    card.facts.push(Fact::text(tr(ctx, "pk.period"), format!("{} – {}", v.start, v.end)));
    card.facts.push(Fact::text(
        tr(ctx, "pk.metric"),
        format!("{}{}", tr(ctx, &metric_key(&v)), if v.definition.per_capita { tr(ctx, "pk.per_capita") } else { String::new() }),
    ));
    card.facts.push(Fact::text(tr(ctx, "pk.state"), tr(ctx, state_key(&v, ctx.today))));
    card.facts.push(Fact::text(tr(ctx, "pk.as_of"), v.as_of.map(|d| d.to_string()).unwrap_or_else(|| "—".into())));
    if let Some(stake) = &v.definition.stake {
        let amount = stake.amount.map(|a| format!("¥{}", Value::Dec(a, 2).text()));
        card.facts.push(Fact::text(
            tr(ctx, "pk.stake"),
            [amount, stake.description.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · "),
        ));
    }
    card.lines.push(tr(ctx, "pk.rule"));
    let cols =
        ["col.rank", "pk.team", "pk.base", "pk.actual", "pk.excess", "target.attainment", "pk.qualified", "pk.reached_on", "col.headcount"]
            .map(|k| tr(ctx, k));
    let mut t = Table::new("standings", tr(ctx, "pk.standings"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "pk.none"));
    for st in &v.result.standings {
        let fig = v.teams.iter().find(|f| f.code == st.team);
        let money =
            |d| if v.definition.metric == amoeba_core::engagement::PkMetric::Orders { Value::Dec(d, 2).into() } else { Cell::money(d) };
        let mut actual = money(st.actual);
        if let Some(first) = fig.and_then(|f| f.drill.first()) {
            if viewer.sees_unit(&st.team) {
                let line = match v.definition.metric {
                    amoeba_core::engagement::PkMetric::Profit => "profit",
                    _ => "sales",
                };
                actual = actual.link(format!("/units/{}/facts?line={line}&month={first}", st.team));
            }
        }
        t.push(vec![
            st.rank.map(|r| Value::Int(i64::from(r)).into()).unwrap_or_else(|| Value::Empty.into()),
            Cell::text(team_name(org, &st.team, ctx.lang)),
            money(st.base),
            actual,
            money(st.excess),
            Cell::text(pct(Some(st.attainment_pct))),
            Cell::text(tr(ctx, if st.qualified { "yes" } else { "pk.not_yet" })),
            Cell::opt(fig.and_then(|f| f.reached_on).map(|d| d.to_string())),
            fig.map(|f| Value::Int(i64::from(f.headcount)).into()).unwrap_or_else(|| Value::Empty.into()),
        ]);
    }
    let intro = vec![tr(ctx, "pk.intro")];
    Page::new("engage.html", format!("{} · {}", tr(ctx, "pk.title"), v.name))
        .table(t)
        .with(context! { subnav => subnav(ctx), intro => intro, sections => vec![Section::card(card), Section::table("standings")] })
        .respond(ctx, Some(&who.user))
}
