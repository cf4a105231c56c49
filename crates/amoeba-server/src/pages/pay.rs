//! Pay (提成): finance's page (plan versions, the upload of a plan file,
//! every month's run with compute / approve / lock, what-if of a draft
//! plan, disputes to answer), a month's run (its payroll — exported as CSV
//! or XLSX —, pools and statements; a leader sees their units' pools), and
//! a person's statement, every line with its rule, arithmetic and facts,
//! which the person may dispute. Whose pay is shown is the access policy's
//! (`Viewer::pay_of`, `Viewer::sees_pool`).

use super::common::{person_name, unit_name};
use super::imports::{errors_view, ErrorsView};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::params::month_or_default;
use crate::stamp::local;
use crate::state::S;
use crate::table::{Action, Cell, Table, Value};
use crate::upload::Upload;
use amoeba_app::pay::{self, Payout, StoredPlan};
use amoeba_app::AppError;
use amoeba_core::identity::Viewer;
use amoeba_core::incentive::{AwardSource, FactKey, LineKind, PayRun, Statement, StatementLine, AWARD_COMPONENT};
use amoeba_core::Month;
use amoeba_store::pay_repo::{DisputeRow, RunRow};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};

/// `?month=YYYY-MM`.
#[derive(Deserialize, Default)]
pub struct MonthQuery {
    month: Option<String>,
}

fn cols(who: &Authed, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(&who.ctx, k)).collect()
}

fn table(who: &Authed, id: &'static str, title: String, keys: &[&str], empty: &str) -> Table {
    let c = cols(who, keys);
    Table::new(id, title, &c.iter().map(String::as_str).collect::<Vec<_>>(), tr(&who.ctx, empty))
}

/// A status in the reader's words.
fn status_text(who: &Authed, status: &str) -> String {
    tr(&who.ctx, &format!("pay.status_{status}"))
}

/// What finance's page says after an action.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    error: Option<String>,
    errors: Option<ErrorsView>,
    whatif: Option<WhatIfView>,
    status: Option<StatusCode>,
}

/// A what-if as the page shows it.
#[derive(Serialize)]
struct WhatIfView {
    title: String,
    active_total: String,
    draft_total: String,
    delta: String,
}

fn failed(who: &Authed, e: AppError) -> Result<Outcome, Fail> {
    let ctx = &who.ctx;
    let status = crate::error::status_of(&e);
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        return Err(ctx.app_error(e));
    }
    let errors = match &e {
        AppError::PayPlanFile { errors, .. } => {
            Some(errors_view(ctx, errors.errors.iter().map(|p| (p.line as u64, Some(p.path.clone()), p.reason.render(ctx.lang))), 0))
        }
        _ => None,
    };
    let error = errors.is_none().then(|| e.render(ctx.lang));
    Ok(Outcome { error, errors, status: Some(status), ..Outcome::default() })
}

fn action(who: &Authed, url: String, label: &'static str, confirm: Option<&'static str>) -> Action {
    Action { url, label, confirm, danger: false, csrf: who.ctx.csrf().to_string() }
}

fn plans_table(who: &Authed, plans: &[StoredPlan]) -> Table {
    let mut t = table(
        who,
        "plans",
        tr(&who.ctx, "pay.plans"),
        &["col.code", "col.name", "pay.version", "col.from", "col.to", "pay.components", "pay.file", "pay.imported_by", "pay.imported_at"],
        "pay.no_plans",
    );
    for p in plans {
        let r = &p.row;
        t.push(vec![
            Cell::text(&r.code),
            Cell::text(&r.name),
            Value::Int(i64::from(r.version)).into(),
            Cell::text(&r.effective_from),
            Cell::opt(r.effective_to.clone()),
            Value::Int(p.plan.components.len() as i64).into(),
            Cell::text(&r.file_name),
            Cell::text(&r.imported_by),
            Cell::text(local(&who.ctx, &r.imported_at)),
        ]);
    }
    t
}

