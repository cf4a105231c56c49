//! TikTok Shop Seller Center → Orders → Export: one row per SKU of an
//! order, the order's own cells repeated on each of its rows (a row that
//! disagrees is refused). Some versions put a second header row of column
//! descriptions (`Platform unique order ID.`) under the names: it is
//! skipped. The export carries the order's **lifecycle and buyer**, not the
//! money of the ledger — TikTok's finance statement books that
//! ([`super::statement`]); a line's own arithmetic is still checked
//! (subtotal = unit price × quantity; after discount = subtotal − platform
//! − seller discount).

use super::times::{detect, parse_tiktok_when, DayOrder};
use crate::context::ImportContext;
use crate::customer::CustomerKey;
use crate::dates::When;
use crate::error::{FileKind, ImportError, ImportErrors};
use crate::market_reason::MarketReason;
use crate::reason::Reason;
use crate::table::{read_table, ColumnSpec, Format, HeaderMode, Row};
use crate::{Encoding, NumberStyle, Partial};
use amoeba_core::money::{to_source_units, Currency, SOURCE_DP};
use rust_decimal::Decimal;
use std::collections::HashMap;

const fn named(name: &'static str, required: bool, amount: bool, names: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec { name, required, amount, prefixes: names, aliases: &[] }
}

const ORDER_ID: usize = 0;
const SKU_ID: usize = 5;
const SELLER_SKU: usize = 6;
const PRODUCT: usize = 7;
const VARIATION: usize = 8;
const QUANTITY: usize = 9;
const RETURNED: usize = 10;
const UNIT_PRICE: usize = 11;
const BEFORE: usize = 12;
const PLATFORM: usize = 13;
const SELLER: usize = 14;
const AFTER: usize = 15;
/// First and last column of the order-level money.
const ORDER_MONEY: std::ops::Range<usize> = 16..24;
/// First and last column of the instants.
const TIMES: std::ops::Range<usize> = 24..30;
const BUYER: usize = 37;

/// The columns read (TikTok's names, matched by letters and digits).
const COLUMNS: &[ColumnSpec] = &[
    named("Order ID", true, false, &["orderid"]),
    named("Order Status", false, false, &["orderstatus"]),
    named("Order Substatus", false, false, &["ordersubstatus"]),
    named("Cancelation/Return Type", false, false, &["cancelationreturntype", "cancellationreturntype"]),
    named("Normal or Pre-order", false, false, &["normalorpreorder"]),
    named("SKU ID", false, false, &["skuid"]),
    named("Seller SKU", false, false, &["sellersku"]),
    named("Product Name", false, false, &["productname"]),
    named("Variation", false, false, &["variation"]),
    named("Quantity", true, false, &["quantity"]),
    named("Sku Quantity of return", false, false, &["skuquantityofreturn"]),
    named("SKU Unit Original Price", false, true, &["skuunitoriginalprice"]),
    named("SKU Subtotal Before Discount", false, true, &["skusubtotalbeforediscount"]),
    named("SKU Platform Discount", false, true, &["skuplatformdiscount"]),
    named("SKU Seller Discount", false, true, &["skusellerdiscount"]),
    named("SKU Subtotal After Discount", false, true, &["skusubtotalafterdiscount"]),
    named("Shipping Fee After Discount", false, true, &["shippingfeeafterdiscount"]),
    named("Original Shipping Fee", false, true, &["originalshippingfee"]),
    named("Shipping Fee Seller Discount", false, true, &["shippingfeesellerdiscount"]),
    named("Shipping Fee Platform Discount", false, true, &["shippingfeeplatformdiscount"]),
    named("Payment platform discount", false, true, &["paymentplatformdiscount"]),
    named("Taxes", false, true, &["taxes"]),
    named("Order Amount", false, true, &["orderamount"]),
    named("Order Refund Amount", false, true, &["orderrefundamount"]),
    named("Created Time", true, false, &["createdtime"]),
    named("Paid Time", false, false, &["paidtime"]),
    named("RTS Time", false, false, &["rtstime"]),
    named("Shipped Time", false, false, &["shippedtime"]),
    named("Delivered Time", false, false, &["deliveredtime"]),
    named("Cancelled Time", false, false, &["cancelledtime", "canceledtime"]),
    named("Cancel By", false, false, &["cancelby"]),
    named("Cancel Reason", false, false, &["cancelreason"]),
    named("Fulfillment Type", false, false, &["fulfillmenttype"]),
    named("Warehouse Name", false, false, &["warehousename"]),
    named("Tracking ID", false, false, &["trackingid"]),
    named("Delivery Option", false, false, &["deliveryoption"]),
    named("Shipping Provider Name", false, false, &["shippingprovidername"]),
    named("Buyer Username", false, false, &["buyerusername"]),
];

