//! What is wrong with an organisation, as data: the org file's refusal on
//! the admin page, the API and the CLI renders the same [`OrgProblem`] in
//! the reader's language, with a stable [`OrgProblem::code`].

use crate::credit::ScopeKey;
use crate::dates::EffectiveRange;
use crate::Lang;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::fmt;

/// One kind of problem [`super::Org::validate`] finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgProblem {
    /// A code or name is blank.
    Empty,
    /// Not an IANA time zone.
    NotTimeZone {
        /// What was given.
        value: String,
        /// A zone to show as an example.
        example: &'static str,
    },
    /// Two entities of one list share a code.
    UsedTwice {
        /// The code.
        code: String,
    },
    /// A custom role took a standard role's code.
    StandardRoleCode {
        /// The code.
        code: String,
    },
    /// A unit code that does not exist.
    UnknownUnit {
        /// The code.
        code: String,
    },
    /// A person code that does not exist.
    UnknownPerson {
        /// The code.
        code: String,
    },
    /// A role code that is neither standard nor declared.
    UnknownRole {
        /// The code.
        code: String,
    },
    /// A parent that would make a unit its own ancestor.
    Cycle {
        /// The parent named.
        parent: String,
        /// The unit.
        unit: String,
    },
    /// A figure that must not be negative is.
    Negative,
    /// A coefficient that must be above zero is not.
    CoefficientNotPositive {
        /// The value.
        value: Decimal,
    },
    /// A person holds the same role twice at once.
    AssignmentOverlap {
        /// The person.
        person: String,
        /// The role.
        role: String,
        /// The unit of the earlier assignment.
        unit: String,
        /// The earlier assignment's dates.
        range: String,
    },
    /// A unit would have two leaders at once.
    SecondLeader {
        /// The unit.
        unit: String,
        /// The leader already there.
        person: String,
        /// Their dates.
        range: String,
    },
    /// A project member's share is negative.
    NegativeShare {
        /// The member.
        person: String,
    },
    /// Two owners of one store or SKU overlap.
    OwnershipOverlap {
        /// The later owner.
        unit: String,
        /// Its dates.
        range: String,
    },
    /// A store without an owning unit.
    StoreWithoutOwner,
    /// A store's third-party operator is an employee.
    OperatorIsEmployee {
        /// The person.
        person: String,
    },
    /// A SKU cost is negative.
    NegativeCost {
        /// First day of the cost.
        from: NaiveDate,
    },
    /// Two SKU costs start on one day.
    TwoCostsStart {
        /// The day.
        from: NaiveDate,
    },
    /// A store code that does not exist.
    UnknownStore {
        /// The code.
        code: String,
    },
    /// A SKU code that does not exist.
    UnknownSku {
        /// The code.
        code: String,
    },
    /// A credit share at or below 0 or above 1 (100 %).
    ShareOutOfRange {
        /// The share given.
        value: Decimal,
    },
    /// A responsibility without a store or a SKU.
    EmptyScope,
    /// A store × SKU set with more SKUs than accepted.
    TooManySkus {
        /// SKUs listed.
        found: usize,
        /// Most accepted.
        max: usize,
    },
    /// The shares of one scope and role do not sum to 100 % on some days.
    SharesNot100 {
        /// The elementary scope.
        scope: ScopeKey,
        /// The role.
        role: String,
        /// The days (as ranges) where the sum is not 100 %, with the sum.
        days: Vec<(EffectiveRange, Decimal)>,
        /// Other elementary scopes with the same problem from the same
        /// rules (the other SKUs of a set), not listed one by one.
        also: usize,
    },
    /// More responsibilities for one scope and role than accepted.
    TooManyResponsibilities {
        /// The elementary scope.
        scope: ScopeKey,
        /// The role.
        role: String,
        /// Most accepted.
        max: usize,
    },
    /// Two owners of one customer at once.
    CustomerOwnerOverlap {
        /// The customer.
        customer: String,
        /// The owner already there.
        person: String,
        /// Their dates.
        range: String,
    },
    /// One customer marked key account twice over overlapping dates.
    KeyAccountOverlap {
        /// The customer.
        customer: String,
        /// The dates of the earlier mark.
        range: String,
    },
}

/// `2026-01-01..=2026-03-31 (50%)` for each range, joined (the days a
/// share sum is wrong).
fn share_days(days: &[(EffectiveRange, Decimal)], lang: Lang) -> String {
    let parts: Vec<String> = days
        .iter()
        .map(|(r, sum)| {
            let pct = (*sum * Decimal::ONE_HUNDRED).normalize();
            match lang {
                Lang::En => format!("{r} ({pct}%)"),
                Lang::Zh => format!("{r}（合计 {pct}%）"),
            }
        })
        .collect();
    parts.join(lang.pick("、", ", "))
}

fn also_en(also: usize) -> String {
    if also == 0 {
        String::new()
    } else {
        format!(" (and {also} more SKU(s) of the same rules)")
    }
}

