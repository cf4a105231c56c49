//! Pay (docs/pay-plans.md): `amoeba pay-plan check|import|list`, `amoeba
//! payout --month M [--approve | --lock | --rerun]`, `amoeba pay
//! statement|whatif|disputes|dispute|answer` and `amoeba partner exit`.
//! Every figure is the core's (`amoeba_core::incentive`) through the
//! application's use cases (`amoeba_app::pay`); the CLI only lays it out.

use crate::cli::ReportFormat;
use crate::cmd_org::{pad, width};
use crate::report_out::{xlsx, Cell, Destination, Sheet};
use amoeba_app::pay::{self, Payout, Payroll};
use amoeba_core::csv_safe::neutralise;
use amoeba_core::incentive::{Statement, WhatIf};
use amoeba_core::money::MONEY_DP;
use amoeba_core::{Lang, Month};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::pay_repo::{PlanSaved, RunRow};
use amoeba_store::Db;
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;

/// `amoeba pay-plan …`.
#[derive(Subcommand, Debug)]
pub enum PlanCommand {
    /// Check a pay plan file whole (nothing is stored): every problem with its line and key.
    Check {
        /// The pay plan file (TOML, docs/pay-plans.md).
        file: PathBuf,
    },
    /// Check a pay plan file and store it as a version (all or nothing).
    Import {
        /// The pay plan file.
        file: PathBuf,
    },
    /// List the stored versions.
    List,
}

