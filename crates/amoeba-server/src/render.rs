//! Rendering pages: the embedded minijinja templates, the context every page
//! shares (language, user, navigation, CSRF token), and the one place that
//! turns a page's tables into CSV / XLSX when `?format=` asks for it.

use crate::ctx::Ctx;
use crate::error::Fail;
use crate::i18n::{t, Lang};
use crate::nav;
use crate::table::{export_of, Export, Table};
use amoeba_core::identity::User;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use minijinja::value::Value;
use minijinja::{context, Environment, State};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Every template, embedded so the binary is self-contained.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("layout.html", include_str!("../templates/layout.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("message.html", include_str!("../templates/message.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("board.html", include_str!("../templates/board.html")),
    ("pnl.html", include_str!("../templates/pnl.html")),
    ("facts.html", include_str!("../templates/facts.html")),
    ("units.html", include_str!("../templates/units.html")),
    ("person.html", include_str!("../templates/person.html")),
    ("order.html", include_str!("../templates/order.html")),
    ("store.html", include_str!("../templates/store.html")),
    ("account.html", include_str!("../templates/account.html")),
    ("imports.html", include_str!("../templates/imports.html")),
    ("admin_nav.html", include_str!("../templates/admin_nav.html")),
    ("admin_org.html", include_str!("../templates/admin_org.html")),
    ("admin_users.html", include_str!("../templates/admin_users.html")),
    ("admin_accounting.html", include_str!("../templates/admin_accounting.html")),
    ("admin_pay.html", include_str!("../templates/admin_pay.html")),
    ("pay_run.html", include_str!("../templates/pay_run.html")),
    ("pay_statement.html", include_str!("../templates/pay_statement.html")),
    ("api_docs.html", include_str!("../templates/api_docs.html")),
    ("alerts.html", include_str!("../templates/alerts.html")),
    ("operator.html", include_str!("../templates/operator.html")),
    ("operator_contract.html", include_str!("../templates/operator_contract.html")),
    ("operator_report.html", include_str!("../templates/operator_report.html")),
    ("engage.html", include_str!("../templates/engage.html")),
    ("meeting.html", include_str!("../templates/meeting.html")),
    ("review.html", include_str!("../templates/review.html")),
    ("playbooks.html", include_str!("../templates/playbooks.html")),
    ("playbook.html", include_str!("../templates/playbook.html")),
    ("playbook_render.html", include_str!("../templates/playbook_render.html")),
];

/// Changes whenever the stylesheet or script changes, so phones never keep a stale copy.
pub fn asset_version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(crate::pages::assets::STYLE);
        h.update(crate::pages::assets::SCRIPT);
        hex::encode(&h.finalize()[..6])
    })
}

/// `t("key")` in templates: the text in the page's language.
fn translate(state: &State, key: &str) -> String {
    let lang = state.lookup("lang").and_then(|v| v.as_str().map(Lang::from_code)).unwrap_or_default();
    t(lang, key).to_string()
}

/// HTML auto-escaping of `& < > " '` only (minijinja's default also
/// escapes `/`, which makes every link in the page source unreadable).
fn escape_html(out: &mut minijinja::Output<'_>, state: &State<'_, '_>, value: &Value) -> Result<(), minijinja::Error> {
    if value.is_safe() || !matches!(state.auto_escape(), minijinja::AutoEscape::Html) || value.is_none() || value.is_undefined() {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = value.to_string();
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;");
    out.write_str(&escaped).map_err(|e| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string()))
}

/// The template environment (built once; templates are static).
pub fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            if let Err(e) = env.add_template(name, source) {
                // A broken template is a build defect; the test suite renders every one.
                tracing::error!("template {name} does not parse: {e}");
            }
        }
        env.add_function("t", translate);
        env.set_formatter(escape_html);
        env
    })
}

/// The page `uri` with `lang=` set to the other language.
fn lang_switch(uri: &str, lang: Lang) -> String {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut params: Vec<&str> =
        query.split('&').filter(|p| !p.is_empty() && !p.starts_with("lang=") && !p.starts_with("format=")).collect();
    let other = format!("lang={}", lang.other().code());
    params.push(&other);
    format!("{path}?{}", params.join("&"))
}

/// Context shared by every page.
fn base(ctx: Option<&Ctx>, user: Option<&User>, lang: Lang, title: &str) -> Value {
    let uri = ctx.map(|c| c.uri.as_str()).unwrap_or("/");
    context! {
        lang => lang.code(),
        html_lang => lang.html(),
        title => title,
        company => ctx.map(|c| c.company.company.name.clone()),
        user => user.map(|u| context! { login => u.login.clone(), role => u.role.as_str() }),
        nav => user.map(|u| nav::links(u, uri)).unwrap_or_default(),
        csrf => ctx.map(|c| c.csrf().to_string()).unwrap_or_default(),
        lang_switch => lang_switch(uri, lang),
        asset_version => asset_version(),
    }
}

