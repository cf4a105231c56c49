//! Marketplace settlements: the summary of each imported settlement (its
//! idempotency key, and what FX gain/loss needs) and the net amount it
//! booked per day.

use crate::{Db, Result, StoreError};
use amoeba_core::accounting::Settlement;
use amoeba_core::money::{from_source_units, Currency};
use amoeba_core::Month;
use chrono::NaiveDate;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};

/// A settlement as its summary row states it, for storing.
#[derive(Debug, Clone, PartialEq)]
pub struct SettlementHeader {
    /// Marketplace settlement id: with the store, imports once.
    pub settlement_id: String,
    /// Store code the file was imported for.
    pub store: String,
    /// Settlement currency.
    pub currency: Currency,
    /// Start of the settlement period, as written (RFC 3339 or a day).
    pub start_at: String,
    /// End of the settlement period, as written.
    pub end_at: String,
    /// Day the money reached the bank.
    pub deposit_day: NaiveDate,
    /// Net amount in source units (1/10000), which the facts sum to.
    pub total_amount: i64,
}

/// The earlier import of the same settlement id in the company, under
/// whichever store it was imported, if any.
pub(crate) async fn find_settlement(conn: &mut AnyConnection, company_id: i64, settlement_id: &str) -> Result<Option<FoundSettlement>> {
    let row = sqlx::query(
        "SELECT i.id, i.imported_at, s.store_id, st.code, s.total_amount, i.rows_read, s.currency FROM settlements s JOIN imports i ON i.id = s.import_id \
         JOIN stores st ON st.id = s.store_id WHERE s.company_id = $1 AND s.settlement_id = $2",
    )
    .bind(company_id)
    .bind(settlement_id.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| FoundSettlement {
        import_id: r.get(0),
        imported_at: r.get(1),
        store_id: r.get(2),
        store: r.get(3),
        total_amount: r.get(4),
        rows_read: r.get::<i64, _>(5).max(0) as u64,
        currency: r.get(6),
    }))
}

/// A settlement stored before, and under which store.
pub(crate) struct FoundSettlement {
    pub import_id: i64,
    pub imported_at: String,
    pub store_id: i64,
    pub store: String,
    /// Its `total-amount` in source units, and the lines it had.
    pub total_amount: i64,
    pub rows_read: u64,
    pub currency: String,
}

/// Stores the summary row under `import_id` (in the import's transaction,
/// so a second concurrent import of the same settlement fails on the key).
pub(crate) async fn insert_settlement(
    conn: &mut AnyConnection,
    company_id: i64,
    store_id: i64,
    import_id: i64,
    h: &SettlementHeader,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO settlements (company_id, store_id, settlement_id, import_id, currency, start_at, end_at, deposit_day, total_amount) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(company_id)
    .bind(store_id)
    .bind(h.settlement_id.clone())
    .bind(import_id)
    .bind(h.currency.to_string())
    .bind(h.start_at.clone())
    .bind(h.end_at.clone())
    .bind(h.deposit_day.to_string())
    .bind(h.total_amount)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Stores the net amount booked per day. Refuses (and the import rolls
/// back) unless the days sum to the settlement's total: the parser checked
/// the lines reconcile, this checks nothing was lost on the way.
pub(crate) async fn insert_days(
    conn: &mut AnyConnection,
    company_id: i64,
    import_id: i64,
    total_amount: i64,
    days: &BTreeMap<NaiveDate, i128>,
) -> Result<()> {
    let sum: i128 = days.values().sum();
    if sum != i128::from(total_amount) {
        return Err(StoreError::Refused(amoeba_core::Refusal::SettlementDoesNotAddUp {
            facts: source_units_text(sum),
            total: from_source_units(total_amount).to_string(),
        }));
    }
    for (day, amount) in days {
        // Each day's net fits the column or the import is refused whole.
        let amount = i64::try_from(*amount).map_err(|_| StoreError::Refused(amoeba_core::Refusal::SumTooLarge))?;
        sqlx::query("INSERT INTO settlement_days (company_id, import_id, day, amount) VALUES ($1, $2, $3, $4)")
            .bind(company_id)
            .bind(import_id)
            .bind(day.to_string())
            .bind(amount)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// `units` ten-thousandths as a decimal text, whatever their size (a sum
/// too large for `i64` is still named in the refusal, not wrapped).
fn source_units_text(units: i128) -> String {
    match i64::try_from(units) {
        Ok(u) => from_source_units(u).to_string(),
        Err(_) => rust_decimal::Decimal::try_from_i128_with_scale(units, 4).map_or_else(|_| format!("{units}e-4"), |d| d.to_string()),
    }
}

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} '{v}' in settlements"))
}

impl Db {
    /// Settlements deposited in `month`, with what each booked per day: the
    /// input of FX gain/loss, which lands in the month of the deposit.
    pub async fn settlements_deposited(&self, company_id: i64, month: Month) -> Result<Vec<Settlement>> {
        let heads = sqlx::query(
            "SELECT s.import_id, s.settlement_id, st.code, s.currency, s.deposit_day FROM settlements s \
             JOIN stores st ON st.id = s.store_id \
             WHERE s.company_id = $1 AND s.deposit_day >= $2 AND s.deposit_day <= $3 ORDER BY s.deposit_day, s.import_id",
        )
        .bind(company_id)
        .bind(month.first_day().to_string())
        .bind(month.last_day().to_string())
        .fetch_all(&self.pool)
        .await?;
        if heads.is_empty() {
            return Ok(Vec::new());
        }
        let days = sqlx::query(
            "SELECT d.import_id, d.day, d.amount FROM settlement_days d JOIN settlements s ON s.import_id = d.import_id \
             WHERE s.company_id = $1 AND s.deposit_day >= $2 AND s.deposit_day <= $3 ORDER BY d.import_id, d.day",
        )
        .bind(company_id)
        .bind(month.first_day().to_string())
        .bind(month.last_day().to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut booked: HashMap<i64, Vec<(NaiveDate, rust_decimal::Decimal)>> = HashMap::new();
        for r in &days {
            let d: String = r.get(1);
            let day = d.parse().map_err(|_| corrupt("day", &d))?;
            booked.entry(r.get(0)).or_default().push((day, from_source_units(r.get(2))));
        }
        heads
            .iter()
            .map(|r| {
                let cur: String = r.get(3);
                let dep: String = r.get(4);
                Ok(Settlement {
                    id: r.get(1),
                    store: r.get(2),
                    currency: cur.parse().map_err(|_| corrupt("currency", &cur))?,
                    deposit_day: dep.parse().map_err(|_| corrupt("deposit day", &dep))?,
                    booked: booked.remove(&r.get::<i64, _>(0)).unwrap_or_default(),
                })
            })
            .collect()
    }
}
