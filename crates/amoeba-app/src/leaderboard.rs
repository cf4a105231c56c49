//! Leaderboards (seed 000 point 3: every figure with its peers' average and
//! peak): units on any of their metrics within a peer group, people on
//! their credited sales or their target attainment — ranked, averaged and
//! "near me" by the core's `engagement::leaderboard`, never here.

use crate::engage_refusal::EngageRefusal;
use crate::Result;
use amoeba_core::accounting::peers::PeerMetric;
use amoeba_core::engagement::{leaderboard, BoardMetric, Leaderboard};
use amoeba_core::reporting::attainment_pct;
use amoeba_core::Month;
use amoeba_store::org_repo::CompanyRow;
use amoeba_store::Db;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The peer group a units board shows when none is asked for.
pub const DEFAULT_GROUP: &str = "profit_centre/1";

/// Who is on a board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Units of one peer group (`kind/depth`, e.g. `profit_centre/1`).
    Units {
        /// The peer group's code.
        group: String,
    },
    /// People with credit or a target in the month.
    People,
}

/// A metric of a board from its code: for units any unit metric
/// (`sales`, `profit`, `hourly_efficiency`, `acos`…); for people `sales`
/// (credited sales) or `attainment` (of their sales target, %).
pub fn parse_metric(scope: &Scope, code: &str) -> Result<BoardMetric> {
    let code = code.trim();
    let peer = amoeba_core::reporting::unit_metrics::METRICS.iter().find_map(|m| match m {
        amoeba_core::reporting::unit_metrics::Metric::Peer(p) if metric_code(*p) == code => Some(*p),
        _ => None,
    });
    match (scope, code, peer) {
        (Scope::People, "sales", _) => Ok(BoardMetric::Peer(PeerMetric::Sales)),
        (_, "attainment", _) => Ok(BoardMetric::Attainment),
        (Scope::Units { .. }, _, Some(m)) => Ok(BoardMetric::Peer(m)),
        _ => Err(EngageRefusal::BadValue { what: "board metric".into(), value: code.to_string() }.into()),
    }
}

fn metric_code(m: PeerMetric) -> &'static str {
    amoeba_core::reporting::unit_metrics::metric_code(m)
}

/// A metric's code.
pub fn code_of(metric: BoardMetric) -> &'static str {
    match metric {
        BoardMetric::Peer(m) => metric_code(m),
        BoardMetric::Attainment => "attainment",
    }
}

/// The board of `metric` over `scope` for `month`.
pub async fn board(
    db: &Db,
    company: &CompanyRow,
    scope: &Scope,
    metric: BoardMetric,
    month: Month,
    today: NaiveDate,
) -> Result<Leaderboard> {
    let values = match scope {
        Scope::Units { group } => unit_values(db, company, group, metric, month, today).await?,
        Scope::People => people_values(db, company, metric, month, today).await?,
    };
    Ok(leaderboard(metric, &values))
}

async fn unit_values(
    db: &Db,
    company: &CompanyRow,
    group: &str,
    metric: BoardMetric,
    month: Month,
    today: NaiveDate,
) -> Result<BTreeMap<String, Option<Decimal>>> {
    match metric {
        BoardMetric::Peer(m) => {
            let report = crate::metrics::unit_metrics(db, company, month).await?;
            Ok(report
                .units
                .iter()
                .filter(|u| u.peer_group == group)
                .map(|u| (u.unit.clone(), u.metrics.get(metric_code(m)).and_then(|v| v.value)))
                .collect())
        }
        BoardMetric::Attainment => {
            let org = db.load_org(company.id).await?;
            let progress = crate::goals::unit_progress(db, company, month, today).await?;
            Ok(progress
                .iter()
                .filter(|p| amoeba_core::reporting::peers::PeerGroup::of(&org, &p.unit).is_some_and(|g| g.code() == group))
                .map(|p| (p.unit.clone(), p.month_progress.pace.attainment_pct))
                .collect())
        }
    }
}

async fn people_values(
    db: &Db,
    company: &CompanyRow,
    metric: BoardMetric,
    month: Month,
    today: NaiveDate,
) -> Result<BTreeMap<String, Option<Decimal>>> {
    let credit = crate::credit::month_credit(db, company, month, today).await?;
    let mut sales: BTreeMap<String, Decimal> = BTreeMap::new();
    for d in &credit.days {
        if let Some(p) = &d.person {
            *sales.entry(p.clone()).or_insert(Decimal::ZERO) += d.figures.sales;
        }
    }
    match metric {
        BoardMetric::Attainment => {
            // Σ of each target's credited sales (in its unit's subtree) over Σ of the targets.
            let mut sums: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
            for p in crate::goals::month_people(db, company, month, today).await? {
                let e = sums.entry(p.person).or_insert((Decimal::ZERO, Decimal::ZERO));
                e.0 += p.progress.actual;
                e.1 += p.progress.target;
            }
            Ok(sums.into_iter().map(|(p, (actual, target))| (p, attainment_pct(actual, target))).collect())
        }
        _ => Ok(sales.into_iter().map(|(p, s)| (p, Some(s))).collect()),
    }
}
