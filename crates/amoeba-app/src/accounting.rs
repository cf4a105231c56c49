//! Unit P&L for a month, computed by the pure engine from what is stored,
//! and the month close that locks it.
//!
//! An open month is always recomputed from facts, hours, FX rates and the
//! stored charge and allocation rules. A closed month is never recomputed:
//! its P&L is the snapshot stored at close, because the close also stored
//! the derived entries (charges, allocations, COGS) as facts, and a closed
//! period must never change even when rules or landed costs do later.

use crate::{AppError, Result};
use amoeba_core::accounting::{
    as_of_day, compute_month, CogsMode, FactAggregate, FxTable, MonthPnl, OrderCount, PnlInput, Rules, Settlement,
};
use amoeba_core::ledger::HoursRecord;
use amoeba_core::org::Org;
use amoeba_core::{Month, Refusal};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::periods::ClosingFact;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::sync::Arc;

/// The month's P&L for every unit of `company`: the stored snapshot when
/// the month is closed, else computed from the stored facts, hours, FX rates
/// and rules. Problems of an open month (missing FX rates, SKUs without
/// landed cost, bad rules…) come back in [`MonthPnl::errors`]; figures cover
/// the rest.
pub async fn month_pnl(db: &Db, company: &CompanyRow, month: Month) -> Result<MonthPnl> {
    if let Some(closed) = db.closed_period(company.id, month).await? {
        return snapshot(month, &closed.summary);
    }
    compute(db, company, month).await
}

/// A month's P&L as it counts on a day: cut at its as-of day (see
/// `amoeba_core::accounting::to_date`), the one figure the board, the unit
/// P&L, a person's page, the API and `amoeba report pnl` show.
#[derive(Debug, Clone)]
pub struct MonthToDate {
    /// The P&L through [`MonthToDate::as_of`] (the whole month once it is over or closed).
    pub pnl: MonthPnl,
    /// The last day counted; `None` when the month has no data yet.
    pub as_of: Option<NaiveDate>,
    /// Whether every day of the month counts (over, or closed).
    pub whole_month: bool,
}

/// The month as it counts `today`: a closed month is its snapshot, whole;
/// an open month is computed and cut at [`as_of_day`].
/// Computed once per data change ([`crate::version_cache`]): every screen that
/// asks again before the next import, organisation file or close gets the
/// same result without recomputing the month.
pub async fn month_to_date(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate) -> Result<Arc<MonthToDate>> {
    let version = db.data_version(company.id).await?;
    month_to_date_at(db, company, version, month, today).await
}

/// [`month_to_date`] when the caller has read the data version already
/// (a page reads it once per request, `crate::current`).
pub async fn month_to_date_at(db: &Db, company: &CompanyRow, version: i64, month: Month, today: NaiveDate) -> Result<Arc<MonthToDate>> {
    crate::version_cache::get_or_compute(&db.display_url, company.id, version, month, today, async {
        month_to_date_uncached(db, company, month, today).await.map(Arc::new)
    })
    .await
}

async fn month_to_date_uncached(db: &Db, company: &CompanyRow, month: Month, today: NaiveDate) -> Result<MonthToDate> {
    if let Some(closed) = db.closed_period(company.id, month).await? {
        let pnl = snapshot(month, &closed.summary)?;
        return Ok(MonthToDate { pnl, as_of: Some(month.last_day()), whole_month: true });
    }
    let last = db.last_fact_day(company.id).await?;
    let as_of = as_of_day(month, today, last);
    let pnl = compute(db, company, month).await?;
    let cut = match as_of {
        Some(day) => pnl.through(day),
        None => pnl.through(month.first_day().pred_opt().unwrap_or(month.first_day())),
    };
    Ok(MonthToDate { pnl: cut, as_of, whole_month: as_of == Some(month.last_day()) })
}

/// Reads a closed month's snapshot.
fn snapshot(month: Month, summary: &str) -> Result<MonthPnl> {
    serde_json::from_str(summary).map_err(|e| {
        AppError::Store(amoeba_store::StoreError::Corrupt(format!("the P&L snapshot of closed period {month} does not read back: {e}")))
    })
}

