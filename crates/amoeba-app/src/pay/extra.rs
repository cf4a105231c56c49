//! What a pay run is read for besides its statements: the payroll export
//! (person, amounts by component, total), what-if (a draft plan on a
//! month's real data beside the plan in force, not saved), a partner's
//! exit value, and disputes of statement lines.

use super::inputs::{closed_unit_months, month_inputs};
use super::plans::stored_plans;
use super::runs::{current, APPROVED, LOCKED};
use super::PayRefusal;
use crate::{AppError, Result};
use amoeba_core::incentive::{exit_value, whatif, ExitValue, LineKind, PayError, PayPlan, PayRun, WhatIf};
use amoeba_core::org::Org;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::pay_repo::DisputeRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// The column of a payroll that holds balances and draws (lines of no component).
pub const BALANCE_COLUMN: &str = "balance_and_draws";

/// One person's payroll line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PayrollRow {
    /// Person code.
    pub person: String,
    /// Name.
    pub name: String,
    /// Amount per column of [`Payroll::columns`].
    pub amounts: Vec<Decimal>,
    /// What is paid (Σ amounts).
    pub total: Decimal,
}

/// A run as payroll: one row per person, one column per component (its
/// lines, clawbacks and re-run adjustments), one for balances and draws.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Payroll {
    /// Column codes: components (`plan/component`; `award` for prizes),
    /// then [`BALANCE_COLUMN`].
    pub columns: Vec<String>,
    /// Rows, by person.
    pub rows: Vec<PayrollRow>,
    /// Σ of the rows' totals (the run's total).
    pub total: Decimal,
}

/// The payroll of a run: each row's amounts add up to the person's total,
/// and the totals to the run's (asserted).
pub fn payroll(run: &PayRun, org: &Org) -> Payroll {
    let is_balance = |k: LineKind| {
        matches!(k, LineKind::BroughtForward | LineKind::CarriedForward | LineKind::Recovery | LineKind::Advance | LineKind::Guarantee)
    };
    // A line of no plan (an award) has its component as its column.
    let column = |l: &amoeba_core::incentive::StatementLine| {
        if l.plan.is_empty() {
            l.component.clone()
        } else {
            format!("{}/{}", l.plan, l.component)
        }
    };
    let mut comps: BTreeSet<String> = BTreeSet::new();
    for s in &run.statements {
        for l in s.lines.iter().filter(|l| !is_balance(l.kind)) {
            comps.insert(column(l));
        }
    }
    let mut columns: Vec<String> = comps.into_iter().collect();
    columns.push(BALANCE_COLUMN.to_string());
    let rows: Vec<PayrollRow> = run
        .statements
        .iter()
        .map(|s| {
            let mut amounts = vec![Decimal::ZERO; columns.len()];
            for l in &s.lines {
                let col = if is_balance(l.kind) {
                    columns.len() - 1
                } else {
                    let key = column(l);
                    columns.iter().position(|c| *c == key).unwrap_or(columns.len() - 1)
                };
                amounts[col] += l.amount;
            }
            let name = org.people.iter().find(|p| p.code == s.person).map(|p| p.name.clone()).unwrap_or_default();
            assert_eq!(amounts.iter().copied().sum::<Decimal>(), s.total, "a payroll row adds up to the statement of {}", s.person);
            PayrollRow { person: s.person.clone(), name, amounts, total: s.total }
        })
        .collect();
    let total: Decimal = rows.iter().map(|r| r.total).sum();
    assert_eq!(total, run.total, "the payroll adds up to the run");
    Payroll { columns, rows, total }
}

/// A what-if: the draft as checked, the version it is compared with, and the comparison.
#[derive(Debug, Clone)]
pub struct WhatIfRun {
    /// The draft plan (not saved).
    pub draft: PayPlan,
    /// The stored version in force it is compared with.
    pub active: PayPlan,
    /// Per person, who gains, who loses and why; the totals.
    pub result: WhatIf,
}

