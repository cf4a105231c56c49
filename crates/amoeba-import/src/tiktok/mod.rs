//! TikTok Shop exports: the **order export** (lifecycle, buyer, SKU lines —
//! [`orders`]) and the **finance statement** (the money, reconciled and
//! booked as facts — [`statement`]). Timestamps are the shop's local time,
//! slash dates read per file ([`times`]).

mod lifecycle;
pub mod orders;
pub mod statement;
mod statement_map;
#[cfg(test)]
mod tests;
pub mod times;

pub use orders::{parse_tiktok_orders, TiktokLine, TiktokOrder, TiktokOrderMoney, TiktokOrders};
pub use statement::{parse_tiktok_statement, StatementPart, TiktokStatement, TiktokStatementRow};
pub use times::DayOrder;
