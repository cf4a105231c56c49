//! `amoeba target derive|show`: a unit's annual target from its operating
//! cost, split into months and people (`amoeba_app::goals`, the core's
//! `goals` rules), and every target's attainment and pace.

use crate::grid::{grid, opt, pct};
use amoeba_app::goals::{Derivation, TargetRequest, VersionedTarget};
use amoeba_core::goals::{Combine, MonthHold};
use amoeba_core::{Lang, Month};
use amoeba_store::Db;
use clap::{Subcommand, ValueEnum};
use rust_decimal::Decimal;

/// Output of the target commands.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Out {
    /// Aligned text.
    Table,
    /// JSON (the stored derivation).
    Json,
}

/// `amoeba target …`.
#[derive(Subcommand, Debug)]
pub enum TargetCommand {
    /// Derive a unit's annual sales target and store it as a new version:
    /// operating cost × (1 + uplift) × (1 + stretch), split into months by the
    /// last twelve months' sales and each month into the unit's people by
    /// credited sales per hour. Its months become the unit's sales plans.
    Derive {
        /// The year.
        #[arg(long)]
        year: i32,
        /// The unit (its whole subtree).
        #[arg(long)]
        unit: String,
        /// Annual operating cost in the base currency (default: the ledger's last twelve whole months).
        #[arg(long)]
        cost: Option<Decimal>,
        /// Profit uplift, e.g. 30% or 0.30.
        #[arg(long, default_value = "30%", value_parser = percent)]
        uplift: Decimal,
        /// Stretch, 5–10 % unless --stretch-reason says why, e.g. 8%.
        #[arg(long, default_value = "8%", value_parser = percent)]
        stretch: Decimal,
        /// Add uplift and stretch (cost × (1 + u + s)) instead of compounding them.
        #[arg(long)]
        additive: bool,
        /// Why a stretch outside 5–10 %.
        #[arg(long)]
        stretch_reason: Option<String>,
        /// Hold a month at a figure, MONTH=AMOUNT (e.g. 6=300000); the rest is re-spread. Repeatable.
        #[arg(long = "hold", value_parser = hold)]
        holds: Vec<MonthHold>,
        /// Whole months of the people's efficiency look-back.
        #[arg(long, default_value_t = amoeba_app::goals::DEFAULT_LOOKBACK_MONTHS)]
        lookback: u32,
        /// Show what would be stored, store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Out::Table)]
        format: Out,
    },
    /// The targets in force with attainment and the pace still needed, for a month and its year.
    Show {
        /// Month, YYYY-MM (default: this month).
        #[arg(long)]
        month: Option<Month>,
        /// Only this unit.
        #[arg(long)]
        unit: Option<String>,
        /// Only this person's targets.
        #[arg(long)]
        person: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Out::Table)]
        format: Out,
    },
}

/// `30%` or `0.30`.
pub fn percent(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<Decimal>().map(|d| d / Decimal::ONE_HUNDRED).map_err(|e| format!("'{s}': {e}")),
        None => t.parse::<Decimal>().map_err(|e| format!("'{s}': {e}")),
    }
}

fn hold(s: &str) -> Result<MonthHold, String> {
    let (m, a) = s.split_once('=').ok_or_else(|| format!("'{s}' is not MONTH=AMOUNT"))?;
    let month: u32 = m.trim().parse().map_err(|_| format!("'{m}' is not a month number 1–12"))?;
    let amount: Decimal = a.trim().parse().map_err(|_| format!("'{a}' is not an amount"))?;
    Ok(MonthHold { month, amount })
}

fn print_derivation(d: &Derivation, version: Option<i64>) {
    let combine = match d.annual.combine {
        Combine::Compounding => "compounding",
        Combine::Additive => "additive",
    };
    let v = version.map(|v| format!(" v{v}")).unwrap_or_else(|| " (dry run: not stored)".into());
    println!("target {} {}{v}, derived on {} — {combine}", d.year, d.unit, d.derived_on);
    match &d.cost {
        amoeba_app::goals::CostBasis::Given => println!("  operating cost given: {}", d.annual.input.operating_cost),
        amoeba_app::goals::CostBasis::Ledger(b) => {
            let (from, to) = (b.window.first().map(|m| m.month.to_string()), b.window.last().map(|m| m.month.to_string()));
            println!(
                "  operating cost from the ledger, {} – {}: {} in {} month(s) with data{}",
                opt(from),
                opt(to),
                b.cost_in_window,
                b.months_with_data,
                if b.annualised { format!(" → annualised ×12÷{} = {}", b.months_with_data, b.operating_cost) } else { String::new() }
            );
        }
    }
    for s in &d.annual.steps {
        println!("  {:<28} {}", s.kind.label(Lang::En), s.arithmetic);
    }
    println!("  annual target {}", d.annual.target);
    let basis = serde_json::to_value(d.months.basis).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    println!(
        "  months by {basis}{}",
        if d.closed_held.is_empty() { String::new() } else { format!(", closed months held: {:?}", d.closed_held) }
    );
    let mut rows = Vec::new();
    for (i, m) in d.people.iter().enumerate() {
        let held = if d.months.held.contains(&(i as u32 + 1)) { "held" } else { "" };
        let people = m
            .split
            .as_ref()
            .map(|s| s.people.iter().map(|p| format!("{} {}", p.person, p.target)).collect::<Vec<_>>().join(", "))
            .unwrap_or_else(|| "(nobody assigned)".into());
        rows.push(vec![m.month.to_string(), d.months.months[i].to_string(), held.into(), people]);
    }
    print!("{}", grid(&["MONTH", "TARGET", "", "PEOPLE (by credited sales per hour)"], &rows));
    let lb: Vec<String> = d.lookback.iter().map(|m| m.to_string()).collect();
    println!("  people's efficiency over {}", lb.join(", "));
}

