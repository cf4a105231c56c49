//! Rules finance writes as data: internal charges from service centres to
//! the units they serve, and allocations of shared costs by driver. Both are
//! effective-dated so that a rule change is a new version, never an edit of
//! a closed month's basis.

use crate::dates::EffectiveRange;
use crate::ledger::FactKind;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Largest rate, percentage or fixed amount a rule may carry. Bounding rule
/// figures keeps every product far from `Decimal` overflow, so bad data is
/// refused with a message instead of a panic.
pub const MAX_RULE_FIGURE: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// How a service centre prices what it does for a unit. Rates and amounts
/// are in the base currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeBasis {
    /// `rate` per unit of product shipped (Σ quantity of the user's sale facts).
    PerUnitShipped {
        /// Base currency per unit shipped.
        rate: Decimal,
    },
    /// `rate` per order (order counts of the user's stores).
    PerOrder {
        /// Base currency per order.
        rate: Decimal,
    },
    /// `rate` per active listing per month (SKUs the user owns, prorated by days owned).
    PerListing {
        /// Base currency per listing per month.
        rate: Decimal,
    },
    /// `percent` % of the user's external sales (the `sales` line, base currency).
    PercentOfSales {
        /// Percentage, e.g. `3` for 3 %.
        percent: Decimal,
    },
    /// A fixed amount per month split over the users.
    FixedPerMonth {
        /// Base-currency amount for a whole month (whole cents).
        amount: Decimal,
        /// How the amount is split over the users.
        split: FixedSplit,
    },
}

/// How a fixed monthly charge is split between its users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixedSplit {
    /// In proportion to each user's external sales of the month.
    BySales,
    /// In equal parts.
    Equal,
}

/// A service centre's price list entry for the units it serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeRule {
    /// Rule code; versions of one rule share it with non-overlapping ranges.
    pub code: String,
    /// Unit code of the service centre that charges (internal sales).
    pub provider: String,
    /// Unit codes charged (internal purchases); empty = every leaf profit centre.
    pub users: Vec<String>,
    /// How the charge is computed.
    pub basis: ChargeBasis,
    /// Days the rule applies.
    pub range: EffectiveRange,
}

/// What measures each target's share of an allocated cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Driver {
    /// Person-days of people assigned in the target's subtree during the month.
    Headcount,
    /// External sales (base currency) of the target's subtree in the month.
    Sales,
    /// Hours worked in the target's subtree in the month.
    Hours,
    /// Floor area (`area_m2`) of the units in the target's subtree.
    Area,
    /// Agreed shares per unit (weights; need not sum to 1).
    FixedShares(Vec<(String, Decimal)>),
}

impl Driver {
    /// Stable name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Driver::Headcount => "headcount",
            Driver::Sales => "sales",
            Driver::Hours => "hours",
            Driver::Area => "area",
            Driver::FixedShares(_) => "fixed_shares",
        }
    }
}

impl Driver {
    /// The driver in words of `lang`, with its shares for fixed shares.
    pub fn describe(&self, lang: crate::Lang) -> String {
        let (zh, en) = match self {
            Driver::Headcount => ("按人头（在岗人天）", "by headcount (person-days)"),
            Driver::Sales => ("按销售额", "by sales"),
            Driver::Hours => ("按工时", "by hours"),
            Driver::Area => ("按面积", "by floor area"),
            Driver::FixedShares(shares) => {
                let parts: Vec<String> = shares.iter().map(|(u, s)| format!("{u}:{s}")).collect();
                return format!("{} {}", lang.pick("按固定比例", "fixed shares"), parts.join(", "));
            }
        };
        lang.pick(zh, en).to_string()
    }
}

impl ChargeBasis {
    /// How the rule charges, in words of `lang` (rates as given).
    pub fn describe(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Zh};
        match (self, lang) {
            (ChargeBasis::PerUnitShipped { rate }, Zh) => format!("每发出一件 {rate}"),
            (ChargeBasis::PerUnitShipped { rate }, En) => format!("{rate} per unit shipped"),
            (ChargeBasis::PerOrder { rate }, Zh) => format!("每单 {rate}"),
            (ChargeBasis::PerOrder { rate }, En) => format!("{rate} per order"),
            (ChargeBasis::PerListing { rate }, Zh) => format!("每个在售商品 {rate}"),
            (ChargeBasis::PerListing { rate }, En) => format!("{rate} per listing"),
            (ChargeBasis::PercentOfSales { percent }, Zh) => format!("销售额的 {percent}%"),
            (ChargeBasis::PercentOfSales { percent }, En) => format!("{percent}% of sales"),
            (ChargeBasis::FixedPerMonth { amount, split }, Zh) => {
                format!("每月固定 {amount}，{}", if *split == FixedSplit::BySales { "按销售额分摊" } else { "平均分摊" })
            }
            (ChargeBasis::FixedPerMonth { amount, split }, En) => {
                format!("{amount} a month, {}", if *split == FixedSplit::BySales { "split by sales" } else { "split equally" })
            }
        }
    }
}

