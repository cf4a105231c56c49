//! Targets (seed 004): `amoeba target derive` and the target pages. The
//! rules are the core's (`amoeba_core::goals`): the annual target from the
//! operating cost, its months by the ledger's seasonality, each month's
//! people by their efficiency, attainment and pace. This module only
//! gathers their inputs from what is stored and stores the result: a new
//! version of the unit's target, its months written as the unit's `sales`
//! plans (what the P&L's plan column and the board compare against).

use crate::accounting::month_to_date;
use crate::engage_refusal::EngageRefusal;
use crate::{AppError, Result};
use amoeba_core::accounting::PnlLine;
use amoeba_core::dates::EffectiveRange;
use amoeba_core::goals::{
    annual_target, history_window, ledger_basis, operating_cost, pace, split_month, split_year, AnnualTarget, Combine, Effort, LedgerBasis,
    MonthFigures, MonthHold, MonthSplit, Pace, PaceInput, PeopleSplit, PersonHistory, TargetInput,
};
use amoeba_core::org::Org;
use amoeba_core::Month;
use amoeba_store::engage::StoredTarget;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Look-back of the people split when none is given: three whole months.
pub const DEFAULT_LOOKBACK_MONTHS: u32 = 3;

/// What the owner asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetRequest {
    /// The year.
    pub year: i32,
    /// The unit.
    pub unit: String,
    /// The annual operating cost, when given (else from the ledger).
    pub cost: Option<Decimal>,
    /// Profit uplift (0.30 = 30 %).
    pub uplift: Decimal,
    /// Stretch (0.08 = 8 %).
    pub stretch: Decimal,
    /// Compounding or additive.
    pub combine: Combine,
    /// Why a stretch outside 5–10 %.
    pub stretch_reason: Option<String>,
    /// Months held at a figure.
    pub holds: Vec<MonthHold>,
    /// Whole months of the people's efficiency look-back.
    pub lookback_months: u32,
}

impl TargetRequest {
    /// The source's defaults (30 % uplift, 8 % stretch, compounding, cost from the ledger).
    pub fn new(year: i32, unit: &str) -> Self {
        let d = TargetInput::with_defaults(Decimal::ZERO);
        Self {
            year,
            unit: unit.to_string(),
            cost: None,
            uplift: d.uplift,
            stretch: d.stretch,
            combine: d.combine,
            stretch_reason: None,
            holds: Vec::new(),
            lookback_months: DEFAULT_LOOKBACK_MONTHS,
        }
    }
}

/// Where the operating cost came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "source")]
pub enum CostBasis {
    /// Given with the request (`--cost`).
    Given,
    /// The ledger's history window.
    Ledger(Box<LedgerBasis>),
}

/// One month's people and their targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPeople {
    /// The month.
    pub month: Month,
    /// The split; `None` when nobody is assigned to the unit that month.
    pub split: Option<PeopleSplit>,
}

/// A derived target, as stored (one version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derivation {
    /// The year.
    pub year: i32,
    /// The unit.
    pub unit: String,
    /// The day it was derived on.
    pub derived_on: NaiveDate,
    /// Where the cost came from.
    pub cost: CostBasis,
    /// The annual target and its arithmetic.
    pub annual: AnnualTarget,
    /// The months.
    pub months: MonthSplit,
    /// Months held because they are closed (their stored sales plan kept).
    pub closed_held: Vec<u32>,
    /// The months the people's efficiency was measured over.
    pub lookback: Vec<Month>,
    /// Each month's people.
    pub people: Vec<MonthPeople>,
}

impl Derivation {
    /// The unit's target of `month` (of the derivation's year).
    pub fn month_target(&self, month: Month) -> Option<Decimal> {
        (month.year() == self.year).then(|| self.months.months[month.month() as usize - 1])
    }

    /// `person`'s target of `month`, if the split has them.
    pub fn person_target(&self, person: &str, month: Month) -> Option<Decimal> {
        self.people
            .iter()
            .find(|m| m.month == month)
            .and_then(|m| m.split.as_ref())
            .and_then(|s| s.people.iter().find(|p| p.person == person))
            .map(|p| p.target)
    }
}

