//! The daily order lottery (日出单抽奖) as the company runs it: rules saved
//! as versions that only take effect on days not yet opened, each day's
//! entry list frozen once at its cut-off (its hash published then), one
//! draw per day from the randomness the rules named, written once with its
//! prizes as awards, and a verify anyone can run on the published record.
//!
//! Every rule is the core's (`amoeba_core::engagement::lottery`): who enters
//! (from credit's shipments, `credit::lottery_shipments`), the canonical
//! list and its hash, the draw and its verification. What this module adds
//! is what the core cannot enforce by itself (`docs/lottery.md`, threat
//! model): a list is frozen once and only after its cut-off; a day is drawn
//! once, from the list frozen then; rules never change once saved.

use crate::engage_refusal::EngageRefusal;
use crate::{AppError, Result};
use amoeba_core::credit::{lottery_shipments, CreditResolver};
use amoeba_core::engagement::lottery::{
    announce as announce_day, draw as draw_list, verify_published, Announcement, DrandBeacon, DrawRecord, FrozenList, LotteryNumbers,
    LotteryRules, Randomness, RandomnessSource, Shipment,
};
use amoeba_core::orders::replay;
use amoeba_store::engage::{Award, StoredDraw, StoredList, StoredRules};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

fn at(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Today in the company's zone at `now`.
fn local_day(company: &CompanyRow, now: DateTime<Utc>) -> NaiveDate {
    let tz: chrono_tz::Tz = company.company.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    now.with_timezone(&tz).date_naive()
}

/// Saves a rules version taking effect on `effective_from`. Refuses rules
/// the core refuses, a version name used before, and a first day that has
/// opened already (today or earlier in the company's zone at `now`): the
/// rules of a day, and the drand round they name, are fixed before it opens.
pub async fn save_rules(
    db: &Db,
    company: &CompanyRow,
    rules: LotteryRules,
    effective_from: NaiveDate,
    now: DateTime<Utc>,
) -> Result<StoredRules> {
    rules.validate()?;
    let earliest = local_day(company, now).succ_opt().unwrap_or(effective_from);
    if effective_from < earliest {
        return Err(EngageRefusal::RulesTooLate { from: effective_from.to_string(), earliest: earliest.to_string() }.into());
    }
    let existing = db.lottery_rules(company.id).await?;
    if existing.iter().any(|r| r.rules.version == rules.version) {
        return Err(EngageRefusal::RulesVersionExists { version: rules.version }.into());
    }
    if let Some(last) = existing.iter().map(|r| r.effective_from).max() {
        if effective_from <= last {
            let earliest = last.succ_opt().unwrap_or(last);
            return Err(EngageRefusal::RulesTooLate { from: effective_from.to_string(), earliest: earliest.to_string() }.into());
        }
    }
    let stored = StoredRules { rules_hash: hex::encode(rules.hash()), rules, effective_from, saved_at: at(now) };
    if !db.save_lottery_rules(company.id, &stored).await? {
        return Err(EngageRefusal::RulesVersionExists { version: stored.rules.version }.into());
    }
    Ok(stored)
}

/// Reads a rules file (TOML, `amoeba_import::lottery_rules`) and saves it as
/// [`save_rules`] does.
pub async fn save_rules_file(db: &Db, company: &CompanyRow, text: &str, now: DateTime<Utc>) -> Result<StoredRules> {
    let file = amoeba_import::lottery_rules::parse(text, &company.company.timezone)
        .map_err(|e| EngageRefusal::BadValue { what: "lottery rules file".into(), value: e.to_string() })?;
    save_rules(db, company, file.rules, file.effective_from, now).await
}

/// Every rules version, by first day.
pub async fn rules_versions(db: &Db, company: &CompanyRow) -> Result<Vec<StoredRules>> {
    Ok(db.lottery_rules(company.id).await?)
}

/// The rules in force on `day`: the latest version whose first day is on or before it.
pub async fn rules_for(db: &Db, company: &CompanyRow, day: NaiveDate) -> Result<StoredRules> {
    db.lottery_rules(company.id)
        .await?
        .into_iter()
        .rev()
        .find(|r| r.effective_from <= day)
        .ok_or_else(|| EngageRefusal::NoRules { day: day.to_string() }.into())
}

/// What is published before `day` opens: the rules hash, the cut-off and,
/// in drand mode, the round that will decide it.
pub async fn announce(db: &Db, company: &CompanyRow, day: NaiveDate) -> Result<Announcement> {
    let rules = rules_for(db, company, day).await?;
    Ok(announce_day(&rules.rules, day)?)
}

/// Every credited shipment of the orders with an event between `from` and
/// `to` (both included), as the lottery takes them (`credit::lottery_shipments`).
pub async fn shipments_between(db: &Db, company: &CompanyRow, from: NaiveDate, to: NaiveDate) -> Result<Vec<Shipment>> {
    let org = db.load_org(company.id).await?;
    let resolver = CreditResolver::new(&org).map_err(|errs| {
        AppError::Internal(format!(
            "the stored credit rules do not validate: {}",
            errs.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")
        ))
    })?;
    let mut out = Vec::new();
    for o in db.orders_between(company.id, from, to).await? {
        // An order that does not replay is reported by the credit screens; it enters nobody.
        if let Ok(r) = replay(&o.header, &o.events) {
            out.extend(lottery_shipments(&resolver, &r));
        }
    }
    Ok(out)
}

/// The shipments that may count for `day`: those of the orders with an
/// event since the working day before it.
async fn shipments_for(db: &Db, company: &CompanyRow, rules: &LotteryRules, day: NaiveDate) -> Result<Vec<Shipment>> {
    let mut from = day.pred_opt().unwrap_or(day);
    for _ in 0..amoeba_core::workdays::MAX_SEARCH_DAYS {
        if rules.calendar.is_working(from) {
            break;
        }
        from = from.pred_opt().unwrap_or(from);
    }
    // A day earlier still: the store's business day and the company's may differ.
    let from = from.pred_opt().unwrap_or(from);
    shipments_between(db, company, from, day.succ_opt().unwrap_or(day)).await
}

/// Freezes `day`'s entry list: only once its cut-off has passed at `now`,
/// and only once. Returns the list with the hash to publish.
pub async fn freeze(db: &Db, company: &CompanyRow, day: NaiveDate, now: DateTime<Utc>) -> Result<StoredList> {
    let rules = rules_for(db, company, day).await?;
    let shipments = shipments_for(db, company, &rules.rules, day).await?;
    freeze_from(db, company, &rules, day, &shipments, now).await
}

/// [`freeze`] from shipments already read (any superset of the day's: the
/// core keeps those that count for it) under the rules in force on `day`.
pub async fn freeze_from(
    db: &Db,
    company: &CompanyRow,
    rules: &StoredRules,
    day: NaiveDate,
    shipments: &[Shipment],
    now: DateTime<Utc>,
) -> Result<StoredList> {
    let cutoff = rules.rules.cutoff_instant(day)?;
    if now < cutoff {
        return Err(EngageRefusal::TooEarly { day: day.to_string(), cutoff: at(cutoff) }.into());
    }
    if let Some(done) = db.lottery_list(company.id, day).await? {
        return Err(EngageRefusal::AlreadyFrozen { day: day.to_string(), list_hash: done.list_hash }.into());
    }
    let list = FrozenList::freeze(&rules.rules, day, shipments)?;
    let stored = StoredList { rules_version: rules.rules.version.clone(), list_hash: hex::encode(list.hash()), list, frozen_at: at(now) };
    if !db.freeze_lottery_list(company.id, &stored).await? {
        let done = db.lottery_list(company.id, day).await?.map(|l| l.list_hash).unwrap_or_default();
        return Err(EngageRefusal::AlreadyFrozen { day: day.to_string(), list_hash: done }.into());
    }
    Ok(stored)
}

/// The randomness a draw is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrawInput {
    /// The drand round the rules named (checked against its signature).
    Drand(DrandBeacon),
    /// The public lottery numbers drawn after the cut-off (RFC 3797).
    Rfc3797(LotteryNumbers),
}

