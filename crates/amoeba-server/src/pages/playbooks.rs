//! Playbooks on pages: the library the viewer sees (their units'
//! templates, latest versions, searchable), a template with every version,
//! and a render form that fills the variables from a SKU, an order or a
//! customer. The owner and a unit's leaders add versions from a file's
//! TOML text; a member or a third-party operator only reads.

use crate::ctx::Authed;
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Cell, Table};
use amoeba_app::playbooks::file::add_file;
use amoeba_app::playbooks::library::{search, versions};
use amoeba_app::playbooks::render::{render, RenderRequest};
use amoeba_app::playbooks::Access;
use amoeba_core::identity::Role;
use amoeba_core::Lang;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::context;
use serde::Deserialize;

/// `?q=…&unit=…`.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    unit: String,
}

fn edits_any(who: &Authed) -> bool {
    matches!(who.user.role, Role::Owner | Role::Leader)
}

async fn show_index(s: &S, who: &Authed, q: &ListQuery, error: Option<String>, status: StatusCode) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let unit = Some(q.unit.trim()).filter(|u| !u.is_empty());
    let found = search(&s.db, &ctx.company, unit, &q.q, Access::Viewer(&viewer)).await.map_err(|e| ctx.app_error(e))?;
    let cols = ["col.unit", "playbook.code", "playbook.kind", "playbook.title", "playbook.version", "playbook.tags"].map(|k| tr(ctx, k));
    let mut table = Table::new(
        "playbooks",
        tr(ctx, "playbook.library"),
        &cols.iter().map(String::as_str).collect::<Vec<_>>(),
        tr(ctx, "playbook.none"),
    );
    for t in &found {
        table.push(vec![
            Cell::text(t.unit.clone()),
            Cell::text(t.code.clone()).link(format!("/playbooks/{}/{}", t.unit, t.code)),
            Cell::text(t.kind.label(ctx.lang)),
            Cell::text(t.title(ctx.lang)),
            Cell::text(format!("v{}", t.version)),
            Cell::text(t.tags.join(", ")),
        ]);
    }
    Page::new("playbooks.html", tr(ctx, "playbook.title_page"))
        .status(status)
        .table(table)
        .with(context! { q => q.q, unit => q.unit, editor => edits_any(who), csrf => ctx.csrf().to_string(), error => error })
        .respond(ctx, Some(&who.user))
}

/// `GET /playbooks`: the library, searched with `?q=`.
pub async fn index(State(s): State<S>, who: Authed, Query(q): Query<ListQuery>) -> Result<Response, Fail> {
    show_index(&s, &who, &q, None, StatusCode::OK).await
}

/// The add form: a playbook file's TOML text.
#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    toml: String,
}

/// `POST /playbooks`: adds versions from TOML text (the owner, or a leader
/// for the units under them); a refused file is shown with its reason.
pub async fn add(State(s): State<S>, who: Authed, Form(f): Form<AddForm>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    if !edits_any(&who) {
        return Err(ctx.forbidden());
    }
    let viewer = who.viewer();
    match add_file(&s.db, &ctx.company, "playbook.toml", &f.toml, &who.user.login, Access::Viewer(&viewer)).await {
        Ok(added) => {
            let to = added.first().map_or("/playbooks".to_string(), |t| format!("/playbooks/{}/{}", t.unit, t.code));
            Ok(Redirect::to(&to).into_response())
        }
        Err(e) => match e.refusal() {
            Some(r) => show_index(&s, &who, &ListQuery::default(), Some(r.render(ctx.lang)), StatusCode::BAD_REQUEST).await,
            None => Err(ctx.app_error(e)),
        },
    }
}

