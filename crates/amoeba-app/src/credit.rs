//! A month's credit — who earned each sale — computed from what is stored
//! by the core's grain (`amoeba_core::credit::credit_days`): the month's
//! fact aggregates (settlements keep their SKU; a store's responsibility
//! rules credit them), the orders active in the month (their bookings
//! carved out of the ledger, their stage amounts), the customers' first
//! orders and the FX rates. Kept per data version like the month to date;
//! a closed month's credit is the snapshot its close stored.

use crate::accounting::MonthInputs;
use crate::version_cache::VersionedCache;
use crate::{AppError, Result};
use amoeba_core::accounting::{CogsMode, FactAggregate, FxTable, OrderCount};
use amoeba_core::credit::{credit_days, CreditDay, CreditGrain, CreditResolver, CreditSale, GrainInput, OrderFigures};
use amoeba_core::ledger::FactRecord;
use amoeba_core::orders::{order_facts, replay, stage_amounts, CustomerClasses, StageAmount};
use amoeba_core::org::Org;
use amoeba_core::reporting::problem::Problem;
use amoeba_core::Month;
use amoeba_store::order_read::StoredOrder;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::sync::Arc;

/// A month's credit as it counts today.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonthCredit {
    /// The month.
    pub month: Month,
    /// The last day counted; `None` before any data.
    pub as_of: Option<NaiveDate>,
    /// The person-day rows (uncredited ones have no person).
    pub days: Vec<CreditDay>,
    /// What was left out, in both languages, with the units concerned.
    pub problems: Vec<Problem>,
}

static CREDIT: VersionedCache<Arc<MonthCredit>> = VersionedCache::new();

/// The month's credit through its as-of day (the closed month's snapshot).
pub async fn month_credit(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate) -> Result<Arc<MonthCredit>> {
    let version = db.data_version(company.id).await?;
    CREDIT
        .get_or_compute(&db.display_url, company.id, version, format!("{month} {today}"), async {
            if let Some(closed) = db.closed_period(company.id, month).await? {
                if let Some(stored) = closed.credit {
                    return serde_json::from_str(&stored).map(Arc::new).map_err(|e| {
                        AppError::Store(amoeba_store::StoreError::Corrupt(format!(
                            "the credit snapshot of {month} does not read back: {e}"
                        )))
                    });
                }
            }
            let mtd = crate::accounting::month_to_date_at(db, company, version, month, today).await?;
            let Some(as_of) = mtd.as_of else {
                return Ok(Arc::new(MonthCredit { month, as_of: None, days: Vec::new(), problems: Vec::new() }));
            };
            let closed = db.closed_period(company.id, month).await?.is_some();
            compute(db, company, month, as_of, closed).await.map(Arc::new)
        })
        .await
}

/// Computes a month's credit through `as_of` from what is stored.
pub(crate) async fn compute(db: &Db, company: &CompanyRow, month: Month, as_of: NaiveDate, closed: bool) -> Result<MonthCredit> {
    let org = db.load_org(company.id).await?;
    let fx = crate::accounting::fx_table(db, company).await?;
    let facts = db.fact_aggregates(company.id, month).await?;
    let order_counts = db.order_counts(company.id, month).await?;
    let read = Read { month, org: &org, fx: &fx, facts: &facts, order_counts: &order_counts };
    compute_with(db, company, read, as_of, closed).await
}

/// The credit of the month the close has just read, for its snapshot (the
/// organisation, rates and aggregates are reused, not read again).
pub(crate) async fn compute_from(
    db: &Db,
    company: &CompanyRow,
    inputs: &MonthInputs,
    as_of: NaiveDate,
    closed: bool,
) -> Result<MonthCredit> {
    let read = Read { month: inputs.month, org: &inputs.org, fx: &inputs.fx, facts: &inputs.facts, order_counts: &inputs.order_counts };
    compute_with(db, company, read, as_of, closed).await
}

/// What of the month is already read.
struct Read<'a> {
    month: Month,
    org: &'a Org,
    fx: &'a FxTable,
    facts: &'a [FactAggregate],
    order_counts: &'a [OrderCount],
}

