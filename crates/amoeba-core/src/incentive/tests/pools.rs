//! docs/pay-plans.md, methods (2), (3), (6), (7), (8): pools, profit
//! share, scorecard, project pool.

use super::fixtures::*;
use crate::incentive::*;
use crate::orders::CustomerClass;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const U: CustomerClass = CustomerClass::Unknown;

fn amz_pool_run(actual_sales: Decimal) -> PayRun {
    let org = org();
    let data = Data {
        credit: vec![
            credit("2026-11-05", "AMZ", "E01", "operator", U, dec!(43333.33), dec!(0), dec!(-10000.00)),
            credit("2026-11-05", "AMZ", "E02", "operator", U, dec!(76666.67), dec!(0), dec!(-10000.00)),
        ],
        units: vec![unit_month("AMZ", "2026-11", actual_sales, dec!(100000.00), dec!(20000))],
        plans: vec![unit_plan("AMZ", "2026-11", "sales", dec!(500000))],
        ..Data::default()
    };
    let pool = Pool {
        source: PoolSource::Result { measure: Measure::GrossProfit, tiers: Tiers::flat(dec!(0.05)) },
        sharing: sharing(Split::ResultShare, false),
    };
    let mut c = comp("amz_pool", who(&["operator"], &["AMZ"]), Method::TeamPool(pool));
    c.gates = vec![Gate::UnitPlan { line: crate::accounting::PnlLine::Sales, min_pct: dec!(100) }];
    compute_run(&[plan(vec![c])], &data.inputs(&org), nov()).unwrap()
}

#[test]
fn worked_example_team_pool_by_result_share() {
    // team result 33 333.33 + 66 666.67 = 100 000.00 × 5% = 5 000.00;
    // E01 5 000 × 33 333.33 ÷ 100 000 = 1 666.6665, E02 3 333.3335: floors
    // 1 666.66 + 3 333.33 = 4 999.99, the fen left to E01 (remainder .65 > .35)
    let run = amz_pool_run(dec!(520000));
    assert_eq!(amounts(&run, "E01", LineKind::PoolShare), vec![dec!(1666.67)]);
    assert_eq!(amounts(&run, "E02", LineKind::PoolShare), vec![dec!(3333.33)]);
    assert_eq!(run.pools[0].amount, dec!(5000.00));
    assert_eq!(run.pools[0].paid_out, dec!(5000.00));
    assert_eq!(run.pools[0].text.en, "AMZ gross profit ¥100 000.00: ¥100 000.00 × 5% = ¥5 000.00");
    // the gate: sales 480 000 of a 500 000 plan = 96.00% < 100%: the pool is held back
    let held = amz_pool_run(dec!(480000));
    assert_eq!(held.pools[0].amount, dec!(0));
    assert_eq!(amounts(&held, "E01", LineKind::PoolShare), vec![dec!(0)]);
    assert!(statement(&held, "E01").lines[0].text.en.contains("gate: AMZ sales ¥480 000.00 ÷ plan ¥500 000.00 = 96% < 100%: not paid"));
}

fn tt_data() -> Data {
    Data {
        units: vec![unit_month("TT", "2026-11", dec!(600000), dec!(250000.00), dec!(100000.00))],
        hours: vec![
            hours("E06", "TT", "2026-11", dec!(160)),
            hours("E07", "TT", "2026-11", dec!(120)),
            hours("E08", "TT", "2026-11", dec!(80)),
        ],
        ..Data::default()
    }
}

fn tt_pool(split: Split) -> PayPlan {
    let pool = Pool {
        source: PoolSource::Result { measure: Measure::UnitGrossProfit, tiers: Tiers::flat(dec!(0.04)) },
        sharing: sharing(split, false),
    };
    plan(vec![comp("tt_pool", who(&[], &["TT"]), Method::TeamPool(pool))])
}

#[test]
fn worked_example_pool_by_role_coefficient() {
    let (org, data) = (org(), tt_data());
    let run = compute_run(&[tt_pool(Split::Coefficient)], &data.inputs(&org), nov()).unwrap();
    // 250 000.00 × 4% = 10 000.00; weights E06 1.2 × 30 = 36, E07 1.0 × 30 = 30, E08 0.8 × 15 (from the 16th) = 12: 78
    // 4 615.384…, 3 846.153…, 1 538.461… → floors 9 999.99, the fen to E06 (.46)
    assert_eq!(amounts(&run, "E06", LineKind::PoolShare), vec![dec!(4615.39)]);
    assert_eq!(amounts(&run, "E07", LineKind::PoolShare), vec![dec!(3846.15)]);
    assert_eq!(amounts(&run, "E08", LineKind::PoolShare), vec![dec!(1538.46)]);
    assert_eq!(
        statement(&run, "E08").lines[0].text.en,
        "TT unit gross profit ¥250 000.00: ¥250 000.00 × 4% = ¥10 000.00; pool ¥10 000.00 × weight 12 ÷ 78 = ≈¥1 538.4615 → ¥1 538.46 (largest remainder) (weight: coefficient 0.8 × 15 days)"
    );
}