/// Renders `template` with the shared context plus `extra`.
pub fn render(ctx: Option<&Ctx>, user: Option<&User>, lang: Lang, template: &str, title: &str, extra: Value) -> Result<String, String> {
    let tmpl = env().get_template(template).map_err(|e| format!("template {template}: {e}"))?;
    let merged = context! { ..extra, ..base(ctx, user, lang, title) };
    tmpl.render(merged).map_err(|e| format!("template {template}: {e:#}"))
}

/// A page: its template, title, tables and anything else the template shows.
pub struct Page {
    /// Template file.
    pub template: &'static str,
    /// Title (already translated).
    pub title: String,
    /// Tables, each exportable by id.
    pub tables: Vec<Table>,
    /// Other template values.
    pub extra: Value,
    /// Status (200 unless a form was refused).
    pub status: StatusCode,
}

impl Page {
    /// A page with no tables yet.
    pub fn new(template: &'static str, title: impl Into<String>) -> Self {
        Self { template, title: title.into(), tables: Vec::new(), extra: context! {}, status: StatusCode::OK }
    }

    /// Adds a table.
    pub fn table(mut self, table: Table) -> Self {
        self.tables.push(table);
        self
    }

    /// Sets the other template values.
    pub fn with(mut self, extra: Value) -> Self {
        self.extra = extra;
        self
    }

    /// Sets the status.
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Answers the request: the page as HTML, or one of its tables as CSV /
    /// XLSX when the URI asks (`?table=ID&format=csv|xlsx`).
    pub fn respond(self, ctx: &Ctx, user: Option<&User>) -> Result<Response, Fail> {
        if let Some((format, id)) = export_of(&ctx.uri) {
            let table = match id {
                Some(id) => self.tables.iter().find(|t| t.id == id),
                None => self.tables.first(),
            };
            let Some(table) = table else { return Err(ctx.not_found()) };
            return export(ctx, table, format);
        }
        let status = self.status;
        let html = self.html(ctx, user)?;
        Ok((status, Html(html)).into_response())
    }

    /// The page as HTML (what [`Page::respond`] sends when no export is asked).
    pub fn html(self, ctx: &Ctx, user: Option<&User>) -> Result<String, Fail> {
        let views: BTreeMap<&str, _> = self.tables.iter().map(|tb| (tb.id, tb.view(&ctx.uri))).collect();
        let extra = context! { tables => views, ..self.extra };
        render(Some(ctx), user, ctx.lang, self.template, &self.title, extra).map_err(|e| ctx.internal(e))
    }
}

fn export(ctx: &Ctx, table: &Table, format: Export) -> Result<Response, Fail> {
    let (bytes, mime, ext) = match format {
        Export::Csv => (table.to_csv(), "text/csv; charset=utf-8", "csv"),
        Export::Xlsx => {
            (table.to_xlsx().map_err(|e| ctx.internal(e))?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
        }
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.{ext}\"", table.id)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// An error or notice page (used by [`Fail`]), in the normal layout: with
/// the navigation of the logged-in reader of `ctx`, without any for others.
pub fn message_page(ctx: Option<&Ctx>, lang: Lang, status: StatusCode, headline: &str, detail: Option<&str>) -> Html<String> {
    let extra = context! { status => status.as_u16(), headline => headline, detail => detail };
    let user = ctx.and_then(|c| c.user.as_ref());
    match render(ctx, user, lang, "message.html", headline, extra) {
        Ok(html) => Html(html),
        Err(e) => {
            tracing::error!("{e}");
            Html(format!("<!doctype html><meta charset=\"utf-8\"><h1>{}</h1>", html_escape(headline)))
        }
    }
}

/// Escapes text for the rare HTML written outside templates.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Shared helper: a translated string for this context.
pub fn tr(ctx: &Ctx, key: &str) -> String {
    t(ctx.lang, key).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for entry in std::fs::read_dir(&dir).expect("templates folder") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            assert!(TEMPLATES.iter().any(|(n, _)| *n == name), "templates/{name} is not in TEMPLATES: its page would fail at run time");
        }
    }

    #[test]
    fn every_template_parses() {
        let env = env();
        for (name, _) in TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn the_language_switch_keeps_the_page() {
        assert_eq!(lang_switch("/units/A/pnl?month=2026-03&lang=zh", Lang::Zh), "/units/A/pnl?month=2026-03&lang=en");
        assert_eq!(lang_switch("/board", Lang::En), "/board?lang=zh");
    }

    #[test]
    fn error_pages_render_in_both_languages() {
        let zh = message_page(None, Lang::Zh, StatusCode::NOT_FOUND, t(Lang::Zh, "err.not_found"), None).0;
        let en = message_page(None, Lang::En, StatusCode::NOT_FOUND, t(Lang::En, "err.not_found"), Some("x")).0;
        assert!(zh.contains("lang=\"zh-CN\"") && zh.contains(t(Lang::Zh, "err.not_found")));
        assert!(en.contains("lang=\"en\"") && en.contains(t(Lang::En, "err.not_found")));
    }
}
