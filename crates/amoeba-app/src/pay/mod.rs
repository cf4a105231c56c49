//! Pay (issue 12): pay plan versions stored from their files, payout runs
//! computed from closed months by the pure engine (`amoeba_core::
//! incentive`), approved and locked by finance, statements, the payroll
//! export, what-if, partners' exit value and disputes — each use case once,
//! for the CLI and the server. Format and rules: `docs/pay-plans.md`.

mod extra;
pub mod inputs;
pub mod plans;
mod refusal;
pub mod runs;

pub use extra::{answer, dispute, partner_exit, payroll, whatif_file, Payroll, PayrollRow, WhatIfRun, BALANCE_COLUMN};
pub use plans::{check_plan_file, import_plan_file, stored_plans, text_of, PlanImported, StoredPlan};
pub use refusal::PayRefusal;
pub use runs::{approve, current, load_run, lock, payout, statement_of, Payout, RunOf, APPROVED, DRAFT, LOCKED, RERUN};
