//! Goals and engagement (migration 0013): derived targets (each a new
//! version, its months written as the unit's `sales` plans), the daily
//! lottery (rules versions, the list frozen at the cut-off, the one draw
//! of a day), PK contests and the awards they give.
//!
//! Everything here is written once: a write that finds its key taken
//! answers `false` and changes nothing, so the caller can say why (a day
//! drawn already, a contest defined already). Nothing is updated in place
//! but a contest before it starts and its result once decided.

use crate::batch::{insert_many, Val};
use crate::imports::closed_months;
use crate::{Db, Result, StoreError};
use amoeba_core::engagement::lottery::{DrawRecord, FrozenList, LotteryRules};
use amoeba_core::Month;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use sqlx::Row;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

fn day_of(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| corrupt(&format!("day '{text}'"), e))
}

/// One version of a unit's derived target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTarget {
    /// The year.
    pub year: i32,
    /// The unit.
    pub unit: String,
    /// Version, from 1.
    pub version: i64,
    /// When it was derived (RFC 3339, UTC).
    pub derived_at: String,
    /// The derivation, as JSON (the application's type).
    pub derivation: String,
}

/// A lottery rules version as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRules {
    /// First draw day the version applies to.
    pub effective_from: NaiveDate,
    /// The rules (their own `version` is the key).
    pub rules: LotteryRules,
    /// SHA-256 of their canonical bytes (hex).
    pub rules_hash: String,
    /// When they were saved.
    pub saved_at: String,
}

/// A day's frozen entry list as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredList {
    /// The rules version it was frozen under.
    pub rules_version: String,
    /// The list.
    pub list: FrozenList,
    /// Its hash (hex), as published.
    pub list_hash: String,
    /// When it was frozen.
    pub frozen_at: String,
}

/// A day's draw as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraw {
    /// The record anyone can verify.
    pub record: DrawRecord,
    /// When it was drawn.
    pub drawn_at: String,
}

/// A PK contest as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContest {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Definition, as JSON (the application's type).
    pub definition: String,
    /// When it was defined.
    pub created_at: String,
    /// The decided result, as JSON.
    pub result: Option<String>,
    /// When it was decided.
    pub decided_at: Option<String>,
}

/// Something engagement gives: a lottery prize, a PK stake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Award {
    /// `lottery` or `pk`.
    pub source: String,
    /// The draw day or the contest code.
    pub source_ref: String,
    /// Place in the draw, rank in the contest (unique per source and ref).
    pub slot: i64,
    /// When it was won.
    pub day: NaiveDate,
    /// The person who won it.
    pub person: Option<String>,
    /// The unit (team) that won it.
    pub unit: Option<String>,
    /// Prize tier or what was won.
    pub label: String,
    /// Cash in CNY.
    pub amount: Option<Decimal>,
    /// A thing or a privilege.
    pub description: Option<String>,
    /// The payout period it was paid in, once paid.
    pub paid_in: Option<String>,
}

const AWARD_COLUMNS: [&str; 11] =
    ["company_id", "source", "source_ref", "slot", "day", "person_code", "unit_code", "label", "amount", "description", "paid_in"];

fn award_row(company_id: i64, a: &Award) -> Vec<Val> {
    vec![
        Val::I(company_id),
        Val::T(a.source.clone()),
        Val::T(a.source_ref.clone()),
        Val::I(a.slot),
        Val::T(a.day.to_string()),
        Val::N(a.person.clone()),
        Val::N(a.unit.clone()),
        Val::T(a.label.clone()),
        Val::N(a.amount.map(|d| d.to_string())),
        Val::N(a.description.clone()),
        Val::N(a.paid_in.clone()),
    ]
}

async fn insert_awards(conn: &mut sqlx::AnyConnection, backend: crate::Backend, company_id: i64, awards: &[Award]) -> Result<()> {
    if awards.is_empty() {
        return Ok(());
    }
    let rows = awards.iter().map(|a| award_row(company_id, a)).collect();
    insert_many(conn, backend, "awards", &AWARD_COLUMNS, rows, "").await?;
    Ok(())
}

