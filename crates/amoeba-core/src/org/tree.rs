//! The unit tree as a nested, serialisable view: what `amoeba org show`,
//! the API and the organisation page print.

use super::model::*;
use chrono::NaiveDate;
use serde::Serialize;

/// A person as shown next to a unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRef {
    /// Person code.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// One unit with its leader, head-count and children on a given day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitNode {
    /// Unit code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// English name, if any.
    pub name_en: Option<String>,
    /// Profit or service centre.
    pub kind: UnitKind,
    /// Function / platform focus.
    pub function: Option<String>,
    /// Parent code (`None` for a root).
    pub parent: Option<String>,
    /// Depth in the tree (roots are 0).
    pub depth: usize,
    /// Leader on the day, if any.
    pub leader: Option<PersonRef>,
    /// People assigned directly to the unit on the day.
    pub headcount: usize,
    /// People assigned anywhere in the subtree on the day.
    pub headcount_total: usize,
    /// Stores the unit owns on the day.
    pub stores: Vec<String>,
    /// Child units.
    pub children: Vec<UnitNode>,
}

/// The organisation tree of a company on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrgTree {
    /// Company code.
    pub company: String,
    /// Company name.
    pub name: String,
    /// Base currency.
    pub base_currency: String,
    /// Day the tree describes.
    pub as_of: NaiveDate,
    /// Root units.
    pub units: Vec<UnitNode>,
}

impl Org {
    /// Builds the nested tree as it stands on `as_of`.
    pub fn tree(&self, as_of: NaiveDate) -> OrgTree {
        OrgTree {
            company: self.company.code.clone(),
            name: self.company.name.clone(),
            base_currency: self.company.base_currency.to_string(),
            as_of,
            units: self.roots().into_iter().map(|u| self.node(u, 0, as_of)).collect(),
        }
    }

    fn node(&self, u: &Unit, depth: usize, day: NaiveDate) -> UnitNode {
        assert!(depth <= self.units.len(), "tree deeper than the unit count: cycle");
        UnitNode {
            code: u.code.clone(),
            name: u.name.clone(),
            name_en: u.name_en.clone(),
            kind: u.kind,
            function: u.function.clone(),
            parent: u.parent.clone(),
            depth,
            leader: self.leader_of(&u.code, day).map(|p| PersonRef { code: p.code.clone(), name: p.name.clone() }),
            headcount: self.headcount(&u.code, day),
            headcount_total: self.headcount_subtree(&u.code, day),
            stores: self
                .stores
                .iter()
                .filter(|s| s.owners.iter().any(|o| o.unit == u.code && o.range.contains(day)))
                .map(|s| s.code.clone())
                .collect(),
            children: self.children(&u.code).into_iter().map(|c| self.node(c, depth + 1, day)).collect(),
        }
    }
}

impl OrgTree {
    /// Every node depth-first, for flat listings.
    pub fn flatten(&self) -> Vec<&UnitNode> {
        fn walk<'a>(n: &'a UnitNode, out: &mut Vec<&'a UnitNode>) {
            out.push(n);
            for c in &n.children {
                walk(c, out);
            }
        }
        let mut out = Vec::new();
        for u in &self.units {
            walk(u, &mut out);
        }
        out
    }
}
