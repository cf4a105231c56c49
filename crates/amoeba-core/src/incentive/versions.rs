//! Versions of one pay plan code never share a day: a run pays a month by
//! exactly one version of each plan, and a re-run can name it.

use super::error::PayError;
use super::plan::PayPlan;
use super::validate::PlanProblem;

/// Problems of versions of one plan code sharing a day: each version that
/// overlaps an earlier-listed one, at `pay_plan.effective_from`.
pub fn check_versions(plans: &[&PayPlan]) -> Vec<PlanProblem> {
    let mut out = Vec::new();
    for (i, a) in plans.iter().enumerate() {
        for b in &plans[..i] {
            if a.code == b.code && a.effective.overlaps(&b.effective) {
                out.push(PlanProblem {
                    path: "pay_plan.effective_from".into(),
                    error: PayError::VersionsOverlap { code: a.code.clone(), version: a.version, other: b.version },
                });
            }
            if a.code == b.code && a.version == b.version && !a.effective.overlaps(&b.effective) {
                out.push(PlanProblem {
                    path: "pay_plan.version".into(),
                    error: PayError::Duplicate { code: format!("{} v{}", a.code, a.version) },
                });
            }
        }
    }
    out
}
