//! The playbook file (docs/oversight.md, "Playbooks in use"): TOML with one
//! `[[templates]]` table per template. Each becomes the next version of its
//! (unit, code); the file is stored whole or not at all — an unreadable
//! file, a unit that does not exist (or that the adder may not edit), or a
//! body with a broken variable refuses it, naming the template, the body and
//! the line and column.

use super::Access;
use crate::Result;
use amoeba_core::oversight::playbook::{Library, Template, TemplateError, TemplateKind};
use amoeba_core::Refusal;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use serde::Deserialize;

/// One template as a file writes it: a version without its number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The unit whose library it goes in.
    pub unit: String,
    /// Its code, the same across versions.
    pub code: String,
    /// What it is for (`complaint_reply`, `product_video_script`, `livestream_plan`…).
    pub kind: TemplateKind,
    /// Title in Chinese.
    pub title_zh: String,
    /// Title in English.
    pub title_en: String,
    /// Body in Chinese.
    pub body_zh: String,
    /// Body in English.
    pub body_en: String,
    /// Search tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaybookFile {
    templates: Vec<Entry>,
}

/// Reads a playbook file; one that does not read is refused with the
/// reader's line, column and key.
pub fn parse_file(file: &str, text: &str) -> Result<Vec<Entry>> {
    let f: PlaybookFile =
        toml::from_str(text).map_err(|e| Refusal::PlaybookFile { file: file.to_string(), detail: e.to_string().trim().to_string() })?;
    Ok(f.templates)
}

fn refused(code: &str, field: &str, problem: TemplateError) -> crate::AppError {
    Refusal::PlaybookTemplate { code: code.to_string(), field: field.to_string(), problem }.into()
}

/// Numbers each entry as the next version of its template in `lib` and
/// checks it with the core (both bodies must read).
fn number(lib: &mut Library, entries: Vec<Entry>) -> Result<Vec<Template>> {
    let mut out = Vec::new();
    for e in entries {
        let version = lib.latest(&e.unit, &e.code).map_or(1, |t| t.version + 1);
        let t = Template {
            unit: e.unit,
            code: e.code,
            version,
            kind: e.kind,
            title_zh: e.title_zh,
            title_en: e.title_en,
            body_zh: e.body_zh,
            body_en: e.body_en,
            tags: e.tags,
        };
        for (field, body) in [("body_zh", &t.body_zh), ("body_en", &t.body_en)] {
            amoeba_core::oversight::playbook::variables(body).map_err(|p| refused(&t.code, field, p))?;
        }
        lib.add(t.clone()).map_err(|p| refused(&t.code, "version", p))?;
        out.push(t);
    }
    Ok(out)
}

/// Stores every template of `file` as a new version, noting who added it;
/// nothing is stored when any template is refused.
pub async fn add_file(db: &Db, company: &CompanyRow, file: &str, text: &str, by: &str, access: Access<'_>) -> Result<Vec<Template>> {
    let entries = parse_file(file, text)?;
    if entries.is_empty() {
        return Err(Refusal::PlaybookFile { file: file.to_string(), detail: "no [[templates]]".into() }.into());
    }
    let org = db.load_org(company.id).await?;
    for e in &entries {
        if org.unit(&e.unit).is_none() || !access.edits_unit(&e.unit) {
            return Err(Refusal::UnknownUnit { code: e.unit.clone() }.into());
        }
    }
    let stored = db.playbook_templates(company.id, None).await?;
    let mut lib = Library { templates: stored.into_iter().map(|s| s.template).collect() };
    let templates = number(&mut lib, entries)?;
    if let Some((i, expected)) = db.add_playbook_versions(company.id, &templates, by).await? {
        let t = &templates[i];
        let problem = TemplateError::NotNextVersion { code: t.code.clone(), expected, got: t.version };
        return Err(refused(&t.code, "version", problem));
    }
    Ok(templates)
}
