//! Operator contracts: read from a TOML file, checked whole (the core's
//! `problems()`, stores and the operator known to the organisation), saved,
//! and judged against each month's actuals — the stores' own figures over
//! the contract's days, from the one ledger rule the store page uses.

use super::figures::ledger_days;
use crate::{AppError, Result};
use amoeba_core::accounting::PnlLine;
use amoeba_core::oversight::contract::{target_vs_actual, trial_verdict, MonthActual, MonthResult, OperatorContract, TrialVerdict};
use amoeba_core::{Month, Refusal};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::oversight_repo::StoredContract;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Reads a contract from TOML text (docs/oversight.md, "Contracts").
pub fn parse_contract(file: &str, text: &str) -> Result<OperatorContract> {
    toml::from_str(text).map_err(|e| Refusal::ContractFile { file: file.to_string(), detail: e.to_string().trim().to_string() }.into())
}

/// Checks a contract against itself and the organisation, then saves it
/// (replacing one of the same code), noting who saved it.
pub async fn save_contract(db: &Db, company: &CompanyRow, c: &OperatorContract, login: &str) -> Result<()> {
    let problems = c.problems();
    if !problems.is_empty() {
        return Err(Refusal::ContractRefused { code: c.code.clone(), problems }.into());
    }
    let org = db.load_org(company.id).await?;
    if let Some(s) = c.stores.iter().find(|s| !org.stores.iter().any(|x| &x.code == *s)) {
        return Err(Refusal::UnknownStore { code: s.clone(), known: org.stores.iter().map(|x| x.code.clone()).collect() }.into());
    }
    if !org.people.iter().any(|p| p.code == c.operator) {
        return Err(Refusal::UnknownPerson { code: c.operator.clone() }.into());
    }
    db.save_contract(company.id, c, login).await?;
    Ok(())
}

/// Every contract, by code.
pub async fn contracts(db: &Db, company: &CompanyRow) -> Result<Vec<StoredContract>> {
    Ok(db.contracts(company.id).await?)
}

/// The contract of `code`, or the refusal naming it.
pub async fn contract(db: &Db, company: &CompanyRow, code: &str) -> Result<StoredContract> {
    db.contracts(company.id)
        .await?
        .into_iter()
        .find(|c| c.contract.code == code)
        .ok_or_else(|| AppError::Refused(Refusal::UnknownContract { code: code.to_string() }))
}

/// Each month's actuals of the contract's stores over its days up to
/// `today`: sales (the sales line), profit (the stores' own profit) and
/// gross profit (sales + refunds + COGS), in base currency. A month the
/// company has data for counts even when the stores booked nothing in it
/// (zero sales is a result); a month without any data has no actuals.
pub async fn actuals(db: &Db, company: &CompanyRow, c: &OperatorContract, today: NaiveDate) -> Result<(Vec<MonthActual>, Vec<String>)> {
    let to = c.end().min(today);
    if to < c.start {
        return Ok((Vec::new(), Vec::new()));
    }
    let (days, counted, problems) = ledger_days(db, company, &c.stores, c.start, to, today).await?;
    let zero = |month| MonthActual { month, sales: Default::default(), profit: Default::default(), gross_profit: Default::default() };
    let mut by_month: BTreeMap<Month, MonthActual> = counted.into_iter().map(|m| (m, zero(m))).collect();
    for ((_, day), l) in days {
        let m = Month::of(day);
        let a = by_month.entry(m).or_insert_with(|| zero(m));
        let sales = l.lines.get(PnlLine::Sales);
        a.sales += sales;
        a.profit += l.lines.profit();
        a.gross_profit += sales + l.lines.get(PnlLine::Refunds) + l.lines.get(PnlLine::Cogs);
    }
    Ok((by_month.into_values().collect(), problems))
}

/// A contract's target against actual per month and its trial verdict as of `today`.
#[derive(Debug, Clone)]
pub struct ContractView {
    /// The contract as stored.
    pub stored: StoredContract,
    /// Every month of the term with actuals so far.
    pub months: Vec<MonthResult>,
    /// The verdict on the trial (provisional until it is over).
    pub verdict: TrialVerdict,
    /// Amounts left out (missing FX rates).
    pub problems: Vec<String>,
}

/// The contract's view as of `today`.
pub async fn contract_view(db: &Db, company: &CompanyRow, stored: StoredContract, today: NaiveDate) -> Result<ContractView> {
    let (actuals, problems) = actuals(db, company, &stored.contract, today).await?;
    let months = target_vs_actual(&stored.contract, &actuals);
    let verdict = trial_verdict(&stored.contract, &actuals, today);
    Ok(ContractView { stored, months, verdict, problems })
}
