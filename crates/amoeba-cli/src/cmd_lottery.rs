//! `amoeba lottery …`: the daily order lottery (`amoeba_app::lottery`, the
//! core's `engagement::lottery`). Rules are saved as versions, a day's list
//! is frozen once after its cut-off (its hash to publish), the day is drawn
//! once from the randomness the rules named, and anyone can verify a draw —
//! from the database, or offline from a published record file.

use crate::grid::grid;
use amoeba_app::lottery::{DrawInput, Verified};
use amoeba_core::engagement::lottery::{verify_published, DrandBeacon, DrawRecord, Randomness};
use amoeba_store::Db;
use chrono::NaiveDate;
use clap::Subcommand;
use std::path::PathBuf;

/// `amoeba lottery …`.
#[derive(Subcommand, Debug)]
pub enum LotteryCommand {
    /// Save a rules version from a TOML file (docs/lottery.md); it takes effect
    /// on its `effective_from` day, which must not have opened yet.
    Rules {
        /// The rules file.
        file: PathBuf,
    },
    /// What is published before a day opens: the rules hash, the cut-off and
    /// (drand) the round that will decide it.
    Announce {
        /// The draw day (default tomorrow).
        #[arg(long)]
        day: Option<NaiveDate>,
    },
    /// Freeze a day's entry list once its cut-off has passed, and print the hash to publish.
    Freeze {
        /// The draw day (default today).
        #[arg(long)]
        day: Option<NaiveDate>,
    },
    /// Draw a frozen day, once, with the randomness the rules name.
    Draw {
        /// The draw day.
        #[arg(long)]
        day: NaiveDate,
        /// RFC 3797: the public lottery numbers, sources separated by '/', e.g. "9319 / 2 5 12 8 10".
        #[arg(long, conflicts_with_all = ["beacon", "round"])]
        numbers: Option<String>,
        /// drand: the named round as drand's API serves it (curl https://api.drand.sh/<chain>/public/<round> > FILE).
        #[arg(long, value_name = "FILE", conflicts_with = "round")]
        beacon: Option<PathBuf>,
        /// drand: the round number (with --signature).
        #[arg(long, requires = "signature")]
        round: Option<u64>,
        /// drand: the round's signature (hex).
        #[arg(long)]
        signature: Option<String>,
        /// drand, chained scheme: the previous round's signature (hex).
        #[arg(long)]
        previous_signature: Option<String>,
    },
    /// Recompute a draw and check it: a stored day, or a published record file (no database needed).
    Verify {
        /// The draw day, read from the database.
        #[arg(long, conflicts_with = "record")]
        day: Option<NaiveDate>,
        /// A published record (JSON, as `amoeba lottery record` writes it).
        #[arg(long, value_name = "FILE")]
        record: Option<PathBuf>,
        /// The list hash published at the cut-off (checked against the record).
        #[arg(long)]
        list_hash: Option<String>,
    },
    /// Write a day's draw record (JSON): everything anyone needs to verify it.
    Record {
        /// The draw day.
        #[arg(long)]
        day: NaiveDate,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The days frozen and drawn.
    History {
        /// First day (default 30 days before today).
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last day (default today).
        #[arg(long)]
        to: Option<NaiveDate>,
    },
}

fn read(path: &PathBuf) -> anyhow::Result<String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| amoeba_core::Refusal::CannotRead { file: name.clone(), detail: e.to_string() })?;
    let text = String::from_utf8(bytes).map_err(|e| amoeba_core::Refusal::NotUtf8 { file: name, byte: e.utf8_error().valid_up_to() })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

fn print_verified(v: &Verified) {
    println!("verified: {} — {} entrant(s), list hash {}, rules hash {}", v.day, v.entrants, v.list_hash, v.rules_hash);
    for (person, tier) in &v.winners {
        println!("  {tier:<8} {person}");
    }
}

/// Verifies a published record offline: the database is not needed.
pub fn verify_file(path: &PathBuf, list_hash: Option<&str>) -> anyhow::Result<()> {
    let record: DrawRecord =
        serde_json::from_str(&read(path)?).map_err(|e| anyhow::anyhow!("{} is not a draw record: {e}", path.display()))?;
    let published = list_hash.unwrap_or(&record.list_hash).to_string();
    verify_published(&record, &published).map_err(amoeba_app::AppError::from)?;
    print_verified(&amoeba_app::lottery::verified(&record));
    if list_hash.is_none() {
        println!("  (checked against the record's own list hash: give --list-hash with the hash published at the cut-off)");
    }
    Ok(())
}

