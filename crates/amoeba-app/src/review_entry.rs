//! Review scores entered by hand (the review page): a cycle opened for a
//! unit with its weighted criteria, the leader's scores of the unit's
//! people and each person's own self-review, every entry stored with who
//! and when. Scored by the core as entered (`goals::review_entered`: the
//! same weighting as an imported file, people not yet scored by their
//! leader left out); who may enter what is the viewer's rule
//! (`Viewer::scores_review`, `Viewer::self_reviews`), asked by the caller.

use crate::engage_refusal::EngageRefusal;
use crate::review::{decode, Hand, ScoreMark, UnitReview};
use crate::{AppError, Result};
use amoeba_core::goals::{review_entered, Criterion, Cycle, Normalise, PersonScores, ReviewConfig, Scorecard, SelfReview};
use amoeba_core::org::Org;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A cycle to open for a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCycle {
    /// The cycle.
    pub cycle: Cycle,
    /// The unit reviewed.
    pub unit: String,
    /// The criteria with their weights.
    pub criteria: Vec<Criterion>,
    /// How a self-review counts.
    pub self_review: SelfReview,
    /// What the multiplier is relative to.
    pub normalise: Normalise,
}

/// What one hand enters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// The leader's scores per person (an empty map: not scored yet).
    Leader(Vec<(String, BTreeMap<String, Decimal>)>),
    /// A person's own scores (empty: no self-review).
    SelfReview {
        /// The person.
        person: String,
        /// Their scores per criterion.
        scores: BTreeMap<String, Decimal>,
    },
}

/// Criteria as written in a review file's header: `results@50, attitude@20, …`.
pub fn parse_criteria(text: &str) -> Result<Vec<Criterion>> {
    let bad =
        |v: &str| AppError::from(EngageRefusal::BadValue { what: "criteria (results@50, attitude@20, …)".into(), value: v.to_string() });
    text.split([',', '，'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (code, w) = t.split_once('@').ok_or_else(|| bad(t))?;
            let weight_pct = w.trim().trim_end_matches('%').parse::<Decimal>().map_err(|_| bad(t))?;
            let code = code.trim();
            if code.is_empty() {
                return Err(bad(t));
            }
            Ok(Criterion { code: code.to_string(), weight_pct })
        })
        .collect()
}

/// One score field of the form: blank is "not entered", anything else a number.
pub fn parse_score(person: &str, criterion: &str, text: &str) -> Result<Option<Decimal>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<Decimal>().map(Some).map_err(|_| {
        EngageRefusal::ScoreNotNumber { person: person.to_string(), criterion: criterion.to_string(), value: t.to_string() }.into()
    })
}

/// The people reviewed in `unit` for `cycle`: everyone who held a role
/// there on a day of the cycle, in the organisation's order.
pub fn people(org: &Org, unit: &str, cycle: Cycle) -> Vec<String> {
    let days = cycle.days();
    org.people
        .iter()
        .filter(|p| org.assignments.iter().any(|a| a.person == p.code && a.unit == unit && a.range.overlaps(&days)))
        .map(|p| p.code.clone())
        .collect()
}

/// A unit's review of a cycle, if it is open.
pub async fn one(db: &Db, company: &CompanyRow, cycle: Cycle, unit: &str) -> Result<Option<UnitReview>> {
    db.review(company.id, &cycle.label(), unit).await?.as_ref().map(decode).transpose()
}

/// Opens a cycle for a unit: its criteria checked by the core, nobody scored yet.
pub async fn open(db: &Db, company: &CompanyRow, new: NewCycle) -> Result<UnitReview> {
    let org = db.load_org(company.id).await?;
    if org.unit(&new.unit).is_none() {
        return Err(EngageRefusal::UnknownUnit { code: new.unit }.into());
    }
    let config =
        ReviewConfig { cycle: new.cycle, card: Scorecard::new(new.criteria)?, self_review: new.self_review, normalise: new.normalise };
    let outcome = review_entered(&config, &[])?;
    let r = UnitReview { unit: new.unit, config, scores: Vec::new(), outcome, updated_at: String::new(), marks: Vec::new() };
    if !db.swap_review(company.id, &new.cycle.label(), &r.unit, None, &to_json(&r)?).await? {
        return Err(EngageRefusal::ReviewExists { cycle: new.cycle.label(), unit: r.unit }.into());
    }
    Ok(one(db, company, new.cycle, &r.unit).await?.unwrap_or(r))
}

