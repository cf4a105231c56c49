//! Imports (导入): upload a file of any kind, see every refused row with its
//! line and column, and the list of what was imported. The upload runs the
//! same use case as `amoeba import` (all-or-nothing, idempotent).

use crate::ctx::{Authed, Ctx};
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::shared::import_answer::{run_imports, ImportAnswer};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use crate::upload::Upload;
use amoeba_app::import::ImportKind;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use serde::Serialize;

/// Imports listed on the page.
const HISTORY: i64 = 200;

/// The refusal as the `errors` macro draws it (shared with the org upload).
#[derive(Debug, Serialize)]
pub struct ErrorsView {
    /// One sentence.
    pub summary: String,
    /// Rows.
    pub rows: Vec<ErrorRowView>,
    /// "… and N more", if any.
    pub more: Option<String>,
}

/// One row of [`ErrorsView`].
#[derive(Debug, Serialize)]
pub struct ErrorRowView {
    /// Line (empty for the whole file).
    pub line: String,
    /// Column or field.
    pub column: String,
    /// Reason.
    pub message: String,
}

/// Builds the error table of a refusal.
pub fn errors_view(ctx: &Ctx, rows: impl Iterator<Item = (u64, Option<String>, String)>, more: u64) -> ErrorsView {
    let rows: Vec<ErrorRowView> = rows
        .map(|(line, column, message)| ErrorRowView {
            line: if line == 0 { "—".into() } else { line.to_string() },
            column: column.unwrap_or_default(),
            message,
        })
        .collect();
    let total = rows.len() as u64 + more;
    ErrorsView {
        summary: tr(ctx, "imports.refused_summary").replace("{n}", &total.to_string()),
        rows,
        more: (more > 0).then(|| tr(ctx, "imports.more").replace("{n}", &more.to_string())),
    }
}

async fn show(
    s: &S,
    who: &Authed,
    answers: Vec<(Option<String>, ImportAnswer)>,
    kind: Option<&str>,
    store: Option<&str>,
) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = &who.current.org;
    let history = s.db.imports(ctx.company.id, HISTORY).await.map_err(|e| ctx.app_error(e.into()))?;
    let cols = ["col.id", "col.kind", "col.file", "col.store", "col.encoding", "col.rows_read", "col.rows_added", "col.imported_at"]
        .map(|k| tr(ctx, k));
    let mut table =
        Table::new("imports", tr(ctx, "imports.history"), &cols.iter().map(String::as_str).collect::<Vec<_>>(), tr(ctx, "imports.none"));
    for i in history {
        table.push(vec![
            Value::Int(i.id).into(),
            Cell::text(i.kind),
            Cell::text(i.file_name),
            Cell::opt(i.store),
            Cell::text(i.encoding),
            Value::Int(i.rows_read).into(),
            Value::Int(i.rows_added).into(),
            Cell::text(local(ctx, &i.imported_at)),
        ]);
    }
    let kinds: Vec<_> = ImportKind::ALL.iter().map(|k| context! { code => k.as_str() }).collect();
    let stores: Vec<_> = org.stores.iter().map(|st| context! { code => st.code.clone(), name => st.name.clone() }).collect();
    // One refused file makes the page's status a refusal, as for one file.
    let status = answers.iter().map(|(_, a)| a.status()).max_by_key(|s| s.as_u16()).unwrap_or(StatusCode::OK);
    let tally = (answers.len() > 1).then(|| {
        let count = |f: fn(&ImportAnswer) -> bool| answers.iter().filter(|(_, a)| f(a)).count().to_string();
        tr(ctx, "imports.tally")
            .replace("{n}", &answers.len().to_string())
            .replace("{imported}", &count(|a| matches!(a, ImportAnswer::Imported { .. })))
            .replace("{already}", &count(|a| matches!(a, ImportAnswer::AlreadyImported { .. })))
            .replace("{refused}", &count(|a| matches!(a, ImportAnswer::Refused { .. } | ImportAnswer::Invalid { .. })))
    });
    let outcomes: Vec<_> = answers
        .into_iter()
        .map(|(file, answer)| {
            let (result, errors) = outcome_view(ctx, answer);
            context! { file => file, result => result, errors => errors }
        })
        .collect();
    Page::new("imports.html", tr(ctx, "imports.title"))
        .status(status)
        .table(table)
        .with(context! { kinds => kinds, stores => stores, kind => kind, store => store, outcomes => outcomes, tally => tally })
        .respond(ctx, Some(&who.user))
}

/// One file's answer as the page draws it: a summary with notes, or its errors.
fn outcome_view(ctx: &Ctx, answer: ImportAnswer) -> (Option<minijinja::Value>, Option<ErrorsView>) {
    match answer {
        ImportAnswer::Imported { import_id, rows_read, rows_added, notes } => {
            let summary = tr(ctx, "imports.summary")
                .replace("{id}", &import_id.to_string())
                .replace("{read}", &rows_read.to_string())
                .replace("{added}", &rows_added.to_string());
            (Some(context! { summary => summary, notes => notes }), None)
        }
        ImportAnswer::AlreadyImported { import_id, imported_at } => {
            let summary = tr(ctx, "imports.already").replace("{id}", &import_id.to_string()).replace("{at}", &local(ctx, &imported_at));
            (Some(context! { summary => summary, notes => Vec::<String>::new() }), None)
        }
        ImportAnswer::Refused { errors, more } => {
            (None, Some(errors_view(ctx, errors.into_iter().map(|e| (e.line, e.column, e.message)), more)))
        }
        ImportAnswer::Invalid { message, .. } => (None, Some(errors_view(ctx, std::iter::once((0, None, message)), 0))),
    }
}

/// `GET /imports`.
pub async fn page(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    who.owner_only()?;
    show(&s, &who, Vec::new(), None, None).await
}

/// `POST /imports` (multipart: `csrf`, `kind`, optional `store`, one or more `file`).
pub async fn upload(State(s): State<S>, up: Upload) -> Result<Response, Fail> {
    up.who.owner_only()?;
    let answers = run_imports(&s.db, &up.who.ctx, &up).await?;
    show(&s, &up.who, answers, up.field("kind"), up.field("store")).await
}
