//! The engine's limits, stated once: a plan or a run beyond them is
//! refused with the limit named, never slowed down to a crawl.

/// Components in one pay plan version.
pub const MAX_COMPONENTS: usize = 64;
/// Bands in one tiered rate.
pub const MAX_TIERS: usize = 32;
/// Accelerator or decelerator steps of one component.
pub const MAX_STEPS: usize = 16;
/// Guardrails of one component, gates of one component.
pub const MAX_GUARDRAILS: usize = 8;
/// Draws of one plan.
pub const MAX_DRAWS: usize = 64;
/// Partner agreements of one plan.
pub const MAX_PARTNERS: usize = 32;
/// Parties to one partner agreement.
pub const MAX_PARTIES: usize = 100;
/// Roles, units or people named in one `who`.
pub const MAX_WHO: usize = 1_000;
/// Members of one pool (a unit's team, a project, a partnership).
pub const MAX_POOL_MEMBERS: usize = 10_000;
/// Plan versions paying one run.
pub const MAX_PLANS_PER_RUN: usize = 16;
/// Drill-down keys kept on one statement line (the count says how many facts there are).
pub const MAX_FACT_KEYS: usize = 50;
/// Months a trailing sum, a vesting or a cliff may span.
pub const MAX_MONTHS: u32 = 120;
/// Largest amount, rate multiple or threshold a plan may state (10¹²).
pub const MAX_PLAN_AMOUNT: rust_decimal::Decimal = crate::money::MAX_ROW_AMOUNT;
