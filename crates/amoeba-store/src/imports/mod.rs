//! Writing imported files: all-or-nothing (one transaction), idempotent (a
//! file already imported, or a row already stored, adds nothing), refused
//! whole when any row points at something unknown or at a closed period.

//!
//! One module per job: [`facts`] (the generic facts import and its checks),
//! [`settlement`] (a marketplace settlement's blocks and shards),
//! [`reference`] (FX, hours, plans and inventory files); what they share
//! (the import record, closed months, the outcome) is here.

/// Refused rows kept with their problem (the refusal counts the rest).
const MAX_KEPT_PROBLEMS: usize = 10_000;

mod facts;
mod orders;
mod reference;
mod settlement;
mod traffic;

pub(crate) use facts::aggregate_import;
pub use orders::OrderWrite;
pub use reference::ReferenceRows;
pub use settlement::DAILY_FLUSH_CELLS;
use settlement::{already_stored, SettlementSink};

use crate::batch::{insert_many, Val};
use crate::daily_agg::write_day_block;
use crate::daily_agg::{daily_sku_sql, AggFact, DailyAgg};
use crate::settlement_shard::{SettlementShard, ShardBlock};
use crate::settlements::{find_settlement, insert_days, insert_settlement, FoundSettlement, SettlementHeader};
use crate::{Backend, Db, Result, StoreError};
use amoeba_core::ledger::{FactRecord, FxRate, HoursPeriod, HoursRecord, InventoryRecord, PlanRecord};
use amoeba_core::money::to_source_units;
use amoeba_core::Month;
use amoeba_import::{ImportError, Reason};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::{Any, AnyConnection, Row, Transaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// What is known about a file before its rows are written.
#[derive(Debug, Clone)]
pub struct ImportMeta {
    /// Import kind (`facts`, `amazon-settlement`, `fx`, …).
    pub kind: String,
    /// File name as given (for the record and messages).
    pub file_name: String,
    /// SHA-256 of the file bytes (hex): the same bytes import once.
    pub file_sha256: String,
    /// Encoding the file was read in.
    pub encoding: String,
    /// Store the file belongs to, if any (`--store`).
    pub store: Option<String>,
}

/// How an import ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Rows were read; `rows_added` of them were new.
    Imported {
        /// Id of the import record.
        import_id: i64,
        /// Rows in the file.
        rows_read: u64,
        /// Rows stored (the others were already there).
        rows_added: u64,
    },
    /// The same file was imported before; nothing changed.
    AlreadyImported {
        /// Id of the earlier import.
        import_id: i64,
        /// When it was imported.
        imported_at: String,
    },
}

/// A fact with its idempotency fingerprint (hex), ready to store.
#[derive(Debug, Clone)]
pub struct NewFact {
    /// The fact.
    pub record: FactRecord,
    /// Row fingerprint: the same row never stores twice. `None` only in a
    /// settlement import, which is idempotent by its settlement id instead.
    pub fingerprint: Option<String>,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Months that are closed for a company.
pub async fn closed_months(conn: &mut AnyConnection, company_id: i64) -> Result<BTreeSet<String>> {
    let rows = sqlx::query("SELECT month FROM periods WHERE company_id = $1").bind(company_id).fetch_all(&mut *conn).await?;
    Ok(rows.iter().map(|r| r.get::<String, _>(0)).collect())
}

fn closed_period(line: u64, column: &str, month: String) -> ImportError {
    ImportError::cell(line, column, Reason::ClosedPeriod { month })
}

fn unknown_unit(line: u64, code: &str) -> ImportError {
    ImportError::cell(line, "unit", Reason::UnknownUnit { code: code.to_string() })
}

fn unknown_store(line: u64, code: &str) -> ImportError {
    ImportError::cell(line, "store", Reason::UnknownStore { code: code.to_string() })
}

async fn find_import(conn: &mut AnyConnection, company_id: i64, meta: &ImportMeta) -> Result<Option<ImportOutcome>> {
    let row = sqlx::query("SELECT id, imported_at FROM imports WHERE company_id = $1 AND kind = $2 AND file_sha256 = $3")
        .bind(company_id)
        .bind(meta.kind.clone())
        .bind(meta.file_sha256.clone())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| ImportOutcome::AlreadyImported { import_id: r.get(0), imported_at: r.get(1) }))
}

