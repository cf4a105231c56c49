//! TikTok Shop's finance statement export (Seller Center → Finance →
//! Statements → export, sheet "Order details"): one row per order or
//! adjustment settled, with its total settlement amount and the revenue,
//! fees and adjustment that make it. Each row becomes facts by the column
//! tree of [`super::statement_map`] and must **reconcile**: its facts sum
//! to its `Total settlement amount`, else the row is refused naming both
//! figures (and the columns Amoeba does not read that hold amounts).
//!
//! **Business day: `Order settled time`**, in the store's zone (a
//! `(UTC)` column is read as UTC): the statement is the money, booked when
//! TikTok settled it — as an Amazon settlement's lines are booked on their
//! posted dates. Booking on `Order created time` would drop sales into
//! months already closed when the statement arrives (TikTok settles days
//! to weeks after delivery); the order export carries the lifecycle
//! (created, shipped, delivered) for what needs it.

use super::statement_map::{adjustment_kind, all_nodes, Node, TOP};
use super::times::{detect, parse_tiktok_when, DayOrder};
use crate::context::ImportContext;
use crate::dates::When;
use crate::error::{FileKind, ImportError, ImportErrors};
use crate::fingerprint::{FieldBuf, Fingerprint, Fingerprinter};
use crate::formats::fact_fields;
use crate::market_reason::MarketReason;
use crate::number::parse_decimal;
use crate::reason::Reason;
use crate::table::{read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Encoding, NumberStyle, Partial};
use amoeba_core::ledger::{FactKind, FactRecord};
use amoeba_core::money::{to_source_units, Currency, SOURCE_DP};
use rust_decimal::Decimal;
use std::sync::OnceLock;

const ID: usize = 0;
const TYPE: usize = 1;
const CREATED: usize = 2;
const CREATED_UTC: usize = 3;
const SETTLED: usize = 4;
const SETTLED_UTC: usize = 5;
const CURRENCY: usize = 6;
const TOTAL: usize = 7;
const RELATED: usize = 8;
/// The tree's money columns follow, in [`all_nodes`] order.
const FIRST_NODE: usize = 9;

const fn named(name: &'static str, required: bool, amount: bool, names: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec { name, required, amount, prefixes: names, aliases: &[] }
}

fn columns() -> &'static [ColumnSpec] {
    static SPECS: OnceLock<Vec<ColumnSpec>> = OnceLock::new();
    SPECS.get_or_init(|| {
        let mut v = vec![
            named("Order/adjustment ID", true, false, &["orderadjustmentid"]),
            named("Type", true, false, &["type", "transactiontype"]),
            named("Order created time", false, false, &["ordercreatedtime", "ordercreateddate"]),
            named("Order created time(UTC)", false, false, &["ordercreatedtimeutc"]),
            named("Order settled time", false, false, &["ordersettledtime", "ordersettleddate"]),
            named("Order settled time(UTC)", false, false, &["ordersettledtimeutc"]),
            named("Currency", false, false, &["currency"]),
            named("Total settlement amount", true, true, &["totalsettlementamount"]),
            named("Related order ID", false, false, &["relatedorderid"]),
        ];
        v.extend(all_nodes().into_iter().map(|n| named(n.name, false, true, n.names)));
        v
    })
}

/// One part of a row's settlement, as booked.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementPart {
    /// The kind of fact.
    pub kind: FactKind,
    /// The amount (money to the seller positive).
    pub amount: Decimal,
    /// The column it came from (`… (not itemised)` for what a subtotal's known parts leave).
    pub column: String,
}

/// One row of the statement: an order or an adjustment, settled.
#[derive(Debug, Clone, PartialEq)]
pub struct TiktokStatementRow {
    /// Line in the file.
    pub line: u64,
    /// `Order/adjustment ID`.
    pub id: String,
    /// `Type` (`Order`, or the adjustment's type).
    pub row_type: String,
    /// `Order created time`.
    pub created: Option<When>,
    /// `Order settled time`: the business day of the row's facts.
    pub settled: When,
    /// `Total settlement amount`.
    pub total: Decimal,
    /// `Related order ID` of an adjustment.
    pub related_order: Option<String>,
    /// The parts, summing to `total`.
    pub parts: Vec<StatementPart>,
}

