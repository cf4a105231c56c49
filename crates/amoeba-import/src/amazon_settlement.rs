//! Amazon settlement report, flat file V2 (`GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2`).
//!
//! A tab-separated file; the first data row is the settlement summary
//! (`settlement-start-date`, `settlement-end-date`, `deposit-date`,
//! `total-amount`, `currency`, no transaction), every later row one amount of
//! one transaction. Columns are looked up by header name, so files without
//! `posted-date-time` or `promotion-id`, or with extra columns, are read.
//!
//! Every line becomes one fact (kind by the table in [`crate::settlement_map`]
//! and `docs/formats.md`), and the facts must sum **exactly** to the
//! summary's `total-amount`, or the file is refused: a settlement that does
//! not reconcile is incomplete or altered, and booking it would make the
//! books disagree with the bank.
//!
//! Quantities: a sale's principal line carries `quantity-purchased`; a
//! refund's principal line carries the quantity returned as a **positive**
//! number (`quantity-purchased` when Amazon fills it, which it often does
//! not; then 0). All other lines carry 0, so units are counted once per item.
//!
//! Scale: [`for_each_settlement_line`] reads a file in blocks of lines on
//! several threads and hands each line, borrowed, to the thread's own sink,
//! so a 10-million-line month is parsed in bounded memory on every core
//! (module `parallel`); [`for_each_settlement_fact`] streams owned records with
//! row fingerprints on one thread, and [`parse_settlement`] collects them.

use crate::context::ImportContext;
use crate::dates::{parse_when, When};
use crate::decode::{Encoding, LineReader};
use crate::error::{ErrorList, FileKind, ImportError, ImportErrors};
use crate::fingerprint::{FieldBuf, Fingerprint, Fingerprinter};
use crate::number::{NumberStyle, StyleTracker};
use crate::reason::Reason;
use crate::settlement_map::{fallback_kind, Classifier};
use crate::Parsed;
use amoeba_core::accounting::Code;
use amoeba_core::ledger::{FactKind, FactRecord};
use amoeba_core::money::{Currency, SOURCE_DP};
use rust_decimal::Decimal;
use std::io::BufRead;

mod parallel;
pub use parallel::for_each_settlement_line;

/// Most columns a settlement line may have.
pub const MAX_COLUMNS: usize = 64;

/// Most data lines in one settlement file.
pub const MAX_LINES: u64 = 100_000_000;

/// The settlement as its summary row states it.
#[derive(Debug, Clone, PartialEq)]
pub struct SettlementSummary {
    /// Amazon's settlement id (the idempotency key of the whole file).
    pub settlement_id: String,
    /// Start of the settlement period.
    pub start: When,
    /// End of the settlement period.
    pub end: When,
    /// Day the money reached (or left) the bank account.
    pub deposit_date: When,
    /// Net amount of the settlement, which the facts must sum to.
    pub total_amount: Decimal,
    /// Currency of every amount in the file.
    pub currency: Currency,
}

/// What a streamed settlement import learnt, once every line was read and
/// the facts reconciled.
#[derive(Debug, Clone)]
pub struct SettlementStats {
    /// The summary row.
    pub summary: SettlementSummary,
    /// Facts handed to the callback.
    pub facts: u64,
    /// Lines read, header included.
    pub lines: u64,
    /// Facts whose kind came from the fallback rule (no table entry), per
    /// "transaction-type/amount-type/amount-description", first 100 shown.
    pub unmapped: Vec<(String, u64)>,
    /// Encoding of the file.
    pub encoding: Encoding,
    /// Number convention of the amounts.
    pub number_style: NumberStyle,
    /// SHA-256 of the file's bytes.
    pub file_sha256: [u8; 32],
}

/// A whole settlement, collected.
#[derive(Debug, Clone)]
pub struct Settlement {
    /// The summary row.
    pub summary: SettlementSummary,
    /// One fact per transaction line, with fingerprints.
    pub facts: Parsed<FactRecord>,
    /// See [`SettlementStats::unmapped`].
    pub unmapped: Vec<(String, u64)>,
}

