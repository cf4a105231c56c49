//! One thread's share of a settlement import: the lines it was handed,
//! encoded into fact blocks, summed per day and SKU, and its distinct
//! orders counted — all in memory, no I/O. A settlement is read on several
//! threads, each filling its own shard; the import writes the blocks a
//! shard hands over ([`SettlementShard::take_ready`]) and finally absorbs
//! what is left of every shard ([`crate::imports::FactImport::absorb_shard`]).
//!
//! Splitting is exact: a fact lands in exactly one shard, fact blocks and
//! SKU day blocks are read back summed, store-level sums and per-day nets
//! are added when shards are absorbed, and distinct orders are united (an
//! order whose lines went to two shards still counts once).

use crate::chunk_codec::{ChunkFactRef, ChunkWriter, EncodedChunk};
use crate::daily_agg::{AggFact, DailyAgg, DayBlock};
use amoeba_core::ledger::FactKind;
use amoeba_core::Month;
use amoeba_import::{ImportError, Reason};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Most refused rows one shard remembers (the import keeps 10 000).
const MAX_PROBLEMS: usize = 10_000;

/// A finished block a shard hands over for writing.
#[derive(Debug)]
pub enum ShardBlock {
    /// Up to [`crate::chunk_codec::CHUNK_ROWS`] settlement lines (`fact_chunks`).
    Facts(EncodedChunk),
    /// SKU-level sums of one day (`daily_chunks`).
    Day(DayBlock),
}

/// A 64-bit hash of an order id, the same in every run and on every
/// thread: with millions of orders a collision (two orders counted as one)
/// has odds below 10⁻⁶.
pub(crate) fn order_hash(order_id: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x616d_6f65_6261).hash_one(order_id)
}

/// One thread's part of a settlement import. Lines must be pushed in file
/// order (each shard's own lines; shards interleave).
#[derive(Debug)]
pub struct SettlementShard {
    pub(crate) store_id: i64,
    closed: Arc<BTreeSet<String>>,
    open_month: Option<Month>,
    writer: ChunkWriter,
    pub(crate) daily: DailyAgg,
    daily_flush_cells: usize,
    /// (day, hash of the order id) of every sale with an order id, as they
    /// come; sorted and made distinct when the shard closes (appending
    /// costs nothing, a set of millions costs a cache miss a sale).
    pub(crate) orders: Vec<(NaiveDate, u64)>,
    /// Net amount per day (source units), and the day being summed. Wide
    /// (`i128`): a line carries at most 10¹⁶ source units and a file at most
    /// 10⁸ lines, so no sum of them can overflow; the store refuses a day
    /// whose net does not fit its `i64` column.
    pub(crate) days: BTreeMap<NaiveDate, i128>,
    current_day: Option<(NaiveDate, i128)>,
    pub(crate) problems: Vec<ImportError>,
    /// Lines pushed, and lines kept (not refused).
    pub(crate) rows_read: u64,
    pub(crate) rows_added: u64,
    ready: Vec<ShardBlock>,
    /// Set by [`SettlementShard::close`]; no line may come after it.
    closed_shard: bool,
}

impl SettlementShard {
    pub(crate) fn new(store_id: i64, closed: Arc<BTreeSet<String>>, daily_flush_cells: usize) -> Self {
        Self {
            store_id,
            closed,
            open_month: None,
            writer: ChunkWriter::default(),
            daily: DailyAgg::default(),
            daily_flush_cells: daily_flush_cells.max(1),
            orders: Vec::new(),
            days: BTreeMap::new(),
            current_day: None,
            problems: Vec::new(),
            rows_read: 0,
            rows_added: 0,
            ready: Vec::new(),
            closed_shard: false,
        }
    }

    /// Takes one settlement line of the shard's store. A line in a closed
    /// month is refused (the whole import will be); kept lines are encoded
    /// and summed.
    pub fn push(&mut self, f: &ChunkFactRef<'_>) {
        assert!(!self.closed_shard, "no line comes after a shard is closed");
        self.rows_read += 1;
        let month = Month::of(f.day);
        if self.open_month != Some(month) {
            if self.closed.contains(&month.to_string()) {
                if self.problems.len() < MAX_PROBLEMS {
                    self.problems.push(ImportError::cell(f.line, "date", Reason::ClosedPeriod { month: month.to_string() }));
                }
                return;
            }
            self.open_month = Some(month);
        }
        if !self.problems.is_empty() {
            // The import is refused: only its problems matter now.
            return;
        }
        match &mut self.current_day {
            Some((day, net)) if *day == f.day => *net += i128::from(f.amount),
            current => {
                if let Some((day, net)) = current.take() {
                    *self.days.entry(day).or_default() += net;
                }
                *current = Some((f.day, i128::from(f.amount)));
            }
        }
        let agg = AggFact {
            day: f.day,
            store_id: self.store_id,
            unit_id: 0,
            sku: f.sku,
            kind: f.kind,
            currency: f.currency,
            amount: f.amount,
            quantity: f.quantity,
        };
        if !self.daily.add(agg) {
            // Too many SKUs for one table: write what is summed, start afresh.
            let full = std::mem::take(&mut self.daily);
            self.park(full);
            assert!(self.daily.add(agg), "an empty daily aggregate takes any fact");
        }
        if self.daily.sku_len() >= self.daily_flush_cells {
            let blocks = self.daily.take_sku_blocks();
            self.ready.extend(blocks.into_iter().map(ShardBlock::Day));
        }
        if f.kind == FactKind::Sale {
            if let Some(order) = f.order_id {
                self.orders.push((f.day, order_hash(order)));
            }
        }
        self.writer.push(f);
        if self.writer.is_full() {
            let chunk = self.writer.finish().expect("a full writer has facts");
            self.ready.push(ShardBlock::Facts(chunk));
        }
        self.rows_added += 1;
    }

