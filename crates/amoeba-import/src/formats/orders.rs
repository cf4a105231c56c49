//! The orders CSV: the orders marketplace settlements do not describe
//! (Alibaba.com trade-assurance and offline B2B orders, own-site orders),
//! one row per lifecycle event — contract lines, shipments, payments,
//! cancel, refunds — with local timestamps read in the store's time zone.
//! Columns and rules: `docs/formats.md`, "orders".
//!
//! Every row is checked alone (its cells, and its event's shape with
//! `amoeba_core::orders::event_shape`); then the rows of each order that
//! has its contract in the file are replayed together
//! (`amoeba_core::orders::check`) and every event contradicting its order
//! is refused at its line and column. An order without contract rows in
//! the file continues a stored one: the store checks it against what it
//! holds with the same `check`.

use crate::context::ImportContext;
use crate::dates::parse_when;
use crate::error::{FileKind, ImportError, ImportErrors};
use crate::fingerprint::FieldBuf;
use crate::reason::Reason;
use crate::table::{read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Parsed, Partial};
use amoeba_core::money::MONEY_DP;
use amoeba_core::orders::{check, event_shape, EventKind, OrderError, OrderEvent, OrderHeader};
use std::collections::{BTreeMap, HashMap};

const ORDER_ID: usize = 0;
const STORE: usize = 1;
const CUSTOMER: usize = 2;
const SALESPERSON: usize = 3;
const FOLLOWER: usize = 4;
const EVENT: usize = 5;
const AT: usize = 6;
const SKU: usize = 7;
const QUANTITY: usize = 8;
const AMOUNT: usize = 9;
const CURRENCY: usize = 10;
const MEMO: usize = 11;

const fn spec(name: &'static str, required: bool, amount: bool, aliases: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec { name, required, amount, prefixes: &[], aliases }
}

const COLUMNS: &[ColumnSpec] = &[
    spec("order_id", true, false, &["订单号", "订单编号"]),
    spec("store", true, false, &["店铺"]),
    spec("customer", false, false, &["customer_id", "客户", "客户编号"]),
    spec("salesperson", false, false, &["业务员"]),
    spec("follower", false, false, &["order_follower", "跟单"]),
    spec("event", true, false, &["事件", "类型"]),
    spec("at", true, false, &["时间", "发生时间"]),
    spec("sku", false, false, &["商品编码"]),
    spec("quantity", false, false, &["数量"]),
    spec("amount", false, true, &["金额"]),
    spec("currency", true, false, &["币种"]),
    spec("memo", false, false, &["备注"]),
];

/// One row of an orders file: the order as the row names it, and its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    /// The order's header as this row writes it (customer, salesperson and
    /// follower may be left empty on later rows).
    pub header: OrderHeader,
    /// The event.
    pub event: OrderEvent,
}

/// The rows of one order in a file, with its header as they agree on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOrder {
    /// The header: the store, and the first non-empty customer,
    /// salesperson and follower of its rows; the currency of its first row.
    pub header: OrderHeader,
    /// Its events, in file order.
    pub events: Vec<OrderEvent>,
    /// Whether its contract rows are in the file (else it continues an
    /// order the store holds).
    pub contract_in_file: bool,
}

/// What each kind of event needs (`true`) or must leave empty (`false`),
/// per column; columns not listed are free.
fn rule(kind: EventKind, column: usize) -> Option<bool> {
    use EventKind::*;
    match (kind, column) {
        (Contract, SKU | QUANTITY | AMOUNT) | (Ship, SKU | QUANTITY) | (Pay | Refund, AMOUNT) => Some(true),
        (Ship, AMOUNT) | (Pay, SKU | QUANTITY) | (Cancel, SKU | QUANTITY | AMOUNT) => Some(false),
        _ => None,
    }
}

fn field(column: usize) -> &'static str {
    COLUMNS[column].name
}

fn event_kind(v: &str) -> Result<EventKind, Reason> {
    v.parse::<EventKind>().map_err(|_| Reason::UnknownOrderEvent {
        value: v.to_string(),
        known: EventKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
    })
}

fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<OrderRow> {
    let order_id = r.required(ORDER_ID).map(str::to_string);
    let store = r.required(STORE).map(str::to_string);
    let kind = match r.required(EVENT).map(event_kind) {
        Some(Ok(k)) => Some(k),
        Some(Err(m)) => {
            r.err(EVENT, m);
            None
        }
        None => None,
    };
    let zone = match store.as_deref().map(|s| ctx.zone_of(s)) {
        Some(Ok(z)) => Some(z),
        Some(Err(m)) => {
            r.err(STORE, m);
            None
        }
        None => None,
    };
    let when = match (r.required(AT).map(str::to_string), zone) {
        (Some(v), Some(z)) => match parse_when(&v, z).and_then(|w| ctx.check_day(w.day).map(|_| w)) {
            Ok(w) if w.at.is_none() => {
                r.err(AT, Reason::TimeRequired { value: v });
                None
            }
            Ok(w) => Some(w),
            Err(m) => {
                r.err(AT, m);
                None
            }
        },
        _ => None,
    };
    if let Some(k) = kind {
        for c in [SKU, QUANTITY, AMOUNT] {
            match (rule(k, c), r.text(c).is_some()) {
                (Some(true), false) => r.err(c, Reason::Order(OrderError::FieldRequired { event: k, field: field(c) })),
                (Some(false), true) => r.err(c, Reason::Order(OrderError::FieldNotUsed { event: k, field: field(c) })),
                _ => {}
            }
        }
    }
    let quantity = r.integer(QUANTITY, false).unwrap_or(0);
    let amount = r.decimal(AMOUNT, false, MONEY_DP).unwrap_or_default();
    let currency = r.currency(CURRENCY, true);
    if !r.errors.is_empty() {
        return None;
    }
    let (kind, when, currency) = (kind?, when?, currency?);
    let at = when.at?;
    let header = OrderHeader {
        id: order_id?,
        store: store?,
        customer: r.owned(CUSTOMER),
        salesperson: r.owned(SALESPERSON),
        follower: r.owned(FOLLOWER),
        currency,
    };
    let event = OrderEvent {
        order_id: header.id.clone(),
        kind,
        at,
        day: when.day,
        sku: r.owned(SKU),
        quantity,
        amount,
        currency,
        memo: r.owned(MEMO),
        line: r.line,
    };
    if let Err(e) = event_shape(&event) {
        r.err(column_of(&e), Reason::Order(e));
        return None;
    }
    Some(OrderRow { header, event })
}

