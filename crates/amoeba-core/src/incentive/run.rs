//! A payout run: every person's statement for a month from the plan
//! versions in force and the period's inputs — a pure function, so the
//! same inputs and versions give the same run, byte for byte
//! (`canon::run_sha256`). The run also says what it leaves to the next
//! (balances, advances, losses, grants, what was paid on each sale).

use super::awards::{award_lines, AwardRef};
use super::balance::{settle, DrawRef};
use super::clawback::clawbacks;
use super::cx::{LineCtx, RunCx};
use super::error::PayError;
use super::index::Index;
use super::inputs::{PaidSale, PayInputs};
use super::limits::MAX_PLANS_PER_RUN;
use super::method::Method;
use super::methods::{bonus, individual, pool, profit, stage};
use super::plan::{Draw, PayPlan};
use super::statement::{inputs, FactKey, Facts, LineKind, PoolRecord, Rule, Statement, StatementLine};
use super::text::{yuan, Text};
use super::validate::validate;
use super::versions::check_versions;
use crate::money::Currency;
use crate::period::Month;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A plan version a run paid by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersion {
    /// Plan code.
    pub code: String,
    /// Version.
    pub version: u32,
}

/// What a run leaves to the next: the next run's `History` is built from it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Carry {
    /// Negative balances to bring forward (≤ 0).
    pub balances: BTreeMap<String, Decimal>,
    /// Recoverable advances outstanding.
    pub advances: BTreeMap<String, Decimal>,
    /// Losses carried per profit-share key.
    pub losses: BTreeMap<String, Decimal>,
    /// Equity triggers fired so far.
    pub grants: BTreeSet<String>,
    /// This run's changes to what was paid on each sale.
    pub paid_sales: Vec<PaidSale>,
    /// The awards it paid (marked paid when it is locked). Left out of the
    /// bytes when empty, so runs of no award read as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub awards: Vec<AwardRef>,
}

/// A month's payout: one statement per person, the pools, the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayRun {
    /// The month.
    pub period: Month,
    /// The base currency of every amount.
    pub currency: Currency,
    /// The plan versions it paid by.
    pub plans: Vec<PlanVersion>,
    /// Statements, by person code.
    pub statements: Vec<Statement>,
    /// Pools as filled and split.
    pub pools: Vec<PoolRecord>,
    /// What it leaves to the next run.
    pub carry: Carry,
    /// Σ of the statements' totals: what the run pays.
    pub total: Decimal,
}

/// Every person's payout for `period` from the versions of `plans` in force
/// in it (one per plan code) and `inputs`. Refused when no version is in
/// force, two versions of one code are, or a version breaks a rule.
pub fn compute_run<'a>(plans: &'a [PayPlan], inputs: &PayInputs<'a>, period: Month) -> Result<PayRun, PayError> {
    let in_force: Vec<&'a PayPlan> = plans.iter().filter(|p| p.in_force(period)).collect();
    if in_force.is_empty() {
        return Err(PayError::NoPlanInForce { period });
    }
    run_plans(&in_force, inputs, period)
}

fn in_plan(plan: &PayPlan, path: String, problem: PayError) -> PayError {
    PayError::InPlan { plan: plan.code.clone(), version: plan.version, path, problem: Box::new(problem) }
}

/// Whom a draw covers: the people named, else those assigned in the period
/// (in its units' subtree when given, with its roles when given).
fn covered<'a>(idx: &Index<'a>, d: &'a Draw) -> BTreeSet<&'a str> {
    if !d.who.people.is_empty() {
        return d.who.people.iter().map(String::as_str).collect();
    }
    let scope = (!d.who.units.is_empty()).then(|| idx.scope(&d.who.units, d.who.subtree));
    let roles: HashSet<&str> = d.who.roles.iter().map(String::as_str).collect();
    idx.by_person
        .iter()
        .filter(|(_, asg)| {
            asg.iter().any(|a| {
                (roles.is_empty() || roles.contains(a.role.as_str())) && scope.as_ref().is_none_or(|s| s.contains(a.unit.as_str()))
            })
        })
        .map(|(p, _)| *p)
        .collect()
}

fn component<'a>(cx: &mut RunCx<'a>, plan: &'a PayPlan, comp: &'a super::plan::Component) -> Result<(), PayError> {
    let lctx = LineCtx { plan: &plan.code, version: plan.version, component: &comp.code, method: comp.method.code() };
    match &comp.method {
        Method::Individual(m) => individual::individual(cx, &lctx, comp, m),
        Method::Stage(s) => stage::stage(cx, &lctx, comp, s),
        Method::TeamPool(p) => pool::team_pool(cx, &lctx, comp, p)?,
        Method::ProjectPool(p) => pool::project_pool(cx, &lctx, comp, p)?,
        Method::ProfitShare(p) => profit::profit_share(cx, &lctx, comp, p)?,
        Method::NewProductHit(h) => bonus::new_product_hit(cx, &lctx, comp, h)?,
        Method::OffSeason(o) => bonus::off_season(cx, &lctx, comp, o)?,
        Method::EquityTrigger(e) => bonus::equity(cx, &lctx, comp, e)?,
    }
    Ok(())
}