/// Runs `amoeba target …`.
pub async fn run(db: &Db, company: Option<&str>, c: TargetCommand) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let clock = amoeba_app::clock::Clock::from_env()?;
    let today = clock.today(&row);
    match c {
        TargetCommand::Derive { year, unit, cost, uplift, stretch, additive, stretch_reason, holds, lookback, dry_run, format } => {
            let req = TargetRequest {
                cost,
                uplift,
                stretch,
                combine: if additive { Combine::Additive } else { Combine::Compounding },
                stretch_reason,
                holds,
                lookback_months: lookback,
                ..TargetRequest::new(year, &unit)
            };
            let (d, version): (Derivation, Option<i64>) = if dry_run {
                (amoeba_app::goals::preview(db, &row, &req, today).await?, None)
            } else {
                let VersionedTarget { version, derivation, .. } = amoeba_app::goals::derive(db, &row, &req, today).await?;
                (derivation, Some(version))
            };
            match format {
                Out::Json => println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "version": version, "derivation": d }))?),
                Out::Table => print_derivation(&d, version),
            }
        }
        TargetCommand::Show { month, unit, person, format } => {
            let month = month.unwrap_or_else(|| Month::of(today));
            let mut units = amoeba_app::goals::unit_progress_with_year(db, &row, month, today).await?;
            if let Some(u) = &unit {
                units.retain(|p| &p.unit == u);
            }
            let people = match &person {
                Some(p) => amoeba_app::goals::person_progress(db, &row, p, month, today).await?,
                None => Vec::new(),
            };
            if format == Out::Json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "month": month.to_string(), "units": units, "people": people }))?
                );
                return Ok(());
            }
            if units.is_empty() {
                println!("no targets for {} (amoeba target derive --year {} --unit …)", month.year(), month.year());
            }
            let rows: Vec<Vec<String>> = units
                .iter()
                .map(|u| {
                    let m = &u.month_progress;
                    let y = u.year_progress.as_ref().expect("progress asked with the year has it");
                    vec![
                        u.unit.clone(),
                        format!("v{}", u.version),
                        m.target.to_string(),
                        m.actual.to_string(),
                        pct(m.pace.attainment_pct),
                        opt(m.pace.per_day),
                        y.target.to_string(),
                        y.actual.to_string(),
                        pct(y.pace.attainment_pct),
                        opt(y.pace.per_day),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                println!("targets of {month} (sales to {})", opt(units.first().and_then(|u| u.month_progress.as_of)));
                print!(
                    "{}",
                    grid(
                        &["UNIT", "VER", "MONTH TARGET", "SALES", "ATTAIN", "PACE/DAY", "YEAR TARGET", "YTD SALES", "ATTAIN", "PACE/DAY"],
                        &rows
                    )
                );
            }
            if let Some(p) = &person {
                let rows: Vec<Vec<String>> = people
                    .iter()
                    .map(|x| {
                        vec![
                            x.unit.clone(),
                            x.progress.target.to_string(),
                            x.progress.actual.to_string(),
                            pct(x.progress.pace.attainment_pct),
                            opt(x.progress.pace.per_day),
                        ]
                    })
                    .collect();
                println!("{p}'s targets of {month}:");
                print!("{}", grid(&["UNIT", "TARGET", "CREDITED SALES", "ATTAIN", "PACE/DAY"], &rows));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_and_holds_read() {
        assert_eq!(percent("30%"), Ok(Decimal::new(30, 2)));
        assert_eq!(percent("0.08"), Ok(Decimal::new(8, 2)));
        assert!(percent("x").is_err());
        assert_eq!(hold("6=300000"), Ok(MonthHold { month: 6, amount: Decimal::from(300_000) }));
        assert!(hold("6").is_err());
    }
}
