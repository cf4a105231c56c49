//! An order as its page shows it: the header, each line's state (ordered,
//! shipped, paid, refunded, outstanding) and the timeline of its events with
//! what each booked in the ledger — all from one replay, so the page and the
//! ledger can never disagree.

use super::lifecycle::Replay;
use super::model::{EventKind, OrderHeader};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

/// One line of the order and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineView {
    /// SKU.
    pub sku: String,
    /// Units ordered.
    pub ordered: i64,
    /// Units shipped so far.
    pub shipped: i64,
    /// The line's amount.
    pub amount: Decimal,
    /// Money received for the line (payments spread pro rata).
    pub paid: Decimal,
    /// Money returned for the line.
    pub refunded: Decimal,
    /// What the customer still owes for the line.
    pub outstanding: Decimal,
}

/// One event on the order's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineRow {
    /// When, with the source's offset.
    pub at: DateTime<FixedOffset>,
    /// The local business day (the 17:00 lottery cut-off reads `at`).
    pub day: NaiveDate,
    /// What happened.
    pub kind: EventKind,
    /// SKU, for contract lines, shipments and returns.
    pub sku: Option<String>,
    /// Units.
    pub quantity: i64,
    /// Money of the event (a payment, a refund, a contract line).
    pub amount: Decimal,
    /// What it booked in the ledger (sales at shipment, refunds): zero for
    /// contracts, payments and cancels, and for an order whose store books
    /// its sales from a settlement.
    pub booked: Decimal,
    /// Line in its source file.
    pub line: u64,
}

/// An order, replayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderView {
    /// The order.
    pub header: OrderHeader,
    /// Whether its shipments and refunds book the ledger.
    pub books: bool,
    /// Its lines.
    pub lines: Vec<LineView>,
    /// Its events in replay order.
    pub timeline: Vec<TimelineRow>,
    /// When it was cancelled, if it was.
    pub cancelled_at: Option<DateTime<FixedOffset>>,
}

impl OrderView {
    /// The view of a replayed order.
    pub fn of(replay: &Replay, books: bool) -> Self {
        let lines = replay
            .state
            .lines
            .iter()
            .map(|l| LineView {
                sku: l.sku.clone(),
                ordered: l.ordered,
                shipped: l.shipped,
                amount: l.amount,
                paid: l.paid,
                refunded: l.refunded,
                outstanding: (l.amount - l.paid).max(Decimal::ZERO),
            })
            .collect();
        let timeline = replay
            .applied
            .iter()
            .map(|a| {
                let booked: Decimal = match a.event.kind {
                    EventKind::Ship if books => a.effects.iter().map(|e| e.booked).sum(),
                    EventKind::Refund if books => -a.effects.iter().map(|e| e.booked).sum::<Decimal>(),
                    _ => Decimal::ZERO,
                };
                TimelineRow {
                    at: a.event.at,
                    day: a.event.day,
                    kind: a.event.kind,
                    sku: a.event.sku.clone(),
                    quantity: a.event.quantity,
                    amount: a.event.amount,
                    booked,
                    line: a.event.line,
                }
            })
            .collect();
        OrderView { header: replay.state.header.clone(), books, lines, timeline, cancelled_at: replay.state.cancelled_at }
    }

    /// What the order totals: ordered, shipped value booked, paid, refunded, outstanding.
    pub fn totals(&self) -> (Decimal, Decimal, Decimal, Decimal) {
        let sum = |f: fn(&LineView) -> Decimal| self.lines.iter().map(f).sum::<Decimal>();
        (sum(|l| l.amount), sum(|l| l.paid), sum(|l| l.refunded), sum(|l| l.outstanding))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use crate::orders::{check, OrderEvent};
    use rust_decimal_macros::dec;

    #[test]
    fn the_view_shows_what_the_replay_booked() {
        let header = OrderHeader {
            id: "SO-9".into(),
            store: "ALI-1".into(),
            customer: None,
            salesperson: None,
            follower: None,
            currency: Currency::USD,
        };
        let ev = |kind, at: &str, sku: Option<&str>, quantity, amount| {
            let at = DateTime::parse_from_rfc3339(at).expect("instant");
            OrderEvent {
                order_id: "SO-9".into(),
                kind,
                at,
                day: at.date_naive(),
                sku: sku.map(Into::into),
                quantity,
                amount,
                currency: Currency::USD,
                memo: None,
                line: 2,
            }
        };
        let events = [
            ev(EventKind::Contract, "2026-11-03T10:00:00+08:00", Some("LAMP"), 4, dec!(40.00)),
            ev(EventKind::Pay, "2026-11-03T11:00:00+08:00", None, 0, dec!(25.00)),
            ev(EventKind::Ship, "2026-11-05T16:59:59+08:00", Some("LAMP"), 1, Decimal::ZERO),
        ];
        let replay = check(&header, &[], &events).expect("replays");
        let view = OrderView::of(&replay, true);
        assert_eq!(view.timeline[2].booked, dec!(10.00), "a quarter of the line shipped");
        assert_eq!(view.totals(), (dec!(40.00), dec!(25.00), dec!(0), dec!(15.00)));
        assert_eq!(OrderView::of(&replay, false).timeline[2].booked, Decimal::ZERO, "a settlement-booked store's order books nothing");
    }
}
