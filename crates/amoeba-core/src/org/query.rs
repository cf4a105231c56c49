//! Read-side questions about an organisation at a given day.

use super::model::*;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

impl Org {
    /// Looks a unit up by code.
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// Root units (no parent), in file order.
    pub fn roots(&self) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.parent.is_none()).collect()
    }

    /// Direct children of a unit, in file order.
    pub fn children(&self, code: &str) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.parent.as_deref() == Some(code)).collect()
    }

    /// The unit and every unit below it, depth-first.
    pub fn subtree(&self, code: &str) -> Vec<&Unit> {
        let mut out = Vec::new();
        let mut stack: Vec<&str> = vec![code];
        let by_parent = self.children_index();
        while let Some(c) = stack.pop() {
            if let Some(u) = self.unit(c) {
                out.push(u);
                if let Some(kids) = by_parent.get(c) {
                    for k in kids.iter().rev() {
                        stack.push(k);
                    }
                }
            }
            assert!(out.len() <= self.units.len(), "subtree walk visited more units than exist: cycle");
        }
        out
    }

    fn children_index(&self) -> HashMap<&str, Vec<&str>> {
        let mut idx: HashMap<&str, Vec<&str>> = HashMap::new();
        for u in &self.units {
            if let Some(p) = &u.parent {
                idx.entry(p.as_str()).or_default().push(u.code.as_str());
            }
        }
        idx
    }

    /// Depth of a unit in the tree (roots are 0).
    pub fn depth(&self, code: &str) -> usize {
        let mut depth = 0;
        let mut cur = self.unit(code).and_then(|u| u.parent.as_deref());
        while let Some(p) = cur {
            depth += 1;
            assert!(depth <= self.units.len(), "depth walk exceeded unit count: cycle");
            cur = self.unit(p).and_then(|u| u.parent.as_deref());
        }
        depth
    }

    /// Leader of a unit on a day, if any.
    pub fn leader_of(&self, unit: &str, day: NaiveDate) -> Option<&Person> {
        let a = self.assignments.iter().find(|a| a.leader && a.unit == unit && a.range.contains(day))?;
        self.people.iter().find(|p| p.code == a.person)
    }

    /// Assignments active in a unit on a day.
    pub fn active_assignments(&self, unit: &str, day: NaiveDate) -> Vec<&Assignment> {
        self.assignments.iter().filter(|a| a.unit == unit && a.range.contains(day)).collect()
    }

    /// Distinct people assigned directly to a unit on a day.
    pub fn headcount(&self, unit: &str, day: NaiveDate) -> usize {
        self.active_assignments(unit, day).iter().map(|a| a.person.as_str()).collect::<BTreeSet<_>>().len()
    }

    /// Distinct people assigned anywhere in the unit's subtree on a day.
    pub fn headcount_subtree(&self, unit: &str, day: NaiveDate) -> usize {
        let codes: BTreeSet<&str> = self.subtree(unit).iter().map(|u| u.code.as_str()).collect();
        self.assignments
            .iter()
            .filter(|a| codes.contains(a.unit.as_str()) && a.range.contains(day))
            .map(|a| a.person.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Unit owning a store on a day.
    pub fn store_owner(&self, store: &str, day: NaiveDate) -> Option<&str> {
        let s = self.stores.iter().find(|s| s.code == store)?;
        s.owners.iter().find(|o| o.range.contains(day)).map(|o| o.unit.as_str())
    }

    /// Landed cost of a SKU effective on a day (latest cost starting on or before it).
    pub fn sku_cost(&self, sku: &str, day: NaiveDate) -> Option<&SkuCost> {
        let s = self.skus.iter().find(|s| s.code == sku)?;
        s.costs.iter().filter(|c| c.from <= day).max_by_key(|c| c.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::EffectiveRange;
    use rust_decimal::Decimal;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn subtree_headcount_and_leaders() {
        let mut org = Org::empty(Company::new("T", "T"));
        for (c, p) in [("G", None), ("A", Some("G")), ("A1", Some("A")), ("B", Some("G"))] {
            org.units.push(Unit {
                code: c.into(),
                name: c.into(),
                name_en: None,
                kind: UnitKind::ProfitCentre,
                function: None,
                parent: p.map(Into::into),
                area_m2: None,
            });
        }
        for p in ["x", "y"] {
            org.people.push(Person { code: p.into(), name: p.into(), email: None, external: false });
        }
        org.assignments.push(Assignment {
            person: "x".into(),
            unit: "A1".into(),
            role: "operator".into(),
            range: EffectiveRange::since(d("2026-01-01")),
            coefficient: Decimal::ONE,
            leader: true,
        });
        org.assignments.push(Assignment {
            person: "y".into(),
            unit: "B".into(),
            role: "operator".into(),
            range: EffectiveRange::new(d("2026-01-01"), Some(d("2026-01-31"))).unwrap(),
            coefficient: Decimal::ONE,
            leader: false,
        });
        let codes: Vec<&str> = org.subtree("G").iter().map(|u| u.code.as_str()).collect();
        assert_eq!(codes, vec!["G", "A", "A1", "B"]);
        assert_eq!(org.headcount_subtree("G", d("2026-01-15")), 2);
        assert_eq!(org.headcount_subtree("G", d("2026-02-15")), 1);
        assert_eq!(org.leader_of("A1", d("2026-05-01")).unwrap().code, "x");
        assert_eq!(org.depth("A1"), 2);
    }
}