/// A derivation with its stored version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionedTarget {
    /// Version (1, 2, …); the latest is in force.
    pub version: i64,
    /// When it was derived (RFC 3339, UTC).
    pub derived_at: String,
    /// The derivation.
    pub derivation: Derivation,
}

fn read(stored: &StoredTarget) -> Result<VersionedTarget> {
    let derivation = serde_json::from_str(&stored.derivation).map_err(|e| {
        AppError::Store(amoeba_store::StoreError::Corrupt(format!("target {} {} v{}: {e}", stored.year, stored.unit, stored.version)))
    })?;
    Ok(VersionedTarget { version: stored.version, derived_at: stored.derived_at.clone(), derivation })
}

fn unit_of<'o>(org: &'o Org, code: &str) -> Result<&'o amoeba_core::org::Unit> {
    org.unit(code).ok_or_else(|| EngageRefusal::UnknownUnit { code: code.to_string() }.into())
}

/// The people assigned to `unit`'s subtree at some time in `month`, sorted.
fn people_of(org: &Org, unit: &str, month: Month) -> Vec<String> {
    let units: Vec<&str> = org.subtree(unit).iter().map(|u| u.code.as_str()).collect();
    let span = EffectiveRange { from: month.first_day(), to: Some(month.last_day()) };
    let mut people: Vec<String> =
        org.assignments.iter().filter(|a| units.contains(&a.unit.as_str()) && a.range.overlaps(&span)).map(|a| a.person.clone()).collect();
    people.sort();
    people.dedup();
    people
}

/// Each person's credited sales and hours in `unit`'s subtree over `months`.
async fn efforts(
    db: &Db,
    company: &CompanyRow,
    org: &Org,
    unit: &str,
    months: &[Month],
    today: NaiveDate,
) -> Result<BTreeMap<String, Effort>> {
    let units: Vec<&str> = org.subtree(unit).iter().map(|u| u.code.as_str()).collect();
    let mut out: BTreeMap<String, Effort> = BTreeMap::new();
    for m in months {
        let credit = crate::credit::month_credit(db, company, *m, today).await?;
        for d in credit.days.iter().filter(|d| units.contains(&d.unit.as_str())) {
            if let Some(p) = &d.person {
                out.entry(p.clone()).or_insert(Effort { credited_sales: Decimal::ZERO, hours: Decimal::ZERO }).credited_sales +=
                    d.figures.sales;
            }
        }
        for h in db.hours_of_month(company.id, *m).await?.iter().filter(|h| units.contains(&h.unit.as_str())) {
            out.entry(h.person.clone()).or_insert(Effort { credited_sales: Decimal::ZERO, hours: Decimal::ZERO }).hours +=
                h.hours + h.overtime_hours;
        }
    }
    Ok(out)
}

