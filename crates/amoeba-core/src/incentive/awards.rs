//! Prizes engagement gives — the daily order lottery's winners, a PK
//! contest's stake — paid through the period's payout run, so a prize is a
//! statement line like any other: it names the draw day or the contest and
//! the prize, links to it, and adds to the person's total. The application
//! hands over the awards due (not paid by an earlier locked run); the run
//! lists what it paid ([`crate::incentive::Carry::awards`]) so locking it
//! marks them paid and no later run pays them again. A team's prize is
//! split among the team on the day it was won by largest remainder: a unit
//! (its subtree) in equal parts per person assigned that day, a project
//! group by its members' agreed shares. docs/pay-plans.md, "Awards".

use super::cx::RunCx;
use super::statement::{inputs, FactKey, Facts, LineKind, Rule, StatementLine};
use super::text::{yuan, Text};
use crate::money::{round_money, split_largest_remainder};
use crate::org::Org;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The component code of award lines (they belong to no pay plan).
pub const AWARD_COMPONENT: &str = "award";

/// What gave an award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardSource {
    /// The daily order lottery (its reference is the draw day).
    Lottery,
    /// A PK contest (its reference is the contest code).
    Pk,
}

impl AwardSource {
    /// The code the awards table stores.
    pub fn code(&self) -> &'static str {
        match self {
            AwardSource::Lottery => "lottery",
            AwardSource::Pk => "pk",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [AwardSource::Lottery, AwardSource::Pk].into_iter().find(|s| s.code() == code)
    }
}

/// Who won an award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Winner {
    /// A person.
    Person(String),
    /// A team: a unit (with its subtree) or a project group.
    Team(String),
}

/// A cash prize due to be paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrizeAward {
    /// What gave it.
    pub source: AwardSource,
    /// The draw day or contest code.
    pub source_ref: String,
    /// Place in the draw, rank in the contest.
    pub slot: i64,
    /// When it was won (a team's members are those of this day).
    pub day: NaiveDate,
    /// Who won it.
    pub winner: Winner,
    /// Prize tier code (`special`, `first`…) or what was won (`winner`).
    pub label: String,
    /// Cash, in the base currency.
    pub amount: Decimal,
    /// What else comes with it, if anything.
    pub description: Option<String>,
}

/// An award a run paid, so locking the run marks it paid.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AwardRef {
    /// What gave it.
    pub source: AwardSource,
    /// The draw day or contest code.
    pub source_ref: String,
    /// Place or rank.
    pub slot: i64,
}

const TIERS: [(&str, &str, &str); 8] = [
    ("special", "特等奖", "special prize"),
    ("first", "一等奖", "first prize"),
    ("second", "二等奖", "second prize"),
    ("third", "三等奖", "third prize"),
    ("fourth", "四等奖", "fourth prize"),
    ("fifth", "五等奖", "fifth prize"),
    ("sixth", "六等奖", "sixth prize"),
    ("seventh", "七等奖", "seventh prize"),
];

/// The prize's name (zh, en).
fn prize_name(label: &str) -> (String, String) {
    match TIERS.iter().find(|t| t.0 == label) {
        Some((_, zh, en)) => ((*zh).to_string(), (*en).to_string()),
        None => (label.to_string(), label.to_string()),
    }
}

/// A team's members on `day` with their weights, in person order: a
/// unit's subtree, one part per person assigned that day; a project group
/// in force that day, by its members' shares. Empty for an unknown team.
pub fn team_on(org: &Org, team: &str, day: NaiveDate) -> Vec<(String, Decimal)> {
    let mut out: BTreeMap<String, Decimal> = BTreeMap::new();
    if org.unit(team).is_some() {
        let units: Vec<&str> = org.subtree(team).iter().map(|u| u.code.as_str()).collect();
        for a in org.assignments.iter().filter(|a| units.contains(&a.unit.as_str()) && a.range.contains(day)) {
            out.insert(a.person.clone(), Decimal::ONE);
        }
    } else if let Some(g) = org.project_groups.iter().find(|g| g.code == team && g.range.contains(day)) {
        for m in &g.members {
            *out.entry(m.person.clone()).or_default() += m.share;
        }
    }
    out.into_iter().filter(|(_, w)| *w > Decimal::ZERO).collect()
}

