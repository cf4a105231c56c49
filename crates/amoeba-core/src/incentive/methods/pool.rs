//! Methods (2), (3), (7) and (8): a pool per team (each unit the component
//! names) or per project group, filled by the team's result × a (tiered)
//! rate — its members' credited result, or the unit's P&L figure — or by a
//! fixed amount; held back when the team misses its gates; capped; then
//! split by result share, role coefficient (× days or × hours), equally or
//! by agreed project shares, optionally scaled by review scores.

use super::share::{split_pool, Pooled};
use crate::incentive::adjust::{cap_line, unit_gates};
use crate::incentive::cx::{LineCtx, RunCx};
use crate::incentive::describe::{figure, pool_fill};
use crate::incentive::error::PayError;
use crate::incentive::measure::Reader;
use crate::incentive::method::{Grain, Pool, PoolSource};
use crate::incentive::partner::unit_value;
use crate::incentive::plan::Component;
use crate::incentive::statement::{FactKey, Facts, LineKind};
use crate::incentive::text::{yuan, Text};
use crate::incentive::who::{project_members, team_members, Member};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A pool's fill before it is split.
struct Fill {
    amount: Decimal,
    result: Option<Decimal>,
    header: Text,
    facts: Facts,
}

/// A team: its name, its members and the units its result is read in (`None`: any).
struct Team<'t, 'a> {
    name: &'a str,
    members: &'t [Member<'a>],
    scope: Option<HashSet<&'a str>>,
}

/// Fills `team`'s pool; each member's result goes into `results`.
fn fill<'a>(
    cx: &RunCx<'a>,
    lctx: &LineCtx<'a>,
    comp: &'a Component,
    pool: &'a Pool,
    team: Team<'_, 'a>,
    results: &mut HashMap<&'a str, Decimal>,
) -> Fill {
    let Team { name: team, members, scope } = team;
    let (measure, tiers) = match &pool.source {
        PoolSource::Fixed(a) => {
            return Fill {
                amount: *a,
                result: None,
                header: Text::new(format!("{team} 固定奖金池 {}", yuan(*a)), format!("{team} fixed pool {}", yuan(*a))),
                facts: Facts::default(),
            }
        }
        PoolSource::Result { measure, tiers } => (*measure, tiers),
    };
    let mut facts = Facts::default();
    let result = match measure.grain() {
        Grain::Person => {
            let mut reader = Reader::new(&cx.idx, measure, &comp.who, lctx.plan, lctx.component);
            if let Some(s) = scope {
                reader = reader.within(s);
            }
            let mut sum = Decimal::ZERO;
            for m in members {
                if let Some(b) = reader.person(m.person) {
                    sum += b.total;
                    facts.extend(&b.facts);
                    results.insert(m.person, b.total);
                }
            }
            sum
        }
        Grain::Unit => {
            facts.add(FactKey::UnitLine { unit: team.to_string(), line: measure.code().into(), month: cx.idx.period }, 1);
            cx.idx.units.get(&(team, cx.idx.period)).map(|u| unit_value(u, comp.who.subtree, measure)).unwrap_or_default()
        }
    };
    if let Some(t) = comp.threshold {
        if result < t {
            let (mz, me) = measure.label();
            return Fill {
                amount: Decimal::ZERO,
                result: Some(result),
                header: Text::new(
                    format!("{team} {mz} {} 未达起付线 {}，奖金池为 0", figure(measure, result), yuan(t)),
                    format!("{team} {me} {} is below the threshold {}: the pool is 0", figure(measure, result), yuan(t)),
                ),
                facts,
            };
        }
    }
    let (amount, header) = pool_fill(team, measure, tiers, result);
    Fill { amount, result: Some(result), header, facts }
}

/// Gates and the cap on a filled pool.
fn hold(cx: &RunCx, lctx: &LineCtx, comp: &Component, gate_units: &[&str], mut f: Fill) -> Fill {
    if let Err(gate) = unit_gates(&cx.idx, lctx, &comp.gates, gate_units) {
        f.header = Text::new(format!("{}；{}", f.header.zh, gate.text.zh), format!("{}; {}", f.header.en, gate.text.en));
        f.facts.extend(&gate.facts);
        f.amount = Decimal::ZERO;
    }
    if let Some(cap) = cap_line(lctx, comp.cap, f.amount) {
        f.header = Text::new(format!("{}；{}", f.header.zh, cap.text.zh), format!("{}; {}", f.header.en, cap.text.en));
        f.amount += cap.amount;
    }
    f
}

/// Pays a team pool: one pool per unit of `who.units`.
pub(crate) fn team_pool<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, comp: &'a Component, pool: &'a Pool) -> Result<(), PayError> {
    for team in &comp.who.units {
        let scope = cx.idx.scope_of(team.as_str(), comp.who.subtree);
        let members = team_members(&cx.idx, &comp.who, &scope);
        let mut results = HashMap::new();
        let f = fill(cx, lctx, comp, pool, Team { name: team.as_str(), members: &members, scope: Some(scope.clone()) }, &mut results);
        let f = hold(cx, lctx, comp, &[team.as_str()], f);
        let units: BTreeSet<&str> = scope.iter().copied().collect();
        let pooled =
            Pooled { team: team.clone(), amount: f.amount, result: f.result, header: f.header, facts: f.facts, kind: LineKind::PoolShare };
        split_pool(cx, lctx, pooled, &members, pool.sharing, &results, &comp.guardrails, &units)?;
    }
    Ok(())
}

/// Pays a project pool: one pool for the project group.
pub(crate) fn project_pool<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, comp: &'a Component, pool: &'a Pool) -> Result<(), PayError> {
    let Some(code) = comp.who.project_group.as_deref() else { return Ok(()) };
    let Some(group) = cx.idx.org.project_groups.iter().find(|g| g.code == code) else { return Ok(()) };
    let scope = (!comp.who.units.is_empty()).then(|| cx.idx.scope(&comp.who.units, comp.who.subtree));
    let all: HashSet<&str> = HashSet::new();
    let members = project_members(&cx.idx, group, scope.as_ref().unwrap_or(&all));
    if members.is_empty() {
        return Ok(());
    }
    let mut results = HashMap::new();
    let f = fill(cx, lctx, comp, pool, Team { name: group.code.as_str(), members: &members, scope: scope.clone() }, &mut results);
    let gate_units: Vec<&str> = comp.who.units.iter().map(String::as_str).collect();
    let f = hold(cx, lctx, comp, &gate_units, f);
    let units: BTreeSet<&str> = scope.map(|s| s.into_iter().collect()).unwrap_or_default();
    let pooled =
        Pooled { team: code.to_string(), amount: f.amount, result: f.result, header: f.header, facts: f.facts, kind: LineKind::PoolShare };
    split_pool(cx, lctx, pooled, &members, pool.sharing, &results, &comp.guardrails, &units)
}
