//! The daily lottery's shipments from credit: every shipment of an order
//! gives each person credited under `sales` or `order_follower` one
//! [`Shipment`] with the instant it shipped (the lottery's 17:00 cut-off
//! reads it), so the lottery reads credit and never re-derives it.

use super::resolver::{CreditResolver, Subject};
use super::rules::{FOLLOWER_ROLE, SALES_ROLE};
use crate::engagement::lottery::Shipment;
use crate::orders::{EventKind, Replay};

/// The shipments of a replayed order as the lottery takes them: per
/// shipment event, each person credited for it under `sales` or
/// `order_follower` on its day, once per role.
pub fn lottery_shipments(resolver: &CreditResolver, replay: &Replay) -> Vec<Shipment> {
    let header = &replay.state.header;
    let mut out: Vec<Shipment> = Vec::new();
    for a in replay.applied.iter().filter(|a| a.event.kind == EventKind::Ship) {
        let subject = Subject::order(header, a.event.sku.as_deref());
        for c in resolver.resolve(&subject, a.event.day) {
            if c.role != SALES_ROLE && c.role != FOLLOWER_ROLE {
                continue;
            }
            let s = Shipment { person: c.person, role: c.role, order_id: header.id.clone(), shipped_at: a.event.at };
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}
