//! docs/pay-plans.md, methods (1) and (4): tiers, thresholds, caps,
//! accelerators and decelerators, customer classes.

use super::fixtures::*;
use crate::incentive::*;
use crate::orders::CustomerClass;
use rust_decimal_macros::dec;

const U: CustomerClass = CustomerClass::Unknown;

fn gp_data() -> Data {
    Data {
        credit: vec![
            credit("2026-11-03", "AMZ", "E01", "operator", U, dec!(100000.00), dec!(-4000.00), dec!(-12543.22)),
            credit("2026-11-20", "AMZ", "E01", "operator", U, dec!(50000.00), dec!(0), dec!(-10000.00)),
            credit("2026-11-20", "AMZ", "E02", "operator", U, dec!(60000.00), dec!(0), dec!(-20000.00)),
            credit("2026-10-31", "AMZ", "E02", "operator", U, dec!(99999.00), dec!(0), dec!(0)),
        ],
        ..Data::default()
    }
}

fn gp_tiers(mode: TierMode) -> PayPlan {
    let t = tiers(mode, &[(0, Some(100_000), dec!(0.02)), (100_000, Some(200_000), dec!(0.03)), (200_000, None, dec!(0.04))]);
    plan(vec![comp("op_gp", who(&["operator"], &["AMZ"]), individual(Measure::GrossProfit, Pay::Tiers(t)))])
}

#[test]
fn worked_example_marginal_tiers() {
    let (org, data) = (org(), gp_data());
    let run = compute_run(std::slice::from_ref(&gp_tiers(TierMode::Marginal)), &data.inputs(&org), nov()).unwrap();
    // E01: GP = 150 000.00 − 4 000.00 − 22 543.22 = 123 456.78
    // 100 000 × 2% = 2 000.00; 23 456.78 × 3% = 703.7034 → 703.70
    assert_eq!(amounts(&run, "E01", LineKind::Tier), vec![dec!(2000.00), dec!(703.70)]);
    assert_eq!(statement(&run, "E01").total, dec!(2703.70));
    let band_line = &statement(&run, "E01").lines[1];
    assert_eq!(
        band_line.text.en,
        "gross profit ¥123 456.78: the part in band ¥100 000.00–¥200 000.00, ¥23 456.78 × 3% (marginal) = ¥703.7034 → ¥703.70"
    );
    assert!(band_line.text.zh.contains("超额累进"));
    assert_eq!(band_line.facts.count, 2, "two credit rows of November (October's is not counted)");
    // E02: 40 000.00 × 2% = 800.00 (October's row is outside the period)
    assert_eq!(statement(&run, "E02").total, dec!(800.00));
    assert_eq!(run.total, dec!(3503.70));
}

#[test]
fn worked_example_retroactive_tiers() {
    let (org, data) = (org(), gp_data());
    let run = compute_run(std::slice::from_ref(&gp_tiers(TierMode::Retroactive)), &data.inputs(&org), nov()).unwrap();
    // 123 456.78 reaches the 3% band: the whole at 3% = 3 703.7034 → 3 703.70
    assert_eq!(amounts(&run, "E01", LineKind::Tier), vec![dec!(3703.70)]);
    assert_eq!(
        statement(&run, "E01").lines[0].text.en,
        "gross profit ¥123 456.78 × 3% (band ¥100 000.00–¥200 000.00, retroactive) = ¥3 703.7034 → ¥3 703.70"
    );
    // inside the first band both modes agree: E02 800.00
    assert_eq!(statement(&run, "E02").total, dec!(800.00));
}

