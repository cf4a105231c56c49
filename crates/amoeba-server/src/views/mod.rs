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

pub use drilldown::{KIND_COGS_DERIVED, KIND_HOURS, KIND_LABOUR, KIND_ROUNDING, KIND_UNIT_TOTAL};
pub use live::Live;
pub use nodata::NoData;

use crate::i18n::Lang;
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
    /// Today in the company's zone: how far the month in progress counts.
    pub today: NaiveDate,
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

    /// The entries behind one P&L line of a unit for a month or a day,
    /// sent in batches (in date order) to `out` as they are read, so an
    /// export of millions of rows streams in bounded memory. Answers the
    /// figure and how many rows were sent. A closed receiver stops it.
    fn facts<'a>(&'a self, cx: ViewCtx<'a>, query: &'a FactsQuery, out: RowSink) -> ViewFuture<'a, FactsSummary>;

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
    /// Whole-company sales month to date.
    pub mtd_sales: Decimal,
    /// Whole-company profit month to date.
    pub mtd_profit: Decimal,
    /// Whole-company totals of the last 30 days up to `day` (trend chart;
    /// reaches into the month before early in a month).
    pub daily: Vec<DailyPoint>,
    /// Problems the figures leave out (a missing FX rate, a SKU without
    /// cost…); shown above the board to whom they concern
    /// (`access::problems_for`).
    pub problems: Vec<Problem>,
}

/// A problem the figures leave out, in both languages, with the units it
/// concerns: none means the company as a whole (owners and finance only).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
    /// Unit codes it concerns.
    pub units: Vec<String>,
}

impl Problem {
    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
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
    /// The peers the unit is ranked among: `kind/depth` (e.g.
    /// `profit_centre/1`), as `amoeba report metrics` groups them.
    pub peer_group: String,
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
    /// The last day counted: the month's last day once it is over, else the
    /// last day with data (costs booked for the month count for the days
    /// elapsed, `amoeba_core::accounting::to_date`).
    pub as_of: NaiveDate,
    /// Whether every day of the month counts.
    pub whole_month: bool,
    /// Problems the figures leave out (filtered by viewer before shown).
    pub problems: Vec<Problem>,
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

/// Where a drill-down sends its rows (batches of one day or fewer).
pub type RowSink = tokio::sync::mpsc::Sender<Vec<FactRow>>;

/// How finely labour and hours may be listed to the viewer. One person's
/// labour cost is seen by that person and by owner/finance only
/// (`access::pay_grain`); anyone else sees each unit's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PayGrain {
    /// One row per person's hours record.
    PerPerson,
    /// One row per unit (and day), summing its people.
    UnitTotals,
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
    /// A single day of the month, or the whole month (to its as-of day).
    pub day: Option<NaiveDate>,
    /// How finely labour and hours are listed.
    pub grain: PayGrain,
}

/// What a drill-down found besides its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactsSummary {
    /// The P&L figure the rows add up to, in base currency.
    pub total: Decimal,
    /// How many rows were sent.
    pub count: u64,
    /// The last day counted (month to date).
    pub as_of: Option<NaiveDate>,
}

/// One page of a drill-down: every row is counted, the window's are kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactsView {
    /// The rows of the window, in date order.
    pub rows: Vec<FactRow>,
    /// Sum of all entries in base currency (equals the P&L figure).
    pub total: Decimal,
    /// How many rows there are in all.
    pub count: u64,
    /// Index of the first row of the window (0-based).
    pub offset: u64,
    /// The last day counted (month to date).
    pub as_of: Option<NaiveDate>,
}

/// Runs a drill-down and keeps the rows `offset..offset + limit`, counting
/// the rest: what a page (and a test) shows.
pub async fn facts_window(
    views: &dyn ViewProvider,
    cx: ViewCtx<'_>,
    query: &FactsQuery,
    offset: u64,
    limit: u64,
) -> Result<Option<FactsView>, String> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<FactRow>>(4);
    let keep = async move {
        let (mut seen, mut rows) = (0u64, Vec::new());
        while let Some(batch) = rx.recv().await {
            for row in batch {
                if seen >= offset && seen < offset.saturating_add(limit) {
                    rows.push(row);
                }
                seen += 1;
            }
        }
        rows
    };
    let (summary, rows) = tokio::join!(views.facts(cx, query, tx), keep);
    Ok(summary?.map(|s| FactsView { rows, total: s.total, count: s.count, offset, as_of: s.as_of }))
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
    /// Where it came from: a file and line, or the rule for derived entries.
    pub source: Source,
    /// The source's own description.
    pub memo: Option<Memo>,
}

/// A row's memo: the file's own text, or one the close wrote (shown in the
/// reader's language).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Memo {
    /// As the source file has it.
    File(String),
    /// Written by the close, in both languages.
    Closing {
        /// 中文.
        zh: String,
        /// English (as stored).
        en: String,
    },
}

impl Memo {
    /// The memo in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            Memo::File(m) => m,
            Memo::Closing { zh, en } => lang.pick(zh, en),
        }
    }
}

