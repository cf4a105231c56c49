//! What is published before a lottery day opens, and at its cut-off: the
//! rules hash and, in drand mode, the round that will decide the day (the
//! first after the cut-off, not yet produced); at the cut-off, the list hash.
//! Publishing them early is what keeps the organiser from choosing later.

use super::error::LotteryError;
use super::frozen::FrozenList;
use super::rules::{LotteryRules, RandomnessSource};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The notice for one draw day, published before the day opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// The draw day.
    pub date: NaiveDate,
    /// The rules version.
    pub rules_version: String,
    /// SHA-256 of the rules' canonical bytes (hex).
    pub rules_hash: String,
    /// The cut-off instant.
    pub cutoff: DateTime<Utc>,
    /// drand mode: the chain hash and the round that decides the day.
    pub drand_round: Option<NamedRound>,
}

/// A drand round named in advance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRound {
    /// The chain hash (hex).
    pub chain_hash: String,
    /// The round number.
    pub round: u64,
    /// When the chain produces it.
    pub produced_at: DateTime<Utc>,
}

/// The announcement of `date`'s draw under `rules`.
pub fn announce(rules: &LotteryRules, date: NaiveDate) -> Result<Announcement, LotteryError> {
    rules.validate()?;
    if !rules.calendar.is_working(date) {
        return Err(LotteryError::NotWorkingDay { date: date.to_string() });
    }
    let cutoff = rules.cutoff_instant(date)?;
    let drand_round = match &rules.randomness {
        RandomnessSource::Drand(chain) => {
            let round = chain.first_round_after(cutoff);
            let produced_at = Utc.timestamp_opt(chain.round_time(round), 0).single().ok_or(LotteryError::DateOutOfRange)?;
            Some(NamedRound { chain_hash: chain.chain_hash.to_ascii_lowercase(), round, produced_at })
        }
        RandomnessSource::Rfc3797 { .. } => None,
    };
    Ok(Announcement { date, rules_version: rules.version.clone(), rules_hash: hex::encode(rules.hash()), cutoff, drand_round })
}

/// The list hash to publish at the cut-off (hex).
pub fn list_hash_hex(list: &FrozenList) -> String {
    hex::encode(list.hash())
}
