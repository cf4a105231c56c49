//! docs/pay-plans.md, special bonuses: new-product hit, off-season
//! breakthrough, equity trigger.

use super::fixtures::*;
use crate::incentive::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn lamp(month: &str, sales: Decimal, profit: Decimal) -> SkuMonth {
    SkuMonth { sku: "LAMP".into(), unit: "TT".into(), month: m(month), sales, profit }
}

fn hit_plan() -> PayPlan {
    let h = NewProductHit { rate: dec!(0.15), min_sales: dec!(300000), within_days: 60, sharing: sharing(Split::Coefficient, false) };
    plan(vec![comp("hit", who(&[], &["TT"]), Method::NewProductHit(h))])
}

#[test]
fn worked_example_new_product_hit_fires() {
    let org = org();
    let data = Data {
        skus: vec![
            lamp("2026-10", dec!(120000.00), dec!(30000.00)),
            lamp("2026-11", dec!(320000.00), dec!(80000.00)),
            lamp("2026-12", dec!(400000.00), dec!(90000.00)),
        ],
        ..Data::default()
    };
    let run = compute_run(&[hit_plan()], &data.inputs(&org), nov()).unwrap();
    // launched 2026-10-10; November (inside the 60 days to 2026-12-08) sells 320 000 ≥ 300 000: a hit
    // 80 000.00 × 15% = 12 000.00 over E06 36, E07 30, E08 12 (Σ 78):
    // 5 538.461…, 4 615.384…, 1 846.153… → floors 11 999.99, the fen to E07 (.46)
    assert_eq!(run.pools[0].amount, dec!(12000.00));
    assert_eq!(amounts(&run, "E06", LineKind::PoolShare), vec![dec!(5538.46)]);
    assert_eq!(amounts(&run, "E07", LineKind::PoolShare), vec![dec!(4615.39)]);
    assert_eq!(amounts(&run, "E08", LineKind::PoolShare), vec![dec!(1846.15)]);
    assert_eq!(
        run.pools[0].text.en,
        "new product LAMP (launched 2026-10-10) sold ¥320 000.00 in 2026-11 ≥ ¥300 000.00 within 60 days of launch: profit ¥80 000.00 × 15% = ¥12 000.00"
    );
    // December sells more, but the hit was November's: paid once
    let dec_run = compute_run(&[hit_plan()], &data.inputs(&org), m("2026-12")).unwrap();
    assert!(dec_run.pools.is_empty() && dec_run.total.is_zero());
}

fn off_data(oct_turnover: Decimal) -> Data {
    Data {
        units: vec![
            unit_month("AMZ", "2026-06", dec!(0), dec!(0), dec!(10000.00)),
            unit_month("AMZ", "2026-07", dec!(0), dec!(0), dec!(12000.50)),
            unit_month("AMZ", "2026-08", dec!(0), dec!(0), dec!(8000.00)),
        ],
        metrics: vec![
            metric("AMZ", "2026-09", "days_of_cover", Some(dec!(95))),
            metric("AMZ", "2026-09", "turnover_days", Some(dec!(55))),
            metric("AMZ", "2026-10", "turnover_days", Some(oct_turnover)),
            metric("AMZ", "2026-11", "turnover_days", Some(dec!(60))),
        ],
        ..Data::default()
    }
}

fn off_plan() -> PayPlan {
    let o = OffSeason {
        rate: dec!(0.20),
        peak_month: 12,
        off_season_months: vec![6, 7, 8],
        turnover_max_days: dec!(60),
        cover_min_days: dec!(90),
        sharing: sharing(Split::Equal, false),
    };
    plan(vec![comp("off_season", who(&[], &["AMZ"]), Method::OffSeason(o))])
}

