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
//! Scale: [`for_each_settlement_fact`] reads line by line from any
//! `BufRead` and hands each fact to a callback, so a 10-million-line month
//! is parsed in bounded memory (plus ~20 bytes a line to number repeated
//! rows; see [`crate::fingerprint`]). [`parse_settlement`] collects.

use crate::context::ImportContext;
use crate::dates::{parse_when, When};
use crate::decode::{Encoding, LineReader};
use crate::error::{ErrorList, FileKind, ImportError, ImportErrors};
use crate::fingerprint::{FieldBuf, Fingerprint, Fingerprinter};
use crate::number::{NumberStyle, StyleTracker};
use crate::settlement_map::{fallback_kind, Classifier};
use crate::Parsed;
use amoeba_core::accounting::Code;
use amoeba_core::ledger::{FactKind, FactRecord};
use amoeba_core::money::{Currency, SOURCE_DP};
use rust_decimal::Decimal;
use std::io::BufRead;

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
#[derive(Debug, Default)]
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

fn header(line: &str, errs: &mut ErrorList) -> Option<Cols> {
    if !line.contains('\t') {
        errs.push(ImportError::line(1, "not a settlement flat file: the header is not tab-separated"));
        return None;
    }
    let names: Vec<String> = line.split('\t').map(|h| h.trim().to_ascii_lowercase()).collect();
    if names.len() > MAX_COLUMNS {
        errs.push(ImportError::line(1, format!("{} columns; at most {MAX_COLUMNS} expected", names.len())));
        return None;
    }
    let find = |n: &str| names.iter().position(|h| h == n);
    if find("amount-type").is_none() && (find("price-type").is_some() || find("item-related-fee-type").is_some()) {
        errs.push(ImportError::line(
            1,
            "this is the old settlement flat file (V1); download the \"Flat File V2\" settlement report instead",
        ));
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
        errs.push(ImportError::line(1, format!("missing required column \"{m}\"")));
    }
    missing.is_empty().then_some(cols)
}

/// `amount` in ten-thousandths, exactly (at most [`SOURCE_DP`] places were accepted).
fn source_units(amount: Decimal) -> i128 {
    let scale = amount.scale().min(SOURCE_DP);
    amount.mantissa() * 10i128.pow(SOURCE_DP - scale)
}

/// Most distinct memos shared; a file with more gets fresh copies of the rest.
const MAX_SHARED_MEMOS: usize = 256;

/// Shared copies of the texts a settlement repeats line after line: one
/// store, a few dozen memos, and the SKU and order id of an order's
/// consecutive lines. Ten million lines would otherwise allocate forty
/// million strings (a quarter of an import's time went to malloc and free).
#[derive(Default)]
struct Repeats {
    last_sku: Option<Code>,
    last_order: Option<Code>,
    memos: Vec<Code>,
    buf: String,
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
    /// The memo `transaction-type/amount-type/amount-description`.
    fn memo(&mut self, tx: &str, amount_type: &str, desc: &str) -> Code {
        self.buf.clear();
        self.buf.push_str(tx);
        self.buf.push('/');
        self.buf.push_str(amount_type);
        self.buf.push('/');
        self.buf.push_str(desc);
        if let Some(c) = self.memos.iter().find(|c| ***c == *self.buf) {
            return c.clone();
        }
        let c: Code = self.buf.as_str().into();
        if self.memos.len() < MAX_SHARED_MEMOS {
            self.memos.push(c.clone());
        }
        c
    }
}

/// Splits a line on tabs into `cells`; `None` when there are too many.
fn split<'a>(line: &'a str, cells: &mut [&'a str; MAX_COLUMNS]) -> Option<usize> {
    let mut n = 0;
    for c in line.split('\t') {
        if n == MAX_COLUMNS {
            return None;
        }
        cells[n] = c.trim_ascii();
        n += 1;
    }
    Some(n)
}

struct Parser<'c> {
    ctx: &'c ImportContext,
    store: Code,
    repeats: Repeats,
    cols: Cols,
    style: StyleTracker,
    classify: Classifier,
    fp: Fingerprinter,
    fields: FieldBuf,
    summary: Option<SettlementSummary>,
    sum_units: i128,
    unmapped: Vec<(String, u64)>,
    last_when: Option<(String, When)>,
}

