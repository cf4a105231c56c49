//! A run as bytes: its canonical serialisation (serde_json of the run —
//! struct fields in declaration order, maps sorted by key, decimals as
//! text, no whitespace) and its SHA-256, so anyone can check that a run
//! recomputed from the same inputs and plan versions is the one paid, byte
//! for byte, and a re-run can name the run it differs from.

use super::run::PayRun;
use sha2::{Digest, Sha256};

/// The canonical bytes of a run.
pub fn canonical_bytes(run: &PayRun) -> Vec<u8> {
    serde_json::to_vec(run).expect("a pay run is plain data: strings, decimals, dates and maps with string keys serialise")
}

/// SHA-256 of the canonical bytes, in lower-case hex.
pub fn run_sha256(run: &PayRun) -> String {
    hex::encode(Sha256::digest(canonical_bytes(run)))
}
