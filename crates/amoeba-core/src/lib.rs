//! Pure domain core of Amoeba.
//!
//! Everything here is deterministic and free of I/O and async so that the
//! engines (organisation rules, ledger, accounting, later incentives, goals
//! and engagement) can be unit- and property-tested in isolation and reused by
//! every adapter (storage, importers, HTTP server, CLI).

pub mod accounting;
pub mod credit;
pub mod csv_safe;
pub mod dates;
pub mod engagement;
pub mod goals;
pub mod identity;
pub mod incentive;
pub mod iso4217;
pub mod lang;
pub mod ledger;
pub mod money;
pub mod orders;
pub mod org;
pub mod oversight;
pub mod period;
pub mod refusal;
pub mod reporting;
pub mod workdays;

pub use dates::EffectiveRange;
pub use lang::Lang;
pub use money::{Currency, Money};
pub use period::Month;
pub use refusal::Refusal;
