//! `amoeba alerts run --day D`: evaluates the rules in force on a day and
//! stores the day's episode changes — new episodes opened (the alerts to
//! notify), open ones given their latest figures, ended ones closed — in
//! one transaction. Running a day twice changes nothing the second time.

use super::inputs::evaluate_day;
use crate::Result;
use amoeba_core::oversight::alerts::episode::{track_episodes, Episode};
use amoeba_core::oversight::alerts::{Alert, AlertKey};
use amoeba_store::alerts_repo::NewEpisode;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What a day's run did.
#[derive(Debug, Clone, Default)]
pub struct DayRun {
    /// False when no rules were imported (nothing was evaluated).
    pub has_rules: bool,
    /// Rules evaluated (one per kind and subject).
    pub evaluated: usize,
    /// Alerts that opened an episode today: the ones to tell someone about.
    pub new: Vec<Alert>,
    /// Episodes still firing (not told again).
    pub continuing: usize,
    /// Episodes whose condition cleared today.
    pub ended: usize,
    /// Amounts left out (a missing FX rate), for the log.
    pub problems: Vec<String>,
}

/// Evaluates `day` and stores its episode changes.
pub async fn run_day(db: &Db, company: &CompanyRow, day: NaiveDate) -> Result<DayRun> {
    let Some(stored) = db.alert_rules(company.id).await? else {
        return Ok(DayRun::default());
    };
    let gathered = evaluate_day(db, company, &stored.rules, day).await?;
    let open = db.alert_episodes(company.id, true).await?;
    let ids: BTreeMap<AlertKey, i64> = open.iter().map(|e| (e.alert.key(), e.id)).collect();
    let episodes: Vec<Episode> = open
        .iter()
        .map(|e| Episode { key: e.alert.key(), opened: e.opened, latest: e.alert.clone(), acknowledged: e.acknowledged.clone() })
        .collect();
    let owners: BTreeMap<AlertKey, &str> = gathered.evaluations.iter().map(|(e, unit)| (e.key.clone(), unit.as_str())).collect();
    let evaluations: Vec<_> = gathered.evaluations.iter().map(|(e, _)| e.clone()).collect();
    let changes = track_episodes(&episodes, day, &evaluations);
    let new: Vec<NewEpisode<'_>> =
        changes.new.iter().map(|a| NewEpisode { alert: a, unit: owners.get(&a.key()).copied().unwrap_or_default() }).collect();
    let continuing: Vec<(i64, &Alert)> = changes.continuing.iter().filter_map(|a| ids.get(&a.key()).map(|id| (*id, a))).collect();
    let ended: Vec<i64> = changes.ended.iter().filter_map(|e| ids.get(&e.key).copied()).collect();
    db.apply_alert_day(company.id, day, &new, &continuing, &ended).await?;
    Ok(DayRun {
        has_rules: true,
        evaluated: evaluations.len(),
        new: changes.new.clone(),
        continuing: changes.continuing.len(),
        ended: ended.len(),
        problems: gathered.problems,
    })
}
