//! Pay (migration 0012): pay plan versions as imported, payout runs as
//! snapshots (canonical bytes, SHA-256, plan versions, inputs hash) with
//! each person's statement, what locked runs paid on each sale, and
//! disputes. Rows only: the application decides what may happen (which
//! month may be run, approved, locked); the transactions here make sure
//! two writers never both succeed at a change of status.

use crate::{Db, Result, StoreError};
use amoeba_core::incentive::{Carry, PaidSale};
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::str::FromStr;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn dec(s: &str) -> Result<Decimal> {
    Decimal::from_str(s).map_err(|_| StoreError::Corrupt(format!("decimal '{s}' in pay tables")))
}

/// A stored version of a pay plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// Plan code.
    pub code: String,
    /// Version.
    pub version: u32,
    /// Display name.
    pub name: String,
    /// First day in force, `YYYY-MM-DD`.
    pub effective_from: String,
    /// Last day in force, if any.
    pub effective_to: Option<String>,
    /// The file's name as imported.
    pub file_name: String,
    /// The file as imported.
    pub file_text: String,
    /// SHA-256 of the file's text.
    pub file_sha256: String,
    /// The plan (JSON of `amoeba_core::incentive::PayPlan`).
    pub plan: String,
    /// Who imported it (a login, or `cli:…`).
    pub imported_by: String,
    /// When (RFC 3339, UTC).
    pub imported_at: String,
}

/// A version to store.
#[derive(Debug, Clone)]
pub struct NewPlan<'a> {
    /// Plan code.
    pub code: &'a str,
    /// Version.
    pub version: u32,
    /// Display name.
    pub name: &'a str,
    /// First day in force.
    pub effective_from: String,
    /// Last day in force.
    pub effective_to: Option<String>,
    /// The file's name.
    pub file_name: &'a str,
    /// The file's text.
    pub file_text: &'a str,
    /// SHA-256 of the text.
    pub file_sha256: &'a str,
    /// The plan as JSON.
    pub plan: &'a str,
    /// Who imports it.
    pub by: &'a str,
}

/// What storing a plan version did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanSaved {
    /// A new version.
    Added,
    /// The stored version of the same number was replaced; the draft runs
    /// that used it were dropped (they are computed again).
    Replaced {
        /// Draft runs dropped.
        drafts_dropped: u64,
    },
    /// The same file was stored already: nothing changed.
    Unchanged,
    /// Not stored: a run that is not a draft used the stored version.
    Paid {
        /// The run's month.
        month: String,
        /// Its status.
        status: String,
    },
}

/// A run's plan version, as the run records it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RunPlan {
    /// Plan code.
    pub code: String,
    /// Version.
    pub version: u32,
    /// SHA-256 of the version's file.
    pub file_sha256: String,
}

/// A stored run (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    /// Id.
    pub id: i64,
    /// Month, `YYYY-MM`.
    pub month: String,
    /// 1 for the month's run; later numbers are re-runs of a locked month.
    pub seq: i64,
    /// `draft`, `approved`, `locked` or `rerun`.
    pub status: String,
    /// The plan versions it paid by.
    pub plans: Vec<RunPlan>,
    /// SHA-256 of the inputs it was computed from.
    pub inputs_sha256: String,
    /// SHA-256 of its canonical bytes.
    pub run_sha256: String,
    /// What it pays.
    pub total: Decimal,
    /// Statements.
    pub people: i64,
    /// Ids of the re-runs whose differences it carries.
    pub reruns: Vec<i64>,
    /// A re-run's difference from the version before it (JSON of `Vec<Adjustment>`).
    pub diff: Option<String>,
    /// A re-run: the month whose locked run carried its difference.
    pub carried_into: Option<String>,
    /// Who computed it.
    pub computed_by: String,
    /// When.
    pub computed_at: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When.
    pub approved_at: Option<String>,
    /// Who locked it.
    pub locked_by: Option<String>,
    /// When.
    pub locked_at: Option<String>,
}

/// A person's statement of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    /// Person code.
    pub person: String,
    /// Σ earned lines.
    pub earned: Decimal,
    /// What is paid.
    pub total: Decimal,
    /// Negative balance carried forward.
    pub carried_forward: Decimal,
    /// Advances outstanding.
    pub advance_outstanding: Decimal,
    /// JSON of the core's `Statement`.
    pub statement: String,
}

