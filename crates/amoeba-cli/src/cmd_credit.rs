//! `amoeba report credit`: who earned each sale — per unit, role and
//! person (and each role's uncredited bucket) with the rules behind the
//! credit, as a table, JSON, CSV or XLSX. The figures are the core's credit
//! lines (`amoeba_core::credit::credit_lines`) over the month as it counts
//! today; the CLI only lays them out.

use crate::cli::ReportFormat;
use crate::cmd_org::{pad, width};
use crate::report_out::{xlsx, Cell, Destination, Sheet};
use amoeba_core::credit::{credit_lines, rules_of, CreditLine};
use amoeba_core::csv_safe::neutralise;
use amoeba_core::money::MONEY_DP;
use amoeba_core::{Lang, Month};
use amoeba_store::Db;
use serde_json::json;
use std::path::PathBuf;

const HEADER: [&str; 12] =
    ["unit", "role", "person", "name", "sales", "refunds", "cogs", "gross_profit", "units", "orders", "cash_collected", "rules"];

/// A line with the person's name and rules, ready to lay out.
struct Row {
    line: CreditLine,
    name: String,
    rules: String,
}

/// Runs `amoeba report credit`.
pub async fn run(
    db: &Db,
    company: Option<&str>,
    period: Month,
    person: Option<String>,
    format: ReportFormat,
    output: Option<PathBuf>,
) -> anyhow::Result<()> {
    let dest = Destination::new(output, format == ReportFormat::Xlsx)?;
    let row = db.company(company).await?;
    let org = db.load_org(row.id).await?;
    if let Some(p) = &person {
        anyhow::ensure!(org.people.iter().any(|x| &x.code == p), "unknown person '{p}'");
    }
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    let credit = amoeba_app::credit::month_credit(db, &row, period, today).await?;
    let to = credit.as_of.unwrap_or(period.last_day());
    let lines = credit_lines(&credit.days, period.first_day(), to, person.as_deref());
    let rows: Vec<Row> = lines
        .into_iter()
        .map(|line| {
            let (name, rules) = match &line.person {
                Some(p) => (
                    org.people.iter().find(|x| &x.code == p).map(|x| x.name.clone()).unwrap_or_default(),
                    rules_of(&org, p, &line.role, period.first_day(), to, Lang::En).join("; "),
                ),
                None => ("(uncredited)".to_string(), String::new()),
            };
            Row { line, name, rules }
        })
        .collect();
    let bytes = match format {
        ReportFormat::Json => {
            let rows: Vec<_> = rows
                .iter()
                .map(|r| {
                    let f = &r.line.figures;
                    json!({
                        "unit": r.line.unit, "role": r.line.role, "person": r.line.person, "name": r.name,
                        "sales": f.sales.to_string(), "refunds": f.refunds.to_string(), "cogs": f.cogs.to_string(),
                        "gross_profit": f.gross_profit().to_string(), "units": f.units, "orders": f.orders,
                        "cash_collected": f.cash_collected.to_string(), "rules": r.rules,
                    })
                })
                .collect();
            let problems: Vec<&str> = credit.problems.iter().map(|p| p.en.as_str()).collect();
            let doc =
                json!({ "month": period.to_string(), "as_of": credit.as_of.map(|d| d.to_string()), "lines": rows, "problems": problems });
            format!("{}\n", serde_json::to_string_pretty(&doc)?).into_bytes()
        }
        ReportFormat::Csv => as_csv(&rows)?.into_bytes(),
        ReportFormat::Table => as_table(period, credit.as_of, &rows).into_bytes(),
        ReportFormat::Xlsx => xlsx(&as_sheet(period, &rows))?,
    };
    dest.write(&bytes)?;
    for p in credit.problems.iter().take(20) {
        let en = &p.en;
        eprintln!("warning: {en}");
    }
    Ok(())
}

fn figures(r: &Row) -> [String; 7] {
    let f = &r.line.figures;
    [
        f.sales.to_string(),
        f.refunds.to_string(),
        f.cogs.to_string(),
        f.gross_profit().to_string(),
        f.units.to_string(),
        f.orders.to_string(),
        f.cash_collected.to_string(),
    ]
}

fn as_csv(rows: &[Row]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER)?;
    for r in rows {
        let mut rec = vec![
            neutralise(&r.line.unit).into_owned(),
            neutralise(&r.line.role).into_owned(),
            neutralise(r.line.person.as_deref().unwrap_or("")).into_owned(),
            neutralise(&r.name).into_owned(),
        ];
        rec.extend(figures(r));
        rec.push(neutralise(&r.rules).into_owned());
        w.write_record(rec)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn as_sheet(period: Month, rows: &[Row]) -> Sheet {
    let rows = rows
        .iter()
        .map(|r| {
            let f = &r.line.figures;
            vec![
                Cell::text(&r.line.unit),
                Cell::text(&r.line.role),
                Cell::text(r.line.person.clone().unwrap_or_default()),
                Cell::text(&r.name),
                Cell::num(Some(f.sales), MONEY_DP),
                Cell::num(Some(f.refunds), MONEY_DP),
                Cell::num(Some(f.cogs), MONEY_DP),
                Cell::num(Some(f.gross_profit()), MONEY_DP),
                Cell::Int(f.units),
                Cell::Int(f.orders),
                Cell::num(Some(f.cash_collected), MONEY_DP),
                Cell::text(&r.rules),
            ]
        })
        .collect();
    Sheet { name: format!("Credit {period}"), header: HEADER.iter().map(|h| h.to_string()).collect(), rows }
}

fn as_table(period: Month, as_of: Option<chrono::NaiveDate>, rows: &[Row]) -> String {
    let mut table: Vec<Vec<String>> = vec![HEADER.iter().map(|h| h.to_uppercase()).collect()];
    for r in rows {
        let mut line = vec![r.line.unit.clone(), r.line.role.clone(), r.line.person.clone().unwrap_or_else(|| "-".into()), r.name.clone()];
        line.extend(figures(r));
        line.push(r.rules.clone());
        table.push(line);
    }
    let widths: Vec<usize> = (0..HEADER.len()).map(|i| table.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
    let as_of = as_of.map(|d| format!(", to {d}")).unwrap_or_default();
    let mut out =
        format!("Credit {period}{as_of} (per unit and role, each role's people plus its uncredited bucket add up to the unit's figures)\n");
    for r in table {
        out.push_str(r.iter().enumerate().map(|(i, c)| pad(c, widths[i])).collect::<Vec<_>>().join("  ").trim_end());
        out.push('\n');
    }
    out
}
