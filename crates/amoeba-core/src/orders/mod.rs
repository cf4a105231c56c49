//! Orders that marketplace settlements do not describe — Alibaba.com
//! trade-assurance and offline B2B orders, own-site orders — and their
//! lifecycle: contract, partial shipments, partial payments, cancel,
//! refunds, each an append-only event with its local timestamp.
//!
//! Pure: [`check`] validates new events against stored ones and replays
//! the order; [`order_facts`] is what it books in the ledger (sales at
//! shipment, refunds at refund), [`stage_amounts`] what stage-based and
//! cash-collected pay read, [`CustomerClasses`] whether an order is a new
//! customer's, a returning one's or a key account's. The rules and a worked
//! example each: `docs/credit.md`.

mod booking;
mod class;
mod error;
mod lifecycle;
mod model;
mod stages;
mod view;

#[cfg(test)]
mod tests;

pub use booking::{new_bookings, order_facts};
pub use class::{first_order_days, CustomerClass, CustomerClasses};
pub use error::OrderError;
pub use lifecycle::{check, event_shape, replay, Applied, Effect, EventError, LineState, OrderState, Origin, Replay};
pub use model::{EventKind, OrderEvent, OrderHeader, OrderLine, MAX_EVENTS_PER_ORDER, MAX_LINES_PER_ORDER, MAX_ORDER_QUANTITY};
pub use stages::{stage_amounts, Stage, StageAmount};
pub use view::{LineView, OrderView, TimelineRow};
