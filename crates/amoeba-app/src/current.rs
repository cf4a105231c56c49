//! What every screen reads about a company at its current data version —
//! the version itself, the organisation and the last day with facts — read
//! from the database once per data change and shared (`Arc`) by every
//! request until the next import, organisation file or close.
//!
//! A request reads the data version once (one small query) and asks
//! everything else by that version, so all it shows is one consistent state.

use crate::version_cache::VersionedCache;
use crate::Result;
use amoeba_core::org::Org;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::sync::Arc;

/// A company's state at one data version.
#[derive(Debug)]
pub struct Current {
    /// The data version (`Db::data_version`) everything here was read at.
    pub version: i64,
    /// The organisation.
    pub org: Arc<Org>,
    /// The last day with any imported fact.
    pub last_fact_day: Option<NaiveDate>,
}

impl Current {
    /// The day a board or a P&L opens on: yesterday, or the last day with
    /// data when that is earlier (a demo loaded up to last month shows last
    /// month, not an empty today).
    pub fn default_day(&self, today: NaiveDate) -> NaiveDate {
        let yesterday = today.pred_opt().unwrap_or(today);
        match self.last_fact_day {
            Some(d) if d < yesterday => d,
            _ => yesterday,
        }
    }
}

static CURRENT: VersionedCache<Arc<Current>> = VersionedCache::new();

/// The company's state now: one version read, the rest kept per version.
pub async fn current(db: &Db, company: &CompanyRow) -> Result<Arc<Current>> {
    let version = db.data_version(company.id).await?;
    current_at(db, company.id, version).await
}

/// The company's state at `version` (read once per version).
pub async fn current_at(db: &Db, company_id: i64, version: i64) -> Result<Arc<Current>> {
    CURRENT
        .get_or_compute(&db.display_url, company_id, version, String::new(), async {
            let org_task = {
                let db = db.clone();
                tokio::spawn(async move { db.load_org(company_id).await })
            };
            let last_fact_day = db.last_fact_day(company_id).await?;
            let org = org_task.await.map_err(|e| crate::AppError::Internal(format!("loading the organisation stopped: {e}")))??;
            Ok(Arc::new(Current { version, org: Arc::new(org), last_fact_day }))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_day_is_yesterday_or_the_last_day_with_data() {
        let d = |s: &str| s.parse::<NaiveDate>().expect("day");
        let at = |last: Option<&str>| Current {
            version: 1,
            org: Arc::new(Org::empty(amoeba_core::org::Company::new("T", "T"))),
            last_fact_day: last.map(d),
        };
        assert_eq!(at(None).default_day(d("2026-12-07")), d("2026-12-06"));
        assert_eq!(at(Some("2026-11-30")).default_day(d("2026-12-07")), d("2026-11-30"));
        assert_eq!(at(Some("2026-12-07")).default_day(d("2026-12-07")), d("2026-12-06"));
    }
}