/// The lines that carry re-run differences into this period.
fn adjustment_lines(cx: &mut RunCx) {
    let mut out = Vec::new();
    for a in &cx.history.adjustments {
        if a.delta.is_zero() {
            continue;
        }
        let text = Text::new(
            format!(
                "{} 重算（{:.8} → {:.8}）：{}/{} 原 {}，现 {}，差额 {} 计入本期",
                a.period,
                a.old_run,
                a.new_run,
                a.plan,
                a.component,
                yuan(a.old),
                yuan(a.new),
                yuan(a.delta)
            ),
            format!(
                "re-run of {} ({:.8} → {:.8}): {}/{} was {}, now {}: {} carried into this period",
                a.period,
                a.old_run,
                a.new_run,
                a.plan,
                a.component,
                yuan(a.old),
                yuan(a.new),
                yuan(a.delta)
            ),
        );
        let facts = Facts::one(FactKey::Run { period: a.period, sha256: a.new_run.clone() }, 1);
        let line = StatementLine {
            plan: a.plan.clone(),
            version: 0,
            component: a.component.clone(),
            kind: LineKind::Adjustment,
            rule: Rule { method: "adjustment".into(), ..Rule::default() },
            inputs: inputs(&[("old", a.old), ("new", a.new)]),
            text,
            facts,
            amount: a.delta,
            equity: None,
        };
        out.push((a.person.clone(), line));
    }
    for (p, l) in out {
        cx.push(&p, vec![l]);
    }
}

/// A run of exactly these plan versions (what-if runs a draft this way,
/// whatever its dates).
pub(crate) fn run_plans<'a>(plans: &[&'a PayPlan], inputs: &PayInputs<'a>, period: Month) -> Result<PayRun, PayError> {
    if plans.len() > MAX_PLANS_PER_RUN {
        return Err(PayError::TooMany { what: "plans", limit: MAX_PLANS_PER_RUN, found: plans.len() });
    }
    if let Some(p) = check_versions(plans).into_iter().next() {
        let plan = plans
            .iter()
            .find(|x| matches!(&p.error, PayError::VersionsOverlap { version, code, .. } if x.code == *code && x.version == *version));
        return Err(match plan {
            Some(plan) => in_plan(plan, p.path, p.error),
            None => p.error,
        });
    }
    for plan in plans {
        if let Some(p) = validate(plan, inputs.org).into_iter().next() {
            return Err(in_plan(plan, p.path, p.error));
        }
    }
    let mut plans: Vec<&'a PayPlan> = plans.to_vec();
    plans.sort_by(|a, b| a.code.cmp(&b.code));
    let mut cx = RunCx::new(Index::new(inputs, period), inputs.history);
    for plan in &plans {
        for comp in &plan.components {
            component(&mut cx, plan, comp)?;
        }
        for a in &plan.partners {
            let lctx = LineCtx { plan: &plan.code, version: plan.version, component: &a.code, method: "partner" };
            profit::dividend(&mut cx, &lctx, a)?;
        }
    }
    let stage_components: HashSet<(String, String)> = plans
        .iter()
        .flat_map(|p| p.components.iter().filter(|c| matches!(c.method, Method::Stage(_))).map(move |c| (p.code.clone(), c.code.clone())))
        .collect();
    let versions: BTreeMap<String, u32> = plans.iter().map(|p| (p.code.clone(), p.version)).collect();
    clawbacks(&mut cx, &stage_components, &versions);
    adjustment_lines(&mut cx);
    let awards = award_lines(&mut cx, inputs.awards, inputs.org);

    let mut draws: BTreeMap<&str, DrawRef> = BTreeMap::new();
    for plan in &plans {
        for d in &plan.draws {
            for p in covered(&cx.idx, d) {
                draws.entry(p).or_insert((plan.code.as_str(), plan.version, d));
            }
        }
    }
    let mut people: BTreeSet<String> = cx.lines.keys().cloned().collect();
    people.extend(inputs.history.balances.iter().filter(|(_, v)| !v.is_zero()).map(|(k, _)| k.clone()));
    people.extend(inputs.history.advances.iter().filter(|(_, v)| !v.is_zero()).map(|(k, _)| k.clone()));
    people.extend(draws.keys().map(|p| p.to_string()));
    let mut lines = std::mem::take(&mut cx.lines);
    let mut carry = Carry {
        losses: cx.losses.clone(),
        grants: cx.grants.clone(),
        paid_sales: std::mem::take(&mut cx.paid_sales),
        awards,
        ..Carry::default()
    };
    let mut statements = Vec::with_capacity(people.len());
    for p in &people {
        let s = settle(p, lines.remove(p).unwrap_or_default(), inputs.history, draws.get(p.as_str()).copied());
        if !s.carried_forward.is_zero() {
            carry.balances.insert(p.clone(), s.carried_forward);
        }
        if !s.advance_outstanding.is_zero() {
            carry.advances.insert(p.clone(), s.advance_outstanding);
        }
        statements.push(s);
    }
    let total: Decimal = statements.iter().map(|s| s.total).sum();
    let run = PayRun {
        period,
        currency: inputs.org.company.base_currency,
        plans: plans.iter().map(|p| PlanVersion { code: p.code.clone(), version: p.version }).collect(),
        statements,
        pools: cx.pools,
        carry,
        total,
    };
    check(&run);
    Ok(run)
}

/// The run's invariants: every statement's lines add up to its total, the
/// statements to the run's total, every pool pays out exactly (or nothing).
pub fn check(run: &PayRun) {
    for s in &run.statements {
        let sum: Decimal = s.lines.iter().map(|l| l.amount).sum();
        assert_eq!(sum, s.total, "statement of {} adds up to its total", s.person);
        for l in &s.lines {
            assert_eq!(l.amount, crate::money::round_money(l.amount), "a line is whole fen");
        }
    }
    let total: Decimal = run.statements.iter().map(|s| s.total).sum();
    assert_eq!(total, run.total, "the statements add up to the run's total");
    for p in &run.pools {
        assert!(p.paid_out == p.amount || p.paid_out.is_zero(), "pool {}/{} pays out exactly or not at all", p.component, p.team);
    }
}
