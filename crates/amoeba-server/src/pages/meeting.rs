//! The morning meeting (晨会) on a screen and on paper: the board's day as
//! panels readable across a room — yesterday, month to date, targets and
//! pace, PK standings, the latest lottery winners — rotating on a TV
//! (`/board/tv`, large type, refreshed every five minutes), or all on one
//! printable page (`/board/sheet`, print CSS). The figures are the board's,
//! the targets', the contests' and the lottery's: nothing is computed here.

use super::common::{person_name, unit_name};
use super::engage::{pct, Tile};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::tr;
use crate::shared::params::day_or_default;
use crate::state::S;
use crate::table::Value;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `?day=YYYY-MM-DD`.
#[derive(Deserialize)]
pub struct DayQuery {
    day: Option<String>,
}

/// One panel.
#[derive(Debug, Clone, Serialize, Default)]
struct Panel {
    title: String,
    tiles: Vec<Tile>,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    lines: Vec<String>,
    empty: Option<String>,
}

/// Rows a panel lists at most (the rest does not fit a screen).
const ROWS: usize = 8;

fn yuan(d: Decimal) -> String {
    Value::Dec(d, 0).text()
}

fn tile(who: &Authed, key: &str, d: Decimal) -> Tile {
    Tile { label: tr(&who.ctx, key), value: yuan(d), neg: d.is_sign_negative() && !d.is_zero() }
}

