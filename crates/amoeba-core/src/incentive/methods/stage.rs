//! Method (5): an order's commission paid in parts as its stages happen
//! (e.g. 30 % at contract, 30 % at shipment, 40 % at payment). Each stage
//! amount of the period (the person's credited part) pays rate × the
//! booking's part, one line per order, stage and day, in the period the
//! stage happens; a cancel takes back contract value and a refund payment,
//! at the same rate — a clawback that never takes back more than was paid
//! on the order.

use crate::incentive::adjust::{below_threshold, cap_line, guardrail_lines, unit_gates};
use crate::incentive::cx::{LineCtx, RunCx};
use crate::incentive::inputs::{PaidSale, PersonStage};
use crate::incentive::method::{Booking, StagePay};
use crate::incentive::methods::individual::class_label;
use crate::incentive::plan::Component;
use crate::incentive::statement::{inputs, FactKey, Facts, LineKind, StatementLine};
use crate::incentive::text::{equals_rounded, pct, yuan, Text};
use crate::money::round_money;
use crate::orders::{CustomerClass, Stage};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet, HashSet};

fn stage_label(s: Stage) -> (&'static str, &'static str) {
    match s {
        Stage::Contract => ("签约", "contracted"),
        Stage::Cancelled => ("取消", "cancelled"),
        Stage::Shipped => ("发货", "shipped"),
        Stage::Paid => ("回款", "paid"),
        Stage::Refunded => ("退款", "refunded"),
    }
}

type Group<'a> = (&'a str, Stage, NaiveDate, CustomerClass);

/// The lines of one order's stage amounts for a person.
fn order_lines(lctx: &LineCtx, s: &StagePay, groups: &[(Group, Decimal, u64)], paid_before: Option<Decimal>) -> Vec<StatementLine> {
    let mut lines = Vec::new();
    for ((order, stage, day, class), amount, rows) in groups {
        let booking = Booking::of(*stage);
        let Some(share) = s.stages.get(&booking).copied() else { continue };
        let facts = Facts::one(FactKey::Stage { order: (*order).to_string(), stage: *stage, day: *day }, *rows);
        let (sz, se) = stage_label(*stage);
        let (bz, be) = booking.label();
        let Some(rate) = s.rate.of(*class) else {
            let (cz, ce) = class_label(*class);
            let text = Text::new(
                format!("订单 {order} {day} {sz} {}：方案未给{cz}定比例，不提成", yuan(*amount)),
                format!("order {order} {se} on {day} {}: the plan has no rate for {ce}, nothing is paid", yuan(*amount)),
            );
            lines.push(lctx.line(LineKind::Stage, lctx.rule(None), inputs(&[("base", *amount)]), text, facts, Decimal::ZERO));
            continue;
        };
        let exact = *amount * rate * share;
        let value = round_money(exact);
        let eq = equals_rounded(exact, value);
        let kind = if value < Decimal::ZERO && paid_before.is_some() { LineKind::Clawback } else { LineKind::Stage };
        let text = Text::new(
            format!("订单 {order} {day} {sz} {} × {} × {}（{bz}部分）{eq}", yuan(*amount), pct(rate), pct(share)),
            format!("order {order} {se} on {day} {} × {} × {} ({be} part) {eq}", yuan(*amount), pct(rate), pct(share)),
        );
        let ins = inputs(&[("base", *amount), ("rate", rate), ("share", share)]);
        lines.push(lctx.line(kind, lctx.rule(Some(rate)), ins, text, facts, value));
    }
    let net: Decimal = lines.iter().map(|l| l.amount).sum();
    let before = paid_before.unwrap_or_default();
    if net < -before {
        let back = -before - net;
        let order = groups.first().map(|g| g.0 .0).unwrap_or_default();
        let text = Text::new(
            format!("订单 {order} 追回不超过已发的 {}：本期合计 {}，调回 {}", yuan(before), yuan(net), yuan(back)),
            format!(
                "order {order}: a clawback never exceeds the {} paid on it; this period's lines {}, so {} back",
                yuan(before),
                yuan(net),
                yuan(back)
            ),
        );
        lines.push(lctx.line(LineKind::Cap, lctx.rule(None), inputs(&[("paid", before), ("lines", net)]), text, Facts::default(), back));
    }
    lines
}