    /// Keeps a full aggregate's SKU blocks for writing and its store-level
    /// cells inside the new one.
    fn park(&mut self, mut full: DailyAgg) {
        self.ready.extend(full.take_sku_blocks().into_iter().map(ShardBlock::Day));
        self.daily.absorb(full);
    }

    /// Blocks finished since the last call, to be written.
    pub fn take_ready(&mut self) -> Vec<ShardBlock> {
        std::mem::take(&mut self.ready)
    }

    /// Whether finished blocks wait to be taken.
    pub fn has_ready(&self) -> bool {
        !self.ready.is_empty()
    }

    /// Finishes the open fact block, the SKU sums and the distinct orders:
    /// after this only store-level sums, the orders and per-day nets are
    /// left to absorb. Call it on the shard's own thread (it sorts);
    /// absorbing closes a shard that was not.
    pub fn close(&mut self) {
        if std::mem::replace(&mut self.closed_shard, true) {
            return;
        }
        self.orders.sort_unstable();
        self.orders.dedup();
        if let Some(chunk) = self.writer.finish() {
            self.ready.push(ShardBlock::Facts(chunk));
        }
        let blocks = self.daily.take_sku_blocks();
        self.ready.extend(blocks.into_iter().map(ShardBlock::Day));
        if let Some((day, net)) = self.current_day.take() {
            *self.days.entry(day).or_default() += net;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use amoeba_core::money::Currency;

    fn line(line: u64, day: u32, kind: FactKind, amount: i64, sku: &'static str, order: &'static str) -> ChunkFactRef<'static> {
        ChunkFactRef {
            line,
            day: NaiveDate::from_ymd_opt(2026, 9, day).unwrap(),
            occurred_at: None,
            kind,
            amount,
            quantity: 1,
            currency: Currency::USD,
            sku: Some(sku),
            order_id: Some(order),
            memo: Some("Order/ItemPrice/Principal"),
        }
    }

    #[test]
    fn sums_days_counts_orders_and_blocks_facts() {
        let mut s = SettlementShard::new(7, Arc::default(), 2);
        s.push(&line(2, 1, FactKind::Sale, 100, "A", "O1"));
        s.push(&line(3, 1, FactKind::PlatformFee, -15, "A", "O1"));
        s.push(&line(4, 1, FactKind::Sale, 50, "B", "O2"));
        s.push(&line(5, 2, FactKind::Sale, 70, "A", "O1"));
        s.push(&line(6, 2, FactKind::Sale, 1, "B", "O1"));
        // Two SKU-level cells on day 1 reached the flush mark.
        assert!(s.has_ready());
        s.close();
        let ready = s.take_ready();
        let facts: usize = ready.iter().map(|b| if let ShardBlock::Facts(c) = b { c.rows } else { 0 }).sum();
        let day_facts: i64 = ready.iter().map(|b| if let ShardBlock::Day(d) = b { d.facts } else { 0 }).sum();
        assert_eq!(facts, 5);
        assert_eq!(day_facts, 4, "the four sales are SKU-level sums");
        assert_eq!(s.days.values().sum::<i128>(), 206);
        assert_eq!(s.days.len(), 2);
        assert_eq!(s.orders.len(), 3, "O1 on two days counts on each day");
        assert!(s.orders.windows(2).all(|w| w[0] < w[1]), "sorted and distinct once closed");
        assert_eq!((s.rows_read, s.rows_added), (5, 5));
    }

    #[test]
    fn a_day_of_more_than_i64_sums_exactly() {
        // 1 000 lines of the largest row (10¹² in ten-thousandths) on one
        // day: 10¹⁹, past i64::MAX. Summed wide, never wrapped or a panic;
        // the store refuses the day (sum_too_large) when it writes it.
        let mut s = SettlementShard::new(7, Arc::default(), 1 << 20);
        let big = 1_000_000_000_000_i64 * 10_000;
        for n in 0..1_000 {
            s.push(&line(2 + n, 1, FactKind::Sale, big, "A", "O1"));
        }
        s.close();
        assert_eq!(s.days.values().copied().sum::<i128>(), 1_000 * i128::from(big));
        assert!(s.days.values().all(|net| i64::try_from(*net).is_err()));
    }

    #[test]
    fn a_closed_month_refuses_the_line() {
        let closed: BTreeSet<String> = ["2026-09".to_string()].into();
        let mut s = SettlementShard::new(7, Arc::new(closed), 100);
        s.push(&line(9, 3, FactKind::Sale, 100, "A", "O1"));
        assert_eq!(s.problems.len(), 1);
        assert_eq!((s.problems[0].line, s.problems[0].column.as_deref()), (9, Some("date")));
        assert_eq!(s.rows_added, 0);
    }
}