/// Column positions, looked up by header name.
#[derive(Debug, Default, Clone)]
struct Cols {
    settlement_id: usize,
    start: usize,
    end: usize,
    deposit: usize,
    total: usize,
    currency: usize,
    tx: usize,
    amount_type: usize,
    desc: usize,
    amount: usize,
    posted_date: Option<usize>,
    posted_date_time: Option<usize>,
    order_id: Option<usize>,
    sku: Option<usize>,
    quantity: Option<usize>,
    identity: Vec<(&'static str, Option<usize>)>,
}

/// Columns whose raw text identifies a line (with the normalised amount,
/// the store and the settlement id). Columns implied by these (merchant ids,
/// marketplace, fulfilment channel, quantity) are left out: less to hash.
const IDENTITY: &[&str] = &[
    "transaction-type",
    "order-id",
    "adjustment-id",
    "shipment-id",
    "amount-type",
    "amount-description",
    "posted-date",
    "posted-date-time",
    "order-item-code",
    "merchant-adjustment-item-id",
    "sku",
    "promotion-id",
];

impl Cols {
    /// The columns a transaction line is read from, as a bit mask.
    fn body_mask(&self) -> u64 {
        let used = [self.settlement_id, self.currency, self.tx, self.amount_type, self.desc, self.amount];
        let optional = [self.posted_date, self.posted_date_time, self.order_id, self.sku, self.quantity];
        used.into_iter().chain(optional.into_iter().flatten()).fold(0, |m, i| m | 1 << i)
    }
}

fn header(line: &str, errs: &mut ErrorList) -> Option<Cols> {
    if !line.contains('\t') {
        errs.push(ImportError::line(1, Reason::NotTabSeparated));
        return None;
    }
    let names: Vec<String> = line.split('\t').map(|h| h.trim().to_ascii_lowercase()).collect();
    if names.len() > MAX_COLUMNS {
        errs.push(ImportError::line(1, Reason::TooManyColumns { found: names.len(), max: MAX_COLUMNS }));
        return None;
    }
    let find = |n: &str| names.iter().position(|h| h == n);
    if find("amount-type").is_none() && (find("price-type").is_some() || find("item-related-fee-type").is_some()) {
        errs.push(ImportError::line(1, Reason::SettlementV1));
        return None;
    }
    let mut missing = Vec::new();
    let mut need = |n: &'static str| {
        let p = find(n);
        if p.is_none() {
            missing.push(n);
        }
        p.unwrap_or(0)
    };
    let cols = Cols {
        settlement_id: need("settlement-id"),
        start: need("settlement-start-date"),
        end: need("settlement-end-date"),
        deposit: need("deposit-date"),
        total: need("total-amount"),
        currency: need("currency"),
        tx: need("transaction-type"),
        amount_type: need("amount-type"),
        desc: need("amount-description"),
        amount: need("amount"),
        posted_date: find("posted-date"),
        posted_date_time: find("posted-date-time"),
        order_id: find("order-id"),
        sku: find("sku"),
        quantity: find("quantity-purchased"),
        identity: IDENTITY.iter().map(|n| (*n, find(n))).collect(),
    };
    if cols.posted_date.is_none() && cols.posted_date_time.is_none() {
        missing.push("posted-date");
    }
    for m in &missing {
        errs.push(ImportError::line(1, Reason::MissingColumn { column: m.to_string(), prefix: false }));
    }
    missing.is_empty().then_some(cols)
}

/// `amount` in ten-thousandths, exactly (at most [`SOURCE_DP`] places were accepted).
fn source_units(amount: Decimal) -> i128 {
    let scale = amount.scale().min(SOURCE_DP);
    amount.mantissa() * 10i128.pow(SOURCE_DP - scale)
}

/// One settlement line, parsed: what is kept of it, borrowed from the
/// line and the parser. The currency is the settlement's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettlementFact<'a> {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Business day and exact instant, in the store's time zone.
    pub when: When,
    /// Kind, by the settlement map (`docs/formats.md`).
    pub kind: FactKind,
    /// Amount in ten-thousandths of the settlement currency, exactly.
    pub amount: i64,
    /// Units (principal lines of sales and refunds only).
    pub quantity: i64,
    /// SKU, if the line has one.
    pub sku: Option<&'a str>,
    /// Order id, if the line has one.
    pub order_id: Option<&'a str>,
    /// `transaction-type/amount-type/amount-description`.
    pub memo: &'a Code,
}

