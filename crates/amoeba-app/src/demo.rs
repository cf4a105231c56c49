//! Loading the demo company through the same import paths as real data.

use crate::import::{import_file, ImportKind, NoProgress};
use crate::{AppError, Result};
use amoeba_core::Refusal;
use amoeba_demo::{generate, DemoOptions};
use amoeba_store::imports::ImportOutcome;
use amoeba_store::Db;
use std::path::Path;

/// Code of the demo company.
pub const DEMO_COMPANY: &str = "NBTQ";

/// What loading the demo did.
#[derive(Debug, Clone)]
pub struct DemoLoaded {
    /// Company code.
    pub company: String,
    /// Files imported.
    pub files: usize,
    /// One-line summary for the terminal.
    pub summary: String,
}

/// Generates the demo company described by `options` and imports
/// every file through the normal import services. Does nothing (returns
/// `None`) when the demo company is already in the database.
pub async fn load_demo(
    db: &Db,
    options: DemoOptions,
    write_files: Option<&Path>,
    log: &mut (dyn FnMut(&str) + Send),
) -> Result<Option<DemoLoaded>> {
    if db.companies().await?.iter().any(|c| c.company.code == DEMO_COMPANY) {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let files = generate(&options);
    let options = &options;
    if let Some(dir) = write_files {
        std::fs::create_dir_all(dir)
            .map_err(|e| AppError::Refused(Refusal::CannotRead { file: dir.display().to_string(), detail: e.to_string() }))?;
        for f in &files {
            let path = dir.join(&f.name);
            std::fs::write(&path, &f.content).map_err(|e| AppError::Internal(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    let mut rows = 0u64;
    let mut company = None;
    let (mut lottery_rules, mut lottery_numbers) = (None, None);
    for f in &files {
        match f.kind {
            "lottery-rules" => lottery_rules = std::str::from_utf8(&f.content).ok(),
            "lottery-draws" => lottery_numbers = std::str::from_utf8(&f.content).ok(),
            _ => {}
        }
        if f.kind.starts_with("lottery-") {
            continue;
        }
        if f.kind == "org" {
            let text = std::str::from_utf8(&f.content).map_err(|_| AppError::Internal("demo org file is not UTF-8".into()))?;
            crate::org::apply_org_file(db, Some(DEMO_COMPANY), &f.name, text).await?;
            company = Some(db.company(Some(DEMO_COMPANY)).await?);
            continue;
        }
        let row = company.as_ref().ok_or_else(|| AppError::Internal("demo files must start with the organisation".into()))?;
        let kind: ImportKind = f.kind.parse().map_err(AppError::Refused)?;
        let report = import_file(db, row, kind, &f.name, &f.content, f.store.as_deref(), &mut NoProgress).await?;
        if let ImportOutcome::Imported { rows_added, .. } = report.outcome {
            rows += rows_added;
        }
        log(&format!("  {report}"));
    }
    // Goals and engagement, through their own use cases (not imports).
    let row = company.as_ref().ok_or_else(|| AppError::Internal("the demo has no organisation".into()))?;
    let start = options.end - chrono::Months::new(options.months.clamp(1, 36));
    crate::demo_engage::targets(db, row, start, options.end, log).await?;
    if let (Some(rules), Some(numbers)) = (lottery_rules, lottery_numbers) {
        crate::demo_engage::lottery(db, row, rules, numbers, log).await?;
    }
    crate::demo_engage::contests(db, row, options.end, log).await?;
    crate::demo_engage::wishes(db, row, options.end, log).await?;
    Ok(Some(DemoLoaded {
        company: DEMO_COMPANY.into(),
        files: files.len(),
        summary: format!("{} files, {rows} rows in {:.1}s", files.len(), started.elapsed().as_secs_f64()),
    }))
}
