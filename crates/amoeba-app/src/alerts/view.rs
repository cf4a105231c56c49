//! Who sees which alert, and acknowledging one. An alert about a store is
//! seen by whoever sees the store (its unit's people and leaders, the owner,
//! its third-party operator); one about a unit by whoever sees the unit.

use crate::Result;
use amoeba_core::identity::Viewer;
use amoeba_core::oversight::alerts::episode::Acknowledgement;
use amoeba_core::Refusal;
use amoeba_store::alerts_repo::StoredEpisode;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;

/// Whether `viewer` may see the episode.
pub fn sees(viewer: &Viewer<'_>, e: &StoredEpisode) -> bool {
    if !e.store.is_empty() {
        viewer.sees_store(&e.store)
    } else if !e.unit.is_empty() {
        viewer.sees_unit(&e.unit)
    } else {
        viewer.is_owner()
    }
}

/// The company's episodes (open first, latest first) that `sees` lets through.
pub async fn episodes(db: &Db, company: &CompanyRow, open_only: bool, sees: impl Fn(&StoredEpisode) -> bool) -> Result<Vec<StoredEpisode>> {
    Ok(db.alert_episodes(company.id, open_only).await?.into_iter().filter(|e| sees(e)).collect())
}

/// Acknowledges episode `id` with a note, noting who and on which day; an
/// episode that does not exist or that `sees` hides is refused alike.
pub async fn acknowledge(
    db: &Db,
    company: &CompanyRow,
    id: i64,
    by: &str,
    on: NaiveDate,
    note: &str,
    sees: impl Fn(&StoredEpisode) -> bool,
) -> Result<StoredEpisode> {
    let unknown = || Refusal::UnknownAlert { id };
    let Some(mut e) = db.alert_episode(company.id, id).await?.filter(|e| sees(e)) else {
        return Err(unknown().into());
    };
    let ack = Acknowledgement { by: by.to_string(), on, note: note.trim().to_string() };
    if !db.acknowledge_alert(company.id, id, &ack).await? {
        return Err(unknown().into());
    }
    e.acknowledged = Some(ack);
    Ok(e)
}
