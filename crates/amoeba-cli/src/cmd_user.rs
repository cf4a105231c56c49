//! `amoeba user add|reset|list`: the logins of the web app, for the first
//! owner login (before anyone can use the admin page) and for scripts.

use amoeba_core::identity::{NewUser, Role};
use amoeba_store::Db;
use clap::Subcommand;

/// `amoeba user …`.
#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a login and print its password (generated unless --password is given).
    Add {
        /// Login name (letters, digits, . - _ @).
        #[arg(long)]
        login: String,
        /// owner (finance, everything) | leader (a unit's subtree) | member (board and own page) | operator (third party, one store).
        #[arg(long)]
        role: Role,
        /// Person code this login is (required for members).
        #[arg(long, value_name = "CODE")]
        person: Option<String>,
        /// Unit a leader leads (required for leaders).
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Store a third-party operator runs (required for operators).
        #[arg(long, value_name = "CODE")]
        store: Option<String>,
        /// Password to set (at least 10 characters). Prefer leaving it out:
        /// a generated one never lands in the shell history.
        #[arg(long)]
        password: Option<String>,
    },
    /// Give a login a new generated password (ends its sessions and API tokens) and print it.
    Reset {
        /// Login name.
        #[arg(long)]
        login: String,
    },
    /// List the logins.
    List,
}

/// Runs `amoeba user …`.
pub async fn run(db: &Db, company: Option<&str>, c: UserCommand) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    match c {
        UserCommand::Add { login, role, person, unit, store, password } => {
            let org = db.load_org(row.id).await?;
            let new = NewUser { login, role: Some(role), person, unit, store };
            let (user, password) = amoeba_app::identity::add_user(db, row.id, &org, &new, password.as_deref()).await?;
            let scope = scope(&user);
            let scope = if scope.is_empty() { String::new() } else { format!(", {scope}") };
            println!("created login {} ({}{scope}) in {}", user.login, user.role, row.company.code);
            println!("password: {password}");
        }
        UserCommand::Reset { login } => {
            let (user, password) = amoeba_app::identity::reset_password(db, row.id, &login).await?;
            println!("new password for {} (its sessions and API tokens were ended): {password}", user.login);
        }
        UserCommand::List => {
            for u in db.users(row.id).await? {
                println!("{:<20} {:<9} {}{}", u.login, u.role.as_str(), scope(&u), if u.disabled { "  [disabled]" } else { "" });
            }
        }
    }
    Ok(())
}

/// The login's scope, e.g. `person E012, unit AMZ-US`.
fn scope(u: &amoeba_core::identity::User) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &u.person {
        parts.push(format!("person {p}"));
    }
    if let Some(x) = &u.unit {
        parts.push(format!("unit {x}"));
    }
    if let Some(s) = &u.store {
        parts.push(format!("store {s}"));
    }
    parts.join(", ")
}
