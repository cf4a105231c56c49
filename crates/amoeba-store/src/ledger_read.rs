//! Reading what the accounting engine needs for a month: the daily
//! pre-aggregates, order counts, hours, FX rates and plans.

use crate::daily_codec::decode_day;
use crate::{Db, Result, StoreError};
use amoeba_core::accounting::{Code, FactAggregate, OrderCount};
use amoeba_core::ledger::{FactKind, FxRate, HoursPeriod, HoursRecord, PlanRecord};
use amoeba_core::money::from_source_units;
use amoeba_core::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::Row;
use std::str::FromStr;

fn corrupt(what: &str, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} '{v}'"))
}

fn day(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| corrupt("date", s))
}

fn dec(s: &str) -> Result<Decimal> {
    Decimal::from_str(s).map_err(|_| corrupt("decimal", s))
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.is_empty())
}

/// Hands out one shared [`Code`] per distinct text. The table holds the
/// codes themselves, so a lookup reads the bucket and the code's text (one
/// allocation, whose count the clone then bumps) — not a separate key.
#[derive(Default)]
struct Interner {
    table: hashbrown::HashTable<Code>,
    hasher: foldhash::fast::RandomState,
}

impl Interner {
    fn get(&mut self, s: &str) -> Code {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(s);
        if let Some(c) = self.table.find(hash, |c| &**c == s) {
            return c.clone();
        }
        let c: Code = s.into();
        let hasher = &self.hasher;
        self.table.insert_unique(hash, c.clone(), |c| hasher.hash_one(&**c));
        c
    }
}

