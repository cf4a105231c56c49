//! Unit P&L for a month, computed by the pure engine from what is stored.

use crate::{AppError, Result};
use amoeba_core::accounting::{compute_month, CogsMode, FxTable, MonthPnl, PnlInput};
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;

/// Computes the month's P&L for every unit of `company` from the stored
/// facts, hours and FX rates. Problems (missing FX rates, SKUs without
/// landed cost…) come back in [`MonthPnl::errors`]; figures cover the rest.
pub async fn month_pnl(db: &Db, company: &CompanyRow, month: Month) -> Result<MonthPnl> {
    let org = db.load_org(company.id).await?;
    let rates = db.fx_rates(company.id).await?;
    let fx = FxTable::new(company.company.base_currency, &rates).map_err(|errs| {
        AppError::Invalid(format!(
            "stored FX rates are inconsistent: {}",
            errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
        ))
    })?;
    let facts = db.fact_aggregates(company.id, month).await?;
    let orders = db.order_counts(company.id, month).await?;
    let hours = db.hours_of_month(company.id, month).await?;
    let input = PnlInput {
        org: &org,
        month,
        fx: &fx,
        facts: &facts,
        orders: &orders,
        hours: &hours,
        charge_rules: &[],
        allocation_rules: &[],
        settlements: &[],
        cogs: CogsMode::Derive { reverse_refunds: true },
    };
    Ok(compute_month(&input))
}
