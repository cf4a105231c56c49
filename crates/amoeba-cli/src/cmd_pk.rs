//! `amoeba pk …` and `amoeba leaderboard`: PK contests (define, standings,
//! result; `amoeba_app::pk`) and leaderboards with their average, peak and
//! "near me" (`amoeba_app::leaderboard`). Scoring is the core's.

use crate::cmd_target::Out;
use crate::grid::{grid, opt, pct};
use amoeba_app::leaderboard::Scope;
use amoeba_app::pk::{ContestView, NewContest, Stake};
use amoeba_core::engagement::{near_me, PkOutcome};
use amoeba_core::Month;
use amoeba_store::Db;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_decimal::Decimal;

/// `amoeba pk …`.
#[derive(Subcommand, Debug)]
pub enum PkCommand {
    /// Define a contest; its rules are fixed once it starts.
    Create {
        /// Code, e.g. PK-2026-12.
        #[arg(long)]
        code: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// First day.
        #[arg(long)]
        start: NaiveDate,
        /// Last day.
        #[arg(long)]
        end: NaiveDate,
        /// sales, gross_profit, profit (units); sales, gross_profit, cash_collected, orders (project groups).
        #[arg(long, default_value = "sales")]
        metric: String,
        /// A team and its base target, CODE=BASE (a unit or a project group). Two or more.
        #[arg(long = "team", value_parser = team, required = true)]
        teams: Vec<(String, Decimal)>,
        /// Score per head (for teams of unequal size).
        #[arg(long)]
        per_capita: bool,
        /// The winner's prize in CNY (shared by a tie).
        #[arg(long)]
        stake: Option<Decimal>,
        /// The winner's prize in words.
        #[arg(long)]
        stake_note: Option<String>,
        /// Replace a contest of this code that has not started yet.
        #[arg(long)]
        replace: bool,
    },
    /// Every contest with its standings now.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Out::Table)]
        format: Out,
    },
    /// One contest's standings now.
    Standings {
        /// The contest.
        #[arg(long)]
        code: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Out::Table)]
        format: Out,
    },
    /// Decide a contest that is over: store its result and the stake as an award.
    Result {
        /// The contest.
        #[arg(long)]
        code: String,
    },
}

/// `amoeba leaderboard`.
#[derive(Args, Debug)]
pub struct BoardArgs {
    /// units or people.
    #[arg(long, default_value = "units")]
    scope: String,
    /// Units: any unit metric (sales, profit, hourly_efficiency, acos, …) or attainment; people: sales or attainment.
    #[arg(long, default_value = "sales")]
    metric: String,
    /// Month, YYYY-MM (default this month).
    #[arg(long)]
    month: Option<Month>,
    /// Units: the peer group, kind/depth.
    #[arg(long, default_value = amoeba_app::leaderboard::DEFAULT_GROUP)]
    group: String,
    /// Show only the rows near this person or unit (two either side).
    #[arg(long)]
    near: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Out::Table)]
    format: Out,
}

/// `amoeba awards`.
#[derive(Args, Debug)]
pub struct AwardsArgs {
    /// First day (default: the first of this month).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day (default: today).
    #[arg(long)]
    to: Option<NaiveDate>,
    /// table, json or csv (for a payout).
    #[arg(long, default_value = "table")]
    format: String,
}