impl SettlementFact<'_> {
    /// The line as the store takes it: a fact borrowed from the file, in
    /// the settlement's `currency`.
    pub fn fact_ref(&self, currency: amoeba_core::Currency) -> amoeba_core::ledger::FactRef<'_> {
        amoeba_core::ledger::FactRef {
            line: self.line,
            day: self.when.day,
            occurred_at: self.when.at,
            kind: self.kind,
            amount: self.amount,
            quantity: self.quantity,
            currency,
            sku: self.sku,
            order_id: self.order_id,
            memo: Some(self.memo),
        }
    }
}

/// Most distinct (transaction-type, amount-type, amount-description)
/// combinations remembered; a file with more classifies the rest per line.
const MAX_LINE_KINDS: usize = 256;

/// What one combination of transaction-type, amount-type and
/// amount-description is: its kind by rule (`None`: unmapped), its memo,
/// and for unmapped ones how many lines had it from which line on.
#[derive(Clone)]
struct LineKind {
    tx: String,
    amount_type: String,
    desc: String,
    rule: Option<FactKind>,
    memo: Code,
    first_line: u64,
    lines: u64,
}

/// Remembers each combination a settlement repeats line after line (a few
/// dozen over millions of lines), so a line is classified by comparing
/// three short strings, and its memo is shared, not built.
#[derive(Clone, Default)]
struct LineKinds {
    known: Vec<LineKind>,
    last: usize,
    /// For each known combination, the one that followed it last time:
    /// lines of an order come in the same sequence (principal, commission,
    /// fulfilment fee), so the guess is nearly always right.
    next: Vec<usize>,
    classify: Classifier,
    /// Combinations beyond [`MAX_LINE_KINDS`]: the latest one.
    overflow: Option<LineKind>,
    /// Unmapped combinations beyond [`MAX_LINE_KINDS`], counted per line.
    unmapped_overflow: Vec<(String, u64, u64)>,
}

impl LineKinds {
    fn find(&self, tx: &str, amount_type: &str, desc: &str) -> Option<usize> {
        let is = |k: &LineKind| k.desc == desc && k.amount_type == amount_type && k.tx == tx;
        let guess = self.next.get(self.last).copied().unwrap_or(usize::MAX);
        if self.known.get(guess).is_some_and(is) {
            return Some(guess);
        }
        self.known.iter().position(is)
    }

    /// Notes that `i` followed the previous line's combination.
    fn follow(&mut self, i: usize) {
        if let Some(n) = self.next.get_mut(self.last) {
            *n = i;
        }
        self.last = i;
    }

    /// The combination's entry; its `lines` counts this line.
    fn get(&mut self, tx: &str, amount_type: &str, desc: &str, line: u64) -> &LineKind {
        if let Some(i) = self.find(tx, amount_type, desc) {
            self.follow(i);
            let k = &mut self.known[i];
            k.lines += 1;
            return k;
        }
        let rule = self.classify.rule_kind(tx, amount_type, desc);
        let memo: Code = format!("{tx}/{amount_type}/{desc}").into();
        let k = LineKind { tx: tx.into(), amount_type: amount_type.into(), desc: desc.into(), rule, memo, first_line: line, lines: 1 };
        if self.known.len() < MAX_LINE_KINDS {
            self.known.push(k);
            self.next.push(usize::MAX);
            self.follow(self.known.len() - 1);
            return &self.known[self.last];
        }
        if rule.is_none() {
            let key = k.memo.to_string();
            let room = self.unmapped_overflow.len() < 100;
            match self.unmapped_overflow.iter_mut().find(|(m, _, _)| *m == key) {
                Some(e) => e.2 += 1,
                // Only the first 100 are ever shown.
                None if room => self.unmapped_overflow.push((key, line, 1)),
                None => {}
            }
        }
        self.overflow.insert(k)
    }

    /// Unmapped combinations: (memo, first line, lines).
    fn unmapped(&self) -> Vec<(String, u64, u64)> {
        let mut out: Vec<(String, u64, u64)> =
            self.known.iter().filter(|k| k.rule.is_none()).map(|k| (k.memo.to_string(), k.first_line, k.lines)).collect();
        out.extend(self.unmapped_overflow.iter().cloned());
        out
    }
}

