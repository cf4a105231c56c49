//! One login per persona for the demo company, with fixed passwords, so a
//! visitor can try Amoeba as finance, as a unit leader, as a member and as a
//! third-party operator. The personas are found in the organisation by what
//! they do (not by hard-coded person codes), so the demo generator may change.

use amoeba_core::identity::{NewUser, Role};
use amoeba_core::org::{Assignment, Org, Platform};
use amoeba_store::Db;

/// A demo login to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    /// Login name.
    pub login: String,
    /// Its (public, demo-only) password.
    pub password: String,
    /// Role.
    pub role: Role,
    /// Who it is and what it sees, in one line.
    pub description: String,
}

impl std::fmt::Display for DemoLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<10} {:<20} {}", self.login, self.password, self.description)
    }
}

/// The unit whose leader and member the demo shows (falls back to the first
/// profit centre under the root that has a leader).
const DEMO_UNIT: &str = "AMZ-US";

fn name(org: &Org, person: &str) -> String {
    org.people.iter().find(|p| p.code == person).map(|p| format!("{} ({person})", p.name)).unwrap_or_else(|| person.to_string())
}

fn current(a: &&Assignment) -> bool {
    a.range.to.is_none()
}

struct Persona {
    login: &'static str,
    role: Role,
    new: NewUser,
    description: String,
}

fn personas(org: &Org) -> Vec<Persona> {
    let mut out = Vec::new();
    let root = org.roots().first().map(|u| u.code.clone());
    let finance = org
        .assignments
        .iter()
        .filter(current)
        .filter(|a| a.role == "finance")
        .min_by_key(|a| (Some(&a.unit) != root.as_ref(), a.person.clone()))
        .map(|a| a.person.clone());
    out.push(Persona {
        login: "owner",
        role: Role::Owner,
        new: NewUser { person: finance.clone(), ..NewUser::default() },
        description: format!(
            "owner / finance{} — sees and administers everything",
            finance.map(|p| format!(", {}", name(org, &p))).unwrap_or_default()
        ),
    });
    let leads = |unit: &str| org.assignments.iter().filter(current).find(|a| a.leader && a.unit == unit).map(|a| a.person.clone());
    let unit = if org.unit(DEMO_UNIT).is_some() && leads(DEMO_UNIT).is_some() {
        Some(DEMO_UNIT.to_string())
    } else {
        root.as_deref().and_then(|r| org.children(r).into_iter().find(|u| leads(&u.code).is_some()).map(|u| u.code.clone()))
    };
    if let Some(unit) = unit {
        let leader = leads(&unit);
        let subtree: Vec<String> = org.subtree(&unit).iter().map(|u| u.code.clone()).collect();
        out.push(Persona {
            login: "leader",
            role: Role::Leader,
            new: NewUser { person: leader.clone(), unit: Some(unit.clone()), ..NewUser::default() },
            description: format!("leader of {unit}, {} — the {unit} subtree", leader.as_deref().map(|p| name(org, p)).unwrap_or_default()),
        });
        let member = org
            .assignments
            .iter()
            .filter(current)
            .filter(|a| a.role == "operator" && !a.leader && subtree.contains(&a.unit) && Some(&a.person) != leader.as_ref())
            .min_by_key(|a| a.person.clone());
        if let Some(m) = member {
            out.push(Persona {
                login: "member",
                role: Role::Member,
                new: NewUser { person: Some(m.person.clone()), ..NewUser::default() },
                description: format!("member, operator in {}, {} — the board and their own page", m.unit, name(org, &m.person)),
            });
        }
    }
    let run = org.stores.iter().filter(|s| s.operator.is_some()).min_by_key(|s| (s.platform != Platform::AlibabaCom, s.code.clone()));
    if let Some(store) = run {
        let person = store.operator.clone();
        out.push(Persona {
            login: "operator",
            role: Role::ThirdParty,
            new: NewUser { person: person.clone(), store: Some(store.code.clone()), ..NewUser::default() },
            description: format!(
                "third-party operator, {} — store {} only",
                person.as_deref().map(|p| name(org, p)).unwrap_or_default(),
                store.code
            ),
        });
    }
    out
}

/// Creates (or resets to the known password and re-enables) one login per
/// persona of the company's organisation: `owner`, `leader`, `member`,
/// `operator`, with passwords `demo-<login>-2026`. Personas the organisation
/// lacks are skipped. Meant for the demo company only: the passwords are public.
pub async fn demo_logins(db: &Db, company_id: i64) -> crate::Result<Vec<DemoLogin>> {
    let org = db.load_org(company_id).await?;
    let mut out = Vec::new();
    for p in personas(&org) {
        let password = format!("demo-{}-2026", p.login);
        let new = NewUser { login: p.login.into(), role: Some(p.role), ..p.new };
        match db.user_by_login(company_id, p.login).await? {
            Some(existing) => {
                crate::identity::set_password(db, company_id, existing.id, &password, None).await?;
                db.set_disabled(company_id, existing.id, false).await?;
            }
            None => {
                crate::identity::add_user(db, company_id, &org, &new, Some(&password)).await?;
            }
        }
        out.push(DemoLogin { login: p.login.into(), password, role: p.role, description: p.description });
    }
    Ok(out)
}