/// `amoeba payout`.
#[derive(Args, Debug)]
pub struct PayoutArgs {
    /// Month, YYYY-MM (it must be closed).
    #[arg(long, visible_alias = "period")]
    pub month: Month,
    /// Approve the month's draft (who: this login of the operating system; when: now).
    #[arg(long, conflicts_with_all = ["lock", "rerun"])]
    pub approve: bool,
    /// Lock the month's approved run (paid: its carry becomes the next month's history).
    #[arg(long, conflicts_with = "rerun")]
    pub lock: bool,
    /// For a locked month whose run computed again differs: record the re-run,
    /// so its difference is carried into the next month that locks.
    #[arg(long)]
    pub rerun: bool,
    /// Output format of the payroll (person, amounts by component, total).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output (needed for xlsx unless redirected).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `amoeba pay …`.
#[derive(Subcommand, Debug)]
pub enum PayCommand {
    /// A person's statement: every line with its rule, inputs and arithmetic.
    Statement {
        /// Person code.
        #[arg(long)]
        person: String,
        /// Month, YYYY-MM.
        #[arg(long, visible_alias = "period")]
        month: Month,
        /// table or json.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// A draft pay plan on a closed month's data beside the plan in force (nothing is saved).
    Whatif {
        /// The draft pay plan file.
        #[arg(long)]
        plan: PathBuf,
        /// Month, YYYY-MM.
        #[arg(long, visible_alias = "period")]
        month: Month,
        /// table or json.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Disputes of statement lines, newest first.
    Disputes,
    /// Dispute a line of a person's statement (an approved or locked run's).
    Dispute {
        /// Person code.
        #[arg(long)]
        person: String,
        /// Month, YYYY-MM.
        #[arg(long)]
        month: Month,
        /// The line, as numbered by `amoeba pay statement`.
        #[arg(long)]
        line: usize,
        /// What is wrong.
        #[arg(long)]
        note: String,
    },
    /// Answer a dispute.
    Answer {
        /// The dispute's number.
        #[arg(long)]
        id: i64,
        /// The answer.
        #[arg(long)]
        text: String,
    },
}

/// `amoeba partner …`.
#[derive(Subcommand, Debug)]
pub enum PartnerCommand {
    /// A partner's exit value on a day, line by line (the valuation agreed in advance).
    Exit {
        /// Person code.
        #[arg(long)]
        person: String,
        /// Exit day.
        #[arg(long)]
        date: chrono::NaiveDate,
        /// The agreement's code, when the person is in several.
        #[arg(long)]
        agreement: Option<String>,
    },
}

/// Who the CLI acts as: `cli:` and the operating system's login.
fn by() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

fn read(file: &PathBuf) -> anyhow::Result<(String, String)> {
    let bytes =
        std::fs::read(file).map_err(|e| amoeba_core::Refusal::CannotRead { file: file.display().to_string(), detail: e.to_string() })?;
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| file.display().to_string());
    let text = pay::text_of(&name, &bytes)?.to_string();
    Ok((name, text))
}

/// Runs `amoeba pay-plan …`.
pub async fn plan(db: &Db, company: Option<&str>, c: PlanCommand, lang: Lang) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    match c {
        PlanCommand::Check { file } => {
            let (name, text) = read(&file)?;
            let plan = pay::check_plan_file(db, &row, &name, &text).await?;
            let to = plan.effective.to.map(|d| d.to_string()).unwrap_or_else(|| "…".into());
            println!(
                "{name}: pay plan {} v{} ({}) is valid: {} component(s), {} draw(s), {} partner agreement(s), in force {} to {to}",
                plan.code,
                plan.version,
                plan.name,
                plan.components.len(),
                plan.draws.len(),
                plan.partners.len(),
                plan.effective.from
            );
        }
        PlanCommand::Import { file } => {
            let (name, text) = read(&file)?;
            let done = pay::import_plan_file(db, &row, &name, &text, &by()).await?;
            let what = match done.outcome {
                PlanSaved::Added => "stored".to_string(),
                PlanSaved::Replaced { drafts_dropped } => format!("replaced the stored version ({drafts_dropped} draft run(s) dropped)"),
                PlanSaved::Unchanged => "unchanged (the same file is stored already)".to_string(),
                PlanSaved::Paid { .. } => "refused".to_string(),
            };
            println!("pay plan {} v{} ({}): {what}", done.code, done.version, done.name);
        }
        PlanCommand::List => {
            let plans = pay::stored_plans(db, &row).await?;
            let mut table =
                vec![["CODE", "VERSION", "NAME", "FROM", "TO", "COMPONENTS", "FILE", "IMPORTED BY", "AT"].map(String::from).to_vec()];
            for p in &plans {
                table.push(vec![
                    p.row.code.clone(),
                    p.row.version.to_string(),
                    p.row.name.clone(),
                    p.row.effective_from.clone(),
                    p.row.effective_to.clone().unwrap_or_default(),
                    p.plan.components.len().to_string(),
                    p.row.file_name.clone(),
                    p.row.imported_by.clone(),
                    p.row.imported_at.clone(),
                ]);
            }
            if plans.is_empty() {
                println!("{}", pay::PayRefusal::NoPlan.render(lang));
            } else {
                print!("{}", layout(&table));
            }
        }
    }
    Ok(())
}

fn layout(table: &[Vec<String>]) -> String {
    let cols = table.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols).map(|i| table.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for r in table {
        out.push_str(r.iter().enumerate().map(|(i, c)| pad(c, widths[i])).collect::<Vec<_>>().join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn run_line(r: &RunRow) -> String {
    let mut s = format!(
        "pay run {} #{} ({}): {} people, total {} — sha256 {}, inputs {}",
        r.month, r.seq, r.status, r.people, r.total, r.run_sha256, r.inputs_sha256
    );
    let plans: Vec<String> = r.plans.iter().map(|p| format!("{} v{}", p.code, p.version)).collect();
    s.push_str(&format!("; plans {}", plans.join(", ")));
    s.push_str(&format!("; computed by {} at {}", r.computed_by, r.computed_at));
    if let (Some(b), Some(a)) = (&r.approved_by, &r.approved_at) {
        s.push_str(&format!("; approved by {b} at {a}"));
    }
    if let (Some(b), Some(a)) = (&r.locked_by, &r.locked_at) {
        s.push_str(&format!("; locked by {b} at {a}"));
    }
    s
}

/// Runs `amoeba payout`.
pub async fn payout(db: &Db, company: Option<&str>, a: PayoutArgs) -> anyhow::Result<()> {
    let dest = Destination::new(a.output.clone(), a.format == ReportFormat::Xlsx)?;
    let row = db.company(company).await?;
    let by = by();
    if a.approve {
        let r = pay::approve(db, &row, a.month, &by).await?;
        eprintln!("{}", run_line(&r));
        return Ok(());
    }
    if a.lock {
        let r = pay::lock(db, &row, a.month, &by).await?;
        eprintln!("{}", run_line(&r));
        return Ok(());
    }
    match pay::payout(db, &row, a.month, &by, a.rerun).await? {
        Payout::Draft(r) => {
            let org = db.load_org(row.id).await?;
            let roll = pay::payroll(&r.run, &org);
            write_payroll(&dest, a.format, a.month, &r.row, &roll)?;
            eprintln!("{}", run_line(&r.row));
            eprintln!("stored as the month's draft: check it, then `amoeba payout --month {} --approve`, then `--lock` once paid", a.month);
            Ok(())
        }
        Payout::Reproduced(r) => {
            // The stored run's payroll: the payroll export of an approved or locked month.
            let run = pay::load_run(db, &row, &r).await?;
            let org = db.load_org(row.id).await?;
            write_payroll(&dest, a.format, a.month, &r, &pay::payroll(&run, &org))?;
            eprintln!("{}", run_line(&r));
            eprintln!(
                "{} computed again from the same facts and plan versions: byte for byte the run stored (sha256 {})",
                a.month, r.run_sha256
            );
            Ok(())
        }
        Payout::Differs { paid, new_sha256, diff, rerun } => {
            eprintln!("{}", run_line(&paid));
            let mut table = vec![["PERSON", "PLAN", "COMPONENT", "PAID", "NOW", "DIFFERENCE"].map(String::from).to_vec()];
            for d in &diff {
                table.push(vec![
                    d.person.clone(),
                    d.plan.clone(),
                    d.component.clone(),
                    d.old.to_string(),
                    d.new.to_string(),
                    d.delta.to_string(),
                ]);
            }
            println!("{} computed again gives another run (sha256 {new_sha256}); the run stored is never edited. Differences:", a.month);
            print!("{}", layout(&table));
            match rerun {
                Some(r) => {
                    println!(
                        "recorded as re-run #{} of {}: the next month's run carries these differences as adjustment lines",
                        r.seq, r.month
                    );
                    Ok(())
                }
                None => Err(pay::PayRefusal::RunFinal { month: a.month.to_string(), status: paid.status }.into()),
            }
        }
    }
}

const PAYROLL_HEAD: [&str; 2] = ["person", "name"];

fn write_payroll(dest: &Destination, format: ReportFormat, month: Month, r: &RunRow, p: &Payroll) -> anyhow::Result<()> {
    let mut header: Vec<String> = PAYROLL_HEAD.iter().map(|s| s.to_string()).collect();
    header.extend(p.columns.iter().cloned());
    header.push("total".into());
    let bytes = match format {
        ReportFormat::Json => {
            let doc = json!({
                "month": month.to_string(), "status": r.status, "run_sha256": r.run_sha256, "inputs_sha256": r.inputs_sha256,
                "total": p.total.to_string(), "columns": p.columns,
                "rows": p.rows.iter().map(|x| json!({
                    "person": x.person, "name": x.name,
                    "amounts": x.amounts.iter().map(|a| a.to_string()).collect::<Vec<_>>(), "total": x.total.to_string(),
                })).collect::<Vec<_>>(),
            });
            format!("{}\n", serde_json::to_string_pretty(&doc)?).into_bytes()
        }
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&header)?;
            for x in &p.rows {
                let mut rec = vec![neutralise(&x.person).into_owned(), neutralise(&x.name).into_owned()];
                rec.extend(x.amounts.iter().map(|a| a.to_string()));
                rec.push(x.total.to_string());
                w.write_record(rec)?;
            }
            w.into_inner()?
        }
        ReportFormat::Xlsx => {
            let rows = p
                .rows
                .iter()
                .map(|x| {
                    let mut c = vec![Cell::text(&x.person), Cell::text(&x.name)];
                    c.extend(x.amounts.iter().map(|a| Cell::num(Some(*a), MONEY_DP)));
                    c.push(Cell::num(Some(x.total), MONEY_DP));
                    c
                })
                .collect();
            xlsx(&Sheet { name: format!("Payroll {month}"), header, rows })?
        }
        ReportFormat::Table => {
            let mut table = vec![header.iter().map(|h| h.to_uppercase()).collect::<Vec<_>>()];
            for x in &p.rows {
                let mut line = vec![x.person.clone(), x.name.clone()];
                line.extend(x.amounts.iter().map(|a| a.to_string()));
                line.push(x.total.to_string());
                table.push(line);
            }
            let mut out = format!("Payroll {month} ({}), total {}\n", r.status, p.total);
            out.push_str(&layout(&table));
            out.into_bytes()
        }
    };
    dest.write(&bytes)
}

/// Runs `amoeba pay …`.
pub async fn pay(db: &Db, company: Option<&str>, c: PayCommand, lang: Lang) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    match c {
        PayCommand::Statement { person, month, format } => statement(db, &row, &person, month, format, lang).await,
        PayCommand::Whatif { plan, month, format } => {
            let (name, text) = read(&plan)?;
            let w = pay::whatif_file(db, &row, month, &name, &text).await?;
            match format {
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&whatif_json(&w.result))?),
                _ => print!("{}", whatif_table(&w, month)),
            }
            Ok(())
        }
        PayCommand::Disputes => {
            let list = db.pay_disputes(row.id, None, None).await?;
            let mut table = vec![["ID", "RUN", "PERSON", "LINE", "COMPONENT", "NOTE", "RAISED BY", "AT", "ANSWER", "BY", "AT"]
                .map(String::from)
                .to_vec()];
            for d in &list {
                table.push(vec![
                    d.id.to_string(),
                    d.run_id.to_string(),
                    d.person.clone(),
                    d.line.to_string(),
                    d.component.clone(),
                    d.note.clone(),
                    d.raised_by.clone(),
                    d.raised_at.clone(),
                    d.answer.clone().unwrap_or_default(),
                    d.answered_by.clone().unwrap_or_default(),
                    d.answered_at.clone().unwrap_or_default(),
                ]);
            }
            print!("{}", layout(&table));
            Ok(())
        }
        PayCommand::Dispute { person, month, line, note } => {
            let d = pay::dispute(db, &row, month, &person, line, &note, &by()).await?;
            println!("dispute #{} recorded on {}'s line {} ({}) of {month}", d.id, d.person, d.line, d.component);
            Ok(())
        }
        PayCommand::Answer { id, text } => {
            let d = pay::answer(db, &row, id, &text, &by()).await?;
            println!("dispute #{} answered by {}", d.id, d.answered_by.unwrap_or_default());
            Ok(())
        }
    }
}