/// The ledger's cost and seasonality of `unit` over the history window of `year`'s target.
async fn ledger(db: &Db, company: &CompanyRow, unit: &str, year: i32, today: NaiveDate) -> Result<(Vec<Month>, Option<LedgerBasis>)> {
    let window = history_window(today, year);
    let with_data: Vec<String> = db.fact_months(company.id).await?.into_iter().map(|(m, _)| m).collect();
    let mut figures = Vec::with_capacity(window.len());
    for m in &window {
        let has_data = with_data.contains(&m.to_string());
        let (sales, cost) = if has_data {
            let mtd = month_to_date(db, company, *m, today).await?;
            match mtd.pnl.units.get(unit) {
                Some(p) => (p.rolled_up.get(PnlLine::Sales), operating_cost(&p.rolled_up)),
                None => (Decimal::ZERO, Decimal::ZERO),
            }
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        figures.push(MonthFigures { month: *m, has_data, sales, cost });
    }
    Ok((window, ledger_basis(&figures)))
}

/// Derives `req` without storing it: what `derive` would store.
pub async fn preview(db: &Db, company: &CompanyRow, req: &TargetRequest, today: NaiveDate) -> Result<Derivation> {
    let org = db.load_org(company.id).await?;
    unit_of(&org, &req.unit)?;
    if req.lookback_months == 0 || req.lookback_months > 24 {
        return Err(EngageRefusal::BadValue { what: "look-back months (1–24)".into(), value: req.lookback_months.to_string() }.into());
    }
    let (window, basis) = ledger(db, company, &req.unit, req.year, today).await?;
    let (cost, seasonality, cost_basis) = match (req.cost, basis) {
        (Some(c), basis) => (c, basis.and_then(|b| b.seasonality), CostBasis::Given),
        (None, Some(b)) => (b.operating_cost, b.seasonality, CostBasis::Ledger(Box::new(b))),
        (None, None) => {
            return Err(EngageRefusal::NoCost {
                unit: req.unit.clone(),
                from: window.first().map(|m| m.to_string()).unwrap_or_default(),
                to: window.last().map(|m| m.to_string()).unwrap_or_default(),
            }
            .into())
        }
    };
    let input = TargetInput {
        operating_cost: cost,
        uplift: req.uplift,
        stretch: req.stretch,
        combine: req.combine,
        stretch_reason: req.stretch_reason.clone(),
    };
    let annual = annual_target(&input)?;
    // A closed month keeps its stored sales plan: its plans never change.
    let closed = db.closed_periods(company.id).await?;
    let mut holds = req.holds.clone();
    let mut closed_held = Vec::new();
    for n in 1..=12u32 {
        let m = Month::new(req.year, n).map_err(|e| EngageRefusal::BadValue { what: "year".into(), value: e })?;
        if !closed.contains(&m.to_string()) {
            continue;
        }
        let planned = amoeba_core::reporting::board::planned(&db.plans_of_month(company.id, m).await?, &req.unit, PnlLine::Sales);
        holds.retain(|h| h.month != n);
        holds.push(MonthHold { month: n, amount: planned.unwrap_or(Decimal::ZERO) });
        closed_held.push(n);
    }
    let months = split_year(annual.target, seasonality.as_ref(), &holds)?;
    let lookback: Vec<Month> = {
        let mut m = Month::of(today);
        let mut v = Vec::new();
        for _ in 0..req.lookback_months {
            m = m.prev();
            v.push(m);
        }
        v.reverse();
        v
    };
    let efforts = efforts(db, company, &org, &req.unit, &lookback, today).await?;
    let mut people = Vec::with_capacity(12);
    for (i, amount) in months.months.iter().enumerate() {
        let month = Month::new(req.year, i as u32 + 1).map_err(|e| EngageRefusal::BadValue { what: "year".into(), value: e })?;
        let codes = people_of(&org, &req.unit, month);
        let split = if codes.is_empty() {
            None
        } else {
            let history: Vec<PersonHistory> =
                codes.iter().map(|p| PersonHistory { person: p.clone(), history: efforts.get(p).copied() }).collect();
            Some(split_month(*amount, &history)?)
        };
        people.push(MonthPeople { month, split });
    }
    Ok(Derivation {
        year: req.year,
        unit: req.unit.clone(),
        derived_on: today,
        cost: cost_basis,
        annual,
        months,
        closed_held,
        lookback,
        people,
    })
}

/// Derives and stores a new version of the unit's target: its months become
/// the unit's `sales` plans of the year (closed months keep theirs).
pub async fn derive(db: &Db, company: &CompanyRow, req: &TargetRequest, today: NaiveDate) -> Result<VersionedTarget> {
    let mut done = derive_all(db, company, std::slice::from_ref(req), today).await?;
    done.pop().ok_or_else(|| AppError::Internal("a derived target is missing".into()))
}

/// [`derive`] for several units: every derivation is computed first, from
/// one state of the data (each store raises the data version), then stored.
pub async fn derive_all(db: &Db, company: &CompanyRow, reqs: &[TargetRequest], today: NaiveDate) -> Result<Vec<VersionedTarget>> {
    let mut derived = Vec::with_capacity(reqs.len());
    for req in reqs {
        derived.push(preview(db, company, req, today).await?);
    }
    let mut out = Vec::with_capacity(derived.len());
    for derivation in derived {
        let json = serde_json::to_string(&derivation).map_err(|e| AppError::Internal(format!("a target does not serialise: {e}")))?;
        let plans: Vec<(Month, Decimal)> = derivation
            .people
            .iter()
            .map(|p| p.month)
            .zip(derivation.months.months.iter().copied())
            .filter(|(m, _)| !derivation.closed_held.contains(&m.month()))
            .collect();
        let version = db.save_target(company.id, derivation.year, &derivation.unit, &json, &plans).await?;
        let stored = db.target_versions(company.id, derivation.year, &derivation.unit).await?;
        let row =
            stored.iter().find(|t| t.version == version).ok_or_else(|| AppError::Internal("a stored target is not read back".into()))?;
        out.push(read(row)?);
    }
    Ok(out)
}

/// The targets in force for `year`, one per unit (latest version).
pub async fn targets_of_year(db: &Db, company: &CompanyRow, year: i32) -> Result<Vec<VersionedTarget>> {
    db.targets_of_year(company.id, year).await?.iter().map(read).collect()
}

/// Every version of a unit's target for `year`, oldest first.
pub async fn target_versions(db: &Db, company: &CompanyRow, year: i32, unit: &str) -> Result<Vec<VersionedTarget>> {
    db.target_versions(company.id, year, unit).await?.iter().map(read).collect()
}

/// Attainment and pace of one target over one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The target.
    pub target: Decimal,
    /// Actual through `as_of`.
    pub actual: Decimal,
    /// Last day counted (`None`: nothing counted yet).
    pub as_of: Option<NaiveDate>,
    /// Attainment and the pace still needed (the core's one rule).
    pub pace: Pace,
}