/// Draws `day` from its frozen list with `input`, once: the record and the
/// prizes (as awards) are stored together, and a day drawn is never drawn again.
pub async fn draw(db: &Db, company: &CompanyRow, day: NaiveDate, input: DrawInput, now: DateTime<Utc>) -> Result<StoredDraw> {
    let Some(list) = db.lottery_list(company.id, day).await? else {
        return Err(EngageRefusal::NotFrozen { day: day.to_string() }.into());
    };
    if db.lottery_draw(company.id, day).await?.is_some() {
        return Err(EngageRefusal::AlreadyDrawn { day: day.to_string() }.into());
    }
    let rules = db
        .lottery_rules(company.id)
        .await?
        .into_iter()
        .find(|r| r.rules.version == list.rules_version)
        .ok_or_else(|| AppError::Internal(format!("the rules version {} of {day}'s list is not stored", list.rules_version)))?;
    let randomness = match (&rules.rules.randomness, input) {
        (RandomnessSource::Drand(_), DrawInput::Drand(b)) => Randomness::Drand(b),
        (RandomnessSource::Rfc3797 { .. }, DrawInput::Rfc3797(n)) => Randomness::Rfc3797(n),
        (RandomnessSource::Drand(_), _) => return Err(EngageRefusal::WrongRandomness { expected: "drand".into() }.into()),
        (RandomnessSource::Rfc3797 { .. }, _) => return Err(EngageRefusal::WrongRandomness { expected: "rfc3797".into() }.into()),
    };
    let record = draw_list(&rules.rules, &list.list, &randomness)?;
    // What is stored must verify against what was published at the cut-off.
    verify_published(&record, &list.list_hash)?;
    let awards = awards_of(&record);
    let stored = StoredDraw { record, drawn_at: at(now) };
    if !db.save_lottery_draw(company.id, &stored, &awards).await? {
        return Err(EngageRefusal::AlreadyDrawn { day: day.to_string() }.into());
    }
    Ok(stored)
}

