//! [`PnlError`]: everything the month P&L engine refuses, each naming the
//! rule, unit, store, currency or day at fault, and the bounded collector
//! that de-duplicates them.

use super::allocation::AllocError;
use super::charges::ChargeError;
use super::cogs::CogsError;
use super::fx::FxError;
use super::rules::RuleError;
use super::tree::TreeError;
use crate::ledger::FactKind;
use crate::money::Currency;
use crate::period::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

/// At most this many distinct errors are kept; the rest are counted. A
/// corrupt month can produce one error per aggregate, and a report of a
/// million identical lines helps nobody.
pub const MAX_ERRORS: usize = 500;

/// A problem found while computing a month. The P&L is still produced from
/// everything else so reports can show it, but the close must refuse to
/// lock a month with any error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PnlError {
    /// The unit tree is inconsistent.
    #[error(transparent)]
    Tree(#[from] TreeError),
    /// The FX table is in another base currency than the company.
    #[error("the FX table is in {fx} but the company's base currency is {org}")]
    BaseCurrency {
        /// Company base currency.
        org: Currency,
        /// FX table base.
        fx: Currency,
    },
    /// A rate is missing (one per currency, first day) or a conversion overflowed.
    #[error(transparent)]
    Fx(#[from] FxError),
    /// An input dated outside the month being computed.
    #[error("{what} dated {day}: outside {month}, the month being computed")]
    OutsideMonth {
        /// What it is (e.g. `hours line 12`).
        what: String,
        /// Its day.
        day: NaiveDate,
        /// The month computed.
        month: Month,
    },
    /// A unit code not in the tree.
    #[error("{what}: unknown unit '{unit}'")]
    UnknownUnit {
        /// What names it.
        what: String,
        /// The code.
        unit: String,
    },
    /// A store code the organisation does not have.
    #[error("unknown store '{store}' (add it to the organisation)")]
    UnknownStore {
        /// The code.
        store: String,
    },
    /// A store without an owning unit on a day.
    #[error("store '{store}' has no owning unit on {day} (extend its ownership)")]
    NoStoreOwner {
        /// Store code.
        store: String,
        /// Day.
        day: NaiveDate,
    },
    /// An aggregate names both a store and a different unit.
    #[error("facts on {day} name unit '{unit}' but store '{store}' belongs to '{owner}' that day")]
    StoreUnitMismatch {
        /// Store code.
        store: String,
        /// Unit named by the facts.
        unit: String,
        /// Store's owner that day.
        owner: String,
        /// Day.
        day: NaiveDate,
    },
    /// An aggregate with neither store, unit nor an owned SKU.
    #[error("{kind} facts on {day} have no store, unit or owned SKU to place them on")]
    Unplaced {
        /// Fact kind.
        kind: FactKind,
        /// Day.
        day: NaiveDate,
    },
    /// An amount or quantity beyond what any real month carries.
    #[error("{kind} facts on {day}: amount {amount} / quantity {quantity} is beyond the accepted range")]
    OutOfRange {
        /// Fact kind.
        kind: FactKind,
        /// Day.
        day: NaiveDate,
        /// Amount.
        amount: Decimal,
        /// Quantity.
        quantity: i64,
    },
    /// Units sold without a SKU while COGS must be derived.
    #[error("{quantity} unit(s) sold without a SKU at unit '{unit}' on {day}: COGS cannot be derived")]
    SaleWithoutSku {
        /// Unit.
        unit: String,
        /// Day.
        day: NaiveDate,
        /// Units.
        quantity: i64,
    },
    /// A rule is invalid and was skipped.
    #[error(transparent)]
    Rule(#[from] RuleError),
    /// A charge rule could not be applied.
    #[error(transparent)]
    Charge(#[from] ChargeError),
    /// An allocation rule could not be applied.
    #[error(transparent)]
    Allocation(#[from] AllocError),
    /// COGS could not be derived for some SKUs.
    #[error(transparent)]
    Cogs(#[from] CogsError),
    /// An hours record was refused.
    #[error("hours line {line} ({person} in '{unit}'): {reason}")]
    Hours {
        /// Source line.
        line: u64,
        /// Person.
        person: String,
        /// Unit.
        unit: String,
        /// Why.
        reason: String,
    },
    /// Imported internal facts do not net to zero for the group.
    #[error("group {line} nets to {amount}, not 0: imported internal_charge/allocation facts are one-sided; add the other side")]
    NotNetZero {
        /// Line code (`internal` or `allocated`).
        line: &'static str,
        /// Group net.
        amount: Decimal,
    },
    /// More errors than [`MAX_ERRORS`] were found.
    #[error("{0} more problem report(s) not shown (repeats included)")]
    Truncated(u64),
}

/// Collects errors, dropping exact repeats, keeping missing FX rates as one
/// per currency with its first day, and stopping at [`MAX_ERRORS`].
#[derive(Debug, Default)]
pub(crate) struct ErrorSink {
    list: Vec<PnlError>,
    seen: HashSet<String>,
    omitted: u64,
    missing_rates: BTreeMap<Currency, NaiveDate>,
}

impl ErrorSink {
    /// Records an error (once).
    pub(crate) fn push(&mut self, e: impl Into<PnlError>) {
        let e = e.into();
        if let PnlError::Fx(FxError::MissingRate { currency, day }) = e {
            let first = self.missing_rates.entry(currency).or_insert(day);
            *first = (*first).min(day);
            return;
        }
        if self.list.len() >= MAX_ERRORS {
            self.omitted += 1;
            return;
        }
        if self.seen.insert(e.to_string()) {
            self.list.push(e);
        }
    }

    /// The errors: missing rates first (one per currency), then the rest in
    /// the order found.
    pub(crate) fn finish(self) -> Vec<PnlError> {
        let mut out: Vec<PnlError> =
            self.missing_rates.into_iter().map(|(currency, day)| PnlError::Fx(FxError::MissingRate { currency, day })).collect();
        out.extend(self.list);
        if self.omitted > 0 {
            out.push(PnlError::Truncated(self.omitted));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sink_dedupes_and_keeps_first_missing_day_per_currency() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let mut s = ErrorSink::default();
        s.push(PnlError::UnknownStore { store: "X".into() });
        s.push(PnlError::UnknownStore { store: "X".into() });
        s.push(FxError::MissingRate { currency: Currency::USD, day: d("2026-10-05") });
        s.push(FxError::MissingRate { currency: Currency::USD, day: d("2026-10-02") });
        let all = s.finish();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0], PnlError::Fx(FxError::MissingRate { currency: Currency::USD, day: d("2026-10-02") }));
    }

    #[test]
    fn sink_is_bounded() {
        let mut s = ErrorSink::default();
        for i in 0..(MAX_ERRORS + 7) {
            s.push(PnlError::UnknownStore { store: format!("S{i}") });
        }
        let all = s.finish();
        assert_eq!(all.len(), MAX_ERRORS + 1);
        assert_eq!(all.last(), Some(&PnlError::Truncated(7)));
    }
}
