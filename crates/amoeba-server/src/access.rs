//! The access policy — the one place that says who may see what. Every page
//! and API route asks these functions about the *object* it is about to
//! show, not only about the role.
//!
//! * owner / finance: everything;
//! * leader: every unit in the subtree under their unit, the people who hold
//!   (or held) a role there, and the stores those units own (or owned);
//! * member: the public board, their own page, and the units they belong (or
//!   belonged) to with those units' stores — in amoeba management a member
//!   knows their own amoeba's accounts;
//! * third-party operator: their one store, nothing else (not even the board).
//! * labour cost and hours: per person for owner/finance only; anyone else
//!   sees unit totals ([`pay_grain`]).
//!
//! History counts ("or held"): a P&L of last March is about the people and
//! stores of last March. A page asked for an object outside the policy
//! answers 404 — the same as for an object that does not exist.

use amoeba_core::org::Org;
use amoeba_core::identity::{Role, User};
use std::collections::BTreeSet;

/// Units whose figures the user may see.
pub fn visible_units(user: &User, org: &Org) -> BTreeSet<String> {
    match user.role {
        Role::Owner => org.units.iter().map(|u| u.code.clone()).collect(),
        Role::Leader => match user.unit.as_deref() {
            Some(root) => org.subtree(root).into_iter().map(|u| u.code.clone()).collect(),
            None => BTreeSet::new(),
        },
        Role::Member => match user.person.as_deref() {
            Some(p) => org.assignments.iter().filter(|a| a.person == p).map(|a| a.unit.clone()).collect(),
            None => BTreeSet::new(),
        },
        Role::ThirdParty => BTreeSet::new(),
    }
}

/// May the user see this unit's P&L and facts?
pub fn can_view_unit(user: &User, org: &Org, unit: &str) -> bool {
    org.unit(unit).is_some() && visible_units(user, org).contains(unit)
}

/// May the user see this person's page?
pub fn can_view_person(user: &User, org: &Org, person: &str) -> bool {
    if !org.people.iter().any(|p| p.code == person) {
        return false;
    }
    if user.person.as_deref() == Some(person) {
        return true;
    }
    match user.role {
        Role::Owner => true,
        Role::Leader => {
            let units = visible_units(user, org);
            org.assignments.iter().any(|a| a.person == person && units.contains(&a.unit))
        }
        Role::Member | Role::ThirdParty => false,
    }
}

/// May the user see this store?
pub fn can_view_store(user: &User, org: &Org, store: &str) -> bool {
    let Some(s) = org.stores.iter().find(|s| s.code == store) else {
        return false;
    };
    match user.role {
        Role::Owner => true,
        Role::ThirdParty => user.store.as_deref() == Some(store),
        Role::Leader | Role::Member => {
            let units = visible_units(user, org);
            s.owners.iter().any(|o| units.contains(&o.unit))
        }
    }
}

/// How finely the user may see labour cost and hours in a drill-down. One
/// person's labour cost is pay: it is seen by that person (on their own
/// page) and by owner/finance, never by colleagues — so members and leaders
/// see each unit's total. (A leader will see the people of a pool they split
/// once pay plans say so.)
pub fn pay_grain(user: &User) -> crate::views::PayGrain {
    match user.role {
        Role::Owner => crate::views::PayGrain::PerPerson,
        Role::Leader | Role::Member | Role::ThirdParty => crate::views::PayGrain::UnitTotals,
    }
}

/// The problems a user is shown: everything to owners; to anyone else those
/// that concern a unit they may see (a problem of the company as a whole —
/// a missing FX rate, a SKU without landed cost — is finance's to fix).
pub fn problems_for(problems: &[crate::views::Problem], user: &User, org: &Org) -> Vec<crate::views::Problem> {
    if user.role == Role::Owner {
        return problems.to_vec();
    }
    let units = visible_units(user, org);
    problems.iter().filter(|p| p.units.iter().any(|u| units.contains(u))).cloned().collect()
}

