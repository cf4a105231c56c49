//! The compact form of a block of one import's facts: how a settlement's
//! ten million lines are kept whole for drill-down without ten million
//! B-tree rows and index entries.
//!
//! A chunk holds up to [`CHUNK_ROWS`] facts of one store in file order. Text
//! columns (currency, SKU, order id, memo) are dictionary-coded per chunk;
//! numbers are zig-zag varints, lines and instants as deltas from the
//! previous fact. Pure: bytes in, facts out, no I/O.
//!
//! Layout (version 1):
//! `[1u8] rows first-line first-day dict-len (len bytes)*` then per fact
//! `flags kind Δline Δday [Δseconds offset [nanos]] amount quantity currency sku order memo`
//! where every number after the two bytes is a varint, the day is relative
//! to the first fact's day, text
//! columns are 0 for none or 1 + their dictionary index; flags bit 0 says
//! the fact has an exact instant, bit 1 that it has nanoseconds.

use crate::text_ids::TextIds;
use amoeba_core::accounting::Code;
use amoeba_core::ledger::FactKind;
use amoeba_core::money::Currency;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// Most facts in one chunk: big enough that a 10 M-line settlement is ~1 200
/// rows, small enough that a drill-down decodes little it does not show.
pub const CHUNK_ROWS: usize = 8_192;

/// Most distinct texts one chunk may hold (4 per fact at most).
const MAX_DICT: usize = 4 * CHUNK_ROWS;

/// Texts remembered per column ([`ChunkWriter`]'s `recent`): the SKU and
/// order id repeat only within an order's consecutive lines, so one is
/// enough (a longer list costs a comparison per line for nothing); a file
/// has a few dozen memos that interleave.
const RECENT_TEXTS: [usize; 3] = [1, 1, 8];

/// Format version written in the first byte.
const VERSION: u8 = 1;

/// A fact as a chunk stores it: everything a store-level fact of a
/// marketplace file carries. Such facts have a store (the chunk's), no unit,
/// no customer and correct nothing; [`ChunkWriter::push`] refuses others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkFact {
    /// Line in the source file.
    pub line: u64,
    /// Business day.
    pub day: NaiveDate,
    /// Exact instant, when the source gives one.
    pub occurred_at: Option<DateTime<FixedOffset>>,
    /// Kind.
    pub kind: FactKind,
    /// Amount in 1/10000 of `currency`.
    pub amount: i64,
    /// Units.
    pub quantity: i64,
    /// Source currency.
    pub currency: Currency,
    /// SKU, if any.
    pub sku: Option<Code>,
    /// Order id, if any.
    pub order_id: Option<Code>,
    /// The source's description.
    pub memo: Option<Code>,
}

/// Why bytes do not decode: a chunk written by this module never fails, so
/// this means the stored blob was damaged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("fact chunk does not decode: {0}")]
pub struct ChunkCorrupt(pub &'static str);

/// Builds one chunk. Push facts in file order, then [`ChunkWriter::finish`].
#[derive(Debug, Default)]
pub struct ChunkWriter {
    /// The chunk's dictionary: a text's code is 1 + its id.
    texts: TextIds,
    body: Vec<u8>,
    rows: usize,
    first_day: Option<NaiveDate>,
    min_day: Option<NaiveDate>,
    max_day: Option<NaiveDate>,
    first_line: u64,
    prev_line: u64,
    prev_seconds: i64,
    /// Code of the previous fact's currency.
    prev_currency: u64,
    /// The last few texts of the SKU, order id and memo columns with their
    /// codes: an order's lines repeat its SKU and order id, and a file has
    /// few memos, so most texts are found by comparing a few short strings
    /// instead of hashing them.
    recent: [Vec<(String, u64)>; 3],
}

/// A finished chunk and what the row beside it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedChunk {
    /// Earliest day of its facts.
    pub day_min: NaiveDate,
    /// Latest day of its facts.
    pub day_max: NaiveDate,
    /// Line of its first fact.
    pub first_line: u64,
    /// Facts in it.
    pub rows: usize,
    /// The encoded facts.
    pub bytes: Vec<u8>,
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Writes a text table as [`Reader::texts`] reads it.
pub(crate) fn put_texts<'t>(out: &mut Vec<u8>, texts: impl ExactSizeIterator<Item = &'t str>) {
    put_varint(out, texts.len() as u64);
    for t in texts {
        put_varint(out, t.len() as u64);
        out.extend_from_slice(t.as_bytes());
    }
}

