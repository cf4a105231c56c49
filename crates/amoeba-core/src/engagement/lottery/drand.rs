//! drand beacons: public randomness no organiser controls. A chain signs
//! round `r` at `genesis + (r − 1) × period` with a threshold BLS key held by
//! the League of Entropy; anyone can check a round's signature offline
//! against the chain's public key (here with the `drand-verify` crate, never
//! a hand-rolled pairing), and its randomness is SHA-256 of the signature.
//!
//! The lottery's rules name a chain; the round of a day is the first round
//! produced strictly after that day's cut-off, so it is known to everyone
//! before the day opens and does not exist yet when the list is frozen.

use super::error::LotteryError;
use chrono::{DateTime, Utc};
use drand_verify::{derive_randomness, G1Pubkey, G2PubkeyRfc, Pubkey};
use serde::{Deserialize, Serialize};

/// How a chain signs, which decides the curve of the key and the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DrandScheme {
    /// `pedersen-bls-chained`: the League of Entropy's 30-second "default"
    /// chain; each round signs the previous signature and the round number.
    #[serde(rename = "pedersen-bls-chained")]
    PedersenBlsChained,
    /// `pedersen-bls-unchained`: signs the round number alone, key on G1.
    #[serde(rename = "pedersen-bls-unchained")]
    PedersenBlsUnchained,
    /// `bls-unchained-g1-rfc9380`: "quicknet" (3 s), signature on G1, key on G2.
    #[serde(rename = "bls-unchained-g1-rfc9380")]
    BlsUnchainedG1Rfc9380,
}

impl DrandScheme {
    /// The scheme id as drand's `/info` shows it.
    pub fn code(&self) -> &'static str {
        match self {
            DrandScheme::PedersenBlsChained => "pedersen-bls-chained",
            DrandScheme::PedersenBlsUnchained => "pedersen-bls-unchained",
            DrandScheme::BlsUnchainedG1Rfc9380 => "bls-unchained-g1-rfc9380",
        }
    }

    fn key_len(&self) -> usize {
        match self {
            DrandScheme::BlsUnchainedG1Rfc9380 => 96,
            _ => 48,
        }
    }
}

/// A drand chain as its `/info` publishes it: what the rules name in advance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrandChain {
    /// The chain hash (hex, 32 bytes): the chain's identity.
    pub chain_hash: String,
    /// The group public key (hex; 48 bytes on G1 or 96 on G2 by scheme).
    pub public_key: String,
    /// The signing scheme.
    pub scheme: DrandScheme,
    /// Unix time of round 1.
    pub genesis_time: i64,
    /// Seconds between rounds.
    pub period_s: u32,
}

/// League of Entropy mainnet "default" chain (`/info` of the chain hash below).
const LOE_DEFAULT_HASH: &str = "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce";
/// League of Entropy "quicknet".
const LOE_QUICKNET_HASH: &str = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971";

impl DrandChain {
    /// The League of Entropy mainnet "default" chain (30 s, chained).
    pub fn league_of_entropy_default() -> Self {
        Self {
            chain_hash: LOE_DEFAULT_HASH.into(),
            public_key: "868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31".into(),
            scheme: DrandScheme::PedersenBlsChained,
            genesis_time: 1_595_431_050,
            period_s: 30,
        }
    }

    /// The League of Entropy "quicknet" chain (3 s, unchained, RFC 9380).
    pub fn league_of_entropy_quicknet() -> Self {
        Self {
            chain_hash: LOE_QUICKNET_HASH.into(),
            public_key: "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a".into(),
            scheme: DrandScheme::BlsUnchainedG1Rfc9380,
            genesis_time: 1_692_803_367,
            period_s: 3,
        }
    }

    /// Checks the hex fields and period, and that a known chain hash comes
    /// with that chain's own key and timing (so a record cannot pair the
    /// League's name with a key the organiser holds).
    pub fn validate(&self) -> Result<(), LotteryError> {
        if self.period_s == 0 {
            return Err(LotteryError::ChainPeriodZero);
        }
        decode_hex("chain hash", &self.chain_hash, Some(32))?;
        decode_hex("public key", &self.public_key, Some(self.scheme.key_len()))?;
        for known in [Self::league_of_entropy_default(), Self::league_of_entropy_quicknet()] {
            if self.chain_hash.eq_ignore_ascii_case(&known.chain_hash)
                && (!self.public_key.eq_ignore_ascii_case(&known.public_key)
                    || self.scheme != known.scheme
                    || self.genesis_time != known.genesis_time
                    || self.period_s != known.period_s)
            {
                return Err(LotteryError::KnownChainMismatch { chain_hash: self.chain_hash.clone() });
            }
        }
        Ok(())
    }

    /// Unix time at which `round` (≥ 1) is produced.
    pub fn round_time(&self, round: u64) -> i64 {
        self.genesis_time + (round.saturating_sub(1) as i64) * i64::from(self.period_s)
    }