/// A run to store.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    /// Month.
    pub month: String,
    /// `draft` (replaces the month's draft) or `rerun` (after the month's locked run).
    pub status: &'a str,
    /// Plan versions.
    pub plans: &'a [RunPlan],
    /// Inputs hash.
    pub inputs_sha256: &'a str,
    /// Canonical bytes (JSON text).
    pub run: &'a str,
    /// Their SHA-256.
    pub run_sha256: &'a str,
    /// Total.
    pub total: Decimal,
    /// Re-runs it carries.
    pub reruns: &'a [i64],
    /// A re-run's difference (JSON).
    pub diff: Option<String>,
    /// Who computes it.
    pub by: &'a str,
    /// The statements.
    pub statements: &'a [StatementRow],
}

/// A dispute of a statement line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeRow {
    /// Id.
    pub id: i64,
    /// The run.
    pub run_id: i64,
    /// The person whose statement it is.
    pub person: String,
    /// The line's position in the statement (0-based).
    pub line: i64,
    /// The line's component.
    pub component: String,
    /// The person's note.
    pub note: String,
    /// Who raised it, when.
    pub raised_by: String,
    /// When.
    pub raised_at: String,
    /// Finance's answer.
    pub answer: Option<String>,
    /// Who answered.
    pub answered_by: Option<String>,
    /// When.
    pub answered_at: Option<String>,
}

const RUN_COLUMNS: &str = "id, month, seq, status, plans, inputs_sha256, run_sha256, total, people, reruns, diff, carried_into, \
                           computed_by, computed_at, approved_by, approved_at, locked_by, locked_at";

fn run_row(r: &AnyRow) -> Result<RunRow> {
    let plans: String = r.get(4);
    let reruns: String = r.get(9);
    let total: String = r.get(7);
    Ok(RunRow {
        id: r.get(0),
        month: r.get(1),
        seq: r.get(2),
        status: r.get(3),
        plans: serde_json::from_str(&plans).map_err(|e| StoreError::Corrupt(format!("a pay run's plans: {e}")))?,
        inputs_sha256: r.get(5),
        run_sha256: r.get(6),
        total: dec(&total)?,
        people: r.get(8),
        reruns: serde_json::from_str(&reruns).map_err(|e| StoreError::Corrupt(format!("a pay run's re-runs: {e}")))?,
        diff: r.get(10),
        carried_into: r.get(11),
        computed_by: r.get(12),
        computed_at: r.get(13),
        approved_by: r.get(14),
        approved_at: r.get(15),
        locked_by: r.get(16),
        locked_at: r.get(17),
    })
}

fn statement_row(r: &AnyRow) -> Result<StatementRow> {
    let (e, t, c, a): (String, String, String, String) = (r.get(1), r.get(2), r.get(3), r.get(4));
    Ok(StatementRow {
        person: r.get(0),
        earned: dec(&e)?,
        total: dec(&t)?,
        carried_forward: dec(&c)?,
        advance_outstanding: dec(&a)?,
        statement: r.get(5),
    })
}

fn dispute_row(r: &AnyRow) -> DisputeRow {
    DisputeRow {
        id: r.get(0),
        run_id: r.get(1),
        person: r.get(2),
        line: r.get(3),
        component: r.get(4),
        note: r.get(5),
        raised_by: r.get(6),
        raised_at: r.get(7),
        answer: r.get(8),
        answered_by: r.get(9),
        answered_at: r.get(10),
    }
}

const DISPUTE_COLUMNS: &str = "id, run_id, person, line, component, note, raised_by, raised_at, answer, answered_by, answered_at";