/// Columns of the order (repeated on each of its rows).
const ORDER_LEVEL: &[usize] = &[1, 2, 3, 4, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37];

/// One SKU line of an order.
#[derive(Debug, Clone, PartialEq)]
pub struct TiktokLine {
    /// Line in the file.
    pub line: u64,
    /// `SKU ID` (TikTok's).
    pub sku_id: Option<String>,
    /// `Seller SKU` (the seller's code: the SKU Amoeba knows).
    pub seller_sku: Option<String>,
    /// `Product Name`.
    pub product_name: Option<String>,
    /// `Variation`.
    pub variation: Option<String>,
    /// `Quantity`.
    pub quantity: i64,
    /// `Sku Quantity of return` (0 when empty).
    pub returned: i64,
    /// `SKU Unit Original Price`.
    pub unit_original_price: Option<Decimal>,
    /// `SKU Subtotal Before Discount`.
    pub subtotal_before_discount: Option<Decimal>,
    /// `SKU Platform Discount` (funded by TikTok).
    pub platform_discount: Decimal,
    /// `SKU Seller Discount` (funded by the seller).
    pub seller_discount: Decimal,
    /// `SKU Subtotal After Discount`.
    pub subtotal_after_discount: Option<Decimal>,
}

/// One order of the export: its lifecycle, buyer and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct TiktokOrder {
    /// `Order ID`.
    pub order_id: String,
    /// The order's first line in the file.
    pub line: u64,
    /// `Order Status` (`To ship`, `Shipped`, `Completed`, `Canceled`…).
    pub status: Option<String>,
    /// `Order Substatus`.
    pub substatus: Option<String>,
    /// `Cancelation/Return Type`.
    pub cancel_return_type: Option<String>,
    /// `Normal or Pre-order`.
    pub normal_or_preorder: Option<String>,
    /// The buyer (`Buyer Username`, see [`CustomerKey`]).
    pub buyer: Option<String>,
    /// The store's currency (the export has no currency column).
    pub currency: Currency,
    /// Order money in the column order of the export: shipping fee after
    /// discount, original shipping fee, shipping seller discount, shipping
    /// platform discount, payment platform discount, taxes, order amount,
    /// order refund amount (`None` when empty).
    pub money: TiktokOrderMoney,
    /// `Created Time`.
    pub created: When,
    /// `Paid Time`.
    pub paid: Option<When>,
    /// `RTS Time` (ready to ship).
    pub rts: Option<When>,
    /// `Shipped Time`.
    pub shipped: Option<When>,
    /// `Delivered Time`.
    pub delivered: Option<When>,
    /// `Cancelled Time`.
    pub cancelled: Option<When>,
    /// `Cancel By`, `Cancel Reason`, `Fulfillment Type`, `Warehouse Name`,
    /// `Tracking ID`, `Delivery Option`, `Shipping Provider Name`, as written.
    pub logistics: Vec<(&'static str, String)>,
    /// The SKU lines.
    pub lines: Vec<TiktokLine>,
}

impl TiktokOrder {
    /// The order's identity, for idempotency: its id and creation instant,
    /// not its changing status (an order id is unique in a file; a later
    /// export of the same order has the same fingerprint).
    pub fn fingerprint(&self) -> crate::Fingerprint {
        let mut b = crate::fingerprint::FieldBuf::default();
        b.start("tiktok-order");
        b.str(&self.order_id);
        b.opt(self.created.at.map(|t| t.to_rfc3339()).as_deref());
        crate::fingerprint::Fingerprinter::default().fingerprint(&b)
    }
}

/// The order-level money of the export, as written.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TiktokOrderMoney {
    /// `Shipping Fee After Discount`.
    pub shipping_fee_after_discount: Option<Decimal>,
    /// `Original Shipping Fee`.
    pub original_shipping_fee: Option<Decimal>,
    /// `Shipping Fee Seller Discount`.
    pub shipping_fee_seller_discount: Option<Decimal>,
    /// `Shipping Fee Platform Discount`.
    pub shipping_fee_platform_discount: Option<Decimal>,
    /// `Payment platform discount`.
    pub payment_platform_discount: Option<Decimal>,
    /// `Taxes`.
    pub taxes: Option<Decimal>,
    /// `Order Amount`, what the buyer paid.
    pub order_amount: Option<Decimal>,
    /// `Order Refund Amount`.
    pub order_refund_amount: Option<Decimal>,
}

