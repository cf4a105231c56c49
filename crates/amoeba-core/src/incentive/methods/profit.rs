//! Method (6), profit share: a share of a unit's profit (or added value)
//! over the months since the last payment (monthly, quarterly or yearly)
//! for its team. A loss pays nothing and, if the plan says so, is carried
//! forward against later shares (the run leaves the balance to the next).
//! Partner agreements pay their dividend the same way, split by the
//! partners' agreed shares.

use super::share::{split_pool, Pooled};
use crate::incentive::adjust::{cap_line, unit_gates};
use crate::incentive::cx::{LineCtx, RunCx};
use crate::incentive::error::PayError;
use crate::incentive::method::{Measure, ProfitShare, Schedule, Sharing, Split};
use crate::incentive::partner::{months_before, sum_months, PartnerAgreement};
use crate::incentive::plan::Component;
use crate::incentive::statement::{FactKey, Facts, LineKind};
use crate::incentive::text::{equals_rounded, pct, yuan, Text};
use crate::incentive::who::{party_members, team_members};
use crate::money::round_money;
use crate::period::Month;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// Whether a schedule pays in `period`.
pub(crate) fn due(schedule: Schedule, period: Month) -> bool {
    match schedule {
        Schedule::Monthly => true,
        Schedule::Quarterly => period.month().is_multiple_of(3),
        Schedule::Annually => period.month() == 12,
    }
}

/// What a profit pool is filled from.
pub(crate) struct ProfitRule {
    pub measure: Measure,
    pub subtree: bool,
    pub rate: Decimal,
    pub carry_losses: bool,
    pub schedule: Schedule,
}

/// Fills the pool of `team` from its profit, carrying losses under `key`.
pub(crate) fn profit_fill(cx: &mut RunCx, team: &str, rule: &ProfitRule, key: &str) -> (Decimal, Option<Decimal>, Text, Facts) {
    let months = months_before(cx.idx.period.next(), rule.schedule.months());
    let (first, last) = (months[0], cx.idx.period);
    let span = if first == last { first.to_string() } else { format!("{first}–{last}") };
    let mut facts = Facts::default();
    for m in &months {
        facts.add(FactKey::UnitLine { unit: team.to_string(), line: rule.measure.code().into(), month: *m }, 1);
    }
    let (mz, me) = rule.measure.label();
    let profit = match sum_months(&cx.idx.units, team, &months, rule.subtree, rule.measure) {
        Ok(p) => p,
        Err(e) => {
            return (
                Decimal::ZERO,
                None,
                Text::new(
                    format!("{team}：{}，本期不分", e.render(crate::Lang::Zh)),
                    format!("{team}: {}, nothing shared", e.render(crate::Lang::En)),
                ),
                facts,
            )
        }
    };
    let carried = cx.losses.get(key).copied().unwrap_or_default();
    let available = if rule.carry_losses { profit - carried } else { profit };
    let (mut zh, mut en) = (format!("{team} {span} {mz} {}", yuan(profit)), format!("{team} {me} {span} {}", yuan(profit)));
    if rule.carry_losses && !carried.is_zero() {
        zh.push_str(&format!(" − 结转亏损 {} = {}", yuan(carried), yuan(available)));
        en.push_str(&format!(" − loss carried {} = {}", yuan(carried), yuan(available)));
    }
    if rule.carry_losses {
        let left = (-available).max(Decimal::ZERO);
        if left.is_zero() {
            cx.losses.remove(key);
        } else {
            cx.losses.insert(key.to_string(), left);
        }
    }
    if available <= Decimal::ZERO {
        if rule.carry_losses {
            let left = -available;
            zh.push_str(&format!("：不大于 0，不分成；结转 {} 冲抵以后的分成", yuan(left)));
            en.push_str(&format!(": at or below 0, nothing shared; {} carried against later shares", yuan(left)));
        } else {
            zh.push_str("：不大于 0，不分成");
            en.push_str(": at or below 0, nothing shared");
        }
        return (Decimal::ZERO, Some(profit), Text::new(zh, en), facts);
    }
    let exact = available * rule.rate;
    let amount = round_money(exact);
    let eq = equals_rounded(exact, amount);
    zh.push_str(&format!(" × {} {eq}", pct(rule.rate)));
    en.push_str(&format!(" × {} {eq}", pct(rule.rate)));
    (amount, Some(profit), Text::new(zh, en), facts)
}

/// Pays a profit share: one pool per unit of `who.units`, when due.
pub(crate) fn profit_share<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, comp: &'a Component, p: &'a ProfitShare) -> Result<(), PayError> {
    if !due(p.schedule, cx.idx.period) {
        return Ok(());
    }
    let rule =
        ProfitRule { measure: p.measure, subtree: comp.who.subtree, rate: p.rate, carry_losses: p.carry_losses, schedule: p.schedule };
    for team in &comp.who.units {
        let scope = cx.idx.scope_of(team.as_str(), comp.who.subtree);
        let members = team_members(&cx.idx, &comp.who, &scope);
        let (mut amount, result, mut header, mut facts) = profit_fill(cx, team, &rule, &lctx.key(team));
        if let Err(gate) = unit_gates(&cx.idx, lctx, &comp.gates, &[team.as_str()]) {
            header = Text::new(format!("{}；{}", header.zh, gate.text.zh), format!("{}; {}", header.en, gate.text.en));
            facts.extend(&gate.facts);
            amount = Decimal::ZERO;
        }
        if let Some(cap) = cap_line(lctx, comp.cap, amount) {
            header = Text::new(format!("{}；{}", header.zh, cap.text.zh), format!("{}; {}", header.en, cap.text.en));
            amount += cap.amount;
        }
        let units: BTreeSet<&str> = scope.iter().copied().collect();
        let pooled = Pooled { team: team.clone(), amount, result, header, facts, kind: LineKind::PoolShare };
        split_pool(cx, lctx, pooled, &members, p.sharing, &HashMap::new(), &comp.guardrails, &units)?;
    }
    Ok(())
}

/// Pays a partner agreement's dividend, when due, by the agreed shares.
pub(crate) fn dividend<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, a: &'a PartnerAgreement) -> Result<(), PayError> {
    if !due(a.schedule, cx.idx.period) {
        return Ok(());
    }
    let rule =
        ProfitRule { measure: a.measure, subtree: a.subtree, rate: a.profit_pct, carry_losses: a.carry_losses, schedule: a.schedule };
    let scope = cx.idx.scope_of(a.unit.as_str(), a.subtree);
    let members = party_members(&cx.idx, &a.parties, &scope);
    let (amount, result, header, facts) = profit_fill(cx, &a.unit, &rule, &lctx.key(&a.unit));
    let pooled = Pooled { team: a.unit.clone(), amount, result, header, facts, kind: LineKind::Dividend };
    let sharing = Sharing { split: Split::ProjectShares, scorecard: false };
    split_pool(cx, lctx, pooled, &members, sharing, &HashMap::new(), &[], &BTreeSet::new())
}
