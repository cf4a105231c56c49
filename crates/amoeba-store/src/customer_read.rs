//! Reading orders by buyer: the money of every order placed by an
//! identified customer, the basis of LTV (docs/formulas.md §11, §11a).
//! Kept apart from the month reads because LTV needs the whole history up
//! to a day (a customer's cohort is the month of their *first* order).

use crate::{Db, Result, StoreError};
use amoeba_core::ledger::FactKind;
use amoeba_core::money::from_source_units;
use chrono::NaiveDate;
use sqlx::Row;
use std::str::FromStr;

pub use amoeba_core::reporting::unit_metrics::{OrderFacts, ORDER_MARGIN_KINDS};

impl Db {
    /// Every order placed by an identified buyer (a `sale` fact with a
    /// customer id) on or before `to`, with its margin facts up to `to`.
    /// Orders without a buyer id (e.g. Amazon settlements) are left out.
    pub async fn customer_order_facts(&self, company_id: i64, to: NaiveDate) -> Result<Vec<OrderFacts>> {
        let kinds: Vec<String> = ORDER_MARGIN_KINDS.iter().map(|k| format!("'{}'", k.as_str())).collect();
        // A row-value IN (not a join on a derived table): both backends build
        // the order set once and test each fact against it, so the read stays
        // linear in the facts (SQLite otherwise rescans facts per order).
        let sql = format!(
            "SELECT s.code, f.order_id, MAX(f.customer_id), f.day, f.kind, f.sku, f.currency, \
             CAST(SUM(f.amount) AS BIGINT), CAST(SUM(f.quantity) AS BIGINT) \
             FROM facts f JOIN stores s ON s.id = f.store_id \
             WHERE f.company_id = $1 AND f.day <= $2 AND f.kind IN ({}) \
             AND (f.store_id, f.order_id) IN (SELECT store_id, order_id FROM facts \
                 WHERE company_id = $3 AND kind = 'sale' AND customer_id IS NOT NULL AND customer_id <> '' \
                 AND order_id IS NOT NULL AND order_id <> '' AND day <= $4) \
             GROUP BY s.code, f.order_id, f.day, f.kind, f.sku, f.currency \
             ORDER BY s.code, f.order_id, f.day, f.kind, f.sku, f.currency",
            kinds.join(", ")
        );
        let rows =
            sqlx::query(&sql).bind(company_id).bind(to.to_string()).bind(company_id).bind(to.to_string()).fetch_all(&self.pool).await?;
        let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("{what} '{v}'"));
        rows.iter()
            .map(|r| {
                let day: String = r.get(3);
                let kind: String = r.get(4);
                let sku: String = r.get(5);
                let cur: String = r.get(6);
                Ok(OrderFacts {
                    store: r.get(0),
                    order_id: r.get(1),
                    customer: r.get::<Option<String>, _>(2).filter(|c| !c.is_empty()),
                    day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| corrupt("date", &day))?,
                    kind: FactKind::from_str(&kind).map_err(|_| corrupt("fact kind", &kind))?,
                    sku: Some(sku).filter(|s| !s.is_empty()),
                    currency: cur.parse().map_err(|_| corrupt("currency", &cur))?,
                    amount: from_source_units(r.get(7)),
                    quantity: r.get(8),
                })
            })
            .collect()
    }
}