/// Up to 100 unmapped combinations with their line counts, in the order
/// they first appear in the file, from every part of it.
fn unmapped_list(parts: impl IntoIterator<Item = Vec<(String, u64, u64)>>) -> Vec<(String, u64)> {
    let mut all: Vec<(String, u64, u64)> = Vec::new();
    for part in parts {
        for (memo, first, n) in part {
            match all.iter_mut().find(|(m, _, _)| *m == memo) {
                Some(e) => {
                    e.1 = e.1.min(first);
                    e.2 += n;
                }
                None => all.push((memo, first, n)),
            }
        }
    }
    all.sort_by_key(|e| e.1);
    all.into_iter().take(100).map(|(m, _, n)| (m, n)).collect()
}

/// Shared copies of the SKU and order id of an order's consecutive lines,
/// for callers that want owned [`FactRecord`]s.
#[derive(Default)]
struct Repeats {
    last_sku: Option<Code>,
    last_order: Option<Code>,
}

/// `last` when it holds `s`, else a new shared copy kept as the last.
fn same_or_new(last: &mut Option<Code>, s: &str) -> Code {
    match last {
        Some(c) if &**c == s => c.clone(),
        _ => {
            let c: Code = s.into();
            *last = Some(c.clone());
            c
        }
    }
}

impl Repeats {
    /// The line as an owned record of `store`.
    fn record(&mut self, store: &Code, currency: Currency, f: &SettlementFact<'_>) -> FactRecord {
        FactRecord {
            date: f.when.day,
            occurred_at: f.when.at,
            store: Some(store.clone()),
            unit: None,
            sku: f.sku.map(|v| same_or_new(&mut self.last_sku, v)),
            order_id: f.order_id.map(|v| same_or_new(&mut self.last_order, v)),
            customer_id: None,
            quantity: f.quantity,
            kind: f.kind,
            amount: Decimal::new(f.amount, SOURCE_DP).normalize(),
            currency,
            memo: Some(f.memo.clone()),
            corrects: None,
            line: f.line,
        }
    }
}

/// `s` in ten-thousandths when it is plain digits with at most four
/// decimals after `mark` (`-1234.56`): nearly every settlement amount.
/// `None` sends anything else to the full parser.
fn plain_units(s: &str, mark: u8) -> Option<i64> {
    let b = s.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let int_len = b.iter().position(|c| !c.is_ascii_digit()).unwrap_or(b.len());
    if int_len == 0 || int_len > 14 {
        return None;
    }
    let mut v: i64 = 0;
    for c in &b[..int_len] {
        v = v * 10 + i64::from(c - b'0');
    }
    let rest = &b[int_len..];
    let mut scale = 10_000;
    if let Some((&m, frac)) = rest.split_first() {
        if m != mark || frac.is_empty() || frac.len() > 4 {
            return None;
        }
        for c in frac {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i64::from(c - b'0');
            scale /= 10;
        }
    }
    let v = v * scale;
    Some(if negative { -v } else { v })
}

/// Splits a line on tabs into `cells`, each trimmed; `None` when there are
/// more than [`MAX_COLUMNS`].
fn split<'a>(line: &'a str, cells: &mut [&'a str; MAX_COLUMNS]) -> Option<usize> {
    split_some(line, u64::MAX, cells)
}

/// [`split`] that fills only the cells whose bit is set in `wanted` (the
/// columns a transaction line is read from), leaving the rest empty; the
/// cells are still counted.
fn split_some<'a>(line: &'a str, wanted: u64, cells: &mut [&'a str; MAX_COLUMNS]) -> Option<usize> {
    let mut n = 0;
    let mut start = 0;
    let fits = each_tab(line.as_bytes(), |tab| {
        if n == MAX_COLUMNS - 1 {
            return false;
        }
        if wanted & (1 << n) != 0 {
            cells[n] = line[start..tab].trim_ascii();
        }
        n += 1;
        start = tab + 1;
        true
    });
    if !fits {
        return None;
    }
    if wanted & (1 << n) != 0 {
        cells[n] = line[start..].trim_ascii();
    }
    Some(n + 1)
}

