//! docs/pay-plans.md: partner agreements (dividend and exit value),
//! re-runs carried into the current period, what-if.

use super::fixtures::*;
use crate::incentive::*;
use crate::orders::CustomerClass;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn agreement() -> PartnerAgreement {
    PartnerAgreement {
        code: "TT-PARTNERS".into(),
        name: "TikTok 合伙".into(),
        unit: "TT".into(),
        subtree: true,
        measure: Measure::UnitProfit,
        profit_pct: dec!(0.30),
        schedule: Schedule::Monthly,
        carry_losses: true,
        parties: vec![
            Party { person: "E06".into(), role: "operator".into(), share: dec!(0.6), joined: d("2024-01-01") },
            Party { person: "E07".into(), role: "livestream_host".into(), share: dec!(0.4), joined: d("2025-07-01") },
        ],
        exit: ExitFormula {
            multiple: dec!(3),
            trailing_months: 12,
            floor: dec!(0),
            cap: Some(dec!(5000000)),
            vesting_months: 36,
            cliff_months: 12,
        },
    }
}

fn tt_months(profit: Decimal) -> Vec<UnitMonth> {
    tt_range("2025-12", profit)
}

fn tt_range(from: &str, profit: Decimal) -> Vec<UnitMonth> {
    let mut out = Vec::new();
    let mut month = m(from);
    while month <= nov() {
        out.push(unit_month("TT", &month.to_string(), dec!(0), dec!(0), profit));
        month = month.next();
    }
    out
}

#[test]
fn worked_example_partner_dividend_and_exit() {
    let org = org();
    let mut p = plan(vec![]);
    p.components = vec![comp("noop", who(&["operator"], &["TT"]), individual(Measure::Sales, Pay::Tiers(Tiers::flat(dec!(0)))))];
    p.partners = vec![agreement()];
    let data = Data { units: tt_months(dec!(100000.00)), ..Data::default() };
    let run = compute_run(std::slice::from_ref(&p), &data.inputs(&org), nov()).unwrap();
    // November dividend: 100 000.00 × 30% = 30 000.00, split 60 % / 40 %
    assert_eq!(amounts(&run, "E06", LineKind::Dividend), vec![dec!(18000.00)]);
    assert_eq!(amounts(&run, "E07", LineKind::Dividend), vec![dec!(12000.00)]);
    // E07 leaves on 2026-12-15: 12 months Dec 2025–Nov 2026 at 100 000.00 = 1 200 000.00; × 3 = 3 600 000.00
    // (under the 5 000 000 cap); 40 %; 17 whole months since 2025-07-01, vesting over 36: 17 ÷ 36
    let x = exit_value(&agreement(), "E07", d("2026-12-15"), &data.units).unwrap();
    let steps: Vec<Decimal> = x.lines.iter().map(|l| l.value).collect();
    assert_eq!(steps[..3], [dec!(1200000.00), dec!(3600000.00), dec!(3600000.00)]);
    assert_eq!(x.value, dec!(680000.00));
    assert_eq!(x.lines[5].text.en, "exit value = ¥3 600 000.00 × 40% × 17 ÷ 36 = ¥680 000.00");
    assert_eq!(x.lines[4].text.en, "17 whole months served since 2025-07-01 (cliff 12, vesting over 36 months): vested 17 ÷ 36");
    // E06 with 200 000.00 a month: 3 × 2 400 000.00 = 7 200 000.00, capped at 5 000 000.00;
    // 60 %; 35 months since 2024-01-01: 5 000 000 × 0.6 × 35 ÷ 36 = 2 916 666.666… → 2 916 666.67
    let x = exit_value(&agreement(), "E06", d("2026-12-15"), &tt_months(dec!(200000.00))).unwrap();
    assert_eq!(x.lines[2].value, dec!(5000000));
    assert_eq!(x.value, dec!(2916666.67));
    // refused: not a party, before joining, months missing
    assert!(matches!(exit_value(&agreement(), "E01", d("2026-12-15"), &data.units), Err(PayError::NotAParty { .. })));
    assert!(matches!(exit_value(&agreement(), "E07", d("2025-06-30"), &data.units), Err(PayError::ExitBeforeJoining { .. })));
    assert!(matches!(exit_value(&agreement(), "E07", d("2027-02-01"), &data.units), Err(PayError::MissingMonths { .. })));
    // before the 12-month cliff nothing is vested: 11 whole months on 2026-06-30
    let early = exit_value(&agreement(), "E07", d("2026-06-30"), &tt_range("2025-01", dec!(100000.00))).unwrap();
    assert_eq!((early.lines[4].value, early.value), (dec!(0), dec!(0)));
    assert_eq!(months_between(d("2025-07-01"), d("2026-07-01")), 12);
}

