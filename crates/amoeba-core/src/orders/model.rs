//! The B2B / own-site order as data: its header (store, customer, the
//! people it names, currency), its lines, and the append-only events of its
//! lifecycle, each with the instant it happened and its local business day.

use crate::money::Currency;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Most lines (distinct SKUs) one order may have: a B2B order of more is a
/// catalogue, not an order, and the bound keeps every pro-rata split short.
pub const MAX_LINES_PER_ORDER: usize = 500;

/// Most events one order may have over its life (its contract lines,
/// shipments, payments, refunds).
pub const MAX_EVENTS_PER_ORDER: usize = 5_000;

/// Largest quantity of one line or event.
pub const MAX_ORDER_QUANTITY: i64 = 1_000_000_000;

/// Who and what an order is: the same on every event of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderHeader {
    /// Order id (unique per company).
    pub id: String,
    /// Store code the order was taken in.
    pub store: String,
    /// Customer id, if known (new / returning / key account need it).
    pub customer: Option<String>,
    /// Salesperson (业务员) person code, credited under role `sales`.
    pub salesperson: Option<String>,
    /// Order follower (跟单) person code, credited under `order_follower`.
    pub follower: Option<String>,
    /// Currency of every amount of the order.
    pub currency: Currency,
}

/// One line of an order's contract: a SKU, how many, for how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// SKU code (each SKU once per order).
    pub sku: String,
    /// Units ordered, > 0.
    pub quantity: i64,
    /// Line amount in the order's currency, whole cents, ≥ 0.
    pub amount: Decimal,
}

/// What happened to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Contract signed / order confirmed (签约): one event per line.
    Contract,
    /// Goods shipped (发货): a SKU and quantity; partial shipments allowed.
    Ship,
    /// Money received (收款): an amount; partial payments allowed.
    Pay,
    /// Cancelled (取消): what is not shipped will not be.
    Cancel,
    /// Money returned to the customer (退款), with returned units if any.
    Refund,
}

impl EventKind {
    /// Every kind, in the order events of one instant are applied.
    pub const ALL: [EventKind; 5] = [EventKind::Contract, EventKind::Pay, EventKind::Ship, EventKind::Refund, EventKind::Cancel];

    /// Text code used in files and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::Contract => "contract",
            EventKind::Ship => "ship",
            EventKind::Pay => "pay",
            EventKind::Cancel => "cancel",
            EventKind::Refund => "refund",
        }
    }

    /// Events of one instant are applied contract, pay, ship, refund,
    /// cancel: an order confirmed by its payment (Alibaba.com's "Confirm
    /// and Pay") is contracted first; a shipment and a cancel at one
    /// instant cancel what was not shipped.
    pub fn rank(&self) -> u8 {
        match self {
            EventKind::Contract => 0,
            EventKind::Pay => 1,
            EventKind::Ship => 2,
            EventKind::Refund => 3,
            EventKind::Cancel => 4,
        }
    }

    /// The kind's name in `lang`.
    pub fn label(&self, lang: crate::Lang) -> &'static str {
        let (zh, en) = match self {
            EventKind::Contract => ("签约", "contract"),
            EventKind::Ship => ("发货", "shipment"),
            EventKind::Pay => ("收款", "payment"),
            EventKind::Cancel => ("取消", "cancel"),
            EventKind::Refund => ("退款", "refund"),
        };
        lang.pick(zh, en)
    }
}

impl FromStr for EventKind {
    type Err = String;
    /// The codes, English synonyms and the Chinese an export uses:
    /// 签约/合同/确认, 发货, 收款/付款, 取消, 退款.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_lowercase().replace([' ', '-'], "_");
        Ok(match t.as_str() {
            "contract" | "confirmed" | "confirm" | "签约" | "合同" | "确认" => EventKind::Contract,
            "ship" | "shipped" | "shipment" | "发货" => EventKind::Ship,
            "pay" | "paid" | "payment" | "收款" | "付款" => EventKind::Pay,
            "cancel" | "cancelled" | "canceled" | "取消" => EventKind::Cancel,
            "refund" | "refunded" | "退款" => EventKind::Refund,
            _ => return Err(format!("unknown order event '{s}' (expected contract, ship, pay, cancel or refund)")),
        })
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One event of an order's life, append-only: never edited, a later file
/// adds new ones.
///
/// What each kind carries: a contract, its line (`sku`, `quantity` > 0,
/// `amount` ≥ 0); a shipment, `sku` and `quantity` > 0 (its value comes
/// from the contract); a payment, `amount` > 0 (spread over the lines pro
/// rata); a refund, `amount` > 0 and optionally `sku` with the units
/// returned; a cancel, nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    /// The order.
    pub order_id: String,
    /// What happened.
    pub kind: EventKind,
    /// When, with the offset it was recorded in (the lottery's 17:00 cut-off
    /// reads it).
    pub at: DateTime<FixedOffset>,
    /// The business day of `at` in the store's time zone.
    pub day: NaiveDate,
    /// SKU, for contract lines, shipments and refunds of returned goods.
    pub sku: Option<String>,
    /// Units (ordered, shipped or returned); 0 when not used.
    pub quantity: i64,
    /// Amount in `currency` (positive; the kind gives the direction); 0
    /// when not used.
    pub amount: Decimal,
    /// Currency of `amount`: the order's.
    pub currency: Currency,
    /// Free text from the source.
    pub memo: Option<String>,
    /// Line in the source file.
    pub line: u64,
}

impl OrderEvent {
    /// The contract of `header` as events: one per line, all at `at`
    /// (what an orders file's contract rows are).
    pub fn contract(header: &OrderHeader, at: DateTime<FixedOffset>, day: NaiveDate, lines: &[OrderLine], line: u64) -> Vec<OrderEvent> {
        lines
            .iter()
            .map(|l| OrderEvent {
                order_id: header.id.clone(),
                kind: EventKind::Contract,
                at,
                day,
                sku: Some(l.sku.clone()),
                quantity: l.quantity,
                amount: l.amount,
                currency: header.currency,
                memo: None,
                line,
            })
            .collect()
    }
}
