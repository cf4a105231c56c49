//! The company's data version (`companies.data_version`, migration 0007):
//! one number that goes up with every change to what the figures are
//! computed from. It is how a close knows nothing landed while it computed,
//! how an import knows no month closed under it, and what the board's cache
//! keys on.

use crate::imports::closed_months;
use crate::{Result, StoreError};
use amoeba_core::Refusal;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

/// Counts one change. On PostgreSQL it also locks the company's row until
/// the transaction ends, which is what serialises a close and the last
/// step of every import.
pub(crate) async fn bump(conn: &mut AnyConnection, company_id: i64) -> Result<()> {
    sqlx::query("UPDATE companies SET data_version = data_version + 1 WHERE id = $1").bind(company_id).execute(&mut *conn).await?;
    Ok(())
}

/// Counts one change only if the version is still `seen`: false means
/// something changed since it was read (the caller computes again).
pub(crate) async fn bump_if_unchanged(conn: &mut AnyConnection, company_id: i64, seen: i64) -> Result<bool> {
    let done = sqlx::query("UPDATE companies SET data_version = data_version + 1 WHERE id = $1 AND data_version = $2")
        .bind(company_id)
        .bind(seen)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The last step of an import, just before it commits: counts the change
/// (waiting for a close in progress), then refuses if a month closed since
/// the import read the closed months, so no row lands beside a locked P&L.
pub(crate) async fn seal_import(conn: &mut AnyConnection, company_id: i64, closed_at_start: &BTreeSet<String>) -> Result<()> {
    bump(conn, company_id).await?;
    let now = closed_months(conn, company_id).await?;
    let months: Vec<String> = now.difference(closed_at_start).cloned().collect();
    if !months.is_empty() {
        return Err(StoreError::Refused(Refusal::ClosedDuringImport { months }));
    }
    Ok(())
}

/// After [`seal_import`] of a settlement: refuses when the same settlement
/// id was committed meanwhile under another store (two imports racing).
pub(crate) async fn seal_settlement(conn: &mut AnyConnection, company_id: i64, store_id: i64, settlement_id: &str) -> Result<()> {
    let other = sqlx::query(
        "SELECT st.code, i.imported_at FROM settlements s JOIN imports i ON i.id = s.import_id JOIN stores st ON st.id = s.store_id \
         WHERE s.company_id = $1 AND s.settlement_id = $2 AND s.store_id <> $3",
    )
    .bind(company_id)
    .bind(settlement_id.to_string())
    .bind(store_id)
    .fetch_optional(&mut *conn)
    .await?;
    match other {
        Some(r) => Err(StoreError::Refused(Refusal::SettlementOfAnotherStore {
            settlement: settlement_id.to_string(),
            store: r.get(0),
            imported_at: r.get(1),
        })),
        None => Ok(()),
    }
}
