//! `fact_daily` totals summed in memory while an import writes its facts,
//! so the import does not read its own rows back to aggregate them (that
//! re-read was 15 % of a large SQLite import and most of a PostgreSQL one).
//!
//! Exact only while every fact handed over was stored: the caller drops the
//! aggregate (and falls back to [`crate::imports::aggregate_import`]) as soon
//! as a batch stores fewer rows than it carried (rows already imported).

use crate::batch::{insert_many, Val};
use crate::daily_codec::{encode_day, DayCell, DAY_BLOCK_CELLS};
use crate::{Backend, Result};
use amoeba_core::accounting::Code;
use amoeba_core::ledger::FactKind;
use amoeba_core::money::Currency;
use chrono::NaiveDate;
use sqlx::AnyConnection;
/// Hash maps keyed by the importer's own codes: foldhash, several times
/// faster than SipHash on these short keys (they are the company's own
/// data, not an attacker's).
type HashMap<K, V> = foldhash::HashMap<K, V>;

/// Kinds whose daily sums keep their SKU when the fact has a store: what
/// COGS (units sold and returned, COGS the source carries) and the SKU
/// metrics (ad spend, ad-attributed sales) need. Fees and the rest are summed
/// per store: a settlement's fee lines would otherwise make `fact_daily`
/// nearly as large as the facts. A fact without a store keeps its SKU
/// always (the SKU's owner is where it is placed).
pub const SKU_GRAIN_KINDS: [FactKind; 5] = [FactKind::Sale, FactKind::Refund, FactKind::Cogs, FactKind::AdSpend, FactKind::AdSales];

/// The SKU a fact is summed under in `fact_daily` (see [`SKU_GRAIN_KINDS`]).
pub fn daily_sku(kind: FactKind, store_id: i64, sku: &str) -> &str {
    if store_id == 0 || SKU_GRAIN_KINDS.contains(&kind) {
        sku
    } else {
        ""
    }
}

/// The same rule in SQL over `facts` (kind, store_id and sku columns).
pub fn daily_sku_sql() -> String {
    let kinds: Vec<String> = SKU_GRAIN_KINDS.iter().map(|k| format!("'{}'", k.as_str())).collect();
    format!("CASE WHEN store_id = 0 OR kind IN ({}) THEN sku ELSE '' END", kinds.join(", "))
}

/// Most distinct SKUs one import may aggregate in memory (beyond it the
/// import falls back to aggregating in SQL).
pub const MAX_SKUS: usize = 4_000_000;

/// The `fact_daily` key, with the SKU interned to keep a key at 32 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    day: NaiveDate,
    store_id: i64,
    unit_id: i64,
    sku: u32,
    kind: FactKind,
    currency: Currency,
}

/// Sums of one key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sums {
    amount: i64,
    quantity: i64,
    facts: i64,
}

/// Daily totals of the facts an import stored.
#[derive(Debug, Default)]
pub struct DailyAgg {
    skus: HashMap<String, u32>,
    sku_names: Vec<String>,
    cells: HashMap<Key, Sums>,
    /// The previous fact's SKU and its index (lines of an order repeat it);
    /// held, so its address cannot be reused by another text.
    last_sku: Option<(Code, u32)>,
    /// Index of '' (facts summed without their SKU).
    no_sku: Option<u32>,
    /// Cells of a store's fact with a SKU (what [`DailyAgg::write_sku_blocks`] writes).
    sku_cells: usize,
    amount_total: i128,
    facts_total: u64,
}

/// One fact as the aggregate needs it.
#[derive(Debug, Clone, Copy)]
pub struct AggFact<'a> {
    /// Business day.
    pub day: NaiveDate,
    /// Store id, 0 for a unit's own fact.
    pub store_id: i64,
    /// Unit id, 0 for a store's fact.
    pub unit_id: i64,
    /// SKU, if any: shared, so a repeat of the previous fact's SKU is
    /// recognised by its address.
    pub sku: Option<&'a Code>,
    /// Kind.
    pub kind: FactKind,
    /// Source currency.
    pub currency: Currency,
    /// Amount in source units (1/10000).
    pub amount: i64,
    /// Units.
    pub quantity: i64,
}

