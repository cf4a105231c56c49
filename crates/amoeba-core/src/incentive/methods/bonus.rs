//! The special bonuses of seed 001: new-product hit (a share of a new
//! SKU's profit in the month it first sells at least the plan's figure,
//! within N days of its launch), off-season breakthrough (a share of the
//! off-season months' profit, paid in the peak month, when stock was built
//! early and turnover met its target in each of the three months before
//! the peak), and the equity / dividend trigger (a one-time grant once the
//! unit's valuation — multiple × trailing profit — reaches a threshold).

use super::share::{split_pool, Pooled};
use crate::incentive::cx::{LineCtx, RunCx};
use crate::incentive::error::PayError;
use crate::incentive::method::{EquityTrigger, Measure, NewProductHit, OffSeason};
use crate::incentive::partner::{months_before, sum_months};
use crate::incentive::plan::Component;
use crate::incentive::statement::{FactKey, Facts, LineKind, PoolRecord};
use crate::incentive::text::{equals_rounded, pct, plain, yuan, Text};
use crate::incentive::who::team_members;
use crate::money::round_money;
use crate::period::Month;
use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};

/// Whether any day of `m` falls in `[launch, launch + days)`.
fn in_window(m: Month, launch: NaiveDate, days: u32) -> bool {
    let end = launch.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX);
    m.first_day() < end && m.last_day() >= launch
}

/// Pays the new-product hit bonus of every SKU whose hit month is the period.
pub(crate) fn new_product_hit<'a>(
    cx: &mut RunCx<'a>,
    lctx: &LineCtx<'a>,
    comp: &'a Component,
    h: &'a NewProductHit,
) -> Result<(), PayError> {
    let launches: HashMap<&str, NaiveDate> = cx.idx.org.skus.iter().filter_map(|s| s.launch_date.map(|d| (s.code.as_str(), d))).collect();
    let scope = (!comp.who.units.is_empty()).then(|| cx.idx.scope(&comp.who.units, comp.who.subtree));
    let mut hits = Vec::new();
    for (sku, months) in &cx.idx.skus {
        let Some(launch) = launches.get(sku).copied() else { continue };
        let Some(hit) = months.iter().find(|m| in_window(m.month, launch, h.within_days) && m.sales >= h.min_sales) else { continue };
        if hit.month != cx.idx.period || scope.as_ref().is_some_and(|s| !s.contains(hit.unit.as_str())) {
            continue;
        }
        hits.push((*sku, launch, *hit));
    }
    for (sku, launch, hit) in hits {
        let exact = hit.profit.max(Decimal::ZERO) * h.rate;
        let amount = round_money(exact);
        let eq = equals_rounded(exact, amount);
        let header = Text::new(
            format!(
                "新品 {sku}（{launch} 上市）{} 销售额 {} ≥ {}，在上市 {} 天内打爆：利润 {} × {} {eq}",
                hit.month,
                yuan(hit.sales),
                yuan(h.min_sales),
                h.within_days,
                yuan(hit.profit),
                pct(h.rate)
            ),
            format!(
                "new product {sku} (launched {launch}) sold {} in {} ≥ {} within {} days of launch: profit {} × {} {eq}",
                yuan(hit.sales),
                hit.month,
                yuan(h.min_sales),
                h.within_days,
                yuan(hit.profit),
                pct(h.rate)
            ),
        );
        let team = cx.idx.scope_of(hit.unit.as_str(), comp.who.subtree);
        let members = team_members(&cx.idx, &comp.who, &team);
        let units: BTreeSet<&str> = team.iter().copied().collect();
        let facts = Facts::one(FactKey::Sku { sku: sku.to_string(), month: hit.month }, 1);
        let pooled = Pooled { team: sku.to_string(), amount, result: Some(hit.profit), header, facts, kind: LineKind::PoolShare };
        split_pool(cx, lctx, pooled, &members, h.sharing, &HashMap::new(), &comp.guardrails, &units)?;
    }
    Ok(())
}

