//! Charge and allocation rules: each rule version stored whole as JSON (the
//! engine's own serde form), so the rule model can grow without a migration
//! per field, and read back in the order they are applied.

use crate::batch::{insert_many, Val};
use crate::{Backend, Db, Result, StoreError};
use amoeba_core::accounting::{AllocationRule, ChargeRule, Rules};
use sqlx::{AnyConnection, Row};

/// `kind` of a charge rule row.
const CHARGE: &str = "charge";
/// `kind` of an allocation rule row.
const ALLOCATION: &str = "allocation";

impl Db {
    /// Every charge and allocation rule of a company, in stored order.
    pub async fn load_rules(&self, company_id: i64) -> Result<Rules> {
        let mut conn = self.pool.acquire().await?;
        load_rules(&mut conn, company_id).await
    }
}

/// Reads the rules on an open connection (e.g. inside the close's transaction).
pub async fn load_rules(conn: &mut AnyConnection, company_id: i64) -> Result<Rules> {
    let rows = sqlx::query("SELECT kind, code, rule FROM rules WHERE company_id = $1 ORDER BY kind, position")
        .bind(company_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut rules = Rules::default();
    for r in rows {
        let kind: String = r.get(0);
        let code: String = r.get(1);
        let json: String = r.get(2);
        let bad = |e: serde_json::Error| StoreError::Corrupt(format!("{kind} rule '{code}': {e}"));
        match kind.as_str() {
            CHARGE => rules.charges.push(serde_json::from_str::<ChargeRule>(&json).map_err(bad)?),
            ALLOCATION => rules.allocations.push(serde_json::from_str::<AllocationRule>(&json).map_err(bad)?),
            other => return Err(StoreError::Corrupt(format!("rule kind '{other}'"))),
        }
    }
    Ok(rules)
}

/// Replaces every rule of a company on an open transaction (the caller's,
/// so rules are saved together with the organisation they refer to).
pub async fn save_rules(conn: &mut AnyConnection, backend: Backend, company_id: i64, rules: &Rules) -> Result<()> {
    sqlx::query("DELETE FROM rules WHERE company_id = $1").bind(company_id).execute(&mut *conn).await?;
    let json = |v: serde_json::Result<String>| v.map_err(|e| StoreError::Corrupt(format!("rule does not serialise: {e}")));
    let mut rows = Vec::with_capacity(rules.charges.len() + rules.allocations.len());
    for (i, r) in rules.charges.iter().enumerate() {
        rows.push(row(company_id, CHARGE, &r.code, r.range.from, i, json(serde_json::to_string(r))?));
    }
    for (i, r) in rules.allocations.iter().enumerate() {
        rows.push(row(company_id, ALLOCATION, &r.code, r.range.from, i, json(serde_json::to_string(r))?));
    }
    insert_many(conn, backend, "rules", &["company_id", "kind", "code", "from_date", "position", "rule"], rows, "").await?;
    Ok(())
}

fn row(company_id: i64, kind: &str, code: &str, from: chrono::NaiveDate, position: usize, json: String) -> Vec<Val> {
    vec![Val::I(company_id), Val::T(kind.into()), Val::T(code.into()), Val::T(from.to_string()), Val::I(position as i64), Val::T(json)]
}
