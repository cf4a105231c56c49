//! A day's alert evaluations from stored data. What each rule reads:
//!
//! * sales slump — the store's sales of the day and of the same weekday of
//!   the weeks before, from the ledger as the store page counts them
//!   (`oversight::figures::ledger_days`, base currency); a day the ledger
//!   has nothing for the store is not evaluated;
//! * conversion slump — orders ÷ sessions of the store's daily traffic rows
//!   (`amoeba_core::oversight::alerts::slump::conversion`);
//! * ACoS — the store's ad spend and ad-attributed sales of the seven days
//!   ending on the day (clicks are not stored from ads reports yet: the
//!   minimum is the rule's `min_spend`);
//! * storage-fee spike — the store's storage fees of the month to date
//!   against the months before (months the ledger has data for), evaluated
//!   once the month has storage fees booked.
//!
//! FX exposure, overstock, stock-out risk and refund-rate spikes need
//! inputs not stored yet (open receivables by booking rate, stock by age
//! and lead time, refunded order counts): they are not evaluated here.

use crate::oversight::figures::{ledger_days, LedgerDay};
use crate::Result;
use amoeba_core::accounting::PnlLine;
use amoeba_core::oversight::alerts::ads::{evaluate_acos, AdsInput};
use amoeba_core::oversight::alerts::rules::RuleSet;
use amoeba_core::oversight::alerts::slump::{conversion, evaluate_slump, SlumpInput, SlumpMetric};
use amoeba_core::oversight::alerts::storage::{evaluate_storage_spike, StorageFeeInput};
use amoeba_core::oversight::alerts::Evaluation;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Days of ad spend an ACoS alert weighs.
pub const ACOS_WINDOW_DAYS: i64 = 7;
/// Months before the current one a storage-fee spike compares with.
pub const STORAGE_HISTORY_MONTHS: usize = 6;
/// Weeks of slump history read when no rule says.
const DEFAULT_WEEKS: u32 = 8;

/// A day's evaluations, each rule's subject owned by a unit, and what could not be counted.
#[derive(Debug, Clone, Default)]
pub struct DayEvaluations {
    /// Every evaluation, with the unit owning its subject ('' if none).
    pub evaluations: Vec<(Evaluation, String)>,
    /// Amounts left out (a missing FX rate), for the log.
    pub problems: Vec<String>,
}

type Ledger = BTreeMap<(String, NaiveDate), LedgerDay>;

fn line(ledger: &Ledger, store: &str, day: NaiveDate, l: PnlLine) -> Option<Decimal> {
    ledger.get(&(store.to_string(), day)).map(|d| d.lines.get(l))
}

fn history_weeks(rules: &RuleSet) -> u32 {
    rules
        .rules
        .iter()
        .flat_map(|r| [r.sales_slump.as_ref(), r.conversion_slump.as_ref()])
        .flatten()
        .map(|s| s.weeks)
        .max()
        .unwrap_or(DEFAULT_WEEKS)
}

/// Each store's (sessions, orders) per day, from daily traffic rows.
async fn traffic(
    db: &Db,
    company: &CompanyRow,
    stores: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BTreeMap<(String, NaiveDate), (u64, u64)>> {
    let mut out: BTreeMap<(String, NaiveDate), (u64, u64)> = BTreeMap::new();
    let n = |v: Option<i64>| v.and_then(|x| u64::try_from(x).ok()).unwrap_or(0);
    for t in db.traffic_between(company.id, stores, from, to).await? {
        let r = t.record;
        if r.first_day != r.last_day {
            continue;
        }
        let e = out.entry((r.store, r.first_day)).or_default();
        e.0 += n(r.sessions);
        e.1 += n(r.orders);
    }
    Ok(out)
}

fn month_storage(ledger: &Ledger, store: &str, month: Month, until: NaiveDate) -> Option<Decimal> {
    let days: Vec<Decimal> = ledger
        .range((store.to_string(), month.first_day())..=(store.to_string(), month.last_day().min(until)))
        .map(|(_, d)| d.lines.get(PnlLine::Storage).abs())
        .collect();
    (!days.is_empty()).then(|| days.iter().sum())
}

/// Evaluates every rule in force on `day` for every store, from stored data.
pub async fn evaluate_day(db: &Db, company: &CompanyRow, rules: &RuleSet, day: NaiveDate) -> Result<DayEvaluations> {
    let org = db.load_org(company.id).await?;
    let stores: Vec<String> = org.stores.iter().map(|s| s.code.clone()).collect();
    let mut first_month = Month::of(day);
    for _ in 0..STORAGE_HISTORY_MONTHS {
        first_month = first_month.prev();
    }
    let from = (day - Duration::days(7 * i64::from(history_weeks(rules)))).min(first_month.first_day());
    let (ledger, _, problems) = ledger_days(db, company, &stores, from, day, day).await?;
    let traffic = traffic(db, company, &stores, from, day).await?;
    let mut out = DayEvaluations { problems, ..Default::default() };
    for store in &stores {
        let unit = org.store_owner(store, day);
        let owner = unit.unwrap_or_default().to_string();
        let r = rules.resolve(unit, Some(store));
        let mut push = |e: Evaluation| out.evaluations.push((e, owner.clone()));
        if let (Some(rule), Some(value)) = (r.sales_slump, line(&ledger, store, day, PnlLine::Sales)) {
            let history = (1..=rule.weeks)
                .map(|w| line(&ledger, store, day - Duration::days(7 * i64::from(w)), PnlLine::Sales).unwrap_or_default())
                .collect();
            let input = SlumpInput { store: store.clone(), sku: None, metric: SlumpMetric::Sales, value, history };
            push(evaluate_slump(rule, &input, day));
        }
        let conv = |d: NaiveDate| traffic.get(&(store.clone(), d)).and_then(|(s, o)| conversion(*o, *s));
        if let (Some(rule), Some(value)) = (r.conversion_slump, conv(day)) {
            let history = (1..=rule.weeks).filter_map(|w| conv(day - Duration::days(7 * i64::from(w)))).collect();
            let input = SlumpInput { store: store.clone(), sku: None, metric: SlumpMetric::Conversion, value, history };
            push(evaluate_slump(rule, &input, day));
        }
        if let Some(rule) = r.acos {
            let window: Vec<&LedgerDay> =
                ledger.range((store.clone(), day - Duration::days(ACOS_WINDOW_DAYS - 1))..=(store.clone(), day)).map(|(_, d)| d).collect();
            let ad_spend: Decimal = window.iter().map(|d| d.lines.get(PnlLine::Ads).abs()).sum();
            let ad_sales: Decimal = window.iter().map(|d| d.ad_sales).sum();
            if !ad_spend.is_zero() || !ad_sales.is_zero() {
                let input = AdsInput { store: store.clone(), sku: None, clicks: 0, ad_spend, ad_sales };
                push(evaluate_acos(rule, &input, day));
            }
        }
        if let (Some(rule), Some(current)) = (r.storage_spike, month_storage(&ledger, store, Month::of(day), day).filter(|c| !c.is_zero()))
        {
            let mut history = Vec::new();
            let mut m = Month::of(day);
            for _ in 0..STORAGE_HISTORY_MONTHS {
                m = m.prev();
                history.extend(month_storage(&ledger, store, m, day));
            }
            push(evaluate_storage_spike(rule, &StorageFeeInput { store: store.clone(), current, history }, day));
        }
    }
    Ok(out)
}
