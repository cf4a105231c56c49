//! Incentives (issue 12): pay plans (提成方案) as data and the pure pay
//! engine — every allocation method of the source, the special bonuses,
//! guardrails, partner agreements and their exit value, payout runs with
//! statements whose every line names its rule, inputs, arithmetic and
//! facts, clawbacks, draws, re-run differences and what-if.
//!
//! Money is exact; every line is rounded once to the fen; pools split by
//! largest remainder pay out exactly; a run is reproducible byte for byte
//! (`canon`). `gather` turns stored data into a run's inputs; the
//! application stores plans and runs. Worked examples: `docs/pay-plans.md`.

mod adjust;
pub mod awards;
mod balance;
pub mod basis;
pub mod canon;
pub mod clawback;
mod cx;
mod describe;
pub mod diff;
pub mod error;
mod error_text;
pub mod gather;
mod index;
pub mod inputs;
pub mod limits;
mod measure;
pub mod method;
mod methods;
pub mod partner;
pub mod plan;
pub mod run;
pub mod statement;
pub mod text;
pub mod tiers;
pub mod validate;
mod validate_partner;
pub mod versions;
pub mod whatif;
mod who;

#[cfg(test)]
mod tests;

pub use awards::{AwardRef, AwardSource, PrizeAward, Winner, AWARD_COMPONENT};
pub use canon::{canonical_bytes, run_sha256};
pub use clawback::{attribute_paid, clawback_amount, paid_on_sales};
pub use diff::{diff_runs, earned_by_component};
pub use error::PayError;
pub use gather::{add_paid, next_history, order_key, person_stages, person_targets, sale_refunds, sku_months, TARGET_MEASURE};
pub use inputs::{
    Adjustment, History, PaidSale, PayInputs, PersonStage, PersonTarget, SaleRefund, SkuMonth, UnitFigures, UnitMetric, UnitMonth,
};
pub use method::{
    Booking, ClassRates, EquityTrigger, Grain, Individual, Measure, Method, NewProductHit, OffSeason, Pay, Pool, PoolSource, ProfitShare,
    Rate, Schedule, Sharing, Split, StagePay, Step,
};
pub use partner::{exit_value, months_between, ExitFormula, ExitLine, ExitValue, PartnerAgreement, Party};
pub use plan::{Component, Draw, DrawKind, Effect, Gate, Guardrail, PayPlan, Who};
pub use run::{compute_run, Carry, PayRun, PlanVersion};
pub use statement::{FactKey, Facts, LineInput, LineKind, PoolRecord, Rule, Statement, StatementLine};
pub use text::Text;
pub use tiers::{TierMode, TierPart, Tiers};
pub use validate::{validate, PlanProblem};
pub use versions::check_versions;
pub use whatif::{whatif, ComponentDelta, PersonDiff, WhatIf};
