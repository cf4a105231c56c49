//! Credit: who earned each sale. Responsibility rules, customer owners and
//! key accounts live in the organisation ([`CreditRules`], validated with
//! it); [`CreditResolver`] answers, for any fact or order event, who is
//! credited, with which share, under which rule; [`split`] shares money
//! by credit so the parts add up to the fen, and [`grain`] builds the
//! person-day figures pay, targets, the lottery and PK read — where, for
//! every unit, day and role, the credited people plus the uncredited
//! bucket equal the unit's sales to the fen (asserted, property-tested).
//! Every rule with a worked example: `docs/credit.md`.

pub mod grain;
pub mod problem;
pub mod resolver;
pub mod rules;
pub mod split;
pub(crate) mod validate;

#[cfg(test)]
mod tests;

pub use grain::{credit_days, CreditDay, CreditGrain, Figures, GrainInput, OrderFigures};
pub use problem::CreditProblem;
pub use resolver::{Credit, CreditResolver, OrderParties, RuleRef, Subject};
pub use rules::{
    CreditRules, CustomerOwner, KeyAccount, Responsibility, Scope, ScopeKey, FOLLOWER_ROLE, MAX_RESPONSIBILITIES_PER_SCOPE,
    MAX_SKUS_PER_SET, SALES_ROLE,
};
