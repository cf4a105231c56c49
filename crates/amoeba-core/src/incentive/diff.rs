//! A re-run after late data is a new version of a period's run, never an
//! edit of what was paid: [`diff_runs`] gives, per person and component,
//! the difference between the paid run and the re-run, which the current
//! period's run carries as adjustment lines (`History::adjustments`).

use super::canon::run_sha256;
use super::inputs::Adjustment;
use super::run::PayRun;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// What each person earned per (plan, component) in a run (earned lines:
/// components and clawbacks, not balances, draws or adjustments).
pub fn earned_by_component(run: &PayRun) -> BTreeMap<(String, String, String), Decimal> {
    let mut out: BTreeMap<(String, String, String), Decimal> = BTreeMap::new();
    for s in &run.statements {
        for l in s.lines.iter().filter(|l| l.kind.is_earned()) {
            *out.entry((s.person.clone(), l.plan.clone(), l.component.clone())).or_default() += l.amount;
        }
    }
    out
}

/// The differences between the paid run `old` and its re-run `new`, per
/// person and component, in person, plan and component order; only the
/// non-zero ones. Both runs are named by their SHA-256.
pub fn diff_runs(old: &PayRun, new: &PayRun) -> Vec<Adjustment> {
    let (a, b) = (earned_by_component(old), earned_by_component(new));
    let (old_run, new_run) = (run_sha256(old), run_sha256(new));
    let mut keys: Vec<&(String, String, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (o, n) = (a.get(k).copied().unwrap_or_default(), b.get(k).copied().unwrap_or_default());
            (o != n).then(|| Adjustment {
                person: k.0.clone(),
                period: new.period,
                plan: k.1.clone(),
                component: k.2.clone(),
                old: o,
                new: n,
                delta: n - o,
                old_run: old_run.clone(),
                new_run: new_run.clone(),
            })
        })
        .collect()
}