/// A whole statement export, reconciled row by row.
#[derive(Debug, Clone)]
pub struct TiktokStatement {
    /// The rows, in file order.
    pub rows: Vec<TiktokStatementRow>,
    /// The statement's currency (one per file).
    pub currency: Currency,
    /// Σ of the rows' total settlement amounts.
    pub total: Decimal,
    /// How the file wrote slash dates.
    pub day_order: DayOrder,
    /// The text encoding (or XLSX).
    pub encoding: Encoding,
    /// The number convention of the amounts.
    pub number_style: NumberStyle,
    /// SHA-256 of the file's bytes.
    pub file_sha256: [u8; 32],
}

#[derive(Debug, Clone)]
struct RawRow {
    line: u64,
    id: String,
    row_type: String,
    created: Option<(String, usize)>,
    settled: Option<(String, usize)>,
    currency: Currency,
    total: Decimal,
    related: Option<String>,
    values: Vec<Option<Decimal>>,
    unread: Vec<String>,
}

fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<RawRow> {
    let id = r.required(ID).map(str::to_string);
    let row_type = r.required(TYPE).map(str::to_string);
    // TikTok writes `/` for "none" (an adjustment's order created time).
    let cell = |r: &Row<'_>, c: usize| r.text(c).filter(|v| *v != "/").map(|v| (v.to_string(), c));
    let when = |r: &Row<'_>, local: usize, utc: usize| cell(r, local).or_else(|| cell(r, utc));
    let (created, settled) = (when(r, CREATED, CREATED_UTC), when(r, SETTLED, SETTLED_UTC));
    if settled.is_none() {
        r.err(SETTLED, Reason::Required { column: "Order settled time".into() });
    }
    let currency = match r.text(CURRENCY) {
        Some(_) => r.currency(CURRENCY, false),
        None if ctx.currency.is_some() => ctx.currency,
        None => {
            r.row_err(Reason::NoCurrency);
            None
        }
    };
    let total = amount(r, TOTAL, true);
    let values: Vec<Option<Decimal>> = (FIRST_NODE..columns().len()).map(|c| amount(r, c, false)).collect();
    let style = r.style;
    let unread = r
        .unread()
        .into_iter()
        .filter(|(_, v)| parse_decimal(v, style, SOURCE_DP).is_ok_and(|d| !d.is_zero()))
        .map(|(h, v)| format!("{h} {v}"))
        .collect();
    if !r.errors.is_empty() {
        return None;
    }
    Some(RawRow {
        line: r.line,
        id: id?,
        row_type: row_type?,
        created,
        settled,
        currency: currency?,
        total: total?,
        related: r.owned(RELATED),
        values,
        unread,
    })
}

fn amount(r: &mut Row<'_>, c: usize, required: bool) -> Option<Decimal> {
    let v = r.decimal(c, required, SOURCE_DP)?;
    if to_source_units(v).is_none() {
        r.err(c, Reason::TooLarge { value: v.to_string() });
        return None;
    }
    Some(v)
}

/// Books a row's parts by the tree: see [`super::statement_map`].
struct Booker<'a> {
    values: &'a [Option<Decimal>],
    index: std::collections::HashMap<&'static str, usize>,
    parts: Vec<StatementPart>,
    errors: Vec<(String, MarketReason)>,
}