pub(crate) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A kind's one-byte code: its place in [`FactKind::ALL`], which lists the
/// kinds in declaration order (tested), so the code is the discriminant.
pub(crate) fn kind_code(kind: FactKind) -> u8 {
    kind as u8
}

impl ChunkWriter {
    /// Whether nothing was pushed.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Whether the chunk holds [`CHUNK_ROWS`] facts and must be finished.
    pub fn is_full(&self) -> bool {
        self.rows >= CHUNK_ROWS
    }

    fn text(&mut self, s: Option<&str>) -> u64 {
        let Some(s) = s else { return 0 };
        // A push adds at most four texts to a chunk of fewer than
        // CHUNK_ROWS facts, so there is always room: one lookup, not two.
        assert!(self.texts.len() < MAX_DICT, "a chunk holds at most {MAX_DICT} texts");
        u64::from(self.texts.id(s)) + 1
    }

    /// Appends one fact. Lines must not decrease (file order).
    pub fn push(&mut self, f: &ChunkFactRef<'_>) {
        assert!(!self.is_full(), "chunk is full: finish it first");
        let first = *self.first_day.get_or_insert(f.day);
        if self.rows == 0 {
            self.first_line = f.line;
            self.prev_line = f.line;
        }
        assert!(f.line >= self.prev_line, "facts are pushed in file order");
        self.min_day = Some(self.min_day.map_or(f.day, |d| d.min(f.day)));
        self.max_day = Some(self.max_day.map_or(f.day, |d| d.max(f.day)));
        let nanos = f.occurred_at.map_or(0, |at| at.timestamp_subsec_nanos());
        self.body.push(u8::from(f.occurred_at.is_some()) | if nanos != 0 { 2 } else { 0 });
        self.body.push(kind_code(f.kind));
        put_varint(&mut self.body, f.line - self.prev_line);
        self.prev_line = f.line;
        put_varint(&mut self.body, zigzag((f.day - first).num_days()));
        if let Some(at) = f.occurred_at {
            let s = at.timestamp();
            put_varint(&mut self.body, zigzag(s.wrapping_sub(self.prev_seconds)));
            self.prev_seconds = s;
            put_varint(&mut self.body, zigzag(i64::from(at.offset().local_minus_utc())));
            if nanos != 0 {
                put_varint(&mut self.body, u64::from(nanos));
            }
        }
        put_varint(&mut self.body, zigzag(f.amount));
        put_varint(&mut self.body, zigzag(f.quantity));
        let prev = self.prev_currency;
        let currency = if prev != 0 && self.texts.text((prev - 1) as u32) == f.currency.as_str() {
            prev
        } else {
            self.text(Some(f.currency.as_str()))
        };
        self.prev_currency = currency;
        put_varint(&mut self.body, currency);
        for (col, t) in [f.sku, f.order_id, f.memo].into_iter().enumerate() {
            let code = match t {
                None => 0,
                Some(c) => match self.recent[col].iter().find(|(r, _)| r == c) {
                    Some((_, code)) => *code,
                    None => {
                        let code = self.text(Some(c));
                        let recent = &mut self.recent[col];
                        let slot = if recent.len() == RECENT_TEXTS[col] { recent.remove(0) } else { (String::new(), 0) };
                        let (mut text, _) = slot;
                        text.clear();
                        text.push_str(c);
                        recent.push((text, code));
                        code
                    }
                },
            };
            put_varint(&mut self.body, code);
        }
        self.rows += 1;
    }

