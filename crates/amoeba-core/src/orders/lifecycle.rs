//! The order's lifecycle as a pure state machine over its append-only
//! events: contract (the lines and total), shipments (partial, per SKU),
//! payments (partial), cancel, refunds. An event that contradicts the order
//! is an error naming the event and why. A later file may bring only new
//! events of a known order: [`check`] replays the stored events and the new
//! ones together and pins every problem on the new event that causes it.
//!
//! Replay order: by instant; events of one instant contract, pay, ship,
//! refund, cancel ([`EventKind::rank`]); then stored before new, then as
//! given. What each event does to each line (a shipment's value, a
//! payment's pro-rata part, a refund's part and what of it is booked) is
//! computed here once, for the ledger bookings and the stage amounts alike
//! (docs/credit.md, "Orders").

use super::error::OrderError;
use super::model::{EventKind, OrderEvent, OrderHeader, OrderLine, MAX_EVENTS_PER_ORDER, MAX_LINES_PER_ORDER, MAX_ORDER_QUANTITY};
use crate::money::{round_money, split_largest_remainder, MAX_ROW_AMOUNT, MONEY_DP};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a checked event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The index-th stored event.
    Stored(usize),
    /// The index-th new event.
    New(usize),
}

/// An event that contradicts its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    /// The event to blame: a new one whenever a new one causes the problem
    /// (a stored event is blamed only when the stored events themselves
    /// contradict each other, which the store never lets happen).
    pub origin: Origin,
    /// Why.
    pub error: OrderError,
}

/// One line of the order and what has happened to it so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineState {
    /// SKU.
    pub sku: String,
    /// Units ordered.
    pub ordered: i64,
    /// Line amount.
    pub amount: Decimal,
    /// Units shipped.
    pub shipped: i64,
    /// Value of the units shipped: `round(amount × shipped ÷ ordered)`.
    pub shipped_value: Decimal,
    /// Cash received for the line (its pro-rata part of the payments).
    pub paid: Decimal,
    /// Cash returned for the line.
    pub refunded: Decimal,
    /// Part of the refunds booked against the line's sales.
    pub refund_booked: Decimal,
    /// Units returned.
    pub returned: i64,
    /// Units cancelled (not shipped when the order was cancelled).
    pub cancelled: i64,
}

/// The order as its events leave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderState {
    /// The order.
    pub header: OrderHeader,
    /// When the contract was made, and its business day.
    pub contract: Option<(DateTime<FixedOffset>, NaiveDate)>,
    /// The contract's lines, in contract order.
    pub lines: Vec<LineState>,
    /// When it was cancelled, if it was.
    pub cancelled_at: Option<DateTime<FixedOffset>>,
}

impl OrderState {
    /// The order's total: Σ line amounts.
    pub fn total(&self) -> Decimal {
        self.lines.iter().map(|l| l.amount).sum()
    }

    /// Cash received, Σ payments.
    pub fn paid(&self) -> Decimal {
        self.lines.iter().map(|l| l.paid).sum()
    }

    /// Cash returned, Σ refunds.
    pub fn refunded(&self) -> Decimal {
        self.lines.iter().map(|l| l.refunded).sum()
    }

    /// The contract's lines as the contract made them.
    pub fn order_lines(&self) -> Vec<OrderLine> {
        self.lines.iter().map(|l| OrderLine { sku: l.sku.clone(), quantity: l.ordered, amount: l.amount }).collect()
    }

    fn line_of(&self, sku: &str) -> Option<usize> {
        self.lines.iter().position(|l| l.sku == sku)
    }
}

/// What one event did to one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// Index of the line in [`OrderState::lines`].
    pub line: usize,
    /// Units: ordered (contract), shipped, returned (refund), not shipped
    /// (cancel); 0 for payments.
    pub quantity: i64,
    /// Money of the line: line amount, shipment value, payment part, refund
    /// part, or the value left unshipped by a cancel; always ≥ 0, the kind
    /// gives the direction.
    pub amount: Decimal,
    /// What the ledger books: a shipment's value; the part of a refund that
    /// returns revenue (not a prepayment); 0 otherwise.
    pub booked: Decimal,
}

