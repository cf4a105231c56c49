//! Where the board, the unit P&L, the drill-down and the person page get
//! their figures: a [`ViewProvider`]. The real one ([`Live`]) is the
//! application's screens (`amoeba_app::screens`); tests pass a stub to see
//! a page draw figures without an accounting engine behind them.
//!
//! The figures themselves are the core's reporting types
//! (`amoeba_core::reporting`), re-exported here. A provider answers
//! `Ok(None)` when there is nothing to show yet — the page then says so
//! honestly instead of showing zeros.

mod live;
mod nodata;

pub use amoeba_app::screens::drilldown::RowSink;
pub use amoeba_core::identity::PayGrain;
pub use amoeba_core::reporting::drilldown::{kind_label, KIND_COGS_DERIVED, KIND_HOURS, KIND_LABOUR, KIND_ROUNDING, KIND_UNIT_TOTAL};
pub use amoeba_core::reporting::{
    BoardRow, BoardView, DailyPoint, FactRow, FactsQuery, FactsSummary, FactsView, Memo, PnlRow, PnlView, Problem, ShareRow, ShareView,
    Source,
};
pub use live::Live;
pub use nodata::NoData;

use amoeba_app::current::Current;
use amoeba_app::AppError;
use amoeba_core::identity::Seen;
use amoeba_core::org::{Person, Unit};
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::future::Future;
use std::pin::Pin;

/// What a provider gets for every question: the database, the company and
/// its state at the request's data version (organisation, last day).
#[derive(Clone, Copy)]
pub struct ViewCtx<'a> {
    /// The database.
    pub db: &'a Db,
    /// The company shown.
    pub company: &'a CompanyRow,
    /// The company's state at the request's data version.
    pub current: &'a Current,
    /// Today in the company's zone: how far the month in progress counts.
    pub today: NaiveDate,
}

/// A provider's answer: `Ok(None)` = no data yet.
pub type ViewFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Option<T>, AppError>> + Send + 'a>>;

/// Where the figures come from. Amounts are in the company's base currency,
/// already rounded to cents by the accounting engine (pages only format).
/// Objects come as `Seen` handles, so a provider is never asked about
/// something the viewer may not see.
pub trait ViewProvider: Send + Sync + 'static {
    /// The morning board for `day` ("yesterday"). The provider may answer
    /// for an earlier day (the last day with data) and says which in
    /// [`BoardView::day`].
    fn board<'a>(&'a self, cx: ViewCtx<'a>, day: NaiveDate) -> ViewFuture<'a, std::sync::Arc<BoardView>>;

    /// One unit's P&L for a month, with its days.
    fn pnl<'a>(&'a self, cx: ViewCtx<'a>, unit: Seen<'a, Unit>, month: Month) -> ViewFuture<'a, PnlView>;

    /// The entries behind one P&L line of a unit for a month or a day,
    /// sent in batches (in date order) to `out` as they are read, so an
    /// export of millions of rows streams in bounded memory. Answers the
    /// figure and how many rows were sent. A closed receiver stops it.
    fn facts<'a>(&'a self, cx: ViewCtx<'a>, query: &'a FactsQuery, out: RowSink) -> ViewFuture<'a, FactsSummary>;

    /// A person's share of their units' results for a month (the "my
    /// share" section of the person page).
    fn person_share<'a>(&'a self, cx: ViewCtx<'a>, person: Seen<'a, Person>, month: Month) -> ViewFuture<'a, ShareView>;
}

/// Runs a drill-down and keeps the rows `offset..offset + limit`, counting
/// the rest: what a page (and a test) shows.
pub async fn facts_window(
    views: &dyn ViewProvider,
    cx: ViewCtx<'_>,
    query: &FactsQuery,
    offset: u64,
    limit: u64,
) -> Result<Option<FactsView>, AppError> {
    amoeba_app::screens::drilldown::window(|tx| views.facts(cx, query, tx), offset, limit).await
}