/// The latest month numbered `n` before `period`.
fn latest_before(period: Month, n: u32) -> Month {
    let mut m = period.prev();
    for _ in 0..12 {
        if m.month() == n {
            break;
        }
        m = m.prev();
    }
    m
}

/// Pays the off-season breakthrough bonus in the peak month.
pub(crate) fn off_season<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, comp: &'a Component, o: &'a OffSeason) -> Result<(), PayError> {
    let period = cx.idx.period;
    if period.month() != o.peak_month {
        return Ok(());
    }
    let window = months_before(period, 3);
    let mut off: Vec<Month> = o.off_season_months.iter().map(|n| latest_before(period, *n)).collect();
    off.sort();
    off.dedup();
    for team in &comp.who.units {
        let mut facts = Facts::default();
        let mut ok = true;
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        let metric = |m: Month, code: &str| cx.idx.metrics.get(&(team.as_str(), m, code)).copied().flatten();
        let cover = metric(window[0], "days_of_cover");
        facts.add(FactKey::Metric { unit: team.clone(), metric: "days_of_cover".into(), month: window[0] }, 1);
        let cover_ok = cover.is_some_and(|c| c >= o.cover_min_days);
        ok &= cover_ok;
        let shown = cover.map(plain).unwrap_or_else(|| "-".into());
        let mark = if cover_ok { "✓" } else { "✗" };
        zh.push(format!("{} 月末可售天数 {shown} ≥ {} {mark}", window[0], plain(o.cover_min_days)));
        en.push(format!("days of cover at the end of {} {shown} ≥ {} {mark}", window[0], plain(o.cover_min_days)));
        for w in &window {
            let t = metric(*w, "turnover_days");
            facts.add(FactKey::Metric { unit: team.clone(), metric: "turnover_days".into(), month: *w }, 1);
            let t_ok = t.is_some_and(|t| t <= o.turnover_max_days);
            ok &= t_ok;
            let shown = t.map(plain).unwrap_or_else(|| "-".into());
            let mark = if t_ok { "✓" } else { "✗" };
            zh.push(format!("{w} 周转天数 {shown} ≤ {} {mark}", plain(o.turnover_max_days)));
            en.push(format!("{w} turnover days {shown} ≤ {} {mark}", plain(o.turnover_max_days)));
        }
        let profit = sum_months(&cx.idx.units, team, &off, comp.who.subtree, Measure::UnitProfit);
        for m in &off {
            facts.add(FactKey::UnitLine { unit: team.clone(), line: "profit".into(), month: *m }, 1);
        }
        let months: Vec<String> = off.iter().map(Month::to_string).collect();
        let (amount, result, tail_zh, tail_en) = match profit {
            Err(e) => (Decimal::ZERO, None, e.render(crate::Lang::Zh), e.render(crate::Lang::En)),
            Ok(p) if !ok => (Decimal::ZERO, Some(p), "条件未全部达成，不发".to_string(), "not every condition met: not paid".to_string()),
            Ok(p) if p <= Decimal::ZERO => (
                Decimal::ZERO,
                Some(p),
                format!("淡季利润 {} 不大于 0，不发", yuan(p)),
                format!("off-season profit {} is at or below 0: not paid", yuan(p)),
            ),
            Ok(p) => {
                let exact = p * o.rate;
                let amount = round_money(exact);
                let eq = equals_rounded(exact, amount);
                (
                    amount,
                    Some(p),
                    format!("淡季（{}）利润 {} × {} {eq}", months.join("、"), yuan(p), pct(o.rate)),
                    format!("off-season ({}) profit {} × {} {eq}", months.join(", "), yuan(p), pct(o.rate)),
                )
            }
        };
        let header = Text::new(
            format!("{team} 淡季突围：{}；{tail_zh}", zh.join("，")),
            format!("{team} off-season breakthrough: {}; {tail_en}", en.join(", ")),
        );
        let scope = cx.idx.scope_of(team.as_str(), comp.who.subtree);
        let members = team_members(&cx.idx, &comp.who, &scope);
        let units: BTreeSet<&str> = scope.iter().copied().collect();
        let pooled = Pooled { team: team.clone(), amount, result, header, facts, kind: LineKind::PoolShare };
        split_pool(cx, lctx, pooled, &members, o.sharing, &HashMap::new(), &comp.guardrails, &units)?;
    }
    Ok(())
}

