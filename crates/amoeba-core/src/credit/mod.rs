//! Credit: who earned each sale. Responsibility rules, customer owners and
//! key accounts live in the organisation ([`CreditRules`], validated with
//! it); [`CreditResolver`] answers, for any fact or order event, who is
//! credited, with which share, under which rule; [`split`] shares money
//! by credit so the parts add up to the fen, and [`grain`] builds the
//! person-day figures pay, targets, the lottery and PK read — where, for
//! every unit, day and role, the credited people plus the uncredited
//! bucket equal the unit's sales to the fen (asserted, property-tested).
//! Every rule with a worked example: `docs/credit.md`.

pub mod grain;
pub mod problem;
pub mod report;
pub mod resolver;
pub mod rules;
pub mod shipments;
pub mod split;
pub(crate) mod validate;

#[cfg(test)]
mod tests;

pub use grain::{credit_days, CreditDay, CreditGrain, CreditSale, Figures, GrainInput, OrderFigures};
pub use problem::CreditProblem;
pub use report::{credit_lines, rules_of, CreditLine};
pub use resolver::{Credit, CreditResolver, OrderParties, RuleRef, Subject};
pub use rules::{
    CreditRules, CustomerOwner, KeyAccount, Responsibility, Scope, ScopeKey, FOLLOWER_ROLE, MAX_RESPONSIBILITIES_PER_SCOPE,
    MAX_SKUS_PER_SET, SALES_ROLE,
};
pub use shipments::lottery_shipments;

#[cfg(test)]
mod doc_tests {
    /// Every worked example of docs/credit.md names its test; this keeps
    /// the names in the document and the tests in step.
    #[test]
    fn the_document_names_every_worked_example_test() {
        let doc = include_str!("../../../../docs/credit.md");
        for name in [
            "worked_example_a_pair_rule_wins_over_the_store_rule_whole",
            "worked_example_shares_must_sum_to_100_percent_every_day",
            "one_wrong_set_is_reported_once_for_all_its_skus",
            "worked_example_an_order_credits_its_people_and_falls_back_to_the_customer_owner",
            "worked_example_split_by_credit",
            "a_new_cancel_before_a_recorded_shipment_is_the_cancel_s_fault",
            "a_later_file_is_checked_against_what_is_stored",
            "shipments_never_book_negative_and_sum_to_the_line",
            "a_refund_returns_the_prepayment_first",
            "worked_example_order_lifecycle",
            "replays_conserve_every_amount",
            "worked_example_customer_classes",
            "worked_example_apportion_a_converted_day",
            "an_order_missing_from_the_ledger_is_named_not_counted",
            "worked_example_person_day_grain",
            "credited_plus_uncredited_equals_the_unit_s_figures_to_the_fen",
            "an_order_s_shipments_are_the_lottery_s_shipments",
        ] {
            assert!(doc.contains(&format!("`{name}`")), "docs/credit.md does not name the test {name}");
        }
    }
}