fn gp_plan(mode: TierMode, flat: bool) -> PayPlan {
    let t = if flat { Tiers::flat(dec!(0.02)) } else { tiers(mode, &[(0, Some(100_000), dec!(0.02)), (100_000, None, dec!(0.03))]) };
    plan(vec![comp("op_gp", who(&["operator"], &["AMZ"]), individual(Measure::GrossProfit, Pay::Tiers(t)))])
}

fn gp_rows(extra: Decimal) -> Data {
    let u = CustomerClass::Unknown;
    Data {
        credit: vec![
            credit("2026-11-03", "AMZ", "E01", "operator", u, dec!(150000.00), dec!(-4000.00), dec!(-22543.22) + extra),
            credit("2026-11-20", "AMZ", "E02", "operator", u, dec!(60000.00), dec!(0), dec!(-20000.00)),
        ],
        ..Data::default()
    }
}

#[test]
fn worked_example_rerun_difference_is_carried() {
    let org = org();
    let p = gp_plan(TierMode::Marginal, false);
    let (paid, late) = (gp_rows(dec!(0)), gp_rows(dec!(1000.00)));
    let old = compute_run(std::slice::from_ref(&p), &paid.inputs(&org), nov()).unwrap();
    let new = compute_run(std::slice::from_ref(&p), &late.inputs(&org), nov()).unwrap();
    // 123 456.78 → 2 000.00 + 703.70 = 2 703.70; with 1 000.00 more GP: 2 000.00 + 733.70 = 2 733.70
    let diff = diff_runs(&old, &new);
    assert_eq!(diff.len(), 1, "E02 did not change");
    assert_eq!((diff[0].person.as_str(), diff[0].old, diff[0].new, diff[0].delta), ("E01", dec!(2703.70), dec!(2733.70), dec!(30.00)));
    assert_eq!(diff[0].old_run, run_sha256(&old));
    // December carries the difference as its own line
    let dec_data = Data { history: History { adjustments: diff, ..History::default() }, ..Data::default() };
    let dec_run = compute_run(std::slice::from_ref(&p), &dec_data.inputs(&org), m("2026-12")).unwrap();
    assert_eq!(amounts(&dec_run, "E01", LineKind::Adjustment), vec![dec!(30.00)]);
    assert_eq!(statement(&dec_run, "E01").total, dec!(30.00));
}

#[test]
fn worked_example_whatif_draft_vs_active() {
    let org = org();
    let data = gp_rows(dec!(0));
    let (active, draft) = (gp_plan(TierMode::Marginal, true), gp_plan(TierMode::Marginal, false));
    let w = whatif(&draft, &active, &data.inputs(&org), nov()).unwrap();
    // E01: active 123 456.78 × 2% = 2 469.1356 → 2 469.14; draft 2 703.70: +234.56, all of it op_gp
    assert_eq!((w.people[0].active, w.people[0].draft, w.people[0].delta), (dec!(2469.14), dec!(2703.70), dec!(234.56)));
    assert_eq!(
        w.people[0].why,
        vec![ComponentDelta { component: "op_gp".into(), active: dec!(2469.14), draft: dec!(2703.70), delta: dec!(234.56) }]
    );
    // E02: 40 000.00 × 2% = 800.00 either way
    assert_eq!((w.people[1].delta, w.people[1].why.len()), (dec!(0), 0));
    assert_eq!((w.active_total, w.draft_total, w.delta), (dec!(3269.14), dec!(3503.70), dec!(234.56)));
}