#[test]
fn worked_example_threshold_and_cap() {
    let org = org();
    let data = Data {
        credit: vec![
            credit("2026-11-05", "AMZ", "E01", "operator", U, dec!(80000.00), dec!(0), dec!(0)),
            credit("2026-11-05", "AMZ", "E02", "operator", U, dec!(15000.00), dec!(0), dec!(0)),
        ],
        ..Data::default()
    };
    let mut c = comp("op_sales", who(&["operator"], &["AMZ"]), individual(Measure::Sales, Pay::Tiers(Tiers::flat(dec!(0.05)))));
    c.threshold = Some(dec!(20000));
    c.cap = Some(dec!(3000));
    let run = compute_run(&[plan(vec![c])], &data.inputs(&org), nov()).unwrap();
    // E01: 80 000 × 5% = 4 000.00, capped at 3 000.00: −1 000.00
    assert_eq!(amounts(&run, "E01", LineKind::Tier), vec![dec!(4000.00)]);
    assert_eq!(amounts(&run, "E01", LineKind::Cap), vec![dec!(-1000.00)]);
    assert_eq!(statement(&run, "E01").total, dec!(3000.00));
    // E02: 15 000 is below the 20 000 threshold: a gate line, nothing paid
    assert_eq!(amounts(&run, "E02", LineKind::Gate), vec![dec!(0)]);
    assert_eq!(statement(&run, "E02").lines[0].text.en, "threshold: credited sales ¥15 000.00 is below ¥20 000.00: not paid");
}

#[test]
fn worked_example_accelerator_and_decelerator() {
    let org = org();
    let data = Data {
        credit: vec![
            credit("2026-11-05", "AMZ", "E01", "operator", U, dec!(150000.00), dec!(0), dec!(0)),
            credit("2026-11-05", "AMZ", "E02", "operator", U, dec!(70000.00), dec!(0), dec!(0)),
        ],
        targets: vec![
            PersonTarget { person: "E01".into(), month: nov(), measure: "sales".into(), amount: dec!(120000) },
            PersonTarget { person: "E02".into(), month: nov(), measure: "sales".into(), amount: dec!(100000) },
        ],
        ..Data::default()
    };
    let method = Method::Individual(Individual {
        measure: Measure::Sales,
        pay: Pay::Tiers(Tiers::flat(dec!(0.02))),
        accelerators: vec![Step { pct: dec!(100), multiplier: dec!(1.2) }, Step { pct: dec!(120), multiplier: dec!(1.5) }],
        decelerators: vec![Step { pct: dec!(50), multiplier: dec!(0) }, Step { pct: dec!(80), multiplier: dec!(0.5) }],
    });
    let run = compute_run(&[plan(vec![comp("op_sales", who(&["operator"], &["AMZ"]), method)])], &data.inputs(&org), nov()).unwrap();
    // E01: 150 000 × 2% = 3 000.00; attainment 150 000 ÷ 120 000 = 125.00% ≥ 120%: × 1.5 → +1 500.00
    assert_eq!(amounts(&run, "E01", LineKind::Accelerator), vec![dec!(1500.00)]);
    assert_eq!(statement(&run, "E01").total, dec!(4500.00));
    // E02: 1 400.00; 70.00% < 80%: × 0.5 → −700.00
    assert_eq!(amounts(&run, "E02", LineKind::Decelerator), vec![dec!(-700.00)]);
    assert_eq!(statement(&run, "E02").total, dec!(700.00));
    assert_eq!(statement(&run, "E02").lines[1].text.en, "decelerator: attainment 70% < 80%, × 0.5: ¥1 400.00 × (0.5 − 1) = -¥700.00");
}

#[test]
fn worked_example_by_customer_class() {
    let org = org();
    let c = |class, sales| credit("2026-11-10", "ALI", "E04", "sales", class, sales, dec!(0), dec!(0));
    let data = Data {
        credit: vec![
            c(CustomerClass::New, dec!(40000.00)),
            c(CustomerClass::Returning, dec!(60000.00)),
            c(CustomerClass::KeyAccount, dec!(100000.00)),
            c(CustomerClass::Unknown, dec!(500.00)),
        ],
        ..Data::default()
    };
    let rates: ClassRates =
        [(CustomerClass::New, dec!(0.03)), (CustomerClass::Returning, dec!(0.015)), (CustomerClass::KeyAccount, dec!(0.01))]
            .into_iter()
            .collect();
    let run = compute_run(
        &[plan(vec![comp("b2b", who(&["sales"], &["ALI"]), individual(Measure::Sales, Pay::ByClass(rates)))])],
        &data.inputs(&org),
        nov(),
    )
    .unwrap();
    // new 40 000 × 3% = 1 200.00; returning 60 000 × 1.5% = 900.00; key account 100 000 × 1% = 1 000.00; unknown: no rate
    assert_eq!(amounts(&run, "E04", LineKind::Class), vec![dec!(1200.00), dec!(900.00), dec!(1000.00), dec!(0)]);
    assert_eq!(statement(&run, "E04").total, dec!(3100.00));
    assert_eq!(statement(&run, "E04").lines[0].text.en, "credited sales from new customers ¥40 000.00 × 3% = ¥1 200.00");
}

