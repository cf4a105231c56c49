//! Credit as the screens show it: a person's lines for a month (their page),
//! and every line the viewer may see (the API).

use crate::credit::month_credit;
use crate::Result;
use amoeba_core::credit::{credit_lines, CreditLine};
use amoeba_core::identity::{Seen, Viewer};
use amoeba_core::org::Person;
use amoeba_core::reporting::problem::Problem;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;

/// A month's credit lines with the last day they count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CreditView {
    /// The month.
    pub month: Month,
    /// The last day counted; `None` before any data.
    pub as_of: Option<NaiveDate>,
    /// The lines.
    pub lines: Vec<CreditLine>,
    /// What the figures leave out (the caller keeps the viewer's own).
    pub problems: Vec<Problem>,
}

async fn lines(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate, person: Option<&str>) -> Result<CreditView> {
    let credit = month_credit(db, company, month, today).await?;
    let to = credit.as_of.unwrap_or(month.last_day());
    Ok(CreditView {
        month,
        as_of: credit.as_of,
        lines: credit_lines(&credit.days, month.first_day(), to, person),
        problems: credit.problems.clone(),
    })
}

/// `person`'s credit lines for `month` to date.
pub async fn person_credit(db: &Db, company: &CompanyRow, person: Seen<'_, Person>, month: Month, today: NaiveDate) -> Result<CreditView> {
    lines(db, company, month, today, Some(&person.code)).await
}

/// Every credit line of `month` the viewer may see (`Viewer::sees_credit`).
pub async fn visible_credit(db: &Db, company: &CompanyRow, viewer: &Viewer<'_>, month: Month, today: NaiveDate) -> Result<CreditView> {
    let mut view = lines(db, company, month, today, None).await?;
    view.lines.retain(|l| viewer.sees_credit(l));
    view.problems = viewer.problems(&view.problems);
    Ok(view)
}
