//! The weekly or monthly operator report of a contract's stores: the
//! core's `build_report` over the stored traffic and ledger days, with the
//! data cuts it was counted in and the notes written on it.

use super::figures::report_days;
use crate::{AppError, Result};
use amoeba_core::ledger::DataCut;
use amoeba_core::oversight::decompose::DecomposeError;
use amoeba_core::oversight::report::{build_report, OperatorReport, ReportPeriod};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::oversight_repo::ReportNote;
use amoeba_store::Db;
use chrono::NaiveDate;

/// A report with what it was counted from.
#[derive(Debug, Clone)]
pub struct ReportView {
    /// The contract it is for.
    pub contract: String,
    /// The stores it covers.
    pub stores: Vec<String>,
    /// The figures (money in the company's base currency).
    pub report: OperatorReport,
    /// When the traffic's days begin (each cut once).
    pub cuts: Vec<DataCut>,
    /// Amounts left out (missing FX rates).
    pub problems: Vec<String>,
    /// The operator's notes and the leader's comments, in the order written.
    pub notes: Vec<ReportNote>,
}

/// The report of `stores` for `period` (and the period before it), as it counts `today`.
pub async fn report(
    db: &Db,
    company: &CompanyRow,
    contract: &str,
    stores: &[String],
    period: ReportPeriod,
    today: NaiveDate,
) -> Result<ReportView> {
    let from = period.previous().first_day();
    let figures = report_days(db, company, stores, from, period.last_day(), today).await?;
    let report = build_report(period, &figures.days).map_err(|e: DecomposeError| AppError::Internal(e.to_string()))?;
    let notes = db.report_notes(company.id, contract, &period.to_string()).await?;
    Ok(ReportView {
        contract: contract.to_string(),
        stores: stores.to_vec(),
        report,
        cuts: figures.cuts,
        problems: figures.problems,
        notes,
    })
}

/// Who writes a note: the operator, or a leader or owner commenting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// The operator's note on their report.
    Operator,
    /// A leader's (or owner's) comment.
    Leader,
}

impl NoteKind {
    /// Stored code.
    pub fn as_str(&self) -> &'static str {
        match self {
            NoteKind::Operator => "operator",
            NoteKind::Leader => "leader",
        }
    }
}

/// Adds a note to the report of `contract` for `period`; an empty note is not kept.
pub async fn add_note(
    db: &Db,
    company: &CompanyRow,
    contract: &str,
    period: ReportPeriod,
    kind: NoteKind,
    login: &str,
    body: &str,
) -> Result<Option<i64>> {
    let body = body.trim();
    if body.is_empty() {
        return Ok(None);
    }
    Ok(Some(db.add_report_note(company.id, contract, &period.to_string(), kind.as_str(), login, body).await?))
}

/// A report period as written: `2026-W10` (an ISO week) or `2026-03` (a month).
pub fn parse_period(s: &str) -> Option<ReportPeriod> {
    let s = s.trim();
    if let Some((y, w)) = s.split_once("-W").or_else(|| s.split_once("-w")) {
        let week = amoeba_core::oversight::report::IsoWeek::new(y.parse().ok()?, w.parse().ok()?)?;
        return Some(ReportPeriod::Week(week));
    }
    s.parse::<amoeba_core::Month>().ok().map(ReportPeriod::Month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_weeks_or_months() {
        assert_eq!(parse_period("2026-W10").map(|p| p.to_string()).as_deref(), Some("2026-W10"));
        assert_eq!(parse_period("2026-03").map(|p| p.to_string()).as_deref(), Some("2026-03"));
        assert_eq!(parse_period("2025-W53"), None, "2025 has 52 ISO weeks");
        assert_eq!(parse_period("March"), None);
    }
}
