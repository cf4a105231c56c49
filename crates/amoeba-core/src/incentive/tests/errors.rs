//! Every refusal in both languages with its own code, and the plan checks
//! with their key paths.

use super::fixtures::*;
use crate::incentive::*;
use crate::Lang;
use rust_decimal_macros::dec;

fn every() -> Vec<PayError> {
    use PayError::*;
    let s = |v: &str| v.to_string();
    vec![
        Blank,
        NotWholeMonths { from: s("2026-01-02"), to: None },
        VersionZero,
        VersionsOverlap { code: s("P"), version: 2, other: 1 },
        NoComponents,
        TooMany { what: "tiers", limit: 32, found: 40 },
        Duplicate { code: s("x") },
        NoBands,
        FirstBandNotZero { from: dec!(5) },
        BandReversed { from: dec!(5), to: dec!(1) },
        BandGap { end: dec!(10), next: dec!(12) },
        BandOverlap { end: dec!(10), next: dec!(8) },
        TopBandBounded { to: dec!(10) },
        OpenBandBelowTop { from: dec!(0) },
        NegativeRate { rate: dec!(-0.1) },
        RateAbove100 { rate: dec!(3) },
        SharesNot100 { sum: dec!(0.9) },
        PctOutOfRange { value: dec!(1.2) },
        TooLarge { value: dec!(1e13) },
        Negative { value: dec!(-1) },
        UnknownRole { code: s("r") },
        UnknownUnit { code: s("u") },
        UnknownPerson { code: s("p") },
        UnknownProjectGroup { code: s("g") },
        MeasureNotAvailable { measure: "unit_profit", method: "individual" },
        NeedsRoles { measure: "sales" },
        NeedsTeam { method: "team_pool" },
        SplitNeedsCredit,
        SplitNeedsProject,
        GateNotForMethod { method: "stage" },
        StepsOutOfOrder,
        MonthOutOfRange { month: 13 },
        PeakInOffSeason { month: 12 },
        NoGrant,
        FloorAboveCap { floor: dec!(2), cap: dec!(1) },
        CliffAboveVesting { cliff: 40, vesting: 36 },
        MonthsOutOfRange { months: 0 },
        NoPlanInForce { period: nov() },
        InPlan { plan: s("P"), version: 1, path: s("components[0]"), problem: Box::new(NoBands) },
        PoolTooLarge { team: s("AMZ"), found: 20_000 },
        NotAParty { person: s("E01"), agreement: s("A") },
        ExitBeforeJoining { joined: s("2026-01-01"), date: s("2025-01-01") },
        MissingMonths { unit: s("TT"), months: vec![nov()] },
        NotMarginal,
    ]
}

