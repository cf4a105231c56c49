//! `amoeba operator contract|report|note`: third-party operator (代运营)
//! contracts with their target against actual and trial verdict, and the
//! weekly or monthly report of a contract's stores with the exact cause of
//! the sales change (docs/oversight.md). Figures are the core's; this lays
//! them out as a table, JSON, CSV or XLSX.

use crate::cli::{Format, ReportFormat};
use crate::cmd_org::{pad, width};
use crate::report_out::{xlsx, Cell, Destination, Sheet};
use amoeba_app::oversight::contracts::{contract, contract_view, contracts, parse_contract, save_contract, ContractView};
use amoeba_app::oversight::layout::{contract_document, footnotes, header, lines, report_document, Line};
use amoeba_app::oversight::report::{add_note, parse_period, report, NoteKind, ReportView};
use amoeba_core::csv_safe::neutralise;
use amoeba_core::oversight::report::ReportPeriod;
use amoeba_core::{Lang, Refusal};
use amoeba_store::Db;
use clap::{Subcommand, ValueEnum};
use rust_decimal::Decimal;
use serde_json::json;
use std::path::PathBuf;

/// `amoeba operator …`.
#[derive(Subcommand, Debug)]
pub enum OperatorCommand {
    /// Operator contracts: save one from a TOML file, list them, show one's months and trial verdict.
    #[command(subcommand)]
    Contract(ContractCommand),
    /// The weekly (2026-W10) or monthly (2026-03) report of a contract's
    /// stores: every figure with its change, the sales change split exactly
    /// into traffic, conversion and order value, and which stores and SKUs moved it.
    Report {
        /// Contract code.
        contract: String,
        /// Week (2026-W10) or month (2026-03).
        #[arg(long)]
        period: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Write to this file instead of standard output (needed for xlsx unless redirected).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write the operator's note, or a leader's comment, on a report (kept with who and when).
    Note {
        /// Contract code.
        contract: String,
        /// Week (2026-W10) or month (2026-03).
        #[arg(long)]
        period: String,
        /// operator (the operator's note) or leader (a comment).
        #[arg(long, value_enum)]
        kind: NoteArg,
        /// Who writes it (a login).
        #[arg(long)]
        author: String,
        /// The text.
        text: String,
    },
}

/// `amoeba operator contract …`.
#[derive(Subcommand, Debug)]
pub enum ContractCommand {
    /// Save a contract from a TOML file (docs/oversight.md); one of the same code is replaced.
    Set {
        /// The contract file.
        file: PathBuf,
    },
    /// List the contracts.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// A contract's months (target against actual, fee) and its trial verdict.
    Show {
        /// Contract code.
        code: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// Who writes a note.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteArg {
    /// The operator.
    Operator,
    /// A leader or owner.
    Leader,
}

fn period_of(s: &str) -> anyhow::Result<ReportPeriod> {
    parse_period(s).ok_or_else(|| anyhow::anyhow!("'{s}' is neither a week (2026-W10) nor a month (2026-03)"))
}

/// Runs `amoeba operator …`.
pub async fn run(db: &Db, company: Option<&str>, c: OperatorCommand) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    match c {
        OperatorCommand::Contract(ContractCommand::Set { file }) => {
            let name = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|e| Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
            let c = parse_contract(&name, &text)?;
            save_contract(db, &row, &c, "cli").await?;
            println!(
                "saved contract {} ({} for {}, from {} for {} months, trial {} months)",
                c.code,
                c.operator,
                c.stores.join(", "),
                c.start,
                c.months,
                c.trial_months
            );
        }
        OperatorCommand::Contract(ContractCommand::List { format }) => {
            let all = contracts(db, &row).await?;
            match format {
                Format::Json => {
                    let v: Vec<_> =
                        all.iter().map(|s| json!({"contract": s.contract, "saved_by": s.saved_by, "saved_at": s.saved_at})).collect();
                    println!("{}", serde_json::to_string_pretty(&v)?);
                }
                Format::Table => {
                    for s in &all {
                        let c = &s.contract;
                        println!(
                            "{}  {}  {}  {}..{}  trial to {}",
                            c.code,
                            c.operator,
                            c.stores.join(","),
                            c.start,
                            c.end(),
                            c.trial_end()
                        );
                    }
                }
            }
        }
        OperatorCommand::Contract(ContractCommand::Show { code, format }) => {
            let stored = contract(db, &row, &code).await?;
            let v = contract_view(db, &row, stored, today).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&contract_document(&v))?),
                Format::Table => print!("{}", contract_table(&v, Lang::En)),
            }
            for p in v.problems.iter().take(20) {
                eprintln!("warning: {p}");
            }
        }
        OperatorCommand::Report { contract: code, period, format, output } => {
            let period = period_of(&period)?;
            let dest = Destination::new(output, format == ReportFormat::Xlsx)?;
            let stored = contract(db, &row, &code).await?;
            let v = report(db, &row, &code, &stored.contract.stores, period, today).await?;
            let lang = Lang::En;
            let bytes = match format {
                ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report_document(&v, lang))?).into_bytes(),
                ReportFormat::Csv => report_csv(&v, lang)?.into_bytes(),
                ReportFormat::Table => report_table(&v, lang, &row.company.base_currency.to_string()).into_bytes(),
                ReportFormat::Xlsx => xlsx(&report_sheet(&v, lang))?,
            };
            dest.write(&bytes)?;
            for p in v.problems.iter().take(20) {
                eprintln!("warning: {p}");
            }
        }
        OperatorCommand::Note { contract: code, period, kind, author, text } => {
            let period = period_of(&period)?;
            contract(db, &row, &code).await?;
            let kind = match kind {
                NoteArg::Operator => NoteKind::Operator,
                NoteArg::Leader => NoteKind::Leader,
            };
            match add_note(db, &row, &code, period, kind, &author, &text).await? {
                Some(id) => println!("note #{id} added to {code} {period}"),
                None => anyhow::bail!("the note is empty; nothing was stored"),
            }
        }
    }
    Ok(())
}

