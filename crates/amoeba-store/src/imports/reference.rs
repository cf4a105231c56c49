//! Reference files — FX rates, hours, plans, inventory — share one shape:
//! check every row, write them in one transaction, record the import.

use super::*;

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
pub(super) enum Mode {
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
    pub(super) async fn reference_rows<F>(
        &self,
        company_id: i64,
        meta: &ImportMeta,
        rows_read: u64,
        mode: Mode,
        write: F,
    ) -> Result<ImportOutcome>
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
