//! Who a unit is compared with — units of the same kind at the same depth of
//! the tree — and each group's average, peak and ranks (the engine's
//! `accounting::peers::peer_stats`). The board, `report metrics` and every
//! leaderboard group peers this one way.

use crate::accounting::peers::{peer_stats, Direction, PeerStats};
use crate::org::{Org, UnitKind};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A peer group: a unit kind at a depth (root = 0). Profit centres come
/// before service centres, shallower before deeper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PeerGroup {
    /// Profit or service centre.
    pub kind: UnitKind,
    /// Depth in the tree.
    pub depth: usize,
}

impl PeerGroup {
    /// The group of `unit`, `None` for a unit the organisation lacks.
    pub fn of(org: &Org, unit: &str) -> Option<PeerGroup> {
        org.unit(unit).map(|u| PeerGroup { kind: u.kind, depth: org.depth(unit) })
    }

    /// Stable code: `kind/depth` (e.g. `profit_centre/1`), as reports and the API show it.
    pub fn code(&self) -> String {
        format!("{}/{}", self.kind.as_str(), self.depth)
    }

    fn sort_key(&self) -> (bool, usize) {
        (self.kind == UnitKind::ServiceCentre, self.depth)
    }
}

impl Ord for PeerGroup {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PeerGroup {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Each peer group's statistics of one metric, given every unit's value
/// (`None` = undefined for that unit, left out of the stats). Units the
/// organisation lacks are ignored.
pub fn stats_by_group(
    org: &Org,
    values: &BTreeMap<String, Option<Decimal>>,
    direction: Direction,
    dp: u32,
) -> BTreeMap<PeerGroup, PeerStats> {
    let mut groups: BTreeMap<PeerGroup, BTreeMap<String, Option<Decimal>>> = BTreeMap::new();
    for (unit, value) in values {
        if let Some(g) = PeerGroup::of(org, unit) {
            groups.entry(g).or_default().insert(unit.clone(), *value);
        }
    }
    groups.into_iter().map(|(g, members)| (g, peer_stats(&members, direction, dp))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::{Company, Unit};
    use rust_decimal_macros::dec;

    fn org() -> Org {
        let mut org = Org::empty(Company::new("T", "T"));
        for (code, parent, kind) in [
            ("G", None, UnitKind::ProfitCentre),
            ("A", Some("G"), UnitKind::ProfitCentre),
            ("B", Some("G"), UnitKind::ProfitCentre),
            ("W", Some("G"), UnitKind::ServiceCentre),
        ] {
            org.units.push(Unit {
                code: code.into(),
                name: code.into(),
                name_en: None,
                kind,
                function: None,
                parent: parent.map(Into::into),
                area_m2: None,
            });
        }
        org
    }

    #[test]
    fn peers_are_the_same_kind_at_the_same_depth() {
        let o = org();
        let values: BTreeMap<String, Option<Decimal>> =
            [("A", Some(dec!(10))), ("B", Some(dec!(30))), ("W", Some(dec!(99))), ("X", Some(dec!(1)))]
                .into_iter()
                .map(|(u, v)| (u.to_string(), v))
                .collect();
        let stats = stats_by_group(&o, &values, Direction::HigherIsBetter, 2);
        let profit = PeerGroup { kind: UnitKind::ProfitCentre, depth: 1 };
        let service = PeerGroup { kind: UnitKind::ServiceCentre, depth: 1 };
        assert_eq!(stats.keys().copied().collect::<Vec<_>>(), vec![profit, service], "profit centres first; unknown units ignored");
        assert_eq!((stats[&profit].average, stats[&profit].peak, stats[&profit].ranks["A"]), (Some(dec!(20.00)), Some(dec!(30)), 2));
        assert_eq!(stats[&service].count, 1);
        assert_eq!(profit.code(), "profit_centre/1");
    }
}
