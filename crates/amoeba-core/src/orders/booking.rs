//! What an order books in the ledger, once, whatever file brought it: its
//! **sales at shipment** (each shipment's value, the line's value of the
//! units shipped so far minus what earlier shipments booked) and its
//! **refunds at refund** (negative: the part of a refund that returns
//! revenue; returning a prepayment is cash, not revenue). Nothing at
//! contract or payment: cash is not revenue. COGS then comes from the
//! engine (sale quantity × landed cost; a refund's returned units reverse
//! it). Only stores whose sales come from orders book them
//! ([`crate::org::SalesSource`]); the caller checks that.

use super::lifecycle::Replay;
use super::model::EventKind;
use crate::ledger::{FactKind, FactRecord};
use rust_decimal::Decimal;

/// The ledger facts of a replayed order: one sale per line a shipment
/// touched, one refund per line a refund's booked part or returned units
/// touched; each with the store, SKU, order id, customer, quantity, the
/// event's instant and business day, and the event's source line.
pub fn order_facts(replay: &Replay) -> Vec<FactRecord> {
    let h = &replay.state.header;
    let mut out = Vec::new();
    for a in &replay.applied {
        let (kind, sign) = match a.event.kind {
            EventKind::Ship => (FactKind::Sale, Decimal::ONE),
            EventKind::Refund => (FactKind::Refund, Decimal::NEGATIVE_ONE),
            EventKind::Contract | EventKind::Pay | EventKind::Cancel => continue,
        };
        for fx in &a.effects {
            if kind == FactKind::Refund && fx.booked.is_zero() && fx.quantity == 0 {
                continue;
            }
            out.push(FactRecord {
                date: a.event.day,
                occurred_at: Some(a.event.at),
                store: Some(h.store.as_str().into()),
                unit: None,
                sku: Some(replay.state.lines[fx.line].sku.as_str().into()),
                order_id: Some(h.id.as_str().into()),
                customer_id: h.customer.clone(),
                quantity: fx.quantity,
                kind,
                amount: sign * fx.booked,
                currency: h.currency,
                memo: Some(format!("order {} {}", h.id, a.event.kind).into()),
                corrects: None,
                line: a.event.line,
            });
        }
    }
    out
}
