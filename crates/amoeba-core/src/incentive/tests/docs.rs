//! docs/pay-plans.md names every worked example's test, and every test it
//! names exists: the page and the tests stay in step.

const DOC: &str = include_str!("../../../../../docs/pay-plans.md");

/// The sources of the tests the page's examples live in.
const SOURCES: [&str; 10] = [
    include_str!("individual.rs"),
    include_str!("stage.rs"),
    include_str!("pools.rs"),
    include_str!("bonuses.rs"),
    include_str!("guard_draw.rs"),
    include_str!("partner_rerun.rs"),
    include_str!("props.rs"),
    include_str!("errors.rs"),
    include_str!("awards.rs"),
    include_str!("sale_claws.rs"),
];

/// Tests of other files the page names.
const ELSEWHERE: [(&str, &str); 9] = [
    ("marginal_and_retroactive_agree_inside_the_first_band", include_str!("../tiers.rs")),
    ("the_full_example_plan_pays_what_the_document_says", include_str!("../../../../amoeba-import/tests/pay_plan_example.rs")),
    (
        "unknown_keys_keys_of_another_method_and_wrong_types_name_their_line",
        include_str!("../../../../amoeba-import/src/pay_plan/tests.rs"),
    ),
    (
        "tier_gaps_splits_unknown_codes_and_bases_the_data_cannot_give_are_located",
        include_str!("../../../../amoeba-import/src/pay_plan/tests.rs"),
    ),
    ("versions_of_one_code_never_overlap_with_what_is_stored", include_str!("../../../../amoeba-import/src/pay_plan/tests.rs")),
    ("marginal_tiers_are_the_wish_goal_s_bands", include_str!("errors.rs")),
    ("lottery_prizes_and_pk_stakes_are_paid_once_through_the_run", include_str!("../../../../amoeba-app/tests/pay.rs")),
    ("stored_review_scores_scale_the_scorecard_split_of_a_stored_run", include_str!("../../../../amoeba-app/tests/pay.rs")),
    ("a_refund_of_a_sale_paid_individual_commission_on_claws_back_at_its_rate", include_str!("../../../../amoeba-app/tests/pay.rs")),
];

fn test_names(src: &str) -> Vec<&str> {
    src.lines()
        .filter_map(|l| l.trim().strip_prefix("fn "))
        .filter_map(|l| l.split('(').next())
        .filter(|n| n.starts_with("worked_example_") || n.starts_with("a_") || n.starts_with("pools_") || n.starts_with("versions_"))
        .collect()
}

#[test]
fn the_document_names_every_worked_example_test_and_every_name_is_a_test() {
    let names: Vec<&str> = SOURCES.iter().flat_map(|s| test_names(s)).collect();
    assert!(names.len() >= 25, "the test sources were read: {names:?}");
    for n in &names {
        assert!(DOC.contains(&format!("`{n}`")), "docs/pay-plans.md does not name the test {n}");
    }
    for (n, src) in ELSEWHERE {
        assert!(DOC.contains(&format!("`{n}`")), "docs/pay-plans.md does not name the test {n}");
        assert!(src.contains(&format!("fn {n}(")), "the test {n} the page names does not exist");
    }
    // every `worked_example_…` the page names is a test
    for word in DOC.split('`').filter(|w| w.starts_with("worked_example_")) {
        assert!(SOURCES.iter().any(|s| s.contains(&format!("fn {word}("))), "the page names {word}, which is not a test");
    }
}
