//! Applying an organisation file.

use crate::{AppError, Result};
use amoeba_import::org_file;
use amoeba_store::Db;

/// What applying an organisation file did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgApplied {
    /// Company code.
    pub company: String,
    /// Whether the company was created by this file.
    pub created: bool,
    /// Units, people, stores and SKUs after the import.
    pub units: usize,
    /// People after the import.
    pub people: usize,
    /// Stores after the import.
    pub stores: usize,
    /// SKUs after the import.
    pub skus: usize,
}

/// Parses, merges and validates an organisation file (with its charge and
/// allocation rules), then stores organisation and rules in one transaction
/// — or stores nothing and returns every problem. A file that changes
/// nothing (re-applying the same file) writes nothing.
pub async fn apply_org_file(db: &Db, company: Option<&str>, file: &str, text: &str) -> Result<OrgApplied> {
    let parsed = org_file::parse(text).map_err(|errors| AppError::OrgFile { file: file.into(), errors })?;
    let wanted = company.map(str::to_string).or_else(|| parsed.company.as_ref().map(|c| c.code.clone()));
    let existing = match wanted.as_deref() {
        Some(code) => db.companies().await?.into_iter().find(|c| c.company.code == code),
        None => Some(db.company(None).await?),
    };
    let stored = match &existing {
        Some(row) => Some((db.load_org(row.id).await?, db.load_rules(row.id).await?)),
        None => None,
    };
    let applied = parsed.apply(stored.clone()).map_err(|errors| AppError::OrgFile { file: file.into(), errors })?;
    let unchanged = stored.as_ref().is_some_and(|(org, rules)| same(org, &applied.org) && same(rules, &applied.rules));
    let org = applied.org;
    let created = existing.is_none();
    if !unchanged {
        db.save_org_and_rules(existing.map(|r| r.id), &org, &applied.rules).await?;
    }
    Ok(OrgApplied {
        company: org.company.code.clone(),
        created,
        units: org.units.len(),
        people: org.people.len(),
        stores: org.stores.len(),
        skus: org.skus.len(),
    })
}

/// Whether saving `new` over `stored` would write exactly what is stored.
/// `==` alone is not enough: decimals compare by value (`12.3 == 12.30`)
/// but are stored as their text, so an equal pair is confirmed on the
/// serialised form, which keeps the scale. Re-applying an unchanged file
/// then writes nothing instead of rewriting every SKU, cost and ownership.
fn same<T: PartialEq + serde::Serialize>(stored: &T, new: &T) -> bool {
    stored == new
        && match (serde_json::to_vec(stored), serde_json::to_vec(new)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}
