//! Shopify admin's standard **"Export orders"** CSV (Orders → Export, "CSV
//! for Excel, Numbers, or other spreadsheet programs"), read into orders:
//! one line per line item, the order-level cells (email, statuses,
//! instants, currency, subtotal, shipping, taxes, total, discount,
//! refunded amount) on an order's first line only — later lines of the same
//! `Name` leave them empty (or repeat them; a different value is refused).
//!
//! Every order **reconciles**: Σ `Lineitem price` × `Lineitem quantity` −
//! `Discount Amount` + `Shipping` + `Taxes` + `Duties` must equal `Total`
//! to the cent, else the order is refused naming both figures. Shopify
//! shops that show prices with tax included (EU, UK, AU) carry the tax
//! inside the prices and the export has no column saying so: an order
//! whose figures add up only without its taxes is read as tax-inclusive
//! ([`ShopifyOrder::taxes_included`]). Columns: `docs/formats.md`.
//!
//! [`ShopifyOrders::to_facts`] books the money (`facts.rs`).

mod facts;
mod row;
#[cfg(test)]
mod tests;

pub use crate::customer::CustomerKey;
pub use facts::{NotBooked, ShopifyFacts};

use crate::context::ImportContext;
use crate::dates::When;
use crate::error::{FileKind, ImportError, ImportErrors};
use crate::fingerprint::{FieldBuf, Fingerprint, Fingerprinter};
use crate::market_reason::MarketReason;
use crate::reason::Reason;
use crate::table::{read_table, Format, HeaderMode};
use crate::{Encoding, NumberStyle, Partial};
use amoeba_core::money::Currency;
use row::{column_name, ShopifyRow};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One line item of an order.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopifyLine {
    /// Line in the file.
    pub line: u64,
    /// `Lineitem sku` (Shopify allows none).
    pub sku: Option<String>,
    /// `Lineitem name` (product and variant title).
    pub name: String,
    /// `Lineitem quantity` (≥ 1).
    pub quantity: i64,
    /// `Lineitem price`: the unit price before discounts.
    pub price: Decimal,
    /// `Lineitem compare at price`, the struck-through "was" price.
    pub compare_at_price: Option<Decimal>,
    /// `Lineitem discount`: the discount allocated to this line (0 when empty).
    pub discount: Decimal,
    /// `Lineitem fulfillment status`.
    pub fulfillment_status: Option<String>,
    /// `Vendor`.
    pub vendor: Option<String>,
}

/// One order of the export, reconciled.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopifyOrder {
    /// `Name`, e.g. `#1001` (the order's key in the shop).
    pub name: String,
    /// `Id`, Shopify's numeric order id, when exported.
    pub id: Option<String>,
    /// The order's first line in the file.
    pub line: u64,
    /// The buyer (see [`CustomerKey`]); `None` without an email.
    pub customer: Option<String>,
    /// `Currency` (the shop's currency).
    pub currency: Currency,
    /// `Subtotal`: line items after discounts, before shipping and taxes.
    pub subtotal: Decimal,
    /// `Shipping` charged.
    pub shipping: Decimal,
    /// `Taxes`.
    pub taxes: Decimal,
    /// The taxes are inside the prices (the order adds up only without them).
    pub taxes_included: bool,
    /// `Duties` (0 when the column is absent or empty).
    pub duties: Decimal,
    /// `Discount Amount` (0 when empty).
    pub discount: Decimal,
    /// `Discount Code`.
    pub discount_code: Option<String>,
    /// `Total` the buyer was charged.
    pub total: Decimal,
    /// `Refunded Amount` (0 when empty).
    pub refunded: Decimal,
    /// `Outstanding Balance`, when exported.
    pub outstanding: Option<Decimal>,
    /// `Financial Status` (`paid`, `partially_refunded`, `refunded`, `pending`, `voided`…).
    pub financial_status: Option<String>,
    /// `Fulfillment Status` (`fulfilled`, `partial`, `unfulfilled`…).
    pub fulfillment_status: Option<String>,
    /// `Created at`, with its offset, and its day in the store's zone.
    pub created_at: When,
    /// `Paid at`.
    pub paid_at: Option<When>,
    /// `Fulfilled at`.
    pub fulfilled_at: Option<When>,
    /// `Cancelled at`.
    pub cancelled_at: Option<When>,
    /// The line items, in file order.
    pub lines: Vec<ShopifyLine>,
}

