//! The daily order lottery (日出单抽奖, seed 004): a salesperson or order
//! follower with an order shipped before 17:00 local time gets one draw that
//! day (later orders count for the next working day); prize tiers special,
//! 1st … 7th; draws anyone can verify and the organiser cannot steer.
//!
//! The flow, one small file each: [`rules`] (versioned, hashed) →
//! [`entries`] (shipments to one entry per person) → [`frozen`] (the list
//! in canonical bytes, hashed at the cut-off) → [`mod@announce`] (what is
//! published before the day and at its cut-off) → randomness from
//! [`drand`] or [`rfc3797`] → [`draw()`] (a pure function) → [`verify()`].
//! `docs/lottery.md` documents the bytes and the threat model.

pub mod announce;
pub mod canon;
pub mod drand;
pub mod draw;
pub mod entries;
mod error;
pub mod frozen;
pub mod rfc3797;
pub mod rules;
pub mod verify;

#[cfg(test)]
mod tests;

pub use announce::{announce, list_hash_hex, Announcement, NamedRound};
pub use drand::{verify_beacon, DrandBeacon, DrandChain, DrandScheme};
pub use draw::{draw, DrawRecord, Randomness, Winner, RECORD_FORMAT};
pub use entries::{entries_for, Entry, Evidence, Shipment};
pub use error::{LotteryError, VerifyError};
pub use frozen::FrozenList;
pub use rfc3797::{key_string, select, LotteryNumbers, SelectionRound};
pub use rules::{default_cutoff, LotteryRules, Prize, PrizeTier, RandomnessSource, Tier};
pub use verify::{verify, verify_published};
