//! A month's pay inputs, loaded from what is stored — closed months only,
//! so every figure is a snapshot a close locked: the month's credit (the
//! person-day grain of its close), its orders' stage amounts credited per
//! person (`incentive::person_stages`), the units' P&L and metrics of the
//! month and the months a bonus looks back over, the SKUs' months
//! (`incentive::sku_months`), hours, the review cycles containing the
//! month (scorecard weights), the units' plans, and the history the
//! last locked run leaves (`incentive::next_history`, what was paid on each
//! sale, re-run differences to carry). The inputs are hashed, so a run
//! names exactly what it was computed from.

use super::PayRefusal;
use crate::{AppError, Result};
use amoeba_core::credit::{CreditDay, CreditResolver, CreditSale, OrderFigures};
use amoeba_core::goals::ReviewOutcome;
use amoeba_core::incentive::{
    add_paid, next_history, person_stages, person_targets, sale_refunds, sku_months, Adjustment, AwardSource, History, Method, PayInputs,
    PayPlan, PayRun, PersonStage, PersonTarget, PrizeAward, SkuMonth, UnitMetric, UnitMonth, Winner,
};
use amoeba_core::ledger::{HoursRecord, PlanRecord};
use amoeba_core::orders::CustomerClasses;
use amoeba_core::org::Org;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::pay_repo::RunRow;
use amoeba_store::{Db, StoreError};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Months a run looks back over at least (off-season months, quarterly and
/// yearly profit shares and dividends, a year's trailing profit).
const LOOKBACK_MONTHS: u32 = 12;

/// Everything a month's run reads, owned.
#[derive(Debug, Clone, Serialize)]
pub struct MonthInputs {
    /// The month.
    pub month: Month,
    /// The organisation (as stored now).
    pub org: Org,
    /// The month's credit (its close's snapshot).
    pub credit: Vec<CreditDay>,
    /// Stage amounts per person.
    pub stages: Vec<PersonStage>,
    /// The sales behind the month's credit (`credit::month_sales`):
    /// individual pay is attributed to them. Left out of the hash when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sales: Vec<CreditSale>,
    /// Units' months: the month's and the closed months it looks back over.
    pub units: Vec<UnitMonth>,
    /// Hours of the month.
    pub hours: Vec<HoursRecord>,
    /// The stored review cycles containing the month
    /// (`review::outcomes_for_month`): a scorecard pool weighs each member
    /// by their multiplier. Left out of the hash when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<ReviewOutcome>,
    /// Units' metrics of the month and the months looked back over.
    pub metrics: Vec<UnitMetric>,
    /// SKU months (for the new-product hit).
    pub skus: Vec<SkuMonth>,
    /// The units' plans of the month.
    pub unit_plans: Vec<PlanRecord>,
    /// Person targets of the month: the people splits of the units' derived
    /// targets in force (`incentive::person_targets`).
    pub person_targets: Vec<PersonTarget>,
    /// What earlier runs leave.
    pub history: History,
    /// Prizes due (lottery, PK): paid in the month when it is locked, else
    /// won by its end and not paid yet. Left out of the hash when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<PrizeAward>,
    /// The re-runs whose differences `history.adjustments` carries.
    #[serde(skip)]
    pub reruns: Vec<i64>,
}

impl MonthInputs {
    /// The engine's view of them.
    pub fn as_inputs(&self) -> PayInputs<'_> {
        PayInputs {
            org: &self.org,
            credit: &self.credit,
            stages: &self.stages,
            sales: &self.sales,
            units: &self.units,
            hours: &self.hours,
            reviews: &self.reviews,
            metrics: &self.metrics,
            skus: &self.skus,
            unit_plans: &self.unit_plans,
            person_targets: &self.person_targets,
            history: &self.history,
            awards: &self.awards,
        }
    }

    /// SHA-256 of the inputs' JSON (fields in declaration order): the same
    /// stored data gives the same hash.
    pub fn sha256(&self) -> Result<String> {
        let bytes = serde_json::to_vec(self).map_err(|e| AppError::Internal(format!("pay inputs do not serialise: {e}")))?;
        Ok(hex::encode(Sha256::digest(bytes)))
    }
}

fn corrupt(what: String) -> AppError {
    AppError::Store(StoreError::Corrupt(what))
}