/// `GET /playbooks/{unit}/{code}`: every version, newest first, in both languages.
pub async fn template(State(s): State<S>, who: Authed, Path((unit, code)): Path<(String, String)>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    let all = match versions(&s.db, &ctx.company, &unit, &code, Access::Viewer(&viewer)).await {
        Ok(all) => all,
        Err(e) if e.refusal().is_some() => return Err(ctx.not_found()),
        Err(e) => return Err(ctx.app_error(e)),
    };
    let rows: Vec<_> = all
        .iter()
        .rev()
        .map(|s| {
            let t = &s.template;
            context! {
                version => t.version, kind => t.kind.label(ctx.lang), title_zh => t.title_zh, title_en => t.title_en,
                body_zh => t.body_zh, body_en => t.body_en, tags => t.tags.join(", "),
                saved => format!("{} · {}", s.saved_by, local(ctx, &s.saved_at)),
            }
        })
        .collect();
    let latest = all.last().map(|s| s.template.title(ctx.lang).to_string()).unwrap_or_default();
    Page::new("playbook.html", format!("{} · {latest}", tr(ctx, "playbook.title_page")))
        .with(context! { unit => unit, code => code, versions => rows })
        .respond(ctx, Some(&who.user))
}

/// The render form (a GET: rendering changes nothing).
#[derive(Deserialize, Default)]
pub struct RenderQuery {
    #[serde(default)]
    version: String,
    #[serde(default)]
    sku: String,
    #[serde(default)]
    order: String,
    #[serde(default)]
    customer: String,
    /// `name=value`, one per line.
    #[serde(default)]
    set: String,
    /// `zh` or `en`: the version's language (default the page's).
    #[serde(default)]
    out: String,
}

impl RenderQuery {
    /// Whether anything was asked (the form was sent).
    fn sent(&self) -> bool {
        [&self.sku, &self.order, &self.customer, &self.set, &self.out].iter().any(|s| !s.trim().is_empty())
    }

    /// The request for the app, or the version text that does not read.
    pub fn request(&self, unit: &str, code: &str) -> Result<RenderRequest, String> {
        let version = match self.version.trim() {
            "" => None,
            v => Some(v.trim_start_matches('v').parse::<u32>().map_err(|_| self.version.clone())?),
        };
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        Ok(RenderRequest {
            unit: unit.to_string(),
            code: code.to_string(),
            version,
            sku: opt(&self.sku),
            order: opt(&self.order),
            customer: opt(&self.customer),
            manual: self.set.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
        })
    }

    /// The output language: `out`, else `page`.
    pub fn lang(&self, page: Lang) -> Lang {
        match self.out.trim() {
            "" => page,
            code => Lang::from_code(code),
        }
    }
}

/// `GET /playbooks/{unit}/{code}/render`: the form, and the text once sent
/// (a variable without a value is shown with its line, status 400).
pub async fn render_page(
    State(s): State<S>,
    who: Authed,
    Path((unit, code)): Path<(String, String)>,
    Query(q): Query<RenderQuery>,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let viewer = who.viewer();
    if versions(&s.db, &ctx.company, &unit, &code, Access::Viewer(&viewer)).await.is_err() {
        return Err(ctx.not_found());
    }
    let (mut text, mut error, mut status) = (None, None, StatusCode::OK);
    if q.sent() {
        let req = q.request(&unit, &code).map_err(|v| ctx.bad_value("playbook.bad_version", &v))?;
        match render(&s.db, &ctx.company, &req, q.lang(ctx.lang), ctx.today, Access::Viewer(&viewer)).await {
            Ok(r) => text = Some(r.text),
            Err(e) => match e.refusal() {
                Some(r) => (error, status) = (Some(r.render(ctx.lang)), StatusCode::BAD_REQUEST),
                None => return Err(ctx.app_error(e)),
            },
        }
    }
    let out = q.lang(ctx.lang).code();
    Page::new("playbook_render.html", tr(ctx, "playbook.render"))
        .status(status)
        .with(context! {
            unit => unit, code => code, version => q.version, sku => q.sku, order => q.order, customer => q.customer,
            set => q.set, out => out, text => text, error => error,
        })
        .respond(ctx, Some(&who.user))
}
