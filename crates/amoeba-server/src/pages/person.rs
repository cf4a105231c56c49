//! A person's page (我的): their units and roles with coefficients and
//! dates, their stores, their project groups, and their share of the units'
//! results. Someone else's page is 404 unless the policy allows it.

use super::common::{role_name, unit_name};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::params::month_or_default;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use amoeba_core::identity::Role;
use amoeba_core::org::{Assignment, Org};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use std::collections::BTreeSet;

/// `GET /me`: one's own page (third-party operators go to their store,
/// logins without a person to their account).
pub async fn me(State(s): State<S>, who: Authed, Query(q): Query<MonthQuery>) -> Result<Response, Fail> {
    match (&who.user.person, who.user.role, &who.user.store) {
        (Some(p), _, _) => {
            let p = p.clone();
            show(&s, &who, &p, q.month.as_deref()).await
        }
        (None, Role::ThirdParty, Some(store)) => Ok(Redirect::to(&format!("/stores/{store}")).into_response()),
        _ => Ok(Redirect::to("/account").into_response()),
    }
}

/// `GET /people/{code}`.
pub async fn page(State(s): State<S>, who: Authed, Path(code): Path<String>, Query(q): Query<MonthQuery>) -> Result<Response, Fail> {
    show(&s, &who, &code, q.month.as_deref()).await
}

/// `?month=YYYY-MM` of a person's page.
/// The person's credited results: per unit and role, the rules behind them.
fn credit_table(who: &Authed, org: &Org, credit: &amoeba_app::screens::credit::CreditView) -> Table {
    let ctx = &who.ctx;
    let cols = [
        "col.unit",
        "col.role",
        "line.sales",
        "credit.refunds",
        "credit.gross_profit",
        "credit.units",
        "credit.orders",
        "credit.cash",
        "credit.rules",
    ]
    .map(|k| tr(ctx, k));
    let mut t =
        Table::new("credit", tr(ctx, "person.credit"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "nodata.credit"));
    let to = credit.as_of.unwrap_or(credit.month.last_day());
    for l in &credit.lines {
        let f = &l.figures;
        let rules = l
            .person
            .as_deref()
            .map(|p| amoeba_core::credit::rules_of(org, p, &l.role, credit.month.first_day(), to, ctx.lang).join("；"))
            .unwrap_or_default();
        t.push(vec![
            Cell::text(unit_name(org, &l.unit, ctx.lang)),
            Cell::text(role_name(org, &l.role, ctx.lang)),
            Cell::money(f.sales),
            Cell::money(f.refunds),
            Cell::money(f.gross_profit()),
            Value::Int(f.units).into(),
            Value::Int(f.orders).into(),
            Cell::money(f.cash_collected),
            Cell::text(rules),
        ]);
    }
    t
}

/// The person's review results, newest cycle first.
fn review_table(who: &Authed, lines: &[(String, String, amoeba_core::goals::ReviewLine)]) -> Table {
    let ctx = &who.ctx;
    let org: &Org = &who.current.org;
    let cols = ["review.cycle", "col.unit", "review.leader", "review.self", "review.score", "review.multiplier"].map(|k| tr(ctx, k));
    let mut t =
        Table::new("reviews", tr(ctx, "person.reviews"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "review.none"));
    for (cycle, unit, l) in lines {
        t.push(vec![
            Cell::text(cycle.clone()),
            Cell::text(unit_name(org, unit, ctx.lang)),
            Value::Dec(l.leader_score, 2).into(),
            l.self_score.map(|s| Value::Dec(s, 2).into()).unwrap_or_else(|| Value::Empty.into()),
            Value::Dec(l.score, 2).into(),
            l.multiplier.map(|m| Value::Dec(m, 4).into()).unwrap_or_else(|| Value::Empty.into()),
        ]);
    }
    t
}

