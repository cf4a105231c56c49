//! `amoeba report metrics`: cross-border metrics per unit with peers, as a
//! table, JSON, CSV or XLSX.

use crate::cli::ReportFormat;
use crate::cmd_org::{pad, width};
use crate::report_out::{xlsx, Cell, Destination, Sheet};
use amoeba_app::metrics::{unit_metrics, MetricsReport, METRICS};
use amoeba_core::csv_safe::neutralise;
use amoeba_core::Month;
use amoeba_store::Db;
use std::path::PathBuf;

fn show(v: Option<rust_decimal::Decimal>) -> String {
    v.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// Columns of the CSV and XLSX: one row per unit and metric, so a
/// spreadsheet can filter or pivot by metric.
const LONG_HEADER: [&str; 8] = ["unit", "name", "peer_group", "metric", "value", "rank", "peer_average", "peer_peak"];

/// Runs `amoeba report metrics`.
pub async fn run(db: &Db, company: Option<&str>, period: Month, format: ReportFormat, output: Option<PathBuf>) -> anyhow::Result<()> {
    let dest = Destination::new(output, format == ReportFormat::Xlsx)?;
    let row = db.company(company).await?;
    let report = unit_metrics(db, &row, period).await?;
    let bytes = match format {
        ReportFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report)?).into_bytes(),
        ReportFormat::Csv => as_csv(&report)?.into_bytes(),
        ReportFormat::Table => as_table(&report).into_bytes(),
        ReportFormat::Xlsx => xlsx(&as_sheet(&report))?,
    };
    dest.write(&bytes)
}

fn as_csv(report: &MetricsReport) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(LONG_HEADER)?;
    for u in &report.units {
        for m in METRICS {
            let v = &u.metrics[m.code()];
            // Text from the org file is neutralised; the figures are numbers and stay as they are.
            w.write_record([
                neutralise(&u.unit).into_owned(),
                neutralise(&u.name).into_owned(),
                neutralise(&u.peer_group).into_owned(),
                m.code().to_string(),
                show(v.value),
                v.rank.map(|r| r.to_string()).unwrap_or_default(),
                show(v.peer_average),
                show(v.peer_peak),
            ])?;
        }
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// The CSV's rows as a worksheet, figures as numbers with their metric's places.
fn as_sheet(report: &MetricsReport) -> Sheet {
    let mut rows = Vec::new();
    for u in &report.units {
        for m in METRICS {
            let v = &u.metrics[m.code()];
            rows.push(vec![
                Cell::text(&u.unit),
                Cell::text(&u.name),
                Cell::text(&u.peer_group),
                Cell::text(m.code()),
                Cell::num(v.value, m.dp()),
                v.rank.map(|r| Cell::Int(i64::from(r))).unwrap_or(Cell::Empty),
                Cell::num(v.peer_average, m.dp()),
                Cell::num(v.peer_peak, m.dp()),
            ]);
        }
    }
    Sheet { name: format!("Metrics {}", report.month), header: LONG_HEADER.iter().map(|h| h.to_string()).collect(), rows }
}

fn as_table(report: &MetricsReport) -> String {
    let mut rows: Vec<Vec<String>> = vec![{
        let mut h = vec!["UNIT".to_string(), "PEERS".into()];
        h.extend(METRICS.iter().map(|m| m.code().to_uppercase()));
        h
    }];
    for u in &report.units {
        let mut r = vec![u.unit.clone(), u.peer_group.clone()];
        for m in METRICS {
            let v = &u.metrics[m.code()];
            r.push(match (v.value, v.rank) {
                (Some(x), Some(k)) => format!("{x} #{k}"),
                (x, _) => show(x),
            });
        }
        rows.push(r);
    }
    let widths: Vec<usize> = (0..rows[0].len()).map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
    let mut out = format!(
        "Metrics {} (subtree figures; #rank among peers of the same kind and depth; ratios as fractions; \
         LTV = gross margin per customer of the {} first-order cohort over {} days)\n",
        report.month, report.ltv_cohort, report.ltv_horizon_days
    );
    for r in rows {
        out.push_str(r.iter().enumerate().map(|(i, c)| pad(c, widths[i])).collect::<Vec<_>>().join("  ").trim_end());
        out.push('\n');
    }
    out
}
