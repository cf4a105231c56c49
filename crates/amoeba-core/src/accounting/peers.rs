//! Peers: for a metric measured on comparable units (e.g. all profit
//! centres), the peer average, the peak (the best value, whose meaning
//! depends on the metric's direction) and each unit's rank — the figures
//! the morning-meeting board and glass-transparent management show.

use super::metrics::{round_dp, DAYS_DP, RATIO_DP};
use crate::money::MONEY_DP;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which way is better for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Sales, profit, hourly efficiency, ROAS, repurchase rate…
    HigherIsBetter,
    /// ACoS, TACoS, turnover days, refund rate…
    LowerIsBetter,
}

/// Metrics compared between peers, with their direction and precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerMetric {
    /// External sales.
    Sales,
    /// Added value.
    AddedValue,
    /// Profit.
    Profit,
    /// Hourly efficiency.
    HourlyEfficiency,
    /// ROAS.
    Roas,
    /// Repurchase rate.
    RepurchaseRate,
    /// ACoS.
    Acos,
    /// TACoS.
    Tacos,
    /// Inventory turnover days.
    TurnoverDays,
    /// Refund rate.
    RefundRate,
}

impl PeerMetric {
    /// Whether higher or lower values are better.
    pub fn direction(&self) -> Direction {
        match self {
            PeerMetric::Sales
            | PeerMetric::AddedValue
            | PeerMetric::Profit
            | PeerMetric::HourlyEfficiency
            | PeerMetric::Roas
            | PeerMetric::RepurchaseRate => Direction::HigherIsBetter,
            PeerMetric::Acos | PeerMetric::Tacos | PeerMetric::TurnoverDays | PeerMetric::RefundRate => Direction::LowerIsBetter,
        }
    }

    /// Decimal places of the metric (and of its peer average).
    pub fn dp(&self) -> u32 {
        match self {
            PeerMetric::Sales | PeerMetric::AddedValue | PeerMetric::Profit | PeerMetric::HourlyEfficiency => MONEY_DP,
            PeerMetric::TurnoverDays => DAYS_DP,
            PeerMetric::Roas | PeerMetric::RepurchaseRate | PeerMetric::Acos | PeerMetric::Tacos | PeerMetric::RefundRate => RATIO_DP,
        }
    }
}

/// Peer figures of one metric.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeerStats {
    /// Units with a value (units whose metric is undefined are left out).
    pub count: usize,
    /// Mean of the values, rounded to the metric's places.
    pub average: Option<Decimal>,
    /// Best value.
    pub peak: Option<Decimal>,
    /// Units holding the peak.
    pub leaders: Vec<String>,
    /// Rank per unit with a value: 1 = best; ties share a rank and the next
    /// rank skips (1, 1, 3).
    pub ranks: BTreeMap<String, u32>,
}

/// Average, peak and ranks of `values` (unit → value; `None` = undefined,
/// e.g. no hours). `dp` is the rounding of the average.
pub fn peer_stats(values: &BTreeMap<String, Option<Decimal>>, direction: Direction, dp: u32) -> PeerStats {
    let mut defined: Vec<(&str, Decimal)> = values.iter().filter_map(|(u, v)| v.map(|v| (u.as_str(), v))).collect();
    if defined.is_empty() {
        return PeerStats::default();
    }
    let better_first = |a: &Decimal, b: &Decimal| match direction {
        Direction::HigherIsBetter => b.cmp(a),
        Direction::LowerIsBetter => a.cmp(b),
    };
    defined.sort_by(|a, b| better_first(&a.1, &b.1).then(a.0.cmp(b.0)));
    let sum = defined.iter().try_fold(Decimal::ZERO, |a, (_, v)| a.checked_add(*v));
    let average = sum.and_then(|s| s.checked_div(Decimal::from(defined.len() as u64))).map(|a| round_dp(a, dp));
    let peak = defined[0].1;
    let mut ranks = BTreeMap::new();
    let mut rank = 1u32;
    for (i, (unit, v)) in defined.iter().enumerate() {
        if i > 0 && *v != defined[i - 1].1 {
            rank = i as u32 + 1;
        }
        ranks.insert(unit.to_string(), rank);
    }
    PeerStats {
        count: defined.len(),
        average,
        peak: Some(peak),
        leaders: defined.iter().filter(|(_, v)| *v == peak).map(|(u, _)| u.to_string()).collect(),
        ranks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn values(v: &[(&str, Option<Decimal>)]) -> BTreeMap<String, Option<Decimal>> {
        v.iter().map(|(u, x)| (u.to_string(), *x)).collect()
    }

    /// docs/formulas.md, "Peers" worked example (hourly efficiency).
    #[test]
    fn worked_example_higher_is_better_with_ties() {
        let v = values(&[("A", Some(dec!(120.50))), ("B", Some(dec!(98.00))), ("C", Some(dec!(120.50))), ("D", None)]);
        let m = PeerMetric::HourlyEfficiency;
        let s = peer_stats(&v, m.direction(), m.dp());
        assert_eq!(s.count, 3);
        assert_eq!(s.average, Some(dec!(113.00)));
        assert_eq!(s.peak, Some(dec!(120.50)));
        assert_eq!(s.leaders, vec!["A".to_string(), "C".to_string()]);
        assert_eq!(s.ranks.get("A"), Some(&1));
        assert_eq!(s.ranks.get("C"), Some(&1));
        assert_eq!(s.ranks.get("B"), Some(&3));
        assert_eq!(s.ranks.get("D"), None);
    }

    /// docs/formulas.md, "Peers" worked example (ACoS).
    #[test]
    fn worked_example_lower_is_better() {
        let v = values(&[("A", Some(dec!(0.25))), ("B", Some(dec!(0.18))), ("C", Some(dec!(0.30)))]);
        let m = PeerMetric::Acos;
        let s = peer_stats(&v, m.direction(), m.dp());
        assert_eq!(s.average, Some(dec!(0.2433)));
        assert_eq!(s.peak, Some(dec!(0.18)));
        assert_eq!((s.ranks["B"], s.ranks["A"], s.ranks["C"]), (1, 2, 3));
    }

    #[test]
    fn no_values_no_stats() {
        assert_eq!(peer_stats(&values(&[("A", None)]), Direction::HigherIsBetter, 2), PeerStats::default());
    }

    proptest! {
        #[test]
        fn ranks_are_consistent_with_values(vals in proptest::collection::vec(proptest::option::of(-1000i64..1000), 1..20), higher in any::<bool>()) {
            let v: BTreeMap<String, Option<Decimal>> =
                vals.iter().enumerate().map(|(i, x)| (format!("U{i:02}"), x.map(|c| Decimal::new(c, 2)))).collect();
            let dir = if higher { Direction::HigherIsBetter } else { Direction::LowerIsBetter };
            let s = peer_stats(&v, dir, 2);
            for (a, ra) in &s.ranks {
                for (b, rb) in &s.ranks {
                    let (va, vb) = (v[a].unwrap(), v[b].unwrap());
                    let a_better = if higher { va > vb } else { va < vb };
                    if va == vb { prop_assert_eq!(ra, rb); }
                    if a_better { prop_assert!(ra < rb); }
                }
                if *ra == 1 { prop_assert!(s.leaders.contains(a)); }
            }
        }
    }
}