impl Booker<'_> {
    fn value(&self, n: &Node) -> Option<Decimal> {
        self.index.get(n.name).and_then(|i| self.values.get(*i).copied().flatten())
    }

    fn any(&self, nodes: &[Node]) -> bool {
        nodes.iter().any(|n| self.value(n).is_some() || self.any(n.parts))
    }

    /// Books `nodes`; their sum.
    fn book(&mut self, nodes: &'static [Node]) -> Decimal {
        let mut sum = Decimal::ZERO;
        for n in nodes {
            sum += match (self.value(n), self.any(n.parts)) {
                (Some(v), true) => {
                    let parts = self.book(n.parts);
                    if parts != v && n.exhaustive {
                        let m = MarketReason::SubtotalDoesNotAddUp {
                            value: format!("{} {v}", n.name),
                            parts: n.parts.iter().map(|p| p.name).collect::<Vec<_>>().join(" + "),
                            sum: parts.to_string(),
                        };
                        self.errors.push((n.name.to_string(), m));
                    } else if parts != v {
                        self.push(n.kind, v - parts, format!("{} (not itemised)", n.name));
                    }
                    v
                }
                (Some(v), false) => {
                    self.push(n.kind, v, n.name.to_string());
                    v
                }
                (None, _) => self.book(n.parts),
            };
        }
        sum
    }

    fn push(&mut self, kind: FactKind, amount: Decimal, column: String) {
        if !amount.is_zero() {
            self.parts.push(StatementPart { kind, amount, column });
        }
    }
}

/// Each node's position among the money columns, by its (unique) name.
fn node_index() -> std::collections::HashMap<&'static str, usize> {
    all_nodes().into_iter().enumerate().map(|(i, n)| (n.name, i)).collect()
}

/// The row's parts, or the errors that refuse it.
fn book_row(r: &RawRow) -> Result<Vec<StatementPart>, Vec<ImportError>> {
    let mut b = Booker { values: &r.values, index: node_index(), parts: Vec::new(), errors: Vec::new() };
    let sum = b.book(TOP);
    let adjustment = !r.row_type.trim().eq_ignore_ascii_case("order");
    if adjustment {
        let kind = adjustment_kind(&r.row_type);
        for p in b.parts.iter_mut().filter(|p| p.kind == FactKind::Adjustment) {
            p.kind = kind;
        }
        if b.parts.is_empty() && !r.total.is_zero() {
            // An adjustment row with its amount in the total alone.
            b.push(kind, r.total, r.row_type.clone());
            return Ok(b.parts);
        }
    }
    let mut errors: Vec<ImportError> = b.errors.into_iter().map(|(c, m)| ImportError::cell(r.line, &c, Reason::Market(m))).collect();
    if errors.is_empty() && sum != r.total {
        let parts = TOP
            .iter()
            .filter_map(|n| b.index.get(n.name).and_then(|i| r.values[*i]).map(|v| format!("{} {v}", n.name)))
            .collect::<Vec<_>>();
        let parts = if parts.is_empty() { "no revenue, fees or adjustment".to_string() } else { parts.join(" + ") };
        let m = MarketReason::RowDoesNotReconcile { parts, sum: sum.to_string(), total: r.total.to_string(), unread: r.unread.clone() };
        errors.push(ImportError::cell(r.line, "Total settlement amount", Reason::Market(m)));
    }
    if errors.is_empty() {
        Ok(b.parts)
    } else {
        Err(errors)
    }
}