async fn compute_with(db: &Db, company: &CompanyRow, read: Read<'_>, as_of: NaiveDate, closed: bool) -> Result<MonthCredit> {
    let (month, org) = (read.month, read.org);
    let CreditGrain { days, problems, .. } = grain(db, company, read, as_of, closed).await?;
    let problems = problems.iter().map(|p| p.to_problem(org)).collect();
    Ok(MonthCredit { month, as_of: Some(as_of), days, problems })
}

/// The sales behind a closed month's credit (`CreditGrain::sales`), from
/// the stored facts and orders as its close counted them: what a pay run
/// attributes individual pay to, and the refunds it claws back.
pub async fn month_sales(db: &Db, company: &CompanyRow, org: &Org, month: Month) -> Result<Vec<CreditSale>> {
    let fx = crate::accounting::fx_table(db, company).await?;
    let facts = db.fact_aggregates(company.id, month).await?;
    let order_counts = db.order_counts(company.id, month).await?;
    let read = Read { month, org, fx: &fx, facts: &facts, order_counts: &order_counts };
    Ok(grain(db, company, read, month.last_day(), true).await?.sales)
}

/// The credit grain of the month read, through `as_of`.
async fn grain(db: &Db, company: &CompanyRow, read: Read<'_>, as_of: NaiveDate, closed: bool) -> Result<CreditGrain> {
    let Read { month, org, fx, .. } = read;
    let resolver = CreditResolver::new(org).map_err(|errs| {
        AppError::Internal(format!(
            "the stored credit rules do not validate: {}",
            errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
        ))
    })?;
    let from = month.first_day();
    // The whole month is common (the close); a cut month copies its days.
    let cut_facts: Vec<FactAggregate>;
    let facts = if read.facts.iter().all(|f| f.day <= as_of) {
        read.facts
    } else {
        cut_facts = read.facts.iter().filter(|f| f.day <= as_of).cloned().collect();
        &cut_facts
    };
    let order_counts: Vec<_> = read.order_counts.iter().filter(|c| c.day <= as_of).cloned().collect();
    let stored = db.orders_between(company.id, from, as_of).await?;
    let first_days = db.customer_first_days(company.id).await?;
    let classes = CustomerClasses::new(&first_days, &org.credit.key_accounts);
    let booked = orders_in(&stored, &classes, from, as_of);
    let orders: Vec<OrderFigures> = booked
        .iter()
        .map(|b| OrderFigures { header: &stored[b.index].header, class: b.class, facts: &b.facts, stages: &b.stages })
        .collect();
    let rate = |c, d| fx.rate(c, d).ok();
    let cogs = if closed { CogsMode::FromSource } else { CogsMode::Derive { reverse_refunds: true } };
    let input = GrainInput { org, resolver: &resolver, facts, order_counts: &order_counts, orders: &orders, rate: &rate, cogs };
    Ok(credit_days(&input))
}

/// An order's part of a period, replayed: what it books (an orders-booked
/// store's order) and its stage amounts in the period, and its customer
/// class by its contract day (the period's last day when it has none).
pub(crate) struct OrderPart {
    /// Index into the stored orders.
    pub index: usize,
    /// Its ledger bookings in the period.
    pub facts: Vec<FactRecord>,
    /// Its stage amounts in the period.
    pub stages: Vec<StageAmount>,
    /// Its customer class.
    pub class: amoeba_core::orders::CustomerClass,
}

/// Every stored order's part of `from..=to` (an order that does not replay
/// is left out: its import refused it, so there is none).
pub(crate) fn orders_in(stored: &[StoredOrder], classes: &CustomerClasses, from: NaiveDate, to: NaiveDate) -> Vec<OrderPart> {
    let within = |d: NaiveDate| d >= from && d <= to;
    let mut out = Vec::new();
    for (index, o) in stored.iter().enumerate() {
        let Ok(r) = replay(&o.header, &o.events) else { continue };
        let facts = if o.books { order_facts(&r).into_iter().filter(|f| within(f.date)).collect() } else { Vec::new() };
        let stages = stage_amounts(&r).into_iter().filter(|s| within(s.day)).collect();
        let contract_day = r.state.contract.map_or(to, |(_, day)| day);
        out.push(OrderPart { index, facts, stages, class: classes.class_of(o.header.customer.as_deref(), contract_day) });
    }
    out
}
