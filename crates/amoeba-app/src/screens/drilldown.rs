//! The entries behind a P&L figure, read one day at a time and sent in
//! batches, so a month of millions of facts streams in bounded memory to a
//! page window or a CSV body. The rows and the rounding row are the
//! reporting rules' (`amoeba_core::reporting::drilldown`); reading is here.

use crate::accounting::{closing_memo, month_to_date_at};
use crate::current::Current;
use crate::Result;
use amoeba_core::accounting::PnlLine;
use amoeba_core::identity::{PayGrain, Seen};
use amoeba_core::org::Unit;
use amoeba_core::reporting::drilldown::{derived_rows, figure, hours_rows, kinds_for, rounding_row, FactsQuery};
use amoeba_core::reporting::placement::{place, stores_of, subtree_codes};
use amoeba_core::reporting::{FactRow, FactsSummary, FactsView, Memo, Source};
use amoeba_core::{Lang, Month};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Where a drill-down sends its rows (batches of one day or fewer).
pub type RowSink = tokio::sync::mpsc::Sender<Vec<FactRow>>;

/// The drill-down of `unit`'s `line` for `month` (or one `day` of it) at
/// the viewer's pay grain.
pub fn query(unit: Seen<'_, Unit>, line: PnlLine, month: Month, day: Option<NaiveDate>, grain: PayGrain) -> FactsQuery {
    FactsQuery { unit: unit.code.clone(), line, month, day, grain }
}

/// Sends every entry behind the figure to `out` in date order, then the
/// rounding row; answers the figure and how many rows were sent (`None`
/// when there is nothing to list, or the receiver hung up).
pub async fn facts(
    db: &Db,
    company: &CompanyRow,
    current: &Current,
    q: &FactsQuery,
    today: NaiveDate,
    out: RowSink,
) -> Result<Option<FactsSummary>> {
    let org = &current.org;
    let mtd = month_to_date_at(db, company, current.version, q.month, today).await?;
    let Some(as_of) = mtd.as_of else { return Ok(None) };
    let pnl = &mtd.pnl;
    if !pnl.units.contains_key(&q.unit) {
        return Ok(None);
    }
    let (from, to) = match q.day {
        Some(d) if d > as_of => return Ok(None),
        Some(d) => (d, d),
        None => (q.month.first_day(), as_of),
    };
    let figure = figure(pnl, q);
    let subtree = subtree_codes(org, &q.unit);
    let base = company.company.base_currency.to_string();

    // Rows that are not stored facts, by day: derived entries (an open
    // month; a closed month stores them as facts) and hours records.
    let mut extra: BTreeMap<NaiveDate, Vec<FactRow>> = BTreeMap::new();
    if db.closed_period(company.id, q.month).await?.is_none() {
        derived_rows(pnl, q.line, &subtree, from, to, &mut extra);
    }
    if matches!(q.line, PnlLine::Labour | PnlLine::Hours) {
        let records = db.hours_of_month(company.id, q.month).await?;
        hours_rows(&records, q, &subtree, from, to, &base, &mut extra);
    }

    let kinds = kinds_for(q.line);
    let stores = stores_of(org, &subtree);
    let units: Vec<String> = subtree.iter().cloned().collect();
    let fx = if kinds.is_empty() { None } else { Some(crate::accounting::fx_table(db, company).await?) };
    let (mut listed, mut count) = (Decimal::ZERO, 0u64);
    for day in from.iter_days().take_while(|d| *d <= to) {
        let mut rows = Vec::new();
        if let Some(fx) = &fx {
            for f in db.sourced_facts(company.id, day, day, &kinds, &stores, &units).await? {
                let owner = place(org, f.store.as_deref(), f.unit.as_deref(), f.sku.as_deref(), f.day);
                if !owner.is_some_and(|o| subtree.contains(o)) || PnlLine::for_fact(f.kind, f.amount) != Some(q.line) {
                    continue;
                }
                let base_amount = fx.convert(f.amount, f.currency, f.day).unwrap_or_default();
                rows.push(FactRow {
                    day: f.day,
                    store: f.store,
                    sku: f.sku,
                    order_id: f.order_id,
                    kind: f.kind.as_str().into(),
                    amount: f.amount,
                    currency: f.currency.to_string(),
                    base_amount,
                    source: Source::Line { file: f.file, line: f.line },
                    memo: f.memo.map(|m| match closing_memo(&m, Lang::Zh) {
                        Some(zh) => Memo::Closing { zh, en: m },
                        None => Memo::File(m),
                    }),
                });
            }
        }
        rows.extend(extra.remove(&day).unwrap_or_default());
        if rows.is_empty() {
            continue;
        }
        listed += rows.iter().map(|r| r.base_amount).sum::<Decimal>();
        count += rows.len() as u64;
        if out.send(rows).await.is_err() {
            return Ok(None);
        }
    }
    if let Some(row) = rounding_row(figure, listed, to, &base) {
        count += 1;
        if out.send(vec![row]).await.is_err() {
            return Ok(None);
        }
    }
    Ok(Some(FactsSummary { total: figure, count, as_of: Some(as_of) }))
}

/// Runs a drill-down and keeps the rows `offset..offset + limit`, counting
/// the rest: what a page (and a test) shows.
pub async fn window<F>(run: impl FnOnce(RowSink) -> F, offset: u64, limit: u64) -> Result<Option<FactsView>>
where
    F: std::future::Future<Output = Result<Option<FactsSummary>>>,
{
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
    let (summary, rows) = tokio::join!(run(tx), keep);
    Ok(summary?.map(|s| FactsView { rows, total: s.total, count: s.count, offset, as_of: s.as_of }))
}
