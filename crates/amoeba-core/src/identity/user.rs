//! Logins, sessions and API tokens as the rest of the system sees them.

use super::login::check_login;
use super::Role;
use crate::org::Org;
use crate::Refusal;

/// A login of one company.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Company the login belongs to.
    pub company_id: i64,
    /// Login name (lower case).
    pub login: String,
    /// What the login may see.
    pub role: Role,
    /// The person this login is, when it is one (members must be).
    pub person: Option<String>,
    /// Leaders: the unit whose subtree they see.
    pub unit: Option<String>,
    /// Third-party operators: the store they run.
    pub store: Option<String>,
    /// When the login was created (RFC 3339, UTC).
    pub created_at: String,
    /// A disabled login cannot log in and its sessions and tokens stop working.
    pub disabled: bool,
}

/// What is needed to create a login.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewUser {
    /// Login name (trimmed and lower-cased when stored).
    pub login: String,
    /// Role code.
    pub role: Option<Role>,
    /// Person code.
    pub person: Option<String>,
    /// Unit code (leaders).
    pub unit: Option<String>,
    /// Store code (third-party operators).
    pub store: Option<String>,
}

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

impl NewUser {
    /// Checks the login name and that the role has the scope it needs and
    /// that every code named exists in the organisation — a leader without a
    /// unit would otherwise see nothing, or worse, be mistaken for an owner.
    pub fn check(&self, org: &Org) -> Result<Role, Refusal> {
        check_login(&self.login)?;
        let role = self.role.ok_or(Refusal::LoginNeedsRole)?;
        match role {
            Role::Leader if blank(&self.unit) => return Err(Refusal::LeaderNeedsUnit),
            Role::Member if blank(&self.person) => return Err(Refusal::MemberNeedsPerson),
            Role::ThirdParty if blank(&self.store) => return Err(Refusal::StoreLoginNeedsStore),
            _ => {}
        }
        if let Some(p) = self.person.as_deref().filter(|s| !s.trim().is_empty()) {
            if !org.people.iter().any(|x| x.code == p.trim()) {
                return Err(Refusal::UnknownPerson { code: p.to_string() });
            }
        }
        if let Some(u) = self.unit.as_deref().filter(|s| !s.trim().is_empty()) {
            if org.unit(u.trim()).is_none() {
                return Err(Refusal::UnknownUnit { code: u.to_string() });
            }
        }
        if let Some(s) = self.store.as_deref().filter(|s| !s.trim().is_empty()) {
            if !org.stores.iter().any(|x| x.code == s.trim()) {
                let known = org.stores.iter().map(|x| x.code.clone()).collect();
                return Err(Refusal::UnknownStore { code: s.to_string(), known });
            }
        }
        Ok(role)
    }
}

/// A logged-in browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Who is logged in.
    pub user: User,
    /// The token every form of this session must send back (CSRF defence).
    pub csrf: String,
    /// When the session ends (RFC 3339, UTC).
    pub expires_at: String,
}

/// An API token as listed to its owner (the secret itself is shown once, at creation).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiToken {
    /// Database id.
    pub id: i64,
    /// Name the user gave it (what it is for).
    pub name: String,
    /// When it was made.
    pub created_at: String,
    /// When it was last used, if ever.
    pub last_used_at: Option<String>,
    /// Revoked tokens stay listed but no longer work.
    pub revoked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_required_and_must_exist() {
        let mut org = Org::empty(crate::org::Company::new("T", "T"));
        org.people.push(crate::org::Person { code: "E1".into(), name: "x".into(), email: None, external: false });
        let member =
            |p: Option<&str>| NewUser { login: "m1".into(), role: Some(Role::Member), person: p.map(Into::into), ..NewUser::default() };
        assert!(member(None).check(&org).is_err());
        assert!(member(Some("E9")).check(&org).is_err());
        assert_eq!(member(Some("E1")).check(&org), Ok(Role::Member));
        let leader = NewUser { login: "l1".into(), role: Some(Role::Leader), ..NewUser::default() };
        assert_eq!(leader.check(&org).unwrap_err(), Refusal::LeaderNeedsUnit);
        let contractor = NewUser { login: "x1".into(), role: Some(Role::ThirdParty), ..NewUser::default() };
        assert_eq!(contractor.check(&org).unwrap_err(), Refusal::StoreLoginNeedsStore);
    }
}
