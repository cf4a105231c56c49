//! Storage errors, worded for the person at the keyboard.

use amoeba_core::Refusal;
use amoeba_import::ImportError;

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or reached.
    #[error("cannot reach the database at {url}: {reason}")]
    Unreachable {
        /// Where we tried (password removed).
        url: String,
        /// What the driver said.
        reason: String,
    },
    /// The schema could not be brought up to date.
    #[error("database migration failed: {0}")]
    Migrate(String),
    /// No company exists yet.
    #[error("no company in this database yet: run `amoeba init` or `amoeba demo` first")]
    NoCompany,
    /// More than one company exists and none was named.
    #[error("this database holds several companies ({0}); name one with --company")]
    WhichCompany(String),
    /// The named company does not exist.
    #[error("unknown company '{0}'")]
    UnknownCompany(String),
    /// Data in the database does not parse back (should never happen).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The input was refused for a reason the user can act on, rendered in
    /// their language; nothing was written.
    #[error("{0}")]
    Refused(Refusal),
    /// A library the store relies on failed (should never happen).
    #[error("internal error: {0}")]
    Internal(String),
    /// Rows of an import were refused (references or locked periods); nothing was written.
    /// Each is an [`ImportError`] so it renders in the reader's language.
    #[error("{}", format_rows(.0))]
    RowsRefused(Vec<ImportError>),
    /// Any other database error.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
}

/// Most row problems printed in one message.
pub const MAX_ROW_PROBLEMS: usize = 200;

fn format_rows(rows: &[ImportError]) -> String {
    let mut out = format!("{} row(s) refused; nothing was stored:", rows.len());
    for r in rows.iter().take(MAX_ROW_PROBLEMS) {
        out.push_str(&format!("\n  {r}"));
    }
    if rows.len() > MAX_ROW_PROBLEMS {
        out.push_str(&format!("\n  … and {} more", rows.len() - MAX_ROW_PROBLEMS));
    }
    out
}
