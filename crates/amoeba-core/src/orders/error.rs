//! [`OrderError`]: an event that contradicts its order, as data with a
//! stable code, the column of the orders file it concerns, and a sentence
//! in each language — the import refuses the row with it, the store refuses
//! a later file's events with it.

use super::model::EventKind;
use crate::Lang;
use rust_decimal::Decimal;
use std::fmt;

/// Why an event does not fit its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderError {
    /// The event names another order than the one checked.
    WrongOrder {
        /// The order checked.
        expected: String,
        /// The order the event names.
        found: String,
    },
    /// An amount in another currency than the order's.
    CurrencyDiffers {
        /// The event's currency.
        currency: String,
        /// The order's.
        order: String,
    },
    /// An amount that is not a whole number of cents (an order's amounts
    /// are what the customer is invoiced).
    NotCents {
        /// The amount.
        amount: Decimal,
    },
    /// An amount at or below zero where one is needed, negative, or beyond
    /// what one order may carry.
    AmountOutOfRange {
        /// The amount.
        amount: Decimal,
    },
    /// A quantity at or below zero where one is needed, or beyond the bound.
    QuantityOutOfRange {
        /// The quantity.
        quantity: i64,
    },
    /// A field this kind of event needs is empty.
    FieldRequired {
        /// The event.
        event: EventKind,
        /// The field (`sku`, `quantity`, `amount`).
        field: &'static str,
    },
    /// A field this kind of event does not use is filled.
    FieldNotUsed {
        /// The event.
        event: EventKind,
        /// The field.
        field: &'static str,
    },
    /// An event before the order's contract (or with no contract at all).
    BeforeContract {
        /// The contract's instant, if there is one.
        contract_at: Option<String>,
    },
    /// A contract line after the contract was made, that is not one of its
    /// lines repeated.
    SecondContract {
        /// The contract's instant.
        contract_at: String,
    },
    /// One SKU twice in the contract.
    DuplicateLine {
        /// The SKU.
        sku: String,
    },
    /// More lines than an order may have.
    TooManyLines {
        /// Most accepted.
        max: usize,
    },
    /// More events than an order may have.
    TooManyEvents {
        /// Most accepted.
        max: usize,
    },
    /// A new event dated before stored ones would change what the stored
    /// ones booked in the ledger, which is append-only.
    RewritesHistory {
        /// The stored event whose booking would change (its kind).
        stored: EventKind,
        /// The day it was booked on.
        day: chrono::NaiveDate,
    },
    /// A shipment or refund of a SKU the contract does not have.
    UnknownSku {
        /// The SKU.
        sku: String,
    },
    /// More units shipped than ordered (per SKU, cumulative).
    OverShipped {
        /// The SKU.
        sku: String,
        /// Units ordered.
        ordered: i64,
        /// Units shipped before this event.
        shipped: i64,
        /// Units of this event.
        quantity: i64,
    },
    /// More paid than the order's total.
    OverPaid {
        /// The order's total.
        total: Decimal,
        /// Paid before this event.
        paid: Decimal,
        /// This payment.
        amount: Decimal,
    },
    /// More refunded than was paid.
    OverRefunded {
        /// Paid by then, net of earlier refunds.
        paid: Decimal,
        /// This refund.
        amount: Decimal,
    },
    /// More units returned than shipped (per SKU, cumulative).
    ReturnedMoreThanShipped {
        /// The SKU.
        sku: String,
        /// Units shipped.
        shipped: i64,
        /// Units returned before this event.
        returned: i64,
        /// Units of this event.
        quantity: i64,
    },
    /// An event after the order was cancelled (only refunds may follow).
    AfterCancel {
        /// When it was cancelled.
        cancelled_at: String,
    },
    /// A cancel dated before a shipment or payment already recorded.
    CancelBeforeRecorded {
        /// The recorded event.
        event: EventKind,
        /// Its instant.
        at: String,
    },
    /// A second cancel.
    CancelledTwice {
        /// When it was cancelled first.
        cancelled_at: String,
    },
    /// A cancel of an order shipped in full (return and refund instead).
    FullyShipped,
}

