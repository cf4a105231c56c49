//! One line of a Shopify orders export: the order-level cells (filled on
//! an order's first line only) and the line item's cells.

use crate::context::ImportContext;
use crate::dates::When;
use crate::table::{ColumnSpec, Row};
use amoeba_core::money::{Currency, SOURCE_DP};
use rust_decimal::Decimal;

pub(super) const NAME: usize = 0;
pub(super) const EMAIL: usize = 1;
pub(super) const FINANCIAL: usize = 2;
pub(super) const PAID_AT: usize = 3;
pub(super) const FULFILLMENT: usize = 4;
pub(super) const FULFILLED_AT: usize = 5;
pub(super) const CURRENCY: usize = 6;
pub(super) const SUBTOTAL: usize = 7;
pub(super) const SHIPPING: usize = 8;
pub(super) const TAXES: usize = 9;
pub(super) const TOTAL: usize = 10;
pub(super) const DISCOUNT_CODE: usize = 11;
pub(super) const DISCOUNT_AMOUNT: usize = 12;
pub(super) const CREATED_AT: usize = 13;
pub(super) const QUANTITY: usize = 14;
pub(super) const LINE_NAME: usize = 15;
pub(super) const PRICE: usize = 16;
pub(super) const COMPARE_AT: usize = 17;
pub(super) const SKU: usize = 18;
pub(super) const LINE_FULFILLMENT: usize = 19;
pub(super) const CANCELLED_AT: usize = 20;
pub(super) const REFUNDED: usize = 21;
pub(super) const VENDOR: usize = 22;
pub(super) const OUTSTANDING: usize = 23;
pub(super) const ID: usize = 24;
pub(super) const LINE_DISCOUNT: usize = 25;
pub(super) const DUTIES: usize = 26;

