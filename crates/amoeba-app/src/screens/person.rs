//! A person's share of their units' results for a month.

use crate::accounting::month_to_date_at;
use crate::current::Current;
use crate::Result;
use amoeba_core::identity::Seen;
use amoeba_core::org::Person;
use amoeba_core::reporting::shares::share_view;
use amoeba_core::reporting::ShareView;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;

/// `person`'s share of each unit they worked in during `month` to date.
pub async fn share(
    db: &Db,
    company: &CompanyRow,
    current: &Current,
    person: Seen<'_, Person>,
    month: Month,
    today: NaiveDate,
) -> Result<Option<ShareView>> {
    let mtd = month_to_date_at(db, company, current.version, month, today).await?;
    let Some(as_of) = mtd.as_of else { return Ok(None) };
    Ok(share_view(&current.org, &mtd.pnl, &person.code, as_of))
}
