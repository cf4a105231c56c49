//! `amoeba review set|show`: a unit's review cycle — weighted criteria and
//! the leader's (and self-) scores from a CSV file — scored by the core
//! (`goals::review`), whose multipliers feed a pay plan's scorecard method.

use crate::cmd_target::Out;
use crate::grid::{grid, opt};
use amoeba_core::goals::{Normalise, SelfReview};
use amoeba_store::Db;
use clap::Subcommand;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// `amoeba review …`.
#[derive(Subcommand, Debug)]
pub enum ReviewCommand {
    /// Set a unit's review of a cycle from a scores file
    /// (`person,by,results@50,attitude@20,…`; by = leader or self), replacing earlier scores.
    Set {
        /// The scores file.
        file: PathBuf,
        /// The cycle: a month (2026-11) or a quarter (2026-Q4).
        #[arg(long)]
        cycle: String,
        /// The unit reviewed.
        #[arg(long)]
        unit: String,
        /// Count self-reviews with this share in percent (default: shown beside, not counted).
        #[arg(long)]
        self_share: Option<Decimal>,
        /// Multipliers out of 100 instead of relative to the team's average.
        #[arg(long)]
        out_of_100: bool,
    },
    /// Every review, or one cycle's.
    Show {
        /// Only this cycle.
        #[arg(long)]
        cycle: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Out::Table)]
        format: Out,
    },
}

fn print(r: &amoeba_app::review::UnitReview) {
    let criteria: Vec<String> = r.config.card.criteria().iter().map(|c| format!("{} {}%", c.code, c.weight_pct)).collect();
    println!("{} · {} · {} · team average {}", r.config.cycle.label(), r.unit, criteria.join(", "), opt(r.outcome.team_average));
    let rows: Vec<Vec<String>> = r
        .outcome
        .lines
        .iter()
        .map(|l| {
            vec![
                l.person.clone(),
                l.leader_score.to_string(),
                opt(l.self_score),
                if l.self_counted { "yes".into() } else { String::new() },
                l.score.to_string(),
                opt(l.multiplier),
            ]
        })
        .collect();
    print!("{}", grid(&["PERSON", "LEADER", "SELF", "COUNTED", "SCORE", "MULTIPLIER"], &rows));
}

/// Runs `amoeba review …`.
pub async fn run(db: &Db, company: Option<&str>, c: ReviewCommand) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    match c {
        ReviewCommand::Set { file, cycle, unit, self_share, out_of_100 } => {
            let text = std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let cycle = amoeba_app::review::parse_cycle(&cycle)?;
            let self_review = self_share.map_or(SelfReview::ShownBeside, |share_pct| SelfReview::Weighted { share_pct });
            let normalise = if out_of_100 { Normalise::OutOf100 } else { Normalise::TeamAverage };
            print(&amoeba_app::review::set(db, &row, cycle, &unit, &text, self_review, normalise).await?);
        }
        ReviewCommand::Show { cycle, format } => {
            let mut all = amoeba_app::review::all(db, &row).await?;
            if let Some(c) = &cycle {
                let c = amoeba_app::review::parse_cycle(c)?;
                all.retain(|r| r.config.cycle == c);
            }
            if format == Out::Json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else if all.is_empty() {
                println!("no reviews (amoeba review set FILE --cycle … --unit …)");
            } else {
                for r in &all {
                    print(r);
                }
            }
        }
    }
    Ok(())
}