impl OrderError {
    /// A stable snake_case id, for programs; never translated.
    pub fn code(&self) -> &'static str {
        use OrderError::*;
        match self {
            WrongOrder { .. } => "order_wrong_order",
            CurrencyDiffers { .. } => "order_currency_differs",
            NotCents { .. } => "order_not_cents",
            AmountOutOfRange { .. } => "order_amount_out_of_range",
            QuantityOutOfRange { .. } => "order_quantity_out_of_range",
            FieldRequired { .. } => "order_field_required",
            FieldNotUsed { .. } => "order_field_not_used",
            BeforeContract { .. } => "order_before_contract",
            SecondContract { .. } => "order_second_contract",
            DuplicateLine { .. } => "order_duplicate_line",
            TooManyLines { .. } => "order_too_many_lines",
            TooManyEvents { .. } => "order_too_many_events",
            RewritesHistory { .. } => "order_rewrites_history",
            UnknownSku { .. } => "order_unknown_sku",
            OverShipped { .. } => "order_over_shipped",
            OverPaid { .. } => "order_over_paid",
            OverRefunded { .. } => "order_over_refunded",
            ReturnedMoreThanShipped { .. } => "order_returned_more_than_shipped",
            AfterCancel { .. } => "order_after_cancel",
            CancelBeforeRecorded { .. } => "order_cancel_before_recorded",
            CancelledTwice { .. } => "order_cancelled_twice",
            FullyShipped => "order_fully_shipped",
        }
    }

    /// Every code, for the import's list of codes and the docs.
    pub const CODES: [&'static str; 22] = [
        "order_wrong_order",
        "order_currency_differs",
        "order_not_cents",
        "order_amount_out_of_range",
        "order_quantity_out_of_range",
        "order_field_required",
        "order_field_not_used",
        "order_before_contract",
        "order_second_contract",
        "order_duplicate_line",
        "order_too_many_lines",
        "order_too_many_events",
        "order_rewrites_history",
        "order_unknown_sku",
        "order_over_shipped",
        "order_over_paid",
        "order_over_refunded",
        "order_returned_more_than_shipped",
        "order_after_cancel",
        "order_cancel_before_recorded",
        "order_cancelled_twice",
        "order_fully_shipped",
    ];

    /// The column of the orders file the problem is in (`docs/formats.md`).
    pub fn column(&self) -> &'static str {
        use OrderError::*;
        match self {
            WrongOrder { .. } => "order_id",
            CurrencyDiffers { .. } => "currency",
            NotCents { .. } | AmountOutOfRange { .. } | OverPaid { .. } | OverRefunded { .. } => "amount",
            QuantityOutOfRange { .. } | OverShipped { .. } | ReturnedMoreThanShipped { .. } => "quantity",
            FieldRequired { field, .. } | FieldNotUsed { field, .. } => field,
            BeforeContract { .. } | AfterCancel { .. } | CancelBeforeRecorded { .. } => "at",
            SecondContract { .. } | TooManyLines { .. } | TooManyEvents { .. } | CancelledTwice { .. } | FullyShipped => "event",
            RewritesHistory { .. } => "at",
            DuplicateLine { .. } | UnknownSku { .. } => "sku",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use OrderError::*;
        match self {
            WrongOrder { expected, found } => format!("event of order '{found}' checked with order '{expected}'"),
            CurrencyDiffers { currency, order } => format!("{currency} differs from the order's currency {order}"),
            NotCents { amount } => format!("{amount} is not a whole number of cents"),
            AmountOutOfRange { amount } => format!("amount {amount} must be above 0 and at most 1,000,000,000,000"),
            QuantityOutOfRange { quantity } => format!("quantity {quantity} must be above 0 and at most 1,000,000,000"),
            FieldRequired { event, field } => format!("a {} row needs {field}", event.label(Lang::En)),
            FieldNotUsed { event, field } => format!("a {} row does not use {field}; leave it empty", event.label(Lang::En)),
            BeforeContract { contract_at: Some(at) } => format!("before the order's contract at {at}"),
            BeforeContract { contract_at: None } => "the order has no contract yet; its contract rows come first".into(),
            SecondContract { contract_at } => {
                format!("the order's contract was made at {contract_at}; a contract row later (or of another line) is a second contract")
            }
            DuplicateLine { sku } => format!("SKU '{sku}' is already a line of this contract"),
            TooManyLines { max } => format!("more than {max} lines in one order"),
            TooManyEvents { max } => format!("more than {max} events in one order"),
            RewritesHistory { stored, day } => format!(
                "dated before stored events, it would change what the stored {} of {day} booked; the ledger is append-only: \
                 give the event its real (later) time, or correct with an adjustment",
                stored.label(Lang::En)
            ),
            UnknownSku { sku } => format!("SKU '{sku}' is not a line of the order"),
            OverShipped { sku, ordered, shipped, quantity } => {
                format!("{quantity} more unit(s) of '{sku}' shipped after {shipped} of the {ordered} ordered")
            }
            OverPaid { total, paid, amount } => format!("payment of {amount} after {paid} paid goes beyond the order total {total}"),
            OverRefunded { paid, amount } => format!("refund of {amount} is more than the {paid} paid (net of refunds)"),
            ReturnedMoreThanShipped { sku, shipped, returned, quantity } => {
                format!("{quantity} unit(s) of '{sku}' returned after {returned} of the {shipped} shipped")
            }
            AfterCancel { cancelled_at } => format!("the order was cancelled at {cancelled_at}; only refunds may follow"),
            CancelBeforeRecorded { event, at } => {
                format!("cancel dated before the {} already recorded at {at}", event.label(Lang::En))
            }
            CancelledTwice { cancelled_at } => format!("the order was already cancelled at {cancelled_at}"),
            FullyShipped => "the order is shipped in full; book a refund instead of a cancel".into(),
        }
    }

    fn chinese(&self) -> String {
        use OrderError::*;
        match self {
            WrongOrder { expected, found } => format!("订单 '{found}' 的事件被当作订单 '{expected}' 检查"),
            CurrencyDiffers { currency, order } => format!("币种 {currency} 与订单币种 {order} 不同"),
            NotCents { amount } => format!("{amount} 不是整分金额"),
            AmountOutOfRange { amount } => format!("金额 {amount} 必须大于 0 且不超过 1,000,000,000,000"),
            QuantityOutOfRange { quantity } => format!("数量 {quantity} 必须大于 0 且不超过 1,000,000,000"),
            FieldRequired { event, field } => format!("{}行必须填写 {field}", event.label(Lang::Zh)),
            FieldNotUsed { event, field } => format!("{}行不使用 {field}；请留空", event.label(Lang::Zh)),
            BeforeContract { contract_at: Some(at) } => format!("早于订单在 {at} 的签约"),
            BeforeContract { contract_at: None } => "订单尚未签约；签约行必须在前".into(),
            SecondContract { contract_at } => format!("订单已于 {contract_at} 签约；之后的（或另一行的）签约行是第二份合同"),
            DuplicateLine { sku } => format!("SKU '{sku}' 已是本合同的一行"),
            TooManyLines { max } => format!("一个订单超过 {max} 行"),
            TooManyEvents { max } => format!("一个订单超过 {max} 个事件"),
            RewritesHistory { stored, day } => {
                let stored = stored.label(Lang::Zh);
                format!(
                    "该事件早于已保存的事件，会改变 {day} 已入账的{stored}；账目只增不改：请填写事件的真实（较晚）时间，或以调整分录更正"
                )
            }
            UnknownSku { sku } => format!("SKU '{sku}' 不是订单的行"),
            OverShipped { sku, ordered, shipped, quantity } => {
                format!("'{sku}' 订购 {ordered} 件，已发 {shipped} 件，再发 {quantity} 件超出订购数量")
            }
            OverPaid { total, paid, amount } => format!("已收 {paid}，再收 {amount} 超出订单总额 {total}"),
            OverRefunded { paid, amount } => format!("退款 {amount} 超过已收款（扣除已退款后）{paid}"),
            ReturnedMoreThanShipped { sku, shipped, returned, quantity } => {
                format!("'{sku}' 已发 {shipped} 件，已退 {returned} 件，再退 {quantity} 件超出发货数量")
            }
            AfterCancel { cancelled_at } => format!("订单已于 {cancelled_at} 取消；之后只能退款"),
            CancelBeforeRecorded { event, at } => format!("取消时间早于已记录的{}（{at}）", event.label(Lang::Zh)),
            CancelledTwice { cancelled_at } => format!("订单已于 {cancelled_at} 取消过"),
            FullyShipped => "订单已全部发货；请记退款而不是取消".into(),
        }
    }
}