/// Computes an open month from what is stored (never for a closed month:
/// its derived entries are facts by then and would be counted twice).
async fn compute(db: &Db, company: &CompanyRow, month: Month) -> Result<MonthPnl> {
    let inputs = MonthInputs::load(db, company, month).await?;
    Ok(inputs.pnl())
}

/// What an open month's P&L is computed from, read once. The close hands
/// the same organisation, rates and aggregates on to the metrics and the
/// credit it locks with the P&L, instead of reading the month three times
/// (at 10 M lines each read decodes ~3 M aggregates).
pub(crate) struct MonthInputs {
    /// The month.
    pub month: Month,
    /// The organisation as stored now.
    pub org: Org,
    /// The company's FX rates.
    pub fx: FxTable,
    /// The month's fact aggregates.
    pub facts: Vec<FactAggregate>,
    /// Distinct orders per store and day.
    pub order_counts: Vec<OrderCount>,
    rules: Rules,
    hours: Vec<HoursRecord>,
    settlements: Vec<Settlement>,
}

impl MonthInputs {
    /// Reads everything the month's P&L is computed from.
    pub(crate) async fn load(db: &Db, company: &CompanyRow, month: Month) -> Result<MonthInputs> {
        // The organisation (50 000 SKUs take a few tenths of a second) loads on
        // another thread while this one decodes the month's aggregates.
        let org_task = {
            let (db, company_id) = (db.clone(), company.id);
            tokio::spawn(async move { db.load_org(company_id).await })
        };
        let facts = db.fact_aggregates(company.id, month).await;
        let org = org_task.await.map_err(|e| AppError::Internal(format!("loading the organisation stopped: {e}")))??;
        let facts = facts?;
        let rules = db.load_rules(company.id).await?;
        let fx = fx_table(db, company).await?;
        let order_counts = db.order_counts(company.id, month).await?;
        let hours = db.hours_of_month(company.id, month).await?;
        let settlements = db.settlements_deposited(company.id, month).await?;
        Ok(MonthInputs { month, org, fx, facts, order_counts, rules, hours, settlements })
    }

    /// The month's P&L, by the core's one rule.
    pub(crate) fn pnl(&self) -> MonthPnl {
        let input = PnlInput {
            org: &self.org,
            month: self.month,
            fx: &self.fx,
            facts: &self.facts,
            orders: &self.order_counts,
            hours: &self.hours,
            charge_rules: &self.rules.charges,
            allocation_rules: &self.rules.allocations,
            settlements: &self.settlements,
            cogs: CogsMode::Derive { reverse_refunds: true },
        };
        compute_month(&input)
    }
}

/// The company's stored FX rates as the engine's table.
pub(crate) async fn fx_table(db: &Db, company: &CompanyRow) -> Result<FxTable> {
    let rates = db.fx_rates(company.id).await?;
    FxTable::new(company.company.base_currency, &rates)
        .map_err(|errs| AppError::Refused(Refusal::FxInconsistent { problems: errs.iter().map(|e| e.to_string()).collect() }))
}

/// What closing a month did.
#[derive(Debug, Clone)]
pub struct Closed {
    /// The month closed.
    pub month: Month,
    /// The `imports` row (kind `close`) the derived facts belong to.
    pub import_id: i64,
    /// Internal charges stored (each as two facts).
    pub charges: usize,
    /// Allocation entries stored (each as two facts).
    pub allocations: usize,
    /// Derived COGS facts stored.
    pub cogs: usize,
    /// The locked P&L (what `month_pnl` returns from now on).
    pub pnl: MonthPnl,
}