fn has_chinese(t: &str) -> bool {
    t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_pay_error_renders_in_both_languages_with_a_distinct_code() {
    let all = every();
    let mut codes: Vec<&str> = all.iter().map(PayError::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len(), "every variant has its own code");
    for e in all {
        let (zh, en) = (e.render(Lang::Zh), e.render(Lang::En));
        assert!(has_chinese(&zh), "the Chinese of {e:?} has no Chinese: {zh}");
        assert!(!has_chinese(&en), "the English of {e:?} has Chinese: {en}");
        assert_eq!(e.to_string(), en);
    }
}

fn problems(p: &PayPlan) -> Vec<(String, &'static str)> {
    validate(p, &org()).into_iter().map(|x| (x.path, x.error.code())).collect()
}

#[test]
fn a_plan_is_checked_whole_with_key_paths() {
    let bad_tiers = tiers(TierMode::Marginal, &[(0, Some(100), dec!(0.02)), (120, Some(200), dec!(0.03)), (150, None, dec!(1.5))]);
    let mut c = comp("a", who(&["operator", "wizard"], &["AMZ", "MARS"]), individual(Measure::UnitProfit, Pay::Tiers(bad_tiers)));
    c.gates = vec![Gate::UnitPlan { line: crate::accounting::PnlLine::Ads, min_pct: dec!(100) }];
    let stages = [(Booking::Contract, dec!(0.3)), (Booking::Payment, dec!(0.6))].into_iter().collect();
    let s = comp("a", who(&[], &["ALI"]), Method::Stage(StagePay { rate: Rate::Flat(dec!(0.02)), stages }));
    let mut w = who(&[], &[]);
    w.people = vec!["E99".into()];
    w.project_group = Some("PG-NONE".into());
    let pool = Pool { source: PoolSource::Fixed(dec!(1)), sharing: sharing(Split::ResultShare, false) };
    let mut p = plan(vec![c, s, comp("pool", w, Method::TeamPool(pool))]);
    p.effective = crate::dates::EffectiveRange::since(d("2026-01-02"));
    let got = problems(&p);
    let expect = [
        ("pay_plan.effective_from", "pay_not_whole_months"),
        ("components[1].code", "pay_duplicate"),
        ("components[0].who.roles", "pay_unknown_role"),
        ("components[0].who.units", "pay_unknown_unit"),
        ("components[0].base", "pay_measure_not_available"),
        ("components[0].tiers[1].from", "pay_band_gap"),
        ("components[0].tiers[2].from", "pay_band_overlap"),
        ("components[0].tiers[2].rate", "pay_rate_above_100"),
        ("components[0].gates[0].line", "pay_measure_not_available"),
        ("components[1].who.roles", "pay_needs_roles"),
        ("components[1].stages", "pay_shares_not_100"),
        ("components[2].who.people", "pay_unknown_person"),
        ("components[2].who.project_group", "pay_unknown_project_group"),
        ("components[2].who.units", "pay_needs_team"),
        ("components[2].split", "pay_split_needs_credit"),
    ];
    for (path, code) in expect {
        assert!(got.contains(&(path.to_string(), code)), "expected {code} at {path}; got {got:?}");
    }
    assert_eq!(got.len(), expect.len(), "exactly these: {got:?}");
}

#[test]
fn versions_of_one_plan_never_overlap() {
    let mut v1 = plan(vec![comp("a", who(&["operator"], &[]), individual(Measure::Sales, Pay::Tiers(Tiers::flat(dec!(0.01)))))]);
    v1.effective = crate::dates::EffectiveRange::new(d("2026-01-01"), Some(d("2026-06-30"))).unwrap();
    let mut v2 = v1.clone();
    v2.version = 2;
    v2.effective = crate::dates::EffectiveRange::since(d("2026-06-01"));
    let got = check_versions(&[&v1, &v2]);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].error, PayError::VersionsOverlap { code: "NB-PAY".into(), version: 2, other: 1 });
    v2.effective = crate::dates::EffectiveRange::since(d("2026-07-01"));
    assert!(check_versions(&[&v1, &v2]).is_empty());
    // a run picks the version in force in its month
    let org = org();
    let data = Data::default();
    let run = compute_run(&[v1.clone(), v2.clone()], &data.inputs(&org), m("2026-08")).unwrap();
    assert_eq!(run.plans, vec![PlanVersion { code: "NB-PAY".into(), version: 2 }]);
    assert!(matches!(compute_run(&[v1], &data.inputs(&org), m("2026-08")), Err(PayError::NoPlanInForce { .. })));
}

#[test]
fn marginal_tiers_are_the_wish_goal_s_bands() {
    let t = tiers(TierMode::Marginal, &[(0, Some(100_000), dec!(0.02)), (100_000, None, dec!(0.03))]);
    let bands = t.marginal_bands().unwrap();
    // the wish engine and the statement agree on what the schedule pays
    assert_eq!(bands.commission_on(dec!(123456.78)), t.parts(dec!(123456.78)).iter().map(|p| p.exact).sum());
    let r = Tiers { mode: TierMode::Retroactive, ..t };
    assert_eq!(r.marginal_bands(), Err(PayError::NotMarginal));
}

#[test]
fn a_plan_s_figures_stay_inside_a_decimal() {
    let e = EquityTrigger {
        multiple: dec!(100000000000000000000),
        trailing_months: 12,
        threshold: dec!(1),
        grant_cash: Some(dec!(1)),
        grant_equity: None,
        sharing: sharing(Split::Equal, false),
    };
    let got = problems(&plan(vec![comp("eq", who(&[], &["AMZ"]), Method::EquityTrigger(e))]));
    assert_eq!(got, vec![("components[0].multiple".to_string(), "pay_too_large")]);
}
