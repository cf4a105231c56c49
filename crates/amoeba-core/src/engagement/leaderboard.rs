//! Leaderboards per metric for people or units: ranks, the peer average and
//! peak, and "near me" — the few rows just above and below a person, which
//! motivates more than a top ten most people are not in.
//!
//! Ranking is the core's one rule ([`peer_stats`]: ties share a rank, the
//! next skips; the direction and places come from the metric), never
//! re-implemented here. Board-only metrics that are not unit P&L figures
//! (attainment) are [`BoardMetric`] variants beside the peers' metrics, so
//! the peer metric list every report matches on stays as it is.

use super::error::EngageError;
use crate::accounting::peers::{peer_stats, Direction, PeerMetric};
use crate::reporting::ATTAINMENT_PCT_DP;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a board ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardMetric {
    /// A peer metric (sales, profit, hourly efficiency, ACoS…).
    Peer(PeerMetric),
    /// Target attainment in percent (higher is better, 2 dp).
    Attainment,
}

impl BoardMetric {
    /// Which way is better.
    pub fn direction(&self) -> Direction {
        match self {
            BoardMetric::Peer(m) => m.direction(),
            BoardMetric::Attainment => Direction::HigherIsBetter,
        }
    }

    /// Decimal places of the metric and its average.
    pub fn dp(&self) -> u32 {
        match self {
            BoardMetric::Peer(m) => m.dp(),
            BoardMetric::Attainment => ATTAINMENT_PCT_DP,
        }
    }
}

/// One row of a board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardRow {
    /// Person or unit code.
    pub code: String,
    /// The value; `None` when undefined (no hours, no target…).
    pub value: Option<Decimal>,
    /// Rank (1 = best); `None` without a value.
    pub rank: Option<u32>,
    /// Distance to the peak (peak − value, signed so that 0 is the peak and
    /// a bigger number is further behind, whatever the direction).
    pub behind_peak: Option<Decimal>,
}

/// A board: every row best first, then the rows without a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaderboard {
    /// The metric.
    pub metric: BoardMetric,
    /// Rows with a value.
    pub count: usize,
    /// Mean of the values (the metric's places).
    pub average: Option<Decimal>,
    /// Best value.
    pub peak: Option<Decimal>,
    /// Codes holding the peak.
    pub leaders: Vec<String>,
    /// The rows.
    pub rows: Vec<BoardRow>,
}

/// The board of `metric` over `values` (code → value, `None` = undefined).
pub fn leaderboard(metric: BoardMetric, values: &BTreeMap<String, Option<Decimal>>) -> Leaderboard {
    let stats = peer_stats(values, metric.direction(), metric.dp());
    let mut rows: Vec<BoardRow> = values
        .iter()
        .map(|(code, value)| {
            let behind_peak = match (value, stats.peak) {
                (Some(v), Some(p)) => Some(match metric.direction() {
                    Direction::HigherIsBetter => p - v,
                    Direction::LowerIsBetter => v - p,
                }),
                _ => None,
            };
            BoardRow { code: code.clone(), value: *value, rank: stats.ranks.get(code).copied(), behind_peak }
        })
        .collect();
    rows.sort_by(|a, b| match (a.rank, b.rank) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.code.cmp(&b.code)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.code.cmp(&b.code),
    });
    Leaderboard { metric, count: stats.count, average: stats.average, peak: stats.peak, leaders: stats.leaders, rows }
}

/// A person's row and up to `k` ranked rows either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearMe {
    /// Up to k rows just above, best first.
    pub above: Vec<BoardRow>,
    /// The person's own row.
    pub me: BoardRow,
    /// Up to k rows just below, best first.
    pub below: Vec<BoardRow>,
}

/// The rows around `code` on `board`: `k` above and `k` below among ranked rows.
pub fn near_me(board: &Leaderboard, code: &str, k: usize) -> Result<NearMe, EngageError> {
    let ranked: Vec<&BoardRow> = board.rows.iter().filter(|r| r.rank.is_some()).collect();
    let Some(i) = ranked.iter().position(|r| r.code == code) else {
        return Err(if board.rows.iter().any(|r| r.code == code) {
            EngageError::NotRanked { code: code.into() }
        } else {
            EngageError::NotOnBoard { code: code.into() }
        });
    };
    Ok(NearMe {
        above: ranked[i.saturating_sub(k)..i].iter().map(|r| (*r).clone()).collect(),
        me: ranked[i].clone(),
        below: ranked[i + 1..(i + 1 + k).min(ranked.len())].iter().map(|r| (*r).clone()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn values(v: &[(&str, Option<Decimal>)]) -> BTreeMap<String, Option<Decimal>> {
        v.iter().map(|(c, x)| (c.to_string(), *x)).collect()
    }

    fn sales() -> BTreeMap<String, Option<Decimal>> {
        values(&[
            ("P01", Some(dec!(120_000))),
            ("P02", Some(dec!(95_000))),
            ("P03", Some(dec!(150_000))),
            ("P04", Some(dec!(95_000))),
            ("P05", Some(dec!(60_000))),
            ("P06", None),
            ("P07", Some(dec!(80_000))),
        ])
    }

    /// docs/engagement.md, "Leaderboards" worked example.
    #[test]
    fn worked_example_sales_board_and_near_me() {
        let b = leaderboard(BoardMetric::Peer(PeerMetric::Sales), &sales());
        let order: Vec<(&str, Option<u32>)> = b.rows.iter().map(|r| (r.code.as_str(), r.rank)).collect();
        assert_eq!(
            order,
            vec![("P03", Some(1)), ("P01", Some(2)), ("P02", Some(3)), ("P04", Some(3)), ("P07", Some(5)), ("P05", Some(6)), ("P06", None)]
        );
        assert_eq!(b.average, Some(dec!(100_000.00)), "600 000 ÷ 6");
        assert_eq!((b.peak, b.leaders.clone()), (Some(dec!(150_000)), vec!["P03".to_string()]));
        assert_eq!(b.rows[1].behind_peak, Some(dec!(30_000)));
        let n = near_me(&b, "P04", 2).unwrap();
        assert_eq!(n.above.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), vec!["P01", "P02"]);
        assert_eq!(n.below.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), vec!["P07", "P05"]);
        let top = near_me(&b, "P03", 2).unwrap();
        assert!(top.above.is_empty());
        assert_eq!(top.below.len(), 2);
        assert_eq!(near_me(&b, "P06", 2), Err(EngageError::NotRanked { code: "P06".into() }));
        assert_eq!(near_me(&b, "P99", 2), Err(EngageError::NotOnBoard { code: "P99".into() }));
    }

    #[test]
    fn lower_is_better_metrics_measure_behind_the_peak_the_other_way() {
        let b = leaderboard(BoardMetric::Peer(PeerMetric::Acos), &values(&[("A", Some(dec!(0.25))), ("B", Some(dec!(0.18)))]));
        assert_eq!(b.rows[0].code, "B");
        assert_eq!(b.rows[1].behind_peak, Some(dec!(0.07)));
        let a = leaderboard(BoardMetric::Attainment, &values(&[("A", Some(dec!(101.5))), ("B", Some(dec!(99)))]));
        assert_eq!(a.rows[0].code, "A");
        assert_eq!(a.average, Some(dec!(100.25)));
    }
}
