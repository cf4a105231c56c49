//! Risk alerts' storage: the rules in force (the core's `RuleSet` as JSON,
//! replaced whole by the next file) and alert episodes with their
//! acknowledgement. A day's episode changes are written in one transaction,
//! so an evaluation is stored whole or not at all.

use crate::{Db, Result, StoreError};
use amoeba_core::oversight::alerts::episode::Acknowledgement;
use amoeba_core::oversight::alerts::rules::RuleSet;
use amoeba_core::oversight::alerts::Alert;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The rules in force, with the file they came from and who imported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRules {
    /// The rules.
    pub rules: RuleSet,
    /// The file's name.
    pub file_name: String,
    /// The file as imported (shown and re-exported as written).
    pub body: String,
    /// Login that imported it.
    pub saved_by: String,
    /// When (RFC 3339, UTC).
    pub saved_at: String,
}

/// One stored episode: open while `ended` is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEpisode {
    /// Id (what an acknowledgement names).
    pub id: i64,
    /// The latest alert of the episode, with its figures.
    pub alert: Alert,
    /// The unit that owns it ('' if none): whose board shows it.
    pub unit: String,
    /// The store it is about ('' if none).
    pub store: String,
    /// The day it first fired.
    pub opened: NaiveDate,
    /// The latest day it fired.
    pub last_day: NaiveDate,
    /// The day it was evaluated and no longer fired.
    pub ended: Option<NaiveDate>,
    /// Who acknowledged it, when, and their note.
    pub acknowledged: Option<Acknowledgement>,
}

/// A new episode to store: its first alert and owning unit.
#[derive(Debug, Clone)]
pub struct NewEpisode<'a> {
    /// The alert that opens it.
    pub alert: &'a Alert,
    /// The unit that owns it ('' if none).
    pub unit: &'a str,
}

fn day(s: &str) -> Result<NaiveDate> {
    s.parse().map_err(|_| StoreError::Corrupt(format!("alert day '{s}'")))
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Internal(format!("alert JSON: {e}")))
}

const EPISODE_COLUMNS: &str = "id, alert, unit_code, store_code, opened, last_day, ended, ack_by, ack_on, ack_note";

fn episode(r: &AnyRow) -> Result<StoredEpisode> {
    let alert: String = r.get(1);
    let alert: Alert = serde_json::from_str(&alert).map_err(|e| StoreError::Corrupt(format!("alert episode JSON: {e}")))?;
    let ended: Option<String> = r.get(6);
    let ack_by: Option<String> = r.get(7);
    let ack_on: Option<String> = r.get(8);
    let ack_note: Option<String> = r.get(9);
    let acknowledged = match (ack_by, ack_on) {
        (Some(by), Some(on)) => Some(Acknowledgement { by, on: day(&on)?, note: ack_note.unwrap_or_default() }),
        _ => None,
    };
    Ok(StoredEpisode {
        id: r.get(0),
        alert,
        unit: r.get(2),
        store: r.get(3),
        opened: day(&r.get::<String, _>(4))?,
        last_day: day(&r.get::<String, _>(5))?,
        ended: ended.as_deref().map(day).transpose()?,
        acknowledged,
    })
}

impl Db {
    /// Replaces the company's alert rules with `rules`, read from `file_name`.
    pub async fn save_alert_rules(&self, company_id: i64, file_name: &str, body: &str, rules: &RuleSet, by: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM alert_rules WHERE company_id = $1").bind(company_id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO alert_rules (company_id, file_name, body, rules, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(company_id)
            .bind(file_name.to_string())
            .bind(body.to_string())
            .bind(json(rules)?)
            .bind(by.to_string())
            .bind(now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The company's alert rules, if any were imported.
    pub async fn alert_rules(&self, company_id: i64) -> Result<Option<StoredRules>> {
        let row = sqlx::query("SELECT file_name, body, rules, saved_by, saved_at FROM alert_rules WHERE company_id = $1")
            .bind(company_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let rules: String = r.get(2);
            Ok(StoredRules {
                rules: serde_json::from_str(&rules).map_err(|e| StoreError::Corrupt(format!("alert rules JSON: {e}")))?,
                file_name: r.get(0),
                body: r.get(1),
                saved_by: r.get(3),
                saved_at: r.get(4),
            })
        })
        .transpose()
    }

    /// The company's episodes, open ones first, then the latest first;
    /// `open_only` leaves out the ended ones.
    pub async fn alert_episodes(&self, company_id: i64, open_only: bool) -> Result<Vec<StoredEpisode>> {
        let filter = if open_only { " AND ended IS NULL" } else { "" };
        let rows = sqlx::query(&format!(
            "SELECT {EPISODE_COLUMNS} FROM alert_episodes WHERE company_id = $1{filter} \
             ORDER BY CASE WHEN ended IS NULL THEN 0 ELSE 1 END, last_day DESC, id DESC"
        ))
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(episode).collect()
    }

    /// One episode.
    pub async fn alert_episode(&self, company_id: i64, id: i64) -> Result<Option<StoredEpisode>> {
        let row = sqlx::query(&format!("SELECT {EPISODE_COLUMNS} FROM alert_episodes WHERE company_id = $1 AND id = $2"))
            .bind(company_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(episode).transpose()
    }

    /// Stores one day's episode changes in one transaction: new episodes
    /// opened on `today`, continuing ones (by id) given their latest alert,
    /// ended ones (by id) closed on `today`.
    pub async fn apply_alert_day(
        &self,
        company_id: i64,
        today: NaiveDate,
        new: &[NewEpisode<'_>],
        continuing: &[(i64, &Alert)],
        ended: &[i64],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for n in new {
            sqlx::query(
                "INSERT INTO alert_episodes (company_id, code, subject, unit_code, store_code, opened, last_day, alert) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
            )
            .bind(company_id)
            .bind(n.alert.detail.code().to_string())
            .bind(n.alert.subject.describe())
            .bind(n.unit.to_string())
            .bind(n.alert.subject.store.clone().unwrap_or_default())
            .bind(today.to_string())
            .bind(json(n.alert)?)
            .execute(&mut *tx)
            .await?;
        }
        for (id, alert) in continuing {
            sqlx::query("UPDATE alert_episodes SET last_day = $3, alert = $4 WHERE company_id = $1 AND id = $2 AND ended IS NULL")
                .bind(company_id)
                .bind(*id)
                .bind(today.to_string())
                .bind(json(*alert)?)
                .execute(&mut *tx)
                .await?;
        }
        for id in ended {
            sqlx::query("UPDATE alert_episodes SET ended = $3 WHERE company_id = $1 AND id = $2 AND ended IS NULL")
                .bind(company_id)
                .bind(*id)
                .bind(today.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Acknowledges an episode (a later acknowledgement replaces an
    /// earlier one); false when there is no such episode.
    pub async fn acknowledge_alert(&self, company_id: i64, id: i64, ack: &Acknowledgement) -> Result<bool> {
        let done = sqlx::query("UPDATE alert_episodes SET ack_by = $3, ack_on = $4, ack_note = $5 WHERE company_id = $1 AND id = $2")
            .bind(company_id)
            .bind(id)
            .bind(ack.by.clone())
            .bind(ack.on.to_string())
            .bind(ack.note.clone())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
