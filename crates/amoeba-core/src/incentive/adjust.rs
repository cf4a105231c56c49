//! What happens to a component's amount after its method: gates (a team's
//! plan or a person's target not reached pays nothing), accelerators and
//! decelerators by attainment, the cap, and guardrails (accountability: a
//! missed metric reduces or voids the amount). Each is its own statement
//! line, rounded once, saying why. Attainment is `reporting::attainment_pct`.

use super::cx::LineCtx;
use super::index::Index;
use super::method::Step;
use super::plan::{Effect, Gate, Guardrail};
use super::statement::{inputs, FactKey, Facts, LineKind, StatementLine};
use super::text::{equals_rounded, pct, pct_value, plain, yuan, Text};
use crate::accounting::PnlLine;
use crate::money::round_money;
use crate::reporting::attainment_pct;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

/// A unit's figure on a planned line (the lines a gate may name).
fn unit_line(idx: &Index, unit: &str, line: PnlLine) -> Option<Decimal> {
    let m = idx.units.get(&(unit, idx.period))?;
    let f = &m.rolled_up;
    match line {
        PnlLine::Sales => Some(f.sales),
        PnlLine::AddedValue => Some(f.added_value),
        PnlLine::Profit => Some(f.profit),
        _ => None,
    }
}

/// Checks the unit-plan gates on `units`; `Err` is the line saying which
/// one was not met (nothing is paid).
pub(crate) fn unit_gates(idx: &Index, lctx: &LineCtx, gates: &[Gate], units: &[&str]) -> Result<(), Box<StatementLine>> {
    for g in gates {
        let Gate::UnitPlan { line, min_pct } = g else { continue };
        for u in units {
            let actual = unit_line(idx, u, *line).unwrap_or_default();
            let plan = idx.unit_plans.get(&(*u, line.as_str())).copied();
            let att = plan.and_then(|p| attainment_pct(actual, p));
            if att.is_some_and(|a| a >= *min_pct) {
                continue;
            }
            let (lz, le) = (line.label_zh(), line.label_en().to_lowercase());
            let text = match (plan, att) {
                (Some(p), Some(a)) => Text::new(
                    format!("门槛：{u} {lz} {} ÷ 计划 {} = {} < {}，本项不发", yuan(actual), yuan(p), pct_value(a), pct_value(*min_pct)),
                    format!("gate: {u} {le} {} ÷ plan {} = {} < {}: not paid", yuan(actual), yuan(p), pct_value(a), pct_value(*min_pct)),
                ),
                _ => Text::new(
                    format!("门槛：{u} 本月没有大于 0 的{lz}计划，无法判断达成率，本项不发"),
                    format!("gate: {u} has no {le} plan above 0 this month, so no attainment: not paid"),
                ),
            };
            let facts = Facts::one(FactKey::UnitLine { unit: u.to_string(), line: line.as_str().into(), month: idx.period }, 1);
            let ins = inputs(&[("actual", actual), ("plan", plan.unwrap_or_default()), ("min_pct", *min_pct)]);
            return Err(Box::new(lctx.line(LineKind::Gate, lctx.rule(None), ins, text, facts, Decimal::ZERO)));
        }
    }
    Ok(())
}

/// A threshold not reached: the line saying so.
pub(crate) fn below_threshold(lctx: &LineCtx, what: (&str, &str), result: Decimal, threshold: Decimal) -> StatementLine {
    let text = Text::new(
        format!("门槛：{} {} 未达起付线 {}，本项不发", what.0, yuan(result), yuan(threshold)),
        format!("threshold: {} {} is below {}: not paid", what.1, yuan(result), yuan(threshold)),
    );
    lctx.line(
        LineKind::Gate,
        lctx.rule(None),
        inputs(&[("result", result), ("threshold", threshold)]),
        text,
        Facts::default(),
        Decimal::ZERO,
    )
}

/// The person's attainment of their target for `measure`, if they have one.
pub(crate) fn attainment(idx: &Index, person: &str, measure: &str, result: Decimal) -> Option<(Decimal, Decimal)> {
    let target = *idx.targets.get(&(person, measure))?;
    attainment_pct(result, target).map(|a| (target, a))
}

