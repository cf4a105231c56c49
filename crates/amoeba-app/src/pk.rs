//! PK contests (销售团队PK, seed 004) as the company runs them: a contest is
//! defined once (its rules — teams, bases, metric, head-counts, stake — are
//! fixed once it starts), its standings are live (each team's figure over
//! the period so far, scored by the core's `engagement::pk_result`), and its
//! result is decided once after the end, the stake stored as an award.
//!
//! A team is a unit (its subtree's P&L: sales, gross profit or profit) or a
//! project group (its members' credited sales, gross profit, cash collected
//! or orders while the group exists).

use crate::accounting::month_to_date;
use crate::engage_refusal::EngageRefusal;
use crate::{AppError, Result};
use amoeba_core::accounting::PnlLine;
use amoeba_core::engagement::{pk_result, PkContest, PkMetric, PkOutcome, PkResult, PkTeam};
use amoeba_core::org::Org;
use amoeba_core::Month;
use amoeba_store::engage::{Award, StoredContest};
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the winner gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stake {
    /// Cash in CNY, to the fen.
    pub amount: Option<Decimal>,
    /// A thing or a privilege.
    pub description: Option<String>,
}

/// One team as defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamDef {
    /// Unit or project-group code.
    pub code: String,
    /// Its base target for the period.
    pub base: Decimal,
    /// People in it when the contest was defined (per-capita scoring).
    pub headcount: u32,
}

/// A contest's rules, fixed once it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestDef {
    /// What is compared.
    pub metric: PkMetric,
    /// Per head instead of per team.
    pub per_capita: bool,
    /// The teams.
    pub teams: Vec<TeamDef>,
    /// What the winner gets.
    pub stake: Option<Stake>,
}

/// A contest to define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContest {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// What is compared.
    pub metric: PkMetric,
    /// Per head instead of per team.
    pub per_capita: bool,
    /// (team code, base).
    pub teams: Vec<(String, Decimal)>,
    /// What the winner gets.
    pub stake: Option<Stake>,
}

/// The metric's code.
pub fn metric_code(m: PkMetric) -> &'static str {
    match m {
        PkMetric::Sales => "sales",
        PkMetric::GrossProfit => "gross_profit",
        PkMetric::Profit => "profit",
        PkMetric::CashCollected => "cash_collected",
        PkMetric::Orders => "orders",
    }
}

/// A metric from its code.
pub fn parse_metric(code: &str) -> Result<PkMetric> {
    Ok(match code.trim() {
        "sales" => PkMetric::Sales,
        "gross_profit" => PkMetric::GrossProfit,
        "profit" => PkMetric::Profit,
        "cash_collected" => PkMetric::CashCollected,
        "orders" => PkMetric::Orders,
        other => {
            return Err(EngageRefusal::BadValue {
                what: "PK metric (sales, gross_profit, profit, cash_collected, orders)".into(),
                value: other.into(),
            }
            .into())
        }
    })
}

enum Team<'o> {
    Unit(Vec<&'o str>),
    Group(&'o amoeba_core::org::ProjectGroup),
}

fn team_of<'o>(org: &'o Org, code: &str, metric: PkMetric) -> Result<Team<'o>> {
    if org.unit(code).is_some() {
        if matches!(metric, PkMetric::CashCollected | PkMetric::Orders) {
            return Err(EngageRefusal::BadValue {
                what: format!("PK metric of unit {code} (sales, gross_profit, profit)"),
                value: metric_code(metric).into(),
            }
            .into());
        }
        return Ok(Team::Unit(org.subtree(code).iter().map(|u| u.code.as_str()).collect()));
    }
    match org.project_groups.iter().find(|g| g.code == code) {
        Some(_) if metric == PkMetric::Profit => Err(EngageRefusal::MetricNotForGroups { metric: metric_code(metric).into() }.into()),
        Some(g) => Ok(Team::Group(g)),
        None => Err(EngageRefusal::UnknownTeam { code: code.to_string() }.into()),
    }
}