impl Db {
    /// Every stored pay plan version, by code and version.
    pub async fn pay_plans(&self, company_id: i64) -> Result<Vec<PlanRow>> {
        let rows = sqlx::query(
            "SELECT code, version, name, effective_from, effective_to, file_name, file_text, file_sha256, plan, imported_by, imported_at \
             FROM pay_plans WHERE company_id = $1 ORDER BY code, version",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let version: i64 = r.get(1);
                Ok(PlanRow {
                    code: r.get(0),
                    version: u32::try_from(version).map_err(|_| StoreError::Corrupt(format!("pay plan version {version}")))?,
                    name: r.get(2),
                    effective_from: r.get(3),
                    effective_to: r.get(4),
                    file_name: r.get(5),
                    file_text: r.get(6),
                    file_sha256: r.get(7),
                    plan: r.get(8),
                    imported_by: r.get(9),
                    imported_at: r.get(10),
                })
            })
            .collect()
    }

    /// Stores a plan version, in one transaction: a new version is added;
    /// the same file again changes nothing; another file with a stored
    /// version's number replaces it — unless a run that is not a draft
    /// used that version (then nothing is stored) — and the drafts that
    /// used it are dropped.
    pub async fn save_pay_plan(&self, company_id: i64, new: &NewPlan<'_>) -> Result<PlanSaved> {
        let mut tx = self.begin_write().await?;
        let stored = sqlx::query("SELECT file_sha256 FROM pay_plans WHERE company_id = $1 AND code = $2 AND version = $3")
            .bind(company_id)
            .bind(new.code.to_string())
            .bind(i64::from(new.version))
            .fetch_optional(&mut *tx)
            .await?;
        let mut outcome = PlanSaved::Added;
        if let Some(r) = stored {
            let sha: String = r.get(0);
            if sha == new.file_sha256 {
                return Ok(PlanSaved::Unchanged);
            }
            let runs = sqlx::query("SELECT id, month, status, plans FROM pay_runs WHERE company_id = $1 ORDER BY month, seq")
                .bind(company_id)
                .fetch_all(&mut *tx)
                .await?;
            let mut drafts = Vec::new();
            for r in &runs {
                let plans: String = r.get(3);
                let plans: Vec<RunPlan> =
                    serde_json::from_str(&plans).map_err(|e| StoreError::Corrupt(format!("a pay run's plans: {e}")))?;
                if !plans.iter().any(|p| p.code == new.code && p.version == new.version) {
                    continue;
                }
                let status: String = r.get(2);
                if status != "draft" {
                    return Ok(PlanSaved::Paid { month: r.get(1), status });
                }
                drafts.push(r.get::<i64, _>(0));
            }
            for id in &drafts {
                delete_run(&mut tx, *id).await?;
            }
            sqlx::query("DELETE FROM pay_plans WHERE company_id = $1 AND code = $2 AND version = $3")
                .bind(company_id)
                .bind(new.code.to_string())
                .bind(i64::from(new.version))
                .execute(&mut *tx)
                .await?;
            outcome = PlanSaved::Replaced { drafts_dropped: drafts.len() as u64 };
        }
        sqlx::query(
            "INSERT INTO pay_plans (company_id, code, version, name, effective_from, effective_to, file_name, file_text, file_sha256, \
             plan, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(company_id)
        .bind(new.code.to_string())
        .bind(i64::from(new.version))
        .bind(new.name.to_string())
        .bind(new.effective_from.clone())
        .bind(new.effective_to.clone())
        .bind(new.file_name.to_string())
        .bind(new.file_text.to_string())
        .bind(new.file_sha256.to_string())
        .bind(new.plan.to_string())
        .bind(new.by.to_string())
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Every run, newest month first (a month's versions newest first).
    pub async fn pay_runs(&self, company_id: i64) -> Result<Vec<RunRow>> {
        let q = format!("SELECT {RUN_COLUMNS} FROM pay_runs WHERE company_id = $1 ORDER BY month DESC, seq DESC");
        let rows = sqlx::query(&q).bind(company_id).fetch_all(&self.pool).await?;
        rows.iter().map(run_row).collect()
    }

    /// One run.
    pub async fn pay_run(&self, company_id: i64, id: i64) -> Result<Option<RunRow>> {
        let q = format!("SELECT {RUN_COLUMNS} FROM pay_runs WHERE company_id = $1 AND id = $2");
        let row = sqlx::query(&q).bind(company_id).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(run_row).transpose()
    }

    /// A run's canonical bytes (JSON text).
    pub async fn pay_run_bytes(&self, company_id: i64, id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT run FROM pay_runs WHERE company_id = $1 AND id = $2")
            .bind(company_id)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Stores a run with its statements, in one transaction. A draft
    /// replaces the month's draft (seq 1 unless re-runs follow a locked
    /// run); a re-run takes the next seq. Returns the id, or `None` when a
    /// draft's month has an approved or locked run meanwhile.
    pub async fn save_pay_run(&self, company_id: i64, new: &NewRun<'_>) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query("SELECT id, seq, status FROM pay_runs WHERE company_id = $1 AND month = $2 ORDER BY seq")
            .bind(company_id)
            .bind(new.month.clone())
            .fetch_all(&mut *tx)
            .await?;
        let mut seq = 1;
        for r in &rows {
            let (id, s, status): (i64, i64, String) = (r.get(0), r.get(1), r.get(2));
            match (new.status, status.as_str()) {
                ("draft", "draft") => delete_run(&mut tx, id).await?,
                ("draft", _) => return Ok(None),
                _ => {}
            }
            if status != "draft" {
                seq = seq.max(s + 1);
            }
        }
        let json = |v: serde_json::Result<String>| v.map_err(|e| StoreError::Internal(format!("a pay run does not serialise: {e}")));
        let id: i64 = sqlx::query(
            "INSERT INTO pay_runs (company_id, month, seq, status, plans, inputs_sha256, run, run_sha256, total, people, reruns, diff, \
             computed_by, computed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(company_id)
        .bind(new.month.clone())
        .bind(seq)
        .bind(new.status.to_string())
        .bind(json(serde_json::to_string(new.plans))?)
        .bind(new.inputs_sha256.to_string())
        .bind(new.run.to_string())
        .bind(new.run_sha256.to_string())
        .bind(new.total.to_string())
        .bind(new.statements.len() as i64)
        .bind(json(serde_json::to_string(new.reruns))?)
        .bind(new.diff.clone())
        .bind(new.by.to_string())
        .bind(now())
        .fetch_one(&mut *tx)
        .await?
        .get(0);
        for s in new.statements {
            sqlx::query(
                "INSERT INTO pay_statements (company_id, run_id, person, earned, total, carried_forward, advance_outstanding, statement) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(company_id)
            .bind(id)
            .bind(s.person.clone())
            .bind(s.earned.to_string())
            .bind(s.total.to_string())
            .bind(s.carried_forward.to_string())
            .bind(s.advance_outstanding.to_string())
            .bind(s.statement.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Approves a draft (who, when). False when it is not a draft (any more).
    pub async fn approve_pay_run(&self, company_id: i64, id: i64, by: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE pay_runs SET status = 'approved', approved_by = $1, approved_at = $2 WHERE company_id = $3 AND id = $4 AND status = 'draft'",
        )
        .bind(by.to_string())
        .bind(now())
        .bind(company_id)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Locks an approved run, in one transaction: its status, what it paid
    /// on or clawed back from each sale (its carry's changes), the re-runs
    /// it carries marked as carried into its month, and the awards it paid
    /// marked paid in its month (`awards.paid_in`; an award already paid
    /// undoes it all). False when it is not approved.
    pub async fn lock_pay_run(&self, company_id: i64, id: i64, by: &str, carry: &Carry) -> Result<bool> {
        let paid: &[PaidSale] = &carry.paid_sales;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE pay_runs SET status = 'locked', locked_by = $1, locked_at = $2 WHERE company_id = $3 AND id = $4 AND status = 'approved'",
        )
        .bind(by.to_string())
        .bind(now())
        .bind(company_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let row = sqlx::query("SELECT month, reruns FROM pay_runs WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        let (month, reruns): (String, String) = (row.get(0), row.get(1));
        let reruns: Vec<i64> = serde_json::from_str(&reruns).map_err(|e| StoreError::Corrupt(format!("a pay run's re-runs: {e}")))?;
        for r in reruns {
            sqlx::query("UPDATE pay_runs SET carried_into = $1 WHERE company_id = $2 AND id = $3 AND status = 'rerun'")
                .bind(month.clone())
                .bind(company_id)
                .bind(r)
                .execute(&mut *tx)
                .await?;
        }
        for p in paid {
            sqlx::query(
                "INSERT INTO pay_paid_sales (company_id, run_id, month, person, plan, component, sale, base, paid, clawed) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(company_id)
            .bind(id)
            .bind(month.clone())
            .bind(p.person.clone())
            .bind(p.plan.clone())
            .bind(p.component.clone())
            .bind(p.sale.clone())
            .bind(p.base.to_string())
            .bind(p.paid.to_string())
            .bind(p.clawed.to_string())
            .execute(&mut *tx)
            .await?;
        }
        for a in &carry.awards {
            let done = sqlx::query(
                "UPDATE awards SET paid_in = $1 WHERE company_id = $2 AND source = $3 AND source_ref = $4 AND slot = $5 AND paid_in IS NULL",
            )
            .bind(month.clone())
            .bind(company_id)
            .bind(a.source.code())
            .bind(a.source_ref.clone())
            .bind(a.slot)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                // Dropping the transaction undoes the lock: an award is paid once.
                return Err(StoreError::Internal(format!(
                    "award {}/{}/{} is paid already or gone; the run of {month} was not locked",
                    a.source.code(),
                    a.source_ref,
                    a.slot
                )));
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// What the locked runs of months before `month` paid on or clawed
    /// back from each sale: their changes, oldest first (the core adds them
    /// up per sale, `incentive::add_paid`).
    pub async fn pay_paid_sales_before(&self, company_id: i64, month: &str) -> Result<Vec<PaidSale>> {
        let rows = sqlx::query(
            "SELECT person, plan, component, sale, base, paid, clawed FROM pay_paid_sales WHERE company_id = $1 AND month < $2 \
             ORDER BY month, person, plan, component, sale",
        )
        .bind(company_id)
        .bind(month.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let (b, p, c): (String, String, String) = (r.get(4), r.get(5), r.get(6));
                Ok(PaidSale {
                    person: r.get(0),
                    plan: r.get(1),
                    component: r.get(2),
                    sale: r.get(3),
                    base: dec(&b)?,
                    paid: dec(&p)?,
                    clawed: dec(&c)?,
                })
            })
            .collect()
    }

    /// A run's statements (person order), each with its lines.
    pub async fn pay_statements(&self, company_id: i64, run_id: i64) -> Result<Vec<StatementRow>> {
        let rows = sqlx::query(
            "SELECT person, earned, total, carried_forward, advance_outstanding, statement FROM pay_statements \
             WHERE company_id = $1 AND run_id = $2 ORDER BY person",
        )
        .bind(company_id)
        .bind(run_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(statement_row).collect()
    }

    /// One person's statement of a run.
    pub async fn pay_statement(&self, company_id: i64, run_id: i64, person: &str) -> Result<Option<StatementRow>> {
        let row = sqlx::query(
            "SELECT person, earned, total, carried_forward, advance_outstanding, statement FROM pay_statements \
             WHERE company_id = $1 AND run_id = $2 AND person = $3",
        )
        .bind(company_id)
        .bind(run_id)
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(statement_row).transpose()
    }

    /// Records a dispute of a statement line; returns its id.
    pub async fn add_pay_dispute(&self, company_id: i64, d: &DisputeRow) -> Result<i64> {
        let id: i64 = sqlx::query(
            "INSERT INTO pay_disputes (company_id, run_id, person, line, component, note, raised_by, raised_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(company_id)
        .bind(d.run_id)
        .bind(d.person.clone())
        .bind(d.line)
        .bind(d.component.clone())
        .bind(d.note.clone())
        .bind(d.raised_by.clone())
        .bind(now())
        .fetch_one(&self.pool)
        .await?
        .get(0);
        Ok(id)
    }

    /// Records finance's answer to a dispute not answered yet; false when
    /// there is no such open dispute.
    pub async fn answer_pay_dispute(&self, company_id: i64, id: i64, answer: &str, by: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE pay_disputes SET answer = $1, answered_by = $2, answered_at = $3 WHERE company_id = $4 AND id = $5 AND answer IS NULL",
        )
        .bind(answer.to_string())
        .bind(by.to_string())
        .bind(now())
        .bind(company_id)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Disputes, newest first: of one run (and person), or all of the company.
    pub async fn pay_disputes(&self, company_id: i64, run_id: Option<i64>, person: Option<&str>) -> Result<Vec<DisputeRow>> {
        let q = format!(
            "SELECT {DISPUTE_COLUMNS} FROM pay_disputes WHERE company_id = $1 AND ($2 < 0 OR run_id = $2) AND ($3 = '' OR person = $3) \
             ORDER BY id DESC"
        );
        let rows = sqlx::query(&q)
            .bind(company_id)
            .bind(run_id.unwrap_or(-1))
            .bind(person.unwrap_or("").to_string())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(dispute_row).collect())
    }

    /// One dispute.
    pub async fn pay_dispute(&self, company_id: i64, id: i64) -> Result<Option<DisputeRow>> {
        let q = format!("SELECT {DISPUTE_COLUMNS} FROM pay_disputes WHERE company_id = $1 AND id = $2");
        let row = sqlx::query(&q).bind(company_id).bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(dispute_row))
    }
}

/// Deletes a draft run and its statements.
async fn delete_run(conn: &mut sqlx::AnyConnection, id: i64) -> Result<()> {
    sqlx::query("DELETE FROM pay_statements WHERE run_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM pay_disputes WHERE run_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM pay_runs WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}