async fn insert_import(conn: &mut AnyConnection, company_id: i64, meta: &ImportMeta) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO imports (company_id, kind, file_name, file_sha256, encoding, store_code, rows_read, rows_added, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7) RETURNING id",
    )
    .bind(company_id)
    .bind(meta.kind.clone())
    .bind(meta.file_name.clone())
    .bind(meta.file_sha256.clone())
    .bind(meta.encoding.clone())
    .bind(meta.store.clone())
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.get(0))
}

async fn finish_import(conn: &mut AnyConnection, import_id: i64, rows_read: u64, rows_added: u64) -> Result<()> {
    sqlx::query("UPDATE imports SET rows_read = $1, rows_added = $2 WHERE id = $3")
        .bind(rows_read as i64)
        .bind(rows_added as i64)
        .bind(import_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What an import needs to know about a store: its business-day time zone
/// and settlement currency, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSettings {
    /// IANA time zone name.
    pub timezone: String,
    /// ISO currency code.
    pub currency: String,
}

impl Db {
    /// The time zone and currency of store `code`, or `Err` with every
    /// known store code when there is no such store. One indexed lookup,
    /// instead of loading the whole organisation for every imported file.
    pub async fn store_settings(&self, company_id: i64, code: &str) -> Result<std::result::Result<StoreSettings, Vec<String>>> {
        let row = sqlx::query("SELECT timezone, currency FROM stores WHERE company_id = $1 AND code = $2")
            .bind(company_id)
            .bind(code.to_string())
            .fetch_optional(&self.pool)
            .await?;
        if let Some(r) = row {
            return Ok(Ok(StoreSettings { timezone: r.get(0), currency: r.get(1) }));
        }
        let known = sqlx::query("SELECT code FROM stores WHERE company_id = $1 ORDER BY position")
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
        Ok(Err(known))
    }
}

async fn code_ids(conn: &mut AnyConnection, table: &str, company_id: i64) -> Result<HashMap<String, i64>> {
    let rows = sqlx::query(&format!("SELECT code, id FROM {table} WHERE company_id = $1")).bind(company_id).fetch_all(&mut *conn).await?;
    Ok(rows.iter().map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1))).collect())
}

/// Page cache of a connection that imports facts: 64 MiB, taken only as
/// pages are read.
const SQLITE_IMPORT_CACHE: &str = "PRAGMA cache_size = -65536";

/// A facts import in progress: rows arrive in batches (so a 10-million-line
/// settlement never sits in memory twice) inside one transaction.
pub struct FactImport {
    tx: Transaction<'static, Any>,
    /// Set for a settlement: the summary, and the net amount per day.
    settlement: Option<(SettlementHeader, BTreeMap<NaiveDate, i128>)>,
    /// `fact_daily` totals of the stored rows; `None` once a batch stored
    /// fewer rows than it carried (then aggregated in SQL at the end).
    daily: Option<DailyAgg>,
    /// When a settlement writes its daily sums ([`DAILY_FLUSH_CELLS`]).
    daily_flush_cells: usize,
    /// Set for a settlement: its lines go to `fact_chunks`, not `facts`.
    chunks: Option<SettlementSink>,
    /// SHA-256 of a streamed file, known only once it was read.
    late_sha256: Option<String>,
    /// Import kind, to look the late SHA-256 up among earlier imports.
    kind: String,
    backend: Backend,
    company_id: i64,
    import_id: i64,
    stores: foldhash::HashMap<String, i64>,
    units: foldhash::HashMap<String, i64>,
    closed: Arc<BTreeSet<String>>,
    /// The last month found open: facts come in runs of the same month.
    open_month: Option<Month>,
    problems: Vec<ImportError>,
    rows_read: u64,
    rows_added: u64,
    /// Whether the facts added are the file's rows (counted as read and
    /// added); an orders file counts its events instead, and the facts its
    /// shipments book are not rows of the file.
    facts_are_rows: bool,
    encoding: Option<String>,
}
