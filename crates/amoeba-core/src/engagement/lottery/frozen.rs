//! The frozen entry list: a day's entries written in one canonical form and
//! hashed (SHA-256) at the cut-off, before the randomness exists. The hash
//! is published then; nobody can add, drop or move an entrant afterwards
//! without changing it.

use super::canon::{sha256, Canon};
use super::entries::{entries_for, Entry, Shipment};
use super::error::LotteryError;
use super::rules::LotteryRules;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

/// Format line of the canonical list.
pub const LIST_FORMAT: &str = "amoeba-lottery-list/1";

/// A day's entry list as frozen at its cut-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenList {
    /// The draw day.
    pub date: NaiveDate,
    /// The cut-off instant the list was frozen at.
    pub cutoff: DateTime<Utc>,
    /// Entries, sorted by person (canonical order).
    pub entries: Vec<Entry>,
}

impl FrozenList {
    /// Freezes `date`'s list from `shipments` at the rules' cut-off.
    /// Refuses a day that is not a working day: it has no draw.
    pub fn freeze(rules: &LotteryRules, date: NaiveDate, shipments: &[Shipment]) -> Result<Self, LotteryError> {
        rules.validate()?;
        if !rules.calendar.is_working(date) {
            return Err(LotteryError::NotWorkingDay { date: date.to_string() });
        }
        Ok(Self { date, cutoff: rules.cutoff_instant(date)?, entries: entries_for(rules, date, shipments)? })
    }

    /// Whether people are strictly sorted (each once) and each person's
    /// orders strictly sorted (each once): the only order that is hashed.
    pub fn is_canonical(&self) -> bool {
        self.entries.windows(2).all(|w| w[0].person < w[1].person)
            && self.entries.iter().all(|e| e.evidence.windows(2).all(|w| w[0] < w[1]))
    }

    /// The list as canonical bytes (`docs/lottery.md`, "Canonical list").
    /// Written in the list's order: check [`FrozenList::is_canonical`] first.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut c = Canon::new(LIST_FORMAT);
        c.line("date", &[&self.date.to_string()]);
        c.line("cutoff", &[&self.cutoff.to_rfc3339_opts(SecondsFormat::AutoSi, true)]);
        c.line("entrants", &[&self.entries.len().to_string()]);
        for e in &self.entries {
            c.line("person", &[&e.person]);
            for v in &e.evidence {
                c.line("order", &[&v.order_id, &v.role, &v.shipped_at_text()]);
            }
        }
        c.finish()
    }

    /// SHA-256 of the canonical bytes: the list hash published at the cut-off.
    pub fn hash(&self) -> [u8; 32] {
        sha256(&self.canonical_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::super::rules::fixtures::seed_rules;
    use super::super::rules::RandomnessSource;
    use super::*;
    use chrono::DateTime;

    fn ship(person: &str, role: &str, order: &str, at: &str) -> Shipment {
        Shipment { person: person.into(), role: role.into(), order_id: order.into(), shipped_at: DateTime::parse_from_rfc3339(at).unwrap() }
    }

    fn rules() -> LotteryRules {
        seed_rules(RandomnessSource::Rfc3797 { sources: "福彩双色球".into() })
    }

    /// docs/lottery.md, "Canonical list" worked example: the bytes, byte for byte.
    #[test]
    fn worked_example_canonical_bytes() {
        let list = FrozenList::freeze(
            &rules(),
            "2026-03-02".parse().unwrap(),
            &[
                ship("张三", "sales", "SO-2", "2026-03-02T16:59:59+08:00"),
                ship("P01", "order_follower", "SO\t1", "2026-03-02T09:00:00.5+08:00"),
            ],
        )
        .unwrap();
        assert!(list.is_canonical());
        let expected = "amoeba-lottery-list/1\n\
                        date\t2026-03-02\n\
                        cutoff\t2026-03-02T09:00:00Z\n\
                        entrants\t2\n\
                        person\tP01\n\
                        order\tSO%091\torder_follower\t2026-03-02T01:00:00.500Z\n\
                        person\t张三\n\
                        order\tSO-2\tsales\t2026-03-02T08:59:59Z\n\
                        end\n";
        assert_eq!(String::from_utf8(list.canonical_bytes()).unwrap(), expected);
        assert_eq!(list.hash(), sha256(expected.as_bytes()));
    }

    #[test]
    fn any_change_to_the_list_changes_its_hash() {
        let base = FrozenList::freeze(
            &rules(),
            "2026-03-02".parse().unwrap(),
            &[ship("P01", "sales", "SO-1", "2026-03-02T09:00:00+08:00"), ship("P02", "sales", "SO-2", "2026-03-02T10:00:00+08:00")],
        )
        .unwrap();
        let h = base.hash();
        let mut a = base.clone();
        a.entries[1].person = "P03".into();
        assert_ne!(a.hash(), h);
        let mut b = base.clone();
        b.entries.pop();
        assert_ne!(b.hash(), h);
        let mut c = base.clone();
        c.entries[0].evidence[0].order_id = "SO-9".into();
        assert_ne!(c.hash(), h);
        let mut d = base.clone();
        d.entries.swap(0, 1);
        assert!(!d.is_canonical());
    }

    #[test]
    fn no_list_on_a_day_without_a_draw() {
        let r = rules();
        assert!(matches!(FrozenList::freeze(&r, "2026-03-07".parse().unwrap(), &[]), Err(LotteryError::NotWorkingDay { .. })));
    }
}
