//! docs/pay-plans.md: guardrails, clawbacks, negative balances, draws.

use super::fixtures::*;
use crate::incentive::*;
use crate::orders::CustomerClass;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const U: CustomerClass = CustomerClass::Unknown;

fn guarded(acos: Decimal) -> PayRun {
    let org = org();
    let data = Data {
        metrics: vec![metric("AMZ", "2026-11", "turnover_days", Some(dec!(72.5))), metric("AMZ", "2026-11", "acos", Some(acos))],
        ..Data::default()
    };
    let pool = Pool { source: PoolSource::Fixed(dec!(9000.00)), sharing: sharing(Split::Equal, false) };
    let mut c = comp("amz_bonus", who(&[], &["AMZ"]), Method::TeamPool(pool));
    c.guardrails = vec![
        Guardrail {
            metric: "turnover_days".into(),
            max: Some(dec!(60)),
            min: None,
            roles: vec!["operator".into()],
            effect: Effect::Reduce(dec!(0.5)),
        },
        Guardrail { metric: "acos".into(), max: Some(dec!(0.25)), min: None, roles: vec!["marketing".into()], effect: Effect::Void },
    ];
    compute_run(&[plan(vec![c])], &data.inputs(&org), nov()).unwrap()
}

#[test]
fn worked_example_guardrail_bites() {
    // 9 000.00 in thirds; the operators answer for turnover (72.5 > 60): −50 %
    let run = guarded(dec!(0.2210));
    assert_eq!(amounts(&run, "E01", LineKind::Guardrail), vec![dec!(-1500.00)]);
    assert_eq!(statement(&run, "E01").total, dec!(1500.00));
    assert_eq!(statement(&run, "E02").total, dec!(1500.00));
    assert_eq!(
        statement(&run, "E01").lines[1].text.en,
        "guardrail missed: AMZ turnover_days = 72.5, required ≤ 60: reduced by 50%: -¥3 000.00 × 50% = -¥1 500.00"
    );
    // marketing answers for ACoS, 22.10 % ≤ 25 %: kept
    assert_eq!(statement(&run, "E03").total, dec!(3000.00));
    // ACoS 30 % voids marketing's share
    let voided = guarded(dec!(0.30));
    assert_eq!(amounts(&voided, "E03", LineKind::Guardrail), vec![dec!(-3000.00)]);
    assert_eq!(statement(&voided, "E03").total, dec!(0));
}

fn sales_plan() -> PayPlan {
    plan(vec![comp("op_sales", who(&["operator"], &["AMZ"]), individual(Measure::Sales, Pay::Tiers(Tiers::flat(dec!(0.03)))))])
}

fn paid(person: &str, sale: &str, clawed: Decimal) -> PaidSale {
    PaidSale {
        person: person.into(),
        plan: "NB-PAY".into(),
        component: "op_sales".into(),
        sale: sale.into(),
        base: dec!(2000.00),
        paid: dec!(60.00),
        clawed,
    }
}

fn refund(person: &str, sale: &str, day: &str, amount: Decimal) -> SaleRefund {
    SaleRefund {
        person: person.into(),
        role: "operator".into(),
        unit: "AMZ".into(),
        class: U,
        sale: sale.into(),
        day: d(day),
        figures: crate::credit::Figures { refunds: -amount, ..Default::default() },
    }
}

#[test]
fn worked_example_refund_claws_back() {
    let org = org();
    let data = Data {
        credit: vec![
            credit("2026-11-05", "AMZ", "E01", "operator", U, dec!(10000.00), dec!(-500.00), dec!(0)),
            credit("2026-11-06", "AMZ", "E02", "operator", U, dec!(0), dec!(-2000.00), dec!(0)),
        ],
        history: History {
            paid_sales: vec![paid("E01", "AMZ-9", dec!(0)), paid("E02", "AMZ-4", dec!(0))],
            refunds: vec![refund("E01", "AMZ-9", "2026-11-05", dec!(500.00)), refund("E02", "AMZ-4", "2026-11-06", dec!(2000.00))],
            ..History::default()
        },
        ..Data::default()
    };
    let run = compute_run(&[sales_plan()], &data.inputs(&org), nov()).unwrap();
    // E01: the refund of AMZ-9 is taken out of November: (10 000.00 − 500.00 + 500.00) × 3% = 300.00,
    // and clawed back at the rate it was paid at: −60.00 × 500 ÷ 2 000 = −15.00
    assert_eq!(amounts(&run, "E01", LineKind::Tier), vec![dec!(300.00)]);
    assert_eq!(amounts(&run, "E01", LineKind::Clawback), vec![dec!(-15.00)]);
    assert_eq!(statement(&run, "E01").total, dec!(285.00));
    assert_eq!(
        statement(&run, "E01").lines[1].text.en,
        "clawback: sale AMZ-9 refunded ¥500.00 on 2026-11-05; ¥60.00 was paid on its ¥2 000.00 (rate 0.03): -¥60.00 × ¥500.00 ÷ ¥2 000.00 = -¥15.00"
    );
    // E02: all of AMZ-4 refunded: −60.00, nothing else: a negative balance, carried forward
    assert_eq!(amounts(&run, "E02", LineKind::Clawback), vec![dec!(-60.00)]);
    assert_eq!(amounts(&run, "E02", LineKind::CarriedForward), vec![dec!(60.00)]);
    assert_eq!(statement(&run, "E02").total, dec!(0));
    assert_eq!(run.carry.balances.get("E02"), Some(&dec!(-60.00)));
    // December: E02 earns 100.00 (3 333.33 × 3% = 99.9999 → 100.00); −60.00 brought forward: 40.00
    let dec_data = Data {
        credit: vec![credit("2026-12-02", "AMZ", "E02", "operator", U, dec!(3333.33), dec!(0), dec!(0))],
        history: History { balances: run.carry.balances.clone(), ..History::default() },
        ..Data::default()
    };
    let dec_run = compute_run(&[sales_plan()], &dec_data.inputs(&org), m("2026-12")).unwrap();
    assert_eq!(amounts(&dec_run, "E02", LineKind::BroughtForward), vec![dec!(-60.00)]);
    assert_eq!(statement(&dec_run, "E02").total, dec!(40.00));
    assert!(dec_run.carry.balances.is_empty());
}