/// The person's wish goals this month: "¥x of ¥y this month".
fn wish_table(who: &Authed, wishes: &[amoeba_app::wish::WishMonth]) -> Table {
    let ctx = &who.ctx;
    let cols = ["wish.item", "wish.monthly", "wish.rate", "wish.baseline", "wish.extra", "wish.progress", "wish.commission", "wish.state"]
        .map(|k| tr(ctx, k));
    let mut t = Table::new("wishes", tr(ctx, "person.wishes"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "wish.none"));
    for w in wishes {
        let (plan, g) = (&w.wish.plan, &w.progress);
        let rate = match &w.wish.input.rate {
            amoeba_core::goals::WishRate::Flat(r) => super::engage::pct(Some(*r * rust_decimal::Decimal::ONE_HUNDRED)),
            amoeba_core::goals::WishRate::Tiered(_) => tr(ctx, "wish.tiered"),
        };
        let progress = tr(ctx, "wish.of").replace("{x}", &Value::Dec(g.achieved, 2).text()).replace("{y}", &Value::Dec(g.needed, 2).text());
        t.push(vec![
            Cell::text(plan.item.clone()),
            Cell::money(plan.monthly_payment),
            Cell::text(rate),
            Cell::money(plan.baseline),
            Cell::money(plan.extra_sales),
            Cell::text(format!("{progress} ({})", super::engage::pct(Some(g.pct)))),
            Cell::money(g.commission.round_dp(2)),
            Cell::text(tr(ctx, if g.done { "wish.earned" } else { "wish.to_go" })),
        ]);
    }
    t
}

#[derive(serde::Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

fn assignment_row(who: &Authed, org: &Org, a: &Assignment) -> Vec<Cell> {
    let ctx = &who.ctx;
    let name = unit_name(org, &a.unit, ctx.lang);
    let unit = if who.viewer().sees_unit(&a.unit) { Cell::text(name).link(format!("/units/{}/pnl", a.unit)) } else { Cell::text(name) };
    vec![
        unit,
        Cell::text(role_name(org, &a.role, ctx.lang)),
        Value::Dec(a.coefficient, 2).into(),
        Cell::text(if a.leader { tr(ctx, "yes") } else { String::new() }),
        Cell::text(a.range.from.to_string()),
        Cell::opt(a.range.to.map(|d| d.to_string())),
    ]
}