impl DailyAgg {
    /// Adds one stored fact. `false` when the SKU table is full: the caller
    /// then aggregates in SQL instead.
    #[must_use]
    pub fn add(&mut self, f: AggFact<'_>) -> bool {
        let name = daily_sku(f.kind, f.store_id, f.sku.map_or("", |s| &**s));
        let known = if name.is_empty() {
            self.no_sku
        } else {
            match (&self.last_sku, f.sku) {
                (Some((last, i)), Some(s)) if std::sync::Arc::ptr_eq(last, s) => Some(*i),
                _ => None,
            }
        };
        let sku = match known.or_else(|| self.skus.get(name).copied()) {
            Some(i) => i,
            None => {
                if self.sku_names.len() >= MAX_SKUS {
                    return false;
                }
                let i = self.sku_names.len() as u32;
                self.skus.insert(name.to_string(), i);
                self.sku_names.push(name.to_string());
                i
            }
        };
        match f.sku {
            _ if name.is_empty() => self.no_sku = Some(sku),
            Some(s) if known.is_none() => self.last_sku = Some((s.clone(), sku)),
            _ => {}
        }
        let key = Key { day: f.day, store_id: f.store_id, unit_id: f.unit_id, sku, kind: f.kind, currency: f.currency };
        let cell = match self.cells.entry(key) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                if f.unit_id == 0 && !name.is_empty() {
                    self.sku_cells += 1;
                }
                v.insert(Sums::default())
            }
        };
        cell.amount += f.amount;
        cell.quantity += f.quantity;
        cell.facts += 1;
        self.amount_total += i128::from(f.amount);
        self.facts_total += 1;
        true
    }

    /// Distinct `fact_daily` rows held.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Distinct cells of a store's facts with a SKU held: those
    /// [`DailyAgg::write_sku_blocks`] writes and lets go of.
    pub fn sku_len(&self) -> usize {
        self.sku_cells
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// `fact_daily` key order (so B-tree pages are written in sequence).
    fn key_order(&self, x: &Key, y: &Key) -> std::cmp::Ordering {
        let names = &self.sku_names;
        (x.day, x.store_id, x.unit_id, &names[x.sku as usize], x.kind.as_str(), x.currency).cmp(&(
            y.day,
            y.store_id,
            y.unit_id,
            &names[y.sku as usize],
            y.kind.as_str(),
            y.currency,
        ))
    }

    /// The cells in key order, after checking they partition the facts
    /// added (less any written by [`DailyAgg::write_sku_blocks`]).
    fn sorted_cells(&mut self) -> Vec<(Key, Sums)> {
        let mut cells: Vec<(Key, Sums)> = std::mem::take(&mut self.cells).into_iter().collect();
        // Conservation: the cells are a partition of the facts added.
        let amount: i128 = cells.iter().map(|(_, s)| i128::from(s.amount)).sum();
        let facts: i64 = cells.iter().map(|(_, s)| s.facts).sum();
        assert_eq!(amount, self.amount_total, "daily cells must sum to the facts' amounts");
        assert_eq!(facts as u64, self.facts_total, "daily cells must count every fact once");
        cells.sort_unstable_by(|a, b| self.key_order(&a.0, &b.0));
        cells
    }

    /// Upserts the totals into `fact_daily`.
    pub async fn write(mut self, conn: &mut AnyConnection, backend: Backend, company_id: i64) -> Result<()> {
        let cells = self.sorted_cells();
        self.upsert(conn, backend, company_id, cells).await
    }

    async fn upsert(&self, conn: &mut AnyConnection, backend: Backend, company_id: i64, cells: Vec<(Key, Sums)>) -> Result<()> {
        let mut rows = Vec::with_capacity(cells.len());
        for (k, s) in cells {
            rows.push(vec![
                Val::I(company_id),
                Val::T(k.day.to_string()),
                Val::I(k.store_id),
                Val::I(k.unit_id),
                Val::T(self.sku_names[k.sku as usize].clone()),
                Val::T(k.kind.as_str().to_string()),
                Val::T(k.currency.to_string()),
                Val::I(s.amount),
                Val::I(s.quantity),
                Val::I(s.facts),
            ]);
        }
        insert_many(
            conn,
            backend,
            "fact_daily",
            &["company_id", "day", "store_id", "unit_id", "sku", "kind", "currency", "amount", "quantity", "facts"],
            rows,
            "ON CONFLICT (company_id, day, store_id, unit_id, sku, kind, currency) DO UPDATE SET \
             amount = fact_daily.amount + excluded.amount, quantity = fact_daily.quantity + excluded.quantity, \
             facts = fact_daily.facts + excluded.facts",
        )
        .await?;
        Ok(())
    }

    /// Writes the cells of a store's facts with a SKU ([`SKU_GRAIN_KINDS`])
    /// as per-day blocks in `daily_chunks`, numbered from `*next_chunk` on,
    /// and lets go of them; the store-level cells stay (a few per store and
    /// day) and are upserted once, by [`DailyAgg::write`]. Blocks of the
    /// same import may repeat a key (the sums are written as they grow):
    /// readers add them up.
    pub async fn write_sku_blocks(
        &mut self,
        conn: &mut AnyConnection,
        company_id: i64,
        import_id: i64,
        next_chunk: &mut i64,
    ) -> Result<()> {
        let names = &self.sku_names;
        let mut skus: Vec<(Key, Sums)> = Vec::with_capacity(self.sku_cells);
        self.cells.retain(|k, s| {
            let sku_level = k.unit_id == 0 && !names[k.sku as usize].is_empty();
            if sku_level {
                skus.push((*k, *s));
            }
            !sku_level
        });
        assert_eq!(skus.len(), self.sku_cells, "every SKU-level cell is counted once");
        self.sku_cells = 0;
        for (_, s) in &skus {
            self.amount_total -= i128::from(s.amount);
            self.facts_total -= s.facts as u64;
        }
        // By day first, so each day's cells are one run; then by store and
        // SKU code, so readers get each day's cells in key order (the engine
        // files them in B-trees: sorted input was a third of a report faster
        // than the same cells in arrival order).
        skus.sort_unstable_by(|a, b| self.key_order(&a.0, &b.0));
        let mut start = 0;
        while start < skus.len() {
            let day = skus[start].0.day;
            let mut end = start;
            while end < skus.len() && skus[end].0.day == day && end - start < DAY_BLOCK_CELLS {
                end += 1;
            }
            let block: Vec<DayCell> = skus[start..end]
                .iter()
                .map(|(k, s)| DayCell {
                    store_id: k.store_id,
                    sku: &self.sku_names[k.sku as usize],
                    kind: k.kind,
                    currency: k.currency,
                    amount: s.amount,
                    quantity: s.quantity,
                    facts: s.facts,
                })
                .collect();
            let facts: i64 = block.iter().map(|c| c.facts).sum();
            sqlx::query("INSERT INTO daily_chunks (company_id, import_id, chunk_no, day, facts, payload) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(company_id)
                .bind(import_id)
                .bind(*next_chunk)
                .bind(day.to_string())
                .bind(facts)
                .bind(encode_day(&block))
                .execute(&mut *conn)
                .await?;
            *next_chunk += 1;
            start = end;
        }
        Ok(())
    }

    /// Writes a block-stored import's totals: the SKU-level cells as day
    /// blocks ([`DailyAgg::write_sku_blocks`]), the rest as `fact_daily` rows.
    pub async fn write_blocks(
        mut self,
        conn: &mut AnyConnection,
        backend: Backend,
        company_id: i64,
        import_id: i64,
        next_chunk: &mut i64,
    ) -> Result<()> {
        self.write_sku_blocks(conn, company_id, import_id, next_chunk).await?;
        self.write(conn, backend, company_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn fact(day: u32, sku: &'static str, amount: i64) -> AggFact<'static> {
        AggFact {
            day: NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            store_id: 1,
            unit_id: 0,
            sku: Some(Box::leak(Box::new(Code::from(sku)))),
            kind: FactKind::Sale,
            currency: Currency::USD,
            amount,
            quantity: 1,
        }
    }

    #[test]
    fn same_key_sums_and_other_keys_stay_apart() {
        let mut a = DailyAgg::default();
        assert!(a.add(fact(1, "A", 100)));
        assert!(a.add(fact(1, "A", 50)));
        assert!(a.add(fact(1, "B", 7)));
        assert!(a.add(fact(2, "A", -3)));
        assert_eq!(a.len(), 3);
        let k = a.cells.iter().find(|(k, _)| k.day.day() == 1 && a.sku_names[k.sku as usize] == "A").unwrap().1;
        assert_eq!(*k, Sums { amount: 150, quantity: 2, facts: 2 });
        assert_eq!(a.amount_total, 154);
    }

    #[test]
    fn fees_of_a_store_are_summed_without_their_sku() {
        let mut a = DailyAgg::default();
        assert!(a.add(AggFact { kind: FactKind::PlatformFee, ..fact(1, "A", -10) }));
        assert!(a.add(AggFact { kind: FactKind::PlatformFee, ..fact(1, "B", -5) }));
        assert!(a.add(AggFact { kind: FactKind::PlatformFee, store_id: 0, unit_id: 3, ..fact(1, "B", -1) }));
        assert!(a.add(fact(1, "A", 100)));
        let mut keys: Vec<(i64, &str, FactKind, i64)> =
            a.cells.iter().map(|(k, s)| (k.store_id, a.sku_names[k.sku as usize].as_str(), k.kind, s.amount)).collect();
        keys.sort_by_key(|k| (k.0, k.1.to_string(), k.2.as_str()));
        assert_eq!(keys, vec![(0, "B", FactKind::PlatformFee, -1), (1, "", FactKind::PlatformFee, -15), (1, "A", FactKind::Sale, 100)]);
        assert_eq!(daily_sku(FactKind::AdSales, 1, "A"), "A");
    }
}