async fn panels(s: &S, who: &Authed, day: chrono::NaiveDate) -> Result<(String, Vec<Panel>), Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let t = |k: &str| tr(ctx, k);
    let mut out = Vec::new();
    let view = s.views.board(who.view_ctx(&s.db), day).await.map_err(|e| ctx.app_error(e))?;
    let shown = view.as_ref().map(|v| v.day).unwrap_or(day);
    match &view {
        Some(v) => {
            let last = v.daily.iter().find(|p| p.day == v.day);
            let mut rows = v.rows.clone();
            rows.sort_by_key(|r| std::cmp::Reverse(r.yesterday_profit));
            out.push(Panel {
                title: t("meeting.yesterday"),
                tiles: vec![
                    tile(who, "board.y_sales", last.map(|p| p.sales).unwrap_or_default()),
                    tile(who, "board.y_profit", last.map(|p| p.profit).unwrap_or_default()),
                ],
                head: vec![t("col.unit"), t("board.y_sales"), t("board.y_profit")],
                rows: rows
                    .iter()
                    .take(ROWS)
                    .map(|r| vec![unit_name(org, &r.unit, ctx.lang), yuan(r.yesterday_sales), yuan(r.yesterday_profit)])
                    .collect(),
                ..Panel::default()
            });
            rows.sort_by_key(|r| std::cmp::Reverse(r.mtd_profit));
            out.push(Panel {
                title: t("meeting.month"),
                tiles: vec![tile(who, "board.mtd_sales", v.mtd_sales), tile(who, "board.mtd_profit", v.mtd_profit)],
                head: vec![t("col.unit"), t("board.mtd_sales"), t("board.mtd_profit"), t("board.efficiency"), t("board.attainment")],
                rows: rows
                    .iter()
                    .take(ROWS)
                    .map(|r| {
                        vec![
                            unit_name(org, &r.unit, ctx.lang),
                            yuan(r.mtd_sales),
                            yuan(r.mtd_profit),
                            r.hourly_efficiency.map(|e| Value::Dec(e, 2).text()).unwrap_or_else(|| "—".into()),
                            r.plan_attainment.map(|p| Value::Pct(p).text()).unwrap_or_else(|| "—".into()),
                        ]
                    })
                    .collect(),
                ..Panel::default()
            });
        }
        None => out.push(Panel { title: t("meeting.month"), empty: Some(t("nodata.board")), ..Panel::default() }),
    }
    let month = amoeba_core::Month::of(shown);
    let targets = amoeba_app::goals::unit_progress(&s.db, &ctx.company, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    out.push(Panel {
        title: t("meeting.targets"),
        head: vec![t("col.unit"), t("target.month_target"), t("target.sales"), t("target.attainment"), t("target.pace_day")],
        rows: targets
            .iter()
            .take(ROWS)
            .map(|u| {
                let m = &u.month_progress;
                vec![
                    unit_name(org, &u.unit, ctx.lang),
                    yuan(m.target),
                    yuan(m.actual),
                    pct(m.pace.attainment_pct),
                    m.pace.per_day.map(yuan).unwrap_or_else(|| "—".into()),
                ]
            })
            .collect(),
        empty: targets.is_empty().then(|| t("target.none")),
        ..Panel::default()
    });
    let contests = amoeba_app::pk::contests(&s.db, &ctx.company, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let live: Vec<_> = contests.iter().filter(|c| c.start <= ctx.today).take(2).collect();
    let pk_head = vec![t("pk.team"), t("pk.base"), t("pk.actual"), t("pk.excess"), t("target.attainment")];
    if live.is_empty() {
        out.push(Panel { title: t("meeting.pk"), empty: Some(t("pk.none")), ..Panel::default() });
    }
    for c in &live {
        let rows = c
            .result
            .standings
            .iter()
            .map(|st| {
                let rank = st.rank.map(|r| format!("#{r} ")).unwrap_or_default();
                vec![
                    format!("{rank}{}", unit_name(org, &st.team, ctx.lang)),
                    yuan(st.base),
                    yuan(st.actual),
                    yuan(st.excess),
                    pct(Some(st.attainment_pct)),
                ]
            })
            .collect();
        out.push(Panel {
            title: format!("{} · {}", t("meeting.pk"), c.name),
            lines: vec![format!("{} – {}", c.start, c.end)],
            head: pk_head.clone(),
            rows,
            ..Panel::default()
        });
    }
    let mut lottery = Panel { title: t("meeting.lottery"), head: vec![t("lottery.tier"), t("col.person")], ..Panel::default() };
    match amoeba_app::lottery::latest_draw(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))? {
        Some(d) => {
            lottery.lines.push(format!("{} · {} {}…", d.record.list.date, t("lottery.list_hash"), &d.record.list_hash[..16]));
            lottery.rows =
                d.record.winners.iter().map(|w| vec![super::lottery::tier_name(w.tier, ctx.lang), person_name(org, &w.person)]).collect();
            if lottery.rows.is_empty() {
                lottery.empty = Some(t("lottery.no_winners"));
            }
        }
        None => lottery.empty = Some(t("lottery.no_draws")),
    }
    out.push(lottery);
    Ok((shown.to_string(), out))
}

async fn page(s: &S, who: &Authed, q: &DayQuery, mode: &str) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    if !who.viewer().sees_board() {
        return Err(ctx.forbidden());
    }
    let day = day_or_default(who, q.day.as_deref())?;
    let (shown, panels) = panels(s, who, day).await?;
    let title = tr(ctx, "meeting.title");
    let extra = context! { mode => mode, day => shown, panels => panels, currency => ctx.company.company.base_currency.to_string() };
    let html = crate::render::render(Some(ctx), Some(&who.user), ctx.lang, "meeting.html", &title, extra).map_err(|e| ctx.internal(e))?;
    Ok(Html(html).into_response())
}

/// `GET /board/tv`: the morning meeting on a TV.
pub async fn tv(State(s): State<S>, who: Authed, Query(q): Query<DayQuery>) -> Result<Response, Fail> {
    page(&s, &who, &q, "tv").await
}

/// `GET /board/sheet`: the day on one printable page.
pub async fn sheet(State(s): State<S>, who: Authed, Query(q): Query<DayQuery>) -> Result<Response, Fail> {
    page(&s, &who, &q, "sheet").await
}
