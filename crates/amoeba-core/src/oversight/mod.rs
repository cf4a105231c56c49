//! Oversight: what a third-party operator (代运营) and the owner who checks
//! them need — reports whose every change has an exact cause, contracts and
//! trial verdicts, risk alerts that fire once per episode, and the playbook
//! templates a team answers customers with. Pure engines over plain inputs;
//! the formulas, rounding places and a worked example each are in
//! `docs/oversight.md`.

pub mod alerts;
pub mod contract;
pub mod decompose;
pub mod exact;
mod period;
pub mod playbook;
pub mod playbook_vars;
pub mod report;

#[cfg(test)]
mod doc_tests {
    /// Every worked example of docs/oversight.md names its test; this keeps
    /// the names in the document and the tests in step.
    #[test]
    fn the_document_names_every_worked_example_test() {
        let doc = include_str!("../../../../docs/oversight.md");
        for name in [
            "worked_example_decomposition",
            "parts_always_add_up_to_the_change_to_the_fen",
            "a_week_without_sessions_puts_everything_on_traffic",
            "a_week_without_orders_is_a_conversion_effect",
            "orders_without_sessions_fall_back_to_orders_times_order_value",
            "sales_without_orders_are_one_effect",
            "worked_example_weekly_report",
            "a_loss_turning_smaller_is_a_positive_change",
            "stores_and_skus_add_up_to_the_sales_change",
            "worked_example_trial_verdict",
            "worked_example_partial_month_and_profit_share",
            "the_most_specific_scope_wins_whole",
            "worked_example_fx_exposure",
            "worked_example_overstock",
            "dead_stock_is_overstock_whatever_the_limit",
            "worked_example_stock_out",
            "worked_example_storage_spike",
            "worked_example_acos",
            "worked_example_sales_slump",
            "flat_history_needs_the_floor",
            "worked_example_refunds",
            "worked_example_episodes",
            "worked_example_template",
            "worked_example_render_values",
        ] {
            assert!(doc.contains(&format!("`{name}`")), "docs/oversight.md does not name the test {name}");
        }
    }
}