/// The month's closed snapshot or a refusal.
async fn closed(db: &Db, company: &CompanyRow, month: Month) -> Result<amoeba_store::periods::ClosedPeriod> {
    db.closed_period(company.id, month).await?.ok_or_else(|| PayRefusal::NotClosed { month: month.to_string() }.into())
}

/// Units' months and metrics of the closed months among `months`.
pub(crate) async fn closed_unit_months(db: &Db, company: &CompanyRow, months: &[Month]) -> Result<(Vec<UnitMonth>, Vec<UnitMetric>)> {
    let mut units = Vec::new();
    let mut metrics = Vec::new();
    for m in months {
        let Some(p) = db.closed_period(company.id, *m).await? else { continue };
        let pnl: amoeba_core::accounting::MonthPnl =
            serde_json::from_str(&p.summary).map_err(|e| corrupt(format!("the P&L snapshot of {m} does not read back: {e}")))?;
        units.extend(UnitMonth::from_pnl(&pnl));
        let report = match p.metrics {
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| corrupt(format!("the metrics snapshot of {m} does not read back: {e}")))?
            }
            None => crate::metrics::unit_metrics(db, company, *m).await?,
        };
        metrics.extend(UnitMetric::from_report(&report));
    }
    Ok((units, metrics))
}

/// `n` months up to and including `month`, oldest first.
fn window(month: Month, n: u32) -> Vec<Month> {
    let mut out = vec![month];
    let mut m = month;
    for _ in 0..n {
        m = m.prev();
        out.push(m);
    }
    out.reverse();
    out
}

/// The history a run of `month` reads: the latest locked run before it
/// leaves its balances, advances, losses and grants; what was paid on each
/// sale is the sum of the changes of the locked runs before it; the
/// differences of re-runs are carried — those of `carried` when the month
/// was run already (a re-run reads what the run read), else the re-runs of
/// earlier months not carried yet.
pub(crate) async fn history_before(
    db: &Db,
    company: &CompanyRow,
    month: Month,
    runs: &[RunRow],
    carried: Option<&[i64]>,
) -> Result<(History, Vec<i64>)> {
    let m = month.to_string();
    let last = runs.iter().filter(|r| r.status == "locked" && r.month < m).max_by(|a, b| a.month.cmp(&b.month));
    let paid = add_paid(&[], &db.pay_paid_sales_before(company.id, &m).await?);
    let mut history = match last {
        Some(r) => {
            let bytes = db.pay_run_bytes(company.id, r.id).await?.unwrap_or_default();
            let run: PayRun =
                serde_json::from_str(&bytes).map_err(|e| corrupt(format!("the pay run of {} does not read back: {e}", r.month)))?;
            next_history(&run.carry, &[])
        }
        None => History::default(),
    };
    history.paid_sales = paid;
    let mut reruns = Vec::new();
    let carries = |r: &&RunRow| match carried {
        Some(ids) => ids.contains(&r.id),
        None => r.status == "rerun" && r.carried_into.is_none() && r.month < m,
    };
    for r in runs.iter().filter(carries) {
        let diff: Vec<Adjustment> = match &r.diff {
            Some(d) => serde_json::from_str(d).map_err(|e| corrupt(format!("the re-run of {} does not read back: {e}", r.month)))?,
            None => Vec::new(),
        };
        history.adjustments.extend(diff);
        reruns.push(r.id);
    }
    Ok((history, reruns))
}

/// The cash prizes a run of `month` pays: once the month is locked, those
/// it paid (so it reproduces); before, those won by its end not paid yet.
pub(crate) async fn awards_due(db: &Db, company: &CompanyRow, month: Month, runs: &[RunRow]) -> Result<Vec<PrizeAward>> {
    let m = month.to_string();
    let locked = runs.iter().any(|r| r.month == m && r.status == "locked");
    let stored = db.awards_to_pay(company.id, &m, month.last_day(), locked).await?;
    stored
        .into_iter()
        .filter_map(|a| {
            let amount = a.amount?;
            let source = match AwardSource::from_code(&a.source) {
                Some(s) => s,
                None => return Some(Err(corrupt(format!("award source '{}' of {}", a.source, a.source_ref)))),
            };
            let winner = match (a.person, a.unit) {
                (Some(p), _) => Winner::Person(p),
                (None, Some(u)) => Winner::Team(u),
                (None, None) => return Some(Err(corrupt(format!("award {}/{}/{} names no winner", a.source, a.source_ref, a.slot)))),
            };
            let (source_ref, slot, day, label, description) = (a.source_ref, a.slot, a.day, a.label, a.description);
            Some(Ok(PrizeAward { source, source_ref, slot, day, winner, label, amount, description }))
        })
        .collect()
}