fn progress(target: Decimal, actual: Decimal, as_of: Option<NaiveDate>, start: NaiveDate, end: NaiveDate) -> Result<Progress> {
    let before = start.pred_opt().unwrap_or(start);
    let input = PaceInput { target, actual, as_of: as_of.unwrap_or(before), start, end };
    Ok(Progress { target, actual, as_of, pace: pace(&input, None)? })
}

/// A unit's target this month and this year, with attainment and pace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitProgress {
    /// The unit.
    pub unit: String,
    /// The version in force.
    pub version: i64,
    /// The month.
    pub month: Month,
    /// The month's target and sales to date.
    pub month_progress: Progress,
    /// The year's target and sales to date (when asked for: it reads every month of the year so far).
    pub year_progress: Option<Progress>,
}

/// A person's target of a month in one unit, with attainment and pace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonProgress {
    /// The person.
    pub person: String,
    /// The unit whose target it is part of.
    pub unit: String,
    /// The month.
    pub month: Month,
    /// Their efficiency weight (credited sales per hour, 2 dp), as split.
    pub efficiency: Option<Decimal>,
    /// Where the weight came from.
    pub source: amoeba_core::goals::EfficiencySource,
    /// Their credited sales in the unit's subtree against their target.
    pub progress: Progress,
}

/// Every unit target's progress in `month`.
pub async fn unit_progress(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate) -> Result<Vec<UnitProgress>> {
    progress_of(db, company, month, today, false).await
}

/// Every unit target's progress in `month` and in its year to date.
pub async fn unit_progress_with_year(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate) -> Result<Vec<UnitProgress>> {
    progress_of(db, company, month, today, true).await
}

async fn progress_of(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate, with_year: bool) -> Result<Vec<UnitProgress>> {
    let targets = targets_of_year(db, company, month.year()).await?;
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    // The months counted (each as it counts today): the year's through `month`, or `month` alone.
    let mut year: Vec<(Month, std::sync::Arc<crate::accounting::MonthToDate>)> = Vec::new();
    let mut m = if with_year { Month::new(month.year(), 1).map_err(AppError::Internal)? } else { month };
    while m <= month {
        year.push((m, month_to_date(db, company, m, today).await?));
        m = m.next();
    }
    let sales = |unit: &str, mtd: &crate::accounting::MonthToDate| {
        mtd.pnl.units.get(unit).map(|p| p.rolled_up.get(PnlLine::Sales)).unwrap_or(Decimal::ZERO)
    };
    let last = year.last().map(|(_, mtd)| mtd.clone());
    let as_of = year.iter().rev().find_map(|(_, mtd)| mtd.as_of);
    let year_start = Month::new(month.year(), 1).map_err(AppError::Internal)?.first_day();
    let year_end = Month::new(month.year(), 12).map_err(AppError::Internal)?.last_day();
    let mut out = Vec::with_capacity(targets.len());
    for t in &targets {
        let d = &t.derivation;
        let month_actual = last.as_deref().map(|mtd| sales(&d.unit, mtd)).unwrap_or(Decimal::ZERO);
        let month_as_of = last.as_ref().and_then(|mtd| mtd.as_of);
        let year_actual: Decimal = year.iter().map(|(_, mtd)| sales(&d.unit, mtd)).sum();
        out.push(UnitProgress {
            unit: d.unit.clone(),
            version: t.version,
            month,
            month_progress: progress(
                d.month_target(month).unwrap_or(Decimal::ZERO),
                month_actual,
                month_as_of,
                month.first_day(),
                month.last_day(),
            )?,
            year_progress: if with_year { Some(progress(d.annual.target, year_actual, as_of, year_start, year_end)?) } else { None },
        });
    }
    Ok(out)
}