#[test]
fn a_clawback_never_exceeds_what_is_left_of_what_was_paid() {
    let org = org();
    // 15.00 already clawed back; a further refund of 1 800.00 would claw 54.00, but only 45.00 is left
    let data = Data {
        credit: vec![credit("2026-12-05", "AMZ", "E01", "operator", U, dec!(0), dec!(-1800.00), dec!(0))],
        history: History {
            paid_sales: vec![paid("E01", "AMZ-9", dec!(15.00))],
            refunds: vec![refund("E01", "AMZ-9", "2026-12-05", dec!(1800.00))],
            ..History::default()
        },
        ..Data::default()
    };
    let run = compute_run(&[sales_plan()], &data.inputs(&org), m("2026-12")).unwrap();
    assert_eq!(amounts(&run, "E01", LineKind::Clawback), vec![dec!(-45.00)]);
    assert_eq!(run.carry.paid_sales[0].clawed, dec!(45.00));
}

#[test]
fn worked_example_recoverable_draw_and_guarantee() {
    let org = org();
    let mut p = plan(vec![comp("wh_sales", who(&["logistics"], &["WH"]), individual(Measure::Sales, Pay::Tiers(Tiers::flat(dec!(0.10)))))]);
    let named = |person: &str| {
        let mut w = who(&[], &[]);
        w.people = vec![person.into()];
        w
    };
    p.draws = vec![
        Draw { code: "floor_e09".into(), who: named("E09"), kind: DrawKind::Guarantee, amount: dec!(3000) },
        Draw { code: "newcomer_e10".into(), who: named("E10"), kind: DrawKind::Recoverable, amount: dec!(2000) },
    ];
    let c = |day: &str, person: &str, sales| credit(day, "WH", person, "logistics", U, sales, dec!(0), dec!(0));
    let data = Data { credit: vec![c("2026-11-05", "E09", dec!(12000)), c("2026-11-05", "E10", dec!(5000))], ..Data::default() };
    let run = compute_run(std::slice::from_ref(&p), &data.inputs(&org), nov()).unwrap();
    // E09 earns 1 200.00; guaranteed 3 000.00: +1 800.00, never recovered
    assert_eq!(amounts(&run, "E09", LineKind::Guarantee), vec![dec!(1800.00)]);
    assert_eq!(statement(&run, "E09").total, dec!(3000.00));
    // E10 earns 500.00; a 2 000.00 draw: +1 500.00 advanced, owed
    assert_eq!(amounts(&run, "E10", LineKind::Advance), vec![dec!(1500.00)]);
    assert_eq!(run.carry.advances.get("E10"), Some(&dec!(1500.00)));
    // December: E10 earns 4 000.00; 1 500.00 recovered, 2 500.00 paid; E09 earns 3 500.00, above the floor
    let dec_data = Data {
        credit: vec![c("2026-12-05", "E09", dec!(35000)), c("2026-12-05", "E10", dec!(40000))],
        history: History { advances: run.carry.advances.clone(), ..History::default() },
        ..Data::default()
    };
    let dec_run = compute_run(std::slice::from_ref(&p), &dec_data.inputs(&org), m("2026-12")).unwrap();
    assert_eq!(amounts(&dec_run, "E10", LineKind::Recovery), vec![dec!(-1500.00)]);
    assert_eq!(statement(&dec_run, "E10").total, dec!(2500.00));
    assert!(dec_run.carry.advances.is_empty());
    assert_eq!(statement(&dec_run, "E09").total, dec!(3500.00));
}
