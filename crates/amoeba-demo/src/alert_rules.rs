//! The demo's alert rules file (docs/oversight.md, "Alerts on the demo"):
//! the thresholds a finance lead would start from. On the demo data the
//! storage-fee rule fires in Q4, when the marketplaces' peak storage rate
//! (October to December) multiplies each store's fee, and the ACoS
//! guardrail fires on stores whose ads run above 30 % — and on the
//! Alibaba.com stores, whose P4P spend has no ad-attributed sales at all.

/// The rules file's text.
pub(crate) const RULES: &str = r#"# Demo alert rules: company-wide thresholds, a tighter ACoS guardrail for one Amazon US store.
[[rules]]
scope = "company"
sales_slump = { weeks = 8, k = "3", min_drop = "1000" }
conversion_slump = { weeks = 8, min_drop = "0.005" }
acos = { max_acos = "0.30", min_spend = "100" }
storage_spike = { max_increase = "0.30", min_increase = "200" }

[[rules]]
scope = { store = "AMZ-US-2" }
acos = { max_acos = "0.25", min_spend = "200" }
"#;
