//! The ledger facts of a Shopify export.
//!
//! **Business day: `Fulfilled at`**, in the store's zone. A sale counts
//! when the goods leave: that is when Amazon's settlement posts an order
//! (its `Order` lines carry the shipment's date), so a Shopify store and an
//! Amazon store of one unit are compared on one rule; it is the lottery's
//! "order shipped before 17:00" too. `Created at` would count orders that
//! are later cancelled unshipped; `Paid at` counts pre-orders and
//! unfulfilled orders months before the goods (and their COGS) move. An
//! order not yet fulfilled gives no facts: it is reported in
//! [`ShopifyFacts::not_booked`] and is booked by a later export, once
//! fulfilled (a partially fulfilled order waits for its last shipment).
//!
//! Per fulfilled order (amounts in the order's currency, money in positive):
//!
//! | fact | kind | amount |
//! |---|---|---|
//! | each line item | `sale` | `Lineitem price` × `Lineitem quantity`, with its SKU and units |
//! | each line's discount | `promotion` | −`Lineitem discount` |
//! | the rest of `Discount Amount` (order or shipping discounts not on lines) | `promotion` | −(Discount Amount − Σ line discounts) |
//! | shipping charged | `sale` | `Shipping` (no SKU) |
//! | taxes | `tax` | `Taxes`; for tax-inclusive prices also a `sale` of −`Taxes`, so sales are net of tax |
//! | duties | `tax` | `Duties` |
//! | refunds | `refund` | −`Refunded Amount`, on the day of `Cancelled at` when the order was cancelled, else on the sale's day (the export has no refund instant) |
//!
//! Without the refund, an order's facts sum to its `Total` (the order
//! reconciled when it was read).

use super::{ShopifyOrder, ShopifyOrders};
use crate::fingerprint::{FieldBuf, Fingerprint, Fingerprinter};
use crate::formats::fact_fields;
use amoeba_core::ledger::{FactKind, FactRecord};
use rust_decimal::Decimal;

/// Why an order of the export gave no facts (yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotBooked {
    /// Not (fully) fulfilled: booked once a later export says it is.
    NotFulfilled {
        /// The order's `Fulfillment Status`.
        status: Option<String>,
    },
    /// Fulfilled, but the export has no `Fulfilled at` for it.
    NoFulfilledAt,
}

/// The facts of an export, and the orders it does not book yet.
#[derive(Debug, Clone)]
pub struct ShopifyFacts {
    /// Facts with fingerprints, order by order in file order.
    pub facts: Vec<(FactRecord, Fingerprint)>,
    /// Orders without facts, by name, and why.
    pub not_booked: Vec<(String, NotBooked)>,
}

impl ShopifyOrders {
    /// The ledger facts of every fulfilled order, for `store` (see the
    /// module docs for the business day and the mapping).
    pub fn to_facts(&self, store: &str) -> ShopifyFacts {
        let mut out = ShopifyFacts { facts: Vec::new(), not_booked: Vec::new() };
        let (mut fp, mut fields) = (Fingerprinter::default(), FieldBuf::default());
        for (o, _) in &self.orders {
            match order_facts(o, store) {
                Ok(facts) => {
                    for f in facts {
                        fact_fields(&f, &mut fields);
                        let print = fp.fingerprint(&fields);
                        out.facts.push((f, print));
                    }
                }
                Err(why) => out.not_booked.push((o.name.clone(), why)),
            }
        }
        out
    }
}

/// The facts of one order, or why it has none.
pub(crate) fn order_facts(o: &ShopifyOrder, store: &str) -> Result<Vec<FactRecord>, NotBooked> {
    if o.fulfillment_status.as_deref().map(str::trim).map(str::to_ascii_lowercase).as_deref() != Some("fulfilled") {
        return Err(NotBooked::NotFulfilled { status: o.fulfillment_status.clone() });
    }
    let shipped = o.fulfilled_at.ok_or(NotBooked::NoFulfilledAt)?;
    let fact = |kind: FactKind, amount: Decimal, line: u64, sku: Option<&str>, quantity: i64, memo: &str| FactRecord {
        date: shipped.day,
        occurred_at: shipped.at,
        store: Some(store.into()),
        unit: None,
        sku: sku.map(Into::into),
        order_id: Some(o.name.as_str().into()),
        customer_id: o.customer.clone(),
        quantity,
        kind,
        amount: amount.normalize(),
        currency: o.currency,
        memo: Some(memo.into()),
        corrects: None,
        line,
    };
    let mut out = Vec::new();
    let mut on_lines = Decimal::ZERO;
    for l in &o.lines {
        out.push(fact(FactKind::Sale, l.price * Decimal::from(l.quantity), l.line, l.sku.as_deref(), l.quantity, &l.name));
        if !l.discount.is_zero() {
            out.push(fact(FactKind::Promotion, -l.discount, l.line, l.sku.as_deref(), 0, "Lineitem discount"));
        }
        on_lines += l.discount;
    }
    let rest = o.discount - on_lines;
    if !rest.is_zero() {
        out.push(fact(FactKind::Promotion, -rest, o.line, None, 0, "Discount Amount (not on lines)"));
    }
    if !o.shipping.is_zero() {
        out.push(fact(FactKind::Sale, o.shipping, o.line, None, 0, "Shipping"));
    }
    if !o.taxes.is_zero() {
        if o.taxes_included {
            out.push(fact(FactKind::Sale, -o.taxes, o.line, None, 0, "Taxes included in prices"));
        }
        out.push(fact(FactKind::Tax, o.taxes, o.line, None, 0, "Taxes"));
    }
    if !o.duties.is_zero() {
        out.push(fact(FactKind::Tax, o.duties, o.line, None, 0, "Duties"));
    }
    if !o.refunded.is_zero() {
        let when = o.cancelled_at.unwrap_or(shipped);
        let mut refund = fact(FactKind::Refund, -o.refunded, o.line, None, 0, "Refunded Amount");
        refund.date = when.day;
        refund.occurred_at = when.at;
        out.push(refund);
    }
    Ok(out)
}