fn also_zh(also: usize) -> String {
    if also == 0 {
        String::new()
    } else {
        format!("（同一组规则的另外 {also} 个 SKU 也是如此）")
    }
}

impl OrgProblem {
    /// A stable snake_case id, for programs; never translated.
    pub fn code(&self) -> &'static str {
        use OrgProblem::*;
        match self {
            Empty => "empty",
            NotTimeZone { .. } => "not_time_zone",
            UsedTwice { .. } => "used_twice",
            StandardRoleCode { .. } => "standard_role_code",
            UnknownUnit { .. } => "unknown_unit",
            UnknownPerson { .. } => "unknown_person",
            UnknownRole { .. } => "unknown_role",
            Cycle { .. } => "cycle",
            Negative => "negative",
            CoefficientNotPositive { .. } => "coefficient_not_positive",
            AssignmentOverlap { .. } => "assignment_overlap",
            SecondLeader { .. } => "second_leader",
            NegativeShare { .. } => "negative_share",
            OwnershipOverlap { .. } => "ownership_overlap",
            StoreWithoutOwner => "store_without_owner",
            OperatorIsEmployee { .. } => "operator_is_employee",
            NegativeCost { .. } => "negative_cost",
            TwoCostsStart { .. } => "two_costs_start",
            UnknownStore { .. } => "unknown_store",
            UnknownSku { .. } => "unknown_sku",
            ShareOutOfRange { .. } => "share_out_of_range",
            EmptyScope => "empty_scope",
            TooManySkus { .. } => "too_many_skus",
            SharesNot100 { .. } => "shares_not_100",
            TooManyResponsibilities { .. } => "too_many_responsibilities",
            CustomerOwnerOverlap { .. } => "customer_owner_overlap",
            KeyAccountOverlap { .. } => "key_account_overlap",
        }
    }

    /// The problem as a sentence in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        use OrgProblem::*;
        match self {
            Empty => "must not be empty".into(),
            NotTimeZone { value, example } => format!("'{value}' is not an IANA time zone (e.g. {example})"),
            UsedTwice { code } => format!("'{code}' is used twice"),
            StandardRoleCode { code } => format!("'{code}' is a standard role; custom roles need their own code"),
            UnknownUnit { code } => format!("unknown unit '{code}'"),
            UnknownPerson { code } => format!("unknown person '{code}'"),
            UnknownRole { code } => format!("unknown role '{code}' (declare custom roles under [[roles]])"),
            Cycle { parent, unit } => format!("'{parent}' makes a cycle: unit '{unit}' would be its own ancestor"),
            Negative => "must not be negative".into(),
            CoefficientNotPositive { value } => format!("must be greater than 0, got {value}"),
            AssignmentOverlap { person, role, unit, range } => format!(
                "overlaps an existing assignment: {person} already holds role '{role}' in '{unit}' over {range}; \
                 end that one first (switching role is a new assignment)"
            ),
            SecondLeader { unit, person, range } => format!("unit '{unit}' already has leader {person} over {range}"),
            NegativeShare { person } => format!("share of '{person}' must not be negative"),
            OwnershipOverlap { unit, range } => format!("ownership by '{unit}' over {range} overlaps another owner"),
            StoreWithoutOwner => "a store must belong to a unit".into(),
            OperatorIsEmployee { person } => format!("'{person}' is an employee; a store operator must be an external person"),
            NegativeCost { from } => format!("cost from {from} must not be negative"),
            TwoCostsStart { from } => format!("two costs start on {from}"),
            UnknownStore { code } => format!("unknown store '{code}'"),
            UnknownSku { code } => format!("unknown SKU '{code}'"),
            ShareOutOfRange { value } => format!("share must be above 0 and at most 100% (write 50% or 0.5), got {value}"),
            EmptyScope => "a responsibility needs a store, a sku, or a store with skus".into(),
            TooManySkus { found, max } => format!("{found} SKUs in one set; at most {max}"),
            SharesNot100 { scope, role, days, also } => format!(
                "the shares of role '{role}' for {} do not sum to 100% on {}{}",
                scope.render(Lang::En),
                share_days(days, Lang::En),
                also_en(*also)
            ),
            TooManyResponsibilities { scope, role, max } => {
                format!("more than {max} responsibilities of role '{role}' for {}", scope.render(Lang::En))
            }
            CustomerOwnerOverlap { customer, person, range } => {
                format!("customer '{customer}' is already owned by {person} over {range}; end that ownership first")
            }
            KeyAccountOverlap { customer, range } => format!("customer '{customer}' is already a key account over {range}"),
        }
    }

    fn chinese(&self) -> String {
        use OrgProblem::*;
        match self {
            Empty => "不能为空".into(),
            NotTimeZone { value, example } => format!("'{value}' 不是 IANA 时区（例如 {example}）"),
            UsedTwice { code } => format!("'{code}' 用了两次"),
            StandardRoleCode { code } => format!("'{code}' 是标准角色；自定义角色需要自己的代码"),
            UnknownUnit { code } => format!("未知的巴 '{code}'"),
            UnknownPerson { code } => format!("未知人员 '{code}'"),
            UnknownRole { code } => format!("未知角色 '{code}'（自定义角色请在 [[roles]] 中声明）"),
            Cycle { parent, unit } => format!("上级 '{parent}' 会形成环：巴 '{unit}' 将成为自己的上级"),
            Negative => "不能为负数".into(),
            CoefficientNotPositive { value } => format!("必须大于 0，实际为 {value}"),
            AssignmentOverlap { person, role, unit, range } => {
                format!("与已有任职重叠：{person} 在 {range} 期间已在 '{unit}' 担任 '{role}'；请先结束那一段（换角色是一段新的任职）")
            }
            SecondLeader { unit, person, range } => format!("巴 '{unit}' 在 {range} 期间已由 {person} 担任巴长"),
            NegativeShare { person } => format!("'{person}' 的份额不能为负数"),
            OwnershipOverlap { unit, range } => format!("'{unit}' 在 {range} 的归属与另一归属重叠"),
            StoreWithoutOwner => "店铺必须属于一个巴".into(),
            OperatorIsEmployee { person } => format!("'{person}' 是本公司员工；店铺的代运营必须是外部人员"),
            NegativeCost { from } => format!("自 {from} 起的成本不能为负数"),
            TwoCostsStart { from } => format!("有两条成本都从 {from} 开始"),
            UnknownStore { code } => format!("未知店铺 '{code}'"),
            UnknownSku { code } => format!("未知 SKU '{code}'"),
            ShareOutOfRange { value } => format!("份额必须大于 0 且不超过 100%（写成 50% 或 0.5），实际为 {value}"),
            EmptyScope => "业绩归属需要店铺、SKU，或店铺加 SKU 列表".into(),
            TooManySkus { found, max } => format!("一组列了 {found} 个 SKU；最多 {max} 个"),
            SharesNot100 { scope, role, days, also } => {
                format!("{} 的角色 '{role}' 份额在 {} 合计不是 100%{}", scope.render(Lang::Zh), share_days(days, Lang::Zh), also_zh(*also))
            }
            TooManyResponsibilities { scope, role, max } => {
                format!("{} 的角色 '{role}' 业绩归属超过 {max} 条", scope.render(Lang::Zh))
            }
            CustomerOwnerOverlap { customer, person, range } => {
                format!("客户 '{customer}' 在 {range} 期间已归属 {person}；请先结束那一段归属")
            }
            KeyAccountOverlap { customer, range } => format!("客户 '{customer}' 在 {range} 期间已标记为大客户"),
        }
    }
}