/// One event as the replay applied it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// Where it came from.
    pub origin: Origin,
    /// The event.
    pub event: OrderEvent,
    /// Its effect on each line it touched (empty for a repeated contract line).
    pub effects: Vec<Effect>,
}

/// A replayed order: its state and every event in the order applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    /// The order after every event.
    pub state: OrderState,
    /// The events in replay order with their effects.
    pub applied: Vec<Applied>,
}

/// Replays stored events (already accepted) alone: the read path.
pub fn replay(header: &OrderHeader, stored: &[OrderEvent]) -> Result<Replay, Vec<EventError>> {
    check(header, stored, &[])
}

/// Checks `new` events against the order's `stored` ones: every problem,
/// each pinned to the event to blame, or the replayed order.
pub fn check(header: &OrderHeader, stored: &[OrderEvent], new: &[OrderEvent]) -> Result<Replay, Vec<EventError>> {
    let mut all: Vec<(Origin, &OrderEvent)> = stored.iter().enumerate().map(|(i, e)| (Origin::Stored(i), e)).collect();
    all.extend(new.iter().enumerate().map(|(i, e)| (Origin::New(i), e)));
    all.sort_by(|a, b| a.1.at.cmp(&b.1.at).then(a.1.kind.rank().cmp(&b.1.kind.rank())).then(a.0.cmp(&b.0)));
    let first_contract = all.iter().find(|(_, e)| e.kind == EventKind::Contract).map(|(_, e)| e.at);
    let mut m = Machine {
        state: OrderState { header: header.clone(), contract: None, lines: Vec::new(), cancelled_at: None },
        first_contract,
        contract_from_new: false,
        cancel_origin: None,
        applied: Vec::with_capacity(all.len()),
        errors: Vec::new(),
    };
    for (n, (origin, event)) in all.into_iter().enumerate() {
        if n >= MAX_EVENTS_PER_ORDER {
            m.errors.push(EventError { origin, error: OrderError::TooManyEvents { max: MAX_EVENTS_PER_ORDER } });
            continue;
        }
        if let Err(error) = shape(header, event) {
            m.errors.push(EventError { origin, error });
            continue;
        }
        match m.apply(origin, event) {
            Ok(effects) => m.applied.push(Applied { origin, event: event.clone(), effects }),
            Err(e) => m.errors.push(e),
        }
    }
    if m.errors.is_empty() {
        m.check_invariants();
        Ok(Replay { state: m.state, applied: m.applied })
    } else {
        m.errors.sort_by_key(|e| e.origin);
        Err(m.errors)
    }
}

/// The event belongs to the order and is in its currency, and has its shape.
fn shape(header: &OrderHeader, e: &OrderEvent) -> Result<(), OrderError> {
    if e.order_id != header.id {
        return Err(OrderError::WrongOrder { expected: header.id.clone(), found: e.order_id.clone() });
    }
    if e.currency != header.currency {
        return Err(OrderError::CurrencyDiffers { currency: e.currency.to_string(), order: header.currency.to_string() });
    }
    event_shape(e)
}

