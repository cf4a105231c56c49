//! Query parameters every figure page and API route reads the same way:
//! a day, a month, a P&L line — refused with a 400 in the reader's language.

use crate::ctx::{Authed, Ctx};
use crate::error::Fail;
use amoeba_core::accounting::PnlLine;
use amoeba_core::Month;
use chrono::NaiveDate;
use serde::Deserialize;

/// Parses an optional `YYYY-MM-DD`, refusing anything else with a 400 in
/// the page's language.
pub fn parse_day(ctx: &Ctx, raw: Option<&str>) -> Result<Option<NaiveDate>, Fail> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| ctx.bad_value("err.bad_day", s)),
    }
}

/// The day asked for, or the default day (yesterday, or the last day with data).
pub fn day_or_default(who: &Authed, raw: Option<&str>) -> Result<NaiveDate, Fail> {
    Ok(parse_day(&who.ctx, raw)?.unwrap_or_else(|| who.current.default_day(who.ctx.today)))
}

/// Parses `YYYY-MM`, defaulting to the month of the default day.
pub fn month_or_default(who: &Authed, raw: Option<&str>) -> Result<Month, Fail> {
    match raw.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => m.parse().map_err(|_| who.ctx.bad_value("err.bad_month", m)),
        None => Ok(Month::of(who.current.default_day(who.ctx.today))),
    }
}

/// `?line=…&month=…&day=…&page=…` of a drill-down.
#[derive(Deserialize)]
pub struct FactsParams {
    /// P&L line code.
    pub line: Option<String>,
    /// Month.
    pub month: Option<String>,
    /// Day within the month.
    pub day: Option<String>,
    /// Page of the rows (1-based).
    pub page: Option<String>,
}

/// Checks the drill-down parameters: a line, and a month or a day of it.
pub fn facts_params(who: &Authed, q: &FactsParams) -> Result<(PnlLine, Month, Option<NaiveDate>), Fail> {
    let ctx = &who.ctx;
    let raw_line = q.line.as_deref().unwrap_or("");
    let line: PnlLine = raw_line.parse().map_err(|_| ctx.bad_value("err.bad_line", raw_line))?;
    let day = parse_day(ctx, q.day.as_deref())?;
    let month = match (q.month.as_deref().filter(|m| !m.trim().is_empty()), day) {
        (None, Some(d)) => Month::of(d),
        (m, _) => month_or_default(who, m)?,
    };
    if let Some(d) = day {
        if !month.contains(d) {
            return Err(ctx.bad_value("err.day_not_in_month", &format!("{d} / {month}")));
        }
    }
    Ok((line, month, day))
}