impl fmt::Display for OrgProblem {
    /// The English rendering (logs, the CLI's default).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> String {
        v.to_string()
    }

    #[test]
    fn every_problem_renders_in_both_languages_with_a_distinct_code() {
        use OrgProblem::*;
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("day");
        let all = vec![
            Empty,
            NotTimeZone { value: s("Mars"), example: "Asia/Shanghai" },
            UsedTwice { code: s("A") },
            StandardRoleCode { code: s("operator") },
            UnknownUnit { code: s("U") },
            UnknownPerson { code: s("P") },
            UnknownRole { code: s("R") },
            Cycle { parent: s("B"), unit: s("A") },
            Negative,
            CoefficientNotPositive { value: Decimal::ZERO },
            AssignmentOverlap { person: s("P"), role: s("R"), unit: s("U"), range: s("2026-01-01..") },
            SecondLeader { unit: s("U"), person: s("P"), range: s("2026-01-01..") },
            NegativeShare { person: s("P") },
            OwnershipOverlap { unit: s("U"), range: s("2026-01-01..") },
            StoreWithoutOwner,
            OperatorIsEmployee { person: s("P") },
            NegativeCost { from: day },
            TwoCostsStart { from: day },
            UnknownStore { code: s("S") },
            UnknownSku { code: s("K") },
            ShareOutOfRange { value: Decimal::TWO },
            EmptyScope,
            TooManySkus { found: 3, max: 2 },
            SharesNot100 {
                scope: ScopeKey::StoreSku(s("S"), s("K")),
                role: s("operator"),
                days: vec![(EffectiveRange::since(day), Decimal::new(5, 1))],
                also: 2,
            },
            TooManyResponsibilities { scope: ScopeKey::Store(s("S")), role: s("operator"), max: 64 },
            CustomerOwnerOverlap { customer: s("C"), person: s("P"), range: s("2026-01-01..") },
            KeyAccountOverlap { customer: s("C"), range: s("2026-01-01..") },
        ];
        let mut codes: Vec<&str> = all.iter().map(OrgProblem::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        let chinese = |t: &str| t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for p in all {
            assert!(chinese(&p.render(Lang::Zh)), "{p:?}");
            assert!(!chinese(&p.render(Lang::En)), "{p:?}");
        }
    }
}