async fn statement(db: &Db, row: &CompanyRow, person: &str, month: Month, format: ReportFormat, lang: Lang) -> anyhow::Result<()> {
    let org = db.load_org(row.id).await?;
    if !org.people.iter().any(|p| p.code == person) {
        return Err(pay::PayRefusal::UnknownPerson { code: person.to_string() }.into());
    }
    let Some((run, s)) = pay::statement_of(db, row, month, person, true).await? else {
        let runs = db.pay_runs(row.id).await?;
        return match pay::current(&runs, month) {
            Some(r) => {
                println!("{person} has no lines in {month}'s pay run ({}): nothing is paid", r.status);
                Ok(())
            }
            None => Err(pay::PayRefusal::NoRun { month: month.to_string(), status: None }.into()),
        };
    };
    match format {
        ReportFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json!({ "month": month.to_string(), "status": run.status,
            "run_sha256": run.run_sha256, "statement": s }))?
        ),
        _ => print!("{}", statement_text(&s, &run, month, lang)),
    }
    Ok(())
}

/// A statement as text: every line numbered (the number a dispute names),
/// its component, its arithmetic in `lang` and its amount.
fn statement_text(s: &Statement, run: &RunRow, month: Month, lang: Lang) -> String {
    let mut out = format!("Statement of {} for {month} (run {}, sha256 {:.16}…)\n", s.person, run.status, run.run_sha256);
    let mut table = vec![["#", "COMPONENT", "KIND", "AMOUNT", "HOW"].map(String::from).to_vec()];
    for (i, l) in s.lines.iter().enumerate() {
        let kind = serde_json::to_value(l.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let comp = if l.plan.is_empty() { l.component.clone() } else { format!("{}/{}", l.plan, l.component) };
        table.push(vec![(i + 1).to_string(), comp, kind, l.amount.to_string(), l.text.get(lang).to_string()]);
    }
    out.push_str(&layout(&table));
    out.push_str(&format!("earned {}, paid {}", s.earned, s.total));
    if !s.carried_forward.is_zero() {
        out.push_str(&format!(", carried forward {}", s.carried_forward));
    }
    if !s.advance_outstanding.is_zero() {
        out.push_str(&format!(", advances outstanding {}", s.advance_outstanding));
    }
    out.push('\n');
    out
}

fn whatif_json(w: &WhatIf) -> serde_json::Value {
    json!({
        "active_total": w.active_total.to_string(), "draft_total": w.draft_total.to_string(), "delta": w.delta.to_string(),
        "people": w.people.iter().map(|p| json!({
            "person": p.person, "active": p.active.to_string(), "draft": p.draft.to_string(), "delta": p.delta.to_string(),
            "why": p.why.iter().map(|c| json!({ "component": c.component, "active": c.active.to_string(),
                "draft": c.draft.to_string(), "delta": c.delta.to_string() })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn whatif_table(w: &pay::WhatIfRun, month: Month) -> String {
    let r = &w.result;
    let mut out = format!(
        "What-if {month}: draft {} v{} beside {} v{} (nothing saved)\n",
        w.draft.code, w.draft.version, w.active.code, w.active.version
    );
    let mut table = vec![["PERSON", "ACTIVE", "DRAFT", "DIFFERENCE", "WHY"].map(String::from).to_vec()];
    for p in &r.people {
        let why: Vec<String> = p.why.iter().map(|c| format!("{} {:+}", c.component, c.delta)).collect();
        table.push(vec![p.person.clone(), p.active.to_string(), p.draft.to_string(), format!("{:+}", p.delta), why.join(", ")]);
    }
    table.push(vec!["TOTAL".into(), r.active_total.to_string(), r.draft_total.to_string(), format!("{:+}", r.delta), String::new()]);
    out.push_str(&layout(&table));
    out
}

/// Runs `amoeba partner …`.
pub async fn partner(db: &Db, company: Option<&str>, c: PartnerCommand, lang: Lang) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let PartnerCommand::Exit { person, date, agreement } = c;
    let v = pay::partner_exit(db, &row, &person, date, agreement.as_deref()).await?;
    println!("Exit value of {person} on {date} under {}:", v.agreement);
    for l in &v.lines {
        println!("  {}", l.text.get(lang));
    }
    println!("= {}", v.value);
    Ok(())
}
