//! The compact form of one day's SKU-level sums of a settlement: what COGS
//! and the SKU metrics read, kept as one block per day (`daily_chunks`)
//! instead of a `fact_daily` row per (store, SKU, kind). A month with a
//! million distinct (store, SKU) sales is a few megabytes that decode in
//! milliseconds, where the same rows cost seconds to write and to read.
//!
//! Layout (version 1): `[1u8] cells texts` then per cell
//! `store kind amount quantity facts currency sku`, numbers as zig-zag
//! varints (store and facts plain), texts as 1 + dictionary index. Pure.

use crate::chunk_codec::{kind_code, put_texts, put_varint, zigzag, ChunkCorrupt, Reader};
use crate::text_ids::TextIds;
use amoeba_core::ledger::FactKind;
use amoeba_core::money::Currency;

/// Most cells in one block.
pub const DAY_BLOCK_CELLS: usize = 65_536;

const VERSION: u8 = 1;

/// One (store, SKU, kind, currency) sum of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCell<'a> {
    /// Store id.
    pub store_id: i64,
    /// SKU ('' when none).
    pub sku: &'a str,
    /// Kind.
    pub kind: FactKind,
    /// Source currency.
    pub currency: Currency,
    /// Σ amount, 1/10000 of `currency`.
    pub amount: i64,
    /// Σ quantity.
    pub quantity: i64,
    /// Facts summed.
    pub facts: i64,
}

/// Encodes at most [`DAY_BLOCK_CELLS`] cells.
pub fn encode_day<'a>(cells: &'a [DayCell<'a>]) -> Vec<u8> {
    assert!(cells.len() <= DAY_BLOCK_CELLS, "a day block holds at most {DAY_BLOCK_CELLS} cells");
    let mut texts = TextIds::default();
    let mut body = Vec::with_capacity(cells.len() * 12);
    // Cells of one SKU on a day are adjacent: a text is often the previous one.
    let mut last: [(&'a str, u64); 2] = [("", 0); 2];
    let mut code = |t: &'a str, col: usize, texts: &mut TextIds| -> u64 {
        if last[col].1 != 0 && last[col].0 == t {
            return last[col].1;
        }
        let c = u64::from(texts.id(t)) + 1;
        last[col] = (t, c);
        c
    };
    for c in cells {
        assert!(c.store_id >= 0 && c.facts >= 0, "store ids and fact counts are not negative");
        put_varint(&mut body, c.store_id as u64);
        body.push(kind_code(c.kind));
        put_varint(&mut body, zigzag(c.amount));
        put_varint(&mut body, zigzag(c.quantity));
        put_varint(&mut body, c.facts as u64);
        let cur = code(c.currency.as_str(), 0, &mut texts);
        put_varint(&mut body, cur);
        let sku = code(c.sku, 1, &mut texts);
        put_varint(&mut body, sku);
    }
    let mut out = Vec::with_capacity(body.len() + texts.len() * 12 + 8);
    let texts_out = (0..texts.len() as u32).map(|i| texts.text(i));
    out.push(VERSION);
    put_varint(&mut out, cells.len() as u64);
    put_texts(&mut out, texts_out);
    out.extend_from_slice(&body);
    out
}

/// Calls `each` for every cell of a block.
pub fn decode_day(bytes: &[u8], mut each: impl FnMut(DayCell<'_>)) -> Result<(), ChunkCorrupt> {
    let mut r = Reader { bytes, at: 0 };
    if r.byte()? != VERSION {
        return Err(ChunkCorrupt("unknown version"));
    }
    let n = r.varint()? as usize;
    if n > DAY_BLOCK_CELLS {
        return Err(ChunkCorrupt("more cells than a block holds"));
    }
    let texts = r.texts(2 * DAY_BLOCK_CELLS)?;
    for _ in 0..n {
        let store_id = i64::try_from(r.varint()?).map_err(|_| ChunkCorrupt("store id"))?;
        let kind = *FactKind::ALL.get(r.byte()? as usize).ok_or(ChunkCorrupt("kind"))?;
        let amount = r.signed()?;
        let quantity = r.signed()?;
        let facts = i64::try_from(r.varint()?).map_err(|_| ChunkCorrupt("fact count"))?;
        let currency = r.text(&texts)?.and_then(|c| c.parse().ok()).ok_or(ChunkCorrupt("currency"))?;
        let sku = r.text(&texts)?.ok_or(ChunkCorrupt("sku"))?;
        each(DayCell { store_id, sku, kind, currency, amount, quantity, facts });
    }
    if r.at != bytes.len() {
        return Err(ChunkCorrupt("bytes left after the last cell"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_block_decodes_to_its_cells(
            raw in proptest::collection::vec((0i64..500, "[A-Z0-9-]{0,10}", 0usize..FactKind::ALL.len(), any::<i64>(), any::<i64>(), 0i64..1_000_000), 0..300)
        ) {
            let cells: Vec<DayCell> = raw
                .iter()
                .map(|(store_id, sku, kind, amount, quantity, facts)| DayCell {
                    store_id: *store_id,
                    sku,
                    kind: FactKind::ALL[*kind],
                    currency: Currency::USD,
                    amount: *amount,
                    quantity: *quantity,
                    facts: *facts,
                })
                .collect();
            let bytes = encode_day(&cells);
            let mut back: Vec<(i64, String, FactKind, i64, i64, i64)> = Vec::new();
            decode_day(&bytes, |c| back.push((c.store_id, c.sku.to_string(), c.kind, c.amount, c.quantity, c.facts))).unwrap();
            let want: Vec<_> = cells.iter().map(|c| (c.store_id, c.sku.to_string(), c.kind, c.amount, c.quantity, c.facts)).collect();
            prop_assert_eq!(back, want);
            for cut in [0, bytes.len() / 2, bytes.len().saturating_sub(1)] {
                if cut < bytes.len() {
                    let cut_decodes = decode_day(&bytes[..cut], |_| {}).is_ok();
                    prop_assert!(!cut_decodes, "a block cut at {} of {} bytes decoded", cut, bytes.len());
                }
            }
        }
    }
}
