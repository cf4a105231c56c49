//! Imports (导入): upload a file of any kind, see every refused row with its
//! line and column, and the list of what was imported. The upload runs the
//! same use case as `amoeba import` (all-or-nothing, idempotent).

use super::common::load_org;
use crate::ctx::{Authed, Ctx};
use crate::error::Fail;
use crate::render::{tr, Page};
use crate::stamp::local;
use crate::state::S;
use crate::table::{Cell, Table, Value};
use crate::upload::Upload;
use amoeba_app::import::{import_file, import_settlement_file, ImportKind, NoProgress};
use amoeba_app::AppError;
use amoeba_store::imports::ImportOutcome;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use serde::Serialize;

/// Imports listed on the page.
const HISTORY: i64 = 200;

/// One refused row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RowError {
    /// 1-based line in the file (the header is line 1; 0 = the file as a whole).
    pub line: u64,
    /// Column (header name) at fault, if one is.
    pub column: Option<String>,
    /// Stable snake_case id of the kind of problem (`unknown_store`, …;
    /// listed in `docs/formats.md`), the same in every language.
    pub code: String,
    /// What is wrong, in the request's language.
    pub message: String,
}

/// How an upload ended, for the page and the API alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ImportAnswer {
    /// Stored.
    Imported {
        /// Import id.
        import_id: i64,
        /// Rows in the file.
        rows_read: u64,
        /// Rows stored (the rest were already there).
        rows_added: u64,
        /// Extra remarks (settlement reconciliation, unmapped types).
        notes: Vec<String>,
    },
    /// The very same file was imported before; nothing changed.
    AlreadyImported {
        /// Id of the earlier import.
        import_id: i64,
        /// When.
        imported_at: String,
    },
    /// Refused whole; nothing was stored.
    Refused {
        /// Every refused row (up to the importer's cap).
        errors: Vec<RowError>,
        /// Errors found beyond those listed.
        more: u64,
    },
    /// The request itself was wrong (kind, store, no file).
    Invalid {
        /// A stable code for programs (`unknown_store`, `no_file`, …).
        code: String,
        /// Why, in the reader's language.
        message: String,
    },
}

impl ImportAnswer {
    /// HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self {
            ImportAnswer::Imported { .. } | ImportAnswer::AlreadyImported { .. } => StatusCode::OK,
            ImportAnswer::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ImportAnswer::Invalid { .. } => StatusCode::BAD_REQUEST,
        }
    }
}

/// Runs an upload through the import use case.
pub async fn run_import(s: &S, ctx: &Ctx, up: &Upload) -> Result<ImportAnswer, Fail> {
    let kind: ImportKind = match up.field("kind").unwrap_or("").parse() {
        Ok(k) => k,
        Err(r) => return Ok(ImportAnswer::Invalid { code: r.code().to_string(), message: r.render(ctx.lang) }),
    };
    let Some(file) = &up.file else {
        return Ok(ImportAnswer::Invalid { code: "no_file".to_string(), message: tr(ctx, "imports.no_file") });
    };
    let store = up.field("store");
    let result = if kind == ImportKind::AmazonSettlement {
        // Streamed from the uploaded file on disk, as `amoeba import` does: a settlement can be millions of lines.
        import_settlement_file(&s.db, &ctx.company, &file.name, &file.path, store, &mut NoProgress).await
    } else {
        let bytes = file.read().await.map_err(|e| ctx.internal(format!("cannot read the uploaded file back: {e}")))?;
        import_file(&s.db, &ctx.company, kind, &file.name, &bytes, store, &mut NoProgress).await
    };
    Ok(match result {
        Ok(report) => match report.outcome {
            ImportOutcome::Imported { import_id, rows_read, rows_added } => {
                ImportAnswer::Imported { import_id, rows_read, rows_added, notes: report.notes }
            }
            ImportOutcome::AlreadyImported { import_id, imported_at } => ImportAnswer::AlreadyImported { import_id, imported_at },
        },
        Err(AppError::File { errors, .. }) => ImportAnswer::Refused {
            errors: errors
                .errors
                .iter()
                .map(|e| RowError {
                    line: e.line,
                    column: e.column.clone(),
                    code: e.reason.code().to_string(),
                    message: e.message(ctx.lang),
                })
                .collect(),
            more: errors.truncated,
        },
        Err(AppError::Refused(r)) => ImportAnswer::Invalid { code: r.code().to_string(), message: r.render(ctx.lang) },
        Err(e) => return Err(ctx.internal(e)),
    })
}

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

async fn show(s: &S, who: &Authed, answer: Option<ImportAnswer>, kind: Option<&str>, store: Option<&str>) -> Result<Response, Fail> {
    let ctx = &who.ctx;
    let org = load_org(s, ctx).await?;
    let history = crate::queries::imports(&s.db, ctx.company.id, HISTORY).await.map_err(|e| ctx.internal(e))?;
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
    let status = answer.as_ref().map(ImportAnswer::status).unwrap_or(StatusCode::OK);
    let (result, errors) = match answer {
        Some(ImportAnswer::Imported { import_id, rows_read, rows_added, notes }) => {
            let summary = tr(ctx, "imports.summary")
                .replace("{id}", &import_id.to_string())
                .replace("{read}", &rows_read.to_string())
                .replace("{added}", &rows_added.to_string());
            (Some(context! { summary => summary, notes => notes }), None)
        }
        Some(ImportAnswer::AlreadyImported { import_id, imported_at }) => {
            let summary = tr(ctx, "imports.already").replace("{id}", &import_id.to_string()).replace("{at}", &local(ctx, &imported_at));
            (Some(context! { summary => summary, notes => Vec::<String>::new() }), None)
        }
        Some(ImportAnswer::Refused { errors, more }) => {
            (None, Some(errors_view(ctx, errors.into_iter().map(|e| (e.line, e.column, e.message)), more)))
        }
        Some(ImportAnswer::Invalid { message, .. }) => (None, Some(errors_view(ctx, std::iter::once((0, None, message)), 0))),
        None => (None, None),
    };
    Page::new("imports.html", tr(ctx, "imports.title"))
        .status(status)
        .table(table)
        .with(context! { kinds => kinds, stores => stores, kind => kind, store => store, result => result, errors => errors })
        .respond(ctx, Some(&who.user))
}

/// `GET /imports`.
pub async fn page(State(s): State<S>, who: Authed) -> Result<Response, Fail> {
    who.owner_only()?;
    show(&s, &who, None, None, None).await
}

/// `POST /imports` (multipart: `csrf`, `kind`, optional `store`, `file`).
pub async fn upload(State(s): State<S>, up: Upload) -> Result<Response, Fail> {
    up.who.owner_only()?;
    let answer = run_import(&s, &up.who.ctx, &up).await?;
    show(&s, &up.who, Some(answer), up.field("kind"), up.field("store")).await
}