    /// The finished chunk, or `None` when nothing was pushed; the writer is
    /// empty again afterwards.
    pub fn finish(&mut self) -> Option<EncodedChunk> {
        if self.rows == 0 {
            return None;
        }
        let first = self.first_day.expect("set on the first push");
        let texts: usize = (0..self.texts.len() as u32).map(|i| self.texts.text(i).len() + 2).sum();
        let mut bytes = Vec::with_capacity(self.body.len() + texts + 24);
        bytes.push(VERSION);
        put_varint(&mut bytes, self.rows as u64);
        put_varint(&mut bytes, self.first_line);
        put_varint(&mut bytes, zigzag(i64::from(first.num_days_from_ce())));
        put_texts(&mut bytes, (0..self.texts.len() as u32).map(|i| self.texts.text(i)));
        bytes.extend_from_slice(&self.body);
        let chunk = EncodedChunk {
            day_min: self.min_day.expect("set on the first push"),
            day_max: self.max_day.expect("set on the first push"),
            first_line: self.first_line,
            rows: self.rows,
            bytes,
        };
        // The dictionary and body keep their memory for the next chunk (a
        // fresh table grew and rehashed its way to ~5 000 texts each time).
        let (mut texts, mut body) = (std::mem::take(&mut self.texts), std::mem::take(&mut self.body));
        texts.clear();
        body.clear();
        *self = ChunkWriter { texts, body, ..ChunkWriter::default() };
        Some(chunk)
    }
}

/// Reads a chunk back, in the order its facts were pushed.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn byte(&mut self) -> Result<u8, ChunkCorrupt> {
        let b = *self.bytes.get(self.at).ok_or(ChunkCorrupt("ends early"))?;
        self.at += 1;
        Ok(b)
    }

    pub(crate) fn varint(&mut self) -> Result<u64, ChunkCorrupt> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ChunkCorrupt("varint longer than 64 bits"))
    }

    pub(crate) fn signed(&mut self) -> Result<i64, ChunkCorrupt> {
        self.varint().map(unzigzag)
    }

    /// Reads a text table (count, then length and bytes of each) of at
    /// most `most` entries.
    pub(crate) fn texts(&mut self, most: usize) -> Result<Vec<&'a str>, ChunkCorrupt> {
        let n = self.varint()? as usize;
        if n > most {
            return Err(ChunkCorrupt("too many texts"));
        }
        let mut texts = Vec::with_capacity(n);
        for _ in 0..n {
            let len = self.varint()? as usize;
            let end = self.at.checked_add(len).filter(|e| *e <= self.bytes.len()).ok_or(ChunkCorrupt("text runs past the end"))?;
            texts.push(std::str::from_utf8(&self.bytes[self.at..end]).map_err(|_| ChunkCorrupt("text is not UTF-8"))?);
            self.at = end;
        }
        Ok(texts)
    }

    pub(crate) fn text<'t>(&mut self, texts: &[&'t str]) -> Result<Option<&'t str>, ChunkCorrupt> {
        match self.varint()? {
            0 => Ok(None),
            i => texts.get((i - 1) as usize).copied().map(Some).ok_or(ChunkCorrupt("text index out of range")),
        }
    }
}

/// A decoded fact, borrowing its texts from the chunk (the core's borrowed fact).
pub use amoeba_core::ledger::FactRef as ChunkFactRef;

impl ChunkFact {
    /// The fact as [`ChunkWriter::push`] takes it.
    pub fn as_ref(&self) -> ChunkFactRef<'_> {
        ChunkFactRef {
            line: self.line,
            day: self.day,
            occurred_at: self.occurred_at,
            kind: self.kind,
            amount: self.amount,
            quantity: self.quantity,
            currency: self.currency,
            sku: self.sku.as_deref(),
            order_id: self.order_id.as_deref(),
            memo: self.memo.as_deref(),
        }
    }
}

impl ChunkFact {
    /// An owned copy of a borrowed fact.
    pub fn of(f: &ChunkFactRef<'_>) -> ChunkFact {
        let f = *f;
        ChunkFact {
            line: f.line,
            day: f.day,
            occurred_at: f.occurred_at,
            kind: f.kind,
            amount: f.amount,
            quantity: f.quantity,
            currency: f.currency,
            sku: f.sku.map(Into::into),
            order_id: f.order_id.map(Into::into),
            memo: f.memo.map(Into::into),
        }
    }
}