/// Calls `each` with the offset of every tab in `b`, in order, until it
/// returns `false` (then `false`). Eight bytes at a time: a settlement line
/// is ~170 bytes with ~25 tabs, where a search call per tab costs more than
/// the scan.
#[inline(always)]
fn each_tab(b: &[u8], mut each: impl FnMut(usize) -> bool) -> bool {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TABS: u64 = 0x0909_0909_0909_0909;
    let words = b.chunks_exact(8);
    let tail = words.remainder();
    for (i, w) in words.enumerate() {
        let x = u64::from_le_bytes(w.try_into().expect("chunks of eight")) ^ TABS;
        // High bit set exactly in the bytes of `x` that are zero (tabs):
        // no carry crosses a byte, so there are no false hits.
        let mut hits = !(((x & LOW7) + LOW7) | x) & !LOW7;
        while hits != 0 {
            if !each(i * 8 + hits.trailing_zeros() as usize / 8) {
                return false;
            }
            hits &= hits - 1;
        }
    }
    let base = b.len() - tail.len();
    for (j, c) in tail.iter().enumerate() {
        if *c == b'\t' && !each(base + j) {
            return false;
        }
    }
    true
}

struct Parser<'c> {
    ctx: &'c ImportContext,
    store: Code,
    cols: Cols,
    style: StyleTracker,
    kinds: LineKinds,
    summary: Option<SettlementSummary>,
    sum_units: i128,
    last_when: Option<(String, When)>,
}

impl<'c> Parser<'c> {
    fn new(ctx: &'c ImportContext, store: Code, cols: Cols) -> Self {
        Parser {
            ctx,
            store,
            cols,
            style: StyleTracker::new(ctx.number_style),
            kinds: LineKinds::default(),
            summary: None,
            sum_units: 0,
            last_when: None,
        }
    }

