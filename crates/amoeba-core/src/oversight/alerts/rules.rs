//! Alert rules as data: thresholds for the company, a unit or a store, in a
//! file a finance person can read (TOML in docs/oversight.md, "Alert
//! rules"). For each kind of alert the most specific scope that sets it
//! wins — a store's over its unit's over the company's — and it wins whole
//! (its thresholds are not mixed with a wider scope's).

use super::ads::AcosRule;
use super::fx::FxRule;
use super::refunds::RefundRule;
use super::slump::SlumpRule;
use super::stock::{OverstockRule, StockOutRule, StorageFeeTable};
use super::storage::StorageSpikeRule;
use crate::Lang;
use serde::{Deserialize, Serialize};

/// Where a set of thresholds applies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Everywhere.
    Company,
    /// One unit and its stores.
    Unit(String),
    /// One store.
    Store(String),
}

impl Scope {
    /// How specific it is: store 2, unit 1, company 0.
    fn rank(&self) -> u8 {
        match self {
            Scope::Company => 0,
            Scope::Unit(_) => 1,
            Scope::Store(_) => 2,
        }
    }

    fn covers(&self, unit: Option<&str>, store: Option<&str>) -> bool {
        match self {
            Scope::Company => true,
            Scope::Unit(u) => unit == Some(u.as_str()),
            Scope::Store(s) => store == Some(s.as_str()),
        }
    }
}

/// The thresholds one scope sets; a kind left out is taken from a wider scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopedRules {
    /// Where they apply.
    pub scope: Scope,
    /// FX exposure.
    #[serde(default)]
    pub fx: Option<FxRule>,
    /// Overstock.
    #[serde(default)]
    pub overstock: Option<OverstockRule>,
    /// Stock-out risk.
    #[serde(default)]
    pub stock_out: Option<StockOutRule>,
    /// Storage-fee spike.
    #[serde(default)]
    pub storage_spike: Option<StorageSpikeRule>,
    /// ACoS guardrail.
    #[serde(default)]
    pub acos: Option<AcosRule>,
    /// Sales slump.
    #[serde(default)]
    pub sales_slump: Option<SlumpRule>,
    /// Conversion slump.
    #[serde(default)]
    pub conversion_slump: Option<SlumpRule>,
    /// Refund-rate spike.
    #[serde(default)]
    pub refunds: Option<RefundRule>,
}

/// A company's alert rules and storage fee tables.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RuleSet {
    /// Thresholds by scope.
    #[serde(default)]
    pub rules: Vec<ScopedRules>,
    /// Storage fees by marketplace.
    #[serde(default)]
    pub storage_fees: Vec<StorageFeeTable>,
}

/// The thresholds that apply to one subject, each from the most specific scope setting it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolved<'a> {
    /// FX exposure.
    pub fx: Option<&'a FxRule>,
    /// Overstock.
    pub overstock: Option<&'a OverstockRule>,
    /// Stock-out risk.
    pub stock_out: Option<&'a StockOutRule>,
    /// Storage-fee spike.
    pub storage_spike: Option<&'a StorageSpikeRule>,
    /// ACoS guardrail.
    pub acos: Option<&'a AcosRule>,
    /// Sales slump.
    pub sales_slump: Option<&'a SlumpRule>,
    /// Conversion slump.
    pub conversion_slump: Option<&'a SlumpRule>,
    /// Refund-rate spike.
    pub refunds: Option<&'a RefundRule>,
}

/// What is wrong with a rule set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleProblem {
    /// One scope listed twice: which of its thresholds count would be a guess.
    ScopeTwice {
        /// The scope, as text.
        scope: String,
    },
    /// One marketplace's fee table listed twice.
    FeeTableTwice {
        /// The marketplace.
        marketplace: String,
    },
    /// The file does not read as alert rules (the reader's words name the line, column and key).
    Unreadable {
        /// What the TOML reader said.
        detail: String,
    },
    /// A scope names a unit the organisation does not have.
    UnknownUnit {
        /// The code given.
        code: String,
    },
    /// A scope names a store the organisation does not have.
    UnknownStore {
        /// The code given.
        code: String,
    },
}

impl RuleProblem {
    /// A stable snake_case id, for programs.
    pub fn code(&self) -> &'static str {
        match self {
            RuleProblem::ScopeTwice { .. } => "alert_scope_twice",
            RuleProblem::FeeTableTwice { .. } => "fee_table_twice",
            RuleProblem::Unreadable { .. } => "alert_rules_unreadable",
            RuleProblem::UnknownUnit { .. } => "alert_unknown_unit",
            RuleProblem::UnknownStore { .. } => "alert_unknown_store",
        }
    }

    /// The problem in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (RuleProblem::ScopeTwice { scope }, Lang::Zh) => format!("预警规则中「{scope}」出现了两次：请合并为一处"),
            (RuleProblem::ScopeTwice { scope }, Lang::En) => format!("the alert rules list {scope} twice: merge them into one"),
            (RuleProblem::FeeTableTwice { marketplace }, Lang::Zh) => format!("站点 {marketplace} 的仓储费表出现了两次"),
            (RuleProblem::FeeTableTwice { marketplace }, Lang::En) => format!("the storage fee table of {marketplace} is listed twice"),
            (RuleProblem::Unreadable { detail }, Lang::Zh) => format!("无法读取预警规则：{detail}"),
            (RuleProblem::Unreadable { detail }, Lang::En) => format!("not readable as alert rules: {detail}"),
            (RuleProblem::UnknownUnit { code }, Lang::Zh) => format!("scope 中的阿米巴「{code}」不存在"),
            (RuleProblem::UnknownUnit { code }, Lang::En) => format!("scope names unit '{code}', which the organisation does not have"),
            (RuleProblem::UnknownStore { code }, Lang::Zh) => format!("scope 中的店铺「{code}」不存在"),
            (RuleProblem::UnknownStore { code }, Lang::En) => format!("scope names store '{code}', which the organisation does not have"),
        }
    }
}

