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
    Sql(sqlx::Error),
}

/// How long SQLite waits for another writer before giving up (seconds).
pub const SQLITE_BUSY_WAIT_S: u64 = 30;

impl From<sqlx::Error> for StoreError {
    /// A database still locked by another writer after the wait is a
    /// refusal the user can act on (try again), not a fault.
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(d) = &e {
            // SQLITE_BUSY and its extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT).
            if matches!(d.code().as_deref(), Some("5" | "261" | "517" | "773")) {
                return StoreError::Refused(Refusal::Busy { waited_s: SQLITE_BUSY_WAIT_S });
            }
            // PostgreSQL's numeric_value_out_of_range, SQLite's SUM(): a sum past 64 bits.
            if d.code().as_deref() == Some("22003") || d.message() == "integer overflow" {
                return StoreError::Refused(Refusal::SumTooLarge);
            }
        }
        StoreError::Sql(e)
    }
}

impl StoreError {
    /// Whether the database refused a duplicate key (PostgreSQL 23505,
    /// SQLite's constraint codes 1555 and 2067).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Sql(sqlx::Error::Database(e)) => matches!(e.code().as_deref(), Some("23505" | "1555" | "2067")),
            _ => false,
        }
    }
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