    /// A parser for another thread's lines of the same file: the same
    /// columns, summary and number convention, its own caches and sums
    /// (nothing shared, so threads never touch each other's counters).
    fn for_worker(&self) -> Parser<'c> {
        let mut p = Parser::new(self.ctx, (*self.store).into(), self.cols.clone());
        p.style = self.style.clone();
        p.summary = self.summary.clone();
        p
    }
    fn cell<'a>(&self, cells: &[&'a str], i: usize) -> &'a str {
        cells.get(i).copied().unwrap_or("")
    }

    fn opt<'a>(&self, cells: &[&'a str], i: Option<usize>) -> Option<&'a str> {
        i.and_then(|i| cells.get(i).copied()).filter(|s| !s.is_empty())
    }

    fn when(&mut self, s: &str, line: u64, column: &str, errs: &mut Vec<ImportError>) -> Option<When> {
        if let Some((k, w)) = &self.last_when {
            if k == s {
                return Some(*w);
            }
        }
        match parse_when(s, self.ctx.tz) {
            Ok(w) => {
                match &mut self.last_when {
                    Some((k, last)) => {
                        k.clear();
                        k.push_str(s);
                        *last = w;
                    }
                    None => self.last_when = Some((s.to_string(), w)),
                }
                Some(w)
            }
            Err(m) => {
                errs.push(ImportError::cell(line, column, m));
                None
            }
        }
    }

    fn summary_row(&mut self, cells: &[&str], line: u64, errs: &mut Vec<ImportError>) {
        let c = &self.cols;
        let (id, start, end, deposit, total, currency) = (
            self.cell(cells, c.settlement_id),
            self.cell(cells, c.start),
            self.cell(cells, c.end),
            self.cell(cells, c.deposit),
            self.cell(cells, c.total),
            self.cell(cells, c.currency),
        );
        if !self.cell(cells, c.tx).is_empty() {
            errs.push(ImportError::line(line, Reason::FirstRowNotSummary));
            return;
        }
        let mut req = |v: &str, name: &str| {
            if v.is_empty() {
                errs.push(ImportError::cell(line, name, Reason::RequiredOnSummary { column: name.to_string() }));
            }
        };
        for (v, n) in [
            (id, "settlement-id"),
            (start, "settlement-start-date"),
            (end, "settlement-end-date"),
            (deposit, "deposit-date"),
            (total, "total-amount"),
            (currency, "currency"),
        ] {
            req(v, n);
        }
        if !errs.is_empty() {
            return;
        }
        let start = self.when(start, line, "settlement-start-date", errs);
        let end = self.when(end, line, "settlement-end-date", errs);
        let deposit = self.when(deposit, line, "deposit-date", errs);
        let total = match self.style.parse(total, line, SOURCE_DP) {
            Ok(t) => Some(t),
            Err(m) => {
                errs.push(ImportError::cell(line, "total-amount", m));
                None
            }
        };
        let currency = match crate::reason::currency(currency) {
            Ok(c) => Some(c),
            Err(m) => {
                errs.push(ImportError::cell(line, "currency", m));
                None
            }
        };
        if let (Some(start), Some(end), Some(deposit_date), Some(total_amount), Some(currency)) = (start, end, deposit, total, currency) {
            self.summary = Some(SettlementSummary { settlement_id: id.to_string(), start, end, deposit_date, total_amount, currency });
        }
    }

    /// The amount in ten-thousandths: plain amounts directly once the
    /// file's number convention is settled, the rest by the full parser.
    fn amount(&mut self, raw: &str, line: u64) -> Result<i64, Reason> {
        if let Some(units) = self.style.settled().and_then(|style| plain_units(raw, style.decimal_mark() as u8)) {
            return Ok(units);
        }
        let d = self.style.parse(raw, line, SOURCE_DP)?;
        i64::try_from(source_units(d)).map_err(|_| Reason::TooLarge { value: raw.to_string() })
    }

    fn detail_row<'s>(&'s mut self, cells: &[&'s str], line: u64, errs: &mut Vec<ImportError>) -> Option<SettlementFact<'s>> {
        let c = &self.cols;
        let (tx_i, at_i, desc_i, id_i, cur_i, amount_i) = (c.tx, c.amount_type, c.desc, c.settlement_id, c.currency, c.amount);
        let (pdt_i, pd_i, q_i, sku_i, order_i) = (c.posted_date_time, c.posted_date, c.quantity, c.sku, c.order_id);
        let tx = self.cell(cells, tx_i);
        let amount_type = self.cell(cells, at_i);
        let desc = self.cell(cells, desc_i);
        let id = self.cell(cells, id_i);
        let (summary_id, summary_currency) = {
            let s = self.summary.as_ref()?;
            (s.settlement_id.as_str(), s.currency)
        };
        if !id.is_empty() && id != summary_id {
            errs.push(ImportError::cell(
                line,
                "settlement-id",
                Reason::SettlementIdDiffers { value: id.to_string(), summary: summary_id.to_string() },
            ));
        }
        if tx.is_empty() && amount_type.is_empty() && desc.is_empty() {
            errs.push(ImportError::line(line, Reason::SecondSummary));
            return None;
        }
        let currency = self.cell(cells, cur_i);
        if !currency.is_empty() && !currency.eq_ignore_ascii_case(summary_currency.as_str()) {
            errs.push(ImportError::cell(
                line,
                "currency",
                Reason::CurrencyDiffers { value: currency.to_string(), settlement: summary_currency.to_string() },
            ));
        }
        let raw_amount = self.cell(cells, amount_i);
        let amount = if raw_amount.is_empty() {
            errs.push(ImportError::cell(line, "amount", Reason::RequiredOnTransaction { column: "amount".into() }));
            None
        } else {
            match self.amount(raw_amount, line) {
                Ok(a) => Some(a),
                Err(m) => {
                    errs.push(ImportError::cell(line, "amount", m));
                    None
                }
            }
        };
        let posted_dt = self.opt(cells, pdt_i);
        let posted_d = self.opt(cells, pd_i);
        let when = match (posted_dt, posted_d) {
            (Some(v), _) => self.when(v, line, "posted-date-time", errs),
            (None, Some(v)) => self.when(v, line, "posted-date", errs),
            (None, None) => {
                errs.push(ImportError::cell(line, "posted-date", Reason::RequiredOnTransaction { column: "posted-date".into() }));
                None
            }
        };
        let is_principal = amount_type.eq_ignore_ascii_case("ItemPrice") && desc.eq_ignore_ascii_case("Principal");
        let quantity = match self.opt(cells, q_i) {
            Some(q) if is_principal => match q.parse::<i64>() {
                Ok(q) if q >= 0 => q,
                _ => {
                    errs.push(ImportError::cell(line, "quantity-purchased", Reason::NotUnits { value: q.to_string() }));
                    0
                }
            },
            _ => 0,
        };
        let (amount, when) = (amount?, when?);
        if !errs.is_empty() {
            return None;
        }
        self.sum_units += i128::from(amount);
        let sku = self.opt(cells, sku_i);
        let order_id = self.opt(cells, order_i);
        let k = self.kinds.get(tx, amount_type, desc, line);
        let kind = k.rule.unwrap_or_else(|| fallback_kind(amount < 0));
        Some(SettlementFact {
            line,
            when,
            kind,
            amount,
            quantity: if kind == FactKind::Sale || kind == FactKind::Refund { quantity } else { 0 },
            sku,
            order_id,
            memo: &k.memo,
        })
    }
}

