//! Methods (1) and (4): a person's own credited result × a tiered rate
//! (marginal or retroactive), or each customer class's result × its rate;
//! then gates, accelerators or decelerators by attainment of the person's
//! target, the cap and guardrails.

use crate::incentive::adjust::{attainment, below_threshold, cap_line, guardrail_lines, step_line, unit_gates};
use crate::incentive::clawback::attribute_paid;
use crate::incentive::cx::{LineCtx, RunCx};
use crate::incentive::describe::{figure, rate, tier_lines};
use crate::incentive::inputs::PaidSale;
use crate::incentive::measure::{Base, Reader};
use crate::incentive::method::{ClassRates, Individual, Measure, Pay};
use crate::incentive::plan::{Component, Gate};
use crate::incentive::statement::{inputs, Facts, LineKind, StatementLine};
use crate::incentive::text::{equals_rounded, pct_value, yuan, Text};
use crate::money::round_money;
use crate::orders::CustomerClass;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

/// A customer class on a statement.
pub(crate) fn class_label(c: CustomerClass) -> (&'static str, &'static str) {
    match c {
        CustomerClass::New => ("新客", "new customers"),
        CustomerClass::Returning => ("老客", "returning customers"),
        CustomerClass::KeyAccount => ("大客户", "key accounts"),
        CustomerClass::Unknown => ("未识别客户", "customer unknown"),
    }
}

/// What the description of a result adds when refunds were taken out.
pub(crate) fn note(excluded: Decimal) -> (String, String) {
    if excluded.is_zero() {
        return (String::new(), String::new());
    }
    (
        format!("（已除去早先已提成销售的退款影响 {}，另行追回）", yuan(excluded)),
        format!(" (refunds of sales paid on earlier, {}, taken out: clawed back apart)", yuan(excluded)),
    )
}

fn class_lines(lctx: &LineCtx, measure: Measure, rates: &ClassRates, base: &Base) -> Vec<StatementLine> {
    let (mz, me) = measure.label();
    let mut out = Vec::new();
    for (class, v) in &base.by_class {
        let facts = base.facts_by_class.get(class).cloned().unwrap_or_default();
        let (cz, ce) = class_label(*class);
        let (text, amount, r) = match rates.get(class) {
            Some(r) if *v > Decimal::ZERO => {
                let exact = *v * *r;
                let amount = round_money(exact);
                let eq = equals_rounded(exact, amount);
                let rt = rate(measure, *r);
                (
                    Text::new(
                        format!("{cz}{mz} {} × {rt} {eq}", figure(measure, *v)),
                        format!("{me} from {ce} {} × {rt} {eq}", figure(measure, *v)),
                    ),
                    amount,
                    Some(*r),
                )
            }
            Some(r) => (
                Text::new(
                    format!("{cz}{mz} {}：不大于 0，不提成", figure(measure, *v)),
                    format!("{me} from {ce} {}: at or below 0, nothing is paid", figure(measure, *v)),
                ),
                Decimal::ZERO,
                Some(*r),
            ),
            None => (
                Text::new(
                    format!("{cz}{mz} {}：方案未给此类客户定比例，不提成", figure(measure, *v)),
                    format!("{me} from {ce} {}: the plan has no rate for this class, nothing is paid", figure(measure, *v)),
                ),
                Decimal::ZERO,
                None,
            ),
        };
        out.push(lctx.line(LineKind::Class, lctx.rule(r), inputs(&[("base", *v)]), text, facts, amount));
    }
    out
}

fn person_gate(lctx: &LineCtx, gates: &[Gate], att: Option<(Decimal, Decimal)>) -> Option<StatementLine> {
    for g in gates {
        let Gate::PersonTarget { min_pct } = g else { continue };
        match att {
            Some((_, a)) if a >= *min_pct => continue,
            Some((t, a)) => {
                let text = Text::new(
                    format!("门槛：个人目标 {} 达成 {} < {}，本项不发", yuan(t), pct_value(a), pct_value(*min_pct)),
                    format!("gate: {} of the personal target {} < {}: not paid", pct_value(a), yuan(t), pct_value(*min_pct)),
                );
                return Some(lctx.line(
                    LineKind::Gate,
                    lctx.rule(None),
                    inputs(&[("target", t), ("attainment_pct", a)]),
                    text,
                    Facts::default(),
                    Decimal::ZERO,
                ));
            }
            None => {
                let text = Text::new(
                    "门槛：本月没有个人目标，无法判断达成率，本项不发",
                    "gate: no personal target this month, so no attainment: not paid",
                );
                return Some(lctx.line(LineKind::Gate, lctx.rule(None), Vec::new(), text, Facts::default(), Decimal::ZERO));
            }
        }
    }
    None
}