/// Calls `each` for every fact of a chunk, in the order they were pushed.
pub fn decode_chunk(bytes: &[u8], mut each: impl FnMut(ChunkFactRef<'_>)) -> Result<(), ChunkCorrupt> {
    let mut r = Reader { bytes, at: 0 };
    if r.byte()? != VERSION {
        return Err(ChunkCorrupt("unknown version"));
    }
    let rows = r.varint()?;
    if rows as usize > CHUNK_ROWS {
        return Err(ChunkCorrupt("more rows than a chunk holds"));
    }
    let mut line = r.varint()?;
    let first = i32::try_from(r.signed()?).ok().and_then(NaiveDate::from_num_days_from_ce_opt).ok_or(ChunkCorrupt("first day"))?;
    let texts = r.texts(MAX_DICT)?;
    let mut seconds = 0i64;
    for _ in 0..rows {
        let flags = r.byte()?;
        let kind = *FactKind::ALL.get(r.byte()? as usize).ok_or(ChunkCorrupt("kind"))?;
        line = line.checked_add(r.varint()?).ok_or(ChunkCorrupt("line"))?;
        let day = first.checked_add_signed(chrono::Duration::days(r.signed()?)).ok_or(ChunkCorrupt("day"))?;
        let occurred_at = if flags & 1 == 1 {
            seconds = seconds.wrapping_add(r.signed()?);
            let offset = i32::try_from(r.signed()?).ok().and_then(FixedOffset::east_opt).ok_or(ChunkCorrupt("offset"))?;
            let nanos = if flags & 2 == 2 { u32::try_from(r.varint()?).map_err(|_| ChunkCorrupt("nanoseconds"))? } else { 0 };
            Some(DateTime::from_timestamp(seconds, nanos).ok_or(ChunkCorrupt("instant"))?.with_timezone(&offset))
        } else {
            None
        };
        let amount = r.signed()?;
        let quantity = r.signed()?;
        let currency = r.text(&texts)?.and_then(|c| c.parse().ok()).ok_or(ChunkCorrupt("currency"))?;
        let sku = r.text(&texts)?;
        let order_id = r.text(&texts)?;
        let memo = r.text(&texts)?;
        each(ChunkFactRef { line, day, occurred_at, kind, amount, quantity, currency, sku, order_id, memo });
    }
    if r.at != bytes.len() {
        return Err(ChunkCorrupt("bytes left after the last fact"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fact(line: u64, day: u32, kind: FactKind, amount: i64) -> ChunkFact {
        ChunkFact {
            line,
            day: NaiveDate::from_ymd_opt(2026, 9, day).unwrap(),
            occurred_at: None,
            kind,
            amount,
            quantity: 0,
            currency: Currency::USD,
            sku: None,
            order_id: None,
            memo: None,
        }
    }

    fn roundtrip(facts: &[ChunkFact]) -> (EncodedChunk, Vec<ChunkFact>) {
        let mut w = ChunkWriter::default();
        for f in facts {
            w.push(&f.as_ref());
        }
        let c = w.finish().expect("facts were pushed");
        assert!(w.is_empty(), "finish leaves the writer empty");
        let mut out = Vec::new();
        decode_chunk(&c.bytes, |f| out.push(ChunkFact::of(&f))).unwrap();
        (c, out)
    }

    #[test]
    fn keeps_every_field_and_the_day_range() {
        let at = DateTime::parse_from_rfc3339("2026-09-14T23:59:58-07:00").unwrap();
        let mut a = fact(4, 14, FactKind::Sale, 1_999_900);
        a.occurred_at = Some(at);
        a.sku = Some("SKU-红-1".into());
        a.order_id = Some("114-1234567-7654321".into());
        a.memo = Some("Order/ItemPrice/Principal".into());
        a.quantity = 2;
        let mut b = fact(9, 3, FactKind::PlatformFee, -30_000);
        b.order_id = a.order_id.clone();
        b.memo = Some("Order/ItemFees/Commission".into());
        let c = fact(9, 20, FactKind::Refund, i64::MIN + 1);
        let (chunk, back) = roundtrip(&[a.clone(), b.clone(), c.clone()]);
        assert_eq!(back, vec![a, b, c]);
        assert_eq!(chunk.day_min, NaiveDate::from_ymd_opt(2026, 9, 3).unwrap());
        assert_eq!(chunk.day_max, NaiveDate::from_ymd_opt(2026, 9, 20).unwrap());
        assert_eq!((chunk.first_line, chunk.rows), (4, 3));
    }

    #[test]
    fn kind_codes_are_places_in_the_list_of_kinds() {
        for (i, k) in FactKind::ALL.iter().enumerate() {
            assert_eq!(kind_code(*k) as usize, i, "{k:?}");
        }
    }

    #[test]
    fn an_empty_writer_gives_no_chunk() {
        assert!(ChunkWriter::default().finish().is_none());
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let (chunk, _) = roundtrip(&[fact(2, 1, FactKind::Sale, 5)]);
        for cut in 0..chunk.bytes.len() {
            assert!(decode_chunk(&chunk.bytes[..cut], |_| {}).is_err(), "cut at {cut}");
        }
        let mut longer = chunk.bytes.clone();
        longer.push(0);
        assert!(decode_chunk(&longer, |_| {}).is_err());
    }

    #[test]
    fn a_full_chunk_is_compact() {
        let mut w = ChunkWriter::default();
        for i in 0..CHUNK_ROWS as u64 {
            let mut f = fact(2 + i, 1 + (i % 28) as u32, FactKind::Sale, 10_000 + i as i64);
            f.sku = Some(format!("SKU-{}", i % 500).into());
            f.order_id = Some(format!("111-{:07}-{:07}", i / 3, i).into());
            f.memo = Some("Order/ItemPrice/Principal".into());
            w.push(&f.as_ref());
        }
        assert!(w.is_full());
        let c = w.finish().unwrap();
        // ~60 bytes a fact as a text line; well under half that here.
        assert!(c.bytes.len() < 40 * CHUNK_ROWS, "{} bytes", c.bytes.len());
    }

    fn any_fact() -> impl Strategy<Value = (u64, ChunkFact)> {
        (
            0u64..1000,
            0u32..60,
            any::<Option<(i64, i32)>>(),
            0usize..FactKind::ALL.len(),
            any::<i64>(),
            any::<i64>(),
            proptest::option::of("[A-Z0-9-]{0,12}"),
            proptest::option::of("[0-9-]{0,19}"),
            proptest::option::of("\\PC{0,20}"),
        )
            .prop_map(|(gap, day, at, kind, amount, quantity, sku, order_id, memo)| {
                let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(i64::from(day));
                let occurred_at = at.and_then(|(s, o)| {
                    let off = FixedOffset::east_opt(o % 50_000)?;
                    Some(DateTime::from_timestamp(s % 10_000_000_000, (o.unsigned_abs() % 3) * 1_000)?.with_timezone(&off))
                });
                let f = ChunkFact {
                    line: 0,
                    day,
                    occurred_at,
                    kind: FactKind::ALL[kind],
                    amount,
                    quantity,
                    currency: Currency::CNY,
                    sku: sku.map(Into::into),
                    order_id: order_id.map(Into::into),
                    memo: memo.map(Into::into),
                };
                (gap, f)
            })
    }

    proptest! {
        #[test]
        fn every_chunk_decodes_to_what_was_pushed(facts in proptest::collection::vec(any_fact(), 1..200)) {
            let mut line = 1;
            let facts: Vec<ChunkFact> = facts.into_iter().map(|(gap, mut f)| { line += gap; f.line = line; f }).collect();
            let (chunk, back) = roundtrip(&facts);
            prop_assert_eq!(&back, &facts);
            prop_assert_eq!(chunk.day_min, facts.iter().map(|f| f.day).min().unwrap());
            prop_assert_eq!(chunk.day_max, facts.iter().map(|f| f.day).max().unwrap());
        }
    }
}
