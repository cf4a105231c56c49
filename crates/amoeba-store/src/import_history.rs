//! The list of accepted files, newest first (the imports page and API).

use crate::{Db, Result};
use sqlx::Row;

/// One accepted file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportRow {
    /// Import id.
    pub id: i64,
    /// Kind of file (`facts`, `amazon-settlement`…).
    pub kind: String,
    /// File name as uploaded.
    pub file_name: String,
    /// Store the file belongs to, if any.
    pub store: Option<String>,
    /// Encoding it was read in.
    pub encoding: String,
    /// Rows in the file.
    pub rows_read: i64,
    /// Rows stored (the rest were already there).
    pub rows_added: i64,
    /// When (RFC 3339, UTC).
    pub imported_at: String,
}

impl Db {
    /// The company's imports, newest first (at most `limit`).
    pub async fn imports(&self, company_id: i64, limit: i64) -> Result<Vec<ImportRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, file_name, store_code, encoding, rows_read, rows_added, imported_at FROM imports \
             WHERE company_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(company_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ImportRow {
                id: r.get(0),
                kind: r.get(1),
                file_name: r.get(2),
                store: r.get(3),
                encoding: r.get(4),
                rows_read: r.get(5),
                rows_added: r.get(6),
                imported_at: r.get(7),
            })
            .collect())
    }

    /// Whether the database answers (the health check).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