    /// The latest round produced at or before `at` (0 before genesis).
    pub fn round_at(&self, at: DateTime<Utc>) -> u64 {
        let t = at.timestamp();
        if t < self.genesis_time {
            return 0;
        }
        ((t - self.genesis_time) / i64::from(self.period_s)) as u64 + 1
    }

    /// The first round produced strictly after `at`: the round a day names
    /// for its cut-off, which cannot be known when the list is frozen.
    pub fn first_round_after(&self, at: DateTime<Utc>) -> u64 {
        self.round_at(at) + 1
    }
}

/// One published round of a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrandBeacon {
    /// The round number.
    pub round: u64,
    /// Its signature (hex).
    pub signature: String,
    /// The previous round's signature (hex); chained scheme only.
    pub previous_signature: Option<String>,
}

pub(crate) fn decode_hex(field: &str, text: &str, len: Option<usize>) -> Result<Vec<u8>, LotteryError> {
    let bytes = hex::decode(text.trim()).map_err(|_| LotteryError::BadHex { field: field.into() })?;
    if len.is_some_and(|l| l != bytes.len()) {
        return Err(LotteryError::BadHex { field: field.into() });
    }
    Ok(bytes)
}

/// Verifies `beacon` against `chain`'s public key and returns its randomness
/// (SHA-256 of the signature, as drand defines it).
pub fn verify_beacon(chain: &DrandChain, beacon: &DrandBeacon) -> Result<[u8; 32], LotteryError> {
    chain.validate()?;
    let key = decode_hex("public key", &chain.public_key, Some(chain.scheme.key_len()))?;
    let sig = decode_hex("signature", &beacon.signature, None)?;
    let bad = || LotteryError::BadSignature { round: beacon.round };
    let ok = match chain.scheme {
        DrandScheme::PedersenBlsChained => {
            let prev = beacon.previous_signature.as_deref().ok_or(LotteryError::PreviousSignatureMissing)?;
            let prev = decode_hex("previous signature", prev, None)?;
            let pk = G1Pubkey::from_variable(&key).map_err(|_| LotteryError::BadHex { field: "public key".into() })?;
            pk.verify(beacon.round, &prev, &sig).map_err(|_| bad())?
        }
        DrandScheme::PedersenBlsUnchained => {
            let pk = G1Pubkey::from_variable(&key).map_err(|_| LotteryError::BadHex { field: "public key".into() })?;
            pk.verify(beacon.round, b"", &sig).map_err(|_| bad())?
        }
        DrandScheme::BlsUnchainedG1Rfc9380 => {
            let pk = G2PubkeyRfc::from_variable(&key).map_err(|_| LotteryError::BadHex { field: "public key".into() })?;
            pk.verify(beacon.round, b"", &sig).map_err(|_| bad())?
        }
    };
    if !ok {
        return Err(bad());
    }
    Ok(derive_randomness(&sig))
}

#[cfg(test)]
pub(crate) mod vectors {
    //! Published rounds (drand's public API, as quoted in `drand-verify`'s
    //! own tests and documentation); tests never touch the network.
    use super::DrandBeacon;

    /// League of Entropy default chain, round 72785.
    pub fn default_72785() -> DrandBeacon {
        DrandBeacon {
            round: 72785,
            signature: "82f5d3d2de4db19d40a6980e8aa37842a0e55d1df06bd68bddc8d60002e8e959eb9cfa368b3c1b77d18f02a54fe047b80f0989315f83b12a74fd8679c4f12aae86eaf6ab5690b34f1fddd50ee3cc6f6cdf59e95526d5a5d82aaa84fa6f181e42".into(),
            previous_signature: Some("a609e19a03c2fcc559e8dae14900aaefe517cb55c840f6e69bc8e4f66c8d18e8a609685d9917efbfb0c37f058c2de88f13d297c7e19e0ab24813079efe57a182554ff054c7638153f9b26a60e7111f71a0ff63d9571704905d3ca6df0b031747".into()),
        }
    }

    /// Its published randomness.
    pub const DEFAULT_72785_RANDOMNESS: &str = "8b676484b5fb1f37f9ec5c413d7d29883504e5b669f604a1ce68b3388e9ae3d9";

    /// League of Entropy default chain, round 1337.
    pub fn default_1337() -> DrandBeacon {
        DrandBeacon {
            round: 1337,
            signature: "945b08dcb30e24da281ccf14a646f0630ceec515af5c5895e18cc1b19edd65d156b71c776a369af3487f1bc6af1062500b059e01095cc0eedce91713977d7735cac675554edfa0d0481bb991ed93d333d08286192c05bf6b65d20f23a37fc7bb".into(),
            previous_signature: Some("80d95247ddf1bb3acf5738497a5f10406be283144603f63d714bb1a44ff6b93285ae2697fffeb50c68862bd9fbecd4b204b1798d2686b4ac5d573615031d9d67e6168bde9a7adf1161430a498ca701a25c216aee3e38ffd5290369034fa050a2".into()),
        }
    }

