//! `amoeba alerts rules FILE|run --day D|list|ack ID`: risk alerts
//! (docs/oversight.md, "Alerts"). The rules file is stored whole or refused
//! with every problem; a day's run stores the episodes; the figures and
//! their sentences are the core's.

use crate::cli::Format;
use amoeba_app::alerts::rules_file::import_rules;
use amoeba_app::alerts::run::run_day;
use amoeba_app::alerts::view::{acknowledge, episodes};
use amoeba_core::{Lang, Refusal};
use amoeba_store::Db;
use chrono::NaiveDate;
use clap::Subcommand;
use serde_json::json;
use std::path::PathBuf;

/// `amoeba alerts …`.
#[derive(Subcommand, Debug)]
pub enum AlertsCommand {
    /// Import the alert rules (TOML: thresholds per company, unit or store, storage fee tables), replacing the rules in force; all or nothing.
    Rules {
        /// The rules file.
        file: PathBuf,
    },
    /// Evaluate the rules on a day from stored data; new episodes are printed, ongoing ones are not repeated.
    Run {
        /// The day (YYYY-MM-DD); default today.
        #[arg(long)]
        day: Option<NaiveDate>,
    },
    /// The alert episodes, open ones first.
    List {
        /// Ended episodes too.
        #[arg(long)]
        all: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Acknowledge an episode with a note (kept with who and when).
    Ack {
        /// The episode's number (from `alerts list`).
        id: i64,
        /// Who acknowledges it (a login).
        #[arg(long)]
        by: String,
        /// What is being done about it.
        note: String,
    },
}

/// Runs an `alerts` command, writing messages in `lang`.
pub async fn run(db: &Db, company: Option<&str>, c: AlertsCommand, lang: Lang) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    match c {
        AlertsCommand::Rules { file } => {
            let name = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
            let rules = import_rules(db, &row, &name, &text, "cli").await?;
            println!("{}", lang.pick("已导入预警规则：", "alert rules imported: "));
            println!("  {} {}", rules.rules.len(), lang.pick("个范围", "scope(s)"));
            println!("  {} {}", rules.storage_fees.len(), lang.pick("张仓储费表", "storage fee table(s)"));
        }
        AlertsCommand::Run { day } => {
            let day = day.unwrap_or(today);
            let r = run_day(db, &row, day).await?;
            if !r.has_rules {
                anyhow::bail!(
                    "{}",
                    lang.pick("尚未导入预警规则（amoeba alerts rules FILE）", "no alert rules imported yet (amoeba alerts rules FILE)")
                );
            }
            for p in &r.problems {
                eprintln!("warning: {p}");
            }
            for a in &r.new {
                println!("{} {}", lang.pick("新预警", "NEW"), a.render(lang));
            }
            println!(
                "{day}: {} {}, {} {}, {} {}, {} {}",
                r.evaluated,
                lang.pick("项已评估", "evaluated"),
                r.new.len(),
                lang.pick("项新预警", "new"),
                r.continuing,
                lang.pick("项持续", "continuing"),
                r.ended,
                lang.pick("项已解除", "ended"),
            );
        }
        AlertsCommand::List { all, format } => {
            let list = episodes(db, &row, !all, |_| true).await?;
            match format {
                Format::Json => {
                    let v: Vec<_> = list
                        .iter()
                        .map(|e| {
                            json!({
                                "id": e.id, "code": e.alert.detail.code(), "subject": e.alert.subject.describe(),
                                "unit": e.unit, "store": e.store, "opened": e.opened, "last_day": e.last_day, "ended": e.ended,
                                "reason": e.alert.detail.render(lang),
                                "acknowledged": e.acknowledged.as_ref().map(|a| json!({"by": a.by, "on": a.on, "note": a.note})),
                            })
                        })
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&v)?);
                }
                Format::Table => {
                    if list.is_empty() {
                        println!("{}", lang.pick("没有预警", "no alerts"));
                    }
                    for e in &list {
                        let state = match e.ended {
                            Some(d) => format!("{} {d}", lang.pick("已解除", "ended")),
                            None => lang.pick("进行中", "open").to_string(),
                        };
                        println!("#{} {} {}..{} {state}: {}", e.id, e.alert.detail.code(), e.opened, e.last_day, e.alert.render(lang));
                        if let Some(a) = &e.acknowledged {
                            println!("    {} {} {}: {}", lang.pick("已确认", "acknowledged"), a.by, a.on, a.note);
                        }
                    }
                }
            }
        }
        AlertsCommand::Ack { id, by, note } => {
            let e = acknowledge(db, &row, id, &by, today, &note, |_| true).await?;
            println!("#{} {} {by} {today}", e.id, lang.pick("已确认", "acknowledged by"));
        }
    }
    Ok(())
}
