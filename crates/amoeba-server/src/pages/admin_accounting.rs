//! Admin → accounting: the periods (with the close button), the month's
//! plans and the internal charge / allocation rules in force.

use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Action, Cell, Table};
use amoeba_core::Month;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use serde::Deserialize;

/// `?month=YYYY-MM` for the plans section.
#[derive(Deserialize, Default)]
pub struct MonthParam {
    month: Option<String>,
}

#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    error: Option<String>,
    status: Option<StatusCode>,
}

fn list_or_all(ctx: &crate::ctx::Ctx, codes: &[String]) -> String {
    if codes.is_empty() {
        tr(ctx, "rules.all")
    } else {
        codes.join(", ")
    }
}

async fn show(s: &S, who: &Authed, month: Option<Month>, out: Outcome) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let cid = ctx.company.id;
    let months = s.db.fact_months(cid).await.map_err(|e| ctx.internal(e))?;
    let closed = s.db.closed_periods_at(cid).await.map_err(|e| ctx.internal(e))?;
    let cols = ["periods.month", "periods.facts", "col.status"].map(|k| tr(ctx, k));
    let mut periods =
        Table::new("periods", tr(ctx, "periods.title"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "admin.empty"));
    for (m, facts) in months.iter().rev() {
        let status = match closed.iter().find(|(c, _)| c == m) {
            Some((_, at)) => tr(ctx, "periods.closed").replace("{at}", &local(ctx, at)),
            None => tr(ctx, "periods.open"),
        };
        let row = vec![Cell::text(m).link(format!("/admin/accounting?month={m}")), Cell::text(facts.to_string()), Cell::text(status)];
        if closed.iter().any(|(c, _)| c == m) {
            periods.push(row);
        } else {
            let close = Action {
                url: format!("/admin/periods/{m}/close"),
                label: "periods.close",
                confirm: Some("periods.close_confirm"),
                danger: true,
                csrf: ctx.csrf().to_string(),
            };
            periods.push_with_actions(row, vec![close]);
        }
    }

    let month = match month {
        Some(m) => m,
        None => months.last().and_then(|(m, _)| m.parse().ok()).unwrap_or_else(|| Month::of(chrono::Local::now().date_naive())),
    };
    let cols = ["plans.unit", "plans.line", "plans.amount"].map(|k| tr(ctx, k));
    let mut plans = Table::new(
        "plans",
        format!("{} {month}", tr(ctx, "plans.title")),
        &cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "plans.none"),
    );
    for p in s.db.plans_of_month(cid, month).await.map_err(|e| ctx.internal(e))? {
        let line = p
            .line
            .parse::<amoeba_core::accounting::PnlLine>()
            .map(|l| crate::pages::pnl::line_label(l, ctx.lang).to_string())
            .unwrap_or(p.line.clone());
        plans.push(vec![Cell::text(&p.unit), Cell::text(line), Cell::money(p.amount)]);
    }

    let rules = s.db.load_rules(cid).await.map_err(|e| ctx.internal(e))?;
    let cols = ["rules.code", "rules.provider", "rules.users", "rules.basis", "rules.from", "rules.to"].map(|k| tr(ctx, k));
    let mut charges =
        Table::new("charges", tr(ctx, "rules.charges"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "rules.none"));
    for r in &rules.charges {
        charges.push(vec![
            Cell::text(&r.code),
            Cell::text(&r.provider),
            Cell::text(list_or_all(ctx, &r.users)),
            Cell::text(r.basis.describe(ctx.lang)),
            Cell::text(r.range.from.to_string()),
            Cell::opt(r.range.to.map(|d| d.to_string())),
        ]);
    }
    let cols = ["rules.code", "rules.source", "rules.kinds", "rules.targets", "rules.driver", "rules.from", "rules.to"].map(|k| tr(ctx, k));
    let mut allocations = Table::new(
        "allocations",
        tr(ctx, "rules.allocations"),
        &cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "rules.none"),
    );
    for r in &rules.allocations {
        let kinds: Vec<&str> = r.effective_kinds().iter().map(|k| k.label(ctx.lang)).collect();
        allocations.push(vec![
            Cell::text(&r.code),
            Cell::text(&r.source),
            Cell::text(kinds.join(", ")),
            Cell::text(list_or_all(ctx, &r.targets)),
            Cell::text(r.driver.describe(ctx.lang)),
            Cell::text(r.range.from.to_string()),
            Cell::opt(r.range.to.map(|d| d.to_string())),
        ]);
    }

    Page::new("admin_accounting.html", tr(ctx, "admin.accounting"))
        .status(out.status.unwrap_or(StatusCode::OK))
        .table(periods)
        .table(plans)
        .table(charges)
        .table(allocations)
        .with(context! { admin_tab => "accounting", notice => out.notice, error => out.error })
        .respond(ctx, Some(&who.user))
}

/// `GET /admin/accounting`.
pub async fn page(State(s): State<S>, who: Authed, Query(q): Query<MonthParam>) -> Result<Response, Fail> {
    who.owner_only()?;
    let month = match q.month.as_deref().filter(|m| !m.is_empty()) {
        Some(raw) => Some(raw.parse::<Month>().map_err(|_| who.ctx.not_found())?),
        None => None,
    };
    show(&s, &who, month, Outcome::default()).await
}

/// `POST /admin/periods/{month}/close`: computes and locks the month, or
/// shows every reason it cannot be closed yet.
pub async fn close(State(s): State<S>, who: Authed, Path(month): Path<String>) -> Result<Response, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let month: Month = month.parse().map_err(|_| ctx.not_found())?;
    match amoeba_app::accounting::close(&s.db, &ctx.company, month).await {
        Ok(done) => {
            let notice = tr(ctx, "periods.closed_done").replace("{month}", &done.month.to_string());
            show(&s, &who, Some(month), Outcome { notice: Some(notice), ..Outcome::default() }).await
        }
        Err(e) if crate::error::status_of(&e) == StatusCode::INTERNAL_SERVER_ERROR => Err(ctx.app_error(e)),
        Err(e) => {
            let out = Outcome { error: Some(e.render(ctx.lang)), status: Some(crate::error::status_of(&e)), ..Outcome::default() };
            show(&s, &who, Some(month), out).await
        }
    }
}
