//! PK contests (销售团队PK, seed 004): two or more teams each must first
//! reach their own base target; among those that did, the largest excess
//! (actual − base) wins. Beating another team's excess while missing one's
//! own base wins nothing — the point is that every team earns its base.
//!
//! Ties on the excess (to the fen) are broken by, in order:
//! 1. the higher attainment ratio actual ÷ base (compared exactly);
//! 2. the earlier instant of reaching the base, when every tied team has one;
//! 3. otherwise the tied teams share the rank (and the win).
//!
//! Per-capita scoring, for unequal teams, compares actual ÷ head-count with
//! base ÷ head-count (each rounded once to 2 places); qualification is
//! actual ≥ base either way, and the attainment ratio is the same.

use super::error::EngageError;
use crate::accounting::metrics::round_dp;
use crate::money::MONEY_DP;
use crate::reporting::attainment_pct;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// What a contest measures; the figures are inputs, this names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PkMetric {
    /// Credited sales.
    Sales,
    /// Gross profit.
    GrossProfit,
    /// Unit profit.
    Profit,
    /// Cash collected.
    CashCollected,
    /// Number of orders.
    Orders,
}

/// One team (a unit or a project group) in a contest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkTeam {
    /// Unit or project-group code.
    pub code: String,
    /// Its base target for the period.
    pub base: Decimal,
    /// Its actual for the period.
    pub actual: Decimal,
    /// Head-count, needed for per-capita scoring.
    pub headcount: Option<u32>,
    /// When it reached its base, if it did and this was recorded.
    pub reached_base_at: Option<DateTime<FixedOffset>>,
}

/// A contest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkContest {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The metric.
    pub metric: PkMetric,
    /// Score per head instead of per team.
    pub per_capita: bool,
    /// The teams.
    pub teams: Vec<PkTeam>,
}

/// Which rule separated the winner from the next team with the same excess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// The higher attainment ratio.
    Attainment,
    /// The earlier reaching of the base.
    ReachedEarlier,
}

/// One team's line in the standings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// Team code.
    pub team: String,
    /// Base as scored (per head when per-capita).
    pub base: Decimal,
    /// Actual as scored.
    pub actual: Decimal,
    /// actual − base, as scored.
    pub excess: Decimal,
    /// actual ÷ base × 100, 2 dp.
    pub attainment_pct: Decimal,
    /// Whether it reached its base.
    pub qualified: bool,
    /// Rank among qualified teams (1 = winner; shared ranks skip: 1, 1, 3).
    pub rank: Option<u32>,
}

/// The result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PkOutcome {
    /// One team won.
    Winner {
        /// The team.
        team: String,
        /// The tie-break that decided it, if the excess alone did not.
        decided_by: Option<TieBreak>,
    },
    /// Tied on every rule: they share the win.
    Shared {
        /// The teams.
        teams: Vec<String>,
    },
    /// No team reached its base.
    NoWinner,
}

/// Outcome and standings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkResult {
    /// Who won.
    pub outcome: PkOutcome,
    /// Qualified teams by rank, then the others by attainment (best first).
    pub standings: Vec<Standing>,
}

struct Scored<'a> {
    team: &'a PkTeam,
    line: Standing,
}

/// Compares attainment ratios exactly (a/b vs c/d as a·d vs c·b, bases > 0);
/// past the range of exact products, by the quotients.
fn attainment_cmp(a: &PkTeam, b: &PkTeam) -> Ordering {
    match (a.actual.checked_mul(b.base), b.actual.checked_mul(a.base)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.actual.checked_div(a.base).cmp(&b.actual.checked_div(b.base)),
    }
}

