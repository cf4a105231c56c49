//! Whole-organisation validation: every problem, each pinned to the entity,
//! its index and the field, so importers can report file lines.

use super::model::*;
use super::problem::OrgProblem;
use super::roles::standard_role;
use crate::credit::validate::{validate_credit, Known};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One problem found in an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgError {
    /// Entity list the problem is in (`units`, `assignments`, `stores`…).
    pub entity: &'static str,
    /// Position in that list.
    pub index: usize,
    /// Field at fault.
    pub field: &'static str,
    /// What is wrong and what was expected.
    pub problem: OrgProblem,
}

impl OrgError {
    /// The problem in English (logs, tests).
    pub fn message(&self) -> String {
        self.problem.to_string()
    }
}

impl fmt::Display for OrgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}].{}: {}", self.entity, self.index, self.field, self.problem)
    }
}

impl Org {
    /// Checks every rule of the organisation and returns all violations
    /// (empty when the organisation is consistent), the credit rules
    /// included (`credit::validate`).
    pub fn validate(&self) -> Vec<OrgError> {
        let mut v = Validator { errors: Vec::new() };
        v.company(&self.company);
        let unit_codes = v.unique("units", self.units.iter().map(|u| u.code.as_str()));
        let person_codes = v.unique("people", self.people.iter().map(|p| p.code.as_str()));
        v.unique("project_groups", self.project_groups.iter().map(|g| g.code.as_str()));
        let store_codes = v.unique("stores", self.stores.iter().map(|s| s.code.as_str()));
        let sku_codes = v.unique("skus", self.skus.iter().map(|s| s.code.as_str()));
        let role_codes = v.roles(&self.roles);
        v.units(&self.units, &unit_codes);
        v.assignments(self, &unit_codes, &person_codes, &role_codes);
        v.project_groups(&self.project_groups, &person_codes);
        v.stores(self, &unit_codes);
        v.skus(&self.skus, &unit_codes);
        let known = Known { people: &person_codes, roles: &role_codes, stores: &store_codes, skus: &sku_codes };
        v.errors.extend(validate_credit(&self.credit, &known));
        v.errors
    }
}

struct Validator {
    errors: Vec<OrgError>,
}

impl Validator {
    fn err(&mut self, entity: &'static str, index: usize, field: &'static str, problem: OrgProblem) {
        self.errors.push(OrgError { entity, index, field, problem });
    }

    fn company(&mut self, c: &Company) {
        if c.code.trim().is_empty() {
            self.err("company", 0, "code", OrgProblem::Empty);
        }
        if c.timezone.parse::<chrono_tz::Tz>().is_err() {
            self.err("company", 0, "timezone", OrgProblem::NotTimeZone { value: c.timezone.clone(), example: "Asia/Shanghai" });
        }
    }

