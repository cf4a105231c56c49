//! `amoeba report pnl`: the unit P&L as a table, JSON, CSV or XLSX.

use crate::cli::{ReportCommand, ReportFormat};
use crate::cmd_org::pad;
use crate::report_out::{xlsx, Cell, Destination, Sheet};
use amoeba_core::accounting::{Lines, MonthPnl, PnlLine};
use amoeba_core::csv_safe::neutralise;
use amoeba_core::money::MONEY_DP;
use amoeba_core::org::Org;
use amoeba_store::Db;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// Runs `amoeba report …`: the P&L here, metrics in [`crate::cmd_metrics`].
pub async fn run(db: &Db, company: Option<&str>, r: ReportCommand) -> anyhow::Result<()> {
    let (period, unit, day, format, output) = match r {
        ReportCommand::Pnl { period, unit, day, format, output } => (period, unit, day, format, output),
        ReportCommand::Metrics { period, format, output } => return crate::cmd_metrics::run(db, company, period, format, output).await,
        ReportCommand::Credit { period, person, format, output } => {
            return crate::cmd_credit::run(db, company, period, person, format, output).await
        }
    };
    let dest = Destination::new(output, format == ReportFormat::Xlsx)?;
    if let Some(d) = day {
        anyhow::ensure!(period.contains(d), "--day {d} is not in --period {period}");
    }
    let row = db.company(company).await?;
    let org = db.load_org(row.id).await?;
    if let Some(u) = &unit {
        anyhow::ensure!(org.unit(u).is_some(), "unknown unit '{u}'");
    }
    // The month as it counts today: the month in progress to its last day
    // with data, its monthly costs for the days elapsed (as on the board).
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    let mtd = amoeba_app::accounting::month_to_date(db, &row, period, today).await?;
    let pnl = &mtd.pnl;
    let rows = rows(&org, pnl, unit.as_deref(), day);
    let bytes = match format {
        ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&as_json(pnl, &rows, day, mtd.as_of))?).into_bytes(),
        ReportFormat::Csv => as_csv(&rows)?.into_bytes(),
        ReportFormat::Table => as_table(pnl, &rows, day).into_bytes(),
        ReportFormat::Xlsx => xlsx(&as_sheet(pnl, &rows, day))?,
    };
    dest.write(&bytes)?;
    match mtd.as_of {
        Some(d) if !mtd.whole_month => {
            eprintln!("note: {period} is in progress: figures to {d}; costs booked for the month (labour…) count for the days elapsed")
        }
        None => eprintln!("note: {period} has no data yet"),
        _ => {}
    }
    for e in pnl.errors.iter().take(20) {
        eprintln!("warning: {e}");
    }
    if pnl.errors.len() > 20 {
        eprintln!("warning: … and {} more problems", pnl.errors.len() - 20);
    }
    Ok(())
}

/// One report row: a unit (rolled up its subtree) or the group.
struct Row {
    code: String,
    name: String,
    kind: String,
    parent: Option<String>,
    depth: usize,
    lines: Lines,
    hourly_efficiency: Option<Decimal>,
    /// FX gain/loss of settlements deposited in the month (whole month
    /// only: it is not spread over days), outside operating profit.
    fx_gain_loss: Option<Decimal>,
}

fn rows(org: &Org, pnl: &MonthPnl, only: Option<&str>, day: Option<chrono::NaiveDate>) -> Vec<Row> {
    let units: Vec<&amoeba_core::org::Unit> = match only {
        Some(code) => org.subtree(code),
        None => org.roots().into_iter().flat_map(|r| org.subtree(&r.code)).collect(),
    };
    let mut out: Vec<Row> = units
        .into_iter()
        .filter_map(|u| {
            let p = pnl.units.get(&u.code)?;
            let lines = match day {
                Some(d) => p.rolled_up_by_day.get(&d).cloned().unwrap_or_else(Lines::zero),
                None => p.rolled_up.clone(),
            };
            Some(Row {
                code: u.code.clone(),
                name: u.name.clone(),
                kind: u.kind.as_str().into(),
                parent: u.parent.clone(),
                depth: org.depth(&u.code),
                hourly_efficiency: if day.is_some() { lines.hourly_efficiency() } else { p.hourly_efficiency_rolled_up },
                fx_gain_loss: day.is_none().then_some(p.fx_gain_loss_rolled_up),
                lines,
            })
        })
        .collect();
    if only.is_none() {
        let group = match day {
            Some(d) => pnl.group_by_day.get(&d).cloned().unwrap_or_else(Lines::zero),
            None => pnl.group.clone(),
        };
        out.push(Row {
            code: "TOTAL".into(),
            name: org.company.name.clone(),
            kind: "group".into(),
            parent: None,
            depth: 0,
            hourly_efficiency: group.hourly_efficiency(),
            fx_gain_loss: day.is_none().then_some(pnl.group_fx_gain_loss),
            lines: group,
        });
    }
    out
}