/// Grants the equity / dividend trigger of each unit whose valuation first
/// reaches the threshold in the period (once: the run records the grant).
pub(crate) fn equity<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, comp: &'a Component, e: &'a EquityTrigger) -> Result<(), PayError> {
    let months = months_before(cx.idx.period.next(), e.trailing_months);
    for team in &comp.who.units {
        let key = lctx.key(team);
        if cx.grants.contains(&key) {
            continue;
        }
        let mut facts = Facts::default();
        for m in &months {
            facts.add(FactKey::UnitLine { unit: team.clone(), line: "profit".into(), month: *m }, 1);
        }
        let (valuation, text) = match sum_months(&cx.idx.units, team, &months, comp.who.subtree, Measure::UnitProfit) {
            Err(err) => (
                None,
                Text::new(
                    format!("{team}：{}，无法估值", err.render(crate::Lang::Zh)),
                    format!("{team}: {}, cannot be valued", err.render(crate::Lang::En)),
                ),
            ),
            Ok(t) => {
                let v = e.multiple * t;
                let cmp = if v >= e.threshold { "≥" } else { "<" };
                let text = Text::new(
                    format!(
                        "{team} 估值 = {} × 近 {} 个月利润 {} = {} {cmp} {}",
                        plain(e.multiple),
                        e.trailing_months,
                        yuan(t),
                        yuan(v),
                        yuan(e.threshold)
                    ),
                    format!(
                        "{team} valuation = {} × trailing {} months' profit {} = {} {cmp} {}",
                        plain(e.multiple),
                        e.trailing_months,
                        yuan(t),
                        yuan(v),
                        yuan(e.threshold)
                    ),
                );
                (Some(v), text)
            }
        };
        if valuation.is_none_or(|v| v < e.threshold) {
            cx.pools.push(PoolRecord {
                plan: lctx.plan.to_string(),
                version: lctx.version,
                component: lctx.component.to_string(),
                team: team.clone(),
                result: valuation,
                amount: Decimal::ZERO,
                paid_out: Decimal::ZERO,
                members: 0,
                text,
                facts,
            });
            continue;
        }
        cx.grants.insert(key);
        let scope = cx.idx.scope_of(team.as_str(), comp.who.subtree);
        let members = team_members(&cx.idx, &comp.who, &scope);
        let units: BTreeSet<&str> = scope.iter().copied().collect();
        match e.grant_cash {
            Some(cash) => {
                let header = Text::new(format!("{}：授予现金 {}", text.zh, yuan(cash)), format!("{}: cash grant {}", text.en, yuan(cash)));
                let pooled =
                    Pooled { team: team.clone(), amount: cash, result: valuation, header, facts: facts.clone(), kind: LineKind::PoolShare };
                split_pool(cx, lctx, pooled, &members, e.sharing, &HashMap::new(), &[], &units)?;
            }
            None => cx.pools.push(PoolRecord {
                plan: lctx.plan.to_string(),
                version: lctx.version,
                component: lctx.component.to_string(),
                team: team.clone(),
                result: valuation,
                amount: Decimal::ZERO,
                paid_out: Decimal::ZERO,
                members: members.len(),
                text: text.clone(),
                facts: facts.clone(),
            }),
        }
        if let Some(q) = e.grant_equity {
            for m in &members {
                let t = Text::new(
                    format!("{}：授予 {team} 股权 {}", text.zh, pct(q)),
                    format!("{}: {} of {team}'s equity granted", text.en, pct(q)),
                );
                let mut line = lctx.line(LineKind::EquityGrant, lctx.rule(Some(q)), Vec::new(), t, facts.clone(), Decimal::ZERO);
                line.equity = Some(q);
                cx.push(m.person, vec![line]);
            }
        }
    }
    Ok(())
}