impl Db {
    /// Stores a new version of `unit`'s target for `year` and writes its
    /// months (`plans`: month → amount) as the unit's `sales` plans, all in
    /// one transaction under an imports row of kind `target`, counting one
    /// data version. Refuses (nothing written) when one of the months is
    /// closed. Returns the version.
    pub async fn save_target(&self, company_id: i64, year: i32, unit: &str, derivation: &str, plans: &[(Month, Decimal)]) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let closed = closed_months(&mut tx, company_id).await?;
        if let Some((m, _)) = plans.iter().find(|(m, _)| closed.contains(&m.to_string())) {
            let on: String = sqlx::query("SELECT closed_at FROM periods WHERE company_id = $1 AND month = $2")
                .bind(company_id)
                .bind(m.to_string())
                .fetch_one(&mut *tx)
                .await?
                .get(0);
            return Err(StoreError::Refused(amoeba_core::Refusal::AlreadyClosed { month: m.to_string(), on }));
        }
        let version: i64 = sqlx::query(
            "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) + 1 FROM targets WHERE company_id = $1 AND year = $2 AND unit_code = $3",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(unit.to_string())
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        let sha = hex::encode(Sha256::digest(format!("target {year} {unit} v{version}\n{derivation}").as_bytes()));
        let at = now();
        let import_id: i64 = sqlx::query(
            "INSERT INTO imports (company_id, kind, file_name, file_sha256, encoding, store_code, rows_read, rows_added, imported_at) \
             VALUES ($1, 'target', $2, $3, 'utf-8', NULL, $4, $4, $5) RETURNING id",
        )
        .bind(company_id)
        .bind(format!("target {year} {unit} v{version}"))
        .bind(sha)
        .bind(plans.len() as i64)
        .bind(at.clone())
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        sqlx::query(
            "INSERT INTO targets (company_id, year, unit_code, version, derived_at, import_id, derivation) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(unit.to_string())
        .bind(version)
        .bind(at)
        .bind(import_id)
        .bind(derivation.to_string())
        .execute(&mut *tx)
        .await?;
        let rows = plans
            .iter()
            .map(|(m, amount)| {
                vec![
                    Val::I(company_id),
                    Val::T(unit.to_string()),
                    Val::T(m.to_string()),
                    Val::T("sales".into()),
                    Val::T(amount.to_string()),
                    Val::I(import_id),
                ]
            })
            .collect();
        insert_many(
            &mut tx,
            self.backend,
            "plans",
            &["company_id", "unit_code", "month", "line", "amount", "import_id"],
            rows,
            "ON CONFLICT (company_id, unit_code, month, line) DO UPDATE SET amount = excluded.amount, import_id = excluded.import_id",
        )
        .await?;
        crate::version::seal_import(&mut tx, company_id, &closed).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// The version in force (the latest) of every unit's target for `year`.
    pub async fn targets_of_year(&self, company_id: i64, year: i32) -> Result<Vec<StoredTarget>> {
        let rows = sqlx::query(
            "SELECT t.year, t.unit_code, t.version, t.derived_at, t.derivation FROM targets t WHERE t.company_id = $1 AND t.year = $2 \
             AND t.version = (SELECT MAX(v.version) FROM targets v WHERE v.company_id = t.company_id AND v.year = t.year AND v.unit_code = t.unit_code) \
             ORDER BY t.unit_code",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(target_of).collect())
    }

    /// Every version of `unit`'s target for `year`, oldest first.
    pub async fn target_versions(&self, company_id: i64, year: i32, unit: &str) -> Result<Vec<StoredTarget>> {
        let rows = sqlx::query(
            "SELECT year, unit_code, version, derived_at, derivation FROM targets WHERE company_id = $1 AND year = $2 AND unit_code = $3 \
             ORDER BY version",
        )
        .bind(company_id)
        .bind(i64::from(year))
        .bind(unit.to_string())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(target_of).collect())
    }

    /// Saves a lottery rules version. `false` (nothing written) when the
    /// version, or a version starting the same day, exists already.
    pub async fn save_lottery_rules(&self, company_id: i64, rules: &StoredRules) -> Result<bool> {
        let json = serde_json::to_string(&rules.rules).map_err(|e| StoreError::Internal(format!("lottery rules: {e}")))?;
        let done = sqlx::query(
            "INSERT INTO lottery_rules (company_id, version, effective_from, rules, rules_hash, saved_at) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT DO NOTHING",
        )
        .bind(company_id)
        .bind(rules.rules.version.clone())
        .bind(rules.effective_from.to_string())
        .bind(json)
        .bind(rules.rules_hash.clone())
        .bind(rules.saved_at.clone())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every lottery rules version, by first day.
    pub async fn lottery_rules(&self, company_id: i64) -> Result<Vec<StoredRules>> {
        let rows = sqlx::query(
            "SELECT effective_from, rules, rules_hash, saved_at FROM lottery_rules WHERE company_id = $1 ORDER BY effective_from",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let json: String = r.get(1);
                Ok(StoredRules {
                    effective_from: day_of(&r.get::<String, _>(0))?,
                    rules: serde_json::from_str(&json).map_err(|e| corrupt("lottery rules", e))?,
                    rules_hash: r.get(2),
                    saved_at: r.get(3),
                })
            })
            .collect()
    }

    /// Freezes a day's list. `false` (nothing written) when the day's list
    /// is frozen already: a list is frozen once.
    pub async fn freeze_lottery_list(&self, company_id: i64, list: &StoredList) -> Result<bool> {
        let json = serde_json::to_string(&list.list).map_err(|e| StoreError::Internal(format!("lottery list: {e}")))?;
        let done = sqlx::query(
            "INSERT INTO lottery_lists (company_id, day, rules_version, list, list_hash, entrants, frozen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(company_id)
        .bind(list.list.date.to_string())
        .bind(list.rules_version.clone())
        .bind(json)
        .bind(list.list_hash.clone())
        .bind(list.list.entries.len() as i64)
        .bind(list.frozen_at.clone())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// A day's frozen list.
    pub async fn lottery_list(&self, company_id: i64, day: NaiveDate) -> Result<Option<StoredList>> {
        let row = sqlx::query("SELECT rules_version, list, list_hash, frozen_at FROM lottery_lists WHERE company_id = $1 AND day = $2")
            .bind(company_id)
            .bind(day.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let json: String = r.get(1);
            Ok(StoredList {
                rules_version: r.get(0),
                list: serde_json::from_str(&json).map_err(|e| corrupt("lottery list", e))?,
                list_hash: r.get(2),
                frozen_at: r.get(3),
            })
        })
        .transpose()
    }

    /// The days with a frozen list between `from` and `to` (both included):
    /// (day, list hash, entrants, drawn), newest first.
    pub async fn lottery_days(&self, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<(NaiveDate, String, i64, bool)>> {
        let rows = sqlx::query(
            "SELECT l.day, l.list_hash, l.entrants, CAST(CASE WHEN d.day IS NULL THEN 0 ELSE 1 END AS BIGINT) FROM lottery_lists l \
             LEFT JOIN lottery_draws d ON d.company_id = l.company_id AND d.day = l.day \
             WHERE l.company_id = $1 AND l.day >= $2 AND l.day <= $3 ORDER BY l.day DESC",
        )
        .bind(company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((day_of(&r.get::<String, _>(0))?, r.get(1), r.get(2), r.get::<i64, _>(3) == 1))).collect()
    }

    /// Stores a day's draw and its prizes as awards, in one transaction.
    /// `false` (nothing written) when the day is drawn already: a day is
    /// drawn once, and never again with other inputs.
    pub async fn save_lottery_draw(&self, company_id: i64, draw: &StoredDraw, awards: &[Award]) -> Result<bool> {
        let json = serde_json::to_string(&draw.record).map_err(|e| StoreError::Internal(format!("draw record: {e}")))?;
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("INSERT INTO lottery_draws (company_id, day, record, drawn_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                .bind(company_id)
                .bind(draw.record.list.date.to_string())
                .bind(json)
                .bind(draw.drawn_at.clone())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_awards(&mut tx, self.backend, company_id, awards).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// A day's draw.
    pub async fn lottery_draw(&self, company_id: i64, day: NaiveDate) -> Result<Option<StoredDraw>> {
        let row = sqlx::query("SELECT record, drawn_at FROM lottery_draws WHERE company_id = $1 AND day = $2")
            .bind(company_id)
            .bind(day.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let json: String = r.get(0);
            Ok(StoredDraw { record: serde_json::from_str(&json).map_err(|e| corrupt("draw record", e))?, drawn_at: r.get(1) })
        })
        .transpose()
    }

    /// The last day drawn, if any.
    pub async fn last_lottery_draw_day(&self, company_id: i64) -> Result<Option<NaiveDate>> {
        let row = sqlx::query("SELECT MAX(day) FROM lottery_draws WHERE company_id = $1").bind(company_id).fetch_one(&self.pool).await?;
        row.get::<Option<String>, _>(0).map(|d| day_of(&d)).transpose()
    }

    /// Defines a contest. With `replace_before`, an existing contest of the
    /// code that starts after that day is replaced (its rules are not fixed
    /// yet); otherwise, or once it has started, `false` and nothing changes.
    pub async fn save_contest(&self, company_id: i64, c: &StoredContest, replace_before: Option<NaiveDate>) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        if let Some(today) = replace_before {
            sqlx::query("DELETE FROM pk_contests WHERE company_id = $1 AND code = $2 AND start_day > $3 AND result IS NULL")
                .bind(company_id)
                .bind(c.code.clone())
                .bind(today.to_string())
                .execute(&mut *tx)
                .await?;
        }
        let done = sqlx::query(
            "INSERT INTO pk_contests (company_id, code, name, start_day, end_day, definition, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT DO NOTHING",
        )
        .bind(company_id)
        .bind(c.code.clone())
        .bind(c.name.clone())
        .bind(c.start.to_string())
        .bind(c.end.to_string())
        .bind(c.definition.clone())
        .bind(c.created_at.clone())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Every contest, newest first.
    pub async fn contests(&self, company_id: i64) -> Result<Vec<StoredContest>> {
        let rows = sqlx::query(
            "SELECT code, name, start_day, end_day, definition, created_at, result, decided_at FROM pk_contests WHERE company_id = $1 \
             ORDER BY start_day DESC, code",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(contest_of).collect()
    }

    /// One contest.
    pub async fn contest(&self, company_id: i64, code: &str) -> Result<Option<StoredContest>> {
        let row = sqlx::query(
            "SELECT code, name, start_day, end_day, definition, created_at, result, decided_at FROM pk_contests \
             WHERE company_id = $1 AND code = $2",
        )
        .bind(company_id)
        .bind(code.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(contest_of).transpose()
    }

    /// Stores a contest's result and its awards once. `false` (nothing
    /// written) when it is decided already.
    pub async fn decide_contest(&self, company_id: i64, code: &str, result: &str, awards: &[Award]) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE pk_contests SET result = $1, decided_at = $2 WHERE company_id = $3 AND code = $4 AND result IS NULL")
                .bind(result.to_string())
                .bind(now())
                .bind(company_id)
                .bind(code.to_string())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        insert_awards(&mut tx, self.backend, company_id, awards).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Awards won between `from` and `to` (both included), by day then source and slot.
    pub async fn awards_between(&self, company_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Award>> {
        let rows = sqlx::query(
            "SELECT source, source_ref, slot, day, person_code, unit_code, label, amount, description, paid_in FROM awards \
             WHERE company_id = $1 AND day >= $2 AND day <= $3 ORDER BY day, source, source_ref, slot",
        )
        .bind(company_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        awards_of(&rows)
    }

    /// The cash awards a payout of `month` pays: those paid in it, and,
    /// unless it is locked (what it paid is then fixed), those won by `to`
    /// and not paid yet — by day then source and slot.
    pub async fn awards_to_pay(&self, company_id: i64, month: &str, to: NaiveDate, locked: bool) -> Result<Vec<Award>> {
        let rows = sqlx::query(
            "SELECT source, source_ref, slot, day, person_code, unit_code, label, amount, description, paid_in FROM awards \
             WHERE company_id = $1 AND amount IS NOT NULL AND (paid_in = $2 OR ($3 = 0 AND paid_in IS NULL AND day <= $4)) \
             ORDER BY day, source, source_ref, slot",
        )
        .bind(company_id)
        .bind(month.to_string())
        .bind(i64::from(locked))
        .bind(to.to_string())
        .fetch_all(&self.pool)
        .await?;
        awards_of(&rows)
    }
}

fn awards_of(rows: &[sqlx::any::AnyRow]) -> Result<Vec<Award>> {
    rows.iter()
        .map(|r| {
            let amount: Option<String> = r.get(7);
            Ok(Award {
                source: r.get(0),
                source_ref: r.get(1),
                slot: r.get(2),
                day: day_of(&r.get::<String, _>(3))?,
                person: r.get(4),
                unit: r.get(5),
                label: r.get(6),
                amount: amount.map(|a| a.parse().map_err(|e| corrupt("award amount", e))).transpose()?,
                description: r.get(8),
                paid_in: r.get(9),
            })
        })
        .collect()
}

/// A wish goal as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWish {
    /// The person.
    pub person: String,
    /// Their wish number, from 1.
    pub seq: i64,
    /// What they want.
    pub item: String,
    /// First month tracked.
    pub from_month: Month,
    /// The goal, as JSON (the application's type).
    pub goal: String,
    /// When it was set.
    pub created_at: String,
}

impl Db {
    /// Stores a person's new wish goal; returns its number.
    pub async fn save_wish(&self, company_id: i64, person: &str, item: &str, from_month: Month, goal: &str) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let seq: i64 =
            sqlx::query("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) + 1 FROM wish_goals WHERE company_id = $1 AND person_code = $2")
                .bind(company_id)
                .bind(person.to_string())
                .fetch_one(&mut *tx)
                .await?
                .get(0);
        sqlx::query(
            "INSERT INTO wish_goals (company_id, person_code, seq, item, from_month, goal, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(company_id)
        .bind(person.to_string())
        .bind(seq)
        .bind(item.to_string())
        .bind(from_month.to_string())
        .bind(goal.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// A person's wish goals, oldest first.
    pub async fn wishes(&self, company_id: i64, person: &str) -> Result<Vec<StoredWish>> {
        let rows = sqlx::query(
            "SELECT person_code, seq, item, from_month, goal, created_at FROM wish_goals WHERE company_id = $1 AND person_code = $2 ORDER BY seq",
        )
        .bind(company_id)
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let m: String = r.get(3);
                Ok(StoredWish {
                    person: r.get(0),
                    seq: r.get(1),
                    item: r.get(2),
                    from_month: m.parse().map_err(|e| corrupt("wish month", e))?,
                    goal: r.get(4),
                    created_at: r.get(5),
                })
            })
            .collect()
    }
}

/// A unit's review of a cycle as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredReview {
    /// `2026-11` or `2026-Q4`.
    pub cycle: String,
    /// The unit.
    pub unit: String,
    /// Config and scores, as JSON (the application's type).
    pub review: String,
    /// When the scores were last set.
    pub updated_at: String,
}

impl Db {
    /// Sets a unit's review of a cycle (replacing earlier scores).
    pub async fn save_review(&self, company_id: i64, cycle: &str, unit: &str, review: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO reviews (company_id, cycle, unit_code, review, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (company_id, cycle, unit_code) DO UPDATE SET review = excluded.review, updated_at = excluded.updated_at",
        )
        .bind(company_id)
        .bind(cycle.to_string())
        .bind(unit.to_string())
        .bind(review.to_string())
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// One unit's review of a cycle, if there is one.
    pub async fn review(&self, company_id: i64, cycle: &str, unit: &str) -> Result<Option<StoredReview>> {
        let row =
            sqlx::query("SELECT cycle, unit_code, review, updated_at FROM reviews WHERE company_id = $1 AND cycle = $2 AND unit_code = $3")
                .bind(company_id)
                .bind(cycle.to_string())
                .bind(unit.to_string())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|r| StoredReview { cycle: r.get(0), unit: r.get(1), review: r.get(2), updated_at: r.get(3) }))
    }

    /// Replaces a unit's review of a cycle only if it still reads `old`
    /// (`None`: only if there is none yet), so two people entering scores
    /// at once never overwrite each other unseen. `false`: it changed
    /// meanwhile, nothing was written.
    pub async fn swap_review(&self, company_id: i64, cycle: &str, unit: &str, old: Option<&str>, new: &str) -> Result<bool> {
        let q = match old {
            None => sqlx::query(
                "INSERT INTO reviews (company_id, cycle, unit_code, review, updated_at) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (company_id, cycle, unit_code) DO NOTHING",
            ),
            Some(_) => sqlx::query(
                "UPDATE reviews SET review = $4, updated_at = $5 WHERE company_id = $1 AND cycle = $2 AND unit_code = $3 AND review = $6",
            ),
        };
        let q = q.bind(company_id).bind(cycle.to_string()).bind(unit.to_string()).bind(new.to_string()).bind(now());
        let q = match old {
            Some(o) => q.bind(o.to_string()),
            None => q,
        };
        Ok(q.execute(&self.pool).await?.rows_affected() == 1)
    }

    /// Every review, by cycle (newest first) then unit.
    pub async fn reviews(&self, company_id: i64) -> Result<Vec<StoredReview>> {
        let rows =
            sqlx::query("SELECT cycle, unit_code, review, updated_at FROM reviews WHERE company_id = $1 ORDER BY cycle DESC, unit_code")
                .bind(company_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.iter().map(|r| StoredReview { cycle: r.get(0), unit: r.get(1), review: r.get(2), updated_at: r.get(3) }).collect())
    }
}

fn target_of(r: &sqlx::any::AnyRow) -> StoredTarget {
    StoredTarget { year: r.get::<i64, _>(0) as i32, unit: r.get(1), version: r.get(2), derived_at: r.get(3), derivation: r.get(4) }
}

fn contest_of(r: &sqlx::any::AnyRow) -> Result<StoredContest> {
    Ok(StoredContest {
        code: r.get(0),
        name: r.get(1),
        start: day_of(&r.get::<String, _>(2))?,
        end: day_of(&r.get::<String, _>(3))?,
        definition: r.get(4),
        created_at: r.get(5),
        result: r.get(6),
        decided_at: r.get(7),
    })
}
