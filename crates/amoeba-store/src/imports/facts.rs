//! The facts import: rows checked against the organisation and the closed
//! months, written in batches inside the import's one transaction, summed
//! into the daily pre-aggregate.

use super::*;

/// The columns of a row of `facts`, in the order [`FactImport::add`] fills them.
const FACT_COLUMNS: [&str; 17] = [
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
];

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
                    return already_stored(found, store_id, &h);
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
                    Some(found) => already_stored(found, *store_id, h),
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
            facts_are_rows: true,
            encoding: None,
        }))
    }
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
            if self.facts_are_rows {
                self.rows_read += 1;
            }
            let (store_id, unit_id, amount) = match check_fact(&f.record, &self.stores, &self.units, &self.closed, &mut self.open_month) {
                Ok(ids) => ids,
                Err(e) => {
                    self.refuse_row(e);
                    continue;
                }
            };
            assert!(f.fingerprint.is_some() || self.settlement.is_some(), "only a settlement's rows may lack a fingerprint");
            if self.chunks.is_some() {
                self.add_settlement_line(&f.record, store_id, unit_id, amount).await?;
                continue;
            }
            self.sum_daily(&f.record, store_id, unit_id, amount);
            rows.push(self.row_of(f, store_id, unit_id, amount));
        }
        if !self.problems.is_empty() {
            return Ok(());
        }
        self.insert_rows(rows).await
    }

    /// Keeps a refused row's problem (up to a bound; the refusal counts the rest).
    fn refuse_row(&mut self, e: ImportError) {
        if self.problems.len() < MAX_KEPT_PROBLEMS {
            self.problems.push(e);
        }
    }

    /// A settlement line handed over as a record: into the import's own
    /// shard, whose finished blocks are written at once.
    async fn add_settlement_line(&mut self, r: &FactRecord, store_id: i64, unit_id: i64, amount: i64) -> Result<()> {
        let sink = self.chunks.as_mut().expect("a settlement import has its sink");
        // A chunk keeps what a settlement line carries: asserted, because
        // the readers of customers and units skip chunks.
        assert!(
            store_id == sink.store_id && unit_id == 0 && r.customer_id.is_none() && r.corrects.is_none(),
            "a settlement line belongs to its store only"
        );
        let shard = sink.own.get_or_insert_with(|| SettlementShard::new(store_id, self.closed.clone(), self.daily_flush_cells));
        shard.push(&r.as_fact_ref(amount));
        for block in shard.take_ready() {
            sink.write(&mut self.tx, self.company_id, self.import_id, block).await?;
        }
        Ok(())
    }

    /// Adds a row to the in-memory daily sums, or gives them up (summed in
    /// SQL at the end) when a cell would overflow.
    fn sum_daily(&mut self, r: &FactRecord, store_id: i64, unit_id: i64, amount: i64) {
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
    }

    /// A fact as a row of `facts` ([`FACT_COLUMNS`]).
    fn row_of(&self, f: NewFact, store_id: i64, unit_id: i64, amount: i64) -> Vec<Val> {
        let r = f.record;
        vec![
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
            Val::N(r.customer_id),
            Val::I(r.quantity),
            Val::T(r.kind.as_str().to_string()),
            Val::I(amount),
            Val::T(r.currency.to_string()),
            Val::N(r.memo.as_deref().map(str::to_string)),
            Val::N(r.corrects),
        ]
    }

    /// Writes a batch of rows; rows already stored (by fingerprint) are
    /// skipped, and then only SQL knows the daily sums.
    async fn insert_rows(&mut self, rows: Vec<Vec<Val>>) -> Result<()> {
        let carried = rows.len() as u64;
        // A settlement's rows are new as a whole (its id was checked at the
        // start): a plain INSERT. Other rows skip those already stored.
        let on_conflict =
            if self.settlement.is_some() { "" } else { "ON CONFLICT (company_id, fingerprint) WHERE fingerprint IS NOT NULL DO NOTHING" };
        let stored = insert_many(&mut self.tx, self.backend, "facts", &FACT_COLUMNS, rows, on_conflict).await?;
        if stored != carried {
            // Some rows were already there: only SQL knows which were new.
            self.daily = None;
        }
        if self.facts_are_rows {
            self.rows_added += stored;
        }
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