/// Runs `amoeba awards`: what the lottery and PK contests gave, for a payout.
pub async fn awards(db: &Db, company: Option<&str>, a: AwardsArgs) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    let to = a.to.unwrap_or(today);
    let from = a.from.unwrap_or_else(|| Month::of(to).first_day());
    let all = db.awards_between(row.id, from, to).await?;
    let cells = |w: &amoeba_store::engage::Award| {
        vec![
            w.day.to_string(),
            w.source.clone(),
            w.source_ref.clone(),
            w.person.clone().unwrap_or_default(),
            w.unit.clone().unwrap_or_default(),
            w.label.clone(),
            w.amount.map(|x| x.to_string()).unwrap_or_default(),
            w.description.clone().unwrap_or_default(),
            w.paid_in.clone().unwrap_or_default(),
        ]
    };
    let header = ["day", "source", "ref", "person", "unit", "label", "amount_cny", "description", "paid_in"];
    match a.format.as_str() {
        "json" => {
            let rows: Vec<serde_json::Value> = all
                .iter()
                .map(|w| {
                    serde_json::Value::Object(
                        header.iter().map(|h| h.to_string()).zip(cells(w).into_iter().map(serde_json::Value::String)).collect(),
                    )
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        }
        "csv" => {
            let mut out = csv::Writer::from_writer(std::io::stdout());
            out.write_record(header)?;
            for w in &all {
                out.write_record(cells(w).iter().map(|c| amoeba_core::csv_safe::neutralise(c).into_owned()))?;
            }
            out.flush()?;
        }
        "table" => {
            let total: Decimal = all.iter().filter_map(|w| w.amount).sum();
            println!("awards {from} – {to}: {} ({} CNY in cash)", all.len(), total);
            print!(
                "{}",
                grid(
                    &header.map(|h| h.to_uppercase()).iter().map(String::as_str).collect::<Vec<_>>(),
                    &all.iter().map(cells).collect::<Vec<_>>()
                )
            );
        }
        other => anyhow::bail!("--format '{other}' is none of table, json, csv"),
    }
    Ok(())
}

fn team(s: &str) -> Result<(String, Decimal), String> {
    let (c, b) = s.split_once('=').ok_or_else(|| format!("'{s}' is not CODE=BASE"))?;
    Ok((c.trim().to_string(), b.trim().parse().map_err(|_| format!("'{b}' is not an amount"))?))
}

fn outcome(v: &ContestView) -> String {
    match &v.result.outcome {
        PkOutcome::Winner { team, decided_by: None } => format!("winner {team}"),
        PkOutcome::Winner { team, decided_by: Some(rule) } => {
            format!(
                "winner {team} (tie on the excess, decided by {})",
                serde_json::to_value(rule).ok().and_then(|x| x.as_str().map(String::from)).unwrap_or_default()
            )
        }
        PkOutcome::Shared { teams } => format!("shared by {}", teams.join(", ")),
        PkOutcome::NoWinner => "no winner: no team reached its base".into(),
    }
}

fn print_contest(v: &ContestView) {
    let state = if v.decided { "decided" } else { "standings" };
    println!(
        "{} {} · {} – {} · {}{} · {state} as of {}: {}",
        v.code,
        v.name,
        v.start,
        v.end,
        amoeba_app::pk::metric_code(v.definition.metric),
        if v.definition.per_capita { " per head" } else { "" },
        opt(v.as_of),
        outcome(v)
    );
    let rows: Vec<Vec<String>> = v
        .result
        .standings
        .iter()
        .map(|s| {
            let fig = v.teams.iter().find(|t| t.code == s.team);
            vec![
                opt(s.rank),
                s.team.clone(),
                s.base.to_string(),
                s.actual.to_string(),
                s.excess.to_string(),
                pct(Some(s.attainment_pct)),
                if s.qualified { "yes".into() } else { "no".into() },
                opt(fig.and_then(|f| f.reached_on)),
                opt(fig.map(|f| f.headcount)),
            ]
        })
        .collect();
    print!("{}", grid(&["RANK", "TEAM", "BASE", "ACTUAL", "EXCESS", "ATTAIN", "QUALIFIED", "BASE REACHED ON", "HEAD"], &rows));
}

/// Runs `amoeba pk …`.
pub async fn run(db: &Db, company: Option<&str>, c: PkCommand) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    match c {
        PkCommand::Create { code, name, start, end, metric, teams, per_capita, stake, stake_note, replace } => {
            let stake = (stake.is_some() || stake_note.is_some()).then_some(Stake { amount: stake, description: stake_note });
            let new = NewContest { code, name, start, end, metric: amoeba_app::pk::parse_metric(&metric)?, per_capita, teams, stake };
            let c = amoeba_app::pk::create(db, &row, new, today, replace).await?;
            println!("contest {} defined: {} – {}; its rules are fixed from its first day", c.code, c.start, c.end);
        }
        PkCommand::List { format } => {
            let all = amoeba_app::pk::contests(db, &row, today).await?;
            if format == Out::Json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else if all.is_empty() {
                println!("no contests (amoeba pk create …)");
            } else {
                for v in &all {
                    print_contest(v);
                    println!();
                }
            }
        }
        PkCommand::Standings { code, format } => {
            let v = amoeba_app::pk::standings(db, &row, &code, today).await?;
            match format {
                Out::Json => println!("{}", serde_json::to_string_pretty(&v)?),
                Out::Table => print_contest(&v),
            }
        }
        PkCommand::Result { code } => {
            let v = amoeba_app::pk::decide(db, &row, &code, today).await?;
            print_contest(&v);
        }
    }
    Ok(())
}

/// Runs `amoeba leaderboard`.
pub async fn leaderboard(db: &Db, company: Option<&str>, a: BoardArgs) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let today = amoeba_app::clock::Clock::from_env()?.today(&row);
    let scope = match a.scope.as_str() {
        "people" => Scope::People,
        "units" => Scope::Units { group: a.group.clone() },
        other => anyhow::bail!("--scope '{other}' is neither units nor people"),
    };
    let metric = amoeba_app::leaderboard::parse_metric(&scope, &a.metric)?;
    let month = a.month.unwrap_or_else(|| Month::of(today));
    let board = amoeba_app::leaderboard::board(db, &row, &scope, metric, month, today).await?;
    let rows = match &a.near {
        Some(code) => {
            let n = near_me(&board, code, 2).map_err(amoeba_app::AppError::from)?;
            n.above.into_iter().chain(std::iter::once(n.me)).chain(n.below).collect()
        }
        None => board.rows.clone(),
    };
    if a.format == Out::Json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "month": month.to_string(), "board": board, "rows": rows }))?);
        return Ok(());
    }
    println!(
        "{} · {} · {month}: {} ranked, average {}, peak {} ({})",
        a.scope,
        amoeba_app::leaderboard::code_of(metric),
        board.count,
        opt(board.average),
        opt(board.peak),
        board.leaders.join(", ")
    );
    let table: Vec<Vec<String>> = rows.iter().map(|r| vec![opt(r.rank), r.code.clone(), opt(r.value), opt(r.behind_peak)]).collect();
    print!("{}", grid(&["RANK", "CODE", "VALUE", "BEHIND PEAK"], &table));
    Ok(())
}