/// Row fingerprints of a settlement's lines (for stores that keep them).
struct Printer {
    identity: Vec<(&'static str, Option<usize>)>,
    fp: Fingerprinter,
    fields: FieldBuf,
}

impl Printer {
    fn new(cols: &Cols) -> Self {
        Printer { identity: cols.identity.clone(), fp: Fingerprinter::default(), fields: FieldBuf::default() }
    }

    fn fingerprint(&mut self, store: &str, summary_id: &str, cells: &[&str], amount: i64) -> Fingerprint {
        let b = &mut self.fields;
        b.start("amazon-settlement");
        b.str(store);
        b.str(summary_id);
        for (_, i) in &self.identity {
            b.opt(i.and_then(|i| cells.get(i).copied()));
        }
        b.bytes(&Decimal::new(amount, SOURCE_DP).normalize().serialize());
        self.fp.fingerprint(&self.fields)
    }
}

/// Streams a settlement file on one thread: calls `on_fact` for every fact,
/// in file order, with its row fingerprint, then checks the facts sum to
/// the summary's `total-amount`.
///
/// `on_fact` is called only while every line so far was good, but the file
/// can still be refused afterwards (a later bad line, or no reconciliation):
/// write what it receives inside a transaction and commit only on `Ok`.
/// Requires `ctx.store`.
pub fn for_each_settlement_fact<R: BufRead>(
    reader: R,
    ctx: &ImportContext,
    mut on_fact: impl FnMut(&SettlementSummary, FactRecord, Fingerprint),
) -> Result<SettlementStats, ImportErrors> {
    let store: Code = ctx.store.as_deref().unwrap_or_default().into();
    let mut repeats = Repeats::default();
    stream(reader, ctx, Read::Facts { fingerprints: true }, |s, f, p| {
        on_fact(s, repeats.record(&store, s.currency, f), p.expect("fingerprints were asked for"))
    })
}

/// Reads only the header and the summary row: what a store needs to know
/// (which settlement is this?) before it reads ten million lines. Errors
/// are those the full parse reports for the same lines.
pub fn read_settlement_summary<R: BufRead>(reader: R, ctx: &ImportContext) -> Result<SettlementSummary, ImportErrors> {
    stream(reader, ctx, Read::SummaryOnly, |_, _, _| {}).map(|stats| stats.summary)
}

/// How far [`stream`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    /// Header and summary row only (the rest is not looked at).
    SummaryOnly,
    /// Every line, with or without row fingerprints.
    Facts { fingerprints: bool },
}

/// The store code a settlement import needs, or the error saying so.
fn store_of(ctx: &ImportContext) -> Result<&str, ImportErrors> {
    ctx.store
        .as_deref()
        .ok_or_else(|| ImportErrors::single(FileKind::AmazonSettlement, ImportError::line(0, Reason::StoreNotGiven { settlement: true })))
}

/// Adds the error of a settlement whose facts do not sum to its total.
fn reconcile(summary: &SettlementSummary, sum_units: i128, facts: u64, errs: &mut ErrorList) {
    if errs.is_empty() && source_units(summary.total_amount) != sum_units {
        let sum = Decimal::from_i128_with_scale(sum_units, SOURCE_DP).normalize();
        let diff = (summary.total_amount - sum).normalize();
        errs.push(ImportError::cell(
            2,
            "total-amount",
            Reason::DoesNotReconcile {
                lines: facts,
                sum: sum.to_string(),
                total: summary.total_amount.normalize().to_string(),
                currency: summary.currency.to_string(),
                diff: diff.to_string(),
            },
        ));
    }
}