#[test]
fn worked_example_pool_by_coefficient_and_hours() {
    let (org, data) = (org(), tt_data());
    let run = compute_run(&[tt_pool(Split::CoefficientHours)], &data.inputs(&org), nov()).unwrap();
    // weights 1.2 × 160 = 192, 1.0 × 120 = 120, 0.8 × 80 = 64: 376
    // 5 106.382…, 3 191.489…, 1 702.127… → floors 9 999.98, two fen to E07 (.94) and E08 (.77)
    assert_eq!(amounts(&run, "E06", LineKind::PoolShare), vec![dec!(5106.38)]);
    assert_eq!(amounts(&run, "E07", LineKind::PoolShare), vec![dec!(3191.49)]);
    assert_eq!(amounts(&run, "E08", LineKind::PoolShare), vec![dec!(1702.13)]);
}

fn wh_plan(scorecard: bool) -> PayPlan {
    let share = ProfitShare {
        measure: Measure::UnitProfit,
        rate: dec!(0.10),
        carry_losses: true,
        schedule: Schedule::Monthly,
        sharing: sharing(Split::Coefficient, scorecard),
    };
    plan(vec![comp("wh_share", who(&[], &["WH"]), Method::ProfitShare(share))])
}

#[test]
fn worked_example_scorecard_scales_the_split() {
    let org = org();
    let data =
        Data { units: vec![unit_month("WH", "2026-11", dec!(0), dec!(0), dec!(30000.00))], reviews: vec![wh_review()], ..Data::default() };
    let run = compute_run(&[wh_plan(true)], &data.inputs(&org), nov()).unwrap();
    // 30 000.00 × 10% = 3 000.00; weights 30 × 1.0498 = 31.494 and 30 × 0.9502 = 28.506 (Σ 60)
    assert_eq!(amounts(&run, "E09", LineKind::PoolShare), vec![dec!(1574.70)]);
    assert_eq!(amounts(&run, "E10", LineKind::PoolShare), vec![dec!(1425.30)]);
    assert!(statement(&run, "E09").lines[0].text.en.contains("coefficient 1 × 30 days × review multiplier 1.0498 (2026-11 score 84.25)"));
}

#[test]
fn worked_example_profit_share_carries_a_loss() {
    let org = org();
    let oct = Data { units: vec![unit_month("WH", "2026-10", dec!(0), dec!(0), dec!(-5000.00))], ..Data::default() };
    let run_oct = compute_run(&[wh_plan(false)], &oct.inputs(&org), m("2026-10")).unwrap();
    // a loss pays nothing and is carried
    assert_eq!(run_oct.total, dec!(0));
    assert_eq!(run_oct.carry.losses.get("NB-PAY/wh_share/WH"), Some(&dec!(5000.00)));
    let nov_data = Data {
        units: vec![unit_month("WH", "2026-11", dec!(0), dec!(0), dec!(12000.00))],
        history: History { losses: run_oct.carry.losses.clone(), ..History::default() },
        ..Data::default()
    };
    let run_nov = compute_run(&[wh_plan(false)], &nov_data.inputs(&org), nov()).unwrap();
    // (12 000.00 − 5 000.00) × 10% = 700.00, split 350.00 / 350.00; nothing left to carry
    assert_eq!(run_nov.pools[0].amount, dec!(700.00));
    assert_eq!(run_nov.pools[0].text.en, "WH unit profit 2026-11 ¥12 000.00 − loss carried ¥5 000.00 = ¥7 000.00 × 10% = ¥700.00");
    assert_eq!(amounts(&run_nov, "E09", LineKind::PoolShare), vec![dec!(350.00)]);
    assert!(run_nov.carry.losses.is_empty());
}

#[test]
fn worked_example_project_pool_by_contribution() {
    let org = org();
    let data = Data::default();
    let pool = Pool { source: PoolSource::Fixed(dec!(20000.00)), sharing: sharing(Split::ProjectShares, false) };
    let mut w = who(&[], &[]);
    w.project_group = Some("PG-LAUNCH".into());
    let run = compute_run(&[plan(vec![comp("launch", w, Method::ProjectPool(pool))])], &data.inputs(&org), nov()).unwrap();
    // shares 2 : 1 : 1 of 20 000.00
    assert_eq!(amounts(&run, "E01", LineKind::PoolShare), vec![dec!(10000.00)]);
    assert_eq!(amounts(&run, "E06", LineKind::PoolShare), vec![dec!(5000.00)]);
    assert_eq!(amounts(&run, "E03", LineKind::PoolShare), vec![dec!(5000.00)]);
}
