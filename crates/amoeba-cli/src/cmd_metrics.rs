//! `amoeba report metrics`: cross-border metrics per unit with peers.

use crate::cli::ReportFormat;
use crate::cmd_org::{pad, width};
use amoeba_app::metrics::{metric_code, unit_metrics, METRICS};
use amoeba_core::Month;
use amoeba_store::Db;

fn show(v: Option<rust_decimal::Decimal>) -> String {
    v.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

pub async fn run(db: &Db, company: Option<&str>, period: Month, format: ReportFormat) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let report = unit_metrics(db, &row, period).await?;
    match format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["unit", "name", "peer_group", "metric", "value", "rank", "peer_average", "peer_peak"])?;
            for u in &report.units {
                for (code, m) in &u.metrics {
                    w.write_record([
                        u.unit.clone(),
                        u.name.clone(),
                        u.peer_group.clone(),
                        code.to_string(),
                        show(m.value),
                        m.rank.map(|r| r.to_string()).unwrap_or_default(),
                        show(m.peer_average),
                        show(m.peer_peak),
                    ])?;
                }
            }
            print!("{}", String::from_utf8(w.into_inner()?)?);
        }
        ReportFormat::Table => {
            let mut rows: Vec<Vec<String>> = vec![{
                let mut h = vec!["UNIT".to_string(), "PEERS".into()];
                h.extend(METRICS.iter().map(|m| metric_code(*m).to_uppercase()));
                h
            }];
            for u in &report.units {
                let mut r = vec![u.unit.clone(), u.peer_group.clone()];
                for m in METRICS {
                    let v = &u.metrics[metric_code(m)];
                    r.push(match (v.value, v.rank) {
                        (Some(x), Some(k)) => format!("{x} #{k}"),
                        (x, _) => show(x),
                    });
                }
                rows.push(r);
            }
            let widths: Vec<usize> = (0..rows[0].len()).map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
            println!("Metrics {period} (subtree figures; #rank among peers of the same kind and depth; ratios as fractions)");
            for r in rows {
                println!("{}", r.iter().enumerate().map(|(i, c)| pad(c, widths[i])).collect::<Vec<_>>().join("  ").trim_end());
            }
        }
    }
    Ok(())
}
