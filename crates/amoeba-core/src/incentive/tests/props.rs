//! The pay engine's invariants on random inputs: pools pay out exactly,
//! statements add up to the run, a run recomputed (from rows in any order)
//! is byte-identical, a clawback never exceeds what was paid on its sale.
//! (Marginal and retroactive tiers agreeing inside the first band is
//! `tiers::tests::marginal_and_retroactive_agree_inside_the_first_band`.)

use super::fixtures::*;
use crate::dates::EffectiveRange;
use crate::incentive::*;
use crate::orders::CustomerClass;
use crate::org::{Assignment, Org, Person};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The company with `n` extra operators in AMZ, each with a coefficient and a start day in November.
fn crowd(people: &[(u32, u32)]) -> Org {
    let mut o = org();
    for (i, (coef, start)) in people.iter().enumerate() {
        let code = format!("P{i:03}");
        o.people.push(Person { code: code.clone(), name: code.clone(), email: None, external: false });
        o.assignments.push(Assignment {
            person: code,
            unit: "AMZ".into(),
            role: "operator".into(),
            range: EffectiveRange::since(d(&format!("2026-11-{:02}", 1 + start % 30))),
            coefficient: Decimal::new(i64::from(*coef), 1),
            leader: false,
        });
    }
    o
}

fn split_of(k: u8) -> Split {
    [Split::Coefficient, Split::CoefficientHours, Split::Equal, Split::ResultShare][usize::from(k % 4)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pools_pay_out_exactly_and_statements_add_up_to_the_run(
        people in proptest::collection::vec((0u32..30, 0u32..30), 1..25),
        fen in 0i64..1_000_000_000,
        hours in proptest::collection::vec(0u32..20_000, 25),
        results in proptest::collection::vec(-100_000i64..10_000_000, 25),
        k in 0u8..4,
    ) {
        let org = crowd(&people);
        let mut data = Data::default();
        for (i, _) in people.iter().enumerate() {
            let p = format!("P{i:03}");
            data.hours.push(hours_rec(&p, hours[i]));
            data.credit.push(credit("2026-11-30", "AMZ", &p, "operator", CustomerClass::Unknown, Decimal::new(results[i], 2), dec!(0), dec!(0)));
        }
        let source = if k % 4 == 3 {
            PoolSource::Result { measure: Measure::Sales, tiers: Tiers::flat(dec!(0.07)) }
        } else {
            PoolSource::Fixed(Decimal::new(fen, 2))
        };
        let pool = Pool { source, sharing: sharing(split_of(k), false) };
        let run = compute_run(&[plan(vec![comp("pool", who(&["operator"], &["AMZ"]), Method::TeamPool(pool))])], &data.inputs(&org), nov()).unwrap();
        for p in &run.pools {
            prop_assert!(p.paid_out == p.amount || p.paid_out.is_zero());
            let shares: Decimal = run.statements.iter().flat_map(|s| &s.lines).filter(|l| l.kind == LineKind::PoolShare).map(|l| l.amount).sum();
            prop_assert_eq!(shares, p.paid_out);
        }
        let total: Decimal = run.statements.iter().map(|s| s.total).sum();
        prop_assert_eq!(total, run.total);
        for s in &run.statements {
            prop_assert_eq!(s.lines.iter().map(|l| l.amount).sum::<Decimal>(), s.total);
        }
    }

    #[test]
    fn a_run_recomputed_from_the_same_inputs_is_byte_identical(
        rows in proptest::collection::vec((0usize..3, -5_000_000i64..50_000_000, 0u8..4), 1..40),
        balance in -100_000i64..0,
        advance in 0i64..100_000,
    ) {
        let org = org();
        let people = ["E01", "E02", "E03"];
        let classes = [CustomerClass::New, CustomerClass::Returning, CustomerClass::KeyAccount, CustomerClass::Unknown];
        let mut data = Data::default();
        for (p, fen, c) in &rows {
            data.credit.push(credit("2026-11-15", "AMZ", people[*p], "operator", classes[usize::from(*c)], Decimal::new(*fen, 2), dec!(0), dec!(-1.01)));
        }
        data.history.balances.insert("E02".into(), Decimal::new(balance, 2));
        data.history.advances.insert("E03".into(), Decimal::new(advance, 2));
        let t = tiers(TierMode::Marginal, &[(0, Some(100_000), dec!(0.02)), (100_000, None, dec!(0.035))]);
        let mut c = comp("op", who(&["operator"], &["AMZ"]), individual(Measure::GrossProfit, Pay::Tiers(t)));
        c.cap = Some(dec!(5000));
        let pool = Pool { source: PoolSource::Result { measure: Measure::Sales, tiers: Tiers::flat(dec!(0.013)) }, sharing: sharing(Split::Coefficient, false) };
        let p = plan(vec![c, comp("pool", who(&["operator"], &["AMZ"]), Method::TeamPool(pool))]);
        let a = compute_run(std::slice::from_ref(&p), &data.inputs(&org), nov()).unwrap();
        let b = compute_run(std::slice::from_ref(&p), &data.inputs(&org), nov()).unwrap();
        prop_assert_eq!(canonical_bytes(&a), canonical_bytes(&b));
        data.credit.reverse();
        let c = compute_run(std::slice::from_ref(&p), &data.inputs(&org), nov()).unwrap();
        prop_assert_eq!(run_sha256(&a), run_sha256(&c), "the order of the input rows does not matter");
        let back: PayRun = serde_json::from_slice(&canonical_bytes(&a)).unwrap();
        prop_assert_eq!(canonical_bytes(&back), canonical_bytes(&a), "the canonical form reads back to itself");
    }

    #[test]
    fn a_clawback_never_exceeds_what_was_paid_on_its_sale(
        paid in 0i64..10_000_000,
        base in -1_000i64..100_000_000,
        refunds in proptest::collection::vec(0i64..200_000_000, 1..8),
    ) {
        let (paid, base) = (Decimal::new(paid, 2), Decimal::new(base, 2));
        let mut clawed = Decimal::ZERO;
        for r in refunds {
            let (_, claw) = clawback_amount(paid, clawed, base, Decimal::new(r, 2));
            prop_assert!(claw >= Decimal::ZERO);
            prop_assert!(claw <= paid - clawed);
            clawed += claw;
        }
        prop_assert!(clawed <= paid);
    }
}

fn hours_rec(p: &str, h: u32) -> crate::ledger::HoursRecord {
    hours(p, "AMZ", "2026-11", Decimal::new(i64::from(h), 1))
}
