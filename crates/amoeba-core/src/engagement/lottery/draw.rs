//! The draw: a pure function of the frozen list, the rules and the day's
//! public randomness, so anyone holding the [`DrawRecord`] gets the same
//! winners and nobody — the organiser included — can choose them.
//!
//! * drand mode: randomness = SHA-256 of the named round's verified
//!   signature; each entrant's score is HMAC-SHA256 with that key over
//!   `date ‖ list hash ‖ rules hash ‖ person` (date as `YYYY-MM-DD` ASCII,
//!   hashes as 32 raw bytes, person as UTF-8); entrants sorted by score
//!   (bytes ascending; a tie, never seen in practice, by person).
//! * RFC 3797 mode: the RFC's own selection rounds over the list in
//!   canonical order (entrant 1 is the first person), as many rounds as
//!   there are slips or entrants.
//!
//! Prize slips are then dealt in that order: special first, then 1st … 7th.

use super::canon::sha256;
use super::drand::{verify_beacon, DrandBeacon};
use super::error::LotteryError;
use super::frozen::FrozenList;
use super::rfc3797::{key_string, select, LotteryNumbers, SelectionRound};
use super::rules::{LotteryRules, RandomnessSource, Tier};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// Current [`DrawRecord`] format.
pub const RECORD_FORMAT: u32 = 1;

/// The day's public randomness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Randomness {
    /// The drand round the rules name for the day.
    Drand(DrandBeacon),
    /// The public lottery numbers drawn after the cut-off.
    Rfc3797(LotteryNumbers),
}

/// A prize slip and who drew it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winner {
    /// The tier.
    pub tier: Tier,
    /// The person.
    pub person: String,
    /// Their place in the draw order (1 = first dealt).
    pub place: u32,
    /// Why: the HMAC score (hex) in drand mode, the round's MD5 in RFC 3797 mode.
    pub proof: String,
}

/// Everything needed to check a draw offline, published with the winners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRecord {
    /// Record format ([`RECORD_FORMAT`]).
    pub format: u32,
    /// The rules in force.
    pub rules: LotteryRules,
    /// SHA-256 of the rules' canonical bytes (hex).
    pub rules_hash: String,
    /// The frozen list.
    pub list: FrozenList,
    /// SHA-256 of the list's canonical bytes (hex), as published at the cut-off.
    pub list_hash: String,
    /// The randomness used.
    pub randomness: Randomness,
    /// The randomness as bytes (hex): SHA-256 of the drand signature, or the
    /// RFC 3797 key string's UTF-8.
    pub randomness_hex: String,
    /// RFC 3797 selection rounds (empty in drand mode).
    pub rounds: Vec<SelectionRound>,
    /// The winners, in dealing order.
    pub winners: Vec<Winner>,
}

/// Checks the list against the rules: canonical order, its cut-off, every
/// entrant with evidence, every order of an eligible role and of this day.
fn check_list(rules: &LotteryRules, list: &FrozenList) -> Result<(), LotteryError> {
    if !list.is_canonical() {
        return Err(LotteryError::ListNotCanonical);
    }
    if !rules.calendar.is_working(list.date) {
        return Err(LotteryError::NotWorkingDay { date: list.date.to_string() });
    }
    let expected = rules.cutoff_instant(list.date)?;
    if list.cutoff != expected {
        return Err(LotteryError::CutoffMismatch { expected: expected.to_rfc3339(), got: list.cutoff.to_rfc3339() });
    }
    for e in &list.entries {
        if e.evidence.is_empty() {
            return Err(LotteryError::NoEvidence { person: e.person.clone() });
        }
        for v in &e.evidence {
            if !rules.eligible_roles.contains(&v.role) {
                return Err(LotteryError::IneligibleRole { person: e.person.clone(), role: v.role.clone() });
            }
            let day = rules.draw_day(v.shipped_at.fixed_offset())?;
            if day != list.date {
                return Err(LotteryError::OrderOfAnotherDay {
                    person: e.person.clone(),
                    order_id: v.order_id.clone(),
                    counts_for: day.to_string(),
                });
            }
        }
    }
    Ok(())
}

/// An entrant's drand-mode score.
pub fn score(randomness: &[u8; 32], list: &FrozenList, list_hash: &[u8; 32], rules_hash: &[u8; 32], person: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(randomness).expect("HMAC-SHA256 accepts a key of any length");
    mac.update(list.date.format("%Y-%m-%d").to_string().as_bytes());
    mac.update(list_hash);
    mac.update(rules_hash);
    mac.update(person.as_bytes());
    mac.finalize().into_bytes().into()
}

/// Draws `list` under `rules` with `randomness`.
pub fn draw(rules: &LotteryRules, list: &FrozenList, randomness: &Randomness) -> Result<DrawRecord, LotteryError> {
    rules.validate()?;
    check_list(rules, list)?;
    let rules_hash = rules.hash();
    let list_hash = sha256(&list.canonical_bytes());
    let slips = rules.slips();
    // (person, proof) in draw order
    let (order, randomness_hex, rounds): (Vec<(String, String)>, String, Vec<SelectionRound>) = match (&rules.randomness, randomness) {
        (RandomnessSource::Drand(chain), Randomness::Drand(beacon)) => {
            let expected = chain.first_round_after(list.cutoff);
            if beacon.round != expected {
                return Err(LotteryError::RoundNotNamed { expected, got: beacon.round });
            }
            let r = verify_beacon(chain, beacon)?;
            let mut scored: Vec<([u8; 32], &str)> =
                list.entries.iter().map(|e| (score(&r, list, &list_hash, &rules_hash, &e.person), e.person.as_str())).collect();
            scored.sort();
            (scored.into_iter().map(|(s, p)| (p.to_string(), hex::encode(s))).collect(), hex::encode(r), Vec::new())
        }
        (RandomnessSource::Rfc3797 { .. }, Randomness::Rfc3797(numbers)) => {
            let key = key_string(numbers)?;
            let rounds = select(&key, list.entries.len(), slips.len())?;
            let order = rounds.iter().map(|r| (list.entries[r.selected as usize - 1].person.clone(), r.md5.clone())).collect();
            (order, hex::encode(key.as_bytes()), rounds)
        }
        _ => return Err(LotteryError::ModeMismatch),
    };
    let winners = slips
        .iter()
        .zip(order)
        .enumerate()
        .map(|(i, (tier, (person, proof)))| Winner { tier: *tier, person, place: i as u32 + 1, proof })
        .collect();
    Ok(DrawRecord {
        format: RECORD_FORMAT,
        rules: rules.clone(),
        rules_hash: hex::encode(rules_hash),
        list: list.clone(),
        list_hash: hex::encode(list_hash),
        randomness: randomness.clone(),
        randomness_hex,
        rounds,
        winners,
    })
}