#[test]
fn worked_example_contribution_takes_a_share_of_selling_costs() {
    let org = org();
    let mut uncredited = credit("2026-11-05", "AMZ", "E01", "operator", U, dec!(10000.00), dec!(0), dec!(-4000.00));
    uncredited.person = None;
    let data = Data {
        credit: vec![
            credit("2026-11-05", "AMZ", "E01", "operator", U, dec!(60000.00), dec!(0), dec!(-20000.00)),
            credit("2026-11-05", "AMZ", "E02", "operator", U, dec!(30000.00), dec!(0), dec!(-10000.00)),
            uncredited,
        ],
        units: vec![UnitMonth {
            unit: "AMZ".into(),
            month: nov(),
            own: UnitFigures { sales: dec!(100000), selling_costs: dec!(-9000.00), ..UnitFigures::default() },
            rolled_up: UnitFigures::default(),
        }],
        ..Data::default()
    };
    let c = comp("op_contrib", who(&["operator"], &["AMZ"]), individual(Measure::Contribution, Pay::Tiers(Tiers::flat(dec!(0.05)))));
    let run = compute_run(&[plan(vec![c])], &data.inputs(&org), nov()).unwrap();
    // AMZ's selling costs −9 000.00 split over the operators' credited sales 60 000 : 30 000 : 10 000 (uncredited):
    // E01 −5 400.00, E02 −2 700.00, uncredited −900.00
    // E01 (60 000 − 20 000) − 5 400 = 34 600.00 × 5% = 1 730.00; E02 20 000 − 2 700 = 17 300.00 × 5% = 865.00
    assert_eq!(statement(&run, "E01").total, dec!(1730.00));
    assert_eq!(statement(&run, "E02").total, dec!(865.00));
}

#[test]
fn worked_example_counts_and_order_value_bases() {
    let org = org();
    let mut units_row = credit("2026-11-05", "AMZ", "E01", "operator", U, dec!(0), dec!(0), dec!(0));
    units_row.figures.units = 1234;
    let data = Data {
        credit: vec![units_row],
        stages: vec![
            stage_row("2026-11-20", "E04", "sales", "SO-7", CustomerClass::New, crate::orders::Stage::Paid, dec!(50000.00)),
            stage_row("2026-11-25", "E04", "sales", "SO-7", CustomerClass::New, crate::orders::Stage::Refunded, dec!(-10000.00)),
            stage_row("2026-11-02", "E04", "sales", "SO-7", CustomerClass::New, crate::orders::Stage::Contract, dec!(200000.00)),
        ],
        ..Data::default()
    };
    let p = plan(vec![
        comp("units", who(&["operator"], &["AMZ"]), individual(Measure::Units, Pay::Tiers(Tiers::flat(dec!(0.50))))),
        comp("cash", who(&["sales"], &["ALI"]), individual(Measure::OrderValue(Booking::Payment), Pay::Tiers(Tiers::flat(dec!(0.01))))),
    ]);
    let run = compute_run(&[p], &data.inputs(&org), nov()).unwrap();
    // 1 234 units × ¥0.50 a unit = 617.00
    assert_eq!(statement(&run, "E01").total, dec!(617.00));
    assert_eq!(statement(&run, "E01").lines[0].text.en, "units 1234 × ¥0.50 = ¥617.00");
    // booked at payment: paid 50 000.00 − refunded 10 000.00 = 40 000.00 × 1% = 400.00 (the contract does not count)
    assert_eq!(statement(&run, "E04").total, dec!(400.00));
}