impl fmt::Display for OrderError {
    /// The English rendering (logs, tests).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One of every variant.
    pub(crate) fn every_error() -> Vec<OrderError> {
        use OrderError::*;
        let s = |v: &str| v.to_string();
        vec![
            WrongOrder { expected: s("A"), found: s("B") },
            CurrencyDiffers { currency: s("EUR"), order: s("USD") },
            NotCents { amount: Decimal::new(1001, 3) },
            AmountOutOfRange { amount: Decimal::ZERO },
            QuantityOutOfRange { quantity: 0 },
            FieldRequired { event: EventKind::Ship, field: "sku" },
            FieldNotUsed { event: EventKind::Pay, field: "sku" },
            BeforeContract { contract_at: Some(s("2026-11-03T10:00:00+08:00")) },
            BeforeContract { contract_at: None },
            SecondContract { contract_at: s("2026-11-03T10:00:00+08:00") },
            DuplicateLine { sku: s("K") },
            TooManyLines { max: 500 },
            TooManyEvents { max: 5000 },
            RewritesHistory { stored: EventKind::Ship, day: "2026-11-03".parse().expect("day") },
            UnknownSku { sku: s("K") },
            OverShipped { sku: s("K"), ordered: 10, shipped: 8, quantity: 3 },
            OverPaid { total: Decimal::ONE_HUNDRED, paid: Decimal::TEN, amount: Decimal::ONE_HUNDRED },
            OverRefunded { paid: Decimal::TEN, amount: Decimal::ONE_HUNDRED },
            ReturnedMoreThanShipped { sku: s("K"), shipped: 2, returned: 1, quantity: 2 },
            AfterCancel { cancelled_at: s("2026-11-03T10:00:00+08:00") },
            CancelBeforeRecorded { event: EventKind::Ship, at: s("2026-11-03T10:00:00+08:00") },
            CancelledTwice { cancelled_at: s("2026-11-03T10:00:00+08:00") },
            FullyShipped,
        ]
    }

    #[test]
    fn every_error_has_a_listed_code_and_reads_in_both_languages() {
        let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut codes: Vec<&str> = every_error().iter().map(OrderError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        let mut listed = OrderError::CODES.to_vec();
        listed.sort_unstable();
        assert_eq!(codes, listed, "every variant's code is in CODES, once");
        for e in every_error() {
            assert!(chinese(&e.render(Lang::Zh)), "{e:?}");
            assert!(!chinese(&e.render(Lang::En)), "{e:?}");
            assert!(!e.column().is_empty());
        }
    }
}