/// What a kind of event must and must not carry, alone: a contract line
/// its SKU, units > 0 and amount ≥ 0; a shipment its SKU and units > 0, no
/// amount; a payment an amount > 0 and nothing else; a refund an amount > 0
/// and, with returned units, their SKU; a cancel nothing. Amounts are whole
/// cents up to [`MAX_ROW_AMOUNT`]. The orders file checks every row with it.
pub fn event_shape(e: &OrderEvent) -> Result<(), OrderError> {
    let kind = e.kind;
    let has_sku = e.sku.as_deref().is_some_and(|s| !s.trim().is_empty());
    let (sku_needed, sku_used) = match kind {
        EventKind::Contract | EventKind::Ship => (true, true),
        EventKind::Refund => (e.quantity != 0, true),
        EventKind::Pay | EventKind::Cancel => (false, false),
    };
    if sku_needed && !has_sku {
        return Err(OrderError::FieldRequired { event: kind, field: "sku" });
    }
    if !sku_used && e.sku.is_some() {
        return Err(OrderError::FieldNotUsed { event: kind, field: "sku" });
    }
    match kind {
        EventKind::Contract | EventKind::Ship if !(1..=MAX_ORDER_QUANTITY).contains(&e.quantity) => {
            return Err(OrderError::QuantityOutOfRange { quantity: e.quantity });
        }
        EventKind::Refund if !(0..=MAX_ORDER_QUANTITY).contains(&e.quantity) => {
            return Err(OrderError::QuantityOutOfRange { quantity: e.quantity });
        }
        EventKind::Pay | EventKind::Cancel if e.quantity != 0 => return Err(OrderError::FieldNotUsed { event: kind, field: "quantity" }),
        _ => {}
    }
    let a = e.amount;
    match kind {
        EventKind::Ship | EventKind::Cancel if !a.is_zero() => return Err(OrderError::FieldNotUsed { event: kind, field: "amount" }),
        EventKind::Ship | EventKind::Cancel => {}
        _ => {
            let floor = if kind == EventKind::Contract { Decimal::ZERO } else { Decimal::new(1, MONEY_DP) };
            if a < floor || a > MAX_ROW_AMOUNT {
                return Err(OrderError::AmountOutOfRange { amount: a });
            }
            if a.round_dp(MONEY_DP) != a {
                return Err(OrderError::NotCents { amount: a });
            }
        }
    }
    Ok(())
}

struct Machine {
    state: OrderState,
    /// The instant of the first contract event, to name it to an event
    /// dated before it.
    first_contract: Option<DateTime<FixedOffset>>,
    /// Whether the contract's lines came with the new events (then new
    /// contract rows at its instant add lines; otherwise they may only
    /// repeat stored lines).
    contract_from_new: bool,
    cancel_origin: Option<Origin>,
    applied: Vec<Applied>,
    errors: Vec<EventError>,
}

fn is_new(o: Origin) -> bool {
    matches!(o, Origin::New(_))
}

impl Machine {
    fn apply(&mut self, origin: Origin, e: &OrderEvent) -> Result<Vec<Effect>, EventError> {
        let fail = |error| EventError { origin, error };
        if e.kind == EventKind::Contract {
            return self.contract(origin, e).map_err(fail);
        }
        let Some((contract_at, _)) = self.state.contract else {
            return Err(fail(OrderError::BeforeContract { contract_at: self.first_contract.map(|t| t.to_rfc3339()) }));
        };
        if e.at < contract_at {
            return Err(fail(OrderError::BeforeContract { contract_at: Some(contract_at.to_rfc3339()) }));
        }
        if let (Some(cancelled_at), Some(cancel)) = (self.state.cancelled_at, self.cancel_origin) {
            if e.kind == EventKind::Cancel {
                return Err(fail(OrderError::CancelledTwice { cancelled_at: cancelled_at.to_rfc3339() }));
            }
            if e.kind != EventKind::Refund {
                // A new cancel dated before a recorded event: the cancel is wrong.
                if !is_new(origin) && is_new(cancel) {
                    let error = OrderError::CancelBeforeRecorded { event: e.kind, at: e.at.to_rfc3339() };
                    return Err(EventError { origin: cancel, error });
                }
                return Err(fail(OrderError::AfterCancel { cancelled_at: cancelled_at.to_rfc3339() }));
            }
        }
        match e.kind {
            EventKind::Ship => self.ship(e).map_err(fail),
            EventKind::Pay => self.pay(e).map_err(fail),
            EventKind::Refund => self.refund(e).map_err(fail),
            EventKind::Cancel => self.cancel(origin, e).map_err(fail),
            EventKind::Contract => unreachable!("contracts are applied above"),
        }
    }

