//! Payout runs: a month's run computed from its closed data and the plan
//! versions in force (`incentive::compute_run`), stored as a draft with its
//! canonical bytes, SHA-256 and inputs hash; approved by finance (who,
//! when), then locked — its carry is the next month's history. A locked
//! month is never computed again in place: computing it again either
//! reproduces it byte for byte or gives a re-run whose difference
//! (`incentive::diff_runs`) is recorded and carried into the next month
//! that locks.

use super::inputs::{month_inputs, MonthInputs};
use super::plans::stored_plans;
use super::PayRefusal;
use crate::{AppError, Result};
use amoeba_core::incentive::{canonical_bytes, compute_run, diff_runs, run_sha256, Adjustment, PayPlan, PayRun, Statement};
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::pay_repo::{NewRun, RunPlan, RunRow, StatementRow};
use amoeba_store::{Db, StoreError};

/// A run's status: computed, not approved yet.
pub const DRAFT: &str = "draft";
/// Approved by finance.
pub const APPROVED: &str = "approved";
/// Paid: its carry is the next month's history.
pub const LOCKED: &str = "locked";
/// A later version of a locked month, whose difference is carried.
pub const RERUN: &str = "rerun";

/// A stored run with the run itself.
#[derive(Debug, Clone)]
pub struct RunOf {
    /// The row (status, who, when, hashes).
    pub row: RunRow,
    /// The run.
    pub run: PayRun,
}

/// What `payout` did.
#[derive(Debug, Clone)]
pub enum Payout {
    /// A draft stored (it replaces the month's draft).
    Draft(RunOf),
    /// The month's approved or locked run computed again: the same bytes.
    Reproduced(RunRow),
    /// The month's approved or locked run computed again gives another
    /// run; it is never stored in its place. With the differences per
    /// person and component; `rerun` when the re-run was recorded, to be
    /// carried into the next month that locks.
    Differs {
        /// The run paid (or approved).
        paid: RunRow,
        /// SHA-256 of the run computed now.
        new_sha256: String,
        /// What differs.
        diff: Vec<Adjustment>,
        /// The re-run, when recorded.
        rerun: Option<RunRow>,
    },
}

fn corrupt(what: String) -> AppError {
    AppError::Store(StoreError::Corrupt(what))
}

/// A stored run's bytes, read back.
pub async fn load_run(db: &Db, company: &CompanyRow, row: &RunRow) -> Result<PayRun> {
    let bytes = db.pay_run_bytes(company.id, row.id).await?.unwrap_or_default();
    serde_json::from_str(&bytes).map_err(|e| corrupt(format!("the pay run of {} (#{}) does not read back: {e}", row.month, row.id)))
}

/// The month's runs, newest first.
pub fn of_month(runs: &[RunRow], month: Month) -> impl Iterator<Item = &RunRow> {
    let m = month.to_string();
    runs.iter().filter(move |r| r.month == m)
}

/// The month's run that counts: the approved or locked one, else the draft.
pub fn current(runs: &[RunRow], month: Month) -> Option<&RunRow> {
    of_month(runs, month).find(|r| r.status == APPROVED || r.status == LOCKED).or_else(|| of_month(runs, month).find(|r| r.status == DRAFT))
}

/// The latest version of a paid month: its last re-run, else its run.
fn latest_version(runs: &[RunRow], month: Month) -> Option<&RunRow> {
    of_month(runs, month).filter(|r| r.status != DRAFT).max_by_key(|r| r.seq)
}

/// The run's rows for the store: one per statement.
fn statement_rows(run: &PayRun) -> Result<Vec<StatementRow>> {
    run.statements
        .iter()
        .map(|s| {
            Ok(StatementRow {
                person: s.person.clone(),
                earned: s.earned,
                total: s.total,
                carried_forward: s.carried_forward,
                advance_outstanding: s.advance_outstanding,
                statement: serde_json::to_string(s).map_err(|e| AppError::Internal(format!("a statement does not serialise: {e}")))?,
            })
        })
        .collect()
}

