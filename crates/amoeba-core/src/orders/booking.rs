//! What an order books in the ledger, once, whatever file brought it: its
//! **sales at shipment** (each shipment's value, the line's value of the
//! units shipped so far minus what earlier shipments booked) and its
//! **refunds at refund** (negative: the part of a refund that returns
//! revenue; returning a prepayment is cash, not revenue). Nothing at
//! contract or payment: cash is not revenue. COGS then comes from the
//! engine (sale quantity × landed cost; a refund's returned units reverse
//! it). Only stores whose sales come from orders book them
//! ([`crate::org::SalesSource`]); the caller checks that.

use super::error::OrderError;
use super::lifecycle::{Applied, Origin, Replay};
use super::model::EventKind;
use crate::ledger::{FactKind, FactRecord};
use rust_decimal::Decimal;

/// The ledger facts of a replayed order: one sale per line a shipment
/// touched, one refund per line a refund's booked part or returned units
/// touched; each with the store, SKU, order id, customer, quantity, the
/// event's instant and business day, and the event's source line.
pub fn order_facts(replay: &Replay) -> Vec<FactRecord> {
    replay.applied.iter().flat_map(|a| applied_facts(replay, a)).collect()
}

/// The facts one applied event books (none for a contract, payment or cancel).
fn applied_facts(replay: &Replay, a: &Applied) -> Vec<FactRecord> {
    let h = &replay.state.header;
    let (kind, sign) = match a.event.kind {
        EventKind::Ship => (FactKind::Sale, Decimal::ONE),
        EventKind::Refund => (FactKind::Refund, Decimal::NEGATIVE_ONE),
        EventKind::Contract | EventKind::Pay | EventKind::Cancel => return Vec::new(),
    };
    let mut out = Vec::new();
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
    out
}

/// What an order books because of its new events, each fact with the index
/// of the new event that booked it, given the replay of its stored events
/// alone and of stored + new. Refused when the new events would change what
/// a stored event booked (a new event dated before stored ones whose effect
/// reaches them): facts are append-only, so each booking is stored once and
/// never rewritten, whatever files the events came through.
pub fn new_bookings(stored: &Replay, full: &Replay) -> Result<Vec<(usize, FactRecord)>, OrderError> {
    let before: std::collections::HashMap<Origin, Vec<FactRecord>> =
        stored.applied.iter().map(|a| (a.origin, applied_facts(stored, a))).collect();
    let mut out = Vec::new();
    for a in &full.applied {
        let facts = applied_facts(full, a);
        match a.origin {
            Origin::Stored(_) => {
                if before.get(&a.origin).map(Vec::as_slice).unwrap_or_default() != facts.as_slice() {
                    return Err(OrderError::RewritesHistory { stored: a.event.kind, day: a.event.day });
                }
            }
            Origin::New(i) => out.extend(facts.into_iter().map(|f| (i, f))),
        }
    }
    Ok(out)
}