/// A whole order export, read.
#[derive(Debug, Clone)]
pub struct TiktokOrders {
    /// The orders, in file order.
    pub orders: Vec<TiktokOrder>,
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
    order_id: String,
    cells: Vec<(usize, String)>,
    money: [Option<Decimal>; 8],
    times: Vec<(usize, String)>,
    line_item: TiktokLine,
}

fn money(r: &mut Row<'_>, c: usize) -> Option<Option<Decimal>> {
    if r.text(c).is_none() {
        return Some(None);
    }
    let v = r.decimal(c, false, SOURCE_DP)?;
    if to_source_units(v).is_none() {
        r.err(c, Reason::TooLarge { value: v.to_string() });
        return None;
    }
    Some(Some(v))
}

fn row(r: &mut Row<'_>, _: &ImportContext) -> Option<RawRow> {
    let order_id = r.required(ORDER_ID).map(str::to_string);
    let quantity = r.integer(QUANTITY, true);
    if quantity.is_some_and(|q| q <= 0) {
        r.err(QUANTITY, Reason::NotUnits { value: quantity.unwrap_or_default().to_string() });
    }
    let returned = r.integer(RETURNED, false).unwrap_or(0);
    let [unit, before, platform, seller, after] = [UNIT_PRICE, BEFORE, PLATFORM, SELLER, AFTER].map(|c| money(r, c));
    let order_money: Vec<Option<Option<Decimal>>> = ORDER_MONEY.map(|c| money(r, c)).collect();
    let cells = ORDER_LEVEL.iter().filter_map(|&c| r.text(c).map(|v| (c, v.to_string()))).collect();
    let times = TIMES.filter_map(|c| r.text(c).map(|v| (c, v.to_string()))).collect();
    if !r.errors.is_empty() {
        return None;
    }
    let mut m = [None; 8];
    for (slot, v) in m.iter_mut().zip(order_money) {
        *slot = v?;
    }
    let line_item = TiktokLine {
        line: r.line,
        sku_id: r.owned(SKU_ID),
        seller_sku: r.owned(SELLER_SKU),
        product_name: r.owned(PRODUCT),
        variation: r.owned(VARIATION),
        quantity: quantity?,
        returned,
        unit_original_price: unit?,
        subtotal_before_discount: before?,
        platform_discount: platform?.unwrap_or_default(),
        seller_discount: seller?.unwrap_or_default(),
        subtotal_after_discount: after?,
    };
    check_line(r, &line_item);
    r.errors.is_empty().then_some(RawRow { line: r.line, order_id: order_id?, cells, money: m, times, line_item })
}

/// A line's own arithmetic: subtotal = unit price × quantity, after
/// discount = subtotal − platform − seller discount.
fn check_line(r: &mut Row<'_>, l: &TiktokLine) {
    if let (Some(unit), Some(before)) = (l.unit_original_price, l.subtotal_before_discount) {
        let sum = unit * Decimal::from(l.quantity);
        if sum != before {
            let m = MarketReason::SubtotalDoesNotAddUp {
                value: before.to_string(),
                parts: format!("{} × {unit}", l.quantity),
                sum: sum.to_string(),
            };
            r.err(BEFORE, Reason::Market(m));
        }
    }
    if let (Some(before), Some(after)) = (l.subtotal_before_discount, l.subtotal_after_discount) {
        let sum = before - l.platform_discount - l.seller_discount;
        if sum != after {
            let parts = format!("{before} − {} (platform) − {} (seller)", l.platform_discount, l.seller_discount);
            r.err(AFTER, Reason::Market(MarketReason::SubtotalDoesNotAddUp { value: after.to_string(), parts, sum: sum.to_string() }));
        }
    }
}

/// The second header row of column descriptions some exports carry: its
/// `Order ID` is words, its `Quantity` no number.
fn description_row(rec: &csv::StringRecord, map: &[Option<usize>]) -> bool {
    let cell = |c: usize| map[c].and_then(|i| rec.get(i)).unwrap_or("").trim();
    let id = cell(ORDER_ID);
    !id.is_empty() && !id.chars().all(|c| c.is_ascii_digit()) && cell(QUANTITY).parse::<i64>().is_err()
}

