//! A day's entries from shipments: one entry per eligible person who had an
//! order shipped for that draw day, however many orders — the orders are
//! kept as evidence (id, role, instant), so anyone can check each counts.

use super::error::LotteryError;
use super::rules::LotteryRules;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A shipment as credit resolution reports it: who is credited, in which role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// Person code.
    pub person: String,
    /// Their role on the order (`sales`, `order_follower`…).
    pub role: String,
    /// The order.
    pub order_id: String,
    /// When it shipped, with the offset it was recorded in.
    pub shipped_at: DateTime<FixedOffset>,
}

/// One order behind an entry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    /// The order.
    pub order_id: String,
    /// The person's role on it.
    pub role: String,
    /// When it shipped, in UTC (one instant, one text).
    pub shipped_at: DateTime<Utc>,
}

impl Evidence {
    /// The instant as written in the canonical list: RFC 3339 in UTC with
    /// `Z`, fractional seconds only when there are any.
    pub fn shipped_at_text(&self) -> String {
        self.shipped_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

/// One draw (one entry) of one person on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Person code.
    pub person: String,
    /// The orders that earned it, sorted, each once.
    pub evidence: Vec<Evidence>,
}

/// The entries of draw day `date`, sorted by person, each person once.
///
/// Shipments of roles the rules do not let enter are left out, as are those
/// that count for another day; an empty person or order id is refused.
pub fn entries_for(rules: &LotteryRules, date: NaiveDate, shipments: &[Shipment]) -> Result<Vec<Entry>, LotteryError> {
    rules.validate()?;
    let mut by_person: BTreeMap<&str, Vec<Evidence>> = BTreeMap::new();
    for s in shipments {
        if s.person.trim().is_empty() {
            return Err(LotteryError::EmptyText { what: "person".into() });
        }
        if s.order_id.trim().is_empty() {
            return Err(LotteryError::EmptyText { what: format!("order id of {}", s.person) });
        }
        if !rules.eligible_roles.contains(&s.role) || rules.draw_day(s.shipped_at)? != date {
            continue;
        }
        by_person.entry(&s.person).or_default().push(Evidence {
            order_id: s.order_id.clone(),
            role: s.role.clone(),
            shipped_at: s.shipped_at.with_timezone(&Utc),
        });
    }
    Ok(by_person
        .into_iter()
        .map(|(person, mut evidence)| {
            evidence.sort();
            evidence.dedup();
            Entry { person: person.to_string(), evidence }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::drand::DrandChain;
    use super::super::rules::fixtures::seed_rules;
    use super::super::rules::RandomnessSource;
    use super::*;

    fn ship(person: &str, role: &str, order: &str, at: &str) -> Shipment {
        Shipment { person: person.into(), role: role.into(), order_id: order.into(), shipped_at: DateTime::parse_from_rfc3339(at).unwrap() }
    }

    /// docs/lottery.md, "Entries" worked example.
    #[test]
    fn worked_example_one_entry_per_person_with_every_order_as_evidence() {
        let rules = seed_rules(RandomnessSource::Drand(DrandChain::league_of_entropy_quicknet()));
        let shipments = vec![
            ship("P02", "sales", "SO-7", "2026-03-02T10:00:00+08:00"),
            ship("P01", "sales", "SO-1", "2026-03-02T09:00:00+08:00"),
            ship("P01", "sales", "SO-2", "2026-03-02T16:59:59+08:00"),
            ship("P01", "order_follower", "SO-7", "2026-03-02T10:00:00+08:00"),
            ship("P03", "sales", "SO-9", "2026-03-02T17:00:00+08:00"), // tomorrow's
            ship("P04", "designer", "SO-8", "2026-03-02T11:00:00+08:00"), // not eligible
            ship("P01", "sales", "SO-1", "2026-03-02T09:00:00+08:00"), // the same line twice
        ];
        let day: NaiveDate = "2026-03-02".parse().unwrap();
        let e = entries_for(&rules, day, &shipments).unwrap();
        let people: Vec<&str> = e.iter().map(|x| x.person.as_str()).collect();
        assert_eq!(people, vec!["P01", "P02"]);
        let orders: Vec<(&str, &str)> = e[0].evidence.iter().map(|v| (v.order_id.as_str(), v.role.as_str())).collect();
        assert_eq!(orders, vec![("SO-1", "sales"), ("SO-2", "sales"), ("SO-7", "order_follower")]);
        assert_eq!(e[0].evidence[0].shipped_at_text(), "2026-03-02T01:00:00Z");
        let next = entries_for(&rules, "2026-03-03".parse().unwrap(), &shipments).unwrap();
        assert_eq!(next.iter().map(|x| x.person.as_str()).collect::<Vec<_>>(), vec!["P03"]);
    }

    #[test]
    fn refuses_empty_codes() {
        let rules = seed_rules(RandomnessSource::Rfc3797 { sources: "x".into() });
        let day: NaiveDate = "2026-03-02".parse().unwrap();
        assert!(matches!(
            entries_for(&rules, day, &[ship(" ", "sales", "SO-1", "2026-03-02T10:00:00+08:00")]),
            Err(LotteryError::EmptyText { .. })
        ));
        assert!(matches!(
            entries_for(&rules, day, &[ship("P1", "sales", "", "2026-03-02T10:00:00+08:00")]),
            Err(LotteryError::EmptyText { .. })
        ));
    }
}