fn who_when(who: &Authed, by: &Option<String>, at: &Option<String>) -> Cell {
    match (by, at) {
        (Some(b), Some(a)) => Cell::text(format!("{b} · {}", local(&who.ctx, a))),
        _ => Value::Empty.into(),
    }
}

async fn show_admin(s: &S, who: &Authed, out: Outcome) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let plans = pay::stored_plans(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    let runs = s.db.pay_runs(ctx.company.id).await.map_err(|e| ctx.internal(e))?;
    let closed = s.db.closed_periods(ctx.company.id).await.map_err(|e| ctx.internal(e))?;
    let mut months: Vec<String> = closed.clone();
    months.extend(runs.iter().map(|r| r.month.clone()));
    months.sort_unstable();
    months.dedup();
    let mut t = table(
        who,
        "runs",
        tr(ctx, "pay.runs"),
        &["pay.month", "col.status", "pay.total", "pay.people", "pay.sha256", "pay.computed", "pay.approved", "pay.locked"],
        "pay.no_runs",
    );
    for m in months.iter().rev() {
        let Ok(month) = m.parse::<Month>() else { continue };
        let mine: Vec<&RunRow> = pay::runs::of_month(&runs, month).collect();
        let current = pay::current(&runs, month);
        let mut actions = Vec::new();
        let final_ = mine.iter().any(|r| r.status == pay::APPROVED || r.status == pay::LOCKED);
        if closed.contains(m) && !final_ {
            actions.push(action(who, format!("/admin/pay/runs/{m}/compute"), "pay.compute", None));
        }
        if mine.iter().any(|r| r.status == pay::DRAFT) {
            actions.push(action(who, format!("/admin/pay/runs/{m}/approve"), "pay.approve", Some("pay.approve_confirm")));
        }
        if mine.iter().any(|r| r.status == pay::APPROVED) {
            actions.push(action(who, format!("/admin/pay/runs/{m}/lock"), "pay.lock", Some("pay.lock_confirm")));
        }
        let row = match current {
            Some(r) => vec![
                Cell::text(m).link(format!("/pay/runs/{m}")),
                Cell::text(status_text(who, &r.status)),
                Cell::money(r.total),
                Value::Int(r.people).into(),
                Cell::text(r.run_sha256.chars().take(16).collect::<String>()),
                who_when(who, &Some(r.computed_by.clone()), &Some(r.computed_at.clone())),
                who_when(who, &r.approved_by, &r.approved_at),
                who_when(who, &r.locked_by, &r.locked_at),
            ],
            None => vec![
                Cell::text(m),
                Cell::text(tr(ctx, "pay.not_run")),
                Value::Empty.into(),
                Value::Empty.into(),
                Value::Empty.into(),
                Value::Empty.into(),
                Value::Empty.into(),
                Value::Empty.into(),
            ],
        };
        t.push_with_actions(row, actions);
        for r in mine.iter().filter(|r| r.status == pay::RERUN) {
            t.push(vec![
                Cell::text(format!("{m} #{}", r.seq)),
                Cell::text(status_text(who, &r.status)),
                Cell::money(r.total),
                Value::Int(r.people).into(),
                Cell::text(r.run_sha256.chars().take(16).collect::<String>()),
                who_when(who, &Some(r.computed_by.clone()), &Some(r.computed_at.clone())),
                Cell::opt(r.carried_into.as_ref().map(|c| tr(ctx, "pay.carried_into").replace("{month}", c))),
                Value::Empty.into(),
            ]);
        }
    }
    let disputes = s.db.pay_disputes(ctx.company.id, None, None).await.map_err(|e| ctx.internal(e))?;
    let month_of = |run_id: i64| runs.iter().find(|r| r.id == run_id).map(|r| r.month.clone()).unwrap_or_default();
    let disputes: Vec<DisputeView> = disputes.iter().map(|d| dispute_view(who, d, &month_of(d.run_id))).collect();
    let default_month = closed.last().cloned().unwrap_or_default();
    Page::new("admin_pay.html", tr(ctx, "pay.title"))
        .status(out.status.unwrap_or(StatusCode::OK))
        .table(plans_table(who, &plans))
        .table(t)
        .with(context! {
            admin_tab => "pay", notice => out.notice, error => out.error, errors => out.errors, whatif => out.whatif,
            disputes => disputes, default_month => default_month,
        })
        .respond(ctx, Some(&who.user))
}

