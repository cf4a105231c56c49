//! Goals (issue 13): the annual target from cost, its split into months and
//! people, attainment and pace, wish goals and review scorecards — pure
//! engines over plain inputs; storage, pages and the CLI wire them later.
//!
//! Every amount is an exact decimal, rounded once at a stated place; every
//! split is by largest remainder and asserted to add up. See `docs/goals.md`.

pub mod bands;
pub mod basis;
mod error;
pub mod months;
pub mod pace;
pub mod people;
pub mod review;
pub mod target;
pub mod wish;

pub use bands::{Band, MarginalBands};
pub use basis::{history_window, ledger_basis, operating_cost, LedgerBasis, MonthFigures};
pub use error::GoalError;
pub use months::{split_year, MonthBasis, MonthHold, MonthSplit};
pub use pace::{pace, Pace, PaceInput, PaceStatus};
pub use people::{split_month, EfficiencySource, Effort, PeopleSplit, PersonHistory, PersonTarget};
pub use review::{
    review, review_entered, weighted_score, Criterion, Cycle, Normalise, PersonScores, ReviewConfig, ReviewLine, ReviewOutcome, Scorecard,
    SelfReview,
};
pub use target::{annual_target, AnnualTarget, Combine, Step, StepKind, TargetInput};
pub use wish::{wish_plan, wish_progress, Payment, Segment, WishCap, WishInput, WishPlan, WishProgress, WishRate};