/// Reads a TikTok Shop statement export (CSV or XLSX; `ctx.sheet` names
/// the sheet, e.g. "Order details"): every row reconciled, or every error.
pub fn parse_tiktok_statement(bytes: &[u8], ctx: &ImportContext) -> Result<TiktokStatement, ImportErrors> {
    let kind = FileKind::TiktokStatement;
    let format = Format {
        kind,
        columns: columns(),
        row,
        header_check: |_| None,
        fields: |_, _| {},
        header_mode: HeaderMode::Named,
        description_row: None,
    };
    let (rows, meta, earlier) = match read_table(bytes, ctx, &format) {
        Ok(p) => (p.records.into_iter().map(|r| r.0).collect::<Vec<_>>(), Some((p.encoding, p.number_style, p.file_sha256)), None),
        Err(Partial { errors, good }) => (good, None, Some(errors)),
    };
    let mut errors = Vec::new();
    let cells = rows
        .iter()
        .flat_map(|r| [&r.created, &r.settled].into_iter().flatten().map(move |(v, c)| (r.line, columns()[*c].name, v.as_str())));
    let day_order = detect(cells).unwrap_or_else(|e| {
        errors.push(e);
        DayOrder::DayFirst
    });
    let mut out = Vec::new();
    let mut currency: Option<(Currency, u64)> = None;
    for r in &rows {
        match currency {
            Some((c, l)) if c != r.currency => {
                let m = MarketReason::MixedCurrencies { value: r.currency.to_string(), first: c.to_string(), first_line: l };
                errors.push(ImportError::cell(r.line, "Currency", Reason::Market(m)));
            }
            None => currency = Some((r.currency, r.line)),
            _ => {}
        }
        let mut time = |t: &Option<(String, usize)>| -> Option<When> {
            let (v, c) = t.as_ref()?;
            let utc = *c == CREATED_UTC || *c == SETTLED_UTC;
            let parsed = parse_tiktok_when(v, day_order, if utc { chrono_tz::UTC } else { ctx.tz }).map(|w| match w.at {
                Some(at) if utc => When { day: at.with_timezone(&ctx.tz).date_naive(), at: Some(at) },
                _ => w,
            });
            match parsed.and_then(|w| ctx.check_day(w.day).map(|_| w)) {
                Ok(w) => Some(w),
                Err(m) => {
                    errors.push(ImportError::cell(r.line, columns()[*c].name, m));
                    None
                }
            }
        };
        let (created, settled) = (time(&r.created), time(&r.settled));
        match (book_row(r), settled) {
            (Ok(parts), Some(settled)) => out.push(TiktokStatementRow {
                line: r.line,
                id: r.id.clone(),
                row_type: r.row_type.clone(),
                created,
                settled,
                total: r.total,
                related_order: r.related.clone().filter(|v| v != "/"),
                parts,
            }),
            (Err(e), _) => errors.extend(e),
            (Ok(_), None) => {}
        }
    }
    match (earlier, meta, currency) {
        (Some(e), _, _) => Err(e.merge(errors, 0)),
        (None, Some((encoding, number_style, file_sha256)), Some((currency, _))) if errors.is_empty() => {
            let total = out.iter().map(|r| r.total).sum();
            Ok(TiktokStatement { rows: out, currency, total, day_order, encoding, number_style, file_sha256 })
        }
        (None, _, _) => Err(ImportErrors::from_errors(kind, errors, 0)),
    }
}

impl TiktokStatement {
    /// Checks the rows against the statement's own total (from the
    /// statement's summary, where the seller has it): the file is refused
    /// naming both sums when they differ.
    pub fn check_total(&self, statement_total: Decimal) -> Result<(), ImportErrors> {
        if self.total == statement_total {
            return Ok(());
        }
        let m = MarketReason::StatementDoesNotReconcile {
            rows: self.rows.len() as u64,
            sum: self.total.to_string(),
            total: statement_total.to_string(),
            currency: self.currency.to_string(),
        };
        Err(ImportErrors::single(FileKind::TiktokStatement, ImportError::cell(0, "Total settlement amount", Reason::Market(m))))
    }

    /// The ledger facts of every row, for `store`: one per part, on the
    /// settled day, the order id (an adjustment's related order) kept; an
    /// `adjustment` names the order it corrects. Units are not in the
    /// statement (they are in the order export), so quantities are 0.
    pub fn to_facts(&self, store: &str) -> Vec<(FactRecord, Fingerprint)> {
        let (mut fp, mut fields) = (Fingerprinter::default(), FieldBuf::default());
        let mut out = Vec::new();
        for r in &self.rows {
            let order = if r.row_type.trim().eq_ignore_ascii_case("order") { Some(r.id.as_str()) } else { r.related_order.as_deref() };
            for p in &r.parts {
                let f = FactRecord {
                    date: r.settled.day,
                    occurred_at: r.settled.at,
                    store: Some(store.into()),
                    unit: None,
                    sku: None,
                    order_id: order.map(Into::into),
                    customer_id: None,
                    quantity: 0,
                    kind: p.kind,
                    amount: p.amount.normalize(),
                    currency: self.currency,
                    memo: Some(format!("{} {}: {}", r.row_type, r.id, p.column).into()),
                    corrects: (p.kind == FactKind::Adjustment).then(|| order.map(|o| format!("tiktok order {o}"))).flatten(),
                    line: r.line,
                };
                fact_fields(&f, &mut fields);
                let print = fp.fingerprint(&fields);
                out.push((f, print));
            }
        }
        out
    }
}
