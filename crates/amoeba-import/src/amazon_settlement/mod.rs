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

mod columns;
mod line_kinds;
mod parallel;
mod parser;

use columns::*;
use line_kinds::*;
pub use parallel::for_each_settlement_line;
use parser::*;

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
