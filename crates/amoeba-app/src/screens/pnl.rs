//! A unit's P&L for a month as it counts today.

use crate::accounting::month_to_date_at;
use crate::current::Current;
use crate::Result;
use amoeba_core::identity::Seen;
use amoeba_core::org::Unit;
use amoeba_core::reporting::pnl_view::{pnl_view, PnlState};
use amoeba_core::reporting::problem::month_problems;
use amoeba_core::reporting::PnlView;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;

/// `unit`'s P&L for `month` through its as-of day; `None` while the unit has
/// nothing booked.
pub async fn unit_pnl(
    db: &Db,
    company: &CompanyRow,
    current: &Current,
    unit: Seen<'_, Unit>,
    month: Month,
    today: NaiveDate,
) -> Result<Option<PnlView>> {
    let mtd = month_to_date_at(db, company, current.version, month, today).await?;
    let Some(as_of) = mtd.as_of else { return Ok(None) };
    if !mtd.pnl.units.contains_key(&unit.code) {
        return Ok(None);
    }
    let plans = db.plans_of_month(company.id, month).await?;
    let closed = db.closed_period(company.id, month).await?.is_some();
    let state = PnlState { closed, as_of, whole_month: mtd.whole_month, problems: month_problems(&mtd.pnl, &current.org) };
    Ok(pnl_view(&mtd.pnl, &unit.code, &plans, state))
}