/// Closes `month`: computes it, refuses with every problem if it is not
/// clean, already closed, or an earlier month with facts is still open;
/// otherwise stores in ONE transaction the derived entries as facts (kinds
/// `internal_charge`, `allocation`, `cogs`, under an import of kind
/// `close`), the P&L snapshot and the `periods` row that locks the month.
pub async fn close(db: &Db, company: &CompanyRow, month: Month) -> Result<Closed> {
    for _ in 0..CLOSE_TRIES {
        // Read before anything the P&L is computed from: the store keeps the
        // close only if no import or organisation change landed since.
        let seen = db.data_version(company.id).await?;
        if let Some(done) = db.closed_period(company.id, month).await? {
            return Err(Refusal::AlreadyClosed { month: month.to_string(), on: done.closed_at }.into());
        }
        let open = db.open_months_with_facts_before(company.id, month).await?;
        if !open.is_empty() {
            return Err(Refusal::EarlierMonthsOpen { month: month.to_string(), open: open.iter().map(|m| m.to_string()).collect() }.into());
        }
        let inputs = MonthInputs::load(db, company, month).await?;
        let pnl = inputs.pnl();
        if !pnl.is_clean() {
            return Err(AppError::NotClosable { month, problems: pnl.errors.clone() });
        }
        let facts = closing_facts(&pnl);
        let summary = serde_json::to_string(&pnl).map_err(|e| AppError::Internal(format!("the P&L of {month} does not serialise: {e}")))?;
        // The month's metrics are locked with its P&L: an org change or a
        // late file must not move a closed month's ACoS or turnover.
        let metrics = crate::metrics::metrics_from(db, company, &inputs, &pnl).await?;
        let metrics =
            serde_json::to_string(&metrics).map_err(|e| AppError::Internal(format!("the metrics of {month} do not serialise: {e}")))?;
        // So is who earned what: a later change of credit rules moves open months only.
        let credit = crate::credit::compute_from(db, company, &inputs, month.last_day(), false).await?;
        let credit =
            serde_json::to_string(&credit).map_err(|e| AppError::Internal(format!("the credit of {month} does not serialise: {e}")))?;
        let snapshot = amoeba_store::periods::Snapshot { pnl: &summary, metrics: &metrics, credit: &credit };
        let Some(import_id) = db.close_period(company.id, month, seen, company.company.base_currency, &facts, snapshot).await? else {
            continue;
        };
        let e = &pnl.entries;
        return Ok(Closed { month, import_id, charges: e.charges.len(), allocations: e.allocations.len(), cogs: e.cogs.len(), pnl });
    }
    Err(Refusal::ChangedWhileClosing { month: month.to_string(), tries: CLOSE_TRIES }.into())
}

/// How many times a close computes the month when imports keep landing.
const CLOSE_TRIES: u32 = 5;

/// Prefixes of the memos [`closing_facts`] stores (English, as stored).
const MEMO_CHARGE: &str = "internal charge, rule ";
const MEMO_ALLOCATION: &str = "allocation, rule ";
const MEMO_COGS: &str = "COGS derived at close: ";

/// A memo the close stored, in the reader's language (`None` for any other
/// memo: a source file's own description is shown as the file has it).
pub fn closing_memo(memo: &str, lang: amoeba_core::Lang) -> Option<String> {
    use amoeba_core::Lang::En;
    if lang == En {
        return None;
    }
    let rule_and_units = |rest: &str| {
        rest.split_once(": ")
            .and_then(|(rule, units)| units.split_once(" → ").map(|(a, b)| (rule.to_string(), a.to_string(), b.to_string())))
    };
    if let Some((rule, a, b)) = memo.strip_prefix(MEMO_CHARGE).and_then(rule_and_units) {
        return Some(format!("内部结算，规则 {rule}：{a} → {b}"));
    }
    if let Some((rule, a, b)) = memo.strip_prefix(MEMO_ALLOCATION).and_then(rule_and_units) {
        return Some(format!("费用分摊，规则 {rule}：{a} → {b}"));
    }
    let explain = memo.strip_prefix(MEMO_COGS)?;
    let zh = if let Some((qty, rest)) = explain.split_once(" × landed cost ") {
        let (cost, sku) = rest.split_once(" of ")?;
        format!("{qty} 件 × {sku} 的到岸成本 {cost}")
    } else {
        let (qty, rest) = explain.split_once(" units of ")?;
        let (skus, _) = rest.split_once(" SKUs")?;
        format!("{skus} 个 SKU 共 {qty} 件，各按当日到岸成本计，每个 SKU 舍入一次")
    };
    Some(format!("结账时推算的销售成本：{zh}"))
}