/// Runs `amoeba lottery …` (`verify --record` is handled before the database opens).
pub async fn run(db: &Db, company: Option<&str>, c: LotteryCommand) -> anyhow::Result<()> {
    let row = db.company(company).await?;
    let clock = amoeba_app::clock::Clock::from_env()?;
    let (today, now) = (clock.today(&row), clock.now(&row));
    match c {
        LotteryCommand::Rules { file } => {
            let saved = amoeba_app::lottery::save_rules_file(db, &row, &read(&file)?, now).await?;
            println!(
                "lottery rules {} saved, in force from {}: rules hash {}",
                saved.rules.version, saved.effective_from, saved.rules_hash
            );
        }
        LotteryCommand::Announce { day } => {
            let day = day.unwrap_or_else(|| today.succ_opt().unwrap_or(today));
            let a = amoeba_app::lottery::announce(db, &row, day).await?;
            println!("draw of {}: rules {} (hash {}), cut-off {}", a.date, a.rules_version, a.rules_hash, a.cutoff.to_rfc3339());
            match a.drand_round {
                Some(r) => {
                    println!("  decided by drand round {} of chain {}, produced at {}", r.round, r.chain_hash, r.produced_at.to_rfc3339())
                }
                None => println!("  decided by the public lottery numbers the rules name (RFC 3797), drawn after the cut-off"),
            }
        }
        LotteryCommand::Freeze { day } => {
            let day = day.unwrap_or(today);
            let l = amoeba_app::lottery::freeze(db, &row, day, now).await?;
            println!("{} frozen at {}: {} entrant(s), list hash {} — publish it now", day, l.frozen_at, l.list.entries.len(), l.list_hash);
        }
        LotteryCommand::Draw { day, numbers, beacon, round, signature, previous_signature } => {
            let input = match (numbers, beacon, round) {
                (Some(n), _, _) => DrawInput::Rfc3797(amoeba_app::lottery::parse_numbers(&n)?),
                (None, Some(path), _) => DrawInput::Drand(amoeba_app::lottery::parse_beacon(&read(&path)?)?),
                (None, None, Some(round)) => {
                    DrawInput::Drand(DrandBeacon { round, signature: signature.unwrap_or_default(), previous_signature })
                }
                (None, None, None) => {
                    anyhow::bail!("give the randomness: --numbers (RFC 3797), or --beacon FILE / --round and --signature (drand)")
                }
            };
            let d = amoeba_app::lottery::draw(db, &row, day, input, now).await?;
            let r = &d.record;
            let randomness = match &r.randomness {
                Randomness::Drand(b) => format!("drand round {}", b.round),
                Randomness::Rfc3797(n) => format!(
                    "RFC 3797 numbers {}",
                    n.sources.iter().map(|s| s.iter().map(u64::to_string).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join(" / ")
                ),
            };
            println!("{} drawn from {randomness}: {} entrant(s), list hash {}", day, r.list.entries.len(), r.list_hash);
            let rows: Vec<Vec<String>> =
                r.winners.iter().map(|w| vec![w.place.to_string(), w.tier.code().into(), w.person.clone(), w.proof.clone()]).collect();
            print!("{}", grid(&["PLACE", "TIER", "PERSON", "PROOF"], &rows));
        }
        LotteryCommand::Verify { day, record, list_hash } => match (day, record) {
            (_, Some(path)) => verify_file(&path, list_hash.as_deref())?,
            (day, None) => print_verified(&amoeba_app::lottery::verify_day(db, &row, day.unwrap_or(today)).await?),
        },
        LotteryCommand::Record { day, output } => {
            let Some(d) = db.lottery_draw(row.id, day).await? else {
                return Err(amoeba_app::AppError::from(amoeba_app::engage_refusal::EngageRefusal::NotDrawn { day: day.to_string() }).into());
            };
            let json = serde_json::to_string_pretty(&d.record)? + "\n";
            match output {
                Some(p) => std::fs::write(&p, json).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display()))?,
                None => print!("{json}"),
            }
        }
        LotteryCommand::History { from, to } => {
            let to = to.unwrap_or(today);
            let from = from.unwrap_or(to - chrono::Days::new(30));
            let days = amoeba_app::lottery::history(db, &row, from, to).await?;
            let rows: Vec<Vec<String>> = days
                .iter()
                .map(|d| {
                    vec![
                        d.day.to_string(),
                        d.entrants.to_string(),
                        if d.drawn { "drawn".into() } else { "frozen".into() },
                        d.list_hash.clone(),
                    ]
                })
                .collect();
            print!("{}", grid(&["DAY", "ENTRANTS", "STATE", "LIST HASH"], &rows));
        }
    }
    Ok(())
}