/// The prizes of a draw, one award per winner.
fn awards_of(record: &DrawRecord) -> Vec<Award> {
    record
        .winners
        .iter()
        .map(|w| {
            let prize = record.rules.tiers.iter().find(|t| t.tier == w.tier).map(|t| t.prize.clone());
            Award {
                source: "lottery".into(),
                source_ref: record.list.date.to_string(),
                slot: i64::from(w.place),
                day: record.list.date,
                person: Some(w.person.clone()),
                unit: None,
                label: w.tier.code().to_string(),
                amount: prize.as_ref().and_then(|p| p.amount_cny),
                description: prize.and_then(|p| p.description),
                paid_in: None,
            }
        })
        .collect()
}

/// What checking a stored draw found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verified {
    /// The day.
    pub day: NaiveDate,
    /// The list hash published at the cut-off.
    pub list_hash: String,
    /// The rules hash.
    pub rules_hash: String,
    /// Entrants.
    pub entrants: usize,
    /// Winners (person, tier code), in dealing order.
    pub winners: Vec<(String, String)>,
}

/// Recomputes `day`'s draw from its stored record and checks it against the
/// list hash published at the cut-off (`verify_published`).
pub async fn verify_day(db: &Db, company: &CompanyRow, day: NaiveDate) -> Result<Verified> {
    let Some(drawn) = db.lottery_draw(company.id, day).await? else {
        return Err(EngageRefusal::NotDrawn { day: day.to_string() }.into());
    };
    let list = db.lottery_list(company.id, day).await?.ok_or_else(|| AppError::Internal(format!("{day} is drawn but has no list")))?;
    verify_published(&drawn.record, &list.list_hash)?;
    Ok(verified(&drawn.record))
}

/// The summary of a record that verified.
pub fn verified(record: &DrawRecord) -> Verified {
    Verified {
        day: record.list.date,
        list_hash: record.list_hash.clone(),
        rules_hash: record.rules_hash.clone(),
        entrants: record.list.entries.len(),
        winners: record.winners.iter().map(|w| (w.person.clone(), w.tier.code().to_string())).collect(),
    }
}

/// One day of the lottery's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotteryDay {
    /// The day.
    pub day: NaiveDate,
    /// The list hash published at its cut-off.
    pub list_hash: String,
    /// Entrants.
    pub entrants: i64,
    /// Whether it is drawn.
    pub drawn: bool,
}

