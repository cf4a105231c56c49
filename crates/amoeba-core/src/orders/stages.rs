//! Stage amounts: what stage-based pay (e.g. 30 % at contract, 30 % at
//! shipment, 40 % at payment) and cash-collected pay read, per event and
//! SKU — contract value at contract (less what a cancel leaves unshipped),
//! shipped value at each shipment, cash collected at each payment (its
//! pro-rata part per line, so pay "on what the customer actually paid" can
//! be split by SKU), cash returned at each refund.

use super::lifecycle::Replay;
use super::model::EventKind;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A stage of an order's life that pay can hang off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Contract value (+), at the contract.
    Contract,
    /// Value left unshipped by a cancel (−): contract + cancelled is what
    /// the order will deliver.
    Cancelled,
    /// Value shipped (+), at each shipment: the sale booked.
    Shipped,
    /// Cash collected (+), at each payment.
    Paid,
    /// Cash returned (−), at each refund.
    Refunded,
}

impl Stage {
    /// Text code used in files, the database and pay plans.
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Contract => "contract",
            Stage::Cancelled => "cancelled",
            Stage::Shipped => "shipped",
            Stage::Paid => "paid",
            Stage::Refunded => "refunded",
        }
    }
}

/// One stage amount of one SKU of an order, in the order's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageAmount {
    /// Business day of the event in the store's zone.
    pub day: NaiveDate,
    /// Instant of the event.
    pub at: DateTime<FixedOffset>,
    /// The stage.
    pub stage: Stage,
    /// The line's SKU.
    pub sku: String,
    /// Signed amount: + for contract, shipped, paid; − for cancelled, refunded.
    pub amount: Decimal,
    /// Signed units: ordered, −unshipped, shipped, 0, −returned.
    pub quantity: i64,
    /// Source line of the event.
    pub line: u64,
}

/// The stage amounts of a replayed order, in replay order, one per line an
/// event touched (payments and refunds split pro rata over the lines).
pub fn stage_amounts(replay: &Replay) -> Vec<StageAmount> {
    let mut out = Vec::new();
    for a in &replay.applied {
        let (stage, sign) = match a.event.kind {
            EventKind::Contract => (Stage::Contract, 1),
            EventKind::Cancel => (Stage::Cancelled, -1),
            EventKind::Ship => (Stage::Shipped, 1),
            EventKind::Pay => (Stage::Paid, 1),
            EventKind::Refund => (Stage::Refunded, -1),
        };
        for fx in &a.effects {
            out.push(StageAmount {
                day: a.event.day,
                at: a.event.at,
                stage,
                sku: replay.state.lines[fx.line].sku.clone(),
                amount: Decimal::from(sign) * fx.amount,
                quantity: sign * fx.quantity,
                line: a.event.line,
            });
        }
    }
    out
}
