//! Third-party operators (代运营): the contracts a viewer sees (an owner
//! saves one from its TOML text), a contract's months — target against
//! actual, fee — and its trial verdict, and the weekly or monthly report of
//! its stores with the exact causes of the sales change, the operator's
//! notes and the leader's comments. Every table exports to CSV and XLSX;
//! the page prints.

use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::operator::{note_kind, sees, visible};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use amoeba_app::oversight::contracts::{contract_view, contracts, parse_contract, save_contract};
use amoeba_app::oversight::layout::{footnotes, header, lines, Section};
use amoeba_app::oversight::report::{add_note, parse_period, report};
use amoeba_core::oversight::report::ReportPeriod;
use amoeba_core::Month;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use rust_decimal::Decimal;
use serde::Deserialize;

fn yes_no(who: &Authed, v: Option<bool>) -> Cell {
    match v {
        Some(true) => Cell::text(tr(&who.ctx, "oversight.met")),
        Some(false) => Cell::text(tr(&who.ctx, "oversight.not_met")),
        None => Value::Empty.into(),
    }
}

fn num(v: Option<Decimal>, dp: u32) -> Cell {
    v.map(|d| Value::Dec(d, dp).into()).unwrap_or_else(|| Value::Empty.into())
}

async fn show_index(s: &S, who: &Authed, error: Option<String>, status: StatusCode) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let all = contracts(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    let cols = ["oversight.contract", "oversight.operator", "col.store", "col.from", "col.to", "oversight.trial_end", "oversight.saved"]
        .map(|k| tr(ctx, k));
    let mut table = Table::new(
        "contracts",
        tr(ctx, "oversight.contracts"),
        &cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "oversight.no_contracts"),
    );
    for c in all.iter().filter(|c| sees(who, c)) {
        let k = &c.contract;
        table.push(vec![
            Cell::text(k.code.clone()).link(format!("/operator/{}", k.code)),
            Cell::text(k.operator.clone()),
            Cell::text(k.stores.join(", ")),
            Cell::text(k.start.to_string()),
            Cell::text(k.end().to_string()),
            Cell::text(k.trial_end().to_string()),
            Cell::text(format!("{} · {}", c.saved_by, local(ctx, &c.saved_at))),
        ]);
    }
    Page::new("operator.html", tr(ctx, "oversight.title"))
        .status(status)
        .table(table)
        .with(context! { owner => who.viewer().is_owner(), csrf => ctx.csrf().to_string(), error => error })
        .respond(ctx, Some(&who.user))
}

/// `GET /operator`.
pub async fn index(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    show_index(&s, &who, None, StatusCode::OK).await
}

/// The contract form: the contract's TOML text.
#[derive(Deserialize)]
pub struct ContractForm {
    #[serde(default)]
    toml: String,
}

/// `POST /operator/contracts` (owners): saves a contract from its TOML text.
pub async fn save(State(s): State<S>, who: Authed, Form(f): Form<ContractForm>) -> Result<Response, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let saved = match parse_contract("contract.toml", &f.toml) {
        Ok(c) => save_contract(&s.db, &ctx.company, &c, &who.user.login).await.map(|_| c.code),
        Err(e) => Err(e),
    };
    match saved {
        Ok(code) => Ok(Redirect::to(&format!("/operator/{code}")).into_response()),
        Err(e) => match e.refusal() {
            Some(r) => show_index(&s, &who, Some(r.render(ctx.lang)), StatusCode::BAD_REQUEST).await,
            None => Err(ctx.app_error(e)),
        },
    }
}

