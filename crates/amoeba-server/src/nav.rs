//! The navigation, as data: each entry says who sees it and where it goes.
//! A later feature (incentives, targets, lottery, PK…) adds one entry here
//! and its routes; nothing is shown to people it is not for.

use amoeba_core::identity::User;
use serde::Serialize;

/// One navigation entry.
pub struct NavEntry {
    /// Translation key of the label.
    pub key: &'static str,
    /// Paths under this entry (for the "you are here" mark).
    pub section: &'static [&'static str],
    /// Where it leads for this user; `None` hides it.
    pub href: fn(&User) -> Option<String>,
}

fn when(ok: bool, href: &str) -> Option<String> {
    ok.then(|| href.to_string())
}

/// The navigation, in order.
pub static NAV: &[NavEntry] = &[
    NavEntry { key: "nav.board", section: &["/board"], href: |u| when(u.role.sees_board(), "/board") },
    NavEntry { key: "nav.units", section: &["/units"], href: |u| when(u.role.sees_board(), "/units") },
    NavEntry {
        key: "nav.store",
        section: &["/stores"],
        href: |u| match (u.role, u.store.as_deref()) {
            (amoeba_core::identity::Role::ThirdParty, Some(s)) => Some(format!("/stores/{s}")),
            _ => None,
        },
    },
    NavEntry {
        key: "nav.goals",
        section: &["/targets", "/lottery", "/pk", "/leaderboard", "/reviews"],
        href: |u| when(u.role.sees_board(), "/targets"),
    },
    NavEntry { key: "nav.me", section: &["/me", "/people"], href: |u| when(u.person.is_some(), "/me") },
    NavEntry { key: "nav.operator", section: &["/operator"], href: |u| when(u.role != amoeba_core::identity::Role::Member, "/operator") },
    NavEntry { key: "nav.imports", section: &["/imports"], href: |u| when(u.role.administers(), "/imports") },
    NavEntry { key: "nav.admin", section: &["/admin"], href: |u| when(u.role.administers(), "/admin/org") },
    NavEntry { key: "nav.playbooks", section: &["/playbooks"], href: |u| when(u.role.sees_board(), "/playbooks") },
    NavEntry { key: "nav.alerts", section: &["/alerts"], href: |_| Some("/alerts".to_string()) },
];

/// An entry as a template draws it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NavLink {
    /// Translation key.
    pub key: &'static str,
    /// Target.
    pub href: String,
    /// The current page is in this section.
    pub active: bool,
}

/// The entries `user` sees, with the current one marked.
pub fn links(user: &User, uri: &str) -> Vec<NavLink> {
    let path = uri.split('?').next().unwrap_or(uri);
    NAV.iter()
        .filter_map(|e| {
            (e.href)(user).map(|href| NavLink {
                key: e.key,
                active: e.section.iter().any(|s| path == *s || path.starts_with(&format!("{s}/"))),
                href,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use amoeba_core::identity::Role;

    fn user(role: Role, person: Option<&str>, store: Option<&str>) -> User {
        User {
            id: 1,
            company_id: 1,
            login: "u".into(),
            role,
            person: person.map(Into::into),
            unit: None,
            store: store.map(Into::into),
            created_at: String::new(),
            disabled: false,
        }
    }

    #[test]
    fn each_role_sees_its_own_entries() {
        let keys = |u: &User| links(u, "/board").into_iter().map(|l| l.key).collect::<Vec<_>>();
        assert_eq!(
            keys(&user(Role::Owner, Some("F1"), None)),
            ["nav.board", "nav.units", "nav.goals", "nav.me", "nav.operator", "nav.imports", "nav.admin", "nav.playbooks", "nav.alerts"]
        );
        assert_eq!(
            keys(&user(Role::Member, Some("M1"), None)),
            ["nav.board", "nav.units", "nav.goals", "nav.me", "nav.playbooks", "nav.alerts"]
        );
        assert_eq!(keys(&user(Role::ThirdParty, Some("X1"), Some("ALI-1"))), ["nav.store", "nav.me", "nav.operator", "nav.alerts"]);
        let l = links(&user(Role::Owner, None, None), "/admin/users");
        assert!(l.iter().any(|x| x.key == "nav.admin" && x.active));
    }
}