const fn named(name: &'static str, required: bool, amount: bool, names: &'static [&'static str]) -> ColumnSpec {
    ColumnSpec { name, required, amount, prefixes: names, aliases: &[] }
}

/// The columns read, by their letters and digits (Shopify's names; the
/// rest — addresses, phone, notes, tags, tax lines — is ignored).
pub(super) const COLUMNS: &[ColumnSpec] = &[
    named("Name", true, false, &["name"]),
    named("Email", false, false, &["email"]),
    named("Financial Status", false, false, &["financialstatus"]),
    named("Paid at", false, false, &["paidat"]),
    named("Fulfillment Status", false, false, &["fulfillmentstatus"]),
    named("Fulfilled at", false, false, &["fulfilledat"]),
    named("Currency", true, false, &["currency"]),
    named("Subtotal", true, true, &["subtotal"]),
    named("Shipping", true, true, &["shipping"]),
    named("Taxes", true, true, &["taxes"]),
    named("Total", true, true, &["total"]),
    named("Discount Code", false, false, &["discountcode"]),
    named("Discount Amount", false, true, &["discountamount"]),
    named("Created at", true, false, &["createdat"]),
    named("Lineitem quantity", true, false, &["lineitemquantity"]),
    named("Lineitem name", true, false, &["lineitemname"]),
    named("Lineitem price", true, true, &["lineitemprice"]),
    named("Lineitem compare at price", false, true, &["lineitemcompareatprice"]),
    named("Lineitem sku", false, false, &["lineitemsku"]),
    named("Lineitem fulfillment status", false, false, &["lineitemfulfillmentstatus"]),
    named("Cancelled at", false, false, &["cancelledat"]),
    named("Refunded Amount", false, true, &["refundedamount"]),
    named("Vendor", false, false, &["vendor"]),
    named("Outstanding Balance", false, true, &["outstandingbalance"]),
    named("Id", false, false, &["id"]),
    named("Lineitem discount", false, true, &["lineitemdiscount"]),
    named("Duties", false, true, &["duties"]),
];

/// The order-level columns: on an order's first line, empty or repeated on the others.
pub(super) const ORDER_LEVEL: &[usize] = &[
    EMAIL,
    FINANCIAL,
    PAID_AT,
    FULFILLMENT,
    FULFILLED_AT,
    CURRENCY,
    SUBTOTAL,
    SHIPPING,
    TAXES,
    TOTAL,
    DISCOUNT_CODE,
    DISCOUNT_AMOUNT,
    CREATED_AT,
    CANCELLED_AT,
    REFUNDED,
    OUTSTANDING,
    ID,
    DUTIES,
];

/// What one line of the export says.
#[derive(Debug, Clone)]
pub(super) struct ShopifyRow {
    pub line: u64,
    pub name: String,
    /// The order-level cells as written (for the "same on every line" check).
    pub order_cells: Vec<(usize, String)>,
    pub email: Option<String>,
    pub financial_status: Option<String>,
    pub fulfillment_status: Option<String>,
    pub paid_at: Option<When>,
    pub fulfilled_at: Option<When>,
    pub created_at: Option<When>,
    pub cancelled_at: Option<When>,
    pub currency: Option<Currency>,
    pub subtotal: Option<Decimal>,
    pub shipping: Option<Decimal>,
    pub taxes: Option<Decimal>,
    pub total: Option<Decimal>,
    pub discount_code: Option<String>,
    pub discount_amount: Option<Decimal>,
    pub refunded: Option<Decimal>,
    pub outstanding: Option<Decimal>,
    pub duties: Option<Decimal>,
    pub id: Option<String>,
    pub quantity: i64,
    pub line_name: String,
    pub price: Decimal,
    pub compare_at: Option<Decimal>,
    pub sku: Option<String>,
    pub line_discount: Option<Decimal>,
    pub line_fulfillment: Option<String>,
    pub vendor: Option<String>,
}

/// A money cell: at most [`SOURCE_DP`] places, storable, not negative.
fn money(r: &mut Row<'_>, c: usize, required: bool) -> Option<Decimal> {
    let v = r.decimal(c, required, SOURCE_DP)?;
    if v.is_sign_negative() && !v.is_zero() {
        r.err(c, crate::Reason::Negative { value: v.to_string() });
        return None;
    }
    if amoeba_core::money::to_source_units(v).is_none() {
        r.err(c, crate::Reason::TooLarge { value: v.to_string() });
        return None;
    }
    Some(v)
}

pub(super) fn row(r: &mut Row<'_>, ctx: &ImportContext) -> Option<ShopifyRow> {
    let name = r.required(NAME).map(str::to_string);
    let order_cells = ORDER_LEVEL.iter().filter_map(|&c| r.text(c).map(|v| (c, v.to_string()))).collect();
    let tz = Some(ctx.tz);
    let (paid_at, fulfilled_at) = (r.when(PAID_AT, false, tz), r.when(FULFILLED_AT, false, tz));
    let (created_at, cancelled_at) = (r.when(CREATED_AT, false, tz), r.when(CANCELLED_AT, false, tz));
    let currency = r.currency(CURRENCY, false);
    let [subtotal, shipping, taxes, total, discount_amount, refunded, outstanding, duties] =
        [SUBTOTAL, SHIPPING, TAXES, TOTAL, DISCOUNT_AMOUNT, REFUNDED, OUTSTANDING, DUTIES].map(|c| money(r, c, false));
    let quantity = r.integer(QUANTITY, true);
    if quantity.is_some_and(|q| q <= 0) {
        r.err(QUANTITY, crate::Reason::NotUnits { value: quantity.unwrap_or_default().to_string() });
    }
    let line_name = r.required(LINE_NAME).map(str::to_string);
    let price = money(r, PRICE, true);
    let compare_at = money(r, COMPARE_AT, false);
    let line_discount = money(r, LINE_DISCOUNT, false);
    if !r.errors.is_empty() {
        return None;
    }
    Some(ShopifyRow {
        line: r.line,
        name: name?,
        order_cells,
        email: r.owned(EMAIL),
        financial_status: r.owned(FINANCIAL),
        fulfillment_status: r.owned(FULFILLMENT),
        paid_at,
        fulfilled_at,
        created_at,
        cancelled_at,
        currency,
        subtotal,
        shipping,
        taxes,
        total,
        discount_code: r.owned(DISCOUNT_CODE),
        discount_amount,
        refunded,
        outstanding,
        duties,
        id: r.owned(ID),
        quantity: quantity?,
        line_name: line_name?,
        price: price?,
        compare_at,
        sku: r.owned(SKU),
        line_discount,
        line_fulfillment: r.owned(LINE_FULFILLMENT),
        vendor: r.owned(VENDOR),
    })
}

/// The column's header name, for errors found after the row was read.
pub(super) fn column_name(c: usize) -> &'static str {
    COLUMNS[c].name
}