    fn unique<'a>(&mut self, entity: &'static str, codes: impl Iterator<Item = &'a str>) -> HashSet<String> {
        let mut seen = HashSet::new();
        for (i, code) in codes.enumerate() {
            if code.trim().is_empty() {
                self.err(entity, i, "code", OrgProblem::Empty);
            } else if !seen.insert(code.to_string()) {
                self.err(entity, i, "code", OrgProblem::UsedTwice { code: code.to_string() });
            }
        }
        seen
    }

    fn roles(&mut self, roles: &[CustomRole]) -> HashSet<String> {
        let mut codes = self.unique("roles", roles.iter().map(|r| r.code.as_str()));
        for (i, r) in roles.iter().enumerate() {
            if standard_role(&r.code).is_some() {
                self.err("roles", i, "code", OrgProblem::StandardRoleCode { code: r.code.clone() });
            }
        }
        codes.extend(super::STANDARD_ROLES.iter().map(|r| r.code.to_string()));
        codes
    }

    fn units(&mut self, units: &[Unit], unit_codes: &HashSet<String>) {
        let parent_of: HashMap<&str, &str> = units.iter().filter_map(|u| u.parent.as_deref().map(|p| (u.code.as_str(), p))).collect();
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = &u.parent {
                if !unit_codes.contains(p) {
                    self.err("units", i, "parent", OrgProblem::UnknownUnit { code: p.clone() });
                    continue;
                }
                // Walk up; reaching ourselves again means a cycle.
                let mut cur = p.as_str();
                let mut steps = 0usize;
                while let Some(next) = parent_of.get(cur) {
                    if cur == u.code {
                        break;
                    }
                    cur = next;
                    steps += 1;
                    if steps > units.len() {
                        break;
                    }
                }
                if cur == u.code || steps > units.len() {
                    self.err("units", i, "parent", OrgProblem::Cycle { parent: p.clone(), unit: u.code.clone() });
                }
            }
            if let Some(a) = u.area_m2 {
                if a.is_sign_negative() {
                    self.err("units", i, "area_m2", OrgProblem::Negative);
                }
            }
        }
    }

    fn assignments(&mut self, org: &Org, unit_codes: &HashSet<String>, person_codes: &HashSet<String>, role_codes: &HashSet<String>) {
        let list = &org.assignments;
        let mut by_person: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut leaders_by_unit: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in list.iter().enumerate() {
            if !person_codes.contains(&a.person) {
                self.err("assignments", i, "person", OrgProblem::UnknownPerson { code: a.person.clone() });
            }
            if !unit_codes.contains(&a.unit) {
                self.err("assignments", i, "unit", OrgProblem::UnknownUnit { code: a.unit.clone() });
            }
            if !role_codes.contains(&a.role) {
                self.err("assignments", i, "role", OrgProblem::UnknownRole { code: a.role.clone() });
            }
            if a.coefficient <= rust_decimal::Decimal::ZERO {
                self.err("assignments", i, "coefficient", OrgProblem::CoefficientNotPositive { value: a.coefficient });
            }
            // Only earlier assignments of the same person, or earlier leaders
            // of the same unit, can clash; visiting just those (in index order,
            // so the problems come out as before) keeps this linear in
            // practice instead of comparing every pair.
            let same_person = by_person.get(a.person.as_str()).map(Vec::as_slice).unwrap_or_default();
            let same_unit_leaders =
                if a.leader { leaders_by_unit.get(a.unit.as_str()).map(Vec::as_slice).unwrap_or_default() } else { &[] };
            let mut earlier: Vec<usize> = same_person.iter().chain(same_unit_leaders).copied().collect();
            earlier.sort_unstable();
            earlier.dedup();
            for b in earlier.into_iter().map(|k| &list[k]) {
                if a.person == b.person && a.role == b.role && a.range.overlaps(&b.range) {
                    let problem = OrgProblem::AssignmentOverlap {
                        person: a.person.clone(),
                        role: a.role.clone(),
                        unit: b.unit.clone(),
                        range: b.range.to_string(),
                    };
                    self.err("assignments", i, "from", problem);
                }
                if a.leader && b.leader && a.unit == b.unit && a.person != b.person && a.range.overlaps(&b.range) {
                    let problem = OrgProblem::SecondLeader { unit: a.unit.clone(), person: b.person.clone(), range: b.range.to_string() };
                    self.err("assignments", i, "leader", problem);
                }
            }
            by_person.entry(a.person.as_str()).or_default().push(i);
            if a.leader {
                leaders_by_unit.entry(a.unit.as_str()).or_default().push(i);
            }
        }
    }

    fn project_groups(&mut self, groups: &[ProjectGroup], person_codes: &HashSet<String>) {
        for (i, g) in groups.iter().enumerate() {
            for m in &g.members {
                if !person_codes.contains(&m.person) {
                    self.err("project_groups", i, "members", OrgProblem::UnknownPerson { code: m.person.clone() });
                }
                if m.share.is_sign_negative() {
                    self.err("project_groups", i, "members", OrgProblem::NegativeShare { person: m.person.clone() });
                }
            }
        }
    }

    fn ownership(&mut self, entity: &'static str, i: usize, owners: &[Ownership], unit_codes: &HashSet<String>) {
        for (k, o) in owners.iter().enumerate() {
            if !unit_codes.contains(&o.unit) {
                self.err(entity, i, "owners", OrgProblem::UnknownUnit { code: o.unit.clone() });
            }
            if owners.iter().take(k).any(|p| p.range.overlaps(&o.range)) {
                self.err(entity, i, "owners", OrgProblem::OwnershipOverlap { unit: o.unit.clone(), range: o.range.to_string() });
            }
        }
    }

    fn stores(&mut self, org: &Org, unit_codes: &HashSet<String>) {
        // First person with each code, as a front-to-back search finds it.
        let mut people: HashMap<&str, &Person> = HashMap::with_capacity(org.people.len());
        for p in &org.people {
            people.entry(p.code.as_str()).or_insert(p);
        }
        for (i, s) in org.stores.iter().enumerate() {
            if s.owners.is_empty() {
                self.err("stores", i, "owners", OrgProblem::StoreWithoutOwner);
            }
            self.ownership("stores", i, &s.owners, unit_codes);
            if s.timezone.parse::<chrono_tz::Tz>().is_err() {
                self.err("stores", i, "timezone", OrgProblem::NotTimeZone { value: s.timezone.clone(), example: "America/Los_Angeles" });
            }
            if let Some(op) = &s.operator {
                match people.get(op.as_str()) {
                    None => self.err("stores", i, "operator", OrgProblem::UnknownPerson { code: op.clone() }),
                    Some(p) if !p.external => self.err("stores", i, "operator", OrgProblem::OperatorIsEmployee { person: op.clone() }),
                    Some(_) => {}
                }
            }
        }
    }

    fn skus(&mut self, skus: &[Sku], unit_codes: &HashSet<String>) {
        for (i, s) in skus.iter().enumerate() {
            self.ownership("skus", i, &s.owners, unit_codes);
            let mut froms = HashSet::new();
            for c in &s.costs {
                if c.purchase.is_sign_negative() || c.freight.is_sign_negative() {
                    self.err("skus", i, "costs", OrgProblem::NegativeCost { from: c.from });
                }
                if !froms.insert(c.from) {
                    self.err("skus", i, "costs", OrgProblem::TwoCostsStart { from: c.from });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EffectiveRange;
    use rust_decimal::Decimal;

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    fn unit(code: &str, parent: Option<&str>) -> Unit {
        Unit {
            code: code.into(),
            name: code.into(),
            name_en: None,
            kind: UnitKind::ProfitCentre,
            function: None,
            parent: parent.map(Into::into),
            area_m2: None,
        }
    }

    fn base() -> Org {
        let mut org = Org::empty(Company::new("T", "Test"));
        org.units = vec![unit("G", None), unit("A", Some("G")), unit("B", Some("A"))];
        org.people = vec![Person { code: "p1".into(), name: "P1".into(), email: None, external: false }];
        org
    }

    fn assign(unit: &str, role: &str, from: &str, to: Option<&str>) -> Assignment {
        Assignment {
            person: "p1".into(),
            unit: unit.into(),
            role: role.into(),
            range: EffectiveRange::new(d(from), to.map(d)).unwrap(),
            coefficient: Decimal::ONE,
            leader: false,
        }
    }

    #[test]
    fn a_consistent_org_has_no_errors() {
        let mut org = base();
        org.assignments = vec![assign("A", "operator", "2026-01-01", Some("2026-03-31")), assign("B", "operator", "2026-04-01", None)];
        assert_eq!(org.validate(), vec![]);
    }

    #[test]
    fn cycles_are_refused() {
        let mut org = base();
        org.units[0].parent = Some("B".into());
        let errs = org.validate();
        assert!(errs.iter().any(|e| e.entity == "units" && e.field == "parent" && e.message().contains("cycle")), "{errs:?}");
    }

    #[test]
    fn self_parent_is_a_cycle() {
        let mut org = base();
        org.units[1].parent = Some("A".into());
        assert!(org.validate().iter().any(|e| e.message().contains("cycle")));
    }

    #[test]
    fn unknown_references_are_named() {
        let mut org = base();
        org.units[2].parent = Some("ZZ".into());
        org.assignments = vec![assign("Q", "astronaut", "2026-01-01", None)];
        let msgs: Vec<String> = org.validate().iter().map(|e| e.to_string()).collect();
        assert!(msgs.iter().any(|m| m.contains("unknown unit 'ZZ'")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("unknown unit 'Q'")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("unknown role 'astronaut'")), "{msgs:?}");
    }

    #[test]
    fn overlapping_same_role_is_refused_but_switching_is_fine() {
        let mut org = base();
        org.assignments = vec![assign("A", "operator", "2026-01-01", None), assign("B", "operator", "2026-06-01", None)];
        let errs = org.validate();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].index, 1);
        org.assignments[1].role = "marketing".into();
        assert_eq!(org.validate(), vec![]);
    }

    #[test]
    fn two_leaders_at_once_are_refused() {
        let mut org = base();
        org.people.push(Person { code: "p2".into(), name: "P2".into(), email: None, external: false });
        let mut a = assign("A", "manager", "2026-01-01", None);
        a.leader = true;
        let mut b = a.clone();
        b.person = "p2".into();
        org.assignments = vec![a, b];
        assert!(org.validate().iter().any(|e| e.field == "leader"));
    }

    #[test]
    fn store_operator_must_be_external() {
        let mut org = base();
        org.stores.push(Store {
            code: "S".into(),
            name: "S".into(),
            platform: Platform::Amazon,
            marketplace: "US".into(),
            currency: crate::money::Currency::USD,
            timezone: "America/Los_Angeles".into(),
            owners: vec![Ownership { unit: "A".into(), range: EffectiveRange::since(d("2026-01-01")) }],
            operator: Some("p1".into()),
            books_sales_from: None,
        });
        assert!(org.validate().iter().any(|e| e.field == "operator"));
        org.people[0].external = true;
        assert_eq!(org.validate(), vec![]);
    }
}

#[cfg(test)]
mod indexed_assignment_checks {
    use super::*;
    use crate::dates::EffectiveRange;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// The pairwise check the validator used before it indexed assignments by
    /// person and by leading unit: the indexed one must report the same
    /// problems in the same order.
    fn pairwise(list: &[Assignment]) -> Vec<(usize, &'static str, String)> {
        let mut out = Vec::new();
        for (i, a) in list.iter().enumerate() {
            for b in list.iter().take(i) {
                if a.person == b.person && a.role == b.role && a.range.overlaps(&b.range) {
                    let m = format!(
                        "overlaps an existing assignment: {} already holds role '{}' in '{}' over {}; end that one first (switching role is a new assignment)",
                        a.person, a.role, b.unit, b.range
                    );
                    out.push((i, "from", m));
                }
                if a.leader && b.leader && a.unit == b.unit && a.person != b.person && a.range.overlaps(&b.range) {
                    out.push((i, "leader", format!("unit '{}' already has leader {} over {}", a.unit, b.person, b.range)));
                }
            }
        }
        out
    }

    fn assignment() -> impl Strategy<Value = Assignment> {
        (0..3usize, 0..3usize, 0..2usize, 1..20u32, proptest::option::of(0..10u32), any::<bool>()).prop_map(
            |(p, u, r, from, len, leader)| {
                let day = |n: u32| chrono::NaiveDate::from_ymd_opt(2026, 1, n).expect("day");
                Assignment {
                    person: ["p1", "p2", "p3"][p].into(),
                    unit: ["A", "B", "G"][u].into(),
                    role: ["operator", "manager"][r].into(),
                    range: EffectiveRange::new(day(from), len.map(|l| day(from + l))).expect("range"),
                    coefficient: Decimal::ONE,
                    leader,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn same_problems_in_the_same_order_as_pairwise(list in proptest::collection::vec(assignment(), 0..24)) {
            let mut org = Org::empty(Company::new("T", "T"));
            for u in ["G", "A", "B"] {
                org.units.push(Unit { code: u.into(), name: u.into(), name_en: None, kind: UnitKind::ProfitCentre, function: None,
                    parent: (u != "G").then(|| "G".into()), area_m2: None });
            }
            for p in ["p1", "p2", "p3"] {
                org.people.push(Person { code: p.into(), name: p.into(), email: None, external: false });
            }
            org.assignments = list;
            let found: Vec<(usize, &'static str, String)> =
                org.validate().into_iter().filter(|e| e.entity == "assignments").map(|e| (e.index, e.field, e.message())).collect();
            prop_assert_eq!(found, pairwise(&org.assignments));
        }
    }
}
