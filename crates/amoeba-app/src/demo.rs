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
        if f.kind == "operator-contract" {
            let text = std::str::from_utf8(&f.content).map_err(|_| AppError::Internal("demo contract is not UTF-8".into()))?;
            let c = crate::oversight::contracts::parse_contract(&f.name, text)?;
            crate::oversight::contracts::save_contract(db, row, &c, "demo").await?;
            log(&format!("  {}: contract {} saved", f.name, c.code));
            continue;
        }
        if f.kind == "traffic" {
            // A store's file, cut in its zone — or the Alibaba.com way, as the file name says.
            let cut = f.name.contains("traffic_alibaba_").then_some(crate::traffic_import::CutChoice::Alibaba);
            let opts = crate::traffic_import::TrafficOptions { cut, ..Default::default() };
            let report =
                crate::traffic_import::import_traffic(db, row, ImportKind::Traffic, &f.name, &f.content, f.store.as_deref(), opts).await?;
            if let ImportOutcome::Imported { rows_added, .. } = report.outcome {
                rows += rows_added;
            }
            log(&format!("  {report}"));
            continue;
        }
        if f.kind == "alert-rules" {
            let text = std::str::from_utf8(&f.content).map_err(|_| AppError::Internal("demo alert rules are not UTF-8".into()))?;
            crate::alerts::rules_file::import_rules(db, row, &f.name, text, "demo").await?;
            // The last month end and the last day, as a daily run would have left them.
            let last_month_end = amoeba_core::Month::of(options.end).prev().last_day();
            for day in [last_month_end, options.end] {
                let run = crate::alerts::run::run_day(db, row, day).await?;
                log(&format!("  {}: alerts of {day}: {} new, {} continuing", f.name, run.new.len(), run.continuing));
            }
            continue;
        }
        if f.kind == "playbooks" {
            let text = std::str::from_utf8(&f.content).map_err(|_| AppError::Internal("demo playbooks are not UTF-8".into()))?;
            let added = crate::playbooks::file::add_file(db, row, &f.name, text, "demo", crate::playbooks::Access::Everything).await?;
            log(&format!("  {}: {} playbook template version(s) stored", f.name, added.len()));
            continue;
        }
        if f.kind == "pay-plan" {
            let text = crate::pay::text_of(&f.name, &f.content)?;
            let done = crate::pay::import_plan_file(db, row, &f.name, text, "demo").await?;
            log(&format!("  {}: pay plan {} v{} stored", f.name, done.code, done.version));
            continue;
        }
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
    crate::demo_engage::reviews(db, row, start, options.end, log).await?;
    Ok(Some(DemoLoaded {
        company: DEMO_COMPANY.into(),
        files: files.len(),
        summary: format!("{} files, {rows} rows in {:.1}s", files.len(), started.elapsed().as_secs_f64()),
    }))
}

/// What [`close_and_pay`] did.
#[derive(Debug, Clone, Default)]
pub struct DemoPay {
    /// Months closed now.
    pub closed: Vec<amoeba_core::Month>,
    /// Months run now, each with its total.
    pub runs: Vec<(amoeba_core::Month, rust_decimal::Decimal)>,
}

/// Closes the demo's complete months (every month with data up to the last
/// one that ends by `end`) and runs their pay the way finance would: each
/// month computed, approved and locked in order, the last one left approved
/// (finance locks it once paid). A month that cannot close stops the
/// closing (the rest stays open, as it would for finance); nothing is
/// closed or run twice.
pub async fn close_and_pay(
    db: &Db,
    company: &amoeba_store::org_repo::CompanyRow,
    end: chrono::NaiveDate,
    log: &mut (dyn FnMut(&str) + Send),
) -> Result<DemoPay> {
    use amoeba_core::Month;
    let mut out = DemoPay::default();
    let last = if end == Month::of(end).last_day() { Month::of(end) } else { Month::of(end).prev() };
    let closed = db.closed_periods(company.id).await?;
    let mut months: Vec<Month> =
        db.fact_months(company.id).await?.iter().filter_map(|(m, _)| m.parse().ok()).filter(|m| *m <= last).collect();
    months.sort();
    for m in &months {
        if closed.contains(&m.to_string()) {
            continue;
        }
        match crate::accounting::close(db, company, *m).await {
            Ok(_) => out.closed.push(*m),
            Err(e) => {
                log(&format!("  {m} not closed: {}", e.render(amoeba_core::Lang::En)));
                break;
            }
        }
    }
    let closed: Vec<Month> = db.closed_periods(company.id).await?.iter().filter_map(|m| m.parse().ok()).collect();
    for (i, m) in closed.iter().enumerate() {
        let last = i + 1 == closed.len();
        let runs = db.pay_runs(company.id).await?;
        let mut status = crate::pay::current(&runs, *m).map(|r| r.status.clone());
        if status.is_none() {
            let crate::pay::Payout::Draft(r) = crate::pay::payout(db, company, *m, "demo", false).await? else { continue };
            log(&format!("  pay run {m}: {} people, total {}", r.row.people, r.row.total));
            out.runs.push((*m, r.row.total));
            status = Some(crate::pay::DRAFT.to_string());
        }
        if status.as_deref() == Some(crate::pay::DRAFT) {
            crate::pay::approve(db, company, *m, "demo").await?;
            status = Some(crate::pay::APPROVED.to_string());
        }
        if !last && status.as_deref() == Some(crate::pay::APPROVED) {
            crate::pay::lock(db, company, *m, "demo").await?;
        }
    }
    Ok(out)
}