/// Most problems listed above a page (the rest are counted).
pub const MAX_PROBLEMS_SHOWN: usize = 20;

/// The problems a page lists for the user, in the page's language.
pub fn problem_lines(problems: &[crate::views::Problem], user: &User, org: &Org, lang: crate::i18n::Lang) -> Vec<String> {
    let mine = problems_for(problems, user, org);
    let mut out: Vec<String> = mine.iter().take(MAX_PROBLEMS_SHOWN).map(|p| p.text(lang).to_string()).collect();
    if mine.len() > MAX_PROBLEMS_SHOWN {
        let more = (mine.len() - MAX_PROBLEMS_SHOWN).to_string();
        out.push(crate::i18n::t(lang, "problems.more").replace("{n}", &more));
    }
    out
}

/// The morning board is for the company's own staff (third-party operators
/// see their store only).
pub fn can_view_board(user: &User) -> bool {
    user.role != Role::ThirdParty
}

/// Importing data and administering the organisation and logins is finance's job.
pub fn is_owner(user: &User) -> bool {
    user.role == Role::Owner
}

/// Where a user lands after login.
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
    use amoeba_core::dates::EffectiveRange;
    use amoeba_core::org::*;
    use rust_decimal::Decimal;

    fn d(s: &str) -> chrono::NaiveDate {
        s.parse().expect("date")
    }

    /// GROUP ─ AMZ-US ─ AMZ-US-HOME, GROUP ─ AMZ-DE; L1 leads AMZ-US, M1 is
    /// in AMZ-US-HOME, M2 in AMZ-DE; X1 runs store ALI-1 (owned by GROUP).
    pub(crate) fn org() -> Org {
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
                currency: amoeba_core::Currency::USD,
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
        assert!(can_view_unit(&u, &o, "AMZ-DE") && can_view_person(&u, &o, "M2") && can_view_store(&u, &o, "ALI-1"));
        assert!(!can_view_unit(&u, &o, "NOPE") && !can_view_person(&u, &o, "NOPE") && !can_view_store(&u, &o, "NOPE"));
    }

    #[test]
    fn leaders_see_their_subtree_only() {
        let (o, u) = (org(), user(Role::Leader, Some("L1"), Some("AMZ-US"), None));
        assert!(can_view_unit(&u, &o, "AMZ-US") && can_view_unit(&u, &o, "AMZ-US-HOME"));
        assert!(!can_view_unit(&u, &o, "GROUP") && !can_view_unit(&u, &o, "AMZ-DE"));
        assert!(can_view_person(&u, &o, "M1") && can_view_person(&u, &o, "L1"));
        assert!(!can_view_person(&u, &o, "M2") && !can_view_person(&u, &o, "F1"));
        assert!(can_view_store(&u, &o, "AMZ-US-1") && !can_view_store(&u, &o, "AMZ-DE-1"));
    }

    #[test]
    fn members_see_themselves_and_their_own_unit() {
        let (o, u) = (org(), user(Role::Member, Some("M1"), None, None));
        assert!(can_view_person(&u, &o, "M1"));
        assert!(!can_view_person(&u, &o, "M2") && !can_view_person(&u, &o, "L1"));
        assert!(can_view_unit(&u, &o, "AMZ-US-HOME") && !can_view_unit(&u, &o, "AMZ-US"));
        assert!(can_view_store(&u, &o, "AMZ-US-1") && !can_view_store(&u, &o, "ALI-1"));
        assert!(can_view_board(&u));
    }

    #[test]
    fn third_party_operators_see_their_store_only() {
        let (o, u) = (org(), user(Role::ThirdParty, Some("X1"), None, Some("ALI-1")));
        assert!(can_view_store(&u, &o, "ALI-1") && !can_view_store(&u, &o, "AMZ-US-1"));
        assert!(visible_units(&u, &o).is_empty());
        assert!(!can_view_board(&u) && !is_owner(&u));
        assert_eq!(landing(&u), "/stores/ALI-1");
    }
}