/// Reads a TikTok Shop order export (CSV or XLSX) for a store whose zone
/// is `ctx.tz` and whose currency is `ctx.currency` (required: the export
/// names none).
pub fn parse_tiktok_orders(bytes: &[u8], ctx: &ImportContext, key: CustomerKey) -> Result<TiktokOrders, ImportErrors> {
    let kind = FileKind::TiktokOrders;
    let Some(currency) = ctx.currency else {
        return Err(ImportErrors::single(kind, ImportError::line(0, Reason::NoCurrency)));
    };
    let format = Format {
        kind,
        columns: COLUMNS,
        row,
        header_check: |_| None,
        fields: |_, _| {},
        header_mode: HeaderMode::Named,
        description_row: Some(description_row),
    };
    let (rows, meta, earlier) = match read_table(bytes, ctx, &format) {
        Ok(p) => (p.records.into_iter().map(|r| r.0).collect(), Some((p.encoding, p.number_style, p.file_sha256)), None),
        Err(Partial { errors, good }) => (good, None, Some(errors)),
    };
    let mut errors = Vec::new();
    let cells = rows.iter().flat_map(|r| r.times.iter().map(move |(c, v)| (r.line, COLUMNS[*c].name, v.as_str())));
    let day_order = detect(cells).unwrap_or_else(|e| {
        errors.push(e);
        DayOrder::MonthFirst
    });
    let orders = if errors.is_empty() { assemble(rows, ctx, currency, key, day_order, &mut errors) } else { Vec::new() };
    match (earlier, meta) {
        (Some(e), _) => Err(e.merge(errors, 0)),
        (None, Some((encoding, number_style, file_sha256))) if errors.is_empty() => {
            Ok(TiktokOrders { orders, day_order, encoding, number_style, file_sha256 })
        }
        (None, _) => Err(ImportErrors::from_errors(kind, errors, 0)),
    }
}

fn assemble(
    rows: Vec<RawRow>,
    ctx: &ImportContext,
    currency: Currency,
    key: CustomerKey,
    order: DayOrder,
    errors: &mut Vec<ImportError>,
) -> Vec<TiktokOrder> {
    let mut groups: Vec<Vec<RawRow>> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for r in rows {
        match groups.last_mut() {
            Some(g) if g[0].order_id == r.order_id => g.push(r),
            _ => {
                if let Some(&l) = first_line.get(&r.order_id) {
                    let key = format!("order {}", r.order_id);
                    errors.push(ImportError::cell(r.line, "Order ID", Reason::DuplicateKey { key, first_line: l }));
                    continue;
                }
                first_line.insert(r.order_id.clone(), r.line);
                groups.push(vec![r]);
            }
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let before = errors.len();
        let f = &g[0];
        for r in &g[1..] {
            for c in ORDER_LEVEL {
                let (a, b) = (f.cells.iter().find(|x| x.0 == *c), r.cells.iter().find(|x| x.0 == *c));
                if a.map(|x| &x.1) != b.map(|x| &x.1) {
                    let value = b.map(|x| x.1.clone()).unwrap_or_default();
                    let first = a.map(|x| x.1.clone()).unwrap_or_default();
                    let m = MarketReason::OrderFieldDiffers { order: f.order_id.clone(), value, first, first_line: f.line };
                    errors.push(ImportError::cell(r.line, COLUMNS[*c].name, Reason::Market(m)));
                }
            }
        }
        let mut when = |c: usize| -> Option<When> {
            let v = f.times.iter().find(|x| x.0 == c).map(|x| x.1.as_str())?;
            match parse_tiktok_when(v, order, ctx.tz).and_then(|w| ctx.check_day(w.day).map(|_| w)) {
                Ok(w) => Some(w),
                Err(m) => {
                    errors.push(ImportError::cell(f.line, COLUMNS[c].name, m));
                    None
                }
            }
        };
        let [created, paid, rts, shipped, delivered, cancelled] = [24, 25, 26, 27, 28, 29].map(&mut when);
        if f.times.iter().all(|x| x.0 != 24) {
            errors.push(ImportError::cell(f.line, "Created Time", Reason::Required { column: "Created Time".into() }));
        }
        let text = |c: usize| f.cells.iter().find(|x| x.0 == c).map(|x| x.1.clone());
        let Some(created) = created.filter(|_| errors.len() == before) else { continue };
        let m = f.money;
        out.push(TiktokOrder {
            order_id: f.order_id.clone(),
            line: f.line,
            status: text(1),
            substatus: text(2),
            cancel_return_type: text(3),
            normal_or_preorder: text(4),
            buyer: text(BUYER).map(|b| key.id(&b)),
            currency,
            money: TiktokOrderMoney {
                shipping_fee_after_discount: m[0],
                original_shipping_fee: m[1],
                shipping_fee_seller_discount: m[2],
                shipping_fee_platform_discount: m[3],
                payment_platform_discount: m[4],
                taxes: m[5],
                order_amount: m[6],
                order_refund_amount: m[7],
            },
            created,
            paid,
            rts,
            shipped,
            delivered,
            cancelled,
            logistics: (30..37).filter_map(|c| text(c).map(|v| (COLUMNS[c].name, v))).collect(),
            lines: g.iter().map(|r| r.line_item.clone()).collect(),
        });
    }
    out
}
