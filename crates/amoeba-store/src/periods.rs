//! Closing a month: the derived entries become facts of an `imports` row of
//! kind `close`, the month's P&L is kept as a snapshot, and the `periods`
//! row locks the month — all in one transaction, so a month is either
//! closed completely or not at all.

use crate::batch::{insert_many, Val};
use crate::{Db, Result, StoreError};
use amoeba_core::ledger::FactKind;
use amoeba_core::money::{to_source_units, Currency};
use amoeba_core::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::HashMap;

/// One derived amount to store as a fact at close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingFact {
    /// Business day.
    pub day: NaiveDate,
    /// Unit the amount lands on (used when there is no store).
    pub unit: String,
    /// Store, for derived COGS of store sales (then the store's owner gets it).
    pub store: Option<String>,
    /// SKU, for derived COGS.
    pub sku: Option<String>,
    /// Quantity (units costed for COGS; 0 otherwise).
    pub quantity: i64,
    /// `internal_charge`, `allocation` or `cogs`.
    pub kind: FactKind,
    /// Signed base-currency amount.
    pub amount: Decimal,
    /// What produced it (rule code, provider → user…), for drill-down.
    pub memo: String,
}

/// What a close locks, as JSON: the P&L and the metrics.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot<'a> {
    /// The month's P&L.
    pub pnl: &'a str,
    /// The month's metrics.
    pub metrics: &'a str,
    /// The month's credit (the person-day grain).
    pub credit: &'a str,
}

/// A closed month as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedPeriod {
    /// When it was closed (RFC 3339, UTC).
    pub closed_at: String,
    /// The metrics snapshot (JSON), for months closed since migration 0007.
    pub metrics: Option<String>,
    /// The credit snapshot (JSON), for months closed since migration 0010.
    pub credit: Option<String>,
    /// The P&L snapshot (JSON of `MonthPnl`).
    pub summary: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Db {
    /// The closed month's record, if the month is closed.
    pub async fn closed_period(&self, company_id: i64, month: Month) -> Result<Option<ClosedPeriod>> {
        let row = sqlx::query("SELECT closed_at, summary, metrics, credit FROM periods WHERE company_id = $1 AND month = $2")
            .bind(company_id)
            .bind(month.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| ClosedPeriod { closed_at: r.get(0), summary: r.get(1), metrics: r.get(2), credit: r.get(3) }))
    }

    /// Months before `month` that have facts but are not closed, oldest
    /// first: a month may only be closed once everything before it is.
    pub async fn open_months_with_facts_before(&self, company_id: i64, month: Month) -> Result<Vec<Month>> {
        let rows = sqlx::query(
            "SELECT DISTINCT SUBSTR(d.day, 1, 7) AS m FROM fact_days d WHERE d.company_id = $1 AND d.day < $2 \
             AND NOT EXISTS (SELECT 1 FROM periods p WHERE p.company_id = d.company_id AND p.month = SUBSTR(d.day, 1, 7)) ORDER BY m",
        )
        .bind(company_id)
        .bind(month.first_day().to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let m: String = r.get(0);
                m.parse::<Month>().map_err(|_| StoreError::Corrupt(format!("month '{m}'")))
            })
            .collect()
    }

    /// Closes `month` in one transaction: records an import of kind `close`
    /// (file name `close YYYY-MM`), stores `facts` in the base currency with
    /// their daily aggregates, and inserts the `periods` row with `summary`.
    /// Refuses a month that is already closed. Returns the import id, or
    /// `None` when the company's data version is no longer `seen` (the
    /// version read before the P&L was computed): something was imported or
    /// changed meanwhile, nothing is stored, and the caller computes again.
    pub async fn close_period(
        &self,
        company_id: i64,
        month: Month,
        seen: i64,
        base: Currency,
        facts: &[ClosingFact],
        snapshot: Snapshot<'_>,
    ) -> Result<Option<i64>> {
        let summary = snapshot.pnl;
        let mut tx = self.begin_write().await?;
        // First, so that on PostgreSQL the company's row stays locked to the
        // end: an import finishing meanwhile waits, then sees the month closed.
        if !crate::version::bump_if_unchanged(&mut tx, company_id, seen).await? {
            return Ok(None);
        }
        let m = month.to_string();
        let already = sqlx::query("SELECT closed_at FROM periods WHERE company_id = $1 AND month = $2")
            .bind(company_id)
            .bind(m.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(r) = already {
            return Err(StoreError::Refused(amoeba_core::Refusal::AlreadyClosed { month: m, on: r.get::<String, _>(0) }));
        }
        let mut ids: [HashMap<String, i64>; 2] = Default::default();
        for (slot, table) in ids.iter_mut().zip(["units", "stores"]) {
            let q = format!("SELECT code, id FROM {table} WHERE company_id = $1");
            *slot = sqlx::query(&q).bind(company_id).fetch_all(&mut *tx).await?.iter().map(|r| (r.get(0), r.get(1))).collect();
        }
        let [units, stores] = ids;
        let sha = hex::encode(Sha256::digest(format!("close {m}\n{summary}").as_bytes()));
        let import_id: i64 = sqlx::query(
            "INSERT INTO imports (company_id, kind, file_name, file_sha256, encoding, store_code, rows_read, rows_added, imported_at) \
             VALUES ($1, 'close', $2, $3, 'utf-8', NULL, $4, $4, $5) RETURNING id",
        )
        .bind(company_id)
        .bind(format!("close {m}"))
        .bind(sha)
        .bind(facts.len() as i64)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        let mut rows = Vec::with_capacity(facts.len());
        for (i, f) in facts.iter().enumerate() {
            let (store_id, unit_id) = match &f.store {
                Some(s) => (*stores.get(s).ok_or_else(|| StoreError::Internal(format!("close {m}: unknown store '{s}'")))?, 0),
                None => (0, *units.get(&f.unit).ok_or_else(|| StoreError::Internal(format!("close {m}: unknown unit '{}'", f.unit)))?),
            };
            let amount = to_source_units(f.amount)
                .ok_or_else(|| StoreError::Internal(format!("close {m}: amount {} does not fit the ledger", f.amount)))?;
            rows.push(vec![
                Val::I(company_id),
                Val::I(import_id),
                Val::I(i as i64 + 1),
                Val::T(format!("close/{m}/{}", i + 1)),
                Val::T(f.day.to_string()),
                Val::I(store_id),
                Val::I(unit_id),
                Val::T(f.sku.clone().unwrap_or_default()),
                Val::I(f.quantity),
                Val::T(f.kind.as_str().to_string()),
                Val::I(amount),
                Val::T(base.to_string()),
                Val::N(Some(f.memo.clone())),
            ]);
        }
        insert_many(
            &mut tx,
            self.backend,
            "facts",
            &[
                "company_id",
                "import_id",
                "line",
                "fingerprint",
                "day",
                "store_id",
                "unit_id",
                "sku",
                "quantity",
                "kind",
                "amount",
                "currency",
                "memo",
            ],
            rows,
            "",
        )
        .await?;
        // Same aggregation as an import, so fact_daily stays the sum of facts.
        crate::imports::aggregate_import(&mut tx, company_id, import_id).await?;
        sqlx::query("INSERT INTO periods (company_id, month, closed_at, summary, metrics, credit) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(company_id)
            .bind(m)
            .bind(now())
            .bind(summary.to_string())
            .bind(snapshot.metrics.to_string())
            .bind(snapshot.credit.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(import_id))
    }
}
