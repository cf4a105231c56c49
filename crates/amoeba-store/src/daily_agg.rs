//! `fact_daily` totals summed in memory while an import writes its facts,
//! so the import does not read its own rows back to aggregate them (that
//! re-read was 15 % of a large SQLite import and most of a PostgreSQL one).
//!
//! Exact only while every fact handed over was stored: the caller drops the
//! aggregate (and falls back to [`crate::imports::aggregate_import`]) as soon
//! as a batch stores fewer rows than it carried (rows already imported).

use crate::batch::{insert_many, Val};
use crate::daily_codec::{encode_day, DayCell, DAY_BLOCK_CELLS};
use crate::text_ids::TextIds;
use crate::{Backend, Result};
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

/// Most bytes of SKU codes the rows of one aggregate hold before they must
/// be taken (spans are `u32`).
const MAX_SKU_TEXT: usize = 1 << 31;

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

/// A store's fact with a SKU, as added: its SKU is a span of
/// [`DailyAgg::sku_text`] and a hash of it (rows sort by the hash, then
/// by the text only where hashes tie).
#[derive(Debug, Clone, Copy)]
struct SkuRow {
    day: NaiveDate,
    store_id: i64,
    kind: FactKind,
    currency: Currency,
    hash: u64,
    /// Kind and currency as one integer that sorts like them.
    kind_currency: u32,
    text: (u32, u32),
    sums: Sums,
}

/// Hash of a SKU code in a [`SkuRow`]: fixed, so the same data sorts the
/// same in every run.
fn sku_hash(sku: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x736b_7573).hash_one(sku)
}

/// Sums of one key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Sums {
    amount: i64,
    quantity: i64,
    facts: i64,
}

/// SKU-level daily sums of one day, encoded for `daily_chunks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayBlock {
    /// The day.
    pub day: NaiveDate,
    /// Facts summed in it.
    pub facts: i64,
    /// [`crate::daily_codec`] bytes.
    pub payload: Vec<u8>,
}