fn award_line(a: &PrizeAward, text: Text, ins: Vec<super::statement::LineInput>, amount: Decimal) -> StatementLine {
    let key = FactKey::Award { source: a.source, source_ref: a.source_ref.clone(), slot: a.slot, day: a.day };
    StatementLine {
        plan: String::new(),
        version: 0,
        component: AWARD_COMPONENT.to_string(),
        kind: LineKind::Award,
        rule: Rule { method: AWARD_COMPONENT.into(), ..Rule::default() },
        inputs: ins,
        text,
        facts: Facts::one(key, 1),
        amount,
        equity: None,
    }
}

/// The award's heading (zh, en): the draw day and prize, or the contest.
fn heading(a: &PrizeAward, prize: Decimal) -> (String, String) {
    let (zh_extra, en_extra) = match &a.description {
        Some(d) => (format!("（另：{d}）"), format!(" (and: {d})")),
        None => (String::new(), String::new()),
    };
    match a.source {
        AwardSource::Lottery => {
            let (zh, en) = prize_name(&a.label);
            (
                format!("{} 日出单抽奖 {zh}（第 {} 位）：奖金 {}{zh_extra}", a.day, a.slot, yuan(prize)),
                format!("daily order lottery of {}, {en} (place {}): {}{en_extra}", a.day, a.slot, yuan(prize)),
            )
        }
        AwardSource::Pk => {
            let team = match &a.winner {
                Winner::Team(t) => t.as_str(),
                Winner::Person(p) => p.as_str(),
            };
            (
                format!("PK 赛 {}（{} 结束）{team} 获胜：奖金 {}{zh_extra}", a.source_ref, a.day, yuan(prize)),
                format!("PK contest {} (ended {}), won by {team}: prize {}{en_extra}", a.source_ref, a.day, yuan(prize)),
            )
        }
    }
}

/// Each winner's part of an award: the person, or the team split by
/// largest remainder (the parts add up to the prize). Empty when a team
/// has nobody on the day.
fn parts(a: &PrizeAward, org: &Org, prize: Decimal) -> Vec<(String, StatementLine)> {
    let (zh, en) = heading(a, prize);
    match &a.winner {
        Winner::Person(p) => {
            let line = award_line(a, Text::new(zh, en), inputs(&[("prize", prize)]), prize);
            vec![(p.clone(), line)]
        }
        Winner::Team(team) => {
            let members = team_on(org, team, a.day);
            let weights: Vec<Decimal> = members.iter().map(|m| m.1).collect();
            let Ok(split) = split_largest_remainder(prize, &weights) else { return Vec::new() };
            let total: Decimal = weights.iter().copied().sum();
            let n = members.len();
            members
                .into_iter()
                .zip(split)
                .map(|((person, w), part)| {
                    let text = Text::new(
                        format!("{zh}；{n} 人按份额 {w}/{total} 分（最大余额法），本人 {}", yuan(part)),
                        format!("{en}; split over {n} people by share {w}/{total} (largest remainder): {}", yuan(part)),
                    );
                    let line = award_line(a, text, inputs(&[("prize", prize), ("share", w), ("shares", total)]), part);
                    (person, line)
                })
                .collect()
        }
    }
}

/// Adds a line per winner of each award won by the end of the period, in
/// day, source, reference and slot order; returns the awards paid. An
/// award of no cash, or a team's with nobody on the day, is not paid
/// (it stays due). The lines add up to the awards paid (asserted).
pub(crate) fn award_lines(cx: &mut RunCx, awards: &[PrizeAward], org: &Org) -> Vec<AwardRef> {
    let last = cx.idx.period.last_day();
    let mut due: Vec<&PrizeAward> = awards.iter().filter(|a| a.day <= last).collect();
    due.sort_by(|a, b| (a.day, a.source, &a.source_ref, a.slot).cmp(&(b.day, b.source, &b.source_ref, b.slot)));
    due.dedup_by(|a, b| (a.source, &a.source_ref, a.slot) == (b.source, &b.source_ref, b.slot));
    let mut paid = Vec::new();
    for a in due {
        let prize = round_money(a.amount);
        if prize <= Decimal::ZERO {
            continue;
        }
        let lines = parts(a, org, prize);
        if lines.is_empty() {
            continue;
        }
        assert_eq!(lines.iter().map(|l| l.1.amount).sum::<Decimal>(), prize, "an award's parts add up to the prize");
        for (p, l) in lines {
            cx.push(&p, vec![l]);
        }
        paid.push(AwardRef { source: a.source, source_ref: a.source_ref.clone(), slot: a.slot });
    }
    paid
}
