//! The state of a run while it is computed: the index, the lines per
//! person, the pools, and what the run leaves to the next (losses carried,
//! grants made, what was paid on each sale). Methods add lines here; the
//! run then settles each person's balance.

use super::index::Index;
use super::inputs::{History, PaidSale};
use super::statement::{Facts, LineInput, LineKind, PoolRecord, Rule, StatementLine};
use super::text::Text;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// Which plan version, component and method a line belongs to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineCtx<'p> {
    pub plan: &'p str,
    pub version: u32,
    pub component: &'p str,
    pub method: &'static str,
}

impl LineCtx<'_> {
    /// A line of this component.
    pub fn line(&self, kind: LineKind, rule: Rule, inputs: Vec<LineInput>, text: Text, facts: Facts, amount: Decimal) -> StatementLine {
        assert_eq!(amount, crate::money::round_money(amount), "a statement line's amount is whole fen: {amount}");
        StatementLine {
            plan: self.plan.to_string(),
            version: self.version,
            component: self.component.to_string(),
            kind,
            rule,
            inputs,
            text,
            facts,
            amount,
            equity: None,
        }
    }

    /// The rule of this method with a rate.
    pub fn rule(&self, rate: Option<Decimal>) -> Rule {
        Rule { method: self.method.to_string(), mode: None, band: None, rate }
    }

    /// The key of a pool or carried loss of this component for `team`.
    pub fn key(&self, team: &str) -> String {
        format!("{}/{}/{}", self.plan, self.component, team)
    }
}

/// A run in progress.
pub(crate) struct RunCx<'a> {
    pub idx: Index<'a>,
    pub history: &'a History,
    pub lines: BTreeMap<String, Vec<StatementLine>>,
    pub pools: Vec<PoolRecord>,
    pub losses: BTreeMap<String, Decimal>,
    pub grants: BTreeSet<String>,
    pub paid_sales: Vec<PaidSale>,
}

impl<'a> RunCx<'a> {
    /// A run over `idx` continuing `history`.
    pub fn new(idx: Index<'a>, history: &'a History) -> Self {
        Self {
            idx,
            history,
            lines: BTreeMap::new(),
            pools: Vec::new(),
            losses: history.losses.clone(),
            grants: history.grants.clone(),
            paid_sales: Vec::new(),
        }
    }

    /// Adds lines to a person's statement.
    pub fn push(&mut self, person: &str, lines: Vec<StatementLine>) {
        if lines.is_empty() {
            return;
        }
        self.lines.entry(person.to_string()).or_default().extend(lines);
    }
}