/// A dispute as pages show it.
#[derive(Serialize)]
struct DisputeView {
    id: i64,
    month: String,
    person: String,
    name: String,
    line: i64,
    component: String,
    note: String,
    raised: String,
    answer: Option<String>,
    answered: Option<String>,
}

fn dispute_view(who: &Authed, d: &DisputeRow, month: &str) -> DisputeView {
    DisputeView {
        id: d.id,
        month: month.to_string(),
        person: d.person.clone(),
        name: person_name(&who.current.org, &d.person),
        line: d.line,
        component: d.component.clone(),
        note: d.note.clone(),
        raised: format!("{} · {}", d.raised_by, local(&who.ctx, &d.raised_at)),
        answer: d.answer.clone(),
        answered: match (&d.answered_by, &d.answered_at) {
            (Some(b), Some(a)) => Some(format!("{b} · {}", local(&who.ctx, a))),
            _ => None,
        },
    }
}

/// `GET /admin/pay`.
pub async fn admin(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    who.owner_only()?;
    show_admin(&s, &who, Outcome::default()).await
}

/// Who a page acts as: the login.
fn by(who: &Authed) -> String {
    who.user.login.clone()
}

/// `POST /admin/pay/plans` (multipart: `csrf`, `file`, `check` to check only).
pub async fn upload_plan(State(s): State<S>, up: Upload) -> Result<Response, Fail> {
    let who = &up.who;
    who.owner_only()?;
    let ctx = &who.ctx;
    let Some(file) = up.file() else {
        let errors = errors_view(ctx, std::iter::once((0, None, tr(ctx, "imports.no_file"))), 0);
        return show_admin(&s, who, Outcome { errors: Some(errors), status: Some(StatusCode::BAD_REQUEST), ..Outcome::default() }).await;
    };
    let bytes = file.read().await.map_err(|e| ctx.internal(format!("cannot read the uploaded file back: {e}")))?;
    let done = match pay::text_of(&file.name, &bytes) {
        Err(e) => Err(e),
        Ok(text) if up.field("check").is_some() => pay::check_plan_file(&s.db, &ctx.company, &file.name, text).await.map(|p| {
            tr(ctx, "pay.plan_valid")
                .replace("{code}", &p.code)
                .replace("{version}", &p.version.to_string())
                .replace("{components}", &p.components.len().to_string())
        }),
        Ok(text) => pay::import_plan_file(&s.db, &ctx.company, &file.name, text, &by(who)).await.map(|d| {
            let key = match d.outcome {
                amoeba_store::pay_repo::PlanSaved::Unchanged => "pay.plan_unchanged",
                amoeba_store::pay_repo::PlanSaved::Replaced { .. } => "pay.plan_replaced",
                _ => "pay.plan_stored",
            };
            tr(ctx, key).replace("{code}", &d.code).replace("{version}", &d.version.to_string())
        }),
    };
    let out = match done {
        Ok(notice) => Outcome { notice: Some(notice), ..Outcome::default() },
        Err(e) => failed(who, e)?,
    };
    show_admin(&s, who, out).await
}

