//! docs/pay-plans.md, "Awards": lottery prizes and PK stakes paid through
//! the run — a person's prize on its own line, a team's split by largest
//! remainder among the team of the day it was won, an award won after the
//! period left for later, the awards paid listed for the lock.

use super::fixtures::*;
use crate::incentive::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn award(source: AwardSource, source_ref: &str, slot: i64, day: &str, winner: Winner, label: &str, amount: Decimal) -> PrizeAward {
    PrizeAward { source, source_ref: source_ref.into(), slot, day: d(day), winner, label: label.into(), amount, description: None }
}

fn november_awards() -> Vec<PrizeAward> {
    vec![
        award(AwardSource::Pk, "PK-Q4", 1, "2026-11-30", Winner::Team("TT".into()), "winner", dec!(1000.00)),
        award(AwardSource::Lottery, "2026-11-05", 1, "2026-11-05", Winner::Person("E04".into()), "special", dec!(188.00)),
        award(AwardSource::Pk, "PK-NEW", 1, "2026-11-20", Winner::Team("PG-LAUNCH".into()), "winner", dec!(100.00)),
        award(AwardSource::Lottery, "2026-12-01", 1, "2026-12-01", Winner::Person("E05".into()), "special", dec!(188.00)),
        award(AwardSource::Lottery, "2026-11-06", 2, "2026-11-06", Winner::Person("E05".into()), "first", Decimal::ZERO),
    ]
}

fn run_with(awards: Vec<PrizeAward>) -> PayRun {
    let org = org();
    let data = Data { awards, ..Data::default() };
    let p = plan(vec![comp("op_sales", who(&["operator"], &["AMZ"]), individual(Measure::Sales, Pay::Tiers(Tiers::flat(dec!(0.03)))))]);
    compute_run(&[p], &data.inputs(&org), nov()).unwrap()
}

#[test]
fn worked_example_awards() {
    let run = run_with(november_awards());
    run::check(&run);
    // The lottery's special prize of 5 November: ¥188.00 to E04.
    assert_eq!(amounts(&run, "E04", LineKind::Award), vec![dec!(188.00)]);
    let line = &statement(&run, "E04").lines[0];
    assert_eq!(line.text.zh, "2026-11-05 日出单抽奖 特等奖（第 1 位）：奖金 ¥188.00");
    assert_eq!((line.plan.as_str(), line.component.as_str()), ("", AWARD_COMPONENT));
    assert_eq!(
        line.facts.keys,
        vec![FactKey::Award { source: AwardSource::Lottery, source_ref: "2026-11-05".into(), slot: 1, day: d("2026-11-05") }]
    );
    // PK-Q4, won by TT on 30 November: E06, E07 and E08 (who joined on the 16th) were in TT that day;
    // ¥1 000.00 ÷ 3 = 333.333…: the odd fen goes to the first in person order.
    assert_eq!(amounts(&run, "E07", LineKind::Award), vec![dec!(333.33)]);
    assert_eq!(amounts(&run, "E08", LineKind::Award), vec![dec!(333.33)]);
    // PK-NEW, won by the project group PG-LAUNCH (shares 2 : 1 : 1): ¥100.00 → 50.00, 25.00, 25.00.
    assert_eq!(amounts(&run, "E01", LineKind::Award), vec![dec!(50.00)]);
    assert_eq!(amounts(&run, "E03", LineKind::Award), vec![dec!(25.00)]);
    assert_eq!(amounts(&run, "E06", LineKind::Award), vec![dec!(25.00), dec!(333.34)], "day order: PK-NEW (20th) before PK-Q4 (30th)");
    // Won on 1 December: left for December's run. A prize of no cash is not paid.
    assert!(run.statements.iter().all(|s| s.person != "E05"));
    let paid: Vec<(AwardSource, &str)> = run.carry.awards.iter().map(|a| (a.source, a.source_ref.as_str())).collect();
    assert_eq!(paid, vec![(AwardSource::Lottery, "2026-11-05"), (AwardSource::Pk, "PK-NEW"), (AwardSource::Pk, "PK-Q4")]);
    assert_eq!(run.total, dec!(1288.00), "188 + 100 + 1 000");
}

#[test]
fn a_run_of_no_award_has_the_bytes_it_had_before_awards() {
    let run = run_with(Vec::new());
    let bytes = String::from_utf8(canonical_bytes(&run)).unwrap();
    assert!(!bytes.contains("\"awards\""), "{bytes}");
    let back: PayRun = serde_json::from_str(&bytes).unwrap();
    assert_eq!(run_sha256(&back), run_sha256(&run));
    // The same awards in another order give the same run, byte for byte.
    let mut shuffled = november_awards();
    shuffled.reverse();
    assert_eq!(run_sha256(&run_with(shuffled)), run_sha256(&run_with(november_awards())));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every award paid is paid exactly: its lines add up to its prize, and
    /// the award lines to the awards the run lists as paid.
    #[test]
    fn awards_pay_out_exactly(prizes in proptest::collection::vec((0u8..4, 1i64..10_000_000, 1u32..30), 1..12)) {
        let teams = ["TT", "AMZ", "PG-LAUNCH", "WH"];
        let awards: Vec<PrizeAward> = prizes
            .iter()
            .enumerate()
            .map(|(i, (t, fen, day))| {
                let winner = if i % 3 == 0 { Winner::Person(format!("E0{}", 1 + i % 9)) } else { Winner::Team(teams[usize::from(*t)].into()) };
                award(AwardSource::Pk, &format!("PK-{i}"), 1, &format!("2026-11-{day:02}"), winner, "winner", Decimal::new(*fen, 2))
            })
            .collect();
        let run = run_with(awards.clone());
        let lines: Decimal = run.statements.iter().flat_map(|s| &s.lines).filter(|l| l.kind == LineKind::Award).map(|l| l.amount).sum();
        let paid: Decimal = run
            .carry
            .awards
            .iter()
            .map(|r| awards.iter().find(|a| a.source_ref == r.source_ref).map_or(Decimal::ZERO, |a| a.amount))
            .sum();
        prop_assert_eq!(lines, paid);
        prop_assert_eq!(run.carry.awards.len(), awards.len(), "every team here has people in November");
    }
}
