//! A TikTok Shop order export as orders of the ledger's order model
//! (`amoeba_core::orders`): the lifecycle the lottery's 17:00 cut-off,
//! repurchase and stage-based pay read. It books no money — the finance
//! statement does — so these orders are stored with their events only.
//!
//! Per order: a **contract** at `Created Time`, one event per SKU (the
//! `Seller SKU`, else the `SKU ID`; a SKU on two lines is one line of the
//! summed quantity and amount) for `SKU Subtotal After Discount`; a
//! **payment** at `Paid Time` of the lines' total (shipping and taxes are
//! the statement's); a **shipment** of every line at `Shipped Time`; a
//! **cancellation** at `Cancelled Time` when the order never shipped. A
//! time written without a time of day counts from midnight of its day.

use super::{TiktokOrder, TiktokOrders};
use crate::dates::When;
use crate::formats::FileOrder;
use amoeba_core::orders::{EventKind, OrderEvent, OrderHeader, OrderLine};
use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;

impl TiktokOrders {
    /// Every order of the export as a [`FileOrder`] of `store`.
    pub fn to_orders(&self, store: &str) -> Vec<FileOrder> {
        self.orders.iter().map(|o| lifecycle(o, store)).collect()
    }
}

/// The instant of `w`: its time, else midnight of its day (UTC offset 0).
fn instant(w: &When) -> DateTime<FixedOffset> {
    w.at.unwrap_or_else(|| w.day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().fixed_offset())
}

fn lifecycle(o: &TiktokOrder, store: &str) -> FileOrder {
    let header = OrderHeader {
        id: o.order_id.clone(),
        store: store.to_string(),
        customer: o.buyer.clone(),
        salesperson: None,
        follower: None,
        currency: o.currency,
    };
    let mut lines: Vec<OrderLine> = Vec::new();
    for l in &o.lines {
        let Some(sku) = l.seller_sku.clone().or_else(|| l.sku_id.clone()) else { continue };
        let amount = l.subtotal_after_discount.unwrap_or_default().max(Decimal::ZERO);
        match lines.iter_mut().find(|x| x.sku == sku) {
            Some(x) => {
                x.quantity += l.quantity;
                x.amount += amount;
            }
            None => lines.push(OrderLine { sku, quantity: l.quantity, amount }),
        }
    }
    lines.retain(|l| l.quantity > 0);
    let event = |kind, w: &When, sku: Option<String>, quantity, amount| OrderEvent {
        order_id: o.order_id.clone(),
        kind,
        at: instant(w),
        day: w.day,
        sku,
        quantity,
        amount,
        currency: o.currency,
        memo: None,
        line: o.line,
    };
    let mut events = OrderEvent::contract(&header, instant(&o.created), o.created.day, &lines, o.line);
    let total: Decimal = lines.iter().map(|l| l.amount).sum();
    if let Some(paid) = &o.paid {
        if total > Decimal::ZERO {
            events.push(event(EventKind::Pay, paid, None, 0, total));
        }
    }
    match (&o.shipped, &o.cancelled) {
        (Some(shipped), _) => {
            events.extend(lines.iter().map(|l| event(EventKind::Ship, shipped, Some(l.sku.clone()), l.quantity, Decimal::ZERO)))
        }
        (None, Some(cancelled)) => events.push(event(EventKind::Cancel, cancelled, None, 0, Decimal::ZERO)),
        (None, None) => {}
    }
    FileOrder { header, events, contract_in_file: true }
}
