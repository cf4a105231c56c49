//! What-if: a draft plan run on real data, not saved, side by side with
//! the active plan — per person who gains, who loses, by how much, and why
//! (the difference per component), with the totals.

use super::diff::earned_by_component;
use super::error::PayError;
use super::inputs::PayInputs;
use super::plan::PayPlan;
use super::run::{run_plans, PayRun};
use crate::period::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One component's part of a person's difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentDelta {
    /// Component code (components of the same code are compared).
    pub component: String,
    /// Under the active plan.
    pub active: Decimal,
    /// Under the draft.
    pub draft: Decimal,
    /// `draft − active`.
    pub delta: Decimal,
}

/// A person's earnings under both plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDiff {
    /// Person code.
    pub person: String,
    /// Earned under the active plan.
    pub active: Decimal,
    /// Earned under the draft.
    pub draft: Decimal,
    /// `draft − active`.
    pub delta: Decimal,
    /// Why: the components that differ.
    pub why: Vec<ComponentDelta>,
}

/// A what-if comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Per person, by person code.
    pub people: Vec<PersonDiff>,
    /// Σ earned under the active plan.
    pub active_total: Decimal,
    /// Σ earned under the draft.
    pub draft_total: Decimal,
    /// `draft_total − active_total`.
    pub delta: Decimal,
    /// The draft's run (its statements explain every figure).
    pub draft_run: PayRun,
}

/// Per person, per component: (earned under `a`, earned under `d`).
fn side_by_side(a: &PayRun, d: &PayRun) -> BTreeMap<String, BTreeMap<String, (Decimal, Decimal)>> {
    let mut out: BTreeMap<String, BTreeMap<String, (Decimal, Decimal)>> = BTreeMap::new();
    for ((person, _, component), v) in earned_by_component(a) {
        out.entry(person).or_default().entry(component).or_default().0 += v;
    }
    for ((person, _, component), v) in earned_by_component(d) {
        out.entry(person).or_default().entry(component).or_default().1 += v;
    }
    out
}

/// Runs `draft` and `active` on the same inputs for `period` (the draft
/// whatever its effective dates) and compares what each person earns.
pub fn whatif<'a>(draft: &'a PayPlan, active: &'a PayPlan, inputs: &PayInputs<'a>, period: Month) -> Result<WhatIf, PayError> {
    let a = run_plans(&[active], inputs, period)?;
    let d = run_plans(&[draft], inputs, period)?;
    let mut out = Vec::new();
    for (person, comps) in side_by_side(&a, &d) {
        let why: Vec<ComponentDelta> = comps
            .iter()
            .filter(|(_, (x, y))| x != y)
            .map(|(c, (x, y))| ComponentDelta { component: c.clone(), active: *x, draft: *y, delta: *y - *x })
            .collect();
        let active: Decimal = comps.values().map(|v| v.0).sum();
        let draft: Decimal = comps.values().map(|v| v.1).sum();
        out.push(PersonDiff { person, active, draft, delta: draft - active, why });
    }
    let active_total: Decimal = out.iter().map(|d| d.active).sum();
    let draft_total: Decimal = out.iter().map(|d| d.draft).sum();
    Ok(WhatIf { people: out, active_total, draft_total, delta: draft_total - active_total, draft_run: d })
}
