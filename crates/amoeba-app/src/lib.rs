//! Application services: each public function is one thing a user does
//! (import a file, apply an organisation file, load the demo…), written once
//! and called by both the CLI and the HTTP server.

pub mod accounting;
pub mod alerts;
pub mod clock;
pub mod credit;
pub mod current;
pub mod demo;
mod demo_engage;
pub mod demo_logins;
pub mod engage_refusal;
mod error;
pub mod goals;
pub mod identity;
pub mod import;
pub mod import_note;
pub mod leaderboard;
pub mod lottery;
mod market_import;
pub mod metrics;
mod orders_import;
pub mod org;
pub mod oversight;
pub mod pay;
pub mod pk;
pub mod playbooks;
pub mod review;
pub mod review_entry;
pub mod screens;
mod settlement_import;
mod store_pick;
pub mod traffic_import;
pub mod version_cache;
pub mod wish;

pub use error::AppError;

/// Result of every application service.
pub type Result<T> = std::result::Result<T, AppError>;