/// Pays `comp` (stage-based) to everyone credited on orders in scope.
pub(crate) fn stage<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, comp: &'a Component, s: &'a StagePay) {
    let roles: HashSet<&str> = comp.who.roles.iter().map(String::as_str).collect();
    let scope = (!comp.who.units.is_empty()).then(|| cx.idx.scope(&comp.who.units, comp.who.subtree));
    let named: BTreeSet<&str> = comp.who.people.iter().map(String::as_str).collect();
    let team: Vec<&str> = comp.who.units.iter().map(String::as_str).collect();
    let mut out: Vec<(&'a str, Vec<StatementLine>)> = Vec::new();
    let mut paid: Vec<PaidSale> = Vec::new();
    for (p, rows) in &cx.idx.stages {
        if !named.is_empty() && !named.contains(p) {
            continue;
        }
        let rows: Vec<&&PersonStage> = rows
            .iter()
            .filter(|r| roles.contains(r.role.as_str()) && scope.as_ref().is_none_or(|sc| sc.contains(r.unit.as_str())))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let total: Decimal = rows.iter().filter(|r| s.stages.contains_key(&Booking::of(r.stage))).map(|r| r.amount).sum();
        if let Some(t) = comp.threshold {
            if total < t {
                out.push((p, vec![below_threshold(lctx, ("阶段业绩", "stage amounts"), total, t)]));
                continue;
            }
        }
        if let Err(line) = unit_gates(&cx.idx, lctx, &comp.gates, &team) {
            out.push((p, vec![*line]));
            continue;
        }
        let mut groups: BTreeMap<&str, BTreeMap<Group, (Decimal, u64)>> = BTreeMap::new();
        for r in &rows {
            let e = groups.entry(r.order.as_str()).or_default().entry((r.order.as_str(), r.stage, r.day, r.class)).or_default();
            e.0 += r.amount;
            e.1 += 1;
        }
        let mut lines = Vec::new();
        for (order, g) in groups {
            let g: Vec<(Group, Decimal, u64)> = g.into_iter().map(|(k, (a, n))| (k, a, n)).collect();
            let before = cx.idx.paid.get(&(*p, lctx.plan, lctx.component, order)).map(|s| s.remaining());
            let ol = order_lines(lctx, s, &g, before);
            let delta: Decimal = ol.iter().map(|l| l.amount).sum();
            if !delta.is_zero() {
                let base = g.iter().filter(|(k, _, _)| k.1 == Stage::Contract).map(|(_, a, _)| *a).sum();
                paid.push(PaidSale {
                    person: (*p).to_string(),
                    plan: lctx.plan.to_string(),
                    component: lctx.component.to_string(),
                    sale: order.to_string(),
                    base,
                    paid: delta.max(Decimal::ZERO),
                    clawed: (-delta).max(Decimal::ZERO),
                });
            }
            lines.extend(ol);
        }
        let mut sum: Decimal = lines.iter().map(|l| l.amount).sum();
        if let Some(l) = cap_line(lctx, comp.cap, sum) {
            sum += l.amount;
            lines.push(l);
        }
        let mut roles_held: BTreeSet<&str> = rows.iter().map(|r| r.role.as_str()).collect();
        roles_held.extend(cx.idx.by_person.get(p).into_iter().flatten().map(|a| a.role.as_str()));
        let units: BTreeSet<&str> = rows.iter().map(|r| r.unit.as_str()).collect();
        lines.extend(guardrail_lines(&cx.idx, lctx, &comp.guardrails, &roles_held, &units, sum));
        out.push((p, lines));
    }
    for (p, lines) in out {
        cx.push(p, lines);
    }
    cx.paid_sales.extend(paid);
}
