//! [`Posting`]: one base-currency amount on one unit's P&L line on one day —
//! the common form in which derived entries (internal charges, allocations,
//! COGS) reach the P&L and the store.

use super::lines::PnlLine;
use crate::ledger::FactKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A booked base-currency amount, already rounded to the cent.
///
/// The line is carried explicitly rather than re-derived from the sign via
/// [`PnlLine::for_fact`]: a negative internal charge (a credit) must stay on
/// the provider's internal-sales line, and storing the line keeps a reloaded
/// entry on the line it was computed for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    /// Business day the amount belongs to.
    pub day: NaiveDate,
    /// Unit code whose P&L it lands in.
    pub unit: String,
    /// Fact kind to store it under.
    pub kind: FactKind,
    /// P&L line it lands on.
    pub line: PnlLine,
    /// Signed amount in the base currency (money in +, out −), whole cents.
    pub amount: Decimal,
}

/// Sum of postings' amounts: the net-to-zero checks of charges and allocations.
pub fn net(postings: &[Posting]) -> Decimal {
    postings.iter().map(|p| p.amount).sum()
}