/// Cost kinds allocated when a rule lists none: the source's non-labour
/// expense kinds. Internal charges and earlier allocations are left out so
/// a plain rule never re-allocates what another rule already moved; list
/// them explicitly for a step-down allocation.
pub const DEFAULT_ALLOCATED_KINDS: [FactKind; 7] = [
    FactKind::PlatformFee,
    FactKind::FulfilmentFee,
    FactKind::StorageFee,
    FactKind::AdSpend,
    FactKind::Cogs,
    FactKind::Freight,
    FactKind::OtherExpense,
];

/// How a shared cost (rent, management…) of one unit is spread to others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationRule {
    /// Rule code; versions of one rule share it with non-overlapping ranges.
    pub code: String,
    /// Unit whose costs are shared (e.g. HQ).
    pub source: String,
    /// Which of its cost kinds; empty = [`DEFAULT_ALLOCATED_KINDS`].
    pub kinds: Vec<FactKind>,
    /// Units that bear the cost; empty = every leaf profit centre.
    pub targets: Vec<String>,
    /// What measures each target's share.
    pub driver: Driver,
    /// Days the rule applies (costs booked on those days are allocated).
    pub range: EffectiveRange,
}

impl AllocationRule {
    /// The kinds this rule allocates, with the default applied.
    pub fn effective_kinds(&self) -> Vec<FactKind> {
        if self.kinds.is_empty() {
            DEFAULT_ALLOCATED_KINDS.to_vec()
        } else {
            self.kinds.clone()
        }
    }
}

/// Every charge and allocation rule of a company, as finance keeps them in
/// the organisation file: stored with the organisation, read by the month
/// P&L and the close. Order matters for allocations (step-down).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// Internal charge rules, all versions.
    pub charges: Vec<ChargeRule>,
    /// Allocation rules, all versions, in the order they are applied.
    pub allocations: Vec<AllocationRule>,
}

impl Rules {
    /// Adds or replaces rules by (code, from): a rule version is identified
    /// by its code and first day, so re-stating it (e.g. with a `to`) updates
    /// it in place, and a new `from` adds a version. Order is kept; new
    /// rules go last.
    pub fn merge(&mut self, incoming: Rules) {
        for r in incoming.charges {
            match self.charges.iter_mut().find(|c| c.code == r.code && c.range.from == r.range.from) {
                Some(slot) => *slot = r,
                None => self.charges.push(r),
            }
        }
        for r in incoming.allocations {
            match self.allocations.iter_mut().find(|a| a.code == r.code && a.range.from == r.range.from) {
                Some(slot) => *slot = r,
                None => self.allocations.push(r),
            }
        }
    }

    /// Whether there are no rules at all.
    pub fn is_empty(&self) -> bool {
        self.charges.is_empty() && self.allocations.is_empty()
    }
}

/// A rule that cannot be applied, naming the rule and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// A unit code the organisation does not have (or that is outside the tree).
    #[error("rule '{rule}': {field} names unknown unit '{unit}'")]
    UnknownUnit {
        /// Rule code.
        rule: String,
        /// Field naming the unit.
        field: &'static str,
        /// The unknown code.
        unit: String,
    },
    /// The provider also appears as a user: it would charge itself.
    #[error("rule '{rule}': provider '{unit}' is also listed as a user")]
    ProviderIsUser {
        /// Rule code.
        rule: String,
        /// The unit.
        unit: String,
    },
    /// A rate, percentage, amount or share is negative or too large.
    #[error("rule '{rule}': {field} {value} must be between 0 and {MAX_RULE_FIGURE}")]
    FigureOutOfRange {
        /// Rule code.
        rule: String,
        /// Which figure.
        field: &'static str,
        /// Its value.
        value: Decimal,
    },
    /// A fixed amount with sub-cent digits cannot be split exactly.
    #[error("rule '{rule}': amount {amount} is not a whole number of cents")]
    NotCents {
        /// Rule code.
        rule: String,
        /// The amount.
        amount: Decimal,
    },
    /// Two versions of one rule apply on the same day.
    #[error("rule '{rule}': versions {first} and {second} overlap (end one before the next starts)")]
    OverlappingVersions {
        /// Rule code.
        rule: String,
        /// Earlier version's range.
        first: EffectiveRange,
        /// Later version's range.
        second: EffectiveRange,
    },
    /// Two allocation rules share a source, a kind and a day: the cost would
    /// be allocated twice.
    #[error(
        "rules '{rule}' and '{other}' both allocate {kind} of '{source_unit}' on overlapping days; give them distinct kinds or ranges"
    )]
    DoubleAllocation {
        /// Later rule.
        rule: String,
        /// Earlier rule.
        other: String,
        /// Shared source.
        source_unit: String,
        /// A kind both allocate.
        kind: FactKind,
    },
    /// An allocation rule names a kind that is not a P&L amount.
    #[error("rule '{rule}': kind '{kind}' does not enter the P&L and cannot be allocated")]
    KindNotAllocatable {
        /// Rule code.
        rule: String,
        /// The kind.
        kind: FactKind,
    },
}