/// Runs a draft pay plan file on `month`'s closed data beside the version
/// in force of the same code (else the first in force), nothing saved.
pub async fn whatif_file(db: &Db, company: &CompanyRow, month: Month, file: &str, text: &str) -> Result<WhatIfRun> {
    let org = db.load_org(company.id).await?;
    let draft =
        amoeba_import::pay_plan::check(text, &org, &[]).map_err(|errors| AppError::PayPlanFile { file: file.to_string(), errors })?;
    let stored = stored_plans(db, company).await?;
    if stored.is_empty() {
        return Err(PayRefusal::NoPlan.into());
    }
    let in_force: Vec<&PayPlan> = stored.iter().map(|s| &s.plan).filter(|p| p.in_force(month)).collect();
    let active = in_force
        .iter()
        .find(|p| p.code == draft.code)
        .or(in_force.first())
        .map(|p| (*p).clone())
        .ok_or(PayRefusal::Engine(PayError::NoPlanInForce { period: month }))?;
    let runs = db.pay_runs(company.id).await?;
    let inputs = month_inputs(db, company, month, &[&draft, &active], &runs, None).await?;
    let result = whatif(&draft, &active, &inputs.as_inputs(), month).map_err(PayRefusal::Engine)?;
    Ok(WhatIfRun { draft, active, result })
}

/// A partner's exit value on `date` under the agreement of the plan in
/// force that day naming them (`agreement`: its code, when they are in several).
pub async fn partner_exit(db: &Db, company: &CompanyRow, person: &str, date: NaiveDate, agreement: Option<&str>) -> Result<ExitValue> {
    let stored = stored_plans(db, company).await?;
    if stored.is_empty() {
        return Err(PayRefusal::NoPlan.into());
    }
    let found = stored
        .iter()
        .filter(|s| s.plan.effective.contains(date))
        .flat_map(|s| s.plan.partners.iter())
        .find(|a| agreement.is_none_or(|c| a.code == c) && a.parties.iter().any(|p| p.person == person));
    let Some(a) = found else {
        return Err(PayRefusal::Engine(PayError::NotAParty {
            person: person.to_string(),
            agreement: agreement.unwrap_or("-").to_string(),
        })
        .into());
    };
    let months = amoeba_core::incentive::partner::months_before(Month::of(date), a.exit.trailing_months);
    let (units, _) = closed_unit_months(db, company, &months).await?;
    exit_value(a, person, date, &units).map_err(|e| PayRefusal::Engine(e).into())
}

/// A person disputes line `line` (1-based) of their statement of `month`'s
/// approved or locked run, with a note.
pub async fn dispute(db: &Db, company: &CompanyRow, month: Month, person: &str, line: usize, note: &str, by: &str) -> Result<DisputeRow> {
    let note = note.trim();
    if note.is_empty() {
        return Err(PayRefusal::EmptyNote.into());
    }
    let runs = db.pay_runs(company.id).await?;
    let run = current(&runs, month).ok_or_else(|| PayRefusal::NoRun { month: month.to_string(), status: None })?;
    if run.status != APPROVED && run.status != LOCKED {
        return Err(PayRefusal::DraftNotDisputable { month: month.to_string() }.into());
    }
    let Some((_, s)) = super::runs::statement_of(db, company, month, person, false).await? else {
        return Err(PayRefusal::NoSuchLine { line, lines: 0 }.into());
    };
    let l = line.checked_sub(1).and_then(|i| s.lines.get(i)).ok_or(PayRefusal::NoSuchLine { line, lines: s.lines.len() })?;
    let mut d = DisputeRow {
        id: 0,
        run_id: run.id,
        person: person.to_string(),
        line: line as i64,
        component: l.component.clone(),
        note: note.to_string(),
        raised_by: by.to_string(),
        raised_at: String::new(),
        answer: None,
        answered_by: None,
        answered_at: None,
    };
    d.id = db.add_pay_dispute(company.id, &d).await?;
    db.pay_dispute(company.id, d.id).await?.ok_or_else(|| AppError::Internal(format!("dispute #{} vanished", d.id)))
}

/// Finance answers an open dispute.
pub async fn answer(db: &Db, company: &CompanyRow, id: i64, text: &str, by: &str) -> Result<DisputeRow> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PayRefusal::EmptyNote.into());
    }
    if !db.answer_pay_dispute(company.id, id, text, by).await? {
        return Err(PayRefusal::DisputeClosed { id }.into());
    }
    db.pay_dispute(company.id, id).await?.ok_or_else(|| AppError::Internal(format!("dispute #{id} vanished")))
}