/// Stores one day block as block `chunk_no` of the import.
pub async fn write_day_block(conn: &mut AnyConnection, company_id: i64, import_id: i64, chunk_no: i64, b: &DayBlock) -> Result<()> {
    sqlx::query("INSERT INTO daily_chunks (company_id, import_id, chunk_no, day, facts, payload) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(company_id)
        .bind(import_id)
        .bind(chunk_no)
        .bind(b.day.to_string())
        .bind(b.facts)
        .bind(b.payload.as_slice())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Daily totals of the facts an import stored.
#[derive(Debug, Default)]
pub struct DailyAgg {
    /// SKU codes as dense ids (the `sku` of a [`Key`]).
    skus: TextIds,
    /// Sums of every fact except a store's facts with a SKU: a few per
    /// store and day for a settlement, so the map stays in cache.
    cells: HashMap<Key, Sums>,
    /// A store's facts with a SKU, one entry each in arrival order, summed
    /// by sorting when taken ([`DailyAgg::take_sku_blocks`]): a SKU-level
    /// key is often new (50 000 SKUs), and appending costs no cache miss
    /// where a hash map of millions of keys costs one per fact.
    sku_rows: Vec<SkuRow>,
    /// The SKU codes of `sku_rows`, back to back (a row's `text` span):
    /// rows never look a SKU up while they are added; cache misses on a
    /// table of 50 000 SKUs were most of a settlement's aggregation.
    sku_text: String,
    /// The previous fact's SKU and its index (lines of an order repeat it).
    last_sku: Option<(String, u32)>,
    /// Index of '' (facts summed without their SKU).
    no_sku: Option<u32>,
    amount_total: i128,
    facts_total: u64,
    /// A sum did not fit 64 bits: [`DailyAgg::write`] refuses the import.
    overflow: bool,
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
    /// SKU, if any.
    pub sku: Option<&'a str>,
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
        let name = daily_sku(f.kind, f.store_id, f.sku.unwrap_or(""));
        let one = Sums { amount: f.amount, quantity: f.quantity, facts: 1 };
        if f.unit_id == 0 && !name.is_empty() {
            let text = match self.sku_rows.last() {
                Some(r) if &self.sku_text[r.text.0 as usize..r.text.1 as usize] == name => r.text,
                _ => {
                    if self.sku_text.len() + name.len() > MAX_SKU_TEXT {
                        return false;
                    }
                    let start = self.sku_text.len() as u32;
                    self.sku_text.push_str(name);
                    (start, self.sku_text.len() as u32)
                }
            };
            let (day, store_id, kind, currency) = (f.day, f.store_id, f.kind, f.currency);
            let c = currency.as_str().as_bytes();
            let kind_currency = (kind as u32) << 24 | u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
            self.sku_rows.push(SkuRow { day, store_id, kind, currency, hash: sku_hash(name), kind_currency, text, sums: one });
        } else {
            let Some(sku) = self.sku_id(name) else { return false };
            let key = Key { day: f.day, store_id: f.store_id, unit_id: f.unit_id, sku, kind: f.kind, currency: f.currency };
            let cell = self.cells.entry(key).or_default();
            // A sum too large for 64 bits: the caller aggregates in SQL,
            // which refuses it with a sentence (never a wrapped sum).
            let Some(amount) = cell.amount.checked_add(one.amount) else { return false };
            cell.amount = amount;
            cell.quantity += one.quantity;
            cell.facts += 1;
        }
        self.amount_total += i128::from(f.amount);
        self.facts_total += 1;
        true
    }

    /// The id of a SKU code (`''` for none); `None` when the table is full.
    fn sku_id(&mut self, name: &str) -> Option<u32> {
        if name.is_empty() {
            if let Some(i) = self.no_sku {
                return Some(i);
            }
        } else if let Some((last, i)) = &self.last_sku {
            if last == name {
                return Some(*i);
            }
        }
        let sku = match self.skus.get(name) {
            Some(i) => i,
            None if self.skus.len() >= MAX_SKUS => return None,
            None => self.skus.id(name),
        };
        if name.is_empty() {
            self.no_sku = Some(sku);
        } else {
            self.last_sku = Some((name.to_string(), sku));
        }
        Some(sku)
    }

    /// Sums held outside the SKU rows (distinct keys).
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Facts of a store with a SKU held: those
    /// [`DailyAgg::take_sku_blocks`] sums, writes and lets go of.
    pub fn sku_len(&self) -> usize {
        self.sku_rows.len()
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.sku_rows.is_empty()
    }

    /// The SKU rows summed per key, sorted by day, store, SKU hash, kind
    /// and currency, with the SKU codes they point into; let go.
    fn take_summed_sku_rows(&mut self) -> (Vec<SkuRow>, String) {
        let mut rows = std::mem::take(&mut self.sku_rows);
        let text = std::mem::take(&mut self.sku_text);
        let code = |r: &SkuRow| &text[r.text.0 as usize..r.text.1 as usize];
        // Integers only (a currency's three letters compared as bytes were
        // a call to memcmp per comparison); the text only where all tie.
        let key = |r: &SkuRow| (r.day, r.store_id, r.hash, r.kind_currency);
        rows.sort_unstable_by(|a, b| key(a).cmp(&key(b)).then_with(|| code(a).cmp(code(b))));
        let mut summed: Vec<SkuRow> = Vec::with_capacity(rows.len());
        for r in rows {
            match summed.last_mut() {
                Some(last)
                    if (last.day, last.store_id, last.hash, last.kind, last.currency)
                        == (r.day, r.store_id, r.hash, r.kind, r.currency)
                        && code(last) == code(&r)
                        && last.sums.amount.checked_add(r.sums.amount).is_some() =>
                {
                    // (A sum that would not fit stays a second row of the
                    // key: readers add a key's rows up, and refuse an overflow.)
                    last.sums.amount += r.sums.amount;
                    last.sums.quantity += r.sums.quantity;
                    last.sums.facts += r.sums.facts;
                }
                _ => summed.push(r),
            }
        }
        (summed, text)
    }

    /// `fact_daily` key order (so B-tree pages are written in sequence).
    fn key_order(&self, x: &Key, y: &Key) -> std::cmp::Ordering {
        let names = &self.skus;
        (x.day, x.store_id, x.unit_id, names.text(x.sku), x.kind.as_str(), x.currency).cmp(&(
            y.day,
            y.store_id,
            y.unit_id,
            names.text(y.sku),
            y.kind.as_str(),
            y.currency,
        ))
    }

    /// The cells in key order, after checking they partition the facts
    /// added (less any taken by [`DailyAgg::take_sku_blocks`]).
    fn sorted_cells(&mut self) -> Vec<(Key, Sums)> {
        let mut cells: Vec<(Key, Sums)> = std::mem::take(&mut self.cells).into_iter().collect();
        let (rows, text) = self.take_summed_sku_rows();
        for r in rows {
            let sku = self.skus.id(&text[r.text.0 as usize..r.text.1 as usize]);
            cells.push((Key { day: r.day, store_id: r.store_id, unit_id: 0, sku, kind: r.kind, currency: r.currency }, r.sums));
        }
        // Conservation: the cells are a partition of the facts added.
        let amount: i128 = cells.iter().map(|(_, s)| i128::from(s.amount)).sum();
        let facts: i64 = cells.iter().map(|(_, s)| s.facts).sum();
        assert!(self.overflow || amount == self.amount_total, "daily cells must sum to the facts' amounts");
        assert_eq!(facts as u64, self.facts_total, "daily cells must count every fact once");
        cells.sort_unstable_by(|a, b| self.key_order(&a.0, &b.0));
        cells
    }

    /// Upserts the totals into `fact_daily`.
    pub async fn write(mut self, conn: &mut AnyConnection, backend: Backend, company_id: i64) -> Result<()> {
        if self.overflow {
            return Err(crate::StoreError::Refused(amoeba_core::Refusal::SumTooLarge));
        }
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
                Val::T(self.skus.text(k.sku).to_string()),
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

    /// Takes the cells of a store's facts with a SKU ([`SKU_GRAIN_KINDS`])
    /// out as per-day blocks for `daily_chunks` ([`write_day_block`]); the
    /// store-level cells stay (a few per store and day) and are upserted
    /// once, by [`DailyAgg::write`]. Blocks of the same import may repeat a
    /// key (the sums are taken as they grow): readers add them up.
    pub fn take_sku_blocks(&mut self) -> Vec<DayBlock> {
        let (skus, text) = self.take_summed_sku_rows();
        for r in &skus {
            self.amount_total -= i128::from(r.sums.amount);
            self.facts_total -= r.sums.facts as u64;
        }
        let mut blocks = Vec::new();
        let mut start = 0;
        while start < skus.len() {
            let day = skus[start].day;
            let mut end = start;
            while end < skus.len() && skus[end].day == day && end - start < DAY_BLOCK_CELLS {
                end += 1;
            }
            let block: Vec<DayCell> = skus[start..end]
                .iter()
                .map(|r| DayCell {
                    store_id: r.store_id,
                    sku: &text[r.text.0 as usize..r.text.1 as usize],
                    kind: r.kind,
                    currency: r.currency,
                    amount: r.sums.amount,
                    quantity: r.sums.quantity,
                    facts: r.sums.facts,
                })
                .collect();
            let facts: i64 = block.iter().map(|c| c.facts).sum();
            blocks.push(DayBlock { day, facts, payload: encode_day(&block) });
            start = end;
        }
        blocks
    }

    /// Adds another aggregate's cells to this one (the parts of one import
    /// summed on several threads).
    pub fn absorb(&mut self, other: DailyAgg) {
        let ours: Vec<u32> = (0..other.skus.len() as u32).map(|i| self.skus.id(other.skus.text(i))).collect();
        for (mut key, sums) in other.cells {
            key.sku = ours[key.sku as usize];
            let cell = self.cells.entry(key).or_default();
            match cell.amount.checked_add(sums.amount) {
                Some(a) => cell.amount = a,
                None => self.overflow = true,
            }
            cell.quantity += sums.quantity;
            cell.facts += sums.facts;
        }
        let base = self.sku_text.len() as u32;
        assert!(self.sku_text.len() + other.sku_text.len() <= MAX_SKU_TEXT, "absorbed SKU rows fit the text buffer");
        self.sku_text.push_str(&other.sku_text);
        self.sku_rows.extend(other.sku_rows.into_iter().map(|mut r| {
            r.text = (r.text.0 + base, r.text.1 + base);
            r
        }));
        self.amount_total += other.amount_total;
        self.facts_total += other.facts_total;
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
            sku: Some(sku),
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
        assert_eq!(a.sku_len(), 4, "SKU-level facts are summed when taken");
        assert_eq!(a.amount_total, 154);
        let cells = a.sorted_cells();
        assert_eq!(cells.len(), 3);
        let k = cells.iter().find(|(k, _)| k.day.day() == 1 && a.skus.text(k.sku) == "A").unwrap().1;
        assert_eq!(k, Sums { amount: 150, quantity: 2, facts: 2 });
    }

    #[test]
    fn sku_blocks_sum_each_key_once_and_keep_the_store_sums() {
        let mut a = DailyAgg::default();
        for (day, sku, amount) in [(1, "B", 5), (1, "A", 100), (2, "A", 7), (1, "A", 50), (1, "B", -1)] {
            assert!(a.add(fact(day, sku, amount)));
        }
        assert!(a.add(AggFact { kind: FactKind::PlatformFee, ..fact(1, "A", -10) }));
        let blocks = a.take_sku_blocks();
        assert_eq!(blocks.iter().map(|b| (b.day.day(), b.facts)).collect::<Vec<_>>(), vec![(1, 4), (2, 1)]);
        let mut day1 = Vec::new();
        crate::daily_codec::decode_day(&blocks[0].payload, |c| day1.push((c.sku.to_string(), c.amount, c.facts))).unwrap();
        day1.sort();
        assert_eq!(day1, vec![("A".to_string(), 150, 2), ("B".to_string(), 4, 2)], "each SKU summed once");
        assert_eq!((a.sku_len(), a.len(), a.amount_total), (0, 1, -10), "the store's fee stays");
    }

    #[test]
    fn an_absorbed_aggregate_adds_up() {
        let (mut a, mut b) = (DailyAgg::default(), DailyAgg::default());
        assert!(a.add(fact(1, "A", 100)));
        assert!(b.add(fact(1, "Z", 1)));
        assert!(b.add(fact(1, "A", 10)));
        assert!(b.add(AggFact { kind: FactKind::PlatformFee, ..fact(1, "A", -10) }));
        a.absorb(b);
        let cells = a.sorted_cells();
        let got: Vec<(String, FactKind, i64)> = cells.iter().map(|(k, s)| (a.skus.text(k.sku).to_string(), k.kind, s.amount)).collect();
        assert_eq!(got.len(), 3);
        assert!(got.contains(&("A".into(), FactKind::Sale, 110)) && got.contains(&("Z".into(), FactKind::Sale, 1)));
        assert!(got.contains(&("".into(), FactKind::PlatformFee, -10)));
    }

    #[test]
    fn fees_of_a_store_are_summed_without_their_sku() {
        let mut a = DailyAgg::default();
        assert!(a.add(AggFact { kind: FactKind::PlatformFee, ..fact(1, "A", -10) }));
        assert!(a.add(AggFact { kind: FactKind::PlatformFee, ..fact(1, "B", -5) }));
        assert!(a.add(AggFact { kind: FactKind::PlatformFee, store_id: 0, unit_id: 3, ..fact(1, "B", -1) }));
        assert!(a.add(fact(1, "A", 100)));
        let cells = a.sorted_cells();
        let mut keys: Vec<(i64, &str, FactKind, i64)> =
            cells.iter().map(|(k, s)| (k.store_id, a.skus.text(k.sku), k.kind, s.amount)).collect();
        keys.sort_by_key(|k| (k.0, k.1.to_string(), k.2.as_str()));
        assert_eq!(keys, vec![(0, "B", FactKind::PlatformFee, -1), (1, "", FactKind::PlatformFee, -15), (1, "A", FactKind::Sale, 100)]);
        assert_eq!(daily_sku(FactKind::AdSales, 1, "A"), "A");
    }

    proptest::proptest! {
        /// Extreme amounts into one cell: every sum kept is exact; a sum that
        /// would not fit 64 bits is either refused by `add` (the caller then
        /// sums in SQL, which refuses it) or kept as a second row of the key
        /// — never wrapped, never a panic.
        #[test]
        fn extreme_amounts_are_summed_exactly_or_refused(
            amounts in proptest::collection::vec(-10_000_000_000_000_000i64..=10_000_000_000_000_000i64, 1..2000),
            with_sku in proptest::bool::ANY,
        ) {
            let mut a = DailyAgg::default();
            let mut kept: i128 = 0;
            for x in &amounts {
                let mut f = fact(1, "A", *x);
                if !with_sku {
                    f.sku = None;
                }
                if a.add(f) {
                    kept += i128::from(*x);
                }
            }
            let cells = a.sorted_cells();
            let stored: i128 = cells.iter().map(|(_, s)| i128::from(s.amount)).sum();
            proptest::prop_assert_eq!(stored, kept);
        }
    }
}