impl RuleError {
    /// Code of the rule at fault, so the engine can skip exactly that rule.
    pub fn rule(&self) -> &str {
        match self {
            RuleError::UnknownUnit { rule, .. }
            | RuleError::ProviderIsUser { rule, .. }
            | RuleError::FigureOutOfRange { rule, .. }
            | RuleError::NotCents { rule, .. }
            | RuleError::OverlappingVersions { rule, .. }
            | RuleError::DoubleAllocation { rule, .. }
            | RuleError::KindNotAllocatable { rule, .. } => rule,
        }
    }
}

fn check_figure(errors: &mut Vec<RuleError>, rule: &str, field: &'static str, value: Decimal) {
    if value.is_sign_negative() && !value.is_zero() || value > MAX_RULE_FIGURE {
        errors.push(RuleError::FigureOutOfRange { rule: rule.to_string(), field, value });
    }
}

fn check_versions<'a>(errors: &mut Vec<RuleError>, versions: impl Iterator<Item = (&'a str, EffectiveRange)>) {
    let all: Vec<(&str, EffectiveRange)> = versions.collect();
    for (i, (code, range)) in all.iter().enumerate() {
        if let Some((_, earlier)) = all.iter().take(i).find(|(c, r)| c == code && r.overlaps(range)) {
            errors.push(RuleError::OverlappingVersions { rule: code.to_string(), first: *earlier, second: *range });
        }
    }
}

/// Checks charge rules against the units that exist. Returns every problem;
/// the engine skips a rule with any problem and reports why.
pub fn validate_charge_rules(rules: &[ChargeRule], is_unit: impl Fn(&str) -> bool) -> Vec<RuleError> {
    let mut errors = Vec::new();
    for r in rules {
        if !is_unit(&r.provider) {
            errors.push(RuleError::UnknownUnit { rule: r.code.clone(), field: "provider", unit: r.provider.clone() });
        }
        for u in &r.users {
            if !is_unit(u) {
                errors.push(RuleError::UnknownUnit { rule: r.code.clone(), field: "users", unit: u.clone() });
            }
            if *u == r.provider {
                errors.push(RuleError::ProviderIsUser { rule: r.code.clone(), unit: u.clone() });
            }
        }
        match &r.basis {
            ChargeBasis::PerUnitShipped { rate } | ChargeBasis::PerOrder { rate } | ChargeBasis::PerListing { rate } => {
                check_figure(&mut errors, &r.code, "rate", *rate)
            }
            ChargeBasis::PercentOfSales { percent } => check_figure(&mut errors, &r.code, "percent", *percent),
            ChargeBasis::FixedPerMonth { amount, .. } => {
                check_figure(&mut errors, &r.code, "amount", *amount);
                if amount.round_dp(crate::money::MONEY_DP) != *amount {
                    errors.push(RuleError::NotCents { rule: r.code.clone(), amount: *amount });
                }
            }
        }
    }
    check_versions(&mut errors, rules.iter().map(|r| (r.code.as_str(), r.range)));
    errors
}