/// The derived entries as facts, each with a memo naming its rule.
fn closing_facts(pnl: &MonthPnl) -> Vec<ClosingFact> {
    let e = &pnl.entries;
    let mut out = Vec::with_capacity(2 * (e.charges.len() + e.allocations.len()) + e.cogs.len());
    let mut push = |memo: String, postings: [amoeba_core::accounting::Posting; 2]| {
        out.extend(postings.into_iter().map(|p| ClosingFact {
            day: p.day,
            unit: p.unit,
            store: None,
            sku: None,
            quantity: 0,
            kind: p.kind,
            amount: p.amount,
            memo: memo.clone(),
        }));
    };
    for c in &e.charges {
        push(format!("{MEMO_CHARGE}{}: {} → {}", c.rule, c.provider, c.user), c.postings());
    }
    for a in &e.allocations {
        push(format!("{MEMO_ALLOCATION}{}: {} → {}", a.rule, a.source, a.target), a.postings());
    }
    for c in &e.cogs {
        let p = c.posting();
        out.push(ClosingFact {
            day: p.day,
            unit: p.unit,
            store: c.store.clone(),
            sku: c.sku.clone(),
            quantity: c.quantity,
            kind: p.kind,
            amount: p.amount,
            memo: format!("{MEMO_COGS}{}", c.explain()),
        });
    }
    out
}

/// A store's own figures for a month as it counts today (the store page):
/// its facts and derived COGS through the month's as-of day.
#[derive(Debug, Clone)]
pub struct StoreMonth {
    /// The figures; empty when the month has no data yet.
    pub figures: amoeba_core::accounting::StoreFigures,
    /// The last day counted.
    pub as_of: Option<NaiveDate>,
    /// Whether every day of the month counts.
    pub whole_month: bool,
}

/// The store's figures for `month` (see [`StoreMonth`]). In a closed month
/// the derived COGS are stored facts already, so only the facts are read.
pub async fn store_month(db: &Db, company: &CompanyRow, store: &str, month: Month, today: NaiveDate) -> Result<StoreMonth> {
    let mtd = month_to_date(db, company, month, today).await?;
    let Some(as_of) = mtd.as_of else {
        return Ok(StoreMonth { figures: Default::default(), as_of: None, whole_month: false });
    };
    let closed = db.closed_period(company.id, month).await?.is_some();
    let facts = db.fact_aggregates(company.id, month).await?;
    let fx = fx_table(db, company).await?;
    let cogs = if closed { &[][..] } else { &mtd.pnl.entries.cogs[..] };
    let figures = amoeba_core::accounting::store_figures(&facts, cogs, &fx, store, as_of);
    Ok(StoreMonth { figures, as_of: Some(as_of), whole_month: mtd.whole_month })
}

#[cfg(test)]
mod tests {
    use super::closing_memo;
    use amoeba_core::Lang;

    #[test]
    fn closing_memos_read_in_chinese() {
        let zh = |m: &str| closing_memo(m, Lang::Zh);
        assert_eq!(zh("internal charge, rule WH-SHIP: WH → AMZ-US").as_deref(), Some("内部结算，规则 WH-SHIP：WH → AMZ-US"));
        assert_eq!(zh("allocation, rule RENT: GROUP → WH").as_deref(), Some("费用分摊，规则 RENT：GROUP → WH"));
        assert_eq!(
            zh("COGS derived at close: 12 × landed cost 40.5 of SKU-1").as_deref(),
            Some("结账时推算的销售成本：12 件 × SKU-1 的到岸成本 40.5")
        );
        assert!(zh("COGS derived at close: 30 units of 4 SKUs, each × its landed cost that day, rounded per SKU").is_some());
        assert_eq!(zh("Principal"), None, "a file's own memo stays as the file has it");
        assert_eq!(closing_memo("allocation, rule RENT: GROUP → WH", Lang::En), None);
    }
}
