//! The morning-meeting board of a day, computed once per data change: at
//! 9:00 the whole company opens it at once.

use crate::accounting::month_to_date_at;
use crate::current::Current;
use crate::version_cache::VersionedCache;
use crate::Result;
use amoeba_core::accounting::MonthPnl;
use amoeba_core::reporting::board::{board as board_of, trend, trend_start};
use amoeba_core::reporting::BoardView;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::sync::Arc;

static BOARDS: VersionedCache<Option<Arc<BoardView>>> = VersionedCache::new();

/// The board of `day` (an earlier day when `day` is past the last day with
/// data; [`BoardView::day`] says which), `None` before any data. Kept per
/// data version, day and today.
pub async fn board(db: &Db, company: &CompanyRow, current: &Current, day: NaiveDate, today: NaiveDate) -> Result<Option<Arc<BoardView>>> {
    BOARDS
        .get_or_compute(&db.display_url, company.id, current.version, format!("{day} {today}"), compute(db, company, current, day, today))
        .await
}

async fn compute(db: &Db, company: &CompanyRow, current: &Current, day: NaiveDate, today: NaiveDate) -> Result<Option<Arc<BoardView>>> {
    let Some(last) = current.last_fact_day else { return Ok(None) };
    let day = day.min(last);
    let month = Month::of(day);
    // The board's day is a day with data, so the month counts through it.
    let pnl = month_to_date_at(db, company, current.version, month, today).await?.pnl.through(day);
    let plans = db.plans_of_month(company.id, month).await?;
    // The trend reaches into the months before early in a month.
    let mut before = Vec::new();
    let mut m = Month::of(trend_start(day));
    while m < month {
        before.push(month_to_date_at(db, company, current.version, m, today).await?);
        m = m.next();
    }
    let months: Vec<&MonthPnl> = before.iter().map(|b| &b.pnl).chain(std::iter::once(&pnl)).collect();
    let daily = trend(&months, day);
    Ok(board_of(&current.org, &pnl, &plans, day, daily).map(Arc::new))
}
