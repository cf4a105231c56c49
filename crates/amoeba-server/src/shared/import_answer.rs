//! How an upload through the pages or the API ended: the same answer for
//! both (the page draws it, the API returns it as JSON).

use crate::ctx::Ctx;
use crate::error::Fail;
use crate::render::tr;
use crate::upload::{Upload, UploadedFile};
use amoeba_app::import::{import_file, import_settlement_file, ImportKind, NoProgress};
use amoeba_app::traffic_import::{import_traffic, TrafficOptions};
use amoeba_app::AppError;
use amoeba_store::imports::ImportOutcome;
use amoeba_store::Db;
use axum::http::StatusCode;
use serde::Serialize;

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

/// The `from`, `to` and `cut` fields of a traffic upload; one given but
/// unreadable is an invalid request, never silently dropped.
fn traffic_options(ctx: &Ctx, up: &Upload) -> Result<TrafficOptions, ImportAnswer> {
    let invalid = |field: &str, value: &str| ImportAnswer::Invalid {
        code: format!("bad_{field}"),
        message: tr(ctx, &format!("oversight.bad_{field}")).replace("{v}", value),
    };
    let day = |field: &str| -> Result<Option<chrono::NaiveDate>, ImportAnswer> {
        up.field(field).map(|v| v.parse().map_err(|_| invalid(field, v))).transpose()
    };
    let cut = up.field("cut").map(|v| v.parse().map_err(|_| invalid("cut", v))).transpose()?;
    Ok(TrafficOptions { from: day("from")?, to: day("to")?, cut })
}

/// Runs an upload's (first) file through the import use case.
pub async fn run_import(db: &Db, ctx: &Ctx, up: &Upload) -> Result<ImportAnswer, Fail> {
    let kind: ImportKind = match up.field("kind").unwrap_or("").parse() {
        Ok(k) => k,
        Err(r) => return Ok(ImportAnswer::Invalid { code: r.code().to_string(), message: r.render(ctx.lang) }),
    };
    let Some(file) = up.file() else {
        return Ok(ImportAnswer::Invalid { code: "no_file".to_string(), message: tr(ctx, "imports.no_file") });
    };
    import_one(db, ctx, kind, up, file).await
}

/// Runs every file of an upload, each its own all-or-nothing import (a
/// seller uploads a fortnight's settlements of all stores at once): each
/// file's name with its answer, in form order. One answer without a file
/// name when the request itself is wrong.
pub async fn run_imports(db: &Db, ctx: &Ctx, up: &Upload) -> Result<Vec<(Option<String>, ImportAnswer)>, Fail> {
    let kind: ImportKind = match up.field("kind").unwrap_or("").parse() {
        Ok(k) => k,
        Err(r) => return Ok(vec![(None, ImportAnswer::Invalid { code: r.code().to_string(), message: r.render(ctx.lang) })]),
    };
    if up.files.is_empty() {
        return Ok(vec![(None, ImportAnswer::Invalid { code: "no_file".to_string(), message: tr(ctx, "imports.no_file") })]);
    }
    let mut out = Vec::with_capacity(up.files.len());
    for file in &up.files {
        out.push((Some(file.name.clone()), import_one(db, ctx, kind, up, file).await?));
    }
    Ok(out)
}

async fn import_one(db: &Db, ctx: &Ctx, kind: ImportKind, up: &Upload, file: &UploadedFile) -> Result<ImportAnswer, Fail> {
    let store = up.field("store");
    let result = if matches!(kind, ImportKind::Traffic | ImportKind::AmazonBusinessReport) {
        let opts = match traffic_options(ctx, up) {
            Ok(o) => o,
            Err(invalid) => return Ok(invalid),
        };
        let bytes = file.read().await.map_err(|e| ctx.internal(format!("cannot read the uploaded file back: {e}")))?;
        import_traffic(db, &ctx.company, kind, &file.name, &bytes, store, opts).await
    } else if kind == ImportKind::AmazonSettlement {
        // Streamed from the uploaded file on disk, as `amoeba import` does: a settlement can be millions of lines.
        import_settlement_file(db, &ctx.company, &file.name, &file.path, store, &mut NoProgress).await
    } else {
        let bytes = file.read().await.map_err(|e| ctx.internal(format!("cannot read the uploaded file back: {e}")))?;
        import_file(db, &ctx.company, kind, &file.name, &bytes, store, &mut NoProgress).await
    };
    Ok(match result {
        Ok(report) => match report.outcome {
            ImportOutcome::Imported { import_id, rows_read, rows_added } => ImportAnswer::Imported {
                import_id,
                rows_read,
                rows_added,
                notes: report.notes.iter().map(|n| n.text(ctx.lang).to_string()).collect(),
            },
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
