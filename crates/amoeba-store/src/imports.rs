//! Writing imported files: all-or-nothing (one transaction), idempotent (a
//! file already imported, or a row already stored, adds nothing), refused
//! whole when any row points at something unknown or at a closed period.

use crate::batch::{insert_many, Val};
use crate::chunk_codec::ChunkFactRef;
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
    settlement: Option<(SettlementHeader, BTreeMap<NaiveDate, i64>)>,
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
    encoding: Option<String>,
}

/// Where a settlement's shards end up: block numbers, the shard fed by
/// [`FactImport::add`], and the distinct orders per day of every shard
/// absorbed (for `order_daily`).
struct SettlementSink {
    store_id: i64,
    /// Number of the next `fact_chunks` block.
    next_no: i64,
    /// Number of the next `daily_chunks` block.
    next_daily: i64,
    /// The shard [`FactImport::add`] fills (facts handed over as records).
    own: Option<SettlementShard>,
    /// (day, hash of the order id) of every sale with an order id, sorted
    /// and distinct: 16 bytes an order, where the ids would be ~40. The
    /// shards' lists are merged as they are absorbed.
    orders: Vec<(NaiveDate, u64)>,
}

impl SettlementSink {
    /// Stores a finished block under the next number of its table.
    async fn write(&mut self, conn: &mut AnyConnection, company_id: i64, import_id: i64, block: ShardBlock) -> Result<()> {
        match block {
            ShardBlock::Facts(c) => {
                sqlx::query(
                    "INSERT INTO fact_chunks (company_id, import_id, chunk_no, store_id, day_min, day_max, first_line, fact_count, payload) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(company_id)
                .bind(import_id)
                .bind(self.next_no)
                .bind(self.store_id)
                .bind(c.day_min.to_string())
                .bind(c.day_max.to_string())
                .bind(c.first_line as i64)
                .bind(c.rows as i64)
                .bind(c.bytes)
                .execute(&mut *conn)
                .await?;
                self.next_no += 1;
            }
            ShardBlock::Day(d) => {
                write_day_block(conn, company_id, import_id, self.next_daily, &d).await?;
                self.next_daily += 1;
            }
        }
        Ok(())
    }

    /// Writes the distinct orders per day.
    async fn write_orders(&mut self, conn: &mut AnyConnection, backend: Backend, company_id: i64, import_id: i64) -> Result<()> {
        let mut per_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for run in self.orders.chunk_by(|a, b| a.0 == b.0) {
            *per_day.entry(run[0].0).or_default() += run.len() as i64;
        }
        let rows = per_day
            .into_iter()
            .map(|(day, n)| vec![Val::I(company_id), Val::I(import_id), Val::T(day.to_string()), Val::I(self.store_id), Val::I(n)])
            .collect();
        insert_many(conn, backend, "order_daily", &["company_id", "import_id", "day", "store_id", "orders"], rows, "").await?;
        Ok(())
    }
}

/// The distinct entries of two sorted, distinct lists, sorted: an order
/// whose sales two shards saw counts once.
fn merge_distinct<T: Ord + Copy>(a: Vec<T>, b: Vec<T>) -> Vec<T> {
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// SKU-level facts a settlement shard keeps as rows (~64 bytes each, plus
/// the SKU's bytes) before it sums them into day blocks (readers add the
/// blocks up): ~20 MiB per shard.
pub const DAILY_FLUSH_CELLS: usize = 262_144;

impl Db {
    /// Starts a facts import, or says the file was imported before.
    pub async fn begin_fact_import(&self, company_id: i64, meta: &ImportMeta) -> Result<std::result::Result<FactImport, ImportOutcome>> {
        self.begin_facts(company_id, meta, None).await
    }

    /// Starts the import of one marketplace settlement, or says it was
    /// imported before (the same settlement id for the same store, whatever
    /// the file's bytes). Its rows need no fingerprints. The file's SHA-256
    /// may be given late ([`FactImport::set_file_sha256`]), when a streamed
    /// file has been read to the end.
    pub async fn begin_settlement_import(
        &self,
        company_id: i64,
        meta: &ImportMeta,
        settlement: SettlementHeader,
    ) -> Result<std::result::Result<FactImport, ImportOutcome>> {
        self.begin_facts(company_id, meta, Some(settlement)).await
    }

    async fn begin_facts(
        &self,
        company_id: i64,
        meta: &ImportMeta,
        settlement: Option<SettlementHeader>,
    ) -> Result<std::result::Result<FactImport, ImportOutcome>> {
        let mut tx = self.begin_write().await?;
        if let Some(done) = find_import(&mut tx, company_id, meta).await? {
            return Ok(Err(done));
        }
        if self.backend == Backend::Sqlite {
            // A large import updates three indexes of `facts` at random
            // places (the fingerprint is a hash): keep them in memory rather
            // than re-reading pages from the OS (SQLite's default is 2 MiB).
            sqlx::query(SQLITE_IMPORT_CACHE).execute(&mut *tx).await?;
        }
        let stores: foldhash::HashMap<String, i64> = code_ids(&mut tx, "stores", company_id).await?.into_iter().collect();
        let units: foldhash::HashMap<String, i64> = code_ids(&mut tx, "units", company_id).await?.into_iter().collect();
        let closed = Arc::new(closed_months(&mut tx, company_id).await?);
        let settlement = match settlement {
            Some(h) => {
                let Some(store_id) = stores.get(&h.store).copied() else {
                    let mut known: Vec<String> = stores.keys().cloned().collect();
                    known.sort();
                    return Err(StoreError::Refused(amoeba_core::Refusal::UnknownStore { code: h.store.clone(), known }));
                };
                if let Some(found) = find_settlement(&mut tx, company_id, &h.settlement_id).await? {
                    return already_stored(found, store_id, &h.settlement_id);
                }
                Some((store_id, h))
            }
            None => None,
        };
        let import_id = insert_import(&mut tx, company_id, meta).await?;
        if let Some((store_id, h)) = &settlement {
            if let Err(e) = insert_settlement(&mut tx, company_id, *store_id, import_id, h).await {
                // Another import of this settlement committed while ours
                // waited on its key (PostgreSQL): say what a rerun would say.
                if !e.is_unique_violation() {
                    return Err(e);
                }
                tx.rollback().await?;
                let mut conn = self.pool.acquire().await?;
                let found = find_settlement(&mut conn, company_id, &h.settlement_id).await?;
                return match found {
                    Some(found) => already_stored(found, *store_id, &h.settlement_id),
                    None => Err(e),
                };
            }
        }
        let chunks = settlement.as_ref().map(|(store_id, _)| SettlementSink {
            store_id: *store_id,
            next_no: 0,
            next_daily: 0,
            own: None,
            orders: Vec::new(),
        });
        Ok(Ok(FactImport {
            tx,
            settlement: settlement.map(|(_, h)| (h, BTreeMap::new())),
            daily: Some(DailyAgg::default()),
            daily_flush_cells: DAILY_FLUSH_CELLS,
            chunks,
            late_sha256: None,
            kind: meta.kind.clone(),
            backend: self.backend,
            company_id,
            import_id,
            stores,
            units,
            closed,
            open_month: None,
            problems: Vec::new(),
            rows_read: 0,
            rows_added: 0,
            encoding: None,
        }))
    }
}

/// A person works at most 24 hours a day, across units and files: the
/// rows of `rows_in` (with the stored rows of the same person and day that
/// are not in it) whose running total passes 24, as (line, total).
async fn person_days(conn: &mut AnyConnection, company_id: i64, rows_in: &[(HoursRecord, String)]) -> Result<Vec<(u64, Decimal)>> {
    let day = |h: &HoursRecord| match h.period {
        HoursPeriod::Day(d) => Some(d.to_string()),
        HoursPeriod::Month(_) => None,
    };
    let mut totals: HashMap<(String, String), Decimal> = HashMap::new();
    // Rows checked only (no fingerprints) are not compared with the stored ones.
    if rows_in.iter().all(|(_, fp)| !fp.is_empty()) {
        let days: BTreeSet<String> = rows_in.iter().filter_map(|(h, _)| day(h)).collect();
        let ours: BTreeSet<&str> = rows_in.iter().map(|(_, fp)| fp.as_str()).collect();
        if !days.is_empty() {
            let (first, last) = (days.first().cloned().unwrap_or_default(), days.last().cloned().unwrap_or_default());
            let stored = sqlx::query(
                "SELECT person_code, period, hours, overtime_hours, fingerprint FROM hours \
                 WHERE company_id = $1 AND length(period) = 10 AND period >= $2 AND period <= $3",
            )
            .bind(company_id)
            .bind(first)
            .bind(last)
            .fetch_all(&mut *conn)
            .await?;
            for r in stored {
                let (person, period, fp): (String, String, String) = (r.get(0), r.get(1), r.get(4));
                if !days.contains(&period) || ours.contains(fp.as_str()) {
                    continue;
                }
                let h: Decimal = r.get::<String, _>(2).parse().unwrap_or_default();
                let o: Decimal = r.get::<String, _>(3).parse().unwrap_or_default();
                *totals.entry((person, period)).or_default() += h + o;
            }
        }
    }
    let mut over = Vec::new();
    for (h, _) in rows_in {
        let Some(d) = day(h) else { continue };
        let t = totals.entry((h.person.clone(), d)).or_default();
        *t += h.hours + h.overtime_hours;
        if *t > Decimal::from(24) {
            over.push((h.line, *t));
        }
    }
    Ok(over)
}

/// A settlement found stored: the same store's is already imported; another
/// store's is refused (one payout belongs to one store).
fn already_stored(found: FoundSettlement, store_id: i64, settlement_id: &str) -> Result<std::result::Result<FactImport, ImportOutcome>> {
    if found.store_id == store_id {
        return Ok(Err(ImportOutcome::AlreadyImported { import_id: found.import_id, imported_at: found.imported_at }));
    }
    Err(StoreError::Refused(amoeba_core::Refusal::SettlementOfAnotherStore {
        settlement: settlement_id.to_string(),
        store: found.store,
        imported_at: found.imported_at,
    }))
}

/// The store id, unit id (0 for none) and amount in source units of a
/// fact, or its first problem against the organisation and the closed
/// months. `open_month` caches the last month found open (facts come in
/// runs of one month). Shared by the import and by the check of a refused
/// file's good rows, so both say the same.
fn check_fact<S: std::hash::BuildHasher>(
    r: &FactRecord,
    stores: &HashMap<String, i64, S>,
    units: &HashMap<String, i64, S>,
    closed_months: &BTreeSet<String>,
    open_month: &mut Option<Month>,
) -> std::result::Result<(i64, i64, i64), ImportError> {
    let store_id = match &r.store {
        Some(code) => *stores.get(&**code).ok_or_else(|| unknown_store(r.line, code))?,
        None => 0,
    };
    let unit_id = match &r.unit {
        Some(code) => *units.get(code).ok_or_else(|| unknown_unit(r.line, code))?,
        None => 0,
    };
    let month = Month::of(r.date);
    if *open_month != Some(month) {
        if closed_months.contains(&month.to_string()) {
            return Err(closed_period(r.line, "date", month.to_string()));
        }
        *open_month = Some(month);
    }
    let amount = to_source_units(r.amount)
        .ok_or_else(|| ImportError::cell(r.line, "amount", Reason::AmountDoesNotFit { value: r.amount.to_string() }))?;
    Ok((store_id, unit_id, amount))
}

impl Db {
    /// Every problem of `facts` against the company's organisation and
    /// closed months (unknown store or unit, closed period), storing
    /// nothing: a file refused for its own errors still lists these for
    /// the rows that did parse, so one pass reports them all.
    pub async fn check_fact_references(&self, company_id: i64, facts: &[FactRecord]) -> Result<Vec<ImportError>> {
        let mut conn = self.pool.acquire().await?;
        let stores = code_ids(&mut conn, "stores", company_id).await?;
        let units = code_ids(&mut conn, "units", company_id).await?;
        let closed_months = closed_months(&mut conn, company_id).await?;
        let mut open_month = None;
        Ok(facts.iter().filter_map(|r| check_fact(r, &stores, &units, &closed_months, &mut open_month).err()).collect())
    }
}

impl FactImport {
    /// Records the file's encoding when it is only known once every line
    /// was read (streamed imports); stored when the import commits.
    pub fn set_encoding(&mut self, encoding: &str) {
        self.encoding = Some(encoding.to_string());
    }

    /// Writes a settlement's daily sums every `cells` distinct keys instead
    /// of [`DAILY_FLUSH_CELLS`]: tests use a small figure to exercise it.
    pub fn set_daily_flush_cells(&mut self, cells: usize) {
        self.daily_flush_cells = cells.max(1);
    }

    /// Records the SHA-256 (hex) of a file that was streamed: checked
    /// against earlier imports and stored when the import commits.
    pub fn set_file_sha256(&mut self, sha256: &str) {
        self.late_sha256 = Some(sha256.to_string());
    }

    /// Checks and (while no row has been refused) writes a batch of facts.
    pub async fn add(&mut self, batch: Vec<NewFact>) -> Result<()> {
        let mut rows = Vec::with_capacity(batch.len());
        for f in batch {
            self.rows_read += 1;
            let r = &f.record;
            let mut bad = |e: ImportError| {
                if self.problems.len() < 10_000 {
                    self.problems.push(e);
                }
            };
            let (store_id, unit_id, amount) = match check_fact(r, &self.stores, &self.units, &self.closed, &mut self.open_month) {
                Ok(ids) => ids,
                Err(e) => {
                    bad(e);
                    continue;
                }
            };
            assert!(f.fingerprint.is_some() || self.settlement.is_some(), "only a settlement's rows may lack a fingerprint");
            if let Some(sink) = &mut self.chunks {
                // A chunk keeps what a settlement line carries: asserted,
                // because the readers of customers and units skip chunks.
                assert!(
                    store_id == sink.store_id && unit_id == 0 && r.customer_id.is_none() && r.corrects.is_none(),
                    "a settlement line belongs to its store only"
                );
                let shard = sink.own.get_or_insert_with(|| SettlementShard::new(store_id, self.closed.clone(), self.daily_flush_cells));
                shard.push(&ChunkFactRef {
                    line: r.line,
                    day: r.date,
                    occurred_at: r.occurred_at,
                    kind: r.kind,
                    amount,
                    quantity: r.quantity,
                    currency: r.currency,
                    sku: r.sku.as_deref(),
                    order_id: r.order_id.as_deref(),
                    memo: r.memo.as_deref(),
                });
                for block in shard.take_ready() {
                    sink.write(&mut self.tx, self.company_id, self.import_id, block).await?;
                }
                continue;
            }
            let agg = AggFact {
                day: r.date,
                store_id,
                unit_id,
                sku: r.sku.as_deref(),
                kind: r.kind,
                currency: r.currency,
                amount,
                quantity: r.quantity,
            };
            if let Some(daily) = &mut self.daily {
                if !daily.add(agg) {
                    self.daily = None;
                }
            }
            rows.push(vec![
                Val::I(self.company_id),
                Val::I(self.import_id),
                Val::I(r.line as i64),
                Val::N(f.fingerprint),
                Val::T(r.date.to_string()),
                Val::N(r.occurred_at.map(|t| t.to_rfc3339())),
                Val::I(store_id),
                Val::I(unit_id),
                Val::T(r.sku.as_deref().unwrap_or("").to_string()),
                Val::N(r.order_id.as_deref().map(str::to_string)),
                Val::N(r.customer_id.clone()),
                Val::I(r.quantity),
                Val::T(r.kind.as_str().to_string()),
                Val::I(amount),
                Val::T(r.currency.to_string()),
                Val::N(r.memo.as_deref().map(str::to_string)),
                Val::N(r.corrects.clone()),
            ]);
        }
        if !self.problems.is_empty() {
            return Ok(());
        }
        let carried = rows.len() as u64;
        // A settlement's rows are new as a whole (its id was checked at the
        // start): a plain INSERT. Other rows skip those already stored.
        let on_conflict =
            if self.settlement.is_some() { "" } else { "ON CONFLICT (company_id, fingerprint) WHERE fingerprint IS NOT NULL DO NOTHING" };
        let stored = insert_many(
            &mut self.tx,
            self.backend,
            "facts",
            &[
                "company_id",
                "import_id",
                "line",
                "fingerprint",
                "day",
                "occurred_at",
                "store_id",
                "unit_id",
                "sku",
                "order_id",
                "customer_id",
                "quantity",
                "kind",
                "amount",
                "currency",
                "memo",
                "corrects",
            ],
            rows,
            on_conflict,
        )
        .await?;
        if stored != carried {
            // Some rows were already there: only SQL knows which were new.
            self.daily = None;
        }
        self.rows_added += stored;
        Ok(())
    }

    /// Commits the import (updating the daily aggregates), or rolls it back
    /// and returns every refused row.
    pub async fn finish(mut self) -> Result<ImportOutcome> {
        if !self.problems.is_empty() {
            return self.refuse().await;
        }
        if let Some(sha) = self.late_sha256.take() {
            let meta = ImportMeta {
                kind: self.kind.clone(),
                file_name: String::new(),
                file_sha256: sha.clone(),
                encoding: String::new(),
                store: None,
            };
            if let Some(done) = find_import(&mut self.tx, self.company_id, &meta).await? {
                self.tx.rollback().await?;
                return Ok(done);
            }
            sqlx::query("UPDATE imports SET file_sha256 = $1 WHERE id = $2").bind(sha).bind(self.import_id).execute(&mut *self.tx).await?;
        }
        if let Some(own) = self.chunks.as_mut().and_then(|s| s.own.take()) {
            self.absorb_shard(own).await?;
            if !self.problems.is_empty() {
                return self.refuse().await;
            }
        }
        let mut settlement_id = None;
        let settlement_store = self.chunks.as_ref().map(|c| c.store_id);
        if let Some((h, days)) = self.settlement.take() {
            insert_days(&mut self.tx, self.company_id, self.import_id, h.total_amount, &days).await?;
            settlement_id = Some(h.settlement_id);
        }
        if let Some(mut sink) = self.chunks.take() {
            sink.write_orders(&mut self.tx, self.backend, self.company_id, self.import_id).await?;
            let mut daily = self.daily.take().expect("a settlement always sums its days in memory");
            for block in daily.take_sku_blocks() {
                sink.write(&mut self.tx, self.company_id, self.import_id, ShardBlock::Day(block)).await?;
            }
            daily.write(&mut self.tx, self.backend, self.company_id).await?;
        } else {
            match self.daily.take() {
                Some(daily) => daily.write(&mut self.tx, self.backend, self.company_id).await?,
                None => aggregate_import(&mut self.tx, self.company_id, self.import_id).await?,
            }
        }
        finish_import(&mut self.tx, self.import_id, self.rows_read, self.rows_added).await?;
        if let Some(enc) = self.encoding.take() {
            sqlx::query("UPDATE imports SET encoding = $1 WHERE id = $2").bind(enc).bind(self.import_id).execute(&mut *self.tx).await?;
        }
        if self.backend == Backend::Sqlite {
            // SQLite turns an integer sum past 64 bits into a REAL instead
            // of failing (PostgreSQL refuses: StoreError maps it).
            let real = sqlx::query("SELECT 1 FROM fact_daily WHERE company_id = $1 AND typeof(amount) <> 'integer' LIMIT 1")
                .bind(self.company_id)
                .fetch_optional(&mut *self.tx)
                .await?;
            if real.is_some() {
                return Err(StoreError::Refused(amoeba_core::Refusal::SumTooLarge));
            }
        }
        crate::version::seal_import(&mut self.tx, self.company_id, &self.closed).await?;
        if let (Some(id), Some(store_id)) = (settlement_id, settlement_store) {
            crate::version::seal_settlement(&mut self.tx, self.company_id, store_id, &id).await?;
        }
        self.tx.commit().await?;
        Ok(ImportOutcome::Imported { import_id: self.import_id, rows_read: self.rows_read, rows_added: self.rows_added })
    }

    /// Rolls back and returns every refused row, in line order.
    async fn refuse(mut self) -> Result<ImportOutcome> {
        self.tx.rollback().await?;
        self.problems.sort_by_key(|p| p.line);
        Err(StoreError::RowsRefused(self.problems))
    }

    /// An empty shard of this settlement import, for one thread's lines
    /// ([`SettlementShard::push`]); hand it back with
    /// [`FactImport::absorb_shard`]. Panics for an import that is not a
    /// settlement's.
    pub fn settlement_shard(&self) -> SettlementShard {
        let sink = self.chunks.as_ref().expect("shards belong to a settlement import");
        SettlementShard::new(sink.store_id, self.closed.clone(), self.daily_flush_cells)
    }

    /// Writes blocks a shard finished ([`SettlementShard::take_ready`]).
    pub async fn write_blocks(&mut self, blocks: Vec<ShardBlock>) -> Result<()> {
        let sink = self.chunks.as_mut().expect("blocks belong to a settlement import");
        for block in blocks {
            sink.write(&mut self.tx, self.company_id, self.import_id, block).await?;
        }
        Ok(())
    }

    /// Takes a shard back once its thread is done: writes its last blocks
    /// and adds its sums, orders, per-day nets and refused rows to the import.
    pub async fn absorb_shard(&mut self, mut shard: SettlementShard) -> Result<()> {
        let sink = self.chunks.as_mut().expect("shards belong to a settlement import");
        assert_eq!(shard.store_id, sink.store_id, "a shard belongs to its import's store");
        shard.close();
        for block in shard.take_ready() {
            sink.write(&mut self.tx, self.company_id, self.import_id, block).await?;
        }
        self.rows_read += shard.rows_read;
        self.rows_added += shard.rows_added;
        let room = 10_000usize.saturating_sub(self.problems.len());
        self.problems.extend(shard.problems.into_iter().take(room));
        let (_, days) = self.settlement.as_mut().expect("a settlement import has its summary");
        for (day, net) in shard.days {
            *days.entry(day).or_default() += net;
        }
        sink.orders = merge_distinct(std::mem::take(&mut sink.orders), shard.orders);
        self.daily.as_mut().expect("a settlement always sums its days in memory").absorb(shard.daily);
        Ok(())
    }

    /// Abandons the import; nothing is stored.
    pub async fn abort(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// Folds an import's new facts into `fact_daily`, the pre-aggregate the
/// close and the board read instead of scanning every fact.
///
/// `+company_id` keeps SQLite from reading the import's rows through
/// `facts_by_day` (every fact of the company, filtered row by row: a cost
/// that grew with each file imported) instead of `facts_by_import`; on
/// PostgreSQL the unary plus is a no-op.
pub(crate) async fn aggregate_import(conn: &mut AnyConnection, company_id: i64, import_id: i64) -> Result<()> {
    let grain = daily_sku_sql();
    sqlx::query(&format!(
        "INSERT INTO fact_daily (company_id, day, store_id, unit_id, sku, kind, currency, amount, quantity, facts) \
         SELECT company_id, day, store_id, unit_id, {grain}, kind, currency, CAST(SUM(amount) AS BIGINT), CAST(SUM(quantity) AS BIGINT), COUNT(*) \
         FROM facts WHERE +company_id = $1 AND import_id = $2 \
         GROUP BY company_id, day, store_id, unit_id, {grain}, kind, currency \
         ON CONFLICT (company_id, day, store_id, unit_id, sku, kind, currency) DO UPDATE SET \
         amount = fact_daily.amount + excluded.amount, quantity = fact_daily.quantity + excluded.quantity, facts = fact_daily.facts + excluded.facts",
    ))
    .bind(company_id)
    .bind(import_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The keys of one file seen so far: a key a second time is a row error
/// naming the line that had it first (which row counts would be a guess).
#[derive(Default)]
struct KeysOnce(HashMap<String, u64>);

impl KeysOnce {
    fn check(&mut self, key: String, line: u64, column: &str) -> Option<ImportError> {
        let first = self.0.insert(key.clone(), line)?;
        Some(ImportError::cell(line, column, Reason::DuplicateKey { key, first_line: first }))
    }
}

/// Whether a reference file is stored or only checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Store,
    CheckOnly,
}

/// The good rows of a reference file, for [`Db::check_reference_rows`].
#[derive(Debug, Clone)]
pub enum ReferenceRows {
    /// Exchange rates.
    Fx(Vec<FxRate>),
    /// Exchange rates that replace stored ones.
    FxCorrection(Vec<FxRate>),
    /// Hours with their fingerprints.
    Hours(Vec<(HoursRecord, String)>),
    /// Plan lines.
    Plans(Vec<PlanRecord>),
    /// Inventory snapshots.
    Inventory(Vec<InventoryRecord>),
}

/// Reference data files (FX, hours, plans, inventory) share one shape:
/// check, write in one transaction, record the import.
impl Db {
    /// The one path of a reference file: in [`Mode::CheckOnly`] the same
    /// checks run in a transaction that is always rolled back, so a file
    /// refused for its own errors lists the good rows' problems too.
    async fn reference_rows<F>(&self, company_id: i64, meta: &ImportMeta, rows_read: u64, mode: Mode, write: F) -> Result<ImportOutcome>
    where
        F: for<'c> FnOnce(&'c mut AnyConnection, i64, BTreeSet<String>) -> futures_core::future::BoxFuture<'c, Result<u64>>,
    {
        let mut tx = self.begin_write().await?;
        if mode == Mode::Store {
            if let Some(done) = find_import(&mut tx, company_id, meta).await? {
                return Ok(done);
            }
        }
        let closed = closed_months(&mut tx, company_id).await?;
        let closed_at_start = closed.clone();
        let import_id = insert_import(&mut tx, company_id, meta).await?;
        let added = write(&mut tx, import_id, closed).await?;
        finish_import(&mut tx, import_id, rows_read, added).await?;
        if mode == Mode::CheckOnly {
            tx.rollback().await?;
            return Ok(ImportOutcome::Imported { import_id: 0, rows_read, rows_added: 0 });
        }
        crate::version::seal_import(&mut tx, company_id, &closed_at_start).await?;
        tx.commit().await?;
        Ok(ImportOutcome::Imported { import_id, rows_read, rows_added: added })
    }

    /// The problems the store would find in the good rows of a reference
    /// file (unknown people, units or stores, closed months, a rate stored
    /// with another value), storing nothing.
    pub async fn check_reference_rows(&self, company_id: i64, rows: ReferenceRows) -> Result<Vec<ImportError>> {
        let meta = ImportMeta {
            kind: "check".into(),
            file_name: "check".into(),
            file_sha256: String::new(),
            encoding: "utf-8".into(),
            store: None,
        };
        let done = match rows {
            ReferenceRows::Fx(r) => self.fx_rows(company_id, &meta, r, false, Mode::CheckOnly).await,
            ReferenceRows::FxCorrection(r) => self.fx_rows(company_id, &meta, r, true, Mode::CheckOnly).await,
            ReferenceRows::Hours(r) => self.hours_rows(company_id, &meta, r, Mode::CheckOnly).await,
            ReferenceRows::Plans(r) => self.plans_rows(company_id, &meta, r, Mode::CheckOnly).await,
            ReferenceRows::Inventory(r) => self.inventory_rows(company_id, &meta, r, Mode::CheckOnly).await,
        };
        match done {
            Ok(_) => Ok(Vec::new()),
            Err(StoreError::RowsRefused(rows)) => Ok(rows),
            Err(e) => Err(e),
        }
    }

    /// Stores FX rates. A rate that differs from one already stored for the
    /// same currency and day is refused (rates are reference data, not edits).
    pub async fn import_fx(&self, company_id: i64, meta: &ImportMeta, rates: Vec<FxRate>) -> Result<ImportOutcome> {
        self.fx_rows(company_id, meta, rates, false, Mode::Store).await
    }

    /// Stores FX rates that replace the stored ones for the same currency
    /// and day — how a wrong rate is corrected. The month of each must be
    /// open; the replaced rate's row then names this import as its source.
    pub async fn correct_fx(&self, company_id: i64, meta: &ImportMeta, rates: Vec<FxRate>) -> Result<ImportOutcome> {
        self.fx_rows(company_id, meta, rates, true, Mode::Store).await
    }

    async fn fx_rows(&self, company_id: i64, meta: &ImportMeta, rates: Vec<FxRate>, replace: bool, mode: Mode) -> Result<ImportOutcome> {
        let backend = self.backend;
        let n = rates.len() as u64;
        self.reference_rows(company_id, meta, n, mode, move |conn, import_id, closed| {
            Box::pin(async move {
                let existing: HashMap<(String, String), String> =
                    sqlx::query("SELECT currency, day, rate FROM fx_rates WHERE company_id = $1")
                        .bind(company_id)
                        .fetch_all(&mut *conn)
                        .await?
                        .iter()
                        .map(|r| ((r.get(0), r.get(1)), r.get(2)))
                        .collect();
                let mut problems = Vec::new();
                let mut rows = Vec::new();
                let mut replaced = Vec::new();
                let mut seen = KeysOnce::default();
                for r in rates {
                    let key = (r.currency.to_string(), r.date.to_string());
                    if let Some(twice) = seen.check(format!("{} {}", key.0, key.1), r.line, "date") {
                        problems.push(twice);
                        continue;
                    }
                    match existing.get(&key) {
                        Some(old) if old.parse::<rust_decimal::Decimal>().ok() == Some(r.rate) => continue,
                        Some(_) if replace => {
                            let month = Month::of(r.date).to_string();
                            if closed.contains(&month) {
                                problems.push(closed_period(r.line, "date", month));
                            } else {
                                replaced.push((key, r.rate));
                            }
                            continue;
                        }
                        Some(old) => {
                            problems.push(ImportError::cell(
                                r.line,
                                "rate",
                                Reason::RateAlreadyStored {
                                    currency: r.currency.to_string(),
                                    day: r.date.to_string(),
                                    stored: old.clone(),
                                },
                            ));
                            continue;
                        }
                        None => {}
                    }
                    let month = Month::of(r.date).to_string();
                    if closed.contains(&month) {
                        problems.push(closed_period(r.line, "date", month));
                        continue;
                    }
                    rows.push(vec![Val::I(company_id), Val::T(key.0), Val::T(key.1), Val::T(r.rate.to_string()), Val::I(import_id)]);
                }
                if !problems.is_empty() {
                    return Err(StoreError::RowsRefused(problems));
                }
                let corrected = replaced.len() as u64;
                for ((currency, day), rate) in replaced {
                    sqlx::query("UPDATE fx_rates SET rate = $1, import_id = $2 WHERE company_id = $3 AND currency = $4 AND day = $5")
                        .bind(rate.to_string())
                        .bind(import_id)
                        .bind(company_id)
                        .bind(currency)
                        .bind(day)
                        .execute(&mut *conn)
                        .await?;
                }
                let added = insert_many(
                    conn,
                    backend,
                    "fx_rates",
                    &["company_id", "currency", "day", "rate", "import_id"],
                    rows,
                    "ON CONFLICT DO NOTHING",
                )
                .await?;
                Ok(added + corrected)
            })
        })
        .await
    }

    /// Stores working hours and labour cost (people and units must exist).
    pub async fn import_hours(&self, company_id: i64, meta: &ImportMeta, rows_in: Vec<(HoursRecord, String)>) -> Result<ImportOutcome> {
        self.hours_rows(company_id, meta, rows_in, Mode::Store).await
    }

    async fn hours_rows(
        &self,
        company_id: i64,
        meta: &ImportMeta,
        rows_in: Vec<(HoursRecord, String)>,
        mode: Mode,
    ) -> Result<ImportOutcome> {
        let backend = self.backend;
        let n = rows_in.len() as u64;
        self.reference_rows(company_id, meta, n, mode, move |conn, import_id, closed| {
            Box::pin(async move {
                let people = code_ids(conn, "people", company_id).await?;
                let units = code_ids(conn, "units", company_id).await?;
                let mut problems = Vec::new();
                let mut rows = Vec::new();
                let per_day = person_days(conn, company_id, &rows_in).await?;
                for (line, total) in per_day {
                    problems.push(ImportError::cell(line, "hours", Reason::TooManyHours { total: total.to_string(), cap: "24".into() }));
                }
                for (h, fp) in rows_in {
                    if !people.contains_key(&h.person) {
                        problems.push(ImportError::cell(h.line, "person", Reason::UnknownPerson { code: h.person.clone() }));
                    }
                    if !units.contains_key(&h.unit) {
                        problems.push(unknown_unit(h.line, &h.unit));
                    }
                    let (period, month) = match h.period {
                        HoursPeriod::Day(d) => (d.to_string(), Month::of(d).to_string()),
                        HoursPeriod::Month(m) => (m.to_string(), m.to_string()),
                    };
                    if closed.contains(&month) {
                        problems.push(closed_period(h.line, "period", month.clone()));
                    }
                    rows.push(vec![
                        Val::I(company_id),
                        Val::T(fp),
                        Val::T(h.person),
                        Val::T(h.unit),
                        Val::T(period),
                        Val::T(month),
                        Val::T(h.hours.to_string()),
                        Val::T(h.overtime_hours.to_string()),
                        Val::T(h.labour_cost.to_string()),
                        Val::I(import_id),
                        Val::I(h.line as i64),
                    ]);
                }
                if !problems.is_empty() {
                    problems.sort_by_key(|p| p.line);
                    return Err(StoreError::RowsRefused(problems));
                }
                insert_many(
                    conn,
                    backend,
                    "hours",
                    &[
                        "company_id",
                        "fingerprint",
                        "person_code",
                        "unit_code",
                        "period",
                        "month",
                        "hours",
                        "overtime_hours",
                        "labour_cost",
                        "import_id",
                        "line",
                    ],
                    rows,
                    "ON CONFLICT DO NOTHING",
                )
                .await
            })
        })
        .await
    }

    /// Stores monthly plan lines; a later plan for the same unit, month and
    /// line replaces the earlier one (plans are revised; facts are not).
    pub async fn import_plans(&self, company_id: i64, meta: &ImportMeta, plans: Vec<PlanRecord>) -> Result<ImportOutcome> {
        self.plans_rows(company_id, meta, plans, Mode::Store).await
    }

    async fn plans_rows(&self, company_id: i64, meta: &ImportMeta, plans: Vec<PlanRecord>, mode: Mode) -> Result<ImportOutcome> {
        let backend = self.backend;
        let n = plans.len() as u64;
        self.reference_rows(company_id, meta, n, mode, move |conn, import_id, closed| {
            Box::pin(async move {
                let units = code_ids(conn, "units", company_id).await?;
                let mut problems = Vec::new();
                let mut rows = Vec::new();
                let mut seen = KeysOnce::default();
                for p in plans {
                    if !units.contains_key(&p.unit) {
                        problems.push(unknown_unit(p.line_no, &p.unit));
                    }
                    problems.extend(seen.check(format!("{} {} {}", p.unit, p.month, p.line), p.line_no, "line"));
                    if closed.contains(&p.month.to_string()) {
                        problems.push(closed_period(p.line_no, "month", p.month.to_string()));
                    }
                    rows.push(vec![Val::I(company_id), Val::T(p.unit), Val::T(p.month.to_string()), Val::T(p.line), Val::T(p.amount.to_string()), Val::I(import_id)]);
                }
                if !problems.is_empty() {
                    return Err(StoreError::RowsRefused(problems));
                }
                insert_many(
                    conn,
                    backend,
                    "plans",
                    &["company_id", "unit_code", "month", "line", "amount", "import_id"],
                    rows,
                    "ON CONFLICT (company_id, unit_code, month, line) DO UPDATE SET amount = excluded.amount, import_id = excluded.import_id",
                )
                .await
            })
        })
        .await
    }

    /// Stores inventory snapshots (stores must exist).
    pub async fn import_inventory(&self, company_id: i64, meta: &ImportMeta, snaps: Vec<InventoryRecord>) -> Result<ImportOutcome> {
        self.inventory_rows(company_id, meta, snaps, Mode::Store).await
    }

    async fn inventory_rows(&self, company_id: i64, meta: &ImportMeta, snaps: Vec<InventoryRecord>, mode: Mode) -> Result<ImportOutcome> {
        let backend = self.backend;
        let n = snaps.len() as u64;
        self.reference_rows(company_id, meta, n, mode, move |conn, import_id, closed| {
            Box::pin(async move {
                let stores = code_ids(conn, "stores", company_id).await?;
                let mut problems = Vec::new();
                let mut rows = Vec::new();
                let mut seen = KeysOnce::default();
                for s in snaps {
                    if !stores.contains_key(&s.store) {
                        problems.push(unknown_store(s.line, &s.store));
                    }
                    // A closed month's turnover is part of its snapshot.
                    let month = Month::of(s.date).to_string();
                    if closed.contains(&month) {
                        problems.push(closed_period(s.line, "date", month));
                    }
                    problems.extend(seen.check(format!("{} {} {}", s.date, s.store, s.sku), s.line, "sku"));
                    rows.push(vec![
                        Val::I(company_id),
                        Val::T(s.date.to_string()),
                        Val::T(s.store),
                        Val::T(s.sku),
                        Val::I(s.on_hand),
                        Val::I(s.inbound),
                        Val::I(import_id),
                    ]);
                }
                if !problems.is_empty() {
                    return Err(StoreError::RowsRefused(problems));
                }
                insert_many(
                    conn,
                    backend,
                    "inventory",
                    &["company_id", "day", "store_code", "sku", "on_hand", "inbound", "import_id"],
                    rows,
                    "ON CONFLICT (company_id, day, store_code, sku) DO UPDATE SET on_hand = excluded.on_hand, inbound = excluded.inbound, import_id = excluded.import_id",
                )
                .await
            })
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::merge_distinct;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn merging_keeps_each_entry_once_in_order(a in proptest::collection::btree_set(0u16..500, 0..200), b in proptest::collection::btree_set(0u16..500, 0..200)) {
            let merged = merge_distinct(a.iter().copied().collect(), b.iter().copied().collect());
            let expected: Vec<u16> = a.union(&b).copied().collect();
            prop_assert_eq!(merged, expected);
        }
    }
}