/// Scores `contest` and names the winner.
pub fn pk_result(contest: &PkContest) -> Result<PkResult, EngageError> {
    if contest.end < contest.start {
        return Err(EngageError::PeriodReversed { start: contest.start.to_string(), end: contest.end.to_string() });
    }
    if contest.teams.len() < 2 {
        return Err(EngageError::TooFewTeams { teams: contest.teams.len() });
    }
    let mut seen = BTreeSet::new();
    let mut scored = Vec::with_capacity(contest.teams.len());
    for t in &contest.teams {
        if t.code.trim().is_empty() {
            return Err(EngageError::EmptyCode);
        }
        if !seen.insert(t.code.as_str()) {
            return Err(EngageError::DuplicateTeam { team: t.code.clone() });
        }
        if t.base <= Decimal::ZERO {
            return Err(EngageError::BaseNotPositive { team: t.code.clone() });
        }
        let (base, actual) = if contest.per_capita {
            let n = match t.headcount {
                Some(n) if n > 0 => Decimal::from(n),
                _ => return Err(EngageError::HeadcountMissing { team: t.code.clone() }),
            };
            (round_dp(t.base / n, MONEY_DP), round_dp(t.actual / n, MONEY_DP))
        } else {
            (t.base, t.actual)
        };
        scored.push(Scored {
            team: t,
            line: Standing {
                team: t.code.clone(),
                base,
                actual,
                excess: actual - base,
                attainment_pct: attainment_pct(t.actual, t.base).unwrap_or(Decimal::MAX),
                qualified: t.actual >= t.base,
                rank: None,
            },
        });
    }
    let (mut qualified, mut others): (Vec<Scored>, Vec<Scored>) = scored.into_iter().partition(|s| s.line.qualified);
    let excess_then_attainment = |a: &Scored, b: &Scored| b.line.excess.cmp(&a.line.excess).then_with(|| attainment_cmp(b.team, a.team));
    qualified.sort_by(|a, b| excess_then_attainment(a, b).then_with(|| a.team.code.cmp(&b.team.code)));
    // Within a group tied on excess and attainment, the earlier reaching breaks the
    // tie only if every team of the group has a time; else the group shares.
    let mut keys: Vec<(usize, Option<DateTime<FixedOffset>>)> = Vec::with_capacity(qualified.len());
    let mut i = 0;
    while i < qualified.len() {
        let mut j = i + 1;
        while j < qualified.len() && excess_then_attainment(&qualified[i], &qualified[j]) == Ordering::Equal {
            j += 1;
        }
        let times: Option<Vec<DateTime<FixedOffset>>> = qualified[i..j].iter().map(|s| s.team.reached_base_at).collect();
        qualified[i..j].sort_by(|a, b| match (&times, a.team.reached_base_at, b.team.reached_base_at) {
            (Some(_), Some(x), Some(y)) => x.cmp(&y).then_with(|| a.team.code.cmp(&b.team.code)),
            _ => a.team.code.cmp(&b.team.code),
        });
        for s in &qualified[i..j] {
            keys.push((i, times.as_ref().and(s.team.reached_base_at)));
        }
        i = j;
    }
    for k in 0..qualified.len() {
        let rank = if k > 0 && keys[k] == keys[k - 1] { qualified[k - 1].line.rank } else { Some(k as u32 + 1) };
        qualified[k].line.rank = rank;
    }
    let outcome = match qualified.iter().take_while(|s| s.line.rank == Some(1)).count() {
        0 => PkOutcome::NoWinner,
        1 => {
            let decided_by = qualified.get(1).and_then(|second| {
                let top = &qualified[0];
                if top.line.excess != second.line.excess {
                    None
                } else if attainment_cmp(top.team, second.team) != Ordering::Equal {
                    Some(TieBreak::Attainment)
                } else {
                    Some(TieBreak::ReachedEarlier)
                }
            });
            PkOutcome::Winner { team: qualified[0].team.code.clone(), decided_by }
        }
        n => PkOutcome::Shared { teams: qualified[..n].iter().map(|s| s.team.code.clone()).collect() },
    };
    others.sort_by(|a, b| attainment_cmp(b.team, a.team).then_with(|| a.team.code.cmp(&b.team.code)));
    let standings = qualified.into_iter().chain(others).map(|s| s.line).collect();
    Ok(PkResult { outcome, standings })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn team(code: &str, base: Decimal, actual: Decimal) -> PkTeam {
        PkTeam { code: code.into(), base, actual, headcount: None, reached_base_at: None }
    }

    fn contest(teams: Vec<PkTeam>) -> PkContest {
        PkContest {
            start: "2026-03-01".parse().unwrap(),
            end: "2026-03-31".parse().unwrap(),
            metric: PkMetric::Sales,
            per_capita: false,
            teams,
        }
    }

    /// docs/engagement.md, "PK" worked example.
    #[test]
    fn worked_example_a_bigger_excess_over_a_missed_base_does_not_win() {
        // Domestic beats its base by 50 000; Foreign sells 150 000 more than
        // Domestic's excess would suggest but misses its own base.
        let r = pk_result(&contest(vec![team("DOMESTIC", dec!(500_000), dec!(550_000)), team("FOREIGN", dec!(1_000_000), dec!(980_000))]))
            .unwrap();
        assert_eq!(r.outcome, PkOutcome::Winner { team: "DOMESTIC".into(), decided_by: None });
        let f = r.standings.iter().find(|s| s.team == "FOREIGN").unwrap();
        assert!(!f.qualified);
        assert_eq!((f.excess, f.rank, f.attainment_pct), (dec!(-20_000), None, dec!(98.00)));
        let d = &r.standings[0];
        assert_eq!((d.team.as_str(), d.excess, d.rank, d.attainment_pct), ("DOMESTIC", dec!(50_000), Some(1), dec!(110.00)));
    }

    #[test]
    fn largest_excess_among_qualified_wins_and_nobody_qualified_means_no_winner() {
        let r =
            pk_result(&contest(vec![team("A", dec!(100), dec!(150)), team("B", dec!(1000), dec!(1100)), team("C", dec!(100), dec!(99))]))
                .unwrap();
        assert_eq!(r.outcome, PkOutcome::Winner { team: "B".into(), decided_by: None });
        assert_eq!(
            r.standings.iter().map(|s| (s.team.as_str(), s.rank)).collect::<Vec<_>>(),
            vec![("B", Some(1)), ("A", Some(2)), ("C", None)]
        );
        let none = pk_result(&contest(vec![team("A", dec!(100), dec!(99)), team("B", dec!(100), dec!(10))])).unwrap();
        assert_eq!(none.outcome, PkOutcome::NoWinner);
        assert!(none.standings.iter().all(|s| s.rank.is_none()));
        assert_eq!(none.standings[0].team, "A", "others by attainment, best first");
    }

    #[test]
    fn ties_break_on_attainment_then_reaching_time_else_shared() {
        // same excess 100: A 200/100 = 200 %, B 1100/1000 = 110 %
        let r = pk_result(&contest(vec![team("B", dec!(1000), dec!(1100)), team("A", dec!(100), dec!(200))])).unwrap();
        assert_eq!(r.outcome, PkOutcome::Winner { team: "A".into(), decided_by: Some(TieBreak::Attainment) });
        // same excess and attainment: the earlier base wins if both have a time
        let at = |s: &str| Some(DateTime::parse_from_rfc3339(s).unwrap());
        let mut x = team("X", dec!(100), dec!(120));
        let mut y = team("Y", dec!(100), dec!(120));
        x.reached_base_at = at("2026-03-20T15:00:00+08:00");
        y.reached_base_at = at("2026-03-18T09:00:00+08:00");
        let r = pk_result(&contest(vec![x.clone(), y.clone()])).unwrap();
        assert_eq!(r.outcome, PkOutcome::Winner { team: "Y".into(), decided_by: Some(TieBreak::ReachedEarlier) });
        assert_eq!((r.standings[0].rank, r.standings[1].rank), (Some(1), Some(2)));
        x.reached_base_at = None;
        let r = pk_result(&contest(vec![x, y])).unwrap();
        assert_eq!(r.outcome, PkOutcome::Shared { teams: vec!["X".into(), "Y".into()] });
        assert_eq!((r.standings[0].rank, r.standings[1].rank), (Some(1), Some(1)));
    }

    #[test]
    fn per_capita_scoring_levels_unequal_teams() {
        let mut big = team("BIG", dec!(1_000_000), dec!(1_100_000));
        big.headcount = Some(10); // +10 000 a head
        let mut small = team("SMALL", dec!(200_000), dec!(260_000));
        small.headcount = Some(3); // 66 666.67 → 86 666.67: +20 000 a head
        let mut c = contest(vec![big.clone(), small.clone()]);
        assert_eq!(
            pk_result(&c).unwrap().outcome,
            PkOutcome::Winner { team: "BIG".into(), decided_by: None },
            "per team: 100 000 > 60 000"
        );
        c.per_capita = true;
        let r = pk_result(&c).unwrap();
        assert_eq!(r.outcome, PkOutcome::Winner { team: "SMALL".into(), decided_by: None });
        assert_eq!(
            (r.standings[0].base, r.standings[0].actual, r.standings[0].excess),
            (dec!(66_666.67), dec!(86_666.67), dec!(20_000.00))
        );
        small.headcount = None;
        assert_eq!(
            pk_result(&PkContest { per_capita: true, ..contest(vec![big, small]) }),
            Err(EngageError::HeadcountMissing { team: "SMALL".into() })
        );
    }

    #[test]
    fn refuses_bad_contests() {
        assert_eq!(pk_result(&contest(vec![team("A", dec!(1), dec!(1))])), Err(EngageError::TooFewTeams { teams: 1 }));
        assert!(matches!(
            pk_result(&contest(vec![team("A", dec!(1), dec!(1)), team("A", dec!(1), dec!(1))])),
            Err(EngageError::DuplicateTeam { .. })
        ));
        assert!(matches!(
            pk_result(&contest(vec![team("A", dec!(0), dec!(1)), team("B", dec!(1), dec!(1))])),
            Err(EngageError::BaseNotPositive { .. })
        ));
        let mut c = contest(vec![team("A", dec!(1), dec!(1)), team("B", dec!(1), dec!(1))]);
        c.end = "2026-02-01".parse().unwrap();
        assert!(matches!(pk_result(&c), Err(EngageError::PeriodReversed { .. })));
    }

    proptest! {
        #[test]
        fn the_winner_qualified_and_no_qualified_team_has_a_larger_excess(
            teams in proptest::collection::vec((1i64..1000, 0i64..2000), 2..8),
        ) {
            let ts: Vec<PkTeam> = teams.iter().enumerate().map(|(i, (b, a))| team(&format!("T{i}"), Decimal::from(*b), Decimal::from(*a))).collect();
            let r = pk_result(&contest(ts.clone())).unwrap();
            let best = ts.iter().filter(|t| t.actual >= t.base).map(|t| t.actual - t.base).max();
            match (&r.outcome, best) {
                (PkOutcome::NoWinner, None) => {}
                (PkOutcome::Winner { team, .. }, Some(b)) => {
                    let w = ts.iter().find(|t| &t.code == team).unwrap();
                    prop_assert!(w.actual >= w.base);
                    prop_assert_eq!(w.actual - w.base, b);
                }
                (PkOutcome::Shared { teams }, Some(b)) => {
                    for code in teams {
                        let w = ts.iter().find(|t| &t.code == code).unwrap();
                        prop_assert_eq!(w.actual - w.base, b);
                    }
                }
                (o, b) => prop_assert!(false, "outcome {:?} with best excess {:?}", o, b),
            }
            prop_assert_eq!(r.standings.len(), ts.len());
        }
    }
}
