//! The alert rules file (docs/oversight.md, "Alert rules"): read whole,
//! checked against itself and the organisation, and stored only when every
//! problem is gone — all or nothing, each problem with its line or key.

use crate::Result;
use amoeba_core::oversight::alerts::rules::{RuleProblem, RuleSet, Scope};
use amoeba_core::Refusal;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;

/// Reads alert rules from TOML text; a file that does not read is refused
/// with the reader's line, column and key.
pub fn parse_rules(file: &str, text: &str) -> Result<RuleSet> {
    toml::from_str(text).map_err(|e| {
        Refusal::AlertRulesFile {
            file: file.to_string(),
            problems: vec![RuleProblem::Unreadable { detail: e.to_string().trim().to_string() }],
        }
        .into()
    })
}

/// Every problem of `rules` in `company`: the core's own checks and the
/// scopes naming units or stores the organisation does not have.
pub async fn problems(db: &Db, company: &CompanyRow, rules: &RuleSet) -> Result<Vec<RuleProblem>> {
    let org = db.load_org(company.id).await?;
    let mut out = rules.problems();
    for r in &rules.rules {
        match &r.scope {
            Scope::Unit(u) if !org.units.iter().any(|x| &x.code == u) => out.push(RuleProblem::UnknownUnit { code: u.clone() }),
            Scope::Store(s) if !org.stores.iter().any(|x| &x.code == s) => out.push(RuleProblem::UnknownStore { code: s.clone() }),
            _ => {}
        }
    }
    Ok(out)
}

/// Reads, checks and stores the rules of `file` (replacing the rules in
/// force), noting who imported them; nothing changes when any problem is found.
pub async fn import_rules(db: &Db, company: &CompanyRow, file: &str, text: &str, login: &str) -> Result<RuleSet> {
    let rules = parse_rules(file, text)?;
    let problems = problems(db, company, &rules).await?;
    if !problems.is_empty() {
        return Err(Refusal::AlertRulesFile { file: file.to_string(), problems }.into());
    }
    db.save_alert_rules(company.id, file, text, &rules, login).await?;
    Ok(rules)
}
