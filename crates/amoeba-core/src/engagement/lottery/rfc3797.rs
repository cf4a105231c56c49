//! RFC 3797 ("Publicly Verifiable Nominations Committee (NomCom) Random
//! Selection"), section 4: numbers from public lotteries drawn after the
//! list is frozen become a key string, and each selection round hashes it
//! with MD5 — so anyone with the RFC's own reference program can redo a draw.
//!
//! Key string: each source's numbers sorted ascending, each followed by `.`,
//! each source followed by `/` (e.g. `9319./2.5.8.10.12./9.18.26.34.41.45./`).
//! Round `i` (from 0): MD5 of the 2-byte big-endian `i`, the key string and
//! the 2-byte `i` again; the 16-byte digest read as a big-endian integer,
//! modulo the number of candidates left, picks (from 0) among those left in
//! pool order; the picked one leaves the pool. Only whole-number sources are
//! accepted (the RFC's decimal form is not needed for lottery numbers).

use super::error::LotteryError;
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

/// The RFC's counter is two bytes and its reference program's pool too.
pub const MAX_POOL: usize = 65_535;

/// Numbers of the public lotteries named in the rules, one list per source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotteryNumbers {
    /// Each source's numbers as drawn (any order; the key sorts them).
    pub sources: Vec<Vec<u64>>,
}

/// One selection round, shown beside the result so it can be checked by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionRound {
    /// Round index, from 0.
    pub index: u32,
    /// MD5 of the round's input, upper-case hex as the RFC prints it.
    pub md5: String,
    /// Candidates left before the round (the divisor).
    pub remaining: u32,
    /// The candidate picked, numbered from 1 in pool order.
    pub selected: u32,
}

/// The RFC 3797 key string of `numbers`.
pub fn key_string(numbers: &LotteryNumbers) -> Result<String, LotteryError> {
    if numbers.sources.is_empty() || numbers.sources.iter().any(Vec::is_empty) {
        return Err(LotteryError::EmptySource);
    }
    let mut key = String::new();
    for source in &numbers.sources {
        let mut s = source.clone();
        s.sort_unstable();
        for n in s {
            key.push_str(&format!("{n}."));
        }
        key.push('/');
    }
    Ok(key)
}

fn remainder(digest: &[u8], divisor: u32) -> u32 {
    let n = u128::from_be_bytes(digest.try_into().expect("an MD5 digest is 16 bytes"));
    (n % u128::from(divisor)) as u32
}

/// Selects `count` of a pool of `pool` candidates (numbered 1..=pool) with `key`.
pub fn select(key: &str, pool: usize, count: usize) -> Result<Vec<SelectionRound>, LotteryError> {
    if pool > MAX_POOL {
        return Err(LotteryError::PoolTooLarge { pool });
    }
    let mut left: Vec<u32> = (1..=pool as u32).collect();
    let mut rounds = Vec::with_capacity(count.min(pool));
    for i in 0..count.min(pool) as u32 {
        let counter = (i as u16).to_be_bytes();
        let mut h = Md5::new();
        h.update(counter);
        h.update(key.as_bytes());
        h.update(counter);
        let digest = h.finalize();
        let remaining = left.len() as u32;
        let k = remainder(&digest, remaining);
        let selected = left.remove(k as usize);
        rounds.push(SelectionRound { index: i, md5: hex::encode_upper(digest), remaining, selected });
    }
    Ok(rounds)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 3797 section 6, "Fully Worked Example": 25 volunteers, 10 selected.
    #[test]
    fn reproduces_the_rfc_worked_example() {
        let numbers = LotteryNumbers { sources: vec![vec![9319], vec![2, 5, 12, 8, 10], vec![9, 18, 26, 34, 41, 45]] };
        let key = key_string(&numbers).unwrap();
        assert_eq!(key, "9319./2.5.8.10.12./9.18.26.34.41.45./");
        let rounds = select(&key, 25, 10).unwrap();
        let md5: Vec<&str> = rounds.iter().map(|r| r.md5.as_str()).collect();
        assert_eq!(
            md5,
            vec![
                "990DD0A5692A029A98B5E01AA28F3459",
                "3691E55CB63FCC37914430B2F70B5EC6",
                "FE814EDF564C190AC1D25753979990FA",
                "1863CCACEB568C31D7DDBDF1D4E91387",
                "F4AB33DF4889F0AF29C513905BE1D758",
                "13EAEB529F61ACFB9A29D0BA3A60DE4A",
                "992DB77C382CA2BDB9727001F3CDCCD9",
                "63AB4258ECA922976811C7F55C383CE7",
                "DFBC5AC97CED01B3A6E348E3CC63F40D",
                "31CB111C4A4EBE9287CEAE16FE51B909",
            ]
        );
        let selected: Vec<u32> = rounds.iter().map(|r| r.selected).collect();
        // 17 Lee, 7 Doc, 2 Mary, 16 Charity, 25 Kasczynski, 23 Envy, 8 Sneazy, 24 Anger, 19 Chastity, 13 Pandora
        assert_eq!(selected, vec![17, 7, 2, 16, 25, 23, 8, 24, 19, 13]);
        assert_eq!(rounds.iter().map(|r| r.remaining).collect::<Vec<_>>(), (16..=25).rev().collect::<Vec<u32>>());
    }

    /// The 2012 NomCom selection, run with the RFC's reference program
    /// (134 volunteers, 12 selected; seven sorted numbers then three sources).
    #[test]
    fn reproduces_a_published_nomcom_selection() {
        let numbers = LotteryNumbers {
            sources: vec![vec![17, 20, 22, 35, 38, 48, 36], vec![90193202], vec![55598744], vec![9, 10, 11, 17, 21, 48, 50]],
        };
        let key = key_string(&numbers).unwrap();
        assert_eq!(key, "17.20.22.35.36.38.48./90193202./55598744./9.10.11.17.21.48.50./");
        let rounds = select(&key, 134, 12).unwrap();
        assert_eq!(rounds[0].md5, "CA30D5996DE35BA57B393541328C4159");
        assert_eq!(rounds.iter().map(|r| r.selected).collect::<Vec<_>>(), vec![90, 25, 92, 126, 24, 31, 122, 96, 81, 132, 2, 41]);
    }

    #[test]
    fn refuses_empty_sources_and_oversized_pools_and_stops_at_the_pool() {
        assert_eq!(key_string(&LotteryNumbers { sources: vec![] }), Err(LotteryError::EmptySource));
        assert_eq!(key_string(&LotteryNumbers { sources: vec![vec![1], vec![]] }), Err(LotteryError::EmptySource));
        assert_eq!(select("1./", 70_000, 1), Err(LotteryError::PoolTooLarge { pool: 70_000 }));
        let all = select("1./", 3, 10).unwrap();
        let mut picked: Vec<u32> = all.iter().map(|r| r.selected).collect();
        picked.sort_unstable();
        assert_eq!(picked, vec![1, 2, 3], "everyone once when the pool is smaller than the count");
    }
}