fn shown(v: Option<Decimal>, dp: u32) -> String {
    v.map(|d| format!("{:.*}", dp as usize, d.round_dp(dp))).unwrap_or_default()
}

fn report_csv(v: &ReportView, lang: Lang) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "code", "name", "previous", "current", "change", "change_pct", "points_or_share"])?;
    for l in lines(v, lang) {
        w.write_record([
            l.section.code().to_string(),
            neutralise(&l.code).into_owned(),
            neutralise(&l.name).into_owned(),
            shown(l.previous, l.dp),
            shown(l.current, l.dp),
            shown(l.change, l.dp),
            shown(l.change_pct, 1),
            shown(l.extra, 1),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn report_sheet(v: &ReportView, lang: Lang) -> Sheet {
    let rows = lines(v, lang)
        .into_iter()
        .map(|l: Line| {
            vec![
                Cell::text(l.section.label(lang)),
                Cell::text(l.name),
                Cell::num(l.previous, l.dp),
                Cell::num(l.current, l.dp),
                Cell::num(l.change, l.dp),
                Cell::num(l.change_pct, 1),
                Cell::num(l.extra, 1),
            ]
        })
        .collect();
    Sheet { name: format!("{} {}", v.contract, v.report.period), header: header(lang).iter().map(|s| s.to_string()).collect(), rows }
}

fn report_table(v: &ReportView, lang: Lang, currency: &str) -> String {
    let r = &v.report;
    let mut out = format!(
        "Operator report {} (against {}), contract {}, stores {}; money in {currency}\n",
        r.period,
        r.previous_period,
        v.contract,
        v.stores.join(", ")
    );
    let all = lines(v, lang);
    let h = header(lang);
    let cells: Vec<[String; 6]> = all
        .iter()
        .map(|l| {
            [
                l.name.clone(),
                shown(l.previous, l.dp),
                shown(l.current, l.dp),
                shown(l.change, l.dp),
                shown(l.change_pct, 1),
                shown(l.extra, 1),
            ]
        })
        .collect();
    let mut w = [h[1], h[2], h[3], h[4], h[5], h[6]].map(width);
    for c in &cells {
        for (i, s) in c.iter().enumerate() {
            w[i] = w[i].max(width(s));
        }
    }
    let mut section = None;
    for (l, c) in all.iter().zip(&cells) {
        if section != Some(l.section) {
            section = Some(l.section);
            out.push_str(&format!("\n{}\n", l.section.label(lang)));
            out.push_str(&format!("  {}", pad(h[1], w[0])));
            for (i, t) in [h[2], h[3], h[4], h[5], h[6]].iter().enumerate() {
                out.push_str(&format!("  {:>w$}", t, w = w[i + 1]));
            }
            out.push('\n');
        }
        out.push_str(&format!("  {}", pad(&c[0], w[0])));
        for (text, w) in c.iter().zip(w).skip(1) {
            out.push_str(&format!("  {text:>w$}"));
        }
        out.push('\n');
    }
    out.push('\n');
    for f in footnotes(v, lang) {
        out.push_str(&format!("* {f}\n"));
    }
    for n in &v.notes {
        out.push_str(&format!("[{}] {} at {}: {}\n", n.kind, n.author, n.written_at, n.body));
    }
    out
}

fn contract_table(v: &ContractView, lang: Lang) -> String {
    let c = &v.stored.contract;
    let mut out = format!(
        "Contract {}: operator {}, stores {}, {}..{} (trial to {})\n\nmonth      target sales   actual sales   target profit   actual profit   met   fee\n",
        c.code,
        c.operator,
        c.stores.join(", "),
        c.start,
        c.end(),
        c.trial_end()
    );
    for m in &v.months {
        let t = m.target.as_ref();
        let a = m.actual.as_ref();
        let met = match m.met {
            Some(true) => "yes",
            Some(false) => "no",
            None => "-",
        };
        out.push_str(&format!(
            "{}  {:>13}  {:>13}  {:>14}  {:>14}  {:>4}  {:>10}\n",
            m.month,
            shown(t.and_then(|t| t.sales), 2),
            shown(a.map(|a| a.sales), 2),
            shown(t.and_then(|t| t.profit), 2),
            shown(a.map(|a| a.profit), 2),
            met,
            shown(m.fee.map(|f| f.total), 2),
        ));
    }
    let vd = &v.verdict;
    let passed = match vd.passed {
        Some(true) => "passed",
        Some(false) => "not passed",
        None => "not decided yet (the trial is not over or lacks actuals)",
    };
    out.push_str(&format!(
        "\nTrial verdict: {passed}; {} of {} judged months met; fees over the trial {}; sales trend: {}\n",
        vd.months_met,
        vd.months_judged,
        shown(Some(vd.fees), 2),
        vd.trend.label(lang)
    ));
    out
}