/// The accelerator or decelerator line on `sum`, from the person's attainment.
pub(crate) fn step_line(
    lctx: &LineCtx,
    att: Option<(Decimal, Decimal)>,
    acc: &[Step],
    dec: &[Step],
    sum: Decimal,
) -> Option<StatementLine> {
    let (target, a) = att?;
    let (step, kind) = match acc.iter().rev().find(|s| a >= s.pct) {
        Some(s) => (s, LineKind::Accelerator),
        None => (dec.iter().find(|s| a < s.pct)?, LineKind::Decelerator),
    };
    let factor = step.multiplier - Decimal::ONE;
    let exact = sum * factor;
    let amount = round_money(exact);
    let (cmp, zh, en) = if kind == LineKind::Accelerator { ("≥", "加速", "accelerator") } else { ("<", "减速", "decelerator") };
    let arith = format!("{} × ({} − 1) {}", yuan(sum), plain(step.multiplier), equals_rounded(exact, amount));
    let text = Text::new(
        format!("{zh}：达成率 {} {cmp} {}，× {}：{arith}", pct_value(a), pct_value(step.pct), plain(step.multiplier)),
        format!("{en}: attainment {} {cmp} {}, × {}: {arith}", pct_value(a), pct_value(step.pct), plain(step.multiplier)),
    );
    let ins = inputs(&[("target", target), ("attainment_pct", a), ("multiplier", step.multiplier), ("amount", sum)]);
    Some(lctx.line(kind, lctx.rule(Some(step.multiplier)), ins, text, Facts::default(), amount))
}

/// The line taking off what is above the cap.
pub(crate) fn cap_line(lctx: &LineCtx, cap: Option<Decimal>, sum: Decimal) -> Option<StatementLine> {
    let cap = cap?;
    if sum <= cap {
        return None;
    }
    let over = sum - cap;
    let text = Text::new(
        format!("封顶 {}：{} − {}，扣除 {}", yuan(cap), yuan(sum), yuan(cap), yuan(-over)),
        format!("cap {}: {} − {}, so {}", yuan(cap), yuan(sum), yuan(cap), yuan(-over)),
    );
    Some(lctx.line(LineKind::Cap, lctx.rule(None), inputs(&[("cap", cap), ("amount", sum)]), text, Facts::default(), -over))
}

/// Guardrail lines for a person whose amount so far is `sum`: each
/// guardrail their roles answer for is checked on every unit the amount
/// comes from; missed in any, it reduces or voids what is left.
pub(crate) fn guardrail_lines(
    idx: &Index,
    lctx: &LineCtx,
    guardrails: &[Guardrail],
    roles: &BTreeSet<&str>,
    units: &BTreeSet<&str>,
    mut sum: Decimal,
) -> Vec<StatementLine> {
    let mut out = Vec::new();
    for g in guardrails {
        if sum <= Decimal::ZERO {
            break;
        }
        if !g.roles.is_empty() && !g.roles.iter().any(|r| roles.contains(r.as_str())) {
            continue;
        }
        let mut facts = Facts::default();
        let mut missed: Option<(&str, Decimal)> = None;
        let mut unvalued: Vec<&str> = Vec::new();
        for u in units {
            facts.add(FactKey::Metric { unit: u.to_string(), metric: g.metric.clone(), month: idx.period }, 1);
            match idx.metrics.get(&(*u, idx.period, g.metric.as_str())).copied().flatten() {
                Some(v) if g.max.is_some_and(|m| v > m) || g.min.is_some_and(|m| v < m) => {
                    missed.get_or_insert((u, v));
                }
                Some(_) => {}
                None => unvalued.push(u),
            }
        }
        let limit = match (g.max, g.min) {
            (Some(m), _) => format!("≤ {}", plain(m)),
            (None, Some(m)) => format!("≥ {}", plain(m)),
            (None, None) => String::new(),
        };
        let Some((unit, value)) = missed else {
            if !unvalued.is_empty() {
                let list = unvalued.join(", ");
                let text = Text::new(
                    format!("考核 {}（{limit}）：{list} 本月没有数值，未执行", g.metric),
                    format!("guardrail {} ({limit}): {list} has no value this month, not applied", g.metric),
                );
                out.push(lctx.line(LineKind::Guardrail, lctx.rule(None), Vec::new(), text, facts, Decimal::ZERO));
            }
            continue;
        };
        let (amount, effect_zh, effect_en, rate) = match g.effect {
            Effect::Void => (-sum, "本项作废".to_string(), "voided".to_string(), Decimal::ONE),
            Effect::Reduce(f) => {
                let exact = -(sum * f);
                let cut = round_money(exact);
                let arith = format!("{} × {} {}", yuan(-sum), pct(f), equals_rounded(exact, cut));
                (cut, format!("扣减 {}：{arith}", pct(f)), format!("reduced by {}: {arith}", pct(f)), f)
            }
        };
        let text = Text::new(
            format!("考核未达标：{unit} {} = {}，要求 {limit}，{effect_zh}", g.metric, plain(value)),
            format!("guardrail missed: {unit} {} = {}, required {limit}: {effect_en}", g.metric, plain(value)),
        );
        out.push(lctx.line(LineKind::Guardrail, lctx.rule(Some(rate)), inputs(&[("metric", value), ("amount", sum)]), text, facts, amount));
        sum += amount;
    }
    out
}