/// Reads a settlement line by line on the calling thread (every encoding,
/// every number convention): the reference the block reader is held to.
fn stream<R: BufRead>(
    reader: R,
    ctx: &ImportContext,
    read: Read,
    mut on_fact: impl FnMut(&SettlementSummary, &SettlementFact<'_>, Option<Fingerprint>),
) -> Result<SettlementStats, ImportErrors> {
    let kind = FileKind::AmazonSettlement;
    let store = store_of(ctx)?;
    let mut lines = LineReader::new(reader);
    let mut errs = ErrorList::new(kind);
    let mut parser: Option<Parser<'_>> = None;
    let mut printer: Option<Printer> = None;
    let mut summary: Option<SettlementSummary> = None;
    let mut facts = 0u64;
    let mut last_line = 0u64;
    let mut row_errs: Vec<ImportError> = Vec::new();
    loop {
        let (line, text) = match lines.next_line() {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                errs.push(e);
                continue;
            }
        };
        last_line = line;
        if line > MAX_LINES {
            errs.push(ImportError::line(line, Reason::TooManyLines { max: MAX_LINES }));
            break;
        }
        if text.trim().is_empty() {
            continue;
        }
        let Some(p) = parser.as_mut() else {
            match header(text, &mut errs) {
                Some(cols) => {
                    if read == (Read::Facts { fingerprints: true }) {
                        printer = Some(Printer::new(&cols));
                    }
                    parser = Some(Parser::new(ctx, store.into(), cols));
                    continue;
                }
                None => return Err(errs.into_errors()),
            }
        };
        let mut cells: [&str; MAX_COLUMNS] = [""; MAX_COLUMNS];
        let Some(n) = split(text, &mut cells) else {
            errs.push(ImportError::line(line, Reason::TooManyFields { max: MAX_COLUMNS }));
            continue;
        };
        let row = &cells[..n];
        row_errs.clear();
        let Some(s) = summary.as_ref() else {
            p.summary_row(row, line, &mut row_errs);
            for e in row_errs.drain(..) {
                errs.push(e);
            }
            let Some(s) = p.summary.clone() else { return Err(errs.into_errors()) };
            summary = Some(s);
            if read == Read::SummaryOnly {
                break;
            }
            continue;
        };
        match p.detail_row(row, line, &mut row_errs) {
            Some(fact) if row_errs.is_empty() => {
                if errs.is_empty() {
                    let print = printer.as_mut().map(|pr| pr.fingerprint(store, &s.settlement_id, row, fact.amount));
                    on_fact(s, &fact, print);
                }
                facts += 1;
            }
            _ => {
                for e in row_errs.drain(..) {
                    errs.push(e);
                }
            }
        }
    }
    let Some(p) = parser else {
        errs.push(ImportError::line(1, Reason::EmptySettlement));
        return Err(errs.into_errors());
    };
    let Some(summary) = summary else {
        errs.push(ImportError::line(last_line + 1, Reason::NoSummary));
        return Err(errs.into_errors());
    };
    if read != Read::SummaryOnly {
        reconcile(&summary, p.sum_units, facts, &mut errs);
    }
    errs.finish()?;
    Ok(SettlementStats {
        summary,
        facts,
        lines: last_line,
        unmapped: unmapped_list([p.kinds.unmapped()]),
        encoding: lines.encoding(),
        number_style: p.style.style(),
        file_sha256: lines.file_sha256(),
    })
}

/// Reads a whole settlement file into memory: its summary and every fact.
/// See [`for_each_settlement_fact`] for files too large to collect.
pub fn parse_settlement(bytes: &[u8], ctx: &ImportContext) -> Result<Settlement, ImportErrors> {
    let mut records = Vec::new();
    let stats = for_each_settlement_fact(bytes, ctx, |_, f, p| records.push((f, p)))?;
    Ok(Settlement {
        summary: stats.summary,
        facts: Parsed { records, encoding: stats.encoding, number_style: stats.number_style, file_sha256: stats.file_sha256 },
        unmapped: stats.unmapped,
    })
}

#[cfg(test)]
mod tests;
