//! Who a pool is split over and by what weight: a team's members (people
//! assigned in the team's units in the period, narrowed by role, or the
//! people named), a project's members, or a partnership's parties — each
//! with their role coefficient × days assigned (`reporting::shares`'s rule),
//! hours in the team, agreed share and review multiplier.

use super::index::Index;
use super::method::Split;
use super::partner::Party;
use super::plan::Who;
use super::text::{approx, plain};
use crate::org::{Assignment, ProjectGroup};
use crate::reporting::shares::assignment_weight;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A member of a pool.
#[derive(Debug, Clone)]
pub(crate) struct Member<'a> {
    pub person: &'a str,
    /// Σ role coefficient × days assigned in the period (in the team).
    pub coefficient_days: Decimal,
    /// Σ days assigned.
    pub days: Decimal,
    /// Roles held in the period (in the team, else anywhere).
    pub roles: BTreeSet<&'a str>,
    /// Hours worked in the team's units in the period.
    pub hours: Decimal,
    /// Agreed share (project member, partner).
    pub share: Decimal,
}

impl Member<'_> {
    /// Days-weighted role coefficient (1 when not assigned).
    pub fn coefficient(&self) -> Decimal {
        if self.days.is_zero() {
            Decimal::ONE
        } else {
            self.coefficient_days / self.days
        }
    }
}

fn days_of(idx: &Index, a: &Assignment) -> Decimal {
    let with_one = Assignment { coefficient: Decimal::ONE, ..a.clone() };
    assignment_weight(&with_one, idx.period.first_day(), idx.period.last_day())
}

fn hours_in(idx: &Index, person: &str, scope: &HashSet<&str>) -> Decimal {
    scope.iter().filter_map(|u| idx.hours.get(&(person, *u))).copied().sum()
}

/// A member from their assignments (those in `scope` if any, else all of
/// the period's, else coefficient 1 for every day of the period).
fn member<'a>(idx: &Index<'a>, person: &'a str, scope: &HashSet<&str>, share: Decimal) -> Member<'a> {
    let all: &[&Assignment] = idx.by_person.get(person).map(Vec::as_slice).unwrap_or(&[]);
    let inside: Vec<&Assignment> = all.iter().copied().filter(|a| scope.contains(a.unit.as_str())).collect();
    let used: Vec<&Assignment> = if inside.is_empty() { all.to_vec() } else { inside };
    let (first, last) = (idx.period.first_day(), idx.period.last_day());
    let mut m = Member {
        person,
        coefficient_days: used.iter().map(|a| assignment_weight(a, first, last)).sum(),
        days: used.iter().map(|a| days_of(idx, a)).sum(),
        roles: used.iter().map(|a| a.role.as_str()).collect(),
        hours: hours_in(idx, person, scope),
        share,
    };
    if m.days.is_zero() {
        m.days = Decimal::from(idx.days());
        m.coefficient_days = m.days;
    }
    m
}

/// The members of the team of `scope`: the named people when `who` names
/// any, else everyone assigned in `scope` in the period with one of
/// `who.roles` (any role when none), in person order.
pub(crate) fn team_members<'a>(idx: &Index<'a>, who: &'a Who, scope: &HashSet<&'a str>) -> Vec<Member<'a>> {
    if !who.people.is_empty() {
        let named: BTreeSet<&'a str> = who.people.iter().map(String::as_str).collect();
        return named.into_iter().map(|p| member(idx, p, scope, Decimal::ONE)).collect();
    }
    let roles: HashSet<&str> = who.roles.iter().map(String::as_str).collect();
    let (first, last) = (idx.period.first_day(), idx.period.last_day());
    let mut by: BTreeMap<&'a str, Member<'a>> = BTreeMap::new();
    let mut units: Vec<&&str> = scope.iter().collect();
    units.sort();
    for u in units {
        for a in idx.assignments.get(*u).map(Vec::as_slice).unwrap_or(&[]) {
            if !roles.is_empty() && !roles.contains(a.role.as_str()) {
                continue;
            }
            let m = by.entry(a.person.as_str()).or_insert_with(|| Member {
                person: a.person.as_str(),
                coefficient_days: Decimal::ZERO,
                days: Decimal::ZERO,
                roles: BTreeSet::new(),
                hours: hours_in(idx, a.person.as_str(), scope),
                share: Decimal::ONE,
            });
            m.coefficient_days += assignment_weight(a, first, last);
            m.days += days_of(idx, a);
            m.roles.insert(a.role.as_str());
        }
    }
    by.into_values().filter(|m| !m.days.is_zero()).collect()
}

/// The members of a project group in force in the period, with their shares.
pub(crate) fn project_members<'a>(idx: &Index<'a>, group: &'a ProjectGroup, scope: &HashSet<&'a str>) -> Vec<Member<'a>> {
    let (first, last) = (idx.period.first_day(), idx.period.last_day());
    if group.range.from > last || group.range.to.is_some_and(|t| t < first) {
        return Vec::new();
    }
    let mut by: BTreeMap<&'a str, Decimal> = BTreeMap::new();
    for m in &group.members {
        *by.entry(m.person.as_str()).or_default() += m.share;
    }
    by.into_iter().map(|(p, share)| member(idx, p, scope, share)).collect()
}

/// The parties of a partnership, with their shares.
pub(crate) fn party_members<'a>(idx: &Index<'a>, parties: &'a [Party], scope: &HashSet<&'a str>) -> Vec<Member<'a>> {
    parties.iter().map(|p| member(idx, p.person.as_str(), scope, p.share)).collect()
}

/// A member's weight under `split` (before any review multiplier), and
/// how it is written on the statement (zh, en).
pub(crate) fn weight(m: &Member, split: Split, result: Decimal) -> (Decimal, String, String) {
    match split {
        Split::ResultShare => {
            let w = result.max(Decimal::ZERO);
            (w, format!("业绩 {}", plain(w)), format!("result {}", plain(w)))
        }
        Split::Coefficient => (
            m.coefficient_days,
            format!("系数 {} × {} 天", approx(m.coefficient()), plain(m.days)),
            format!("coefficient {} × {} days", approx(m.coefficient()), plain(m.days)),
        ),
        Split::CoefficientHours => (
            m.coefficient() * m.hours,
            format!("系数 {} × {} 小时", approx(m.coefficient()), plain(m.hours)),
            format!("coefficient {} × {} h", approx(m.coefficient()), plain(m.hours)),
        ),
        Split::Equal => (Decimal::ONE, "均分 1".into(), "equal 1".into()),
        Split::ProjectShares => (m.share, format!("约定份额 {}", plain(m.share)), format!("agreed share {}", plain(m.share))),
    }
}
