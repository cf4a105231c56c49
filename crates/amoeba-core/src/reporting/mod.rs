//! Reporting rules the pages, the API and the CLI share: the one place a
//! figure derived from the P&L (a person's share of their units' results…)
//! is computed, so no adapter re-derives it with its own rounding.

pub mod shares;

pub use shares::{person_shares, ShareLine, SHARE_DP};