/// `GET /operator/{code}`: the months and the trial verdict.
pub async fn contract(State(s): State<S>, who: Authed, Path(code): Path<String>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let stored = visible(&s, &who, &code).await?;
    let v = contract_view(&s.db, &ctx.company, stored, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let cols = [
        "periods.month",
        "oversight.target_sales",
        "oversight.actual_sales",
        "oversight.target_profit",
        "oversight.actual_profit",
        "oversight.met_col",
        "oversight.fee",
        "oversight.sales_change",
    ]
    .map(|k| tr(ctx, k));
    let mut months = Table::new(
        "months",
        tr(ctx, "oversight.months"),
        &cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "oversight.no_months"),
    );
    for m in &v.months {
        let t = m.target.as_ref();
        let a = m.actual.as_ref();
        months.push(vec![
            Cell::text(m.month.to_string()).link(format!("/operator/{code}/report?period={}", m.month)),
            num(t.and_then(|t| t.sales), 2),
            num(a.map(|a| a.sales), 2),
            num(t.and_then(|t| t.profit), 2),
            num(a.map(|a| a.profit), 2),
            yes_no(&who, m.met),
            num(m.fee.map(|f| f.total), 2),
            num(m.sales_change_pct, 1),
        ]);
    }
    let c = &v.stored.contract;
    let vd = &v.verdict;
    let verdict = match vd.passed {
        Some(true) => tr(ctx, "oversight.passed"),
        Some(false) => tr(ctx, "oversight.failed"),
        None => tr(ctx, "oversight.undecided"),
    };
    let summary = tr(ctx, "oversight.verdict_summary")
        .replace("{met}", &vd.months_met.to_string())
        .replace("{judged}", &vd.months_judged.to_string())
        .replace("{fees}", &crate::table::group_thousands(&format!("{:.2}", vd.fees)))
        .replace("{trend}", vd.trend.label(ctx.lang));
    // Report links: every month of the term to date, and the last weeks.
    let mut periods: Vec<String> =
        c.calendar_months().into_iter().filter(|m| m.first_day() <= ctx.today).map(|m: Month| m.to_string()).collect();
    let mut week = ReportPeriod::week_of(ctx.today).previous();
    for _ in 0..8 {
        if week.last_day() < c.start {
            break;
        }
        periods.push(week.to_string());
        week = week.previous();
    }
    Page::new("operator_contract.html", format!("{} {}", tr(ctx, "oversight.contract"), c.code))
        .table(months)
        .with(context! {
            contract => c.code.clone(), operator => c.operator.clone(), stores => c.stores.join(", "),
            start => c.start.to_string(), end => c.end().to_string(), trial_end => c.trial_end().to_string(),
            verdict => verdict, summary => summary, problems => v.problems, periods => periods,
            currency => ctx.company.company.base_currency.to_string(),
        })
        .respond(ctx, Some(&who.user))
}

/// `?period=2026-W10|2026-03` (default the last complete week).
#[derive(Deserialize)]
pub struct PeriodQuery {
    period: Option<String>,
}

/// The period asked for, or the week before today's.
pub fn period_or_default(who: &Authed, p: Option<&str>) -> Result<ReportPeriod, Fail> {
    match p.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => parse_period(p).ok_or_else(|| who.ctx.bad_value("oversight.bad_period", p)),
        None => Ok(ReportPeriod::week_of(who.ctx.today).previous()),
    }
}

/// `GET /operator/{code}/report?period=…`.
pub async fn report_page(
    State(s): State<S>,
    who: Authed,
    Path(code): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let stored = visible(&s, &who, &code).await?;
    let period = period_or_default(&who, q.period.as_deref())?;
    let v = report(&s.db, &ctx.company, &code, &stored.contract.stores, period, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    let h = header(ctx.lang);
    let all = lines(&v, ctx.lang);
    let mut page = Page::new("operator_report.html", format!("{} {}", tr(ctx, "oversight.report"), period));
    for (section, id) in [(Section::Metrics, "metrics"), (Section::Causes, "causes"), (Section::Stores, "stores"), (Section::Skus, "skus")]
    {
        let mut t = Table::new(id, section.label(ctx.lang), &h[1..], tr(ctx, "oversight.no_lines"));
        for l in all.iter().filter(|l| l.section == section) {
            t.push(vec![
                Cell::text(l.name.clone()),
                num(l.previous, l.dp),
                num(l.current, l.dp),
                num(l.change, l.dp),
                num(l.change_pct, 1),
                num(l.extra, 1),
            ]);
        }
        page = page.table(t);
    }
    let notes: Vec<_> = v
        .notes
        .iter()
        .map(|n| {
            let kind = tr(ctx, if n.kind == "operator" { "oversight.note_operator" } else { "oversight.note_leader" });
            context! { kind => kind, author => n.author.clone(), at => local(ctx, &n.written_at), body => n.body.clone() }
        })
        .collect();
    page.with(context! {
        contract => code, period => period.to_string(), previous => period.previous().to_string(),
        next => match period { ReportPeriod::Week(_) => ReportPeriod::week_of(period.last_day() + chrono::Days::new(1)).to_string(),
                               ReportPeriod::Month(m) => m.next().to_string() },
        footnotes => footnotes(&v, ctx.lang), notes => notes, problems => v.problems,
        can_note => note_kind(&who).is_some(), csrf => ctx.csrf().to_string(),
        currency => ctx.company.company.base_currency.to_string(),
    })
    .respond(ctx, Some(&who.user))
}

/// A note on a report.
#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    body: String,
}

/// `POST /operator/{code}/report/notes`: the operator's note, or a leader's comment.
pub async fn note(State(s): State<S>, who: Authed, Path(code): Path<String>, Form(f): Form<NoteForm>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let Some(kind) = note_kind(&who) else { return Err(ctx.forbidden()) };
    visible(&s, &who, &code).await?;
    let period = period_or_default(&who, Some(&f.period))?;
    add_note(&s.db, &ctx.company, &code, period, kind, &who.user.login, &f.body).await.map_err(|e| ctx.app_error(e))?;
    Ok(Redirect::to(&format!("/operator/{code}/report?period={period}")).into_response())
}
