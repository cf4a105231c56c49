//! Figures computed once per data change: the month-to-date P&L here, the
//! board's view and the organisation in the server. At 9:00 the whole
//! company opens the board at once; each request used to recompute the
//! month. A result is kept under the company's data version
//! (`Db::data_version`, raised by every import, organisation file and
//! close) with the month and today, so a cached figure is never stale: the
//! next change raises the version and the next request computes again.
//! Concurrent requests for the same key wait for one computation.

use crate::accounting::MonthToDate;
use amoeba_core::Month;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// Most results kept; past it the cache starts over (a company has a
/// handful of months open on screens; versions only move forward).
pub const MAX_ENTRIES: usize = 256;

/// Set to `off` to compute every time (to measure what the cache saves).
pub const CACHE_VAR: &str = "AMOEBA_MTD_CACHE";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    /// The database (tests and the CLI may open several in one process).
    db: String,
    company_id: i64,
    version: i64,
    /// What else the figure depends on (month, day, today), as text.
    what: String,
}

/// Results of one kind kept per data version: the month to date here, the
/// board's view in the server — each figure computed once per change.
pub struct VersionedCache<V> {
    slots: Mutex<Option<HashMap<Key, Arc<OnceCell<V>>>>>,
    limit: usize,
}

impl<V: Clone> VersionedCache<V> {
    /// An empty cache (usable as a `static`) holding at most [`MAX_ENTRIES`].
    pub const fn new() -> Self {
        Self::bounded(MAX_ENTRIES)
    }

    /// An empty cache holding at most `limit` results (past it, it starts
    /// over): a cache per viewer needs room for everyone on staff.
    pub const fn bounded(limit: usize) -> Self {
        Self { slots: Mutex::new(None), limit }
    }

    fn slot(&self, key: Key) -> Arc<OnceCell<V>> {
        let mut guard = self.slots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let map = guard.get_or_insert_with(HashMap::new);
        if map.len() >= self.limit && !map.contains_key(&key) {
            map.clear();
        }
        map.entry(key).or_default().clone()
    }

    /// The kept result for (database, company, version, `what` — every
    /// other parameter of the figure, e.g. its month and today), or
    /// `compute`'s, kept for the next caller. An error is not kept.
    pub async fn get_or_compute<E, F>(&self, db: &str, company_id: i64, version: i64, what: String, compute: F) -> Result<V, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if !enabled() {
            return compute.await;
        }
        let cell = self.slot(Key { db: db.to_string(), company_id, version, what });
        cell.get_or_try_init(|| compute).await.cloned()
    }
}

impl<V: Clone> Default for VersionedCache<V> {
    fn default() -> Self {
        Self::new()
    }
}

static MTD: VersionedCache<Arc<MonthToDate>> = VersionedCache::new();

/// Read once: the cache is asked several times per request.
fn enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var(CACHE_VAR).map_or(true, |v| v.trim() != "off"))
}

/// The month to date for (database, company, version, month, today).
pub(crate) async fn get_or_compute<F>(
    db: &str,
    company_id: i64,
    version: i64,
    month: Month,
    today: NaiveDate,
    compute: F,
) -> crate::Result<Arc<MonthToDate>>
where
    F: Future<Output = crate::Result<Arc<MonthToDate>>>,
{
    MTD.get_or_compute(db, company_id, version, format!("{month} {today}"), compute).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use amoeba_core::accounting::{DerivedEntries, Lines, MonthPnl};
    use amoeba_core::money::Currency;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn mtd(month: Month) -> MonthToDate {
        let pnl = MonthPnl {
            month,
            base_currency: Currency::CNY,
            units: Default::default(),
            group: Lines::zero(),
            group_by_day: Default::default(),
            fx: Vec::new(),
            group_fx_gain_loss: Default::default(),
            entries: DerivedEntries::default(),
            errors: Vec::new(),
        };
        MonthToDate { pnl, as_of: None, whole_month: false }
    }

    #[tokio::test]
    async fn one_computation_per_version_and_a_new_version_computes_again() {
        let month: Month = "2026-10".parse().expect("month");
        let today = month.last_day();
        let runs = AtomicUsize::new(0);
        let compute = || async {
            runs.fetch_add(1, Ordering::SeqCst);
            Ok(Arc::new(mtd(month)))
        };
        for _ in 0..3 {
            get_or_compute("test-db-a", 1, 7, month, today, compute()).await.expect("mtd");
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1, "the same version is computed once");
        get_or_compute("test-db-a", 1, 8, month, today, compute()).await.expect("mtd");
        assert_eq!(runs.load(Ordering::SeqCst), 2, "a change computes again");
        get_or_compute("test-db-b", 1, 8, month, today, compute()).await.expect("mtd");
        assert_eq!(runs.load(Ordering::SeqCst), 3, "another database is another key");
    }
}