    fn contract(&mut self, origin: Origin, e: &OrderEvent) -> Result<Vec<Effect>, OrderError> {
        let sku = e.sku.clone().unwrap_or_default();
        let same_batch = match self.state.contract {
            None => {
                self.state.contract = Some((e.at, e.day));
                self.contract_from_new = is_new(origin);
                true
            }
            Some((at, _)) => at == e.at && self.contract_from_new == is_new(origin),
        };
        let at = self.state.contract.map(|(at, _)| at.to_rfc3339()).unwrap_or_default();
        let existing = self.state.line_of(&sku);
        if !same_batch {
            // A later file repeating a line of the contract as it was: nothing new.
            let repeats = existing.is_some_and(|i| {
                let l = &self.state.lines[i];
                l.ordered == e.quantity && l.amount == e.amount && self.state.contract.is_some_and(|(t, _)| t == e.at)
            });
            return if repeats { Ok(Vec::new()) } else { Err(OrderError::SecondContract { contract_at: at }) };
        }
        if existing.is_some() {
            return Err(OrderError::DuplicateLine { sku });
        }
        if self.state.lines.len() >= MAX_LINES_PER_ORDER {
            return Err(OrderError::TooManyLines { max: MAX_LINES_PER_ORDER });
        }
        self.state.lines.push(LineState {
            sku,
            ordered: e.quantity,
            amount: e.amount,
            shipped: 0,
            shipped_value: Decimal::ZERO,
            paid: Decimal::ZERO,
            refunded: Decimal::ZERO,
            refund_booked: Decimal::ZERO,
            returned: 0,
            cancelled: 0,
        });
        let line = self.state.lines.len() - 1;
        Ok(vec![Effect { line, quantity: e.quantity, amount: e.amount, booked: Decimal::ZERO }])
    }

    fn line(&self, e: &OrderEvent) -> Result<usize, OrderError> {
        let sku = e.sku.as_deref().unwrap_or_default();
        self.state.line_of(sku).ok_or_else(|| OrderError::UnknownSku { sku: sku.to_string() })
    }

    /// A shipment's value: the line's value of all units shipped so far,
    /// `round(amount × shipped ÷ ordered)` (rounded once to the cent),
    /// minus what earlier shipments booked — so the shipments of a line
    /// sum exactly to its amount and none is negative.
    fn ship(&mut self, e: &OrderEvent) -> Result<Vec<Effect>, OrderError> {
        let i = self.line(e)?;
        let l = &mut self.state.lines[i];
        if l.shipped + e.quantity > l.ordered {
            return Err(OrderError::OverShipped { sku: l.sku.clone(), ordered: l.ordered, shipped: l.shipped, quantity: e.quantity });
        }
        l.shipped += e.quantity;
        let value_so_far = round_money(l.amount * Decimal::from(l.shipped) / Decimal::from(l.ordered));
        let value = value_so_far - l.shipped_value;
        l.shipped_value = value_so_far;
        Ok(vec![Effect { line: i, quantity: e.quantity, amount: value, booked: value }])
    }