/// The column index of an order error's column.
fn column_of(e: &OrderError) -> usize {
    COLUMNS.iter().position(|c| c.name == e.column()).unwrap_or(EVENT)
}

fn fields(x: &OrderRow, b: &mut FieldBuf) {
    let (h, e) = (&x.header, &x.event);
    b.start("order");
    b.str(&h.id);
    b.str(&h.store);
    b.opt(h.customer.as_deref());
    b.opt(h.salesperson.as_deref());
    b.opt(h.follower.as_deref());
    b.str(e.kind.as_str());
    b.str(&e.at.to_rfc3339());
    b.opt(e.sku.as_deref());
    b.display(e.quantity);
    b.display(e.amount.normalize());
    b.str(e.currency.as_str());
    b.opt(e.memo.as_deref());
}

/// The orders of `rows`, each with the header its rows agree on, in the
/// order of their first row; and every row that disagrees with an earlier
/// row of its order on the store, customer, salesperson or follower.
pub fn orders_of(rows: &[OrderRow]) -> (Vec<FileOrder>, Vec<ImportError>) {
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<FileOrder> = Vec::new();
    // Per order, per field: (value, line that gave it).
    let mut firsts: Vec<[Option<(String, u64)>; 4]> = Vec::new();
    let mut errors = Vec::new();
    for row in rows {
        let i = *at.entry(row.header.id.as_str()).or_insert_with(|| {
            out.push(FileOrder { header: row.header.clone(), events: Vec::new(), contract_in_file: false });
            firsts.push(Default::default());
            out.len() - 1
        });
        let h = &row.header;
        let cells = [Some(&h.store), h.customer.as_ref(), h.salesperson.as_ref(), h.follower.as_ref()];
        for (k, (cell, column)) in cells.into_iter().zip([STORE, CUSTOMER, SALESPERSON, FOLLOWER]).enumerate() {
            let Some(value) = cell else { continue };
            match &firsts[i][k] {
                None => firsts[i][k] = Some((value.clone(), row.event.line)),
                Some((first, first_line)) if first != value => {
                    let reason = Reason::Market(crate::market_reason::MarketReason::OrderFieldDiffers {
                        order: h.id.clone(),
                        value: value.clone(),
                        first: first.clone(),
                        first_line: *first_line,
                    });
                    errors.push(ImportError::cell(row.event.line, field(column), reason));
                }
                Some(_) => {}
            }
        }
        let o = &mut out[i];
        o.contract_in_file |= row.event.kind == EventKind::Contract;
        o.events.push(row.event.clone());
    }
    for (o, f) in out.iter_mut().zip(&firsts) {
        o.header.customer = f[1].as_ref().map(|v| v.0.clone());
        o.header.salesperson = f[2].as_ref().map(|v| v.0.clone());
        o.header.follower = f[3].as_ref().map(|v| v.0.clone());
    }
    (out, errors)
}

/// The contradictions within the file: each order with its contract in the
/// file, replayed alone (a continuation is the store's to check).
fn contradictions(orders: &[FileOrder]) -> Vec<ImportError> {
    let mut out = Vec::new();
    for o in orders.iter().filter(|o| o.contract_in_file) {
        if let Err(errors) = check(&o.header, &[], &o.events) {
            for e in errors {
                let line = match e.origin {
                    amoeba_core::orders::Origin::New(i) | amoeba_core::orders::Origin::Stored(i) => o.events[i].line,
                };
                out.push(ImportError::cell(line, e.error.column(), Reason::Order(e.error)));
            }
        }
    }
    out
}

/// Parses an orders CSV (see `docs/formats.md`, "orders"). Local
/// timestamps are read in each row's store's zone
/// ([`ImportContext::with_store_zones`], else `ctx.tz`).
pub fn parse_orders(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<OrderRow>, ImportErrors> {
    read_orders(bytes, ctx).map_err(|p| p.errors)
}

/// [`parse_orders`], but a refusal keeps the rows no error names, for the
/// caller to check them against what is stored in the same pass.
pub fn read_orders(bytes: &[u8], ctx: &ImportContext) -> Result<Parsed<OrderRow>, Partial<OrderRow>> {
    let parsed = read_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::Orders,
            columns: COLUMNS,
            row,
            header_check: |_| None,
            fields,
            header_mode: HeaderMode::Exact,
            description_row: None,
        },
    )?;
    let rows: Vec<OrderRow> = parsed.records.iter().map(|(r, _)| r.clone()).collect();
    let (orders, mut errors) = orders_of(&rows);
    if errors.is_empty() {
        errors = contradictions(&orders);
    }
    if errors.is_empty() {
        return Ok(parsed);
    }
    let bad: BTreeMap<u64, ()> = errors.iter().map(|e| (e.line, ())).collect();
    let good = rows.into_iter().filter(|r| !bad.contains_key(&r.event.line)).collect();
    Err(Partial { errors: ImportErrors::from_errors(FileKind::Orders, errors, 0), good })
}

#[cfg(test)]
mod tests;