/// Every person's progress in every unit target of `month` (the versions in
/// force): their target against their credited sales in the unit's subtree.
pub async fn month_people(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate) -> Result<Vec<PersonProgress>> {
    let targets = targets_of_year(db, company, month.year()).await?;
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let org = db.load_org(company.id).await?;
    let credit = crate::credit::month_credit(db, company, month, today).await?;
    let mut out = Vec::new();
    for t in &targets {
        out.extend(split_progress(&org, &credit, t, month)?);
    }
    Ok(out)
}

/// `person`'s targets of `month` (one per unit target that splits to them).
pub async fn person_progress(db: &Db, company: &CompanyRow, person: &str, month: Month, today: NaiveDate) -> Result<Vec<PersonProgress>> {
    Ok(month_people(db, company, month, today).await?.into_iter().filter(|p| p.person == person).collect())
}

/// Every person's progress in `unit`'s target of `month`.
pub async fn people_progress(db: &Db, company: &CompanyRow, unit: &str, month: Month, today: NaiveDate) -> Result<Vec<PersonProgress>> {
    Ok(month_people(db, company, month, today).await?.into_iter().filter(|p| p.unit == unit).collect())
}

/// The people of `t`'s split of `month`, each against their credited sales
/// in the unit's subtree.
fn split_progress(org: &Org, credit: &crate::credit::MonthCredit, t: &VersionedTarget, month: Month) -> Result<Vec<PersonProgress>> {
    let Some(split) = t.derivation.people.iter().find(|m| m.month == month).and_then(|m| m.split.as_ref()) else { return Ok(Vec::new()) };
    let units: Vec<&str> = org.subtree(&t.derivation.unit).iter().map(|u| u.code.as_str()).collect();
    let mut sales: BTreeMap<&str, Decimal> = BTreeMap::new();
    for d in credit.days.iter().filter(|d| units.contains(&d.unit.as_str())) {
        if let Some(p) = &d.person {
            *sales.entry(p.as_str()).or_insert(Decimal::ZERO) += d.figures.sales;
        }
    }
    split
        .people
        .iter()
        .map(|p| {
            Ok(PersonProgress {
                person: p.person.clone(),
                unit: t.derivation.unit.clone(),
                month,
                efficiency: p.efficiency,
                source: p.source,
                progress: progress(
                    p.target,
                    sales.get(p.person.as_str()).copied().unwrap_or(Decimal::ZERO),
                    credit.as_of,
                    month.first_day(),
                    month.last_day(),
                )?,
            })
        })
        .collect()
}

/// A unit's target month by month with the sales of each month so far.
pub async fn unit_months(db: &Db, company: &CompanyRow, t: &VersionedTarget, today: NaiveDate) -> Result<Vec<(Month, Progress)>> {
    let mut out = Vec::with_capacity(12);
    let current = Month::of(today);
    for (i, target) in t.derivation.months.months.iter().enumerate() {
        let month = Month::new(t.derivation.year, i as u32 + 1).map_err(AppError::Internal)?;
        let (actual, as_of) = if month <= current {
            let mtd = month_to_date(db, company, month, today).await?;
            (mtd.pnl.units.get(&t.derivation.unit).map(|p| p.rolled_up.get(PnlLine::Sales)).unwrap_or(Decimal::ZERO), mtd.as_of)
        } else {
            (Decimal::ZERO, None)
        };
        out.push((month, progress(*target, actual, as_of, month.first_day(), month.last_day())?));
    }
    Ok(out)
}
