//! Parsers for every file Amoeba reads: bytes in, validated domain records
//! (or every bad row with its line, column and reason) out.
//!
//! This crate does no I/O of its own and knows nothing of the database: the
//! storage layer hands it bytes (or a reader, for settlement files too large
//! to hold), stores what comes back in one transaction, and stores nothing
//! when an error comes back. That split is what makes "a file with a bad row
//! is refused whole" true by construction.
//!
//! | file | entry point |
//! |---|---|
//! | generic facts CSV | [`formats::parse_facts`] |
//! | FX rates | [`formats::parse_fx`] |
//! | working hours | [`formats::parse_hours`] |
//! | monthly plans | [`formats::parse_plans`] |
//! | inventory snapshots | [`formats::parse_inventory`] |
//! | orders and their lifecycle events | [`formats::parse_orders`] |
//! | traffic (generic, Alibaba.com 数据管家) | [`formats::parse_traffic`] |
//! | Amazon business report by child item | [`formats::parse_amazon_business_report`] |
//! | Amazon settlement V2 | [`amazon_settlement::parse_settlement`], streaming [`amazon_settlement::for_each_settlement_fact`], on every core [`amazon_settlement::for_each_settlement_line`] |
//! | Amazon advertised-product report | [`amazon_ads::parse_ads`] |
//! | TikTok Shop order export, finance statement | [`tiktok::parse_tiktok_orders`], [`tiktok::parse_tiktok_statement`] |
//! | what a file says it is for (store checks) | [`identity::file_identity`] |
//! | pay plan (提成方案, TOML) | [`pay_plan::check`] |
//! | daily lottery rules (TOML) | [`lottery_rules::parse`] |
//! | review scores (CSV) | [`review_file::parse`] |
//! | Shopify orders export | [`shopify_orders::parse_shopify_orders`], facts [`shopify_orders::ShopifyOrders::to_facts`] |
//!
//! Every table-based format also reads an XLSX workbook (detected by its
//! ZIP signature; [`xlsx`]) into the same rows, with sheet row numbers as
//! line numbers.
//!
//! The formats are specified in `docs/formats.md`.

#![warn(missing_docs)]

pub mod amazon_ads;
pub mod amazon_settlement;
pub mod context;
pub mod customer;
pub mod dates;
pub mod decode;
pub mod error;
pub mod fingerprint;
pub mod formats;
pub mod identity;
pub mod lottery_rules;
pub mod market_reason;
pub mod number;
pub mod org_file;
pub mod pay_plan;
mod quotes;
pub mod reason;
pub mod review_file;
mod settlement_map;
pub mod shopify_orders;
mod table;
pub mod tiktok;
pub mod xlsx;

pub use context::ImportContext;
pub use decode::Encoding;
pub use error::{FileKind, ImportError, ImportErrors, MAX_ERRORS};
pub use fingerprint::Fingerprint;
pub use identity::{file_identity, FileIdentity};
pub use market_reason::MarketReason;
pub use number::NumberStyle;
pub use reason::Reason;

/// A refused file: every error, and the records of the rows that did parse,
/// so that a caller checking references against stored data can report
/// those rows' problems in the same refusal (one pass lists them all).
#[derive(Debug, Clone)]
pub struct Partial<T> {
    /// Every error found in the file itself.
    pub errors: ImportErrors,
    /// The records of the good rows, in file order (empty when the file
    /// could not be read as a table at all).
    pub good: Vec<T>,
}

/// The good result of reading a file: every record with its fingerprint, and
/// what was learnt about the file on the way.
#[derive(Debug, Clone)]
pub struct Parsed<T> {
    /// Records in file order, each with the fingerprint that makes
    /// re-importing it a no-op.
    pub records: Vec<(T, Fingerprint)>,
    /// The text encoding the file was in.
    pub encoding: Encoding,
    /// The number convention used to read amounts.
    pub number_style: NumberStyle,
    /// SHA-256 of the file's bytes.
    pub file_sha256: [u8; 32],
}