    /// A payment spread over the lines pro rata to what each still owes,
    /// by largest remainder: parts sum to the payment, no line is paid
    /// beyond its amount, and a paid-up order has every line paid exactly.
    fn pay(&mut self, e: &OrderEvent) -> Result<Vec<Effect>, OrderError> {
        let (total, paid) = (self.state.total(), self.state.paid());
        if paid + e.amount > total {
            return Err(OrderError::OverPaid { total, paid, amount: e.amount });
        }
        let owed: Vec<Decimal> = self.state.lines.iter().map(|l| l.amount - l.paid).collect();
        let parts = split_largest_remainder(e.amount, &owed)
            .expect("a payment within the total is split over what the lines owe (Σ owed ≥ payment > 0, each owed ≥ 0)");
        let mut effects = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            if !part.is_zero() {
                self.state.lines[i].paid += part;
                effects.push(Effect { line: i, quantity: 0, amount: part, booked: Decimal::ZERO });
            }
        }
        Ok(effects)
    }

    /// A refund. Its cash leaves the line it names, else the lines pro rata
    /// to their net cash. What it books against sales is decided for the
    /// order as a whole: a refund first returns the order's prepayment
    /// (cash received beyond the value shipped, net of refunds — not
    /// revenue); only the rest is booked, never more than the sales booked
    /// net of earlier refunds — on the line it names (up to that line's
    /// sales), else pro rata to the lines' net sales.
    fn refund(&mut self, e: &OrderEvent) -> Result<Vec<Effect>, OrderError> {
        let lines = &self.state.lines;
        let net_cash = self.state.paid() - self.state.refunded();
        if e.amount > net_cash {
            return Err(OrderError::OverRefunded { paid: net_cash, amount: e.amount });
        }
        let revenue: Vec<Decimal> = lines.iter().map(|l| (l.shipped_value - l.refund_booked).max(Decimal::ZERO)).collect();
        let net_revenue: Decimal = revenue.iter().copied().sum();
        let prepayment = (net_cash - net_revenue).max(Decimal::ZERO);
        let to_book = (e.amount - prepayment).max(Decimal::ZERO).min(net_revenue);
        // (line, cash part, booked part, units returned)
        let mut parts: Vec<(usize, Decimal, Decimal, i64)> = Vec::new();
        match e.sku.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(_) => {
                let i = self.line(e)?;
                let l = &self.state.lines[i];
                if l.returned + e.quantity > l.shipped {
                    let (sku, shipped, returned) = (l.sku.clone(), l.shipped, l.returned);
                    return Err(OrderError::ReturnedMoreThanShipped { sku, shipped, returned, quantity: e.quantity });
                }
                parts.push((i, e.amount, to_book.min(revenue[i]), e.quantity));
            }
            None => {
                let cash: Vec<Decimal> = lines.iter().map(|l| (l.paid - l.refunded).max(Decimal::ZERO)).collect();
                let cash = split_largest_remainder(e.amount, &cash)
                    .expect("a refund within the net paid is split over the lines' net cash (Σ ≥ refund > 0, each ≥ 0)");
                let booked = if to_book.is_zero() {
                    vec![Decimal::ZERO; lines.len()]
                } else {
                    split_largest_remainder(to_book, &revenue)
                        .expect("what a refund books is within the net sales and split over the lines' net sales (Σ ≥ it > 0)")
                };
                for (i, (c, b)) in cash.into_iter().zip(booked).enumerate() {
                    if !c.is_zero() || !b.is_zero() {
                        parts.push((i, c, b, 0));
                    }
                }
            }
        }
        let mut effects = Vec::new();
        for (i, cash, booked, quantity) in parts {
            let l = &mut self.state.lines[i];
            l.refunded += cash;
            l.refund_booked += booked;
            l.returned += quantity;
            effects.push(Effect { line: i, quantity, amount: cash, booked });
        }
        Ok(effects)
    }

    /// A cancel: what is not shipped will not be; its value leaves the
    /// contract (a negative stage amount per line).
    fn cancel(&mut self, origin: Origin, e: &OrderEvent) -> Result<Vec<Effect>, OrderError> {
        if self.state.lines.iter().all(|l| l.shipped == l.ordered) {
            return Err(OrderError::FullyShipped);
        }
        let mut effects = Vec::new();
        for (i, l) in self.state.lines.iter_mut().enumerate() {
            let quantity = l.ordered - l.shipped;
            if quantity > 0 {
                l.cancelled = quantity;
                effects.push(Effect { line: i, quantity, amount: l.amount - l.shipped_value, booked: Decimal::ZERO });
            }
        }
        self.state.cancelled_at = Some(e.at);
        self.cancel_origin = Some(origin);
        Ok(effects)
    }

    /// What the replay promises, asserted: a line never ships, is paid or
    /// refunds beyond its bounds, and bookings never exceed what they book
    /// against.
    fn check_invariants(&self) {
        for l in &self.state.lines {
            assert!(l.shipped <= l.ordered && l.returned <= l.shipped, "order line {} units out of bounds: {l:?}", l.sku);
            assert!(l.paid <= l.amount, "order line {} paid beyond its amount: {l:?}", l.sku);
            assert!(l.refund_booked <= l.shipped_value, "order line {} refunds booked beyond its sales: {l:?}", l.sku);
            assert!(l.shipped < l.ordered || l.shipped_value == l.amount, "a fully shipped line books exactly its amount: {l:?}");
        }
        let (paid, refunded) = (self.state.paid(), self.state.refunded());
        assert!(refunded <= paid && paid <= self.state.total(), "order {} cash out of bounds", self.state.header.id);
    }
}