/// Loads everything a run of `month` by `plans` reads (`carried`: the
/// re-runs a run of the month carried already). The month must be closed.
pub async fn month_inputs(
    db: &Db,
    company: &CompanyRow,
    month: Month,
    plans: &[&PayPlan],
    runs: &[RunRow],
    carried: Option<&[i64]>,
) -> Result<MonthInputs> {
    let period = closed(db, company, month).await?;
    let org = db.load_org(company.id).await?;
    let credit: crate::credit::MonthCredit = match &period.credit {
        Some(json) => serde_json::from_str(json).map_err(|e| corrupt(format!("the credit snapshot of {month} does not read back: {e}")))?,
        None => crate::credit::compute(db, company, month, month.last_day(), true).await?,
    };
    let fx = crate::accounting::fx_table(db, company).await?;
    let rate = |c, d| fx.rate(c, d).ok();
    let resolver = CreditResolver::new(&org).map_err(|errs| {
        AppError::Internal(format!(
            "the stored credit rules do not validate: {}",
            errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
        ))
    })?;
    let stored = db.orders_between(company.id, month.first_day(), month.last_day()).await?;
    let first_days = db.customer_first_days(company.id).await?;
    let classes = CustomerClasses::new(&first_days, &org.credit.key_accounts);
    let parts = crate::credit::orders_in(&stored, &classes, month.first_day(), month.last_day());
    let orders: Vec<OrderFigures> = parts
        .iter()
        .filter(|p| !p.stages.is_empty())
        .map(|p| OrderFigures { header: &stored[p.index].header, class: p.class, facts: &[], stages: &p.stages })
        .collect();
    let stages = person_stages(&org, &resolver, &orders, &rate);

    let trailing = plans
        .iter()
        .flat_map(|p| p.components.iter())
        .filter_map(|c| match &c.method {
            Method::EquityTrigger(e) => Some(e.trailing_months),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let (units, metrics) = closed_unit_months(db, company, &window(month, LOOKBACK_MONTHS.max(trailing))).await?;

    let hit_days = plans
        .iter()
        .flat_map(|p| p.components.iter())
        .filter_map(|c| match &c.method {
            Method::NewProductHit(h) => Some(h.within_days),
            _ => None,
        })
        .max();
    let mut skus = Vec::new();
    if let Some(days) = hit_days {
        // A hit in any month the window of a SKU launched that long ago touches.
        for m in window(month, days.div_ceil(28).min(LOOKBACK_MONTHS)) {
            if db.closed_period(company.id, m).await?.is_none() {
                continue;
            }
            let facts = db.fact_aggregates(company.id, m).await?;
            skus.extend(sku_months(&org, &facts, m, &rate));
        }
    }
    let hours = db.hours_of_month(company.id, month).await?;
    let unit_plans = db.plans_of_month(company.id, month).await?;
    let (mut history, reruns) = history_before(db, company, month, runs, carried).await?;
    let sales = crate::credit::month_sales(db, company, &org, month).await?;
    history.refunds = sale_refunds(&sales, &history.paid_sales);
    let awards = awards_due(db, company, month, runs).await?;
    let targets = crate::goals::targets_of_year(db, company, month.year()).await?;
    let splits = targets.iter().flat_map(|t| {
        let unit = t.derivation.unit.as_str();
        let split = t.derivation.people.iter().find(|m| m.month == month).and_then(|m| m.split.as_ref());
        split.into_iter().flat_map(move |s| s.people.iter().map(move |p| (unit, p.person.as_str(), p.target)))
    });
    let person_targets = person_targets(&org, splits, month);
    let reviews = crate::review::outcomes_for_month(db, company, month).await?;
    Ok(MonthInputs {
        month,
        org,
        credit: credit.days,
        stages,
        sales,
        units,
        hours,
        reviews,
        metrics,
        skus,
        unit_plans,
        person_targets,
        history,
        awards,
        reruns,
    })
}
