//! End-to-end lottery tests: freeze, draw and verify with published drand
//! rounds and the RFC 3797 example, and every tampering the threat model
//! names. No test touches the network.

use super::drand::vectors;
use super::rules::fixtures::seed_rules;
use super::*;
use chrono::{DateTime, NaiveDate, NaiveTime};
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn ship(person: &str, role: &str, order: &str, at: &str) -> Shipment {
    Shipment { person: person.into(), role: role.into(), order_id: order.into(), shipped_at: DateTime::parse_from_rfc3339(at).unwrap() }
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Quicknet round 123 is produced at 2023-08-23T15:15:33Z; a cut-off of
/// 23:15:31 in Shanghai (15:15:31Z) names it as the first round after.
fn quicknet_rules() -> LotteryRules {
    let mut r = seed_rules(RandomnessSource::Drand(DrandChain::league_of_entropy_quicknet()));
    r.cutoff = NaiveTime::from_hms_opt(23, 15, 31).unwrap();
    r
}

fn twelve_sellers(day: &str, local_time: &str, offset: &str) -> Vec<Shipment> {
    (1..=12)
        .flat_map(|i| {
            let p = format!("P{i:02}");
            let mut v = vec![ship(&p, "sales", &format!("SO-{i}"), &format!("{day}T{local_time}{offset}"))];
            if i % 3 == 0 {
                v.push(ship(&p, "order_follower", &format!("SO-{}", i + 100), &format!("{day}T{local_time}{offset}")));
            }
            v
        })
        .collect()
}

fn quicknet_record() -> DrawRecord {
    let rules = quicknet_rules();
    let list = FrozenList::freeze(&rules, d("2023-08-23"), &twelve_sellers("2023-08-23", "12:00:00", "+08:00")).unwrap();
    draw(&rules, &list, &Randomness::Drand(vectors::quicknet_123())).unwrap()
}

/// The documented score: HMAC-SHA256(key = SHA-256(signature), date ‖ list hash ‖ rules hash ‖ person).
fn documented_score(signature_hex: &str, date: &str, list_hash: &[u8], rules_hash: &[u8], person: &str) -> Vec<u8> {
    let key = Sha256::digest(hex::decode(signature_hex).unwrap());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(date.as_bytes());
    mac.update(list_hash);
    mac.update(rules_hash);
    mac.update(person.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// docs/lottery.md, "Worked example (drand quicknet)".
#[test]
fn worked_example_quicknet_draw_verifies_and_follows_the_documented_scores() {
    let rules = quicknet_rules();
    let a = announce(&rules, d("2023-08-23")).unwrap();
    let named = a.drand_round.unwrap();
    assert_eq!(named.round, 123, "named before the day: the first round after 15:15:31Z");
    assert_eq!(named.produced_at.to_rfc3339(), "2023-08-23T15:15:33+00:00");

    let rec = quicknet_record();
    verify(&rec).unwrap();
    assert_eq!(a.rules_hash, rec.rules_hash);
    assert_eq!(rec.list.entries.len(), 12);
    assert_eq!(rec.winners.len(), 9, "9 slips for 12 entrants");
    assert_eq!(rec.winners[0].tier, Tier::Special);
    assert_eq!(rec.winners[8].tier, Tier::Seventh);

    // the order is the documented HMAC order, recomputed here from the raw bytes
    let list_hash = hex::decode(&rec.list_hash).unwrap();
    let rules_hash = hex::decode(&rec.rules_hash).unwrap();
    let mut expected: Vec<(Vec<u8>, String)> = rec
        .list
        .entries
        .iter()
        .map(|e| (documented_score(&vectors::quicknet_123().signature, "2023-08-23", &list_hash, &rules_hash, &e.person), e.person.clone()))
        .collect();
    expected.sort();
    let winners: Vec<&str> = rec.winners.iter().map(|w| w.person.as_str()).collect();
    let first_nine: Vec<&str> = expected.iter().take(9).map(|(_, p)| p.as_str()).collect();
    assert_eq!(winners, first_nine);
    assert_eq!(rec.winners[0].proof, hex::encode(&expected[0].0));
    let mut people = winners.clone();
    people.sort_unstable();
    people.dedup();
    assert_eq!(people.len(), 9, "one slip per person");
}

/// The default (chained) chain: round 72785 at 2020-08-16T21:49:30Z is the
/// first after a 17:49:15 cut-off in New York (EDT, 21:49:15Z).
#[test]
fn default_chain_draw_with_previous_signature_verifies() {
    let mut rules = seed_rules(RandomnessSource::Drand(DrandChain::league_of_entropy_default()));
    rules.zone = "America/New_York".into();
    rules.cutoff = NaiveTime::from_hms_opt(17, 49, 15).unwrap();
    rules.calendar = crate::workdays::WorkCalendar::every_day(); // a Sunday
    let list = FrozenList::freeze(&rules, d("2020-08-16"), &twelve_sellers("2020-08-16", "09:00:00", "-04:00")).unwrap();
    assert_eq!(announce(&rules, d("2020-08-16")).unwrap().drand_round.unwrap().round, 72785);
    let rec = draw(&rules, &list, &Randomness::Drand(vectors::default_72785())).unwrap();
    assert_eq!(rec.randomness_hex, vectors::DEFAULT_72785_RANDOMNESS);
    verify(&rec).unwrap();
    // a valid, published beacon of another round is not the named one
    let other = draw(&rules, &list, &Randomness::Drand(vectors::default_1337()));
    assert_eq!(other.unwrap_err(), LotteryError::RoundNotNamed { expected: 72785, got: 1337 });
}

#[test]
fn altering_an_entry_fails_verification() {
    let rec = quicknet_record();
    let mut r = rec.clone();
    r.list.entries[0].person = "P00".into();
    assert!(matches!(verify(&r), Err(VerifyError::ListHashMismatch { .. })));
    let mut r = rec.clone();
    r.list.entries[3].evidence[0].order_id = "SO-999".into();
    assert!(matches!(verify(&r), Err(VerifyError::ListHashMismatch { .. })));
    // a late order slipped in, with the list hash recomputed to match
    let mut r = rec.clone();
    r.list.entries[1].evidence[0].shipped_at = DateTime::parse_from_rfc3339("2023-08-23T23:20:00+08:00").unwrap().to_utc();
    r.list_hash = hex::encode(r.list.hash());
    assert!(matches!(verify(&r), Err(VerifyError::Draw(LotteryError::OrderOfAnotherDay { .. }))));
    // a friend added with a genuine-looking order and every hash recomputed: the record is
    // consistent, but its list is not the one published at the cut-off
    let mut r = rec.clone();
    let mut friend = r.list.entries[0].clone();
    friend.person = "P99".into();
    r.list.entries.push(friend);
    let redone = draw(&r.rules, &r.list, &r.randomness).unwrap();
    verify(&redone).unwrap();
    assert!(matches!(verify_published(&redone, &rec.list_hash), Err(VerifyError::PublishedHashDiffers { .. })));
    verify_published(&rec, &rec.list_hash).unwrap();
}

#[test]
fn altering_the_round_or_its_signature_fails_verification() {
    let rec = quicknet_record();
    let mut r = rec.clone();
    if let Randomness::Drand(b) = &mut r.randomness {
        b.round = 124;
    }
    assert_eq!(verify(&r), Err(VerifyError::Draw(LotteryError::RoundNotNamed { expected: 123, got: 124 })));
    let mut r = rec.clone();
    if let Randomness::Drand(b) = &mut r.randomness {
        // flip one bit of the signature
        let mut sig = hex::decode(&b.signature).unwrap();
        sig[10] ^= 1;
        b.signature = hex::encode(sig);
    }
    assert!(matches!(
        verify(&r),
        Err(VerifyError::Draw(LotteryError::BadSignature { .. }) | VerifyError::Draw(LotteryError::BadHex { .. }))
    ));
    let mut r = rec.clone();
    r.randomness = Randomness::Rfc3797(LotteryNumbers { sources: vec![vec![1, 2, 3]] });
    assert_eq!(verify(&r), Err(VerifyError::Draw(LotteryError::ModeMismatch)));
}

#[test]
fn altering_the_rules_or_the_winners_fails_verification() {
    let rec = quicknet_record();
    let mut r = rec.clone();
    r.rules.tiers[0].count += 1;
    assert!(matches!(verify(&r), Err(VerifyError::RulesHashMismatch { .. })));
    // rules changed and their hash recomputed: the scores depend on the rules hash
    let mut r = rec.clone();
    r.rules.tiers[1].prize.description = Some("特等奖 + 一天假".into());
    r.rules_hash = hex::encode(r.rules.hash());
    assert_eq!(verify(&r), Err(VerifyError::WinnersDiffer));
    // a later cut-off, hash recomputed: the list was frozen at another instant
    let mut r = rec.clone();
    r.rules.cutoff = NaiveTime::from_hms_opt(23, 59, 0).unwrap();
    r.rules_hash = hex::encode(r.rules.hash());
    assert!(matches!(verify(&r), Err(VerifyError::Draw(LotteryError::CutoffMismatch { .. }))));
    let mut r = rec.clone();
    r.winners.swap(0, 1);
    assert_eq!(verify(&r), Err(VerifyError::WinnersDiffer));
    let mut r = rec.clone();
    r.format = 2;
    assert_eq!(verify(&r), Err(VerifyError::UnknownFormat { format: 2 }));
}

#[test]
fn the_record_survives_json_and_still_verifies() {
    let rec = quicknet_record();
    let json = serde_json::to_string(&rec).unwrap();
    let back: DrawRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, rec);
    verify(&back).unwrap();
}

fn rfc_rules() -> LotteryRules {
    seed_rules(RandomnessSource::Rfc3797 { sources: "the RFC 3797 section 6 example sources".into() })
}

fn volunteers(n: usize) -> Vec<Shipment> {
    (1..=n).map(|i| ship(&format!("V{i:02}"), "sales", &format!("SO-{i}"), "2026-03-02T10:00:00+08:00")).collect()
}

/// docs/lottery.md, "Worked example (RFC 3797)": the RFC's own example,
/// 25 entrants numbered in canonical order, its lottery numbers.
#[test]
fn worked_example_rfc3797_draw_reproduces_the_rfc_selection() {
    let rules = rfc_rules();
    let list = FrozenList::freeze(&rules, d("2026-03-02"), &volunteers(25)).unwrap();
    let numbers = LotteryNumbers { sources: vec![vec![9319], vec![2, 5, 12, 8, 10], vec![9, 18, 26, 34, 41, 45]] };
    let rec = draw(&rules, &list, &Randomness::Rfc3797(numbers)).unwrap();
    verify(&rec).unwrap();
    let winners: Vec<&str> = rec.winners.iter().map(|w| w.person.as_str()).collect();
    // the RFC selects 17, 7, 2, 16, 25, 23, 8, 24, 19 first: nine slips
    assert_eq!(winners, vec!["V17", "V07", "V02", "V16", "V25", "V23", "V08", "V24", "V19"]);
    assert_eq!(rec.winners[0].proof, "990DD0A5692A029A98B5E01AA28F3459");
    assert_eq!(String::from_utf8(hex::decode(&rec.randomness_hex).unwrap()).unwrap(), "9319./2.5.8.10.12./9.18.26.34.41.45./");
    let mut r = rec.clone();
    if let Randomness::Rfc3797(n) = &mut r.randomness {
        n.sources[0][0] = 9320;
    }
    assert_eq!(verify(&r), Err(VerifyError::WinnersDiffer));
}

#[test]
fn fewer_entrants_than_slips_and_an_empty_day() {
    let rules = rfc_rules();
    let numbers = Randomness::Rfc3797(LotteryNumbers { sources: vec![vec![7]] });
    let list = FrozenList::freeze(&rules, d("2026-03-02"), &volunteers(3)).unwrap();
    let rec = draw(&rules, &list, &numbers).unwrap();
    assert_eq!(rec.winners.iter().map(|w| w.tier).collect::<Vec<_>>(), vec![Tier::Special, Tier::First, Tier::Second]);
    let empty = FrozenList::freeze(&rules, d("2026-03-02"), &[]).unwrap();
    let rec = draw(&rules, &empty, &numbers).unwrap();
    assert!(rec.winners.is_empty());
    verify(&rec).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_draw_is_a_pure_function_dealing_each_slip_once_to_distinct_entrants(
        n in 0usize..40,
        numbers in proptest::collection::vec(proptest::collection::vec(0u64..100, 1..7), 1..4),
    ) {
        let rules = rfc_rules();
        let list = FrozenList::freeze(&rules, d("2026-03-02"), &volunteers(n)).unwrap();
        let randomness = Randomness::Rfc3797(LotteryNumbers { sources: numbers });
        let a = draw(&rules, &list, &randomness).unwrap();
        let b = draw(&rules, &list, &randomness).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.winners.len(), n.min(rules.slips().len()));
        let mut people: Vec<&str> = a.winners.iter().map(|w| w.person.as_str()).collect();
        people.sort_unstable();
        people.dedup();
        prop_assert_eq!(people.len(), a.winners.len());
        let tiers: Vec<Tier> = a.winners.iter().map(|w| w.tier).collect();
        prop_assert_eq!(&tiers[..], &rules.slips()[..a.winners.len()]);
        prop_assert!(verify(&a).is_ok());
    }
}

/// docs/engagement.md, "Verifying a draw, step by step": the exact values a
/// reader recomputes by hand with `sha256sum`, `xxd` and `openssl`.
#[test]
fn worked_example_verification_by_hand_values() {
    let rec = quicknet_record();
    assert_eq!(rec.rules_hash, "821e2aea1263d56b0260ec73deb9c76d15bded9b8d2a9be2dd41ec329c47c805");
    assert_eq!(rec.list_hash, "b8521a58924331ba656e858169320078cdd9a81350cc5d27c5811300e386a568");
    assert_eq!(rec.randomness_hex, "fb8f7bc29bf24db51871ec8c79f3a1e4bd0557bc0dfcee9ed1d924e69d1c60dc");
    let order: Vec<&str> = rec.winners.iter().map(|w| w.person.as_str()).collect();
    assert_eq!(order, vec!["P03", "P01", "P10", "P04", "P02", "P12", "P05", "P08", "P11"]);
    assert_eq!(rec.winners[0].proof, "0266d1eddf7739ac9fcf9e000e3ff7c7c68c504000e5ecddae5098ffbe470782");
    let text = String::from_utf8(rec.list.canonical_bytes()).unwrap();
    assert!(text.starts_with("amoeba-lottery-list/1\ndate\t2023-08-23\ncutoff\t2023-08-23T15:15:31Z\nentrants\t12\nperson\tP01\n"));
}