/// Checks allocation rules against the units that exist. Returns every
/// problem; the engine skips a rule with any problem and reports why.
pub fn validate_allocation_rules(rules: &[AllocationRule], is_unit: impl Fn(&str) -> bool) -> Vec<RuleError> {
    let mut errors = Vec::new();
    for r in rules {
        if !is_unit(&r.source) {
            errors.push(RuleError::UnknownUnit { rule: r.code.clone(), field: "source", unit: r.source.clone() });
        }
        for t in &r.targets {
            if !is_unit(t) {
                errors.push(RuleError::UnknownUnit { rule: r.code.clone(), field: "targets", unit: t.clone() });
            }
        }
        for k in &r.kinds {
            if !k.affects_profit() {
                errors.push(RuleError::KindNotAllocatable { rule: r.code.clone(), kind: *k });
            }
        }
        if let Driver::FixedShares(shares) = &r.driver {
            for (unit, share) in shares {
                if !is_unit(unit) {
                    errors.push(RuleError::UnknownUnit { rule: r.code.clone(), field: "fixed_shares", unit: unit.clone() });
                }
                check_figure(&mut errors, &r.code, "share", *share);
            }
        }
    }
    check_versions(&mut errors, rules.iter().map(|r| (r.code.as_str(), r.range)));
    for (i, r) in rules.iter().enumerate() {
        let kinds = r.effective_kinds();
        let clash = rules.iter().take(i).find_map(|o| {
            let overlapping = o.code != r.code && o.source == r.source && o.range.overlaps(&r.range);
            overlapping.then(|| kinds.iter().find(|k| o.effective_kinds().contains(k)).map(|k| (o, *k))).flatten()
        });
        if let Some((o, kind)) = clash {
            errors.push(RuleError::DoubleAllocation { rule: r.code.clone(), other: o.code.clone(), source_unit: r.source.clone(), kind });
        }
    }
    errors
}

/// The days of `month` on which `range` applies, in order (at most 31).
pub fn active_days(range: &EffectiveRange, month: crate::period::Month) -> Vec<NaiveDate> {
    month_days(month).into_iter().filter(|d| range.contains(*d)).collect()
}