/// `POST /admin/pay/runs/{month}/{compute|approve|lock}`.
pub async fn run_action(State(s): State<S>, who: Authed, Path((month, verb)): Path<(String, String)>) -> Result<Response, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let month: Month = month.parse().map_err(|_| ctx.not_found())?;
    let by = by(&who);
    let done = match verb.as_str() {
        "compute" => pay::payout(&s.db, &ctx.company, month, &by, false).await.map(|p| match p {
            Payout::Draft(r) => tr(ctx, "pay.computed_done").replace("{month}", &r.row.month).replace("{total}", &r.row.total.to_string()),
            Payout::Reproduced(r) => tr(ctx, "pay.reproduced").replace("{month}", &r.month),
            Payout::Differs { diff, .. } => {
                tr(ctx, "pay.differs").replace("{month}", &month.to_string()).replace("{n}", &diff.len().to_string())
            }
        }),
        "approve" => pay::approve(&s.db, &ctx.company, month, &by).await.map(|r| tr(ctx, "pay.approved_done").replace("{month}", &r.month)),
        "lock" => pay::lock(&s.db, &ctx.company, month, &by).await.map(|r| tr(ctx, "pay.locked_done").replace("{month}", &r.month)),
        _ => return Err(ctx.not_found()),
    };
    let out = match done {
        Ok(notice) => Outcome { notice: Some(notice), ..Outcome::default() },
        Err(e) => failed(&who, e)?,
    };
    show_admin(&s, &who, out).await
}

/// `POST /admin/pay/whatif` (multipart: `csrf`, `month`, `file`): a draft
/// plan on the month's data beside the plan in force; nothing is saved.
pub async fn whatif(State(s): State<S>, up: Upload) -> Result<Response, Fail> {
    let who = &up.who;
    who.owner_only()?;
    let ctx = &who.ctx;
    let month = month_or_default(who, up.field("month"))?;
    let Some(file) = up.file() else {
        let errors = errors_view(ctx, std::iter::once((0, None, tr(ctx, "imports.no_file"))), 0);
        return show_admin(&s, who, Outcome { errors: Some(errors), status: Some(StatusCode::BAD_REQUEST), ..Outcome::default() }).await;
    };
    let bytes = file.read().await.map_err(|e| ctx.internal(format!("cannot read the uploaded file back: {e}")))?;
    let done = match pay::text_of(&file.name, &bytes) {
        Ok(text) => pay::whatif_file(&s.db, &ctx.company, month, &file.name, text).await,
        Err(e) => Err(e),
    };
    let w = match done {
        Ok(w) => w,
        Err(e) => {
            let out = failed(who, e)?;
            return show_admin(&s, who, out).await;
        }
    };
    let org = &who.current.org;
    let mut t = table(
        who,
        "whatif",
        tr(ctx, "pay.whatif_result"),
        &["col.person", "col.name", "pay.active", "pay.draft", "pay.delta", "pay.why"],
        "pay.no_lines",
    );
    for p in &w.result.people {
        let why: Vec<String> = p.why.iter().map(|c| format!("{} {:+}", c.component, c.delta)).collect();
        t.push(vec![
            Cell::text(&p.person).link(format!("/people/{}/pay?month={month}", p.person)),
            Cell::text(person_name(org, &p.person)),
            Cell::money(p.active),
            Cell::money(p.draft),
            Cell::money(p.delta),
            Cell::text(why.join("; ")),
        ]);
    }
    let view = WhatIfView {
        title: tr(ctx, "pay.whatif_title")
            .replace("{draft}", &format!("{} v{}", w.draft.code, w.draft.version))
            .replace("{active}", &format!("{} v{}", w.active.code, w.active.version))
            .replace("{month}", &month.to_string()),
        active_total: w.result.active_total.to_string(),
        draft_total: w.result.draft_total.to_string(),
        delta: format!("{:+}", w.result.delta),
    };
    // The result table rides on the admin page (and its export links).
    let plans = pay::stored_plans(&s.db, &ctx.company).await.map_err(|e| ctx.app_error(e))?;
    Page::new("admin_pay.html", tr(ctx, "pay.title"))
        .table(plans_table(who, &plans))
        .table(t)
        .with(context! { admin_tab => "pay", whatif => view, default_month => month.to_string(), whatif_only => true })
        .respond(ctx, Some(&who.user))
}

