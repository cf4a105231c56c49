//! The access roles. An access role decides the *kind* of object a login may
//! see; it is not a job. The job 运营 (operator, an organisation role held in a
//! unit) and the outside contractor 代运营 who runs one store are different
//! things, so the contractor's access role is called [`Role::ThirdParty`].

use crate::Refusal;
use std::fmt;
use std::str::FromStr;

/// What a login may see. The role decides the kind of object; the scope
/// (unit, person or store code on [`super::User`]) decides which objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Owner / finance of the parent company: everything.
    Owner,
    /// Amoeba leader: the subtree under their unit.
    Leader,
    /// Member of staff: the public board and their own page.
    Member,
    /// Third-party operator (代运营), an outside contractor: their one store, nothing else.
    ThirdParty,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Owner, Role::Leader, Role::Member, Role::ThirdParty];

    /// Text code used in the database, the CLI and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Leader => "leader",
            Role::Member => "member",
            Role::ThirdParty => "third_party",
        }
    }

    /// Whether the role sees the morning board and the unit list: the
    /// company's own staff do, a third-party operator sees their store only.
    pub fn sees_board(self) -> bool {
        self != Role::ThirdParty
    }

    /// Whether the role imports data and administers the organisation and
    /// logins (finance's job).
    pub fn administers(self) -> bool {
        self == Role::Owner
    }
}

impl FromStr for Role {
    type Err = Refusal;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL.iter().copied().find(|r| r.as_str() == t).ok_or_else(|| Refusal::UnknownAccessRole { value: s.to_string() })
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_the_job_name_is_not_an_access_role() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert_eq!("Third-Party".parse::<Role>(), Ok(Role::ThirdParty));
        assert!("operator".parse::<Role>().is_err(), "运营 is a job in a unit, not an access role");
        assert!("boss".parse::<Role>().is_err());
    }
}