async fn show(s: &S, who: &Authed, code: &str, month: Option<&str>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org: &Org = &who.current.org;
    let viewer = who.viewer();
    let seen = viewer.person(code).map_err(|e| ctx.unseen(e))?;
    let person = seen.get();
    let day = ctx.today;
    let cols = ["col.unit", "col.role", "col.coefficient", "col.leader", "col.from", "col.to"].map(|k| tr(ctx, k));
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mine: Vec<&Assignment> = org.assignments.iter().filter(|a| a.person == code).collect();
    let mut current = Table::new("current", tr(ctx, "person.current"), &cols, tr(ctx, "person.no_roles"));
    for a in mine.iter().filter(|a| a.range.contains(day)) {
        current.push(assignment_row(who, org, a));
    }
    let mut history = Table::new("history", tr(ctx, "person.history"), &cols, tr(ctx, "person.no_roles"));
    let mut by_date = mine.clone();
    by_date.sort_by_key(|a| std::cmp::Reverse(a.range.from));
    for a in by_date {
        history.push(assignment_row(who, org, a));
    }
    let units: BTreeSet<&str> = mine.iter().filter(|a| a.range.contains(day)).map(|a| a.unit.as_str()).collect();
    let store_cols = ["col.store", "col.name", "col.platform", "col.marketplace", "col.currency", "col.unit"].map(|k| tr(ctx, k));
    let mut stores = Table::new(
        "stores",
        tr(ctx, "person.stores"),
        &store_cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "person.no_stores"),
    );
    for st in &org.stores {
        let owner = org.store_owner(&st.code, day);
        let runs = st.operator.as_deref() == Some(code);
        if !(runs || owner.is_some_and(|o| units.contains(o))) {
            continue;
        }
        let cell =
            if viewer.sees_store(&st.code) { Cell::text(&st.code).link(format!("/stores/{}", st.code)) } else { Cell::text(&st.code) };
        stores.push(vec![
            cell,
            Cell::text(&st.name),
            Cell::text(tr(ctx, &format!("platform.{}", st.platform.as_str()))),
            Cell::text(&st.marketplace),
            Cell::text(st.currency.to_string()),
            Cell::opt(owner.map(|o| unit_name(org, o, ctx.lang))),
        ]);
    }
    let project_cols = ["col.code", "col.name", "col.share", "col.from", "col.to"].map(|k| tr(ctx, k));
    let mut projects = Table::new(
        "projects",
        tr(ctx, "person.projects"),
        &project_cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "person.no_projects"),
    );
    for g in &org.project_groups {
        for m in g.members.iter().filter(|m| m.person == code) {
            projects.push(vec![
                Cell::text(&g.code),
                Cell::text(&g.name),
                Value::Dec(m.share, 2).into(),
                Cell::text(g.range.from.to_string()),
                Cell::opt(g.range.to.map(|d| d.to_string())),
            ]);
        }
    }
    let month = month_or_default(who, month)?;
    let share = s.views.person_share(who.view_ctx(&s.db), seen, month).await.map_err(|e| ctx.app_error(e))?;
    let mut page = Page::new("person.html", person.name.clone()).table(current).table(stores).table(history).table(projects);
    if let Some(view) = &share {
        let cols = ["col.unit", "col.role", "share.unit_profit", "col.share", "share.amount"].map(|k| tr(ctx, k));
        let mut table =
            Table::new("share", tr(ctx, "person.share"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "nodata.share"));
        for r in &view.rows {
            table.push(vec![
                Cell::text(unit_name(org, &r.unit, ctx.lang)),
                Cell::text(role_name(org, &r.role, ctx.lang)),
                Cell::money(r.unit_profit),
                Value::Pct(r.share).into(),
                Cell::money(r.amount),
            ]);
        }
        page = page.table(table);
    }
    let credit =
        amoeba_app::screens::credit::person_credit(&s.db, &ctx.company, seen, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    page = page.table(credit_table(who, org, &credit));
    let credit_problems = crate::shared::problem_lines(&credit.problems, &who.viewer(), ctx.lang);
    let targets =
        amoeba_app::goals::person_progress(&s.db, &ctx.company, &person.code, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    page = page.table(super::targets::people_table("targets", "person.targets", who, &targets));
    let wishes = amoeba_app::wish::month(&s.db, &ctx.company, &person.code, month, ctx.today).await.map_err(|e| ctx.app_error(e))?;
    page = page.table(wish_table(who, &wishes));
    let reviews = amoeba_app::review::person_lines(&s.db, &ctx.company, &person.code).await.map_err(|e| ctx.app_error(e))?;
    page = page.table(review_table(who, &reviews));
    let basis = share.as_ref().map(|v| {
        let key = if v.as_of == month.last_day() { "share.basis_month" } else { "share.basis_to_date" };
        tr(ctx, key).replace("{as_of}", &v.as_of.to_string())
    });
    // One's pay is seen by oneself and finance only (`Viewer::pay_of`).
    let pay = match viewer.pay_of(code) {
        Ok(_) => {
            let found =
                amoeba_app::pay::statement_of(&s.db, &ctx.company, month, code, viewer.is_owner()).await.map_err(|e| ctx.app_error(e))?;
            Some(context! {
                href => format!("/people/{code}/pay?month={month}"),
                total => found.as_ref().map(|(_, st)| st.total.to_string()),
                status => found.as_ref().map(|(r, _)| tr(ctx, &format!("pay.status_{}", r.status))),
            })
        }
        Err(_) => None,
    };
    let (prev, next) = (month.prev().to_string(), month.next().to_string());
    let extra = context! {
        pay => pay,
        person => person, share => share, share_basis => basis, share_month => month.to_string(),
        prev_month => prev, next_month => next, credit_problems => credit_problems, self_href => ctx.uri.split('?').next().unwrap_or("/me").to_string(),
    };
    page.with(extra).respond(ctx, Some(&who.user))
}