/// Pays `comp` (an individual method) to everyone it covers.
pub(crate) fn individual<'a>(cx: &mut RunCx<'a>, lctx: &LineCtx<'a>, comp: &'a Component, m: &'a Individual) {
    let reader = Reader::new(&cx.idx, m.measure, &comp.who, lctx.plan, lctx.component);
    let people: BTreeSet<&'a str> = if comp.who.people.is_empty() {
        let source: Vec<&'a str> = match m.measure {
            Measure::OrderValue(_) => cx.idx.stages.keys().copied().collect(),
            _ => cx.idx.credit.keys().copied().collect(),
        };
        source.into_iter().chain(cx.idx.refunds.keys().copied()).collect()
    } else {
        comp.who.people.iter().map(String::as_str).collect()
    };
    let team: Vec<&str> = comp.who.units.iter().map(String::as_str).collect();
    let mut out: Vec<(&'a str, Vec<StatementLine>)> = Vec::new();
    let mut records: Vec<PaidSale> = Vec::new();
    for p in people {
        let Some(base) = reader.person(p) else { continue };
        if let Some(t) = comp.threshold {
            if base.total < t {
                out.push((p, vec![below_threshold(lctx, m.measure.label(), base.total, t)]));
                continue;
            }
        }
        if let Err(line) = unit_gates(&cx.idx, lctx, &comp.gates, &team) {
            out.push((p, vec![*line]));
            continue;
        }
        let att = attainment(&cx.idx, p, m.measure.code(), base.total);
        if let Some(line) = person_gate(lctx, &comp.gates, att) {
            out.push((p, vec![line]));
            continue;
        }
        let mut lines = match &m.pay {
            Pay::Tiers(t) => tier_lines(lctx, m.measure, t, base.total, &note(base.excluded), &base.facts),
            Pay::ByClass(rates) => class_lines(lctx, m.measure, rates, &base),
        };
        let earned = class_amounts(&m.pay, &base, &lines);
        let mut sum: Decimal = lines.iter().map(|l| l.amount).sum();
        if let Some(l) = step_line(lctx, att, &m.accelerators, &m.decelerators, sum) {
            sum += l.amount;
            lines.push(l);
        }
        if let Some(l) = cap_line(lctx, comp.cap, sum) {
            sum += l.amount;
            lines.push(l);
        }
        let mut roles = base.roles.clone();
        roles.extend(cx.idx.by_person.get(p).into_iter().flatten().map(|a| a.role.as_str()));
        lines.extend(guardrail_lines(&cx.idx, lctx, &comp.guardrails, &roles, &base.units, sum));
        let paid: Decimal = lines.iter().map(|l| l.amount).sum();
        let sales = reader.sales(p);
        records.extend(paid_per_sale(p, lctx, paid, &earned, &base, &sales));
        out.push((p, lines));
    }
    for (p, lines) in out {
        cx.push(p, lines);
    }
    cx.paid_sales.extend(records);
}

/// What the person earned per customer class before steps, caps and
/// guardrails (tiers: one amount for every class together, under `None`).
fn class_amounts(pay: &Pay, base: &Base, lines: &[StatementLine]) -> BTreeMap<Option<CustomerClass>, (Decimal, Decimal)> {
    match pay {
        Pay::Tiers(_) => BTreeMap::from([(None, (lines.iter().map(|l| l.amount).sum(), base.total))]),
        // One class line per class of the result, in its order.
        Pay::ByClass(_) => base.by_class.iter().zip(lines).map(|((c, v), l)| (Some(*c), (l.amount, *v))).collect(),
    }
}

/// What a person's component paid (`paid`, every line of it) on each sale
/// behind their result: each sale weighs its value × the rate its class
/// earned at (`earned`: amount and value per class); the part of `paid`
/// the sales' weights make of what was earned (all of it when the whole
/// result came from orders; a settlement's figures name no sale) is split
/// over them by largest remainder, so a later refund claws back at the
/// rate paid and never more than was paid on that sale.
fn paid_per_sale(
    person: &str,
    lctx: &LineCtx,
    paid: Decimal,
    earned: &BTreeMap<Option<CustomerClass>, (Decimal, Decimal)>,
    base: &Base,
    sales: &[(&str, CustomerClass, Decimal, Decimal)],
) -> Vec<PaidSale> {
    let total: Decimal = earned.values().map(|(a, _)| *a).sum();
    if paid <= Decimal::ZERO || total <= Decimal::ZERO || base.total <= Decimal::ZERO {
        return Vec::new();
    }
    let rate = |c: CustomerClass| {
        let (amount, value) = earned.get(&Some(c)).or_else(|| earned.get(&None)).copied().unwrap_or_default();
        if value > Decimal::ZERO {
            amount / value
        } else {
            Decimal::ZERO
        }
    };
    let weighted: Vec<(String, Decimal, Decimal)> = sales
        .iter()
        .filter(|(_, _, net, v)| *net > Decimal::ZERO && *v > Decimal::ZERO)
        .map(|(sale, c, net, v)| ((*sale).to_string(), *net, *v * rate(*c)))
        .collect();
    let weight: Decimal = weighted.iter().map(|(_, _, w)| *w).sum();
    let on_sales = round_money(paid * weight.min(total) / total).min(paid);
    if on_sales <= Decimal::ZERO {
        return Vec::new();
    }
    attribute_paid(person, lctx.plan, lctx.component, on_sales, &weighted).unwrap_or_default()
}