/// Every day of a month, in order (at most 31).
pub fn month_days(month: crate::period::Month) -> Vec<NaiveDate> {
    let first = month.first_day();
    first.iter_days().take(month.days() as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Month;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn charge(code: &str, basis: ChargeBasis, range: EffectiveRange) -> ChargeRule {
        ChargeRule { code: code.into(), provider: "WH".into(), users: vec!["A".into()], basis, range }
    }

    #[test]
    fn charge_rules_report_every_problem() {
        let known = |u: &str| ["WH", "A"].contains(&u);
        let mut bad = charge("R1", ChargeBasis::PerOrder { rate: dec!(-1) }, EffectiveRange::since(d("2026-01-01")));
        bad.users.push("WH".into());
        bad.users.push("ZZ".into());
        let fixed = charge(
            "R2",
            ChargeBasis::FixedPerMonth { amount: dec!(10.001), split: FixedSplit::Equal },
            EffectiveRange::since(d("2026-01-01")),
        );
        let v1 = charge("R3", ChargeBasis::PerOrder { rate: dec!(1) }, EffectiveRange::since(d("2026-01-01")));
        let v2 = charge("R3", ChargeBasis::PerOrder { rate: dec!(2) }, EffectiveRange::since(d("2026-06-01")));
        let errors = validate_charge_rules(&[bad, fixed, v1, v2], known);
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(errors.iter().any(|e| matches!(e, RuleError::ProviderIsUser { .. })));
        assert!(errors.iter().any(|e| matches!(e, RuleError::UnknownUnit { unit, .. } if unit == "ZZ")));
        assert!(errors.iter().any(|e| matches!(e, RuleError::FigureOutOfRange { .. })));
        assert!(errors.iter().any(|e| matches!(e, RuleError::NotCents { .. })));
        assert!(errors.iter().any(|e| matches!(e, RuleError::OverlappingVersions { .. })));
    }

    #[test]
    fn successive_versions_are_fine() {
        let v1 = charge("R", ChargeBasis::PerOrder { rate: dec!(1) }, EffectiveRange::new(d("2026-01-01"), Some(d("2026-05-31"))).unwrap());
        let v2 = charge("R", ChargeBasis::PerOrder { rate: dec!(2) }, EffectiveRange::since(d("2026-06-01")));
        assert!(validate_charge_rules(&[v1, v2], |_| true).is_empty());
    }

    #[test]
    fn allocation_rules_check_kinds_and_shares() {
        let r = AllocationRule {
            code: "RENT".into(),
            source: "HQ".into(),
            kinds: vec![FactKind::Tax],
            targets: vec![],
            driver: Driver::FixedShares(vec![("A".into(), dec!(-1)), ("Q".into(), dec!(1))]),
            range: EffectiveRange::since(d("2026-01-01")),
        };
        let errors = validate_allocation_rules(&[r], |u| u != "Q");
        assert_eq!(errors.len(), 3, "{errors:?}");
        let msg = errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n");
        assert!(msg.contains("rule 'RENT'"), "{msg}");
    }

    #[test]
    fn the_same_cost_cannot_be_allocated_twice() {
        let rent = AllocationRule {
            code: "RENT".into(),
            source: "HQ".into(),
            kinds: vec![FactKind::OtherExpense],
            targets: vec![],
            driver: Driver::Area,
            range: EffectiveRange::since(d("2026-01-01")),
        };
        let mgmt = AllocationRule { code: "MGMT".into(), kinds: vec![], driver: Driver::Headcount, ..rent.clone() };
        let errors = validate_allocation_rules(&[rent.clone(), mgmt.clone()], |_| true);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].rule(), "MGMT");
        let ads = AllocationRule { kinds: vec![FactKind::AdSpend], ..mgmt.clone() };
        assert!(validate_allocation_rules(&[rent.clone(), ads], |_| true).is_empty());
        let later = AllocationRule { range: EffectiveRange::since(d("2027-01-01")), ..mgmt };
        let earlier = AllocationRule { range: EffectiveRange::new(d("2026-01-01"), Some(d("2026-12-31"))).unwrap(), ..rent };
        assert!(validate_allocation_rules(&[earlier, later], |_| true).is_empty());
    }

    #[test]
    fn default_kinds_are_expenses_only() {
        let r = AllocationRule {
            code: "X".into(),
            source: "HQ".into(),
            kinds: vec![],
            targets: vec![],
            driver: Driver::Headcount,
            range: EffectiveRange::since(d("2026-01-01")),
        };
        let kinds = r.effective_kinds();
        assert!(!kinds.contains(&FactKind::Sale) && !kinds.contains(&FactKind::Allocation));
        assert!(kinds.contains(&FactKind::OtherExpense));
    }

    #[test]
    fn rules_merge_by_code_and_first_day_keeping_order() {
        let v1 = charge("R", ChargeBasis::PerOrder { rate: dec!(1) }, EffectiveRange::since(d("2026-01-01")));
        let other = charge("S", ChargeBasis::PerOrder { rate: dec!(5) }, EffectiveRange::since(d("2026-01-01")));
        let mut rules = Rules { charges: vec![v1.clone(), other.clone()], allocations: vec![] };
        let ended = ChargeRule { range: EffectiveRange::new(d("2026-01-01"), Some(d("2026-05-31"))).unwrap(), ..v1.clone() };
        let v2 = charge("R", ChargeBasis::PerOrder { rate: dec!(2) }, EffectiveRange::since(d("2026-06-01")));
        rules.merge(Rules { charges: vec![ended.clone(), v2.clone()], allocations: vec![] });
        assert_eq!(rules.charges, vec![ended, other, v2]);
        assert!(!rules.is_empty() && Rules::default().is_empty());
    }

    #[test]
    fn active_days_clip_to_the_range() {
        let m: Month = "2026-02".parse().unwrap();
        assert_eq!(month_days(m).len(), 28);
        let r = EffectiveRange::new(d("2026-01-20"), Some(d("2026-02-10"))).unwrap();
        let days = active_days(&r, m);
        assert_eq!(days.len(), 10);
        assert_eq!(days[0], d("2026-02-01"));
    }
}

#[cfg(test)]
mod describe_tests {
    use super::*;
    use crate::Lang;
    use rust_decimal_macros::dec;

    #[test]
    fn bases_and_drivers_have_names_not_codes() {
        let b = ChargeBasis::PercentOfSales { percent: dec!(1.5) };
        assert_eq!((b.describe(Lang::Zh).as_str(), b.describe(Lang::En).as_str()), ("销售额的 1.5%", "1.5% of sales"));
        let b = ChargeBasis::PerUnitShipped { rate: dec!(2.80) };
        assert_eq!(b.describe(Lang::Zh), "每发出一件 2.80");
        let f = ChargeBasis::FixedPerMonth { amount: dec!(9000), split: FixedSplit::Equal };
        assert_eq!(f.describe(Lang::Zh), "每月固定 9000，平均分摊");
        assert_eq!(Driver::Area.describe(Lang::Zh), "按面积");
        assert_eq!(Driver::FixedShares(vec![("A".into(), dec!(2))]).describe(Lang::En), "fixed shares A:2");
        for d in [Driver::Headcount, Driver::Sales, Driver::Hours, Driver::Area] {
            assert!(!d.describe(Lang::Zh).contains(d.name()), "{}", d.name());
        }
    }
}
