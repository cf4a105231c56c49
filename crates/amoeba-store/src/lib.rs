//! Persistence for Amoeba: one code path over SQLite (the embedded default,
//! a single file created on first use) and PostgreSQL (when `DATABASE_URL`
//! points at one), via `sqlx::Any`.
//!
//! Portability rules that keep one SQL text valid on both: `$1`-style
//! placeholders in order of appearance, dates as `TEXT 'YYYY-MM-DD'`, integers
//! as `BIGINT`, exact decimals as `TEXT` or as `BIGINT` in 1/10000 units
//! (so `SUM` stays exact), and `CAST(SUM(..) AS BIGINT)` because PostgreSQL
//! widens sums to NUMERIC.

/// Awaits the next row of a stream from sqlx's `fetch` (without pulling in
/// the `futures` crate): large reads are streamed, not collected.
macro_rules! next_row {
    ($rows:expr) => {
        std::future::poll_fn(|cx| futures_core::Stream::poll_next($rows.as_mut(), cx)).await
    };
}

pub mod accounts;
pub mod alerts_repo;
pub mod batch;
pub(crate) mod chunk_codec;
pub mod customer_read;
pub mod daily_agg;
pub(crate) mod daily_codec;
mod db;
pub mod engage;
mod error;
pub mod fact_chunks;
pub mod import_history;
pub mod imports;
pub mod ledger_read;
pub mod order_read;
pub mod org_repo;
pub mod oversight_repo;
pub mod pay_repo;
pub mod periods;
pub mod playbook_repo;
pub mod rules_repo;
pub mod settlement_shard;
pub mod settlements;
pub mod testing;
pub(crate) mod text_ids;
mod version;

pub use db::{url_for, Backend, Db};
pub use error::{StoreError, MAX_ROW_PROBLEMS};

/// Result type of every storage call.
pub type Result<T> = std::result::Result<T, StoreError>;
