//! The access policy — the one place that says who may see what — as a
//! handle: a [`Viewer`] is built from a login and the organisation, and the
//! only way to get at a unit, a person or a store for showing is to ask it
//! (`viewer.unit(code)?`). A use case that takes a [`Seen`] object cannot be
//! called for an object the viewer may not see, so a new page cannot forget
//! the check.
//!
//! * owner / finance: everything;
//! * leader: every unit in the subtree under their unit, the people who hold
//!   (or held) a role there, and the stores those units own (or owned);
//! * member: the public board, their own page, and the units they belong (or
//!   belonged) to with those units' stores — in amoeba management a member
//!   knows their own amoeba's accounts;
//! * third-party operator: their one store, nothing else (not even the board);
//! * labour cost and hours: per person for owner/finance only; anyone else
//!   sees unit totals ([`Viewer::pay_grain`]);
//! * pay statements: a person's own, and everyone's for owner/finance
//!   ([`Viewer::pay_of`]); a leader sees the pools of their units
//!   ([`Viewer::sees_pool`]), never a colleague's statement.
//!
//! History counts ("or held"): a P&L of last March is about the people and
//! stores of last March. An object outside the policy is answered like an
//! object that does not exist ([`NotVisible`]), so codes cannot be probed.

use super::{Role, User};
use crate::org::{Org, Person, Store, Unit};
use crate::reporting::Problem;
use std::collections::BTreeSet;
use std::ops::Deref;

/// How finely labour and hours may be listed to the viewer. One person's
/// labour cost is seen by that person and by owner/finance only; anyone
/// else sees each unit's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PayGrain {
    /// One row per person's hours record.
    PerPerson,
    /// One row per unit (and day), summing its people.
    UnitTotals,
}

/// The object does not exist, or the viewer may not see it — the two are
/// never told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not found")]
pub struct NotVisible;

/// An object the viewer may see. Only [`Viewer`] makes one.
#[derive(Debug)]
pub struct Seen<'a, T> {
    item: &'a T,
}

impl<T> Clone for Seen<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Seen<'_, T> {}

impl<'a, T> Seen<'a, T> {
    /// The object itself, for as long as the organisation lives.
    pub fn get(&self) -> &'a T {
        self.item
    }
}

impl<T> Deref for Seen<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.item
    }
}

/// One login looking at one organisation.
#[derive(Debug, Clone)]
pub struct Viewer<'a> {
    user: &'a User,
    org: &'a Org,
    units: BTreeSet<&'a str>,
}

