//! Effective-dated ranges: roles, store ownership, SKU costs and rules all
//! apply from a date and, optionally, until a date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An inclusive range of days `[from, to]`; `to = None` means open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EffectiveRange {
    /// First day the thing applies.
    pub from: NaiveDate,
    /// Last day it applies, if it has ended.
    pub to: Option<NaiveDate>,
}

impl EffectiveRange {
    /// Builds a range, refusing one that ends before it starts.
    pub fn new(from: NaiveDate, to: Option<NaiveDate>) -> Result<Self, String> {
        if let Some(t) = to {
            if t < from {
                return Err(format!("ends on {t}, before it starts on {from}"));
            }
        }
        Ok(Self { from, to })
    }

    /// An open-ended range starting on `from`.
    pub fn since(from: NaiveDate) -> Self {
        Self { from, to: None }
    }

    /// Whether `day` falls inside the range.
    pub fn contains(&self, day: NaiveDate) -> bool {
        day >= self.from && self.to.is_none_or(|t| day <= t)
    }

    /// Whether two ranges share at least one day.
    pub fn overlaps(&self, other: &EffectiveRange) -> bool {
        let self_starts_before_other_ends = other.to.is_none_or(|t| self.from <= t);
        let other_starts_before_self_ends = self.to.is_none_or(|t| other.from <= t);
        self_starts_before_other_ends && other_starts_before_self_ends
    }
}

impl fmt::Display for EffectiveRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to {
            Some(t) => write!(f, "{}..={}", self.from, t),
            None => write!(f, "{}..", self.from),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn overlap_is_inclusive_at_both_ends() {
        let a = EffectiveRange::new(d("2026-01-01"), Some(d("2026-03-31"))).unwrap();
        let b = EffectiveRange::since(d("2026-03-31"));
        let c = EffectiveRange::since(d("2026-04-01"));
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c) && !c.overlaps(&a));
        assert!(b.overlaps(&c));
    }

    #[test]
    fn refuses_backwards_range() {
        assert!(EffectiveRange::new(d("2026-02-01"), Some(d("2026-01-31"))).is_err());
    }

    #[test]
    fn contains_respects_open_end() {
        let r = EffectiveRange::since(d("2026-01-01"));
        assert!(r.contains(d("2099-12-31")));
        assert!(!r.contains(d("2025-12-31")));
    }
}
