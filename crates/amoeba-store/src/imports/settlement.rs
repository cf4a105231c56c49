//! A marketplace settlement's import: its lines go to blocks (`fact_chunks`)
//! written as the reading threads' shards finish them, its distinct orders
//! per day to `order_daily`, and the same settlement twice is a no-op.

use super::*;
use amoeba_core::money::from_source_units;

/// Where a settlement's shards end up: block numbers, the shard fed by
/// [`FactImport::add`], and the distinct orders per day of every shard
/// absorbed (for `order_daily`).
pub(super) struct SettlementSink {
    pub(super) store_id: i64,
    /// Number of the next `fact_chunks` block.
    pub(super) next_no: i64,
    /// Number of the next `daily_chunks` block.
    pub(super) next_daily: i64,
    /// The shard [`FactImport::add`] fills (facts handed over as records).
    pub(super) own: Option<SettlementShard>,
    /// (day, hash of the order id) of every sale with an order id, sorted
    /// and distinct: 16 bytes an order, where the ids would be ~40. The
    /// shards' lists are merged as they are absorbed.
    pub(super) orders: Vec<(NaiveDate, u64)>,
}

impl SettlementSink {
    /// Stores a finished block under the next number of its table.
    pub(super) async fn write(&mut self, conn: &mut AnyConnection, company_id: i64, import_id: i64, block: ShardBlock) -> Result<()> {
        match block {
            ShardBlock::Facts(c) => {
                sqlx::query(
                    "INSERT INTO fact_chunks (company_id, import_id, chunk_no, store_id, day_min, day_max, first_line, fact_count, payload) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(company_id)
                .bind(import_id)
                .bind(self.next_no)
                .bind(self.store_id)
                .bind(c.day_min.to_string())
                .bind(c.day_max.to_string())
                .bind(c.first_line as i64)
                .bind(c.rows as i64)
                .bind(c.bytes)
                .execute(&mut *conn)
                .await?;
                self.next_no += 1;
            }
            ShardBlock::Day(d) => {
                write_day_block(conn, company_id, import_id, self.next_daily, &d).await?;
                self.next_daily += 1;
            }
        }
        Ok(())
    }

    /// Writes the distinct orders per day.
    pub(super) async fn write_orders(&mut self, conn: &mut AnyConnection, backend: Backend, company_id: i64, import_id: i64) -> Result<()> {
        let mut per_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for run in self.orders.chunk_by(|a, b| a.0 == b.0) {
            *per_day.entry(run[0].0).or_default() += run.len() as i64;
        }
        let rows = per_day
            .into_iter()
            .map(|(day, n)| vec![Val::I(company_id), Val::I(import_id), Val::T(day.to_string()), Val::I(self.store_id), Val::I(n)])
            .collect();
        insert_many(conn, backend, "order_daily", &["company_id", "import_id", "day", "store_id", "orders"], rows, "").await?;
        Ok(())
    }
}

/// The distinct entries of two sorted, distinct lists, sorted: an order
/// whose sales two shards saw counts once.
fn merge_distinct<T: Ord + Copy>(a: Vec<T>, b: Vec<T>) -> Vec<T> {
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// SKU-level facts a settlement shard keeps as rows (~64 bytes each, plus
/// the SKU's bytes) before it sums them into day blocks (readers add the
/// blocks up): ~20 MiB per shard.
pub const DAILY_FLUSH_CELLS: usize = 262_144;

/// A settlement found stored: the same store's is already imported; another
/// store's is refused (one payout belongs to one store).
pub(super) fn already_stored(
    found: FoundSettlement,
    store_id: i64,
    header: &SettlementHeader,
) -> Result<std::result::Result<FactImport, ImportOutcome>> {
    let settlement_id = &header.settlement_id;
    if found.store_id == store_id && found.total_amount != header.total_amount {
        // Another content under a known payout id: not "already stored".
        // The file's lines are unknown here (it is not read); the caller
        // counts them ([`amoeba_core::Refusal::SettlementContentDiffers`]).
        return Err(StoreError::Refused(amoeba_core::Refusal::SettlementContentDiffers {
            settlement: settlement_id.clone(),
            stored_lines: found.rows_read,
            stored_total: format!("{} {}", from_source_units(found.total_amount), found.currency),
            file_lines: 0,
            file_total: format!("{} {}", from_source_units(header.total_amount), header.currency),
        }));
    }
    if found.store_id == store_id {
        return Ok(Err(ImportOutcome::AlreadyImported { import_id: found.import_id, imported_at: found.imported_at }));
    }
    Err(StoreError::Refused(amoeba_core::Refusal::SettlementOfAnotherStore {
        settlement: settlement_id.to_string(),
        store: found.store,
        imported_at: found.imported_at,
    }))
}

impl FactImport {
    /// An empty shard of this settlement import, for one thread's lines
    /// ([`SettlementShard::push`]); hand it back with
    /// [`FactImport::absorb_shard`]. Panics for an import that is not a
    /// settlement's.
    pub fn settlement_shard(&self) -> SettlementShard {
        let sink = self.chunks.as_ref().expect("shards belong to a settlement import");
        SettlementShard::new(sink.store_id, self.closed.clone(), self.daily_flush_cells)
    }

    /// Writes blocks a shard finished ([`SettlementShard::take_ready`]).
    pub async fn write_blocks(&mut self, blocks: Vec<ShardBlock>) -> Result<()> {
        let sink = self.chunks.as_mut().expect("blocks belong to a settlement import");
        for block in blocks {
            sink.write(&mut self.tx, self.company_id, self.import_id, block).await?;
        }
        Ok(())
    }

    /// Takes a shard back once its thread is done: writes its last blocks
    /// and adds its sums, orders, per-day nets and refused rows to the import.
    pub async fn absorb_shard(&mut self, mut shard: SettlementShard) -> Result<()> {
        let sink = self.chunks.as_mut().expect("shards belong to a settlement import");
        assert_eq!(shard.store_id, sink.store_id, "a shard belongs to its import's store");
        shard.close();
        for block in shard.take_ready() {
            sink.write(&mut self.tx, self.company_id, self.import_id, block).await?;
        }
        self.rows_read += shard.rows_read;
        self.rows_added += shard.rows_added;
        let room = MAX_KEPT_PROBLEMS.saturating_sub(self.problems.len());
        self.problems.extend(shard.problems.into_iter().take(room));
        let (_, days) = self.settlement.as_mut().expect("a settlement import has its summary");
        for (day, net) in shard.days {
            *days.entry(day).or_default() += net;
        }
        sink.orders = merge_distinct(std::mem::take(&mut sink.orders), shard.orders);
        self.daily.as_mut().expect("a settlement always sums its days in memory").absorb(shard.daily);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::merge_distinct;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn merging_keeps_each_entry_once_in_order(a in proptest::collection::btree_set(0u16..500, 0..200), b in proptest::collection::btree_set(0u16..500, 0..200)) {
            let merged = merge_distinct(a.iter().copied().collect(), b.iter().copied().collect());
            let expected: Vec<u16> = a.union(&b).copied().collect();
            prop_assert_eq!(merged, expected);
        }
    }
}
