//! [`CreditProblem`]: a figure the credit grain had to leave out, as data
//! with a stable code and a sentence in each language. The month's P&L
//! reports the same facts as its own problems; the grain never guesses.

use crate::ledger::FactKind;
use crate::org::Org;
use crate::reporting::problem::Problem;
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;

/// Why a figure is not in the credit grain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditProblem {
    /// No unit owns the fact on its day (as the P&L's `unplaced`).
    Unplaced {
        /// The fact kind.
        kind: FactKind,
        /// Its store, if any.
        store: Option<String>,
        /// Its day.
        day: NaiveDate,
    },
    /// No exchange rate for a currency on a day.
    MissingRate {
        /// The currency.
        currency: String,
        /// The day.
        day: NaiveDate,
    },
    /// An aggregate beyond the bounds the engine accepts.
    OutOfRange {
        /// The fact kind.
        kind: FactKind,
        /// The day.
        day: NaiveDate,
        /// The amount.
        amount: Decimal,
    },
    /// An order's booking has no matching sales in the ledger for its
    /// store, SKU and day: the order's facts were not imported (or not yet).
    OrderNotInLedger {
        /// The order.
        order: String,
        /// The SKU.
        sku: String,
        /// The day.
        day: NaiveDate,
    },
    /// A SKU without a landed cost on a day (COGS cannot be derived).
    MissingCost {
        /// The SKU.
        sku: String,
        /// The day.
        day: NaiveDate,
    },
    /// Quantity × landed cost does not fit (absurd data).
    CogsOverflow {
        /// The SKU.
        sku: String,
        /// The day.
        day: NaiveDate,
    },
    /// An order or order count of a store the organisation does not have.
    UnknownStore {
        /// The store code.
        store: String,
    },
}

impl CreditProblem {
    /// A stable snake_case id, for programs; never translated.
    pub fn code(&self) -> &'static str {
        match self {
            CreditProblem::Unplaced { .. } => "credit_unplaced",
            CreditProblem::MissingRate { .. } => "credit_missing_rate",
            CreditProblem::OutOfRange { .. } => "credit_out_of_range",
            CreditProblem::OrderNotInLedger { .. } => "credit_order_not_in_ledger",
            CreditProblem::MissingCost { .. } => "credit_missing_cost",
            CreditProblem::CogsOverflow { .. } => "credit_cogs_overflow",
            CreditProblem::UnknownStore { .. } => "credit_unknown_store",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        use CreditProblem::*;
        match (self, lang) {
            (Unplaced { kind, store, day }, Lang::En) => {
                format!("{kind} of {} on {day} belongs to no unit", store.as_deref().unwrap_or("no store"))
            }
            (Unplaced { kind, store, day }, Lang::Zh) => {
                format!("{} 在 {day} 的{}不属于任何巴", store.as_deref().unwrap_or("无店铺"), kind.label(Lang::Zh))
            }
            (MissingRate { currency, day }, Lang::En) => format!("no {currency} exchange rate on or before {day}"),
            (MissingRate { currency, day }, Lang::Zh) => format!("缺少 {day}（或之前）的 {currency} 汇率"),
            (OutOfRange { kind, day, amount }, Lang::En) => format!("{kind} of {amount} on {day} is beyond the accepted range"),
            (OutOfRange { kind, day, amount }, Lang::Zh) => format!("{day} 的{} {amount} 超出可接受范围", kind.label(Lang::Zh)),
            (OrderNotInLedger { order, sku, day }, Lang::En) => {
                format!("order {order} books {sku} on {day} but the ledger has no such sale or refund: import the order's facts")
            }
            (OrderNotInLedger { order, sku, day }, Lang::Zh) => {
                format!("订单 {order} 在 {day} 记了 {sku}，但账上没有对应的销售或退款：请导入该订单的数据")
            }
            (MissingCost { sku, day }, Lang::En) => format!("SKU {sku} has no landed cost on {day}"),
            (MissingCost { sku, day }, Lang::Zh) => format!("SKU {sku} 在 {day} 没有到岸成本"),
            (CogsOverflow { sku, day }, Lang::En) => format!("COGS of SKU {sku} on {day} overflows (check its landed cost)"),
            (CogsOverflow { sku, day }, Lang::Zh) => format!("SKU {sku} 在 {day} 的销售成本溢出（请检查到岸成本）"),
            (UnknownStore { store }, Lang::En) => format!("unknown store '{store}'"),
            (UnknownStore { store }, Lang::Zh) => format!("未知店铺 '{store}'"),
        }
    }
}

impl CreditProblem {
    /// The units the problem concerns, so a viewer is told only of their
    /// own: a store's owners, the owners of every store in a missing
    /// currency, a SKU's owners; none (the company as a whole) otherwise.
    pub fn units(&self, org: &Org) -> Vec<String> {
        use CreditProblem::*;
        let mut units: Vec<String> = match self {
            Unplaced { store: Some(store), .. } => owners(org.stores.iter().filter(|s| &s.code == store).flat_map(|s| &s.owners)),
            MissingRate { currency, .. } => {
                owners(org.stores.iter().filter(|s| s.currency.as_str() == currency.as_str()).flat_map(|s| &s.owners))
            }
            MissingCost { sku, .. } | CogsOverflow { sku, .. } => {
                owners(org.skus.iter().filter(|k| &k.code == sku).flat_map(|k| &k.owners))
            }
            Unplaced { store: None, .. } | OutOfRange { .. } | OrderNotInLedger { .. } | UnknownStore { .. } => Vec::new(),
        };
        units.sort();
        units.dedup();
        units
    }

    /// The problem in both languages with the units it concerns.
    pub fn to_problem(&self, org: &Org) -> Problem {
        Problem { zh: self.render(Lang::Zh), en: self.render(Lang::En), units: self.units(org) }
    }
}

fn owners<'a>(ownerships: impl Iterator<Item = &'a crate::org::Ownership>) -> Vec<String> {
    ownerships.map(|o| o.unit.clone()).collect()
}

impl fmt::Display for CreditProblem {
    /// The English rendering (logs, tests).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_has_a_code_and_reads_in_both_languages() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).expect("day");
        let all = vec![
            CreditProblem::Unplaced { kind: FactKind::Sale, store: Some("S".into()), day },
            CreditProblem::MissingRate { currency: "USD".into(), day },
            CreditProblem::OutOfRange { kind: FactKind::Sale, day, amount: Decimal::MAX },
            CreditProblem::OrderNotInLedger { order: "SO-1".into(), sku: "K".into(), day },
            CreditProblem::MissingCost { sku: "K".into(), day },
            CreditProblem::CogsOverflow { sku: "K".into(), day },
            CreditProblem::UnknownStore { store: "S".into() },
        ];
        let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut codes: Vec<&str> = all.iter().map(CreditProblem::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        for p in all {
            assert!(chinese(&p.render(Lang::Zh)) && !chinese(&p.render(Lang::En)), "{p:?}");
        }
    }
}
