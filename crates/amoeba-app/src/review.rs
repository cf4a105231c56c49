//! Review cycles (绩效考核): a unit's scorecard for a month or a quarter —
//! weighted criteria (results, attitude, skill, teamwork…), the leader's
//! scores and optional self-reviews, imported as a CSV file
//! (`amoeba_import::review_file`) — scored by the core (`goals::review`:
//! the final score rounded once, and the multiplier a pay plan's scorecard
//! method weights a pool by).

use crate::engage_refusal::EngageRefusal;
use crate::{AppError, Result};
use amoeba_core::goals::{review, Cycle, Normalise, PersonScores, ReviewConfig, ReviewLine, ReviewOutcome, Scorecard, SelfReview};
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A unit's review of a cycle: its rules, scores and the core's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitReview {
    /// The unit.
    pub unit: String,
    /// The rules.
    pub config: ReviewConfig,
    /// The scores as imported.
    pub scores: Vec<PersonScores>,
    /// The scores weighted, the final scores and multipliers.
    pub outcome: ReviewOutcome,
    /// When the scores were last set.
    #[serde(default)]
    pub updated_at: String,
    /// Who entered each person's scores on the form, and when (scores
    /// from a file carry none: the file was imported at `updated_at`).
    #[serde(default)]
    pub marks: Vec<ScoreMark>,
}

/// Whose hand a score is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hand {
    /// The leader's score (the one that counts).
    Leader,
    /// The person's own self-review.
    #[serde(rename = "self")]
    SelfReview,
}

/// Who entered one person's scores by one hand, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreMark {
    /// The person scored.
    pub person: String,
    /// Leader's score or self-review.
    pub hand: Hand,
    /// The login that entered it.
    pub by: String,
    /// When (RFC 3339, UTC).
    pub at: String,
}

/// A stored review read back (its `updated_at` from the row).
pub(crate) fn decode(s: &amoeba_store::engage::StoredReview) -> Result<UnitReview> {
    let mut r: UnitReview = serde_json::from_str(&s.review)
        .map_err(|e| AppError::Store(amoeba_store::StoreError::Corrupt(format!("review {} of {}: {e}", s.cycle, s.unit))))?;
    r.updated_at = s.updated_at.clone();
    Ok(r)
}

/// `2026-11` (a month) or `2026-Q4` (a quarter).
pub fn parse_cycle(text: &str) -> Result<Cycle> {
    let t = text.trim();
    let bad = || AppError::from(EngageRefusal::BadValue { what: "review cycle (2026-11 or 2026-Q4)".into(), value: t.to_string() });
    if let Some((y, q)) = t.split_once("-Q").or_else(|| t.split_once("-q")) {
        let (year, quarter) = (y.parse::<i32>().map_err(|_| bad())?, q.parse::<u32>().map_err(|_| bad())?);
        return Ok(Cycle::quarterly(year, quarter)?);
    }
    t.parse::<Month>().map(Cycle::Monthly).map_err(|_| bad())
}

/// Sets `unit`'s review of `cycle` from a scores file (replacing earlier
/// scores): every person must be someone the organisation knows; the core
/// checks the scorecard and the scores.
pub async fn set(
    db: &Db,
    company: &CompanyRow,
    cycle: Cycle,
    unit: &str,
    file: &str,
    self_review: SelfReview,
    normalise: Normalise,
) -> Result<UnitReview> {
    let org = db.load_org(company.id).await?;
    if org.unit(unit).is_none() {
        return Err(EngageRefusal::UnknownUnit { code: unit.to_string() }.into());
    }
    let parsed = amoeba_import::review_file::parse(file).map_err(|errs| EngageRefusal::BadValue {
        what: "review file".into(),
        value: errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "),
    })?;
    if let Some(p) = parsed.people.iter().find(|p| !org.people.iter().any(|x| x.code == p.person)) {
        return Err(EngageRefusal::UnknownPerson { code: p.person.clone() }.into());
    }
    let config = ReviewConfig { cycle, card: Scorecard::new(parsed.criteria)?, self_review, normalise };
    let outcome = review(&config, &parsed.people)?;
    let r = UnitReview { unit: unit.to_string(), config, scores: parsed.people, outcome, updated_at: String::new(), marks: Vec::new() };
    let json = serde_json::to_string(&r).map_err(|e| AppError::Internal(format!("a review does not serialise: {e}")))?;
    db.save_review(company.id, &cycle.label(), unit, &json).await?;
    Ok(r)
}

/// Every review stored, newest cycle first.
pub async fn all(db: &Db, company: &CompanyRow) -> Result<Vec<UnitReview>> {
    db.reviews(company.id).await?.iter().map(decode).collect()
}

/// A person's lines: (cycle label, unit, their result), newest first.
pub async fn person_lines(db: &Db, company: &CompanyRow, person: &str) -> Result<Vec<(String, String, ReviewLine)>> {
    Ok(all(db, company)
        .await?
        .into_iter()
        .flat_map(|r| {
            let cycle = r.config.cycle.label();
            let unit = r.unit.clone();
            r.outcome.lines.into_iter().filter(|l| l.person == person).map(move |l| (cycle.clone(), unit.clone(), l))
        })
        .collect())
}

/// Each person's multiplier of a cycle, for a pay plan's scorecard method
/// (a person reviewed in two units: the first unit's, by code).
pub async fn multipliers(db: &Db, company: &CompanyRow, cycle: Cycle) -> Result<BTreeMap<String, Decimal>> {
    let mut out = BTreeMap::new();
    for r in all(db, company).await?.into_iter().filter(|r| r.config.cycle == cycle) {
        for l in r.outcome.lines {
            if let Some(m) = l.multiplier {
                out.entry(l.person).or_insert(m);
            }
        }
    }
    Ok(out)
}

/// The review outcomes a pay run of `month` weighs its scorecard pools by:
/// every unit's cycle that contains the month (the month's own, or its
/// quarter's — the engine prefers the month's), by cycle then unit code, so
/// the same stored scores give the same run.
pub async fn outcomes_for_month(db: &Db, company: &CompanyRow, month: Month) -> Result<Vec<ReviewOutcome>> {
    let mut covering: Vec<UnitReview> = all(db, company).await?.into_iter().filter(|r| r.config.cycle.contains(month)).collect();
    covering.sort_by(|a, b| a.config.cycle.label().cmp(&b.config.cycle.label()).then_with(|| a.unit.cmp(&b.unit)));
    Ok(covering.into_iter().map(|r| r.outcome).collect())
}