impl<'a> Viewer<'a> {
    /// The viewer `user` is in `org` (their visible units are worked out once).
    pub fn new(user: &'a User, org: &'a Org) -> Self {
        let units: BTreeSet<&'a str> = match user.role {
            Role::Owner => org.units.iter().map(|u| u.code.as_str()).collect(),
            Role::Leader => match user.unit.as_deref() {
                Some(root) => org.subtree(root).into_iter().map(|u| u.code.as_str()).collect(),
                None => BTreeSet::new(),
            },
            Role::Member => match user.person.as_deref() {
                Some(p) => org.assignments.iter().filter(|a| a.person == p).map(|a| a.unit.as_str()).collect(),
                None => BTreeSet::new(),
            },
            Role::ThirdParty => BTreeSet::new(),
        };
        Self { user, org, units }
    }

    /// The login.
    pub fn user(&self) -> &'a User {
        self.user
    }

    /// The organisation looked at.
    pub fn org(&self) -> &'a Org {
        self.org
    }

    /// Units whose figures the viewer may see.
    pub fn units(&self) -> &BTreeSet<&'a str> {
        &self.units
    }

    /// Whether the viewer may see the unit (for drawing a link).
    pub fn sees_unit(&self, code: &str) -> bool {
        self.units.contains(code)
    }

    /// A unit for showing its P&L and facts.
    pub fn unit(&self, code: &str) -> Result<Seen<'a, Unit>, NotVisible> {
        let unit = self.org.unit(code).ok_or(NotVisible)?;
        self.units.contains(code).then_some(Seen { item: unit }).ok_or(NotVisible)
    }

    /// Whether the viewer may see the person's page.
    pub fn sees_person(&self, code: &str) -> bool {
        self.person(code).is_ok()
    }

    /// A person for showing their page.
    pub fn person(&self, code: &str) -> Result<Seen<'a, Person>, NotVisible> {
        let person = self.org.people.iter().find(|p| p.code == code).ok_or(NotVisible)?;
        let allowed = self.user.person.as_deref() == Some(code)
            || match self.user.role {
                Role::Owner => true,
                Role::Leader => self.org.assignments.iter().any(|a| a.person == code && self.units.contains(a.unit.as_str())),
                Role::Member | Role::ThirdParty => false,
            };
        allowed.then_some(Seen { item: person }).ok_or(NotVisible)
    }

    /// Whether the viewer may see the store's page.
    pub fn sees_store(&self, code: &str) -> bool {
        self.store(code).is_ok()
    }

    /// A store for showing its page and figures.
    pub fn store(&self, code: &str) -> Result<Seen<'a, Store>, NotVisible> {
        let store = self.org.stores.iter().find(|s| s.code == code).ok_or(NotVisible)?;
        let allowed = match self.user.role {
            Role::Owner => true,
            Role::ThirdParty => self.user.store.as_deref() == Some(code),
            Role::Leader | Role::Member => store.owners.iter().any(|o| self.units.contains(o.unit.as_str())),
        };
        allowed.then_some(Seen { item: store }).ok_or(NotVisible)
    }

    /// The morning board is for the company's own staff (third-party
    /// operators see their store only).
    pub fn sees_board(&self) -> bool {
        self.user.role.sees_board()
    }

    /// Importing data and administering the organisation and logins is finance's job.
    pub fn is_owner(&self) -> bool {
        self.user.role.administers()
    }

    /// Whether the viewer may add to a unit's own library (playbook
    /// templates): the owner any unit's, a leader the units under them;
    /// members and third-party operators only read.
    pub fn edits_unit(&self, code: &str) -> bool {
        matches!(self.user.role, Role::Owner | Role::Leader) && self.units.contains(code)
    }

    /// How finely the viewer may see labour cost and hours. One person's
    /// labour cost is pay: it is seen by that person (on their own page) and
    /// by owner/finance, never by colleagues.
    pub fn pay_grain(&self) -> PayGrain {
        pay_grain(self.user.role)
    }

    /// The problems the viewer is shown: everything to owners; to anyone
    /// else those that concern a unit they may see (a problem of the company
    /// as a whole — a missing FX rate, a SKU without landed cost — is
    /// finance's to fix).
    pub fn problems(&self, problems: &[Problem]) -> Vec<Problem> {
        if self.is_owner() {
            return problems.to_vec();
        }
        problems.iter().filter(|p| p.units.iter().any(|u| self.units.contains(u.as_str()))).cloned().collect()
    }

    /// A person whose pay (statements, disputes) the viewer may see: their
    /// own, and everyone's for owner/finance. One person's pay is seen by
    /// that person and by finance, never by colleagues; a leader sees pay
    /// at the unit grain only — the pools of the units they lead
    /// ([`Viewer::sees_pool`]) — as they see labour cost ([`PayGrain`]).
    pub fn pay_of(&self, code: &str) -> Result<Seen<'a, Person>, NotVisible> {
        let person = self.org.people.iter().find(|p| p.code == code).ok_or(NotVisible)?;
        let allowed = self.user.person.as_deref() == Some(code) || self.user.role == Role::Owner;
        allowed.then_some(Seen { item: person }).ok_or(NotVisible)
    }

    /// Whether the viewer may see a pay pool of `team` (a unit, project
    /// group or SKU code): owners every pool; a leader the pools of units
    /// they may see; anyone else none (their share is on their statement).
    pub fn sees_pool(&self, team: &str) -> bool {
        match self.user.role {
            Role::Owner => true,
            Role::Leader => self.units.contains(team),
            Role::Member | Role::ThirdParty => false,
        }
    }

    /// Whether the viewer may see a credit line: owners everything; a
    /// leader the lines of units they may see (the uncredited buckets
    /// included); anyone else their own lines only.
    pub fn sees_credit(&self, line: &crate::credit::CreditLine) -> bool {
        match self.user.role {
            Role::Owner => true,
            Role::Leader => self.units.contains(line.unit.as_str()),
            Role::Member | Role::ThirdParty => line.person.is_some() && line.person == self.user.person,
        }
    }

    /// Whether the viewer enters the leader's review scores of `person` in
    /// `unit`: owner/finance anyone's; a leader those of the units under
    /// them, never their own (that score is their own leader's to give);
    /// nobody else. Whether `person` belongs to `unit` is the review's
    /// rule, not the viewer's.
    pub fn scores_review(&self, unit: &str, person: &str) -> bool {
        match self.user.role {
            Role::Owner => true,
            Role::Leader => self.units.contains(unit) && self.user.person.as_deref() != Some(person),
            Role::Member | Role::ThirdParty => false,
        }
    }

    /// Whether the viewer enters `person`'s self-review: their own only,
    /// whatever their role.
    pub fn self_reviews(&self, person: &str) -> bool {
        self.user.role != Role::ThirdParty && self.user.person.as_deref() == Some(person)
    }

    /// Where the viewer lands after login.
    pub fn landing(&self) -> String {
        landing(self.user)
    }
}

