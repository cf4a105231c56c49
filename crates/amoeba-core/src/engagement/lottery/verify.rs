//! Verifying a published draw offline: recompute the rules hash and the
//! list hash, check the randomness (the named drand round and its BLS
//! signature, or the RFC 3797 key), draw again and compare the winners.
//! Any change to an entry, the round, its signature or the rules fails.

use super::canon::sha256;
use super::draw::{draw, DrawRecord, RECORD_FORMAT};
use super::error::VerifyError;

/// Checks `record` from its own contents.
pub fn verify(record: &DrawRecord) -> Result<(), VerifyError> {
    if record.format != RECORD_FORMAT {
        return Err(VerifyError::UnknownFormat { format: record.format });
    }
    let rules_hash = hex::encode(record.rules.hash());
    if !rules_hash.eq_ignore_ascii_case(&record.rules_hash) {
        return Err(VerifyError::RulesHashMismatch { recorded: record.rules_hash.clone(), computed: rules_hash });
    }
    let list_hash = hex::encode(sha256(&record.list.canonical_bytes()));
    if !list_hash.eq_ignore_ascii_case(&record.list_hash) {
        return Err(VerifyError::ListHashMismatch { recorded: record.list_hash.clone(), computed: list_hash });
    }
    let again = draw(&record.rules, &record.list, &record.randomness).map_err(VerifyError::Draw)?;
    if again.winners != record.winners || again.rounds != record.rounds || again.randomness_hex != record.randomness_hex {
        return Err(VerifyError::WinnersDiffer);
    }
    Ok(())
}

/// Checks `record` and that its list is the one whose hash was published at
/// the cut-off: a record rebuilt around another list, with every hash
/// recomputed, passes [`verify`] but not this.
pub fn verify_published(record: &DrawRecord, list_hash_published: &str) -> Result<(), VerifyError> {
    verify(record)?;
    if !record.list_hash.eq_ignore_ascii_case(list_hash_published.trim()) {
        return Err(VerifyError::PublishedHashDiffers {
            published: list_hash_published.trim().to_string(),
            recorded: record.list_hash.clone(),
        });
    }
    Ok(())
}