impl<'c> Parser<'c> {
    fn new(ctx: &'c ImportContext, store: Code, cols: Cols) -> Self {
        Parser {
            ctx,
            store,
            repeats: Repeats::default(),
            cols,
            style: StyleTracker::new(ctx.number_style),
            classify: Classifier::default(),
            fp: Fingerprinter::default(),
            fields: FieldBuf::default(),
            summary: None,
            sum_units: 0,
            unmapped: Vec::new(),
            last_when: None,
        }
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
            errs.push(ImportError::line(line, "the first data row must be the settlement summary (no transaction-type); is the file cut?"));
            return;
        }
        let mut req = |v: &str, name: &str| {
            if v.is_empty() {
                errs.push(ImportError::cell(line, name, format!("{name} is required on the summary row")));
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
        let currency = match currency.parse::<Currency>() {
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

    fn detail_row(&mut self, cells: &[&str], line: u64, errs: &mut Vec<ImportError>) -> Option<FactRecord> {
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
                format!("'{id}' differs from the summary's '{summary_id}'; one file holds one settlement"),
            ));
        }
        if tx.is_empty() && amount_type.is_empty() && desc.is_empty() {
            errs.push(ImportError::line(
                line,
                "a second summary row (no transaction-type, amount-type or amount-description); one file holds one settlement",
            ));
            return None;
        }
        let currency = self.cell(cells, cur_i);
        if !currency.is_empty() && !currency.eq_ignore_ascii_case(summary_currency.as_str()) {
            errs.push(ImportError::cell(line, "currency", format!("'{currency}' differs from the settlement currency {summary_currency}")));
        }
        let raw_amount = self.cell(cells, amount_i);
        let amount = if raw_amount.is_empty() {
            errs.push(ImportError::cell(line, "amount", "amount is required on a transaction line"));
            None
        } else {
            match self.style.parse(raw_amount, line, SOURCE_DP) {
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
                errs.push(ImportError::cell(line, "posted-date", "posted-date is required on a transaction line"));
                None
            }
        };
        let is_principal = amount_type.eq_ignore_ascii_case("ItemPrice") && desc.eq_ignore_ascii_case("Principal");
        let quantity = match self.opt(cells, q_i) {
            Some(q) if is_principal => match q.parse::<i64>() {
                Ok(q) if q >= 0 => q,
                _ => {
                    errs.push(ImportError::cell(line, "quantity-purchased", format!("'{q}' is not a whole number of units")));
                    0
                }
            },
            _ => 0,
        };
        let (amount, when) = (amount?, when?);
        if !errs.is_empty() {
            return None;
        }
        let kind = match self.classify.rule_kind(tx, amount_type, desc) {
            Some(k) => k,
            None => {
                let key = format!("{tx}/{amount_type}/{desc}");
                match self.unmapped.iter().position(|(k, _)| *k == key) {
                    Some(i) => self.unmapped[i].1 += 1,
                    None if self.unmapped.len() < 100 => self.unmapped.push((key, 1)),
                    None => {}
                }
                fallback_kind(amount.is_sign_negative())
            }
        };
        self.sum_units += source_units(amount);
        let fact = FactRecord {
            date: when.day,
            occurred_at: when.at,
            store: Some(self.store.clone()),
            unit: None,
            sku: self.opt(cells, sku_i).map(|v| same_or_new(&mut self.repeats.last_sku, v)),
            order_id: self.opt(cells, order_i).map(|v| same_or_new(&mut self.repeats.last_order, v)),
            customer_id: None,
            quantity: if kind == FactKind::Sale || kind == FactKind::Refund { quantity } else { 0 },
            kind,
            amount,
            currency: summary_currency,
            memo: Some(self.repeats.memo(tx, amount_type, desc)),
            corrects: None,
            line,
        };
        Some(fact)
    }

    fn fingerprint(&mut self, cells: &[&str], amount: Decimal) -> Fingerprint {
        let summary_id = self.summary.as_ref().map_or("", |s| s.settlement_id.as_str());
        let b = &mut self.fields;
        b.start("amazon-settlement");
        b.str(&self.store);
        b.str(summary_id);
        for (_, i) in &self.cols.identity {
            b.opt(i.and_then(|i| cells.get(i).copied()));
        }
        b.bytes(&amount.normalize().serialize());
        self.fp.fingerprint(&self.fields)
    }
}