    /// Its published randomness.
    pub const DEFAULT_1337_RANDOMNESS: &str = "2660664f8d4bc401194d80d81da20a1e79480f65b8e2d205aecbd143b5bfb0d3";

    /// League of Entropy quicknet, round 123.
    pub fn quicknet_123() -> DrandBeacon {
        DrandBeacon {
            round: 123,
            signature: "b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92".into(),
            previous_signature: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::vectors::*;
    use super::*;
    use chrono::TimeZone;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn published_default_chain_rounds_verify_and_give_their_randomness() {
        let chain = DrandChain::league_of_entropy_default();
        assert_eq!(hex::encode(verify_beacon(&chain, &default_72785()).unwrap()), DEFAULT_72785_RANDOMNESS);
        assert_eq!(hex::encode(verify_beacon(&chain, &default_1337()).unwrap()), DEFAULT_1337_RANDOMNESS);
    }

    #[test]
    fn published_quicknet_round_verifies() {
        let chain = DrandChain::league_of_entropy_quicknet();
        let r = verify_beacon(&chain, &quicknet_123()).unwrap();
        assert_eq!(r, derive_randomness(&hex::decode(quicknet_123().signature).unwrap()));
    }

    #[test]
    fn a_changed_round_signature_or_previous_signature_fails() {
        let chain = DrandChain::league_of_entropy_default();
        let mut b = default_72785();
        b.round = 72786;
        assert_eq!(verify_beacon(&chain, &b), Err(LotteryError::BadSignature { round: 72786 }));
        let mut b = default_72785();
        b.previous_signature = default_1337().previous_signature;
        assert_eq!(verify_beacon(&chain, &b), Err(LotteryError::BadSignature { round: 72785 }));
        let mut b = default_72785();
        b.signature = default_1337().signature; // a valid point, the wrong round
        assert_eq!(verify_beacon(&chain, &b), Err(LotteryError::BadSignature { round: 72785 }));
        let mut b = default_72785();
        b.previous_signature = None;
        assert_eq!(verify_beacon(&chain, &b), Err(LotteryError::PreviousSignatureMissing));
        let mut q = quicknet_123();
        q.round = 124;
        assert!(verify_beacon(&DrandChain::league_of_entropy_quicknet(), &q).is_err());
    }

    #[test]
    fn a_known_chain_with_another_key_is_refused() {
        let mut chain = DrandChain::league_of_entropy_default();
        chain.public_key = "8200fc249deb0148eb918d6e213980c5d01acd7fc251900d9260136da3b54836ce125172399ddc69c4e3e11429b62c11".into();
        assert!(matches!(chain.validate(), Err(LotteryError::KnownChainMismatch { .. })));
        let mut chain = DrandChain::league_of_entropy_default();
        chain.period_s = 0;
        assert_eq!(chain.validate(), Err(LotteryError::ChainPeriodZero));
        let mut chain = DrandChain::league_of_entropy_default();
        chain.chain_hash = "xyz".into();
        assert!(matches!(chain.validate(), Err(LotteryError::BadHex { .. })));
    }

    #[test]
    fn round_arithmetic_matches_published_times() {
        let d = DrandChain::league_of_entropy_default();
        // round 1 is produced at genesis; round 100 000 at genesis + 99 999 × 30
        assert_eq!(d.round_time(1), 1_595_431_050);
        assert_eq!(d.round_time(72785), utc("2020-08-16T21:49:30Z").timestamp());
        assert_eq!(d.round_at(utc("2020-08-16T21:49:30Z")), 72785);
        assert_eq!(d.round_at(utc("2020-08-16T21:49:29Z")), 72784);
        assert_eq!(d.round_at(Utc.timestamp_opt(1_595_431_049, 0).unwrap()), 0, "nothing before genesis");
        // at genesis the next round is 2 (round 1 is produced at that instant, not after)
        assert_eq!(d.first_round_after(Utc.timestamp_opt(1_595_431_050, 0).unwrap()), 2);
        assert_eq!(d.first_round_after(Utc.timestamp_opt(1_595_431_049, 0).unwrap()), 1);
        let q = DrandChain::league_of_entropy_quicknet();
        // a drand client's documented values: 2026-04-20 00:00:00 UTC is round 27 946 612
        assert_eq!(q.round_at(utc("2026-04-20T00:00:00Z")), 27_946_612);
        assert_eq!(q.round_at(utc("2026-04-20T12:30:45Z")), 27_961_627);
        assert_eq!(q.round_time(27_946_612), utc("2026-04-20T00:00:00Z").timestamp());
        assert_eq!(q.first_round_after(utc("2026-04-20T00:00:00Z")), 27_946_613);
        assert_eq!(q.first_round_after(utc("2026-04-20T00:00:00.5Z")), 27_946_613);
    }
}
