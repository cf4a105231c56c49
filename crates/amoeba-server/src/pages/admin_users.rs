//! Admin → users: list the logins, add one (with a generated password shown
//! once), reset a password, disable or re-enable a login.

use super::common::{person_name, unit_name};
use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Action, Cell, Table};
use amoeba_core::identity::{NewUser, Role, User};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    password: Option<String>,
    error: Option<String>,
    status: Option<StatusCode>,
}

fn scope_text(who: &Authed, org: &amoeba_core::org::Org, u: &User) -> String {
    let lang = who.ctx.lang;
    match u.role {
        Role::Leader => u.unit.as_deref().map(|c| unit_name(org, c, lang)).unwrap_or_default(),
        Role::ThirdParty => u.store.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

async fn show(s: &S, who: &Authed, out: Outcome) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let users = s.db.users(ctx.company.id).await.map_err(|e| ctx.app_error(e.into()))?;
    let cols = ["users.login", "users.role", "users.scope", "users.person", "col.created", "col.status"].map(|k| tr(ctx, k));
    let mut table =
        Table::new("users", tr(ctx, "admin.users"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "users.none"));
    for u in &users {
        let action = |verb: &str, label: &'static str, confirm: Option<&'static str>, danger: bool| Action {
            url: format!("/admin/users/{}/{verb}", u.id),
            label,
            confirm,
            danger,
            csrf: ctx.csrf().to_string(),
        };
        let mut actions = vec![action("reset", "users.reset", Some("users.reset_confirm"), false)];
        if u.id != who.user.id {
            actions.push(if u.disabled {
                action("enable", "users.enable", None, false)
            } else {
                action("disable", "users.disable", Some("users.disable_confirm"), true)
            });
        }
        table.push_with_actions(
            vec![
                Cell::text(&u.login),
                Cell::text(tr(ctx, &format!("role.{}", u.role.as_str()))),
                Cell::text(scope_text(who, org, u)),
                Cell::opt(u.person.as_deref().map(|p| format!("{} ({p})", person_name(org, p)))),
                Cell::text(local(ctx, &u.created_at)),
                Cell::text(tr(ctx, if u.disabled { "status.disabled" } else { "status.active" })),
            ],
            actions,
        );
    }
    let people: Vec<_> = org.people.iter().map(|p| context! { code => p.code.clone(), name => p.name.clone() }).collect();
    let units: Vec<_> = org.units.iter().map(|u| context! { code => u.code.clone(), name => unit_name(org, &u.code, ctx.lang) }).collect();
    let stores: Vec<_> = org.stores.iter().map(|st| context! { code => st.code.clone(), name => st.name.clone() }).collect();
    let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
    Page::new("admin_users.html", tr(ctx, "admin.users"))
        .status(out.status.unwrap_or(StatusCode::OK))
        .table(table)
        .with(context! {
            admin_tab => "users",
            roles => roles, people => people, units => units, stores => stores,
            notice => out.notice, password => out.password, error => out.error,
        })
        .respond(ctx, Some(&who.user))
}

/// `GET /admin/users`.
pub async fn page(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    who.owner_only()?;
    show(&s, &who, Outcome::default()).await
}

/// The add-login form.
#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    role: String,
    person: Option<String>,
    unit: Option<String>,
    store: Option<String>,
    password: Option<String>,
}

fn refused(msg: String) -> Outcome {
    Outcome { error: Some(msg), status: Some(StatusCode::BAD_REQUEST), ..Outcome::default() }
}

/// `POST /admin/users`.
pub async fn add(State(s): State<S>, who: Authed, Form(f): Form<AddForm>) -> Result<Response, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let org = who.current.org.clone();
    let role = match f.role.parse::<Role>() {
        Ok(r) => r,
        Err(e) => return show(&s, &who, refused(e.render(who.ctx.lang))).await,
    };
    let new = NewUser { login: f.login, role: Some(role), person: f.person, unit: f.unit, store: f.store };
    match amoeba_app::identity::add_user(&s.db, ctx.company.id, &org, &new, f.password.as_deref()).await {
        Ok((user, password)) => {
            let notice = tr(ctx, "users.created").replace("{login}", &user.login);
            show(&s, &who, Outcome { notice: Some(notice), password: Some(password), ..Outcome::default() }).await
        }
        Err(e) => match e.refusal() {
            Some(r) => show(&s, &who, refused(r.render(ctx.lang))).await,
            None => Err(ctx.app_error(e)),
        },
    }
}

async fn target(s: &S, who: &Authed, id: &str) -> Result<User, Fail> {
    who.owner_only()?;
    let ctx = &who.ctx;
    let id: i64 = id.parse().map_err(|_| ctx.not_found())?;
    s.db.user_by_id(ctx.company.id, id).await.map_err(|e| ctx.app_error(e.into()))?.ok_or_else(|| ctx.not_found())
}

/// `POST /admin/users/{id}/reset`: a new generated password, shown once.
pub async fn reset(State(s): State<S>, who: Authed, Path(id): Path<String>) -> Result<Response, Fail> {
    let user = target(&s, &who, &id).await?;
    let ctx = &who.ctx;
    let (user, password) = amoeba_app::identity::reset_password(&s.db, ctx.company.id, &user.login).await.map_err(|e| ctx.app_error(e))?;
    let notice = tr(ctx, "users.reset_done").replace("{login}", &user.login);
    show(&s, &who, Outcome { notice: Some(notice), password: Some(password), ..Outcome::default() }).await
}

async fn set_disabled(s: &S, who: &Authed, id: &str, disabled: bool) -> Result<Response, Fail> {
    let user = target(s, who, id).await?;
    let ctx = &who.ctx;
    if user.id == who.user.id {
        return show(s, who, refused(tr(ctx, "users.not_self"))).await;
    }
    s.db.set_disabled(ctx.company.id, user.id, disabled).await.map_err(|e| ctx.app_error(e.into()))?;
    let key = if disabled { "users.disabled_done" } else { "users.enabled_done" };
    show(s, who, Outcome { notice: Some(tr(ctx, key).replace("{login}", &user.login)), ..Outcome::default() }).await
}

/// `POST /admin/users/{id}/disable` (not one's own login: someone must stay able to administer).
pub async fn disable(State(s): State<S>, who: Authed, Path(id): Path<String>) -> Result<Response, Fail> {
    set_disabled(&s, &who, &id, true).await
}

/// `POST /admin/users/{id}/enable`.
pub async fn enable(State(s): State<S>, who: Authed, Path(id): Path<String>) -> Result<Response, Fail> {
    set_disabled(&s, &who, &id, false).await
}