fn most_specific<'a, T>(
    rules: &'a [ScopedRules],
    unit: Option<&str>,
    store: Option<&str>,
    pick: fn(&ScopedRules) -> Option<&T>,
) -> Option<&'a T> {
    rules
        .iter()
        .filter(|r| r.scope.covers(unit, store))
        .filter_map(|r| pick(r).map(|t| (r.scope.rank(), t)))
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, t)| t)
}

impl RuleSet {
    /// Every problem (empty when the rules are usable).
    pub fn problems(&self) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            if self.rules[..i].iter().any(|e| e.scope == r.scope) {
                out.push(RuleProblem::ScopeTwice { scope: format!("{:?}", r.scope) });
            }
        }
        for (i, t) in self.storage_fees.iter().enumerate() {
            if self.storage_fees[..i].iter().any(|e| e.marketplace == t.marketplace) {
                out.push(RuleProblem::FeeTableTwice { marketplace: t.marketplace.clone() });
            }
        }
        out
    }

    /// The thresholds for a subject in `unit` and/or `store`.
    pub fn resolve(&self, unit: Option<&str>, store: Option<&str>) -> Resolved<'_> {
        let r = &self.rules;
        Resolved {
            fx: most_specific(r, unit, store, |x| x.fx.as_ref()),
            overstock: most_specific(r, unit, store, |x| x.overstock.as_ref()),
            stock_out: most_specific(r, unit, store, |x| x.stock_out.as_ref()),
            storage_spike: most_specific(r, unit, store, |x| x.storage_spike.as_ref()),
            acos: most_specific(r, unit, store, |x| x.acos.as_ref()),
            sales_slump: most_specific(r, unit, store, |x| x.sales_slump.as_ref()),
            conversion_slump: most_specific(r, unit, store, |x| x.conversion_slump.as_ref()),
            refunds: most_specific(r, unit, store, |x| x.refunds.as_ref()),
        }
    }

    /// The storage fee table of a marketplace.
    pub fn fee_table(&self, marketplace: &str) -> Option<&StorageFeeTable> {
        self.storage_fees.iter().find(|t| t.marketplace == marketplace)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// docs/oversight.md, "Alert rules": the example file.
    pub(crate) const EXAMPLE: &str = r#"
        [[rules]]
        scope = "company"
        fx = { max_share_of_profit = "0.10", min_loss = "1000" }
        acos = { max_acos = "0.30", min_clicks = 100, min_spend = "50" }
        overstock = { max_days_of_cover = "90", include_inbound = true }
        stock_out = { safety_days = 14 }
        sales_slump = { weeks = 8, min_drop = "1000" }

        [[rules]]
        scope = { unit = "AMZ-US-TEAM" }
        acos = { max_acos = "0.25", min_clicks = 200 }

        [[rules]]
        scope = { store = "AMZ-US-2" }
        acos = { max_acos = "0.45", min_spend = "100" }

        [[storage_fees]]
        marketplace = "amazon-us"
        currency = "USD"
        volume_unit = "cubic foot"
        standard = "0.78"
        peak = "2.40"
        peak_months = [10, 11, 12]
        aged_surcharges = [{ min_age_days = 181, per_volume = "0.50" }]
    "#;

    #[test]
    fn the_most_specific_scope_wins_whole() {
        let set: RuleSet = toml::from_str(EXAMPLE).unwrap();
        assert!(set.problems().is_empty());
        let store = set.resolve(Some("AMZ-US-TEAM"), Some("AMZ-US-2"));
        assert_eq!(store.acos.map(|a| (a.max_acos, a.min_clicks, a.min_spend)), Some((dec!(0.45), 0, dec!(100))));
        assert_eq!(store.fx.map(|f| f.min_loss), Some(dec!(1000)), "not set by the store: the company's");
        let unit = set.resolve(Some("AMZ-US-TEAM"), Some("AMZ-US-1"));
        assert_eq!(unit.acos.map(|a| a.max_acos), Some(dec!(0.25)));
        let other = set.resolve(Some("ALI-TEAM"), Some("ALI-1"));
        assert_eq!(other.acos.map(|a| a.max_acos), Some(dec!(0.30)));
        assert_eq!(other.sales_slump.map(|s| (s.k, s.min_weeks)), Some((dec!(3), 4)), "defaults: k = 3, four weeks");
        assert_eq!(other.stock_out.map(|s| s.include_inbound), Some(true));
        assert!(other.refunds.is_none());
        assert_eq!(set.fee_table("amazon-us").map(|t| t.rate(11, 200)), Some(dec!(2.90)));
    }

    #[test]
    fn a_scope_or_table_twice_is_a_problem() {
        let mut set: RuleSet = toml::from_str(EXAMPLE).unwrap();
        set.rules.push(set.rules[1].clone());
        set.storage_fees.push(set.storage_fees[0].clone());
        let p = set.problems();
        assert_eq!(p.iter().map(|x| x.code()).collect::<Vec<_>>(), vec!["alert_scope_twice", "fee_table_twice"]);
        for x in &p {
            assert!(super::super::has_chinese(&x.render(Lang::Zh)) && !super::super::has_chinese(&x.render(Lang::En)));
        }
    }
}