/// Where a drill-down row came from, rendered in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Source {
    /// A stored fact: its file and line.
    Line {
        /// File name as imported (or `close YYYY-MM` for entries stored at close).
        file: String,
        /// Line in the file.
        line: u64,
    },
    /// COGS the engine derived from landed costs.
    Cogs {
        /// How the amount was reached, in Chinese and English.
        explain: (String, String),
    },
    /// A rule that charged or allocated from this unit to another.
    RuleTo {
        /// Rule code.
        rule: String,
        /// The other unit.
        unit: String,
    },
    /// A rule that charged or allocated to this unit from another.
    RuleFrom {
        /// Rule code.
        rule: String,
        /// The other unit.
        unit: String,
    },
    /// One person's hours record.
    Hours {
        /// Person code.
        person: String,
        /// Unit worked for.
        unit: String,
        /// Line in the hours file.
        line: u64,
        /// For a whole-month record: the last day its spread counts to.
        spread_to: Option<NaiveDate>,
    },
    /// A unit's hours or labour summed over its people.
    UnitHours {
        /// Unit code.
        unit: String,
        /// How many people's records were summed.
        people: usize,
        /// Whole-month records were spread to this day.
        spread_to: Option<NaiveDate>,
    },
    /// The cents between rows converted one by one and the engine's single
    /// rounding per (unit, day, kind, currency).
    Rounding,
}

impl Source {
    /// The source in words.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (Source::Line { file, line }, Lang::Zh) => match file.strip_prefix("close ") {
                Some(month) => format!("{month} 结账记录第 {line} 行"),
                None => format!("{file} 第 {line} 行"),
            },
            (Source::Line { file, line }, Lang::En) => format!("{file} line {line}"),
            (Source::Cogs { explain }, Lang::Zh) => format!("系统推算：{}", explain.0),
            (Source::Cogs { explain }, Lang::En) => format!("derived: {}", explain.1),
            (Source::RuleTo { rule, unit }, Lang::Zh) => format!("规则 {rule} → {unit}"),
            (Source::RuleTo { rule, unit }, Lang::En) => format!("rule {rule} → {unit}"),
            (Source::RuleFrom { rule, unit }, Lang::Zh) => format!("规则 {rule}，来自 {unit}"),
            (Source::RuleFrom { rule, unit }, Lang::En) => format!("rule {rule} from {unit}"),
            (Source::Hours { person, unit, line, spread_to }, Lang::Zh) => {
                let spread = spread_to.map(|d| format!("；月度合计按天均摊，计至 {d}")).unwrap_or_default();
                format!("工时文件第 {line} 行：{person} 在 {unit}{spread}")
            }
            (Source::Hours { person, unit, line, spread_to }, Lang::En) => {
                let spread = spread_to.map(|d| format!("; month total spread evenly over its days, counted to {d}")).unwrap_or_default();
                format!("hours line {line}: {person} in {unit}{spread}")
            }
            (Source::UnitHours { unit, people, spread_to }, Lang::Zh) => {
                let spread = spread_to.map(|d| format!("；月度合计按天均摊，计至 {d}")).unwrap_or_default();
                format!("{unit} 的 {people} 人合计（个人明细仅本人与财务可见）{spread}")
            }
            (Source::UnitHours { unit, people, spread_to }, Lang::En) => {
                let spread = spread_to.map(|d| format!("; month totals spread evenly over their days, counted to {d}")).unwrap_or_default();
                format!("{unit}: total of {people} people (each person's line is seen by them and finance only){spread}")
            }
            (Source::Rounding, Lang::Zh) => "舍入差：系统按单位、日、类型、币种各舍入一次，逐行换算的分差列于此".into(),
            (Source::Rounding, Lang::En) => {
                "rounding: the engine rounds once per unit, day, kind and currency; the cents of converting row by row".into()
            }
        }
    }
}

/// A drill-down row's kind in words: a stored fact kind, or an entry the
/// engine or the drill-down adds.
pub fn kind_label(kind: &str, lang: Lang) -> String {
    if let Ok(k) = kind.parse::<amoeba_core::ledger::FactKind>() {
        return k.label(lang).to_string();
    }
    let (zh, en) = match kind {
        drilldown::KIND_COGS_DERIVED => ("销售成本（系统推算）", "COGS (derived)"),
        drilldown::KIND_LABOUR => ("人工成本", "Labour"),
        drilldown::KIND_HOURS => ("工时", "Hours"),
        drilldown::KIND_UNIT_TOTAL => ("单位合计", "Unit total"),
        drilldown::KIND_ROUNDING => ("舍入差", "Rounding"),
        other => return other.to_string(),
    };
    lang.pick(zh, en).to_string()
}

/// A person's share of their units' results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShareView {
    /// One row per unit the person worked in during the month.
    pub rows: Vec<ShareRow>,
    /// The last day counted (month to date); the page explains the basis.
    pub as_of: NaiveDate,
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