/// Enters one hand's scores into an open review: every person must be in
/// the unit during the cycle; the core checks the scores and scores the
/// cycle; written only if nobody saved the review meanwhile.
pub async fn enter(
    db: &Db,
    company: &CompanyRow,
    cycle: Cycle,
    unit: &str,
    entry: Entry,
    by: &str,
    at: DateTime<Utc>,
) -> Result<UnitReview> {
    let label = cycle.label();
    let stored = db
        .review(company.id, &label, unit)
        .await?
        .ok_or_else(|| EngageRefusal::NoReview { cycle: label.clone(), unit: unit.to_string() })?;
    let mut r = decode(&stored)?;
    let members = people(&db.load_org(company.id).await?, unit, cycle);
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let changes: Vec<(String, Hand, BTreeMap<String, Decimal>)> = match entry {
        Entry::Leader(rows) => rows.into_iter().map(|(p, s)| (p, Hand::Leader, s)).collect(),
        Entry::SelfReview { person, scores } => vec![(person, Hand::SelfReview, scores)],
    };
    for (person, hand, scores) in changes {
        if !members.contains(&person) {
            return Err(EngageRefusal::NotInUnit { person, unit: unit.to_string(), cycle: label }.into());
        }
        apply(&mut r, &person, hand, scores, by, &at);
    }
    r.scores.retain(|p| !p.leader.is_empty() || p.self_scores.is_some());
    r.outcome = review_entered(&r.config, &r.scores)?;
    if !db.swap_review(company.id, &label, unit, Some(&stored.review), &to_json(&r)?).await? {
        return Err(EngageRefusal::ReviewChanged { cycle: label, unit: unit.to_string() }.into());
    }
    Ok(one(db, company, cycle, unit).await?.unwrap_or(r))
}

/// Sets one person's scores by one hand and marks who and when (an empty
/// entry clears them and their mark).
fn apply(r: &mut UnitReview, person: &str, hand: Hand, scores: BTreeMap<String, Decimal>, by: &str, at: &str) {
    let slot = match r.scores.iter().position(|p| p.person == person) {
        Some(i) => i,
        None => {
            r.scores.push(PersonScores { person: person.to_string(), leader: BTreeMap::new(), self_scores: None });
            r.scores.len() - 1
        }
    };
    let cleared = scores.is_empty();
    match hand {
        Hand::Leader => r.scores[slot].leader = scores,
        Hand::SelfReview => r.scores[slot].self_scores = (!cleared).then_some(scores),
    }
    r.marks.retain(|m| !(m.person == person && m.hand == hand));
    if !cleared {
        r.marks.push(ScoreMark { person: person.to_string(), hand, by: by.to_string(), at: at.to_string() });
    }
}

fn to_json(r: &UnitReview) -> Result<String> {
    serde_json::to_string(r).map_err(|e| AppError::Internal(format!("a review does not serialise: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn criteria_and_scores_read_as_the_form_writes_them() {
        let c = parse_criteria("results@50, attitude@20%，skill@15,teamwork@15").unwrap();
        assert_eq!(
            c.iter().map(|c| (c.code.as_str(), c.weight_pct)).collect::<Vec<_>>(),
            vec![("results", dec!(50)), ("attitude", dec!(20)), ("skill", dec!(15)), ("teamwork", dec!(15))]
        );
        assert!(parse_criteria("results=50").is_err() && parse_criteria("@50").is_err() && parse_criteria("a@x").is_err());
        assert_eq!(parse_score("P1", "skill", " 87.5 ").unwrap(), Some(dec!(87.5)));
        assert_eq!(parse_score("P1", "skill", "  ").unwrap(), None);
        let e = parse_score("P1", "skill", "good").unwrap_err();
        let text = e.render(amoeba_core::Lang::Zh);
        assert!(text.contains("P1") && text.contains("skill") && text.contains("good"), "{text}");
    }
}
