//! The daily lottery's rules file (TOML, `docs/lottery.md`): a version, the
//! day it takes effect, who may enter, the cut-off, the working days, the
//! prize tiers and where the randomness comes from. Read whole into the
//! core's [`LotteryRules`] and checked by the core (`LotteryRules::validate`);
//! an unknown key, a wrong type or a bad value is refused with its line.
//!
//! ```toml
//! version = "2027-01"
//! effective_from = "2027-01-04"
//! zone = "Asia/Shanghai"              # default: the company's zone
//! cutoff = "17:00:00"                 # default 17:00:00
//! eligible_roles = ["sales", "order_follower"]
//! weekdays = ["mon", "tue", "wed", "thu", "fri"]   # default Monday–Friday
//! holidays = ["2027-01-01"]
//! workdays = ["2027-02-07"]           # make-up working days (调休)
//!
//! [[tiers]]
//! tier = "special"
//! count = 1
//! amount = "888.00"
//! description = "特等奖 + 半天假"
//!
//! [randomness]
//! mode = "drand"                      # drand chain "quicknet" or "default" (League of Entropy)
//! chain = "quicknet"
//! # mode = "rfc3797"
//! # sources = "福彩双色球, the draw on the evening of the lottery day"
//! ```

use amoeba_core::engagement::lottery::{default_cutoff, DrandChain, DrandScheme, LotteryRules, Prize, PrizeTier, RandomnessSource, Tier};
use amoeba_core::workdays::{WeekdayCode, WorkCalendar};
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeSet;

/// A rules file as read: the rules and the first day they apply to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesFile {
    /// The rules.
    pub rules: LotteryRules,
    /// First draw day.
    pub effective_from: NaiveDate,
}

/// Why a rules file was refused: its line (when known) and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesFileError {
    /// 1-based line, when the reader knows it.
    pub line: Option<usize>,
    /// What is wrong (the TOML reader's words, in English).
    pub detail: String,
}

impl std::fmt::Display for RulesFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.detail),
            None => f.write_str(&self.detail),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: String,
    effective_from: NaiveDate,
    zone: Option<String>,
    cutoff: Option<String>,
    eligible_roles: Vec<String>,
    weekdays: Option<Vec<WeekdayCode>>,
    #[serde(default)]
    holidays: Vec<NaiveDate>,
    #[serde(default)]
    workdays: Vec<NaiveDate>,
    tiers: Vec<TierRow>,
    randomness: Randomness,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TierRow {
    tier: Tier,
    count: u32,
    amount: Option<Decimal>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Randomness {
    mode: String,
    chain: Option<String>,
    chain_hash: Option<String>,
    public_key: Option<String>,
    scheme: Option<DrandScheme>,
    genesis_time: Option<i64>,
    period_s: Option<u32>,
    sources: Option<String>,
}

fn err(detail: impl Into<String>) -> RulesFileError {
    RulesFileError { line: None, detail: detail.into() }
}

/// Reads a rules file. `company_zone` is the zone used when the file names none.
pub fn parse(text: &str, company_zone: &str) -> Result<RulesFile, RulesFileError> {
    let f: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        RulesFileError { line, detail: e.message().to_string() }
    })?;
    let cutoff = match f.cutoff.as_deref() {
        None => default_cutoff(),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M:%S%.f")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
            .map_err(|_| err(format!("cutoff '{t}' is not a time of day (HH:MM:SS)")))?,
    };
    let calendar = WorkCalendar {
        weekdays: f.weekdays.map(|w| w.into_iter().collect()).unwrap_or_else(|| WorkCalendar::default().weekdays),
        holidays: f.holidays.into_iter().collect(),
        extra_workdays: f.workdays.into_iter().collect(),
    };
    let r = f.randomness;
    let randomness = match r.mode.as_str() {
        "drand" => {
            let chain = match r.chain.as_deref() {
                Some("quicknet") => DrandChain::league_of_entropy_quicknet(),
                Some("default") => DrandChain::league_of_entropy_default(),
                Some(other) => return Err(err(format!("randomness.chain '{other}' is not a known chain (quicknet, default); give chain_hash, public_key, scheme, genesis_time and period_s instead"))),
                None => DrandChain {
                    chain_hash: r.chain_hash.ok_or_else(|| err("randomness.chain_hash is missing"))?,
                    public_key: r.public_key.ok_or_else(|| err("randomness.public_key is missing"))?,
                    scheme: r.scheme.ok_or_else(|| err("randomness.scheme is missing"))?,
                    genesis_time: r.genesis_time.ok_or_else(|| err("randomness.genesis_time is missing"))?,
                    period_s: r.period_s.ok_or_else(|| err("randomness.period_s is missing"))?,
                },
            };
            RandomnessSource::Drand(chain)
        }
        "rfc3797" => RandomnessSource::Rfc3797 {
            sources: r.sources.filter(|s| !s.trim().is_empty()).ok_or_else(|| err("randomness.sources must name the public lotteries"))?,
        },
        other => return Err(err(format!("randomness.mode '{other}' is neither drand nor rfc3797"))),
    };
    let rules = LotteryRules {
        version: f.version,
        zone: f.zone.unwrap_or_else(|| company_zone.to_string()),
        cutoff,
        eligible_roles: f.eligible_roles.into_iter().collect::<BTreeSet<String>>(),
        tiers: f
            .tiers
            .into_iter()
            .map(|t| PrizeTier { tier: t.tier, count: t.count, prize: Prize { amount_cny: t.amount, description: t.description } })
            .collect(),
        calendar,
        randomness,
    };
    Ok(RulesFile { rules, effective_from: f.effective_from })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
version = "2027-01"
effective_from = "2027-01-04"
eligible_roles = ["sales", "order_follower"]
holidays = ["2027-01-01"]

[[tiers]]
tier = "special"
count = 1
amount = "888.00"
description = "特等奖 + 半天假"

[[tiers]]
tier = "first"
count = 2
amount = "100"

[randomness]
mode = "drand"
chain = "quicknet"
"#;

    #[test]
    fn reads_a_rules_file_with_defaults() {
        let f = parse(FILE, "Asia/Shanghai").expect("reads");
        assert_eq!(f.effective_from.to_string(), "2027-01-04");
        assert_eq!(f.rules.zone, "Asia/Shanghai");
        assert_eq!(f.rules.cutoff, default_cutoff());
        assert_eq!(f.rules.slips().len(), 3);
        assert!(f.rules.calendar.holidays.contains(&"2027-01-01".parse().expect("day")));
        assert!(f.rules.validate().is_ok());
        assert!(matches!(f.rules.randomness, RandomnessSource::Drand(ref c) if c.period_s == 3));
    }

    #[test]
    fn refuses_unknown_keys_with_their_line_and_bad_values() {
        let e = parse(&FILE.replace("count = 2", "count = 2\ncolour = \"red\""), "Asia/Shanghai").expect_err("unknown key");
        assert_eq!(e.line, Some(16), "the line of the unknown key");
        assert!(e.detail.contains("colour"), "{e}");
        assert!(parse(&FILE.replace("quicknet", "mars"), "Asia/Shanghai").is_err());
        assert!(parse(&FILE.replace("mode = \"drand\"", "mode = \"dice\""), "Asia/Shanghai").is_err());
        let rfc = FILE.replace("mode = \"drand\"\nchain = \"quicknet\"", "mode = \"rfc3797\"\nsources = \"福彩双色球\"");
        assert!(matches!(parse(&rfc, "Asia/Shanghai").expect("rfc").rules.randomness, RandomnessSource::Rfc3797 { .. }));
    }
}