#[test]
fn worked_example_off_season_breakthrough() {
    let org = org();
    let data = off_data(dec!(58.5));
    let run = compute_run(&[off_plan()], &data.inputs(&org), m("2026-12")).unwrap();
    // cover 95 ≥ 90 at the end of September; turnover 55, 58.5, 60 ≤ 60 in Sep–Nov:
    // (10 000.00 + 12 000.50 + 8 000.00) × 20% = 6 000.10, equal thirds 2 000.0333…: the fen to E01 (tie → earlier)
    assert_eq!(run.pools[0].amount, dec!(6000.10));
    assert_eq!(amounts(&run, "E01", LineKind::PoolShare), vec![dec!(2000.04)]);
    assert_eq!(amounts(&run, "E02", LineKind::PoolShare), vec![dec!(2000.03)]);
    assert_eq!(amounts(&run, "E03", LineKind::PoolShare), vec![dec!(2000.03)]);
    // October at 61 days misses: nothing is paid, and the statement says which condition
    let missed = compute_run(&[off_plan()], &off_data(dec!(61)).inputs(&org), m("2026-12")).unwrap();
    assert_eq!(missed.pools[0].amount, dec!(0));
    assert!(missed.pools[0].text.en.contains("2026-10 turnover days 61 ≤ 60 ✗"));
    // it is only paid in the peak month
    assert!(compute_run(&[off_plan()], &data.inputs(&org), nov()).unwrap().pools.is_empty());
}

fn equity_plan() -> PayPlan {
    let e = EquityTrigger {
        multiple: dec!(8),
        trailing_months: 12,
        threshold: dec!(50000000),
        grant_cash: Some(dec!(100000)),
        grant_equity: Some(dec!(0.01)),
        sharing: sharing(Split::Equal, false),
    };
    let mut w = who(&[], &["AMZ"]);
    w.people = vec!["E01".into(), "E02".into()];
    plan(vec![comp("brand_equity", w, Method::EquityTrigger(e))])
}

fn equity_data() -> Data {
    let mut units = Vec::new();
    let mut month = m("2025-11");
    while month <= m("2026-10") {
        units.push(unit_month("AMZ", &month.to_string(), dec!(0), dec!(0), dec!(500000)));
        month = month.next();
    }
    units.push(unit_month("AMZ", "2026-11", dec!(0), dec!(0), dec!(750000)));
    Data { units, ..Data::default() }
}

#[test]
fn worked_example_equity_trigger() {
    let org = org();
    let data = equity_data();
    // October: 8 × (12 × 500 000) = 48 000 000 < 50 000 000: nothing
    let oct = compute_run(&[equity_plan()], &data.inputs(&org), m("2026-10")).unwrap();
    assert!(oct.total.is_zero() && oct.carry.grants.is_empty());
    assert_eq!(oct.pools[0].result, Some(dec!(48000000)));
    // November: 8 × (11 × 500 000 + 750 000) = 50 000 000 ≥ 50 000 000: granted
    let run = compute_run(&[equity_plan()], &data.inputs(&org), nov()).unwrap();
    assert_eq!(amounts(&run, "E01", LineKind::PoolShare), vec![dec!(50000.00)]);
    assert_eq!(amounts(&run, "E02", LineKind::PoolShare), vec![dec!(50000.00)]);
    let grant = statement(&run, "E01").lines.iter().find(|l| l.kind == LineKind::EquityGrant).unwrap();
    assert_eq!(grant.equity, Some(dec!(0.01)));
    assert_eq!(
        grant.text.en,
        "AMZ valuation = 8 × trailing 12 months' profit ¥6 250 000.00 = ¥50 000 000.00 ≥ ¥50 000 000.00: 1% of AMZ's equity granted"
    );
    assert!(run.carry.grants.contains("NB-PAY/brand_equity/AMZ"));
    // once granted, never again
    let again = Data { history: History { grants: run.carry.grants.clone(), ..History::default() }, ..equity_data() };
    assert!(compute_run(&[equity_plan()], &again.inputs(&org), nov()).unwrap().total.is_zero());
}