/// A whole export, read: every order with the fingerprint of its identity
/// (name, id and creation instant — not its changing state).
#[derive(Debug, Clone)]
pub struct ShopifyOrders {
    /// The orders, in file order.
    pub orders: Vec<(ShopifyOrder, Fingerprint)>,
    /// The text encoding (or XLSX).
    pub encoding: Encoding,
    /// The number convention of the amounts.
    pub number_style: NumberStyle,
    /// SHA-256 of the file's bytes.
    pub file_sha256: [u8; 32],
}

/// Reads a Shopify orders export (CSV, or its XLSX): every order, or every
/// error of the file. Instants keep their offsets; their days are in `ctx.tz`.
pub fn parse_shopify_orders(bytes: &[u8], ctx: &ImportContext, key: CustomerKey) -> Result<ShopifyOrders, ImportErrors> {
    let read = read_table(
        bytes,
        ctx,
        &Format {
            kind: FileKind::ShopifyOrders,
            columns: row::COLUMNS,
            row: row::row,
            header_check: |_| None,
            fields: |_, _| {},
            header_mode: HeaderMode::Named,
            description_row: None,
        },
    );
    let (rows, meta, earlier) = match read {
        Ok(p) => {
            let meta = (p.encoding, p.number_style, p.file_sha256);
            (p.records.into_iter().map(|r| r.0).collect(), Some(meta), None)
        }
        Err(Partial { errors, good }) => (good, None, Some(errors)),
    };
    let (orders, errors) = assemble(rows, key);
    match (earlier, meta) {
        (Some(e), _) => Err(e.merge(errors, 0)),
        (None, Some((encoding, number_style, file_sha256))) if errors.is_empty() => {
            let mut fp = Fingerprinter::default();
            let orders = orders.into_iter().map(|o| (fingerprint(&mut fp, &o), o)).map(|(f, o)| (o, f)).collect();
            Ok(ShopifyOrders { orders, encoding, number_style, file_sha256 })
        }
        (None, _) => Err(ImportErrors::from_errors(FileKind::ShopifyOrders, errors, 0)),
    }
}

fn fingerprint(fp: &mut Fingerprinter, o: &ShopifyOrder) -> Fingerprint {
    let mut b = FieldBuf::default();
    b.start("shopify-order");
    b.str(&o.name);
    b.opt(o.id.as_deref());
    b.opt(o.created_at.at.map(|t| t.to_rfc3339()).as_deref());
    fp.fingerprint(&b)
}

/// Groups lines into orders (an order's lines are consecutive; its name
/// again after another order is a second order of that name, refused),
/// checks the order-level cells and reconciles each order.
fn assemble(rows: Vec<ShopifyRow>, key: CustomerKey) -> (Vec<ShopifyOrder>, Vec<ImportError>) {
    let mut errors = Vec::new();
    let mut groups: Vec<Vec<ShopifyRow>> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if g[0].name == r.name => g.push(r),
            _ => {
                if let Some(&l) = first_line.get(&r.name) {
                    let key = format!("order {}", r.name);
                    errors.push(ImportError::cell(r.line, "Name", Reason::DuplicateKey { key, first_line: l }));
                    continue;
                }
                first_line.insert(r.name.clone(), r.line);
                groups.push(vec![r]);
            }
        }
    }
    let mut currency: Option<(Currency, u64)> = None;
    let mut orders = Vec::new();
    for g in groups {
        let before = errors.len();
        same_order_cells(&g, &mut errors);
        let Some(o) = order(&g, key, &mut errors) else { continue };
        match currency {
            Some((c, l)) if c != o.currency => {
                let m = MarketReason::MixedCurrencies { value: o.currency.to_string(), first: c.to_string(), first_line: l };
                errors.push(ImportError::cell(o.line, "Currency", Reason::Market(m)));
            }
            None => currency = Some((o.currency, o.line)),
            _ => {}
        }
        if errors.len() == before {
            orders.push(o);
        }
    }
    (orders, errors)
}