/// `answer=…` of a dispute's answer form.
#[derive(Deserialize)]
pub struct AnswerForm {
    answer: Option<String>,
}

/// `POST /admin/pay/disputes/{id}/answer`.
pub async fn answer(State(s): State<S>, who: Authed, Path(id): Path<i64>, Form(f): Form<AnswerForm>) -> Result<Response, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let out = match pay::answer(&s.db, &ctx.company, id, f.answer.as_deref().unwrap_or(""), &by(&who)).await {
        Ok(d) => Outcome { notice: Some(tr(ctx, "pay.answered").replace("{id}", &d.id.to_string())), ..Outcome::default() },
        Err(e) => failed(&who, e)?,
    };
    show_admin(&s, &who, out).await
}

/// A month's run as pages and the API show it to one viewer: everything to
/// owners; an approved or locked run's pools of their units to leaders.
pub struct RunView {
    /// The run's row.
    pub row: RunRow,
    /// The run.
    pub run: PayRun,
    /// Whether the viewer sees every statement and the payroll.
    pub all: bool,
}

/// The month's run the viewer may see, or 404.
pub async fn run_for(s: &S, who: &Authed, month: Month) -> Result<RunView, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let all = viewer.is_owner();
    if !all && who.user.role != amoeba_core::identity::Role::Leader {
        return Err(ctx.not_found());
    }
    let runs = s.db.pay_runs(ctx.company.id).await.map_err(|e| ctx.internal(e))?;
    let Some(row) = pay::current(&runs, month).filter(|r| all || r.status != pay::DRAFT).cloned() else {
        return Err(ctx.not_found());
    };
    let mut run = pay::load_run(&s.db, &ctx.company, &row).await.map_err(|e| ctx.app_error(e))?;
    if !all {
        run.pools.retain(|p| viewer.sees_pool(&p.team));
        run.statements.clear();
    }
    Ok(RunView { row, run, all })
}

/// `GET /pay/runs/{month}`.
pub async fn run_page(State(s): State<S>, who: Authed, Path(month): Path<String>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let month: Month = month.parse().map_err(|_| ctx.not_found())?;
    let view = run_for(&s, &who, month).await?;
    let org = &who.current.org;
    let mut page = Page::new("pay_run.html", format!("{} {month}", tr(ctx, "pay.run")));
    if view.all {
        let roll = pay::payroll(&view.run, org);
        let mut keys: Vec<String> = vec![tr(ctx, "col.person"), tr(ctx, "col.name")];
        keys.extend(roll.columns.iter().map(|c| match c.as_str() {
            pay::BALANCE_COLUMN => tr(ctx, "pay.balance_column"),
            AWARD_COMPONENT => tr(ctx, "pay.award_column"),
            _ => c.clone(),
        }));
        keys.push(tr(ctx, "pay.total"));
        let mut t =
            Table::new("payroll", tr(ctx, "pay.payroll"), &keys.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "pay.no_lines"));
        for r in &roll.rows {
            let mut row = vec![Cell::text(&r.person).link(format!("/people/{}/pay?month={month}", r.person)), Cell::text(&r.name)];
            row.extend(r.amounts.iter().map(|a| Cell::money(*a)));
            row.push(Cell::money(r.total));
            t.push(row);
        }
        page = page.table(t);
    }
    let mut pools = table(
        &who,
        "pools",
        tr(ctx, "pay.pools"),
        &["pay.component", "pay.team", "pay.result", "pay.pool", "pay.paid_out", "pay.members", "pay.how"],
        "pay.no_pools",
    );
    for p in &view.run.pools {
        let team = if org.unit(&p.team).is_some() { unit_name(org, &p.team, ctx.lang) } else { p.team.clone() };
        pools.push(vec![
            Cell::text(format!("{}/{}", p.plan, p.component)),
            Cell::text(team),
            p.result.map(Cell::money).unwrap_or_else(|| Value::Empty.into()),
            Cell::money(p.amount),
            Cell::money(p.paid_out),
            Value::Int(p.members as i64).into(),
            Cell::text(p.text.get(ctx.lang)),
        ]);
    }
    page = page.table(pools);
    let r = &view.row;
    let approve = (view.all && r.status == pay::DRAFT).then(|| format!("/admin/pay/runs/{month}/approve"));
    let lock = (view.all && r.status == pay::APPROVED).then(|| format!("/admin/pay/runs/{month}/lock"));
    let plans: Vec<String> = r.plans.iter().map(|p| format!("{} v{}", p.code, p.version)).collect();
    page.with(context! {
        month => month.to_string(), status => status_text(&who, &r.status), total => r.total.to_string(),
        people => r.people, run_sha256 => r.run_sha256, inputs_sha256 => r.inputs_sha256, plans => plans.join(", "),
        computed => format!("{} · {}", r.computed_by, local(ctx, &r.computed_at)),
        approved => r.approved_by.as_ref().zip(r.approved_at.as_ref()).map(|(b, a)| format!("{b} · {}", local(ctx, a))),
        locked => r.locked_by.as_ref().zip(r.locked_at.as_ref()).map(|(b, a)| format!("{b} · {}", local(ctx, a))),
        all => view.all, approve => approve, lock => lock,
    })
    .respond(ctx, Some(&who.user))
}

