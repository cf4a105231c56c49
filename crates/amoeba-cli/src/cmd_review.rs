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

/// What a scores file is set as: the cycle, the unit and the cycle's rules.
pub struct SetOpts<'a> {
    /// `2026-11` or `2026-Q4`.
    pub cycle: &'a str,
    /// The unit reviewed.
    pub unit: &'a str,
    /// Self-reviews counted with this share (percent).
    pub self_share: Option<Decimal>,
    /// Multipliers out of 100.
    pub out_of_100: bool,
}

/// Sets a unit's review of a cycle from a scores file and prints it: the
/// one path of `amoeba review set` and `amoeba import scores`.
pub async fn set(
    db: &Db,
    row: &amoeba_store::org_repo::CompanyRow,
    file: &std::path::Path,
    o: SetOpts<'_>,
    lang: amoeba_core::Lang,
) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|e| amoeba_core::Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
    let cycle = amoeba_app::review::parse_cycle(o.cycle)?;
    let self_review = o.self_share.map_or(SelfReview::ShownBeside, |share_pct| SelfReview::Weighted { share_pct });
    let normalise = if o.out_of_100 { Normalise::OutOf100 } else { Normalise::TeamAverage };
    let r = amoeba_app::review::set(db, row, cycle, o.unit, &text, self_review, normalise)
        .await
        .map_err(|e| anyhow::anyhow!("{name}: {}", e.render(lang)))?;
    print(&r);
    Ok(())
}

/// Runs `amoeba review …`.
pub async fn run(db: &Db, company: Option<&str>, c: ReviewCommand, lang: amoeba_core::Lang) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    match c {
        ReviewCommand::Set { file, cycle, unit, self_share, out_of_100 } => {
            set(db, &row, &file, SetOpts { cycle: &cycle, unit: &unit, self_share, out_of_100 }, lang).await?
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
