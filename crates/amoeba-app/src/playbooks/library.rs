//! Reading a library: the latest version of each template the asker may
//! see (all of them, or those matching a search, by the core's
//! `Library::search`), and one template with every version.

use super::Access;
use crate::Result;
use amoeba_core::oversight::playbook::{Library, Template};
use amoeba_core::Refusal;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::playbook_repo::StoredTemplate;
use amoeba_store::Db;

/// Every stored version the asker may see (of `unit` only when given).
async fn visible(db: &Db, company: &CompanyRow, unit: Option<&str>, access: Access<'_>) -> Result<Vec<StoredTemplate>> {
    let all = db.playbook_templates(company.id, unit).await?;
    Ok(all.into_iter().filter(|s| access.sees_unit(&s.template.unit)).collect())
}

/// The latest version of each template the asker may see, of `unit` when
/// given, whose titles, bodies or tags contain `query` (all when empty);
/// by unit and code.
pub async fn search(db: &Db, company: &CompanyRow, unit: Option<&str>, query: &str, access: Access<'_>) -> Result<Vec<Template>> {
    let lib = Library { templates: visible(db, company, unit, access).await?.into_iter().map(|s| s.template).collect() };
    Ok(lib.search(unit, query).into_iter().cloned().collect())
}

/// Every version of one template, oldest first; a template that does not
/// exist or that the asker may not see is refused alike.
pub async fn versions(db: &Db, company: &CompanyRow, unit: &str, code: &str, access: Access<'_>) -> Result<Vec<StoredTemplate>> {
    let list: Vec<StoredTemplate> = if access.sees_unit(unit) {
        db.playbook_templates(company.id, Some(unit)).await?.into_iter().filter(|s| s.template.code == code).collect()
    } else {
        Vec::new()
    };
    if list.is_empty() {
        return Err(Refusal::UnknownPlaybook { unit: unit.to_string(), code: code.to_string() }.into());
    }
    Ok(list)
}
