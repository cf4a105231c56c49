//! Amoeba accounting engines: from facts to each unit's profit and loss.
//!
//! Everything here is a pure function of its inputs (organisation, fact
//! aggregates, FX rates, hours, rules) so the same code serves the month
//! close, on-the-fly reports for open periods and what-if runs. The
//! formulas, sign convention and rounding places are written down, with a
//! worked example each, in `docs/formulas.md`.

pub mod allocation;
mod book;
pub mod charges;
pub mod cogs;
mod drivers;
pub mod errors;
mod errors_text;
pub mod fx;
mod ingest;
pub mod lines;
pub mod metrics;
pub mod peers;
pub mod plan;
pub mod pnl;
pub mod posting;
pub mod rules;
pub mod split;
pub mod store;
pub mod to_date;
pub mod totals;
pub mod tree;

#[cfg(test)]
mod pnl_tests;

pub use allocation::{AllocError, AllocationEntry, DriverInputs};
pub use charges::{ChargeEntry, ChargeError, DayVolume};
pub use cogs::{CogsEntry, CogsError};
pub use errors::PnlError;
pub use fx::{fx_gain_loss, FxError, FxGainLoss, FxTable, Settlement};
pub use ingest::{spread_month_record, HOURS_DP, MAX_AMOUNT, MAX_HOURS, MAX_QUANTITY};
pub use lines::PnlLine;
pub use pnl::{compute_month, Code, CogsMode, DerivedEntries, FactAggregate, MonthPnl, OrderCount, PnlInput, UnitPnl};
pub use posting::Posting;
pub use rules::{
    validate_allocation_rules, validate_charge_rules, AllocationRule, ChargeBasis, ChargeRule, Driver, FixedSplit, RuleError, Rules,
};
pub use store::{store_figures, StoreFigures};
pub use to_date::as_of_day;
pub use totals::Lines;
