//! Credit: who earned each sale. Responsibility rules, customer owners and
//! key accounts live in the organisation ([`CreditRules`], validated with
//! it). Every rule with a worked example: `docs/credit.md`.

pub mod rules;
pub(crate) mod validate;

pub use rules::{
    CreditRules, CustomerOwner, KeyAccount, Responsibility, Scope, ScopeKey, FOLLOWER_ROLE, MAX_RESPONSIBILITIES_PER_SCOPE, MAX_SKUS_PER_SET,
    SALES_ROLE,
};