fn headcount(org: &Org, team: &Team<'_>, day: NaiveDate) -> u32 {
    match team {
        Team::Unit(units) => {
            let mut people: Vec<&str> = org
                .assignments
                .iter()
                .filter(|a| units.contains(&a.unit.as_str()) && a.range.contains(day))
                .map(|a| a.person.as_str())
                .collect();
            people.sort_unstable();
            people.dedup();
            people.len() as u32
        }
        Team::Group(g) => g.members.len() as u32,
    }
}

fn contest_of(
    start: NaiveDate,
    end: NaiveDate,
    def: &ContestDef,
    actuals: &[(Decimal, Option<NaiveDate>)],
    zone: &chrono_tz::Tz,
) -> PkContest {
    let reached = |d: NaiveDate| -> Option<DateTime<FixedOffset>> {
        // The end of the day it was reached: teams reaching on one day are tied on it.
        let t = d.and_hms_opt(23, 59, 59)?;
        zone.from_local_datetime(&t).earliest().map(|t| t.fixed_offset())
    };
    PkContest {
        start,
        end,
        metric: def.metric,
        per_capita: def.per_capita,
        teams: def
            .teams
            .iter()
            .zip(actuals)
            .map(|(t, (actual, on))| PkTeam {
                code: t.code.clone(),
                base: t.base,
                actual: *actual,
                headcount: Some(t.headcount),
                reached_base_at: on.and_then(reached),
            })
            .collect(),
    }
}

fn zone(company: &CompanyRow) -> chrono_tz::Tz {
    company.company.timezone.parse().unwrap_or(chrono_tz::Asia::Shanghai)
}

/// Defines a contest. With `replace`, a contest of the code that has not
/// started yet (`today` before its first day) is replaced; once started its
/// rules are fixed.
pub async fn create(db: &Db, company: &CompanyRow, new: NewContest, today: NaiveDate, replace: bool) -> Result<StoredContest> {
    let org = db.load_org(company.id).await?;
    let mut teams = Vec::with_capacity(new.teams.len());
    for (code, base) in &new.teams {
        let team = team_of(&org, code, new.metric)?;
        teams.push(TeamDef { code: code.clone(), base: *base, headcount: headcount(&org, &team, new.start.max(today)) });
    }
    let def = ContestDef { metric: new.metric, per_capita: new.per_capita, teams, stake: new.stake };
    // The core checks the rules (two teams or more, bases above 0, dates, head-counts).
    let zeros = vec![(Decimal::ZERO, None); def.teams.len()];
    pk_result(&contest_of(new.start, new.end, &def, &zeros, &zone(company)))?;
    if let Some(stake) = &def.stake {
        if let Some(a) = stake.amount {
            if a < Decimal::ZERO || a.round_dp(2) != a {
                return Err(EngageRefusal::BadValue { what: "stake (CNY to the fen)".into(), value: a.to_string() }.into());
            }
        }
    }
    let stored = StoredContest {
        code: new.code.clone(),
        name: new.name,
        start: new.start,
        end: new.end,
        definition: serde_json::to_string(&def).map_err(|e| AppError::Internal(format!("a contest does not serialise: {e}")))?,
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        result: None,
        decided_at: None,
    };
    if !db.save_contest(company.id, &stored, replace.then_some(today)).await? {
        return Err(EngageRefusal::ContestExists { code: new.code }.into());
    }
    Ok(stored)
}

/// One team's figure and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamFigure {
    /// Team code.
    pub code: String,
    /// `unit` or `project_group`.
    pub kind: String,
    /// Its figure over the period so far.
    pub actual: Decimal,
    /// The day its running figure reached its base.
    pub reached_on: Option<NaiveDate>,
    /// Head-count as defined.
    pub headcount: u32,
    /// The months whose entries the figure drills down to (a unit's; empty for a project group).
    pub drill: Vec<Month>,
}

