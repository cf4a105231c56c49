//! Playbooks' storage: every version of every unit's templates, one row
//! each, as the core's `Template` JSON. A version is inserted once and
//! never updated; the next version is checked and written in one write
//! transaction, and the unique key stops a second writer of the same one.
//! Also the one read a render needs that no other repository has: the
//! orders naming a customer.

use crate::{Db, Result, StoreError};
use amoeba_core::oversight::playbook::Template;
use chrono::NaiveDate;
use sqlx::Row;

/// One stored version with who saved it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTemplate {
    /// The version.
    pub template: Template,
    /// Login that saved it.
    pub saved_by: String,
    /// When (RFC 3339, UTC).
    pub saved_at: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn stored(r: &sqlx::any::AnyRow) -> Result<StoredTemplate> {
    let json: String = r.get(0);
    let template = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("playbook template JSON: {e}")))?;
    Ok(StoredTemplate { template, saved_by: r.get(1), saved_at: r.get(2) })
}

impl Db {
    /// Stores each of `templates` as a new version, in one transaction:
    /// each must be the next of its (unit, code), counting the ones before
    /// it in the slice. On the first that is not, nothing is stored and the
    /// answer is its index and the version expected.
    pub async fn add_playbook_versions(&self, company_id: i64, templates: &[Template], by: &str) -> Result<Option<(usize, u32)>> {
        let mut tx = self.begin_write().await?;
        let at = now();
        for (i, t) in templates.iter().enumerate() {
            let row = sqlx::query(
                "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM playbook_templates \
                 WHERE company_id = $1 AND unit_code = $2 AND code = $3",
            )
            .bind(company_id)
            .bind(t.unit.clone())
            .bind(t.code.clone())
            .fetch_one(&mut *tx)
            .await?;
            let latest: i64 = row.get(0);
            let expected = u32::try_from(latest + 1).map_err(|_| StoreError::Corrupt(format!("playbook version {latest}")))?;
            if t.version != expected {
                return Ok(Some((i, expected)));
            }
            let json = serde_json::to_string(t).map_err(|e| StoreError::Internal(format!("playbook JSON: {e}")))?;
            sqlx::query(
                "INSERT INTO playbook_templates (company_id, unit_code, code, version, template, saved_by, saved_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(company_id)
            .bind(t.unit.clone())
            .bind(t.code.clone())
            .bind(i64::from(t.version))
            .bind(json)
            .bind(by.to_string())
            .bind(at.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(None)
    }

    /// Every stored version of the company's templates (of `unit` only when
    /// given), by unit, code and version.
    pub async fn playbook_templates(&self, company_id: i64, unit: Option<&str>) -> Result<Vec<StoredTemplate>> {
        let rows = sqlx::query(
            "SELECT template, saved_by, saved_at FROM playbook_templates \
             WHERE company_id = $1 AND ($2 = '' OR unit_code = $2) ORDER BY unit_code, code, version",
        )
        .bind(company_id)
        .bind(unit.unwrap_or("").to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(stored).collect()
    }

    /// The stores and first days of the orders naming `customer`: what a
    /// playbook's `customer.*` variables are filled from.
    pub async fn orders_of_customer(&self, company_id: i64, customer: &str) -> Result<Vec<(String, NaiveDate)>> {
        let rows = sqlx::query(
            "SELECT s.code, o.first_day FROM orders o JOIN stores s ON s.id = o.store_id \
             WHERE o.company_id = $1 AND o.customer = $2 ORDER BY o.first_day",
        )
        .bind(company_id)
        .bind(customer.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let day: String = r.get(1);
                let day = day.parse().map_err(|_| StoreError::Corrupt(format!("order first day '{day}'")))?;
                Ok((r.get(0), day))
            })
            .collect()
    }
}
