//! [`UnitTree`]: the organisation's unit tree indexed for the engines, built
//! without trusting the organisation to be valid. A unit in a cycle or under
//! an unknown parent is reported and left out instead of looping or panicking.

use crate::org::{Org, UnitKind};
use std::collections::HashMap;

/// Why a unit was left out of the tree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    /// Two units share a code; the later one is ignored.
    #[error("unit '{0}' is defined twice; the second definition is ignored")]
    DuplicateUnit(String),
    /// The unit cannot be reached from a root (unknown parent or a cycle).
    #[error("unit '{0}' is not under any root unit (unknown parent or a cycle) and is left out of the P&L")]
    Unreachable(String),
}

/// Units reachable from a root, by index, with parent/children links and a
/// post-order (children before parents) for bottom-up roll-ups.
#[derive(Debug, Clone)]
pub struct UnitTree {
    codes: Vec<String>,
    kinds: Vec<UnitKind>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    index: HashMap<String, usize>,
    roots: Vec<usize>,
    post_order: Vec<usize>,
}

impl UnitTree {
    /// Indexes the organisation's units, returning the problems found.
    pub fn new(org: &Org) -> (Self, Vec<TreeError>) {
        let mut errors = Vec::new();
        let mut all: HashMap<&str, usize> = HashMap::new();
        let mut units = Vec::new();
        for u in &org.units {
            if all.contains_key(u.code.as_str()) {
                errors.push(TreeError::DuplicateUnit(u.code.clone()));
                continue;
            }
            all.insert(u.code.as_str(), units.len());
            units.push(u);
        }
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
        let mut raw_roots = Vec::new();
        for (i, u) in units.iter().enumerate() {
            match u.parent.as_deref() {
                None => raw_roots.push(i),
                Some(p) => {
                    if let Some(&pi) = all.get(p) {
                        kids[pi].push(i);
                    }
                }
            }
        }
        // Pre-order walk from the roots; each unit is visited at most once.
        let mut order = Vec::new();
        let mut seen = vec![false; units.len()];
        let mut stack: Vec<usize> = raw_roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            assert!(order.len() < units.len() || seen[i], "tree walk longer than the unit list");
            if seen[i] {
                continue;
            }
            seen[i] = true;
            order.push(i);
            stack.extend(kids[i].iter().rev().copied());
        }
        for (i, u) in units.iter().enumerate() {
            if !seen[i] {
                errors.push(TreeError::Unreachable(u.code.clone()));
            }
        }
        // Re-index the reachable units densely in pre-order.
        let mut new_ix = vec![usize::MAX; units.len()];
        for (n, &old) in order.iter().enumerate() {
            new_ix[old] = n;
        }
        let mut tree = UnitTree {
            codes: order.iter().map(|&i| units[i].code.clone()).collect(),
            kinds: order.iter().map(|&i| units[i].kind).collect(),
            parent: vec![None; order.len()],
            children: vec![Vec::new(); order.len()],
            index: HashMap::new(),
            roots: raw_roots.iter().map(|&i| new_ix[i]).collect(),
            post_order: Vec::with_capacity(order.len()),
        };
        for (n, &old) in order.iter().enumerate() {
            tree.index.insert(units[old].code.clone(), n);
            tree.children[n] = kids[old].iter().map(|&k| new_ix[k]).collect();
            for &k in &tree.children[n] {
                tree.parent[k] = Some(n);
            }
        }
        // In pre-order every parent precedes its children, so the reverse is
        // a valid bottom-up order.
        tree.post_order = (0..order.len()).rev().collect();
        (tree, errors)
    }

    /// Number of units in the tree.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the tree has no units.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Index of a unit code, if the unit is in the tree.
    pub fn index(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }

    /// Code of the unit at `ix`.
    pub fn code(&self, ix: usize) -> &str {
        &self.codes[ix]
    }

    /// Parent index.
    pub fn parent(&self, ix: usize) -> Option<usize> {
        self.parent[ix]
    }

    /// Direct children.
    pub fn children(&self, ix: usize) -> &[usize] {
        &self.children[ix]
    }

    /// Root units.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Every unit, children before parents.
    pub fn bottom_up(&self) -> &[usize] {
        &self.post_order
    }

    /// The unit and all units below it.
    pub fn subtree(&self, ix: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![ix];
        while let Some(i) = stack.pop() {
            assert!(out.len() < self.len(), "subtree larger than the tree");
            out.push(i);
            stack.extend(self.children[i].iter().copied());
        }
        out
    }

    /// Whether `ix` is `ancestor` or lies below it.
    pub fn is_within(&self, ix: usize, ancestor: usize) -> bool {
        let mut cur = Some(ix);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            steps += 1;
            assert!(steps <= self.len(), "parent walk longer than the tree");
            cur = self.parent[c];
        }
        false
    }

    /// Profit centres without child units: the selling amoebas that rules
    /// with no users / targets apply to. Parents are left out so that a
    /// subtree-measured driver never counts a child twice.
    pub fn leaf_profit_centres(&self) -> Vec<usize> {
        (0..self.len()).filter(|&i| self.kinds[i] == UnitKind::ProfitCentre && self.children[i].is_empty()).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::org::{Company, Unit};

    pub(crate) fn unit(code: &str, parent: Option<&str>, kind: UnitKind) -> Unit {
        Unit { code: code.into(), name: code.into(), name_en: None, kind, function: None, parent: parent.map(Into::into), area_m2: None }
    }

    #[test]
    fn indexes_reachable_units_and_reports_the_rest() {
        let mut org = Org::empty(Company::new("T", "T"));
        org.units = vec![
            unit("G", None, UnitKind::ProfitCentre),
            unit("A", Some("G"), UnitKind::ProfitCentre),
            unit("A1", Some("A"), UnitKind::ProfitCentre),
            unit("WH", Some("G"), UnitKind::ServiceCentre),
            unit("X", Some("Y"), UnitKind::ProfitCentre),
            unit("Y", Some("X"), UnitKind::ProfitCentre),
            unit("A", None, UnitKind::ProfitCentre),
        ];
        let (t, errors) = UnitTree::new(&org);
        assert_eq!(t.len(), 4);
        assert_eq!(errors.len(), 3, "{errors:?}");
        let g = t.index("G").unwrap();
        let a1 = t.index("A1").unwrap();
        assert!(t.is_within(a1, g));
        assert!(!t.is_within(g, a1));
        assert_eq!(t.subtree(t.index("A").unwrap()).len(), 2);
        let leaves: Vec<&str> = t.leaf_profit_centres().into_iter().map(|i| t.code(i)).collect();
        assert_eq!(leaves, vec!["A1"]);
        // children come before parents bottom-up
        let pos = |c: &str| t.bottom_up().iter().position(|&i| t.code(i) == c).unwrap();
        assert!(pos("A1") < pos("A") && pos("A") < pos("G"));
        assert_eq!(t.index("X"), None);
    }
}