/// Refuses a month while an earlier month's run is not locked (its carry
/// is this month's history).
fn earlier_locked(runs: &[RunRow], month: Month) -> Result<()> {
    let m = month.to_string();
    let mut months: Vec<&str> = runs.iter().filter(|r| r.month < m).map(|r| r.month.as_str()).collect();
    months.sort_unstable();
    months.dedup();
    for e in months {
        let mine: Vec<&RunRow> = runs.iter().filter(|r| r.month == e).collect();
        if !mine.iter().any(|r| r.status == LOCKED) {
            let status = mine.iter().map(|r| r.status.clone()).next().unwrap_or_default();
            return Err(PayRefusal::EarlierNotLocked { month: m, earlier: e.to_string(), status }.into());
        }
    }
    Ok(())
}

/// A run computed for `month` now, with its inputs.
pub struct Computed {
    /// The run.
    pub run: PayRun,
    /// Its canonical bytes.
    pub bytes: String,
    /// Their SHA-256.
    pub sha256: String,
    /// The inputs it read.
    pub inputs: MonthInputs,
    /// The plan versions it paid by, with their files' hashes.
    pub plans: Vec<RunPlan>,
}

/// Computes `month`'s run from what is stored (nothing is written).
/// `carried`: the re-runs the month's paid run carried (a re-run reads what
/// the run read).
pub async fn compute(db: &Db, company: &CompanyRow, month: Month, runs: &[RunRow], carried: Option<&[i64]>) -> Result<Computed> {
    let stored = stored_plans(db, company).await?;
    if stored.is_empty() {
        return Err(PayRefusal::NoPlan.into());
    }
    let plans: Vec<PayPlan> = stored.iter().map(|s| s.plan.clone()).collect();
    let in_force: Vec<&PayPlan> = plans.iter().filter(|p| p.in_force(month)).collect();
    let inputs = month_inputs(db, company, month, &in_force, runs, carried).await?;
    let run = compute_run(&plans, &inputs.as_inputs(), month).map_err(PayRefusal::Engine)?;
    let bytes = String::from_utf8(canonical_bytes(&run)).map_err(|e| AppError::Internal(format!("a pay run is not UTF-8 JSON: {e}")))?;
    let sha256 = run_sha256(&run);
    let plans = run
        .plans
        .iter()
        .map(|v| RunPlan {
            code: v.code.clone(),
            version: v.version,
            file_sha256: stored
                .iter()
                .find(|s| s.row.code == v.code && s.row.version == v.version)
                .map(|s| s.row.file_sha256.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(Computed { run, bytes, sha256, inputs, plans })
}

/// `amoeba payout --month M`: computes the month's run from its closed
/// data. Without an approved or locked run it is stored as the month's
/// draft (earlier months' runs must be locked, later ones not approved);
/// with one it is compared with it — the same bytes, or the differences,
/// recorded as a re-run when `record_rerun` (a locked month only).
pub async fn payout(db: &Db, company: &CompanyRow, month: Month, by: &str, record_rerun: bool) -> Result<Payout> {
    let runs = db.pay_runs(company.id).await?;
    let paid = of_month(&runs, month).find(|r| r.status == APPROVED || r.status == LOCKED).cloned();
    if let Some(paid) = paid {
        let latest = latest_version(&runs, month).cloned().unwrap_or_else(|| paid.clone());
        let now = compute(db, company, month, &runs, Some(paid.reruns.as_slice())).await?;
        if now.sha256 == latest.run_sha256 {
            return Ok(Payout::Reproduced(latest));
        }
        let before = load_run(db, company, &latest).await?;
        let diff = diff_runs(&before, &now.run);
        let mut rerun = None;
        if record_rerun {
            if paid.status != LOCKED {
                return Err(PayRefusal::NotLocked { month: month.to_string() }.into());
            }
            let json =
                serde_json::to_string(&diff).map_err(|e| AppError::Internal(format!("a re-run's difference does not serialise: {e}")))?;
            let rows = statement_rows(&now.run)?;
            let new = NewRun {
                month: month.to_string(),
                status: RERUN,
                plans: &now.plans,
                inputs_sha256: &now.inputs.sha256()?,
                run: &now.bytes,
                run_sha256: &now.sha256,
                total: now.run.total,
                reruns: &paid.reruns,
                diff: Some(json),
                by,
                statements: &rows,
            };
            let id = db.save_pay_run(company.id, &new).await?.ok_or_else(|| AppError::Internal("a re-run was not stored".into()))?;
            rerun = db.pay_run(company.id, id).await?;
        }
        return Ok(Payout::Differs { paid, new_sha256: now.sha256, diff, rerun });
    }
    earlier_locked(&runs, month)?;
    let m = month.to_string();
    if let Some(later) = runs.iter().find(|r| r.month > m && (r.status == APPROVED || r.status == LOCKED)) {
        return Err(PayRefusal::LaterRunFinal { month: m, later: later.month.clone() }.into());
    }
    let now = compute(db, company, month, &runs, None).await?;
    let rows = statement_rows(&now.run)?;
    let inputs_sha256 = now.inputs.sha256()?;
    let new = NewRun {
        month: m.clone(),
        status: DRAFT,
        plans: &now.plans,
        inputs_sha256: &inputs_sha256,
        run: &now.bytes,
        run_sha256: &now.sha256,
        total: now.run.total,
        reruns: &now.inputs.reruns,
        diff: None,
        by,
        statements: &rows,
    };
    let Some(id) = db.save_pay_run(company.id, &new).await? else {
        return Err(PayRefusal::RunFinal { month: m, status: APPROVED.into() }.into());
    };
    let row = db.pay_run(company.id, id).await?.ok_or_else(|| AppError::Internal(format!("pay run #{id} was not stored")))?;
    Ok(Payout::Draft(RunOf { row, run: now.run }))
}

/// Approves the month's draft (who, when).
pub async fn approve(db: &Db, company: &CompanyRow, month: Month, by: &str) -> Result<RunRow> {
    let runs = db.pay_runs(company.id).await?;
    if let Some(done) = of_month(&runs, month).find(|r| r.status == APPROVED || r.status == LOCKED) {
        return Err(PayRefusal::RunFinal { month: month.to_string(), status: done.status.clone() }.into());
    }
    let draft = of_month(&runs, month)
        .find(|r| r.status == DRAFT)
        .ok_or_else(|| PayRefusal::NoRun { month: month.to_string(), status: Some(DRAFT.into()) })?;
    if !db.approve_pay_run(company.id, draft.id, by).await? {
        return Err(PayRefusal::NoRun { month: month.to_string(), status: Some(DRAFT.into()) }.into());
    }
    db.pay_run(company.id, draft.id).await?.ok_or_else(|| AppError::Internal(format!("pay run #{} vanished", draft.id)))
}

/// Locks the month's approved run: paid; what it paid on each sale and
/// what it carries become the next month's history. Earlier months' runs
/// must be locked.
pub async fn lock(db: &Db, company: &CompanyRow, month: Month, by: &str) -> Result<RunRow> {
    let runs = db.pay_runs(company.id).await?;
    if let Some(done) = of_month(&runs, month).find(|r| r.status == LOCKED) {
        return Err(PayRefusal::RunFinal { month: month.to_string(), status: done.status.clone() }.into());
    }
    let approved = of_month(&runs, month)
        .find(|r| r.status == APPROVED)
        .ok_or_else(|| PayRefusal::NoRun { month: month.to_string(), status: Some(APPROVED.into()) })?
        .clone();
    earlier_locked(&runs, month)?;
    let run = load_run(db, company, &approved).await?;
    if !db.lock_pay_run(company.id, approved.id, by, &run.carry).await? {
        return Err(PayRefusal::NoRun { month: month.to_string(), status: Some(APPROVED.into()) }.into());
    }
    db.pay_run(company.id, approved.id).await?.ok_or_else(|| AppError::Internal(format!("pay run #{} vanished", approved.id)))
}

/// A person's statement of the month's run that counts (`drafts`: a draft
/// counts too — finance checks it before approving; a person sees their
/// statement once it is approved).
pub async fn statement_of(db: &Db, company: &CompanyRow, month: Month, person: &str, drafts: bool) -> Result<Option<(RunRow, Statement)>> {
    let runs = db.pay_runs(company.id).await?;
    let Some(run) = current(&runs, month).filter(|r| drafts || r.status != DRAFT) else { return Ok(None) };
    let Some(row) = db.pay_statement(company.id, run.id, person).await? else { return Ok(None) };
    let s: Statement =
        serde_json::from_str(&row.statement).map_err(|e| corrupt(format!("a statement of {} does not read back: {e}", run.month)))?;
    Ok(Some((run.clone(), s)))
}
