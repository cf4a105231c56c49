//! `amoeba goal wish|wishes`: a person's wish goal — what they want to buy
//! turned into the extra monthly sales whose commission pays for it
//! (`amoeba_app::wish`, the core's `goals::wish_plan`) — and its progress.

use crate::cmd_target::{percent, Out};
use crate::grid::{grid, opt, pct};
use amoeba_core::goals::{Payment, WishRate};
use amoeba_core::Month;
use amoeba_store::Db;
use clap::Subcommand;
use rust_decimal::Decimal;
use std::path::PathBuf;

/// `amoeba goal …`.
#[derive(Subcommand, Debug)]
pub enum GoalCommand {
    /// Turn a wish into the extra monthly sales that pay for it, and track it
    /// from this month: extra = monthly payment ÷ the marginal commission rate.
    Wish {
        /// The person.
        #[arg(long)]
        person: String,
        /// What they want, e.g. "car".
        #[arg(long, default_value = "wish")]
        item: String,
        /// Its price.
        #[arg(long)]
        price: Option<Decimal>,
        /// The monthly payment (with --price, the months are derived).
        #[arg(long)]
        monthly: Option<Decimal>,
        /// Number of payments (with --price, the monthly payment is derived).
        #[arg(long)]
        months: Option<u32>,
        /// A flat commission rate, e.g. 2%.
        #[arg(long, value_parser = percent, conflicts_with_all = ["plan", "pay_plan"])]
        rate: Option<Decimal>,
        /// A pay plan file whose tiered component gives the marginal rates (with --component).
        #[arg(long, requires = "component", conflicts_with = "pay_plan")]
        plan: Option<PathBuf>,
        /// A stored pay plan (its code; the version in force this month) whose tiered component gives the marginal rates.
        #[arg(long, requires = "component")]
        pay_plan: Option<String>,
        /// The component of --plan.
        #[arg(long)]
        component: Option<String>,
        /// Their current monthly sales (default: their average credited sales of the last three whole months).
        #[arg(long)]
        baseline: Option<Decimal>,
        /// Show the goal, store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Out::Table)]
        format: Out,
    },
    /// A person's wish goals with this month's progress ("¥x of ¥y this month").
    Wishes {
        /// The person.
        #[arg(long)]
        person: String,
        /// Month, YYYY-MM (default this month).
        #[arg(long)]
        month: Option<Month>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Out::Table)]
        format: Out,
    },
}

/// Runs `amoeba goal …`.
pub async fn run(db: &Db, company: Option<&str>, c: GoalCommand) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    match c {
        GoalCommand::Wish { person, item, price, monthly, months, rate, plan, pay_plan, component, baseline, dry_run, format } => {
            let payment = match (monthly, price, months) {
                (Some(monthly), price, None) => Payment::Monthly { monthly, price },
                (None, Some(price), Some(months)) => Payment::Term { price, months },
                _ => anyhow::bail!("give --monthly (and optionally --price), or --price and --months"),
            };
            let (rate, measure, cap) = match (rate, plan, pay_plan, component) {
                (Some(r), _, _, _) => (WishRate::Flat(r), None, None),
                (None, Some(path), _, Some(code)) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
                    let c = amoeba_app::wish::rate_from_plan(db, &row, &text, &code).await?;
                    (c.rate, Some(c.measure), c.cap)
                }
                (None, None, Some(plan), Some(code)) => {
                    let c = amoeba_app::wish::rate_from_stored_plan(db, &row, &plan, &code, Month::of(today)).await?;
                    (c.rate, Some(c.measure), c.cap)
                }
                _ => anyhow::bail!("give --rate, or --pay-plan (stored) or --plan (a file) with --component"),
            };
            let req = amoeba_app::wish::WishRequest { person, item, payment, rate, baseline, measure, cap };
            let w = amoeba_app::wish::create(db, &row, req, today, dry_run).await?;
            if format == Out::Json {
                println!("{}", serde_json::to_string_pretty(&w)?);
                return Ok(());
            }
            let p = &w.plan;
            let stored = if dry_run { " (dry run: not stored)".to_string() } else { format!(" #{}", w.seq) };
            println!(
                "{}'s wish{stored}: {} — {} a month{}",
                w.person,
                p.item,
                p.monthly_payment,
                p.months.map(|m| format!(" for {m} months")).unwrap_or_default()
            );
            let base = if w.baseline_from.is_empty() {
                "given".to_string()
            } else {
                format!("average of {}", w.baseline_from.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", "))
            };
            let what = w.measure.map_or("sales".to_string(), |m| {
                serde_json::to_value(m).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
            });
            println!("  baseline {} ({base}); extra {what} needed {} a month → wish level {}", p.baseline, p.extra_sales, p.wish_level);
            let rows: Vec<Vec<String>> = p
                .segments
                .iter()
                .map(|s| {
                    vec![
                        s.from.to_string(),
                        s.to.to_string(),
                        pct(Some(s.rate * Decimal::ONE_HUNDRED)),
                        s.sales.to_string(),
                        s.commission.to_string(),
                    ]
                })
                .collect();
            print!("{}", grid(&["FROM", "TO", "RATE", "SALES", "COMMISSION"], &rows));
        }
        GoalCommand::Wishes { person, month, format } => {
            let month = month.unwrap_or_else(|| Month::of(today));
            let all = amoeba_app::wish::month(db, &row, &person, month, today).await?;
            if format == Out::Json {
                println!("{}", serde_json::to_string_pretty(&all)?);
                return Ok(());
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|w| {
                    let g = &w.progress;
                    vec![
                        w.wish.seq.to_string(),
                        w.wish.plan.item.clone(),
                        w.wish.plan.monthly_payment.to_string(),
                        format!("{} of {}", g.achieved, g.needed),
                        pct(Some(g.pct)),
                        g.commission.round_dp(2).to_string(),
                        if g.done { "earned".into() } else { g.remaining.to_string() },
                    ]
                })
                .collect();
            println!("{person}'s wishes in {month} (credited sales to {})", opt(all.first().and_then(|w| w.as_of)));
            print!("{}", grid(&["#", "ITEM", "MONTHLY", "EXTRA SALES", "PROGRESS", "COMMISSION", "TO GO"], &rows));
        }
    }
    Ok(())
}
