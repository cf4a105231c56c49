//! Oversight's storage: the stored traffic a report reads, operator
//! contracts (the core's `OperatorContract` as JSON, replaced whole), and
//! the notes and comments written on reports (added, never edited).

use crate::{Db, Result, StoreError};
use amoeba_core::ledger::{DataCut, TrafficRecord};
use amoeba_core::oversight::contract::OperatorContract;
use chrono::NaiveDate;
use sqlx::Row;

/// A stored traffic row with the cut of the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTraffic {
    /// The figures (`line` is the line in the file that stored them).
    pub record: TrafficRecord,
    /// When its days begin.
    pub cut: DataCut,
}

/// A contract as stored, with who saved it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContract {
    /// The contract.
    pub contract: OperatorContract,
    /// Login that saved it.
    pub saved_by: String,
    /// When (RFC 3339, UTC).
    pub saved_at: String,
}

/// A note on a report: the operator's, or a leader's or owner's comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportNote {
    /// Id, in the order written.
    pub id: i64,
    /// Contract code.
    pub contract: String,
    /// Period (`2026-W10`, `2026-03`).
    pub period: String,
    /// `operator` or `leader`.
    pub kind: String,
    /// Login of who wrote it.
    pub author: String,
    /// The text.
    pub body: String,
    /// When (RFC 3339, UTC).
    pub written_at: String,
}

fn zone(s: &str) -> Result<chrono_tz::Tz> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("traffic time zone '{s}'")))
}

fn day(s: &str) -> Result<NaiveDate> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("traffic day '{s}'")))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Db {
    /// The traffic of `stores` whose days start within `from..=to`, in day,
    /// store and item order.
    pub async fn traffic_between(&self, company_id: i64, stores: &[String], from: NaiveDate, to: NaiveDate) -> Result<Vec<StoredTraffic>> {
        let rows = sqlx::query(
            "SELECT store_code, first_day, last_day, sku, asin, parent_asin, title, impressions, clicks, sessions, page_views, \
             inquiries, orders, units, sales, currency, buy_box_share, traffic_zone, orders_zone, inquiries_zone, line \
             FROM traffic WHERE company_id = $1 AND first_day >= $2 AND first_day <= $3 \
             ORDER BY first_day, store_code, sku, asin",
        )
        .bind(company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in rows {
            let store: String = r.get(0);
            if !stores.contains(&store) {
                continue;
            }
            let text = |i: usize| r.get::<String, _>(i);
            let opt = |i: usize| r.get::<Option<String>, _>(i).filter(|s| !s.is_empty());
            let dec = |i: usize| -> Result<Option<rust_decimal::Decimal>> {
                r.get::<Option<String>, _>(i)
                    .map(|s| s.parse().map_err(|_| StoreError::Corrupt(format!("traffic figure '{s}'"))))
                    .transpose()
            };
            let currency = r
                .get::<Option<String>, _>(15)
                .map(|c| c.parse().map_err(|_| StoreError::Corrupt(format!("traffic currency '{c}'"))))
                .transpose()?;
            out.push(StoredTraffic {
                record: TrafficRecord {
                    first_day: day(&text(1))?,
                    last_day: day(&text(2))?,
                    store,
                    sku: opt(3),
                    asin: opt(4),
                    parent_asin: opt(5),
                    title: opt(6),
                    impressions: r.get(7),
                    clicks: r.get(8),
                    sessions: r.get(9),
                    page_views: r.get(10),
                    inquiries: r.get(11),
                    orders: r.get(12),
                    units: r.get(13),
                    sales: dec(14)?,
                    currency,
                    buy_box_share: dec(16)?,
                    line: r.get::<i64, _>(20) as u64,
                },
                cut: DataCut { traffic_zone: zone(&text(17))?, orders_zone: zone(&text(18))?, inquiries_zone: zone(&text(19))? },
            });
        }
        Ok(out)
    }

    /// Saves a contract (checked by the caller), replacing one of the same code.
    pub async fn save_contract(&self, company_id: i64, c: &OperatorContract, login: &str) -> Result<()> {
        let body = serde_json::to_string(c).map_err(|e| StoreError::Corrupt(format!("contract does not serialise: {e}")))?;
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM operator_contracts WHERE company_id = $1 AND code = $2")
            .bind(company_id)
            .bind(c.code.clone())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO operator_contracts (company_id, code, operator, body, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(company_id)
        .bind(c.code.clone())
        .bind(c.operator.clone())
        .bind(body)
        .bind(login.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every contract of a company, by code.
    pub async fn contracts(&self, company_id: i64) -> Result<Vec<StoredContract>> {
        let rows = sqlx::query("SELECT code, body, saved_by, saved_at FROM operator_contracts WHERE company_id = $1 ORDER BY code")
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let (code, body): (String, String) = (r.get(0), r.get(1));
                let contract = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("contract '{code}': {e}")))?;
                Ok(StoredContract { contract, saved_by: r.get(2), saved_at: r.get(3) })
            })
            .collect()
    }

    /// Adds a note to a report; returns its id.
    pub async fn add_report_note(
        &self,
        company_id: i64,
        contract: &str,
        period: &str,
        kind: &str,
        author: &str,
        body: &str,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO report_notes (company_id, contract_code, period, kind, author, body, written_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(company_id)
        .bind(contract.to_string())
        .bind(period.to_string())
        .bind(kind.to_string())
        .bind(author.to_string())
        .bind(body.to_string())
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get(0))
    }

    /// The notes of one report, in the order written.
    pub async fn report_notes(&self, company_id: i64, contract: &str, period: &str) -> Result<Vec<ReportNote>> {
        let rows = sqlx::query(
            "SELECT id, contract_code, period, kind, author, body, written_at FROM report_notes \
             WHERE company_id = $1 AND contract_code = $2 AND period = $3 ORDER BY id",
        )
        .bind(company_id)
        .bind(contract.to_string())
        .bind(period.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| ReportNote {
                id: r.get(0),
                contract: r.get(1),
                period: r.get(2),
                kind: r.get(3),
                author: r.get(4),
                body: r.get(5),
                written_at: r.get(6),
            })
            .collect())
    }
}