impl Db {
    /// The month's facts summed per (day, store, unit, SKU, kind, currency),
    /// read from the import-time pre-aggregates rather than the facts: the
    /// rows of `fact_daily` and the SKU-level day blocks of block-stored
    /// settlements (`daily_chunks`), in day order. A key may appear more
    /// than once (blocks are written as an import's sums grow); the engine
    /// adds them up. Codes are shared ([`Code`]): a busy month has millions
    /// of aggregates naming a few thousand stores and SKUs.
    pub async fn fact_aggregates(&self, company_id: i64, month: Month) -> Result<Vec<FactAggregate>> {
        let (from, to) = (month.first_day().to_string(), month.last_day().to_string());
        let mut codes = Interner::default();
        let mut rows = sqlx::query(
            "SELECT d.day, s.code, u.code, d.sku, d.kind, d.currency, d.amount, d.quantity, d.facts \
             FROM fact_daily d LEFT JOIN stores s ON s.id = d.store_id LEFT JOIN units u ON u.id = d.unit_id \
             WHERE d.company_id = $1 AND d.day >= $2 AND d.day <= $3 ORDER BY d.day",
        )
        .bind(company_id)
        .bind(from.clone())
        .bind(to.clone())
        .fetch(&self.pool);
        let mut out = Vec::new();
        let mut last_day: Option<(String, NaiveDate)> = None;
        while let Some(r) = next_row!(rows) {
            let r = r?;
            let d: String = r.get(0);
            let day = match &last_day {
                Some((text, parsed)) if *text == d => *parsed,
                _ => {
                    let parsed = day(&d)?;
                    last_day = Some((d, parsed));
                    parsed
                }
            };
            let kind: String = r.get(4);
            let cur: String = r.get(5);
            let facts: i64 = r.get(8);
            out.push(FactAggregate {
                day,
                store: non_empty(r.get(1)).map(|c| codes.get(&c)),
                unit: non_empty(r.get(2)).map(|c| codes.get(&c)),
                sku: non_empty(Some(r.get::<String, _>(3))).map(|c| codes.get(&c)),
                kind: FactKind::from_str(&kind).map_err(|_| corrupt("fact kind", &kind))?,
                currency: cur.parse().map_err(|_| corrupt("currency", &cur))?,
                // A REAL here would be an overflowed SQLite sum: refused at
                // import since migration 0007; said, never a panic.
                amount: from_source_units(r.try_get(6).map_err(|_| corrupt("daily amount", &format!("{day}/{kind}")))?),
                quantity: r.get(7),
                facts: facts.max(0) as u64,
            });
        }
        drop(rows);
        let stores: foldhash::HashMap<i64, Code> = sqlx::query("SELECT id, code FROM stores WHERE company_id = $1")
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| (r.get::<i64, _>(0), codes.get(&r.get::<String, _>(1))))
            .collect();
        let mut blocks = sqlx::query(
            "SELECT day, payload FROM daily_chunks WHERE company_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, import_id, chunk_no",
        )
        .bind(company_id)
        .bind(from)
        .bind(to)
        .fetch(&self.pool);
        // Both sources come in day order: merge them as the blocks are read
        // (sorting ~3 M aggregates of 80 bytes afterwards cost a tenth of a close).
        let rows = std::mem::take(&mut out);
        out.reserve(rows.len());
        let mut rows = rows.into_iter().peekable();
        let mut last_store: Option<(i64, Code)> = None;
        while let Some(r) = next_row!(blocks) {
            let r = r?;
            let d = day(&r.get::<String, _>(0))?;
            while let Some(row) = rows.next_if(|a| a.day <= d) {
                out.push(row);
            }
            let payload: Vec<u8> = r.get(1);
            let mut bad_store = None;
            decode_day(&payload, |c| {
                let store = match &last_store {
                    Some((id, code)) if *id == c.store_id => code.clone(),
                    _ => {
                        let Some(code) = stores.get(&c.store_id) else {
                            bad_store = Some(c.store_id);
                            return;
                        };
                        last_store = Some((c.store_id, code.clone()));
                        code.clone()
                    }
                };
                out.push(FactAggregate {
                    day: d,
                    store: Some(store),
                    unit: None,
                    sku: (!c.sku.is_empty()).then(|| codes.get(c.sku)),
                    kind: c.kind,
                    currency: c.currency,
                    amount: from_source_units(c.amount),
                    quantity: c.quantity,
                    facts: c.facts.max(0) as u64,
                });
            })
            .map_err(|e| StoreError::Corrupt(format!("daily block of {d}: {e}")))?;
            if let Some(id) = bad_store {
                return Err(StoreError::Corrupt(format!("daily block of {d} names store id {id}, which does not exist")));
            }
        }
        out.extend(rows);
        assert!(out.windows(2).all(|w| w[0].day <= w[1].day), "aggregates are handed over in day order");
        Ok(out)
    }

    /// Distinct orders per store and day in the month (per-order charges):
    /// those of facts stored as rows, plus those counted while block-stored
    /// settlements were imported (`order_daily`; an order whose sale lines
    /// sit in two settlement files of the same store and day counts once per
    /// file).
    pub async fn order_counts(&self, company_id: i64, month: Month) -> Result<Vec<OrderCount>> {
        let (from, to) = (month.first_day().to_string(), month.last_day().to_string());
        let rows = sqlx::query(
            "SELECT f.day, s.code, COUNT(DISTINCT f.order_id) FROM facts f JOIN stores s ON s.id = f.store_id \
             WHERE f.company_id = $1 AND f.kind = 'sale' AND f.order_id IS NOT NULL AND f.day >= $2 AND f.day <= $3 \
             GROUP BY f.day, s.code",
        )
        .bind(company_id)
        .bind(from.clone())
        .bind(to.clone())
        .fetch_all(&self.pool)
        .await?;
        let counted = sqlx::query(
            "SELECT o.day, s.code, CAST(SUM(o.orders) AS BIGINT) FROM order_daily o JOIN stores s ON s.id = o.store_id \
             WHERE o.company_id = $1 AND o.day >= $2 AND o.day <= $3 GROUP BY o.day, s.code",
        )
        .bind(company_id)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let mut sums: std::collections::BTreeMap<(NaiveDate, String), u64> = std::collections::BTreeMap::new();
        for r in rows.iter().chain(&counted) {
            let d: String = r.get(0);
            let n: i64 = r.get(2);
            *sums.entry((day(&d)?, r.get(1))).or_default() += n.max(0) as u64;
        }
        Ok(sums.into_iter().map(|((day, store), orders)| OrderCount { day, store, orders }).collect())
    }

    /// Hours and labour cost booked for the month (daily or monthly rows).
    pub async fn hours_of_month(&self, company_id: i64, month: Month) -> Result<Vec<HoursRecord>> {
        let rows = sqlx::query(
            "SELECT person_code, unit_code, period, hours, overtime_hours, labour_cost, line FROM hours \
             WHERE company_id = $1 AND month = $2 ORDER BY import_id, line",
        )
        .bind(company_id)
        .bind(month.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let period: String = r.get(2);
                let period = if period.len() == 7 {
                    HoursPeriod::Month(period.parse().map_err(|_| corrupt("month", &period))?)
                } else {
                    HoursPeriod::Day(day(&period)?)
                };
                let line: i64 = r.get(6);
                Ok(HoursRecord {
                    person: r.get(0),
                    unit: r.get(1),
                    period,
                    hours: dec(&r.get::<String, _>(3))?,
                    overtime_hours: dec(&r.get::<String, _>(4))?,
                    labour_cost: dec(&r.get::<String, _>(5))?,
                    line: line.max(0) as u64,
                })
            })
            .collect()
    }

    /// Every FX rate of the company.
    pub async fn fx_rates(&self, company_id: i64) -> Result<Vec<FxRate>> {
        let rows = sqlx::query("SELECT day, currency, rate FROM fx_rates WHERE company_id = $1 ORDER BY currency, day")
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let cur: String = r.get(1);
                Ok(FxRate {
                    date: day(&r.get::<String, _>(0))?,
                    currency: cur.parse().map_err(|_| corrupt("currency", &cur))?,
                    rate: dec(&r.get::<String, _>(2))?,
                    line: 0,
                })
            })
            .collect()
    }

    /// Plan lines of a month.
    pub async fn plans_of_month(&self, company_id: i64, month: Month) -> Result<Vec<PlanRecord>> {
        let rows = sqlx::query("SELECT unit_code, line, amount FROM plans WHERE company_id = $1 AND month = $2 ORDER BY unit_code, line")
            .bind(company_id)
            .bind(month.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok(PlanRecord { unit: r.get(0), month, line: r.get(1), amount: dec(&r.get::<String, _>(2))?, line_no: 0 }))
            .collect()
    }

    /// Closed months, oldest first.
    pub async fn closed_periods(&self, company_id: i64) -> Result<Vec<String>> {
        let rows =
            sqlx::query("SELECT month FROM periods WHERE company_id = $1 ORDER BY month").bind(company_id).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

/// A stored fact with the file and line it came from, for drill-down.
#[derive(Debug, Clone, PartialEq)]
pub struct SourcedFact {
    /// Business day.
    pub day: NaiveDate,
    /// Store code, if the fact belongs to a store.
    pub store: Option<String>,
    /// Unit code, if the fact names a unit.
    pub unit: Option<String>,
    /// SKU, if any.
    pub sku: Option<String>,
    /// Order id, if any.
    pub order_id: Option<String>,
    /// Kind.
    pub kind: FactKind,
    /// Amount in `currency`.
    pub amount: Decimal,
    /// Source currency.
    pub currency: amoeba_core::Currency,
    /// The source's description.
    pub memo: Option<String>,
    /// File the fact was imported from.
    pub file: String,
    /// Line in that file.
    pub line: u64,
}

/// Most facts one drill-down read returns (TigerBeetle style: a limit on
/// everything). The drill-down reads one day at a time, so this bounds a
/// day, not a month; a day beyond it is refused, never cut short silently.
pub const MAX_DRILLDOWN_FACTS: i64 = 1_000_000;

/// Refuses a read that found more than [`MAX_DRILLDOWN_FACTS`] facts.
pub(crate) fn too_many(found: usize, from: NaiveDate, to: NaiveDate) -> Result<()> {
    if found as i64 > MAX_DRILLDOWN_FACTS {
        return Err(StoreError::Refused(amoeba_core::Refusal::TooManyEntries {
            max: MAX_DRILLDOWN_FACTS,
            from: from.to_string(),
            to: to.to_string(),
        }));
    }
    Ok(())
}

impl Db {
    /// Facts of the given kinds between two days that belong to one of the
    /// stores or units named, with their source file and line, in date order.
    pub async fn sourced_facts(
        &self,
        company_id: i64,
        from: NaiveDate,
        to: NaiveDate,
        kinds: &[FactKind],
        stores: &[String],
        units: &[String],
    ) -> Result<Vec<SourcedFact>> {
        if kinds.is_empty() || (stores.is_empty() && units.is_empty()) {
            return Ok(Vec::new());
        }
        let mut n = 3;
        let mut list = |len: usize| -> String {
            let ps: Vec<String> = (0..len)
                .map(|_| {
                    n += 1;
                    format!("${n}")
                })
                .collect();
            if ps.is_empty() {
                "NULL".to_string()
            } else {
                ps.join(", ")
            }
        };
        let kinds_sql = list(kinds.len());
        let stores_sql = list(stores.len());
        let units_sql = list(units.len());
        let sql = format!(
            "SELECT f.day, s.code, u.code, f.sku, f.order_id, f.kind, f.amount, f.currency, f.memo, i.file_name, f.line, f.import_id \
             FROM facts f JOIN imports i ON i.id = f.import_id \
             LEFT JOIN stores s ON s.id = f.store_id LEFT JOIN units u ON u.id = f.unit_id \
             WHERE f.company_id = $1 AND f.day >= $2 AND f.day <= $3 AND f.kind IN ({kinds_sql}) \
             AND (s.code IN ({stores_sql}) OR u.code IN ({units_sql})) \
             ORDER BY f.day, f.id LIMIT {}",
            MAX_DRILLDOWN_FACTS + 1
        );
        let mut q = sqlx::query(&sql).bind(company_id).bind(from.to_string()).bind(to.to_string());
        for k in kinds {
            q = q.bind(k.as_str().to_string());
        }
        for s in stores.iter().chain(units) {
            q = q.bind(s.clone());
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut out = rows
            .iter()
            .map(|r| {
                let kind: String = r.get(5);
                let cur: String = r.get(7);
                let line: i64 = r.get(10);
                let import_id: i64 = r.get(11);
                Ok((
                    import_id,
                    SourcedFact {
                        day: day(&r.get::<String, _>(0))?,
                        store: non_empty(r.get(1)),
                        unit: non_empty(r.get(2)),
                        sku: non_empty(Some(r.get::<String, _>(3))),
                        order_id: r.get(4),
                        kind: FactKind::from_str(&kind).map_err(|_| corrupt("fact kind", &kind))?,
                        amount: from_source_units(r.get(6)),
                        currency: cur.parse().map_err(|_| corrupt("currency", &cur))?,
                        memo: r.get(8),
                        file: r.get(9),
                        line: line.max(0) as u64,
                    },
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        too_many(out.len(), from, to)?;
        self.chunk_sourced_facts(company_id, from, to, kinds, stores, &mut out).await?;
        too_many(out.len(), from, to)?;
        out.sort_by(|(ia, a), (ib, b)| (a.day, ia, a.line).cmp(&(b.day, ib, b.line)));
        Ok(out.into_iter().map(|(_, f)| f).collect())
    }
}

impl Db {
    /// Distinct orders per (store, customer) between two days: the basis of
    /// repurchase rates.
    pub async fn customer_orders(&self, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<(String, String, u64)>> {
        let rows = sqlx::query(
            "SELECT s.code, f.customer_id, COUNT(DISTINCT f.order_id) FROM facts f JOIN stores s ON s.id = f.store_id \
             WHERE f.company_id = $1 AND f.kind = 'sale' AND f.customer_id IS NOT NULL AND f.day >= $2 AND f.day <= $3 \
             GROUP BY s.code, f.customer_id",
        )
        .bind(company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get::<i64, _>(2).max(0) as u64)).collect())
    }

    /// Inventory snapshots between two days: (day, store, SKU, on hand, inbound).
    pub async fn inventory_between(
        &self,
        company_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, String, String, i64, i64)>> {
        let rows = sqlx::query(
            "SELECT day, store_code, sku, on_hand, inbound FROM inventory WHERE company_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
        )
        .bind(company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((day(&r.get::<String, _>(0))?, r.get(1), r.get(2), r.get(3), r.get(4)))).collect()
    }
}

impl Db {
    /// The last day with any imported fact (rows or blocks): how far the
    /// month in progress counts (`amoeba_core::accounting::as_of_day`).
    pub async fn last_fact_day(&self, company_id: i64) -> Result<Option<NaiveDate>> {
        let row = sqlx::query("SELECT MAX(day) FROM fact_days WHERE company_id = $1").bind(company_id).fetch_one(&self.pool).await?;
        let last: Option<String> = row.try_get(0).ok().flatten();
        last.map(|d| day(&d)).transpose()
    }

    /// Months that hold facts, oldest first, with their fact counts.
    pub async fn fact_months(&self, company_id: i64) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query(
            "SELECT SUBSTR(day, 1, 7), CAST(SUM(facts) AS BIGINT) FROM fact_days WHERE company_id = $1 GROUP BY SUBSTR(day, 1, 7) ORDER BY 1",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Closed months with the time they were closed, oldest first.
    pub async fn closed_periods_at(&self, company_id: i64) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT month, closed_at FROM periods WHERE company_id = $1 ORDER BY month")
            .bind(company_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}