/// Where a line's facts are shown, if the viewer may see it.
fn fact_link(viewer: &Viewer, key: &FactKey) -> Option<String> {
    match key {
        FactKey::Credit { person, month, .. } => viewer.sees_person(person).then(|| format!("/people/{person}?month={month}#credit")),
        FactKey::Stage { order, .. } => {
            let (store, id) = order.split_once('/')?;
            viewer.sees_store(store).then(|| format!("/orders/{store}/{id}"))
        }
        FactKey::UnitLine { unit, month, .. } | FactKey::Metric { unit, month, .. } => {
            viewer.sees_unit(unit).then(|| format!("/units/{unit}/pnl?month={month}"))
        }
        FactKey::Hours { unit, month, .. } => viewer.sees_unit(unit).then(|| format!("/units/{unit}/facts?line=labour&month={month}")),
        FactKey::Run { period, .. } => Some(format!("/people/{}/pay?month={period}", viewer.user().person.clone().unwrap_or_default())),
        FactKey::Award { source: AwardSource::Lottery, source_ref, .. } => Some(format!("/lottery/{source_ref}")),
        FactKey::Award { source: AwardSource::Pk, source_ref, .. } => Some(format!("/pk/{source_ref}")),
        FactKey::Sku { .. } | FactKey::Review { .. } | FactKey::Sale { .. } => None,
    }
}

fn kind_text(who: &Authed, k: LineKind) -> String {
    let code = serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    tr(&who.ctx, &format!("pay.kind_{code}"))
}

fn lines_table(who: &Authed, s: &Statement) -> Table {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let mut t = table(
        who,
        "statement",
        tr(ctx, "pay.statement"),
        &["pay.line_no", "pay.component", "pay.kind", "pay.amount", "pay.how", "pay.facts"],
        "pay.no_lines",
    );
    for (i, l) in s.lines.iter().enumerate() {
        t.push(line_row(who, &viewer, i, l));
    }
    t
}

