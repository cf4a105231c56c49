//! Cross-border metrics per unit for a month: the inputs loaded from the
//! store for the one computation in `amoeba_core::reporting::unit_metrics`.
//! A closed month's metrics are the snapshot stored at its close.

use crate::accounting::MonthInputs;
use crate::{AppError, Result};
use amoeba_core::accounting::{FactAggregate, FxTable, MonthPnl};
use amoeba_core::org::Org;
use amoeba_core::reporting::unit_metrics::{self as rules, MetricInputs, REPURCHASE_WINDOW_DAYS};
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;

pub use amoeba_core::reporting::unit_metrics::{
    ltv_cohort, metric_code, Metric, MetricValue, MetricsReport, UnitMetrics, LTV_HORIZON_DAYS, METRICS,
};

/// The month's metrics for every unit: a closed month's snapshot, else
/// computed from what is stored.
pub async fn unit_metrics(db: &Db, company: &CompanyRow, month: Month) -> Result<MetricsReport> {
    if let Some(closed) = db.closed_period(company.id, month).await? {
        if let Some(stored) = closed.metrics {
            return serde_json::from_str(&stored).map_err(|e| {
                AppError::Store(amoeba_store::StoreError::Corrupt(format!(
                    "the metrics snapshot of closed period {month} does not read back: {e}"
                )))
            });
        }
        // Closed before metrics were kept with the close: computed, as then.
    }
    let pnl = crate::accounting::month_pnl(db, company, month).await?;
    metrics_of(db, company, month, &pnl).await
}

/// Computes the metrics of `month` whose P&L is `pnl`.
pub(crate) async fn metrics_of(db: &Db, company: &CompanyRow, month: Month, pnl: &MonthPnl) -> Result<MetricsReport> {
    let org = db.load_org(company.id).await?;
    let fx = crate::accounting::fx_table(db, company).await?;
    let facts = db.fact_aggregates(company.id, month).await?;
    metrics_with(db, company, month, pnl, (&org, &fx, &facts)).await
}

/// The metrics of the month the close has just read (its organisation,
/// rates and aggregates are reused, not read again).
pub(crate) async fn metrics_from(db: &Db, company: &CompanyRow, inputs: &MonthInputs, pnl: &MonthPnl) -> Result<MetricsReport> {
    metrics_with(db, company, inputs.month, pnl, (&inputs.org, &inputs.fx, &inputs.facts)).await
}

async fn metrics_with(
    db: &Db,
    company: &CompanyRow,
    month: Month,
    pnl: &MonthPnl,
    (org, fx, facts): (&Org, &FxTable, &[FactAggregate]),
) -> Result<MetricsReport> {
    let end = month.last_day();
    let from = end - chrono::Duration::days(REPURCHASE_WINDOW_DAYS - 1);
    let customer_orders = db.customer_orders(company.id, from, end).await?;
    let inventory = db.inventory_between(company.id, month.prev().last_day(), end).await?;
    let order_facts = db.customer_order_facts(company.id, end).await?;
    let inputs = MetricInputs { facts, customer_orders: &customer_orders, inventory: &inventory, order_facts: &order_facts };
    Ok(rules::unit_metrics(org, fx, month, pnl, &inputs))
}
