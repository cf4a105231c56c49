use super::*;
use amoeba_core::incentive::{Booking, Gate, Measure, Method, Pay, PoolSource, Split, TierMode};
use rust_decimal_macros::dec;

const ORG: &str = r#"
[company]
code = "NB"
name = "宁波天启"

[[units]]
code = "G"
name = "集团"
kind = "profit_centre"

[[units]]
code = "AMZ"
name = "亚马逊"
kind = "profit_centre"
parent = "G"

[[units]]
code = "ALI"
name = "阿里国际站"
kind = "profit_centre"
parent = "G"

[[people]]
code = "E01"
name = "张伟"

[[people]]
code = "E04"
name = "刘洋"

[[assignments]]
person = "E01"
unit = "AMZ"
role = "operator"
from = 2025-01-01
coefficient = 1.2

[[assignments]]
person = "E04"
unit = "ALI"
role = "sales"
from = 2025-01-01
"#;

fn org() -> Org {
    amoeba_core_org(ORG)
}

fn amoeba_core_org(text: &str) -> Org {
    crate::org_file::parse(text).unwrap().apply_to(None).unwrap()
}

const GOOD: &str = r#"
[pay_plan]
code = "NB-PAY"
name = "提成方案"
version = 1
effective_from = 2026-01-01
effective_to = "2026-12-31"

[[components]]
code = "op_gp"
method = "individual"
base = "gross_profit"
who = { roles = ["operator"], units = ["AMZ"] }
tier_mode = "retroactive"
tiers = [
  { from = 0, to = 100000, rate = "2%" },
  { from = 100000, rate = 0.03 },
]
cap = 20000
accelerators = [{ pct = 120, multiplier = 1.5 }]
gates = [{ on = "person_target", min_pct = 50 }]
guardrails = [{ metric = "turnover_days", max = 60, roles = ["operator"], reduce = "50%" }]

[[components]]
code = "b2b"
method = "stage"
who = { roles = ["sales"], units = ["ALI"] }
rates_by_class = { new = "3%", returning = "1.5%" }
stages = { contract = "30%", shipment = "30%", payment = "40%" }

[[components]]
code = "amz_pool"
method = "team_pool"
base = "unit_profit"
rate = "5%"
who = { units = ["AMZ"] }
gates = [{ on = "unit_plan", line = "sales", min_pct = 100 }]
"#;

#[test]
fn a_good_file_becomes_the_core_s_plan() {
    let plan = check(GOOD, &org(), &[]).unwrap();
    assert_eq!((plan.code.as_str(), plan.version, plan.components.len()), ("NB-PAY", 1, 3));
    let Method::Individual(m) = &plan.components[0].method else { panic!("individual") };
    assert_eq!(m.measure, Measure::GrossProfit);
    let Pay::Tiers(t) = &m.pay else { panic!("tiers") };
    assert_eq!(t.mode, TierMode::Retroactive);
    assert_eq!(t.bands[0].rate, dec!(0.02));
    assert_eq!(t.bands[1].rate, dec!(0.03));
    assert_eq!(t.bands[1].to, None);
    assert_eq!(plan.components[0].cap, Some(dec!(20000)));
    assert_eq!(plan.components[0].gates, vec![Gate::PersonTarget { min_pct: dec!(50) }]);
    assert!(plan.components[0].who.subtree, "subtree by default");
    let Method::Stage(s) = &plan.components[1].method else { panic!("stage") };
    assert_eq!(s.stages.get(&Booking::Payment), Some(&dec!(0.40)));
    let Method::TeamPool(p) = &plan.components[2].method else { panic!("pool") };
    assert_eq!(p.sharing.split, Split::Coefficient, "a unit result splits by coefficient by default");
    assert!(matches!(p.source, PoolSource::Result { measure: Measure::UnitProfit, .. }));
}

fn problems(text: &str, stored: &[PayPlan]) -> Vec<(usize, String, &'static str)> {
    let e = check(text, &org(), stored).unwrap_err();
    e.errors.into_iter().map(|e| (e.line, e.path, e.reason.code())).collect()
}

#[test]
fn unknown_keys_keys_of_another_method_and_wrong_types_name_their_line() {
    let text = GOOD
        .replace("cap = 20000", "cap = 20000\ncolour = \"red\"")
        .replace("stages = {", "tiers = [{ from = 0, rate = \"1%\" }]\nstages = {")
        .replace("min_pct = 50", "min_pct = true");
    let got = problems(&text, &[]);
    assert_eq!(
        got,
        vec![
            (20, "components[0].colour".into(), "unknown_key"),
            (22, "components[0].gates[0].min_pct".into(), "wrong_type"),
            (30, "components[1].tiers".into(), "key_not_for_method"),
        ]
    );
    let e = check(&text, &org(), &[]).unwrap_err();
    assert!(e.render(Lang::Zh).contains("第 20 行，components[0].colour：未知的键 `colour`"), "{}", e.render(Lang::Zh));
    assert!(e.render(Lang::En).contains("line 30, components[1].tiers: `tiers` is not used by method 'stage'"));
}

#[test]
fn tier_gaps_splits_unknown_codes_and_bases_the_data_cannot_give_are_located() {
    let text = GOOD
        .replace("{ from = 100000, rate = 0.03 }", "{ from = 120000, rate = 0.03 }")
        .replace("payment = \"40%\"", "payment = \"30%\"")
        .replace("units = [\"ALI\"]", "units = [\"ALI\", \"MARS\"]")
        .replace("base = \"unit_profit\"", "base = \"unit_profit\"\nsplit = \"result_share\"")
        .replace("base = \"gross_profit\"", "base = \"unit_sales\"");
    let got = problems(&text, &[]);
    assert_eq!(
        got,
        vec![
            (12, "components[0].base".into(), "pay_measure_not_available"),
            (17, "components[0].tiers[1].from".into(), "pay_band_gap"),
            (27, "components[1].who.units".into(), "pay_unknown_unit"),
            (29, "components[1].stages".into(), "pay_shares_not_100"),
            (35, "components[2].split".into(), "pay_split_needs_credit"),
        ]
    );
}

#[test]
fn versions_of_one_code_never_overlap_with_what_is_stored() {
    let v1 = check(GOOD, &org(), &[]).unwrap();
    let v2 = GOOD.replace("version = 1", "version = 2").replace("effective_from = 2026-01-01", "effective_from = 2026-07-01");
    let got = problems(&v2, std::slice::from_ref(&v1));
    assert_eq!(got, vec![(6, "pay_plan.effective_from".into(), "pay_versions_overlap")]);
    // the same version again replaces the stored one: no overlap with itself
    assert!(check(GOOD, &org(), std::slice::from_ref(&v1)).is_ok());
    // v2 after v1 ends is fine
    let v2 = v2.replace("effective_from = 2026-07-01", "effective_from = 2027-01-01").replace("effective_to = \"2026-12-31\"", "");
    assert!(check(&v2, &org(), &[v1]).is_ok());
}

#[test]
fn syntax_missing_keys_and_unknown_choices() {
    let got = problems("[pay_plan\ncode = 1", &[]);
    assert_eq!((got[0].0, got[0].2), (1, "toml_syntax"));
    let text = GOOD.replace("method = \"individual\"", "method = \"lottery\"").replace("code = \"amz_pool\"\n", "");
    let got = problems(&text, &[]);
    assert!(got.contains(&(11, "components[0].method".into(), "unknown_choice")), "{got:?}");
    assert!(got.iter().any(|(_, p, c)| p == "components[2].code" && *c == "missing_key"), "{got:?}");
}