/// [`Viewer::pay_grain`] for a role.
pub fn pay_grain(role: Role) -> PayGrain {
    match role {
        Role::Owner => PayGrain::PerPerson,
        Role::Leader | Role::Member | Role::ThirdParty => PayGrain::UnitTotals,
    }
}

/// Where a user lands after login: a third-party operator on their store,
/// staff on the board.
pub fn landing(user: &User) -> String {
    match (user.role, user.store.as_deref()) {
        (Role::ThirdParty, Some(store)) => format!("/stores/{store}"),
        (Role::ThirdParty, None) => "/me".into(),
        _ => "/board".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EffectiveRange;
    use crate::org::*;
    use rust_decimal::Decimal;

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().expect("date")
    }

    /// GROUP ─ AMZ-US ─ AMZ-US-HOME, GROUP ─ AMZ-DE; L1 leads AMZ-US, M1 is
    /// in AMZ-US-HOME, M2 in AMZ-DE; X1 runs store ALI-1 (owned by GROUP).
    fn org() -> Org {
        let mut org = Org::empty(Company::new("T", "T"));
        for (code, parent) in [("GROUP", None), ("AMZ-US", Some("GROUP")), ("AMZ-US-HOME", Some("AMZ-US")), ("AMZ-DE", Some("GROUP"))] {
            org.units.push(Unit {
                code: code.into(),
                name: code.into(),
                name_en: None,
                kind: UnitKind::ProfitCentre,
                function: None,
                parent: parent.map(Into::into),
                area_m2: None,
            });
        }
        for (code, external) in [("F1", false), ("L1", false), ("M1", false), ("M2", false), ("X1", true)] {
            org.people.push(Person { code: code.into(), name: code.into(), email: None, external });
        }
        for (person, unit, leader) in
            [("F1", "GROUP", false), ("L1", "AMZ-US", true), ("M1", "AMZ-US-HOME", false), ("M2", "AMZ-DE", false)]
        {
            org.assignments.push(Assignment {
                person: person.into(),
                unit: unit.into(),
                role: "operator".into(),
                range: EffectiveRange::since(d("2025-01-01")),
                coefficient: Decimal::ONE,
                leader,
            });
        }
        for (code, unit, operator) in [("AMZ-US-1", "AMZ-US-HOME", None), ("AMZ-DE-1", "AMZ-DE", None), ("ALI-1", "GROUP", Some("X1"))] {
            org.stores.push(Store {
                code: code.into(),
                name: code.into(),
                platform: Platform::Amazon,
                marketplace: "US".into(),
                currency: crate::Currency::USD,
                timezone: "UTC".into(),
                owners: vec![Ownership { unit: unit.into(), range: EffectiveRange::since(d("2025-01-01")) }],
                operator: operator.map(Into::into),
                books_sales_from: None,
            });
        }
        org
    }

    fn user(role: Role, person: Option<&str>, unit: Option<&str>, store: Option<&str>) -> User {
        User {
            id: 1,
            company_id: 1,
            login: "u".into(),
            role,
            person: person.map(Into::into),
            unit: unit.map(Into::into),
            store: store.map(Into::into),
            created_at: String::new(),
            disabled: false,
        }
    }

    #[test]
    fn owners_see_everything_that_exists() {
        let (o, u) = (org(), user(Role::Owner, None, None, None));
        let v = Viewer::new(&u, &o);
        assert!(v.unit("AMZ-DE").is_ok() && v.person("M2").is_ok() && v.store("ALI-1").is_ok());
        assert!(v.unit("NOPE").is_err() && v.person("NOPE").is_err() && v.store("NOPE").is_err());
        assert_eq!(v.pay_grain(), PayGrain::PerPerson);
    }

    #[test]
    fn leaders_see_their_subtree_only() {
        let (o, u) = (org(), user(Role::Leader, Some("L1"), Some("AMZ-US"), None));
        let v = Viewer::new(&u, &o);
        assert!(v.unit("AMZ-US").is_ok() && v.unit("AMZ-US-HOME").is_ok());
        assert!(v.unit("GROUP").is_err() && v.unit("AMZ-DE").is_err());
        assert!(v.sees_person("M1") && v.sees_person("L1"));
        assert!(!v.sees_person("M2") && !v.sees_person("F1"));
        assert!(v.sees_store("AMZ-US-1") && !v.sees_store("AMZ-DE-1"));
        assert_eq!(v.pay_grain(), PayGrain::UnitTotals);
    }

    #[test]
    fn members_see_themselves_and_their_own_unit() {
        let (o, u) = (org(), user(Role::Member, Some("M1"), None, None));
        let v = Viewer::new(&u, &o);
        assert!(v.sees_person("M1"));
        assert!(!v.sees_person("M2") && !v.sees_person("L1"));
        assert!(v.unit("AMZ-US-HOME").is_ok() && v.unit("AMZ-US").is_err());
        assert!(v.sees_store("AMZ-US-1") && !v.sees_store("ALI-1"));
        assert!(v.sees_board());
    }

    #[test]
    fn third_party_operators_see_their_store_only() {
        let (o, u) = (org(), user(Role::ThirdParty, Some("X1"), None, Some("ALI-1")));
        let v = Viewer::new(&u, &o);
        assert!(v.sees_store("ALI-1") && !v.sees_store("AMZ-US-1"));
        assert!(v.units().is_empty());
        assert!(!v.sees_board() && !v.is_owner());
        assert_eq!(v.landing(), "/stores/ALI-1");
    }

    #[test]
    fn pay_is_seen_by_its_person_and_finance_pools_by_their_leaders() {
        let o = org();
        let owner = user(Role::Owner, Some("F1"), None, None);
        let leader = user(Role::Leader, Some("L1"), Some("AMZ-US"), None);
        let member = user(Role::Member, Some("M1"), None, None);
        let (vo, vl, vm) = (Viewer::new(&owner, &o), Viewer::new(&leader, &o), Viewer::new(&member, &o));
        assert!(vo.pay_of("M1").is_ok() && vo.pay_of("M2").is_ok() && vo.pay_of("NOPE").is_err());
        assert!(vl.pay_of("L1").is_ok() && vl.pay_of("M1").is_err(), "a leader sees their own pay, not their people's");
        assert!(vm.pay_of("M1").is_ok() && vm.pay_of("M2").is_err() && vm.pay_of("L1").is_err());
        assert!(vo.sees_pool("AMZ-DE") && vl.sees_pool("AMZ-US-HOME") && !vl.sees_pool("AMZ-DE"));
        assert!(!vm.sees_pool("AMZ-US-HOME"), "a member's share is on their statement");
    }

    #[test]
    fn problems_reach_whom_they_concern() {
        let o = org();
        let p =
            |units: &[&str]| Problem { zh: "问题".into(), en: "problem".into(), units: units.iter().map(|u| u.to_string()).collect() };
        let all = [p(&[]), p(&["AMZ-US-HOME"]), p(&["AMZ-DE"])];
        let owner = user(Role::Owner, None, None, None);
        assert_eq!(Viewer::new(&owner, &o).problems(&all).len(), 3);
        let member = user(Role::Member, Some("M1"), None, None);
        assert_eq!(Viewer::new(&member, &o).problems(&all), vec![all[1].clone()]);
    }

    #[test]
    fn review_scores_are_the_leaders_self_reviews_ones_own() {
        let o = org();
        let (owner, leader) = (user(Role::Owner, None, None, None), user(Role::Leader, Some("L1"), Some("AMZ-US"), None));
        let (member, op) = (user(Role::Member, Some("M1"), None, None), user(Role::ThirdParty, Some("X1"), None, Some("ALI-1")));
        let (vo, vl, vm, vx) = (Viewer::new(&owner, &o), Viewer::new(&leader, &o), Viewer::new(&member, &o), Viewer::new(&op, &o));
        assert!(vo.scores_review("AMZ-DE", "M2") && vl.scores_review("AMZ-US-HOME", "M1"));
        assert!(!vl.scores_review("AMZ-DE", "M2"), "outside the leader's subtree");
        assert!(!vl.scores_review("AMZ-US", "L1"), "a leader does not give their own leader's score");
        assert!(!vm.scores_review("AMZ-US-HOME", "M1") && !vx.scores_review("ALI", "X1"));
        assert!(vm.self_reviews("M1") && vl.self_reviews("L1") && !vm.self_reviews("M2") && !vo.self_reviews("M1"));
        assert!(!vx.self_reviews("X1"), "a third-party operator is not reviewed here");
    }

    #[test]
    fn unit_libraries_are_edited_by_the_owner_and_the_units_leaders() {
        let o = org();
        let owner = user(Role::Owner, None, None, None);
        let leader = user(Role::Leader, Some("L1"), Some("AMZ-US"), None);
        let member = user(Role::Member, Some("M1"), None, None);
        let operator = user(Role::ThirdParty, Some("X1"), None, Some("ALI-1"));
        assert!(Viewer::new(&owner, &o).edits_unit("AMZ-DE") && !Viewer::new(&owner, &o).edits_unit("NOPE"));
        let vl = Viewer::new(&leader, &o);
        assert!(vl.edits_unit("AMZ-US") && vl.edits_unit("AMZ-US-HOME") && !vl.edits_unit("AMZ-DE"));
        let vm = Viewer::new(&member, &o);
        assert!(vm.sees_unit("AMZ-US-HOME") && !vm.edits_unit("AMZ-US-HOME"), "a member reads their unit's library");
        assert!(!Viewer::new(&operator, &o).edits_unit("GROUP"));
    }
}