fn as_json(pnl: &MonthPnl, rows: &[Row], day: Option<chrono::NaiveDate>, as_of: Option<chrono::NaiveDate>) -> Value {
    let units: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut lines = Map::new();
            for l in PnlLine::ALL {
                lines.insert(l.as_str().into(), json!(r.lines.get(l).to_string()));
            }
            json!({
                "code": r.code, "name": r.name, "kind": r.kind, "parent": r.parent,
                "lines": lines,
                "hourly_efficiency": r.hourly_efficiency.map(|h| h.to_string()),
                "fx_gain_loss": r.fx_gain_loss.map(|h| h.to_string()),
            })
        })
        .collect();
    json!({
        "month": pnl.month.to_string(),
        "day": day,
        "as_of": as_of,
        "base_currency": pnl.base_currency.to_string(),
        "units": units,
        "fx_gain_loss": pnl.group_fx_gain_loss.to_string(),
        "settlements_fx": pnl.fx.iter().map(|f| json!({
            "settlement": f.settlement, "settled": f.settled.to_string(), "booked": f.booked.to_string(), "gain_loss": f.gain_loss.to_string(),
        })).collect::<Vec<_>>(),
        "problems": pnl.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
    })
}

fn as_csv(rows: &[Row]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["unit".to_string(), "name".into(), "kind".into(), "parent".into()];
    header.extend(PnlLine::ALL.iter().map(|l| l.as_str().to_string()));
    header.push("hourly_efficiency".into());
    header.push("fx_gain_loss".into());
    w.write_record(&header)?;
    for r in rows {
        // Text from the org file is neutralised; the amounts are numbers and stay as they are.
        let text = [r.code.as_str(), &r.name, &r.kind, r.parent.as_deref().unwrap_or_default()];
        let mut rec: Vec<String> = text.iter().map(|t| neutralise(t).into_owned()).collect();
        rec.extend(PnlLine::ALL.iter().map(|l| r.lines.get(*l).to_string()));
        rec.push(r.hourly_efficiency.map(|h| h.to_string()).unwrap_or_default());
        rec.push(r.fx_gain_loss.map(|h| h.to_string()).unwrap_or_default());
        w.write_record(&rec)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// The CSV's columns as one worksheet, amounts as numbers.
fn as_sheet(pnl: &MonthPnl, rows: &[Row], day: Option<chrono::NaiveDate>) -> Sheet {
    let mut header = vec!["unit".to_string(), "name".into(), "kind".into(), "parent".into()];
    header.extend(PnlLine::ALL.iter().map(|l| l.as_str().to_string()));
    header.push("hourly_efficiency".into());
    header.push("fx_gain_loss".into());
    let when = day.map(|d| d.to_string()).unwrap_or_else(|| pnl.month.to_string());
    Sheet {
        name: format!("P&L {when} {}", pnl.base_currency),
        header,
        rows: rows
            .iter()
            .map(|r| {
                let mut cells =
                    vec![Cell::text(&r.code), Cell::text(&r.name), Cell::text(&r.kind), Cell::text(r.parent.clone().unwrap_or_default())];
                // Hours too are shown with two places; the cell holds the exact figure.
                cells.extend(PnlLine::ALL.iter().map(|l| Cell::Num(r.lines.get(*l), MONEY_DP)));
                cells.push(Cell::num(r.hourly_efficiency, MONEY_DP));
                cells.push(Cell::num(r.fx_gain_loss, MONEY_DP));
                cells
            })
            .collect(),
    }
}

fn as_table(pnl: &MonthPnl, rows: &[Row], day: Option<chrono::NaiveDate>) -> String {
    let cols = [
        PnlLine::Sales,
        PnlLine::Refunds,
        PnlLine::Cogs,
        PnlLine::Ads,
        PnlLine::AddedValue,
        PnlLine::Labour,
        PnlLine::Profit,
        PnlLine::Hours,
    ];
    let mut table: Vec<Vec<String>> = vec![{
        let mut h = vec!["UNIT".to_string(), "NAME".into()];
        h.extend(cols.iter().map(|c| c.as_str().to_uppercase()));
        h.push("¥/HOUR".into());
        if day.is_none() {
            h.push("FX G/L".into());
        }
        h
    }];
    for r in rows {
        let mut cells = vec![format!("{}{}", "  ".repeat(r.depth), r.code), r.name.clone()];
        cells.extend(cols.iter().map(|c| format!("{:.2}", r.lines.get(*c))));
        cells.push(r.hourly_efficiency.map(|h| h.to_string()).unwrap_or_else(|| "-".into()));
        if let Some(fx) = r.fx_gain_loss {
            cells.push(format!("{fx:.2}"));
        }
        table.push(cells);
    }
    let widths: Vec<usize> = (0..table[0].len()).map(|i| table.iter().map(|r| crate::cmd_org::width(&r[i])).max().unwrap_or(0)).collect();
    let when = day.map(|d| d.to_string()).unwrap_or_else(|| pnl.month.to_string());
    let mut out = format!(
        "Unit P&L {when} · {} (subtree totals; hourly efficiency = added value ÷ hours; FX G/L outside profit)\n",
        pnl.base_currency
    );
    for r in table {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| if i < 2 { pad(c, widths[i]) } else { format!("{}{c}", " ".repeat(widths[i] - crate::cmd_org::width(c))) })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