/// A later line of an order may leave an order-level cell empty or repeat
/// it; another value is refused (two orders merged under one name).
fn same_order_cells(g: &[ShopifyRow], errors: &mut Vec<ImportError>) {
    let first = &g[0];
    for r in &g[1..] {
        for (c, v) in &r.order_cells {
            if let Some((_, f)) = first.order_cells.iter().find(|(fc, _)| fc == c) {
                if f == v {
                    continue;
                }
            }
            let first_value = first.order_cells.iter().find(|(fc, _)| fc == c).map(|x| x.1.clone()).unwrap_or_default();
            let m =
                MarketReason::OrderFieldDiffers { order: first.name.clone(), value: v.clone(), first: first_value, first_line: first.line };
            errors.push(ImportError::cell(r.line, column_name(*c), Reason::Market(m)));
        }
    }
}

fn order(g: &[ShopifyRow], key: CustomerKey, errors: &mut Vec<ImportError>) -> Option<ShopifyOrder> {
    let f = &g[0];
    let mut missing = |c: usize, present: bool| {
        if !present {
            errors.push(ImportError::cell(f.line, column_name(c), Reason::Required { column: column_name(c).to_string() }));
        }
    };
    missing(row::CURRENCY, f.currency.is_some());
    missing(row::TOTAL, f.total.is_some());
    missing(row::CREATED_AT, f.created_at.is_some());
    let (currency, total, created_at) = (f.currency?, f.total?, f.created_at?);
    let zero = Decimal::ZERO;
    let lines: Vec<ShopifyLine> = g
        .iter()
        .map(|r| ShopifyLine {
            line: r.line,
            sku: r.sku.clone(),
            name: r.line_name.clone(),
            quantity: r.quantity,
            price: r.price,
            compare_at_price: r.compare_at,
            discount: r.line_discount.unwrap_or(zero),
            fulfillment_status: r.line_fulfillment.clone(),
            vendor: r.vendor.clone(),
        })
        .collect();
    let o = ShopifyOrder {
        name: f.name.clone(),
        id: f.id.clone(),
        line: f.line,
        customer: f.email.as_deref().map(|e| key.id(e)),
        currency,
        subtotal: f.subtotal.unwrap_or(zero),
        shipping: f.shipping.unwrap_or(zero),
        taxes: f.taxes.unwrap_or(zero),
        taxes_included: false,
        duties: f.duties.unwrap_or(zero),
        discount: f.discount_amount.unwrap_or(zero),
        discount_code: f.discount_code.clone(),
        total,
        refunded: f.refunded.unwrap_or(zero),
        outstanding: f.outstanding,
        financial_status: f.financial_status.clone(),
        fulfillment_status: f.fulfillment_status.clone(),
        created_at,
        paid_at: f.paid_at,
        fulfilled_at: f.fulfilled_at,
        cancelled_at: f.cancelled_at,
        lines,
    };
    reconcile(o, errors)
}

/// Σ price × quantity − discount + shipping + taxes + duties = total, or
/// the same without taxes (prices that include them), else an error
/// naming the sum, written out, and the total.
fn reconcile(mut o: ShopifyOrder, errors: &mut Vec<ImportError>) -> Option<ShopifyOrder> {
    let gross: Decimal = o.lines.iter().map(|l| l.price * Decimal::from(l.quantity)).sum();
    let without_taxes = gross - o.discount + o.shipping + o.duties;
    if without_taxes + o.taxes == o.total {
        return Some(o);
    }
    if !o.taxes.is_zero() && without_taxes == o.total {
        o.taxes_included = true;
        return Some(o);
    }
    let lines: Vec<String> = o.lines.iter().map(|l| format!("{} × {}", l.quantity, l.price)).collect();
    let mut parts = format!("{} − {} (discount) + {} (shipping) + {} (taxes)", lines.join(" + "), o.discount, o.shipping, o.taxes);
    if !o.duties.is_zero() {
        parts.push_str(&format!(" + {} (duties)", o.duties));
    }
    let m = MarketReason::OrderDoesNotReconcile {
        order: o.name.clone(),
        parts,
        computed: (without_taxes + o.taxes).to_string(),
        total: o.total.to_string(),
        currency: o.currency.to_string(),
    };
    errors.push(ImportError::cell(o.line, "Total", Reason::Market(m)));
    None
}
