//! The figures the board, the unit P&L, the drill-down and the person page
//! show, as plain data, and the [`ViewProvider`] that supplies them.
//!
//! The pages know nothing about how profit is computed: the accounting use
//! cases fill these structs (one implementation in the real server, a stub in
//! tests). A provider answers `Ok(None)` when there is nothing to show yet —
//! the page then says so honestly instead of showing zeros.

mod drilldown;
mod live;
mod nodata;

pub use live::Live;
pub use nodata::NoData;

use amoeba_core::accounting::PnlLine;
use amoeba_core::org::Org;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;

/// What a provider gets for every question: the database, the company and
/// its organisation (already loaded by the page).
#[derive(Clone, Copy)]
pub struct ViewCtx<'a> {
    /// The database.
    pub db: &'a Db,
    /// The company shown.
    pub company: &'a CompanyRow,
    /// Its organisation.
    pub org: &'a Org,
}

/// A provider's answer: `Ok(None)` = no data yet; `Err` = a message to show.
pub type ViewFuture<'a, T> = Pin<Box<dyn Future<Output = Result<Option<T>, String>> + Send + 'a>>;

/// Where the figures come from. Amounts are in the company's base currency,
/// already rounded to cents by the accounting engine (pages only format).
pub trait ViewProvider: Send + Sync + 'static {
    /// The morning board for `day` ("yesterday"). The provider may answer
    /// for an earlier day (the last day with data) and says which in
    /// [`BoardView::day`].
    fn board<'a>(&'a self, cx: ViewCtx<'a>, day: NaiveDate) -> ViewFuture<'a, BoardView>;

    /// One unit's P&L for a month, with its days. The page has already
    /// checked that the user may see `unit`.
    fn pnl<'a>(&'a self, cx: ViewCtx<'a>, unit: &'a str, month: Month) -> ViewFuture<'a, PnlView>;

    /// The entries behind one P&L line of a unit for a month or a day.
    fn facts<'a>(&'a self, cx: ViewCtx<'a>, query: &'a FactsQuery) -> ViewFuture<'a, FactsView>;

    /// A person's share of their units' results for a month (the "my
    /// share" section of the person page).
    fn person_share<'a>(&'a self, cx: ViewCtx<'a>, person: &'a str, month: Month) -> ViewFuture<'a, ShareView>;
}

/// The morning-meeting board: every unit's yesterday and month to date.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BoardView {
    /// The day the board shows ("yesterday").
    pub day: NaiveDate,
    /// One row per unit, in the order to show (usually by rank).
    pub rows: Vec<BoardRow>,
    /// Whole-company totals per day of the month up to `day` (trend chart).
    pub daily: Vec<DailyPoint>,
    /// Problems the figures leave out (a missing FX rate, a SKU without
    /// cost…), each one sentence; shown above the board.
    pub problems: Vec<String>,
}

/// One unit on the board.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BoardRow {
    /// Unit code.
    pub unit: String,
    /// Sales of the day.
    pub yesterday_sales: Decimal,
    /// Profit of the day.
    pub yesterday_profit: Decimal,
    /// Sales month to date.
    pub mtd_sales: Decimal,
    /// Profit month to date.
    pub mtd_profit: Decimal,
    /// Hourly efficiency month to date ((added value) ÷ hours); `None` without hours.
    pub hourly_efficiency: Option<Decimal>,
    /// Month-to-date profit ÷ the month's planned profit (1 = 100 %); `None`
    /// without a plan or when the plan is not a profit (a ratio to a planned loss means nothing).
    pub plan_attainment: Option<Decimal>,
    /// Rank among peers by hourly efficiency (1 = best).
    pub rank: Option<u32>,
    /// Peers' average hourly efficiency.
    pub peer_avg: Option<Decimal>,
    /// Peers' best hourly efficiency.
    pub peer_peak: Option<Decimal>,
    /// Profit per day of the month up to the board's day (sparkline).
    pub daily_profit: Vec<Decimal>,
}

/// Totals of one day.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DailyPoint {
    /// The day.
    pub day: NaiveDate,
    /// Sales.
    pub sales: Decimal,
    /// Profit.
    pub profit: Decimal,
}

/// A unit's P&L for a month.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PnlView {
    /// The days shown (normally every day of the month up to the last with data).
    pub days: Vec<NaiveDate>,
    /// Lines in report order (`PnlLine::ALL` order; hours last).
    pub lines: Vec<PnlRow>,
    /// Hourly efficiency of the month (added value ÷ hours); `None` without hours.
    pub hourly_efficiency: Option<Decimal>,
    /// Whether the month is closed (figures final).
    pub closed: bool,
    /// Problems the figures leave out, each one sentence.
    pub problems: Vec<String>,
    /// FX gain/loss of the settlements deposited in the month for the
    /// unit's stores (subtree): shown beside profit, never inside it.
    pub fx_gain_loss: Decimal,
}

/// One line of a P&L.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PnlRow {
    /// The line (labels come from `label_zh` / `label_en`).
    #[schema(value_type = String, example = "sales")]
    pub line: PnlLine,
    /// Month total.
    pub month: Decimal,
    /// Month plan, if one was imported.
    pub plan: Option<Decimal>,
    /// One amount per entry of [`PnlView::days`].
    pub days: Vec<Decimal>,
}

/// Which entries to list in a drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactsQuery {
    /// Unit code (already access-checked).
    pub unit: String,
    /// P&L line.
    pub line: PnlLine,
    /// Month.
    pub month: Month,
    /// A single day of the month, or the whole month.
    pub day: Option<NaiveDate>,
    /// Most entries to return (the page says when there were more).
    pub limit: usize,
}

/// The entries behind a P&L figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactsView {
    /// Entries, in date order.
    pub rows: Vec<FactRow>,
    /// Sum of all entries in base currency (equals the P&L figure).
    pub total: Decimal,
    /// True when more entries exist than were returned.
    pub truncated: bool,
}

/// One entry: a stored fact (with its file and line) or a derived entry
/// (internal charge, allocation, COGS) with the rule that made it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactRow {
    /// Business day.
    pub day: NaiveDate,
    /// Store code, if any.
    pub store: Option<String>,
    /// SKU, if any.
    pub sku: Option<String>,
    /// Order id, if any.
    pub order_id: Option<String>,
    /// Fact kind (`sale`, `ad_spend`…) or derived entry kind.
    pub kind: String,
    /// Amount in the source currency.
    pub amount: Decimal,
    /// Source currency.
    pub currency: String,
    /// Amount in the base currency (what the P&L adds up).
    pub base_amount: Decimal,
    /// Where it came from: `file.csv line 42`, or the rule for derived entries.
    pub source: String,
    /// The source's own description.
    pub memo: Option<String>,
}

/// A person's share of their units' results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareView {
    /// One row per unit the person worked in during the month.
    pub rows: Vec<ShareRow>,
    /// How the share was computed, in one sentence (shown under the table).
    pub basis: String,
}

/// The person's part of one unit's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareRow {
    /// Unit code.
    pub unit: String,
    /// Role held.
    pub role: String,
    /// The unit's profit for the month.
    pub unit_profit: Decimal,
    /// The person's weight in the unit (0–1).
    pub share: Decimal,
    /// `unit_profit × share`, rounded once.
    pub amount: Decimal,
}
