//! Admin → organisation: the unit tree with leaders and head-count, people,
//! assignments, stores and SKUs as tables, and the upload of an organisation
//! file (all-or-nothing, every problem listed with its line and field).

use super::common::{kind_key, person_name, role_name, unit_name};
use super::imports::errors_view;
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::state::S;
use crate::table::{Cell, Table, Value};
use crate::upload::Upload;
use amoeba_app::AppError;
use amoeba_core::Refusal;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;

fn cols(who: &Authed, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| tr(&who.ctx, k)).collect()
}

fn table(who: &Authed, id: &'static str, title: &str, keys: &[&str]) -> Table {
    let c = cols(who, keys);
    Table::new(id, tr(&who.ctx, title), &c.iter().map(String::as_str).collect::<Vec<_>>(), tr(&who.ctx, "admin.empty"))
}

async fn show(
    who: &Authed,
    result: Option<String>,
    errors: Option<super::imports::ErrorsView>,
    status: StatusCode,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org: &amoeba_core::org::Org = &who.current.org;
    let day = ctx.today;
    let lang = ctx.lang;
    let mut units = table(
        who,
        "units",
        "admin.units",
        &["col.code", "col.unit", "col.kind", "col.function", "col.leader", "col.headcount", "col.headcount_total", "col.stores"],
    );
    for n in org.tree(day).flatten() {
        units.push(vec![
            Cell::text(&n.code),
            Cell::text(format!("{}{}", "· ".repeat(n.depth), unit_name(org, &n.code, lang))),
            Cell::text(tr(ctx, kind_key(n.kind))),
            Cell::opt(n.function.clone()),
            Cell::opt(n.leader.as_ref().map(|l| format!("{} ({})", l.name, l.code))),
            Value::Int(n.headcount as i64).into(),
            Value::Int(n.headcount_total as i64).into(),
            Cell::text(n.stores.join(", ")),
        ]);
    }
    let mut people = table(who, "people", "admin.people", &["col.code", "col.name", "col.email", "col.external"]);
    for p in &org.people {
        people.push(vec![
            Cell::text(&p.code).link(format!("/people/{}", p.code)),
            Cell::text(&p.name),
            Cell::opt(p.email.clone()),
            Cell::text(if p.external { tr(ctx, "yes") } else { String::new() }),
        ]);
    }
    let mut assignments = table(
        who,
        "assignments",
        "admin.assignments",
        &["col.person", "col.name", "col.unit", "col.role", "col.coefficient", "col.leader", "col.from", "col.to"],
    );
    for a in &org.assignments {
        assignments.push(vec![
            Cell::text(&a.person).link(format!("/people/{}", a.person)),
            Cell::text(person_name(org, &a.person)),
            Cell::text(unit_name(org, &a.unit, lang)),
            Cell::text(role_name(org, &a.role, lang)),
            Value::Dec(a.coefficient, 2).into(),
            Cell::text(if a.leader { tr(ctx, "yes") } else { String::new() }),
            Cell::text(a.range.from.to_string()),
            Cell::opt(a.range.to.map(|d| d.to_string())),
        ]);
    }
    let mut stores = table(
        who,
        "stores",
        "admin.stores",
        &["col.store", "col.name", "col.platform", "col.marketplace", "col.currency", "col.timezone", "col.unit", "store.operator"],
    );
    for st in &org.stores {
        stores.push(vec![
            Cell::text(&st.code).link(format!("/stores/{}", st.code)),
            Cell::text(&st.name),
            Cell::text(tr(ctx, &format!("platform.{}", st.platform.as_str()))),
            Cell::text(&st.marketplace),
            Cell::text(st.currency.to_string()),
            Cell::text(&st.timezone),
            Cell::opt(org.store_owner(&st.code, day).map(|u| unit_name(org, u, lang))),
            Cell::opt(st.operator.as_deref().map(|p| person_name(org, p))),
        ]);
    }
    let mut skus = table(who, "skus", "admin.skus", &["col.sku", "col.name", "col.unit", "col.launch", "col.landed_cost"]);
    for k in &org.skus {
        let owner = k.owners.iter().find(|o| o.range.contains(day)).map(|o| unit_name(org, &o.unit, lang));
        skus.push(vec![
            Cell::text(&k.code),
            Cell::text(&k.name),
            Cell::opt(owner),
            Cell::opt(k.launch_date.map(|d| d.to_string())),
            amoeba_core::reporting::placement::landed_cost(org, &k.code, day).map(Cell::money).unwrap_or_else(|| Value::Empty.into()),
        ]);
    }
    Page::new("admin_org.html", tr(ctx, "admin.org"))
        .status(status)
        .table(units)
        .table(people)
        .table(assignments)
        .table(stores)
        .table(skus)
        .with(context! { admin_tab => "org", result => result, errors => errors })
        .respond(ctx, Some(&who.user))
}

/// `GET /admin/org`.
pub async fn page(who: Authed) -> Result<Response, Fail> {
    who.owner_only()?;
    show(&who, None, None, StatusCode::OK).await
}

/// `POST /admin/org` (multipart: `csrf`, `file`): applies an organisation file.
pub async fn upload(State(s): State<S>, up: Upload) -> Result<Response, Fail> {
    let who = &up.who;
    who.owner_only()?;
    let ctx = &who.ctx;
    let Some(file) = up.file() else {
        let errors = errors_view(ctx, std::iter::once((0, None, tr(ctx, "imports.no_file"))), 0);
        return show(who, None, Some(errors), StatusCode::BAD_REQUEST).await;
    };
    let bytes = file.read().await.map_err(|e| ctx.internal(format!("cannot read the uploaded file back: {e}")))?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            let errors = errors_view(
                ctx,
                std::iter::once((0, None, Refusal::NotUtf8 { file: file.name.clone(), byte: e.valid_up_to() }.render(ctx.lang))),
                0,
            );
            return show(who, None, Some(errors), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match amoeba_app::org::apply_org_file(&s.db, Some(&ctx.company.company.code), &file.name, text).await {
        Ok(done) => {
            let summary = tr(ctx, "admin.org_applied")
                .replace("{units}", &done.units.to_string())
                .replace("{people}", &done.people.to_string())
                .replace("{stores}", &done.stores.to_string())
                .replace("{skus}", &done.skus.to_string());
            // The page shows the organisation just applied, not the one the request began with.
            let who = who.refreshed(&s.db).await?;
            show(&who, Some(summary), None, StatusCode::OK).await
        }
        Err(AppError::OrgFile { errors, .. }) => {
            let rows = errors.errors.iter().map(|e| (e.line as u64, Some(e.field.clone()), e.message(ctx.lang)));
            let view = errors_view(ctx, rows, 0);
            show(who, None, Some(view), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Refused(r)) => {
            let msg = r.render(ctx.lang);
            show(who, None, Some(errors_view(ctx, std::iter::once((0, None, msg)), 0)), StatusCode::BAD_REQUEST).await
        }
        Err(e) => Err(ctx.app_error(e)),
    }
}