fn line_row(who: &Authed, viewer: &Viewer, i: usize, l: &StatementLine) -> Vec<Cell> {
    let ctx = &who.ctx;
    let comp = if l.plan.is_empty() { l.component.clone() } else { format!("{}/{}", l.plan, l.component) };
    let facts = if l.facts.count == 0 { Cell::text("") } else { Cell::text(l.facts.count.to_string()) };
    let facts = match l.facts.keys.iter().find_map(|k| fact_link(viewer, k)) {
        Some(href) => facts.link(href),
        None => facts,
    };
    let mut how = l.text.get(ctx.lang).to_string();
    if let Some(e) = l.equity {
        how.push_str(&format!(" ({} {})", tr(ctx, "pay.equity"), amoeba_core::incentive::text::pct(e)));
    }
    vec![
        Value::Int(i as i64 + 1).into(),
        Cell::text(comp),
        Cell::text(kind_text(who, l.kind)),
        Cell::money(l.amount),
        Cell::text(how),
        facts,
    ]
}

/// `GET /people/{code}/pay?month=YYYY-MM`: the person's statement.
pub async fn statement_page(
    State(s): State<S>,
    who: Authed,
    Path(code): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let seen = viewer.pay_of(&code).map_err(|e| ctx.unseen(e))?;
    let person = seen.get();
    let month = month_or_default(&who, q.month.as_deref())?;
    let owner = viewer.is_owner();
    let found = pay::statement_of(&s.db, &ctx.company, month, &code, owner).await.map_err(|e| ctx.app_error(e))?;
    let mut page = Page::new("pay_statement.html", format!("{} · {}", tr(ctx, "pay.statement"), person.name));
    let mut extra_run = None;
    let mut disputes = Vec::new();
    let mut lines = 0;
    let mut totals = None;
    if let Some((run, st)) = &found {
        page = page.table(lines_table(&who, st));
        lines = st.lines.len();
        totals = Some(context! {
            earned => st.earned.to_string(), total => st.total.to_string(),
            carried => (!st.carried_forward.is_zero()).then(|| st.carried_forward.to_string()),
            advances => (!st.advance_outstanding.is_zero()).then(|| st.advance_outstanding.to_string()),
        });
        let rows = s.db.pay_disputes(ctx.company.id, Some(run.id), Some(&code)).await.map_err(|e| ctx.internal(e))?;
        disputes = rows.iter().map(|d| dispute_view(&who, d, &run.month)).collect();
        extra_run = Some(context! { status => status_text(&who, &run.status), sha256 => run.run_sha256.clone(),
        disputable => run.status != pay::DRAFT && who.user.person.as_deref() == Some(code.as_str()) });
    }
    let (prev, next) = (month.prev().to_string(), month.next().to_string());
    page.with(context! {
        person => person, month => month.to_string(), prev_month => prev, next_month => next, run => extra_run,
        totals => totals, disputes => disputes, lines => lines, self_href => format!("/people/{code}/pay"),
        run_href => owner.then(|| format!("/pay/runs/{month}")),
    })
    .respond(ctx, Some(&who.user))
}

/// `month=…&line=…&note=…` of a dispute.
#[derive(Deserialize)]
pub struct DisputeForm {
    month: Option<String>,
    line: Option<String>,
    note: Option<String>,
}

/// `POST /people/{code}/pay/disputes`: the person disputes a line of their
/// own statement (nobody disputes for someone else).
pub async fn dispute(State(s): State<S>, who: Authed, Path(code): Path<String>, Form(f): Form<DisputeForm>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    viewer.pay_of(&code).map_err(|e| ctx.unseen(e))?;
    if who.user.person.as_deref() != Some(code.as_str()) {
        return Err(ctx.forbidden());
    }
    let month = month_or_default(&who, f.month.as_deref())?;
    let line: usize =
        f.line.as_deref().unwrap_or("").trim().parse().map_err(|_| ctx.bad_value("pay.bad_line", f.line.as_deref().unwrap_or("")))?;
    match pay::dispute(&s.db, &ctx.company, month, &code, line, f.note.as_deref().unwrap_or(""), &by(&who)).await {
        Ok(_) => Ok(Redirect::to(&format!("/people/{code}/pay?month={month}#disputes")).into_response()),
        Err(e) => Err(ctx.app_error(e)),
    }
}
