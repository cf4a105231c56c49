//! Alerts after an import: the rules in force evaluated on the latest day
//! with data (the day an import most often brings), so a new episode is
//! told as the data arrives rather than at the next daily run. Evaluating
//! a day reads the ledger back 8 weeks (the slump history) and 6 months of
//! storage fees; its cost is measured in docs/oversight.md.

use super::run::{run_day, DayRun};
use crate::Result;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::time::{Duration, Instant};

/// What an after-import run did, and how long it took.
#[derive(Debug, Clone)]
pub struct AfterImport {
    /// The day evaluated.
    pub day: NaiveDate,
    /// The run.
    pub run: DayRun,
    /// Time spent.
    pub took: Duration,
}

/// Evaluates the latest day with data; `None` when no rules are imported
/// or there is no data yet.
pub async fn run_latest(db: &Db, company: &CompanyRow) -> Result<Option<AfterImport>> {
    let started = Instant::now();
    if db.alert_rules(company.id).await?.is_none() {
        return Ok(None);
    }
    let Some(day) = db.last_fact_day(company.id).await? else { return Ok(None) };
    let run = run_day(db, company, day).await?;
    Ok(Some(AfterImport { day, run, took: started.elapsed() }))
}