/// A contest with its standings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContestView {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The rules.
    pub definition: ContestDef,
    /// The last day counted (`None`: nothing yet).
    pub as_of: Option<NaiveDate>,
    /// Each team's figure, in definition order.
    pub teams: Vec<TeamFigure>,
    /// The core's outcome and standings.
    pub result: PkResult,
    /// Whether this is the stored, decided result.
    pub decided: bool,
}

fn def_of(c: &StoredContest) -> Result<ContestDef> {
    serde_json::from_str(&c.definition).map_err(|e| AppError::Store(amoeba_store::StoreError::Corrupt(format!("contest {}: {e}", c.code))))
}

/// Each team's daily figure over `start..=to`.
async fn daily(
    db: &Db,
    company: &CompanyRow,
    org: &Org,
    def: &ContestDef,
    start: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<BTreeMap<NaiveDate, Decimal>>> {
    let mut out = vec![BTreeMap::new(); def.teams.len()];
    let mut m = Month::of(start);
    while m <= Month::of(to) {
        let in_range = |d: &NaiveDate| *d >= start && *d <= to;
        let mtd = month_to_date(db, company, m, today).await?;
        let credit = if def.teams.iter().any(|t| org.unit(&t.code).is_none()) {
            Some(crate::credit::month_credit(db, company, m, today).await?)
        } else {
            None
        };
        for (i, t) in def.teams.iter().enumerate() {
            match team_of(org, &t.code, def.metric)? {
                Team::Unit(_) => {
                    let Some(p) = mtd.pnl.units.get(&t.code) else { continue };
                    for (d, l) in p.rolled_up_by_day.iter().filter(|(d, _)| in_range(d)) {
                        let v = match def.metric {
                            PkMetric::Profit => l.profit(),
                            PkMetric::GrossProfit => l.get(PnlLine::Sales) + l.get(PnlLine::Refunds) + l.get(PnlLine::Cogs),
                            _ => l.get(PnlLine::Sales),
                        };
                        *out[i].entry(*d).or_insert(Decimal::ZERO) += v;
                    }
                }
                Team::Group(g) => {
                    let Some(credit) = &credit else { continue };
                    for d in credit.days.iter().filter(|d| in_range(&d.day) && g.range.contains(d.day)) {
                        if !d.person.as_ref().is_some_and(|p| g.members.iter().any(|mb| &mb.person == p)) {
                            continue;
                        }
                        let f = &d.figures;
                        let v = match def.metric {
                            PkMetric::GrossProfit => f.gross_profit(),
                            PkMetric::CashCollected => f.cash_collected,
                            PkMetric::Orders => Decimal::from(f.orders),
                            _ => f.sales,
                        };
                        *out[i].entry(d.day).or_insert(Decimal::ZERO) += v;
                    }
                }
            }
        }
        m = m.next();
    }
    Ok(out)
}

/// A contest's standings now (the stored result once decided).
pub async fn standings(db: &Db, company: &CompanyRow, code: &str, today: NaiveDate) -> Result<ContestView> {
    let c = db.contest(company.id, code).await?.ok_or_else(|| EngageRefusal::UnknownContest { code: code.to_string() })?;
    if let Some(result) = &c.result {
        return serde_json::from_str(result)
            .map_err(|e| AppError::Store(amoeba_store::StoreError::Corrupt(format!("result of {code}: {e}"))));
    }
    compute(db, company, &c, today).await
}

async fn compute(db: &Db, company: &CompanyRow, c: &StoredContest, today: NaiveDate) -> Result<ContestView> {
    let def = def_of(c)?;
    let org = db.load_org(company.id).await?;
    // As a month to date counts (`accounting::as_of_day`): a period over is
    // counted whole; one in progress through the last day with data.
    let as_of = if c.end < today {
        Some(c.end)
    } else {
        db.last_fact_day(company.id).await?.map(|l| l.min(c.end).min(today)).filter(|d| *d >= c.start)
    };
    let series = match as_of {
        Some(to) => daily(db, company, &org, &def, c.start, to, today).await?,
        None => vec![BTreeMap::new(); def.teams.len()],
    };
    let mut teams = Vec::with_capacity(def.teams.len());
    let mut actuals = Vec::with_capacity(def.teams.len());
    for (t, days) in def.teams.iter().zip(&series) {
        let mut running = Decimal::ZERO;
        let mut reached_on = None;
        for (d, v) in days {
            running += v;
            if reached_on.is_none() && running >= t.base {
                reached_on = Some(*d);
            }
        }
        actuals.push((running, reached_on));
        let kind = if org.unit(&t.code).is_some() { "unit" } else { "project_group" };
        let drill = if kind == "unit" {
            let mut months = Vec::new();
            let mut m = Month::of(c.start);
            while m <= Month::of(as_of.unwrap_or(c.start)) {
                months.push(m);
                m = m.next();
            }
            months
        } else {
            Vec::new()
        };
        teams.push(TeamFigure { code: t.code.clone(), kind: kind.into(), actual: running, reached_on, headcount: t.headcount, drill });
    }
    let result = pk_result(&contest_of(c.start, c.end, &def, &actuals, &zone(company)))?;
    Ok(ContestView {
        code: c.code.clone(),
        name: c.name.clone(),
        start: c.start,
        end: c.end,
        definition: def,
        as_of,
        teams,
        result,
        decided: false,
    })
}

/// Every contest, newest first, with its standings now.
pub async fn contests(db: &Db, company: &CompanyRow, today: NaiveDate) -> Result<Vec<ContestView>> {
    let mut out = Vec::new();
    for c in db.contests(company.id).await? {
        out.push(standings(db, company, &c.code, today).await?);
    }
    Ok(out)
}

/// Decides a contest once it is over and its last day is in the data:
/// stores the result and the stake as an award to each winning team.
pub async fn decide(db: &Db, company: &CompanyRow, code: &str, today: NaiveDate) -> Result<ContestView> {
    let c = db.contest(company.id, code).await?.ok_or_else(|| EngageRefusal::UnknownContest { code: code.to_string() })?;
    if c.result.is_some() {
        return Err(EngageRefusal::ContestDecided { code: code.to_string() }.into());
    }
    let mut view = compute(db, company, &c, today).await?;
    if today <= c.end {
        return Err(EngageRefusal::ContestNotOver { code: code.to_string(), end: c.end.to_string() }.into());
    }
    view.decided = true;
    let winners: Vec<String> = match &view.result.outcome {
        PkOutcome::Winner { team, .. } => vec![team.clone()],
        PkOutcome::Shared { teams } => teams.clone(),
        PkOutcome::NoWinner => Vec::new(),
    };
    // A shared win shares the stake, by largest remainder (the parts add up to it).
    let shares: Vec<Option<Decimal>> = match view.definition.stake.as_ref().and_then(|s| s.amount) {
        Some(amount) if !winners.is_empty() => amoeba_core::money::split_largest_remainder(amount, &vec![Decimal::ONE; winners.len()])
            .map_err(|e| AppError::Internal(format!("splitting the stake: {e:?}")))?
            .into_iter()
            .map(Some)
            .collect(),
        _ => vec![None; winners.len()],
    };
    let awards: Vec<Award> = match &view.definition.stake {
        Some(stake) => winners
            .iter()
            .zip(shares)
            .enumerate()
            .map(|(i, (team, amount))| Award {
                source: "pk".into(),
                source_ref: code.to_string(),
                slot: i as i64 + 1,
                day: c.end,
                person: None,
                unit: Some(team.clone()),
                label: "winner".into(),
                amount,
                description: stake.description.clone(),
                paid_in: None,
            })
            .collect(),
        None => Vec::new(),
    };
    let json = serde_json::to_string(&view).map_err(|e| AppError::Internal(format!("a contest result does not serialise: {e}")))?;
    if !db.decide_contest(company.id, code, &json, &awards).await? {
        return Err(EngageRefusal::ContestDecided { code: code.to_string() }.into());
    }
    Ok(view)
}
