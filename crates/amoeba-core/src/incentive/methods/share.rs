//! Splitting a pool over its members: weights by the component's split
//! (result share, role coefficient × days, coefficient × hours, equal, agreed
//! shares), scaled by review multipliers when the scorecard method is on,
//! then largest remainder — so the shares pay the pool out exactly
//! (asserted). Each member's line shows the pool, their weight and the sum
//! of weights; guardrails then apply to their share.

use crate::incentive::adjust::guardrail_lines;
use crate::incentive::cx::{LineCtx, RunCx};
use crate::incentive::error::PayError;
use crate::incentive::limits::MAX_POOL_MEMBERS;
use crate::incentive::method::Sharing;
use crate::incentive::plan::Guardrail;
use crate::incentive::statement::{FactKey, Facts, LineInput, LineKind, PoolRecord};
use crate::incentive::text::{approx, approx_yuan, plain, yuan, Text};
use crate::incentive::who::{weight, Member};
use crate::money::split_largest_remainder;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// A filled pool, ready to split.
pub(crate) struct Pooled {
    /// Unit, project group, SKU or agreement the pool is for.
    pub team: String,
    /// The pool, rounded once.
    pub amount: Decimal,
    /// The result that filled it.
    pub result: Option<Decimal>,
    /// How it was filled (and why it is 0, when it is).
    pub header: Text,
    /// Facts behind the result.
    pub facts: Facts,
    /// `PoolShare`, or `Dividend` for partners.
    pub kind: LineKind,
}

/// Splits `pool` over `members` and adds each member's line (and their
/// guardrail lines) and the pool's record to the run.
#[allow(clippy::too_many_arguments)]
pub(crate) fn split_pool<'a>(
    cx: &mut RunCx<'a>,
    lctx: &LineCtx<'a>,
    pool: Pooled,
    members: &[Member<'a>],
    sharing: Sharing,
    results: &HashMap<&str, Decimal>,
    guardrails: &[Guardrail],
    units: &BTreeSet<&str>,
) -> Result<(), PayError> {
    if members.len() > MAX_POOL_MEMBERS {
        return Err(PayError::PoolTooLarge { team: pool.team, found: members.len() });
    }
    let mut weights = Vec::with_capacity(members.len());
    let mut described = Vec::with_capacity(members.len());
    for m in members {
        let (w, wz, we) = weight(m, sharing.split, results.get(m.person).copied().unwrap_or_default());
        let (w, wz, we, mult) = if sharing.scorecard {
            match cx.idx.reviews.get(m.person).and_then(|r| r.multiplier.map(|x| (x, r.cycle.clone(), r.score))) {
                Some((x, cycle, score)) => (
                    w * x,
                    format!("{wz} × 考评系数 {}（{cycle} 得分 {}）", approx(x), plain(score)),
                    format!("{we} × review multiplier {} ({cycle} score {})", approx(x), plain(score)),
                    Some(x),
                ),
                None => (w, format!("{wz} × 1（本期无考评）"), format!("{we} × 1 (no review this cycle)"), None),
            }
        } else {
            (w, wz, we, None)
        };
        weights.push(w);
        described.push((wz, we, mult));
    }
    let total: Decimal = weights.iter().copied().sum();
    let splittable = !pool.amount.is_zero() && !total.is_zero() && !members.is_empty();
    let parts = if splittable {
        let parts = split_largest_remainder(pool.amount, &weights).map_err(|_| PayError::Negative { value: pool.amount })?;
        assert_eq!(parts.iter().copied().sum::<Decimal>(), pool.amount, "a pool pays out exactly: {}", pool.team);
        parts
    } else {
        vec![Decimal::ZERO; members.len()]
    };
    let mut text = pool.header.clone();
    if !pool.amount.is_zero() && !splittable {
        text.zh.push_str("；成员权重合计为 0，未分配");
        text.en.push_str("; every member's weight is 0, not split");
    }
    let mut lines_out = Vec::with_capacity(members.len());
    for ((m, (w, part)), (wz, we, mult)) in members.iter().zip(weights.iter().zip(parts.iter())).zip(described) {
        let mut facts = pool.facts.clone();
        if sharing.split == crate::incentive::method::Split::CoefficientHours {
            for u in units {
                facts.add(FactKey::Hours { person: m.person.to_string(), unit: u.to_string(), month: cx.idx.period }, 1);
            }
        }
        if let Some(r) = cx.idx.reviews.get(m.person).filter(|_| sharing.scorecard) {
            facts.add(FactKey::Review { person: m.person.to_string(), cycle: r.cycle.clone() }, 1);
        }
        let line_text = if splittable {
            let exact = pool.amount * *w / total;
            let tail = if exact == *part {
                format!("= {}", yuan(*part))
            } else {
                format!("= {} → {}（最大余额法）", approx_yuan(exact), yuan(*part))
            };
            let tail_en = if exact == *part {
                format!("= {}", yuan(*part))
            } else {
                format!("= {} → {} (largest remainder)", approx_yuan(exact), yuan(*part))
            };
            Text::new(
                format!("{}；奖金池 {} × 权重 {} ÷ {} {tail}（权重：{wz}）", pool.header.zh, yuan(pool.amount), approx(*w), approx(total)),
                format!(
                    "{}; pool {} × weight {} ÷ {} {tail_en} (weight: {we})",
                    pool.header.en,
                    yuan(pool.amount),
                    approx(*w),
                    approx(total)
                ),
            )
        } else {
            text.clone()
        };
        let mut ins = vec![
            LineInput { name: "pool".into(), value: pool.amount },
            LineInput { name: "weight".into(), value: *w },
            LineInput { name: "total_weight".into(), value: total },
            LineInput { name: "coefficient".into(), value: m.coefficient() },
            LineInput { name: "hours".into(), value: m.hours },
        ];
        if let Some(x) = mult {
            ins.push(LineInput { name: "score_multiplier".into(), value: x });
        }
        if let Some(r) = pool.result {
            ins.push(LineInput { name: "result".into(), value: r });
        }
        let mut lines = vec![lctx.line(pool.kind, lctx.rule(None), ins, line_text, facts, *part)];
        lines.extend(guardrail_lines(&cx.idx, lctx, guardrails, &m.roles, units, *part));
        lines_out.push((m.person, lines));
    }
    let paid_out: Decimal = parts.iter().copied().sum();
    for (p, lines) in lines_out {
        cx.push(p, lines);
    }
    cx.pools.push(PoolRecord {
        plan: lctx.plan.to_string(),
        version: lctx.version,
        component: lctx.component.to_string(),
        team: pool.team,
        result: pool.result,
        amount: pool.amount,
        paid_out,
        members: members.len(),
        text,
        facts: pool.facts,
    });
    Ok(())
}