/// The days frozen between `from` and `to`, newest first.
pub async fn history(db: &Db, company: &CompanyRow, from: NaiveDate, to: NaiveDate) -> Result<Vec<LotteryDay>> {
    Ok(db
        .lottery_days(company.id, from, to)
        .await?
        .into_iter()
        .map(|(day, list_hash, entrants, drawn)| LotteryDay { day, list_hash, entrants, drawn })
        .collect())
}

/// Everything known about one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayView {
    /// The day.
    pub day: NaiveDate,
    /// The rules in force.
    pub rules: Option<StoredRules>,
    /// Its announcement (when it is a draw day under rules).
    pub announcement: Option<Announcement>,
    /// Its frozen list.
    pub list: Option<StoredList>,
    /// Its draw.
    pub draw: Option<StoredDraw>,
}

/// What is known of `day`: rules, announcement, list and draw, each if any.
pub async fn day_view(db: &Db, company: &CompanyRow, day: NaiveDate) -> Result<DayView> {
    let rules = match rules_for(db, company, day).await {
        Ok(r) => Some(r),
        Err(AppError::Engage(EngageRefusal::NoRules { .. })) => None,
        Err(e) => return Err(e),
    };
    let announcement = rules.as_ref().and_then(|r| announce_day(&r.rules, day).ok());
    Ok(DayView { day, announcement, rules, list: db.lottery_list(company.id, day).await?, draw: db.lottery_draw(company.id, day).await? })
}

/// The latest draw, for the board.
pub async fn latest_draw(db: &Db, company: &CompanyRow) -> Result<Option<StoredDraw>> {
    match db.last_lottery_draw_day(company.id).await? {
        Some(day) => Ok(db.lottery_draw(company.id, day).await?),
        None => Ok(None),
    }
}

/// Reads RFC 3797 lottery numbers as typed: sources separated by `/`, the
/// numbers of a source by spaces or commas (`9319 / 2 5 12 8 10 / 9 18 26 34 41 45`).
pub fn parse_numbers(text: &str) -> Result<LotteryNumbers> {
    let bad = || AppError::from(EngageRefusal::BadValue { what: "lottery numbers".into(), value: text.to_string() });
    let mut sources = Vec::new();
    for part in text.split(['/', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let nums: Vec<u64> = part
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map_err(|_| bad()))
            .collect::<Result<_>>()?;
        sources.push(nums);
    }
    if sources.is_empty() {
        return Err(bad());
    }
    Ok(LotteryNumbers { sources })
}

/// Reads a drand round as drand's HTTP API answers it (`GET
/// https://api.drand.sh/<chain hash>/public/<round>`): `round`, `signature`
/// and, for a chained scheme, `previous_signature`; other fields are ignored.
pub fn parse_beacon(json: &str) -> Result<DrandBeacon> {
    #[derive(serde::Deserialize)]
    struct Api {
        round: u64,
        signature: String,
        previous_signature: Option<String>,
    }
    let a: Api = serde_json::from_str(json)
        .map_err(|e| EngageRefusal::BadValue { what: "drand round (JSON with round and signature)".into(), value: e.to_string() })?;
    Ok(DrandBeacon { round: a.round, signature: a.signature, previous_signature: a.previous_signature.filter(|s| !s.is_empty()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed() {
        let n = parse_numbers("9319 / 2 5 12 8 10 / 9,18,26,34,41,45").expect("reads");
        assert_eq!(n.sources, vec![vec![9319], vec![2, 5, 12, 8, 10], vec![9, 18, 26, 34, 41, 45]]);
        assert!(parse_numbers(" / ").is_err());
        assert!(parse_numbers("1 2 x").is_err());
    }

    #[test]
    fn a_beacon_reads_as_drand_serves_it() {
        let b = parse_beacon(r#"{"round":123,"randomness":"ab","signature":"b75c","previous_signature":""}"#).expect("reads");
        assert_eq!((b.round, b.signature.as_str(), b.previous_signature), (123, "b75c", None));
        assert!(parse_beacon("{}").is_err());
    }
}