/// Streams a settlement file: calls `on_fact` for every fact, in file order,
/// then checks the facts sum to the summary's `total-amount`.
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
    stream(reader, ctx, Read::Facts { fingerprints: true }, |s, f, p| on_fact(s, f, p.expect("fingerprints were asked for")))
}

/// Like [`for_each_settlement_fact`], without row fingerprints: for a store
/// that keeps a settlement idempotent as a whole, by its settlement id. Saves
/// a SHA-256 per line and the ~20 bytes per line that number repeated rows.
pub fn for_each_settlement_fact_unfingerprinted<R: BufRead>(
    reader: R,
    ctx: &ImportContext,
    mut on_fact: impl FnMut(&SettlementSummary, FactRecord),
) -> Result<SettlementStats, ImportErrors> {
    stream(reader, ctx, Read::Facts { fingerprints: false }, |s, f, _| on_fact(s, f))
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

fn stream<R: BufRead>(
    reader: R,
    ctx: &ImportContext,
    read: Read,
    mut on_fact: impl FnMut(&SettlementSummary, FactRecord, Option<Fingerprint>),
) -> Result<SettlementStats, ImportErrors> {
    let kind = FileKind::AmazonSettlement;
    let Some(store) = ctx.store.clone() else {
        return Err(ImportErrors::single(
            kind,
            ImportError::line(0, "a settlement file does not name its store; give the store code (--store)"),
        ));
    };
    let mut lines = LineReader::new(reader);
    let mut errs = ErrorList::new(kind);
    let mut parser: Option<Parser<'_>> = None;
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
            errs.push(ImportError::line(line, format!("more than {MAX_LINES} lines in one settlement")));
            break;
        }
        if text.trim().is_empty() {
            continue;
        }
        let Some(p) = parser.as_mut() else {
            match header(text, &mut errs) {
                Some(cols) => {
                    parser = Some(Parser::new(ctx, store.as_str().into(), cols));
                    continue;
                }
                None => return Err(errs.into_errors()),
            }
        };
        let mut cells: [&str; MAX_COLUMNS] = [""; MAX_COLUMNS];
        let Some(n) = split(text, &mut cells) else {
            errs.push(ImportError::line(line, format!("more than {MAX_COLUMNS} fields")));
            continue;
        };
        let row = &cells[..n];
        row_errs.clear();
        if p.summary.is_none() {
            p.summary_row(row, line, &mut row_errs);
            let failed = p.summary.is_none();
            for e in row_errs.drain(..) {
                errs.push(e);
            }
            if failed {
                return Err(errs.into_errors());
            }
            if read == Read::SummaryOnly {
                break;
            }
            continue;
        }
        match p.detail_row(row, line, &mut row_errs) {
            Some(fact) if row_errs.is_empty() => {
                if errs.is_empty() {
                    let print = (read == Read::Facts { fingerprints: true }).then(|| p.fingerprint(row, fact.amount));
                    if let Some(s) = p.summary.as_ref() {
                        on_fact(s, fact, print);
                    }
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
        errs.push(ImportError::line(1, "the file is empty; expected a settlement flat file V2"));
        return Err(errs.into_errors());
    };
    let Some(summary) = p.summary.clone() else {
        errs.push(ImportError::line(last_line + 1, "the file has a header but no settlement summary row"));
        return Err(errs.into_errors());
    };
    if errs.is_empty() && read != Read::SummaryOnly && source_units(summary.total_amount) != p.sum_units {
        let sum = Decimal::from_i128_with_scale(p.sum_units, SOURCE_DP).normalize();
        let diff = (summary.total_amount - sum).normalize();
        errs.push(ImportError::cell(
            2,
            "total-amount",
            format!(
                "the {facts} transaction lines sum to {sum} {cur} but the settlement's total-amount is {} {cur} \
                     (difference {diff}); the file is incomplete or altered",
                summary.total_amount.normalize(),
                cur = summary.currency,
            ),
        ));
    }
    errs.finish()?;
    Ok(SettlementStats {
        summary,
        facts,
        lines: last_line,
        unmapped: p.unmapped,
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
