//! The per-day figures an operator report and a contract's actuals are
//! computed from: stored traffic (sessions, orders, ordered sales) and each
//! store's own ledger figures (ad spend, ad sales, profit) as the store page
//! counts them (`amoeba_core::accounting::store_figures`). Money is stated
//! in the company's base currency, converted with the one FX rule
//! (`FxTable::convert`); what cannot be converted is left out and listed.

use crate::accounting::{fx_table, month_to_date};
use crate::Result;
use amoeba_core::accounting::{store_figures, FxTable, Lines, PnlLine};
use amoeba_core::ledger::{DataCut, FactKind};
use amoeba_core::oversight::report::DayFigures;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// One store's ledger figures of one day, in base currency.
#[derive(Debug, Clone, Default)]
pub struct LedgerDay {
    /// The day's P&L lines of the store.
    pub lines: Lines,
    /// Ad-attributed sales (a metric, not money booked).
    pub ad_sales: Decimal,
}

/// Per-day figures of some stores over some days, with what could not be counted.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Traffic rows and each store's ledger row per day.
    pub days: Vec<DayFigures>,
    /// The data cuts of the traffic counted (each once).
    pub cuts: Vec<DataCut>,
    /// Amounts left out (a missing FX rate), worded for the reader of a log.
    pub problems: Vec<String>,
}

/// The months a range of days touches.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<Month> {
    let mut out = Vec::new();
    let mut m = Month::of(from);
    while m <= Month::of(to) {
        out.push(m);
        m = m.next();
    }
    out
}

/// Each store's ledger days within `from..=to`, as they count `today`
/// (days without anything booked are absent), and the months that had data
/// to count (a month the company has no data for yet is not among them).
pub async fn ledger_days(
    db: &Db,
    company: &CompanyRow,
    stores: &[String],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<(BTreeMap<(String, NaiveDate), LedgerDay>, Vec<Month>, Vec<String>)> {
    let fx = fx_table(db, company).await?;
    let mut out: BTreeMap<(String, NaiveDate), LedgerDay> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut counted = Vec::new();
    for month in months(from, to) {
        let mtd = month_to_date(db, company, month, today).await?;
        let Some(as_of) = mtd.as_of else { continue };
        counted.push(month);
        let closed = db.closed_period(company.id, month).await?.is_some();
        let facts = db.fact_aggregates(company.id, month).await?;
        // A closed month's COGS are stored facts already.
        let cogs = if closed { &[][..] } else { &mtd.pnl.entries.cogs[..] };
        for store in stores {
            let figures = store_figures(&facts, cogs, &fx, store, as_of);
            problems.extend(figures.problems.iter().map(|e| e.to_string()));
            for (day, lines) in figures.days.into_iter().filter(|(d, _)| (from..=to).contains(d)) {
                out.entry((store.clone(), day)).or_default().lines = lines;
            }
            for f in facts.iter().filter(|f| f.kind == FactKind::AdSales && f.store.as_deref() == Some(store.as_str())) {
                if !(from..=to).contains(&f.day) || f.day > as_of {
                    continue;
                }
                match fx.convert(f.amount, f.currency, f.day) {
                    Ok(v) => out.entry((store.clone(), f.day)).or_default().ad_sales += v,
                    Err(e) => problems.push(e.to_string()),
                }
            }
        }
    }
    Ok((out, counted, problems))
}

fn count(v: Option<i64>) -> u64 {
    v.and_then(|x| u64::try_from(x).ok()).unwrap_or(0)
}

/// The report rows of `stores` over `from..=to`: one row per stored
/// traffic row (on its first day; a business report's week counts in the
/// period its first day falls in) and one per store and day of the ledger.
pub async fn report_days(
    db: &Db,
    company: &CompanyRow,
    stores: &[String],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Figures> {
    let fx: FxTable = fx_table(db, company).await?;
    let mut out = Figures::default();
    for t in db.traffic_between(company.id, stores, from, to).await? {
        if !out.cuts.contains(&t.cut) {
            out.cuts.push(t.cut);
        }
        let r = t.record;
        let sales = match (r.sales, r.currency) {
            (Some(v), Some(c)) => match fx.convert(v, c, r.first_day) {
                Ok(base) => base,
                Err(e) => {
                    out.problems.push(e.to_string());
                    Decimal::ZERO
                }
            },
            _ => Decimal::ZERO,
        };
        out.days.push(DayFigures {
            day: r.first_day,
            store: r.store,
            sku: r.sku.or(r.asin),
            sessions: count(r.sessions),
            page_views: count(r.page_views),
            impressions: count(r.impressions),
            clicks: count(r.clicks),
            inquiries: count(r.inquiries),
            orders: count(r.orders),
            units: count(r.units),
            sales,
            ..Default::default()
        });
    }
    let (ledger, _, problems) = ledger_days(db, company, stores, from, to, today).await?;
    out.problems.extend(problems);
    for ((store, day), l) in ledger {
        out.days.push(DayFigures {
            day,
            store,
            sku: None,
            ad_spend: l.lines.get(PnlLine::Ads),
            ad_sales: l.ad_sales,
            profit: l.lines.profit(),
            ..Default::default()
        });
    }
    Ok(out)
}
